package xlsx

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// FuzzOpen: any bytes as a workbook are opened and read, or refused, never
// a panic: every sheet's table (the first non-empty row as its header) and
// its dates.
func FuzzOpen(f *testing.F) {
	book := excelize.NewFile()
	book.SetCellValue("Sheet1", "A1", "A title")
	book.SetCellValue("Sheet1", "A3", "CHILD")
	book.SetCellValue("Sheet1", "B3", "DECOM")
	book.SetCellValue("Sheet1", "A4", "566910")
	book.SetCellValue("Sheet1", "B4", time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC))
	book.MergeCell("Sheet1", "A1", "B1")
	if buf, err := book.WriteToBuffer(); err == nil {
		f.Add(buf.Bytes())
	}
	// Small caps: a mutated zip near the real caps (a gigabyte, 20 million
	// cells) takes seconds to refuse, and an input still running when
	// -fuzztime ends fails the fuzz run; the caps' own tests check them.
	cells, unzipped := MaxCells, MaxUnzipped
	MaxCells, MaxUnzipped = 200_000, 32<<20
	f.Cleanup(func() { MaxCells, MaxUnzipped = cells, unzipped })
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		wb, err := Open(path)
		if err != nil {
			return
		}
		defer wb.Close()
		for _, sheet := range wb.Sheets() {
			tab, err := wb.FindTable(sheet, func(h []string) bool { return len(nonEmpty(h)) > 0 })
			if err != nil || tab == nil {
				continue
			}
			_ = tab.Each(context.Background(), func(row int, cells []string) error {
				for i, c := range cells {
					if tab.IsDate(i) {
						tab.Date(c)
					}
				}
				return nil
			})
		}
	})
}
