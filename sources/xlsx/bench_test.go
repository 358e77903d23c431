package xlsx

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const benchRows, benchCols = 100_000, 20

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// benchBook writes a 100,000 x 20 sheet once (codes, numbers, dates), the
// size of a large Annex A list or a pooled SSDA903 sheet.
func benchBook(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "yardstick-xlsx-bench")
		if err != nil {
			benchErr = err
			return
		}
		benchPath = filepath.Join(dir, "big.xlsx")
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			benchErr = err
			return
		}
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		row := make([]any, benchCols)
		for c := range row {
			row[c] = fmt.Sprintf("Column %d", c+1)
		}
		sw.SetRow("A1", row)
		day := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
		for r := 0; r < benchRows; r++ {
			row := make([]any, benchCols)
			for c := range row {
				switch c % 4 {
				case 0:
					row[c] = fmt.Sprintf("%07d", r)
				case 1:
					row[c] = r % 97
				case 2:
					row[c] = excelize.Cell{StyleID: style, Value: day.AddDate(0, 0, r%365)}
				default:
					row[c] = "a) WBRI"
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if benchErr = sw.SetRow(cell, row); benchErr != nil {
				return
			}
		}
		if benchErr = sw.Flush(); benchErr == nil {
			benchErr = f.SaveAs(benchPath)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

// BenchmarkTableEach is yardstick's reader: header found, date columns
// detected, every row visited.
func BenchmarkTableEach(b *testing.B) {
	path := benchBook(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		wb, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		t, err := wb.FindTable("Sheet1", func(h []string) bool { return len(h) == benchCols })
		if err != nil || t == nil {
			b.Fatal(t, err)
		}
		cells := 0
		if err := t.Each(context.Background(), func(_ int, c []string) error { cells += len(c); return nil }); err != nil {
			b.Fatal(err)
		}
		wb.Close()
		if cells != benchRows*benchCols {
			b.Fatalf("%d cells", cells)
		}
	}
	b.ReportMetric(float64(benchRows*benchCols*b.N)/b.Elapsed().Seconds(), "cells/s")
}

// BenchmarkExcelizeRaw is excelize's own streaming rate with raw values: the
// floor yardstick's reader is measured against.
func BenchmarkExcelizeRaw(b *testing.B) {
	path := benchBook(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, _ := f.Rows("Sheet1")
		for rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
				b.Fatal(err)
			}
		}
		rows.Close()
		f.Close()
	}
	b.ReportMetric(float64((benchRows+1)*benchCols*b.N)/b.Elapsed().Seconds(), "cells/s")
}
