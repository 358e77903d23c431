package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeBook builds a workbook with the layouts real returns use, cell by cell.
func writeBook(t *testing.T, date1904 bool, build func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	build(f)
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func set(t *testing.T, f *excelize.File, sheet string, cells map[string]any) {
	t.Helper()
	for axis, v := range cells {
		if err := f.SetCellValue(sheet, axis, v); err != nil {
			t.Fatal(err)
		}
	}
}

func dateStyle(t *testing.T, f *excelize.File) int {
	fmtStr := "dd/mm/yyyy"
	s, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStr})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rewriteEntry edits one file inside the xlsx zip: how a formula with a
// cached value (which excelize cannot write) gets into a fixture.
func rewriteEntry(t *testing.T, path, name, old, new string) {
	t.Helper()
	rebuild(t, path, func(entry string, data []byte, _ *zip.FileHeader) []byte {
		if entry != name {
			return nil
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q", name, old)
		}
		return bytes.Replace(data, []byte(old), []byte(new), 1)
	})
}

func readAll(t *testing.T, tab *Table) map[int][]string {
	out := map[int][]string{}
	if err := tab.Each(context.Background(), func(row int, cells []string) error {
		out[row] = append([]string(nil), cells...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func hasChild(h []string) bool { return slices.Contains(h, "Child ID") }

func TestFindTable(t *testing.T) {
	t.Run("title rows, text with leading zeros, dates, formula, error cell", func(t *testing.T) {
		path := writeBook(t, false, func(f *excelize.File) {
			set(t, f, "Sheet1", map[string]any{
				"A1": "Children looked after, 2025", "A2": "Provisional: not for publication",
				"A4": "Child ID", "B4": "Date of Birth", "C4": "Placements", "D4": "Double", "E4": "Team",
				"A5": "007", "B5": 42029, "C5": 3, "E5": "#N/A",
				"A7": "120", "B7": 44090, "C7": 1,
			})
			ds := dateStyle(t, f)
			f.SetCellStyle("Sheet1", "B5", "B7", ds)
			f.SetCellFormula("Sheet1", "D5", "C5*2")
		})
		rewriteEntry(t, path, "xl/worksheets/sheet1.xml", `<f>C5*2</f>`, `<f>C5*2</f><v>6</v>`)
		wb, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		tab, err := wb.FindTable("Sheet1", hasChild)
		if err != nil || tab == nil {
			t.Fatalf("FindTable = %v, %v", tab, err)
		}
		if tab.HeaderRow != 4 {
			t.Errorf("header row = %d, want 4", tab.HeaderRow)
		}
		rows := readAll(t, tab)
		if len(rows) != 2 || rows[5] == nil || rows[7] == nil {
			t.Fatalf("rows = %v; want rows 5 and 7 (6 is empty)", rows)
		}
		if rows[5][0] != "007" {
			t.Errorf("leading zeros lost: %q", rows[5][0])
		}
		if rows[5][3] != "6" {
			t.Errorf("formula cached value = %q, want 6", rows[5][3])
		}
		if !IsError(rows[5][4]) {
			t.Errorf("%q should be an error cell", rows[5][4])
		}
		if len(rows[7]) != 3 {
			t.Errorf("row 7 = %q: trailing empty cells should be trimmed", rows[7])
		}
		if !tab.IsDate(1) || tab.IsDate(2) || tab.IsDate(0) {
			t.Errorf("date columns = %v, want only B", tab.dateCol)
		}
		d, err := tab.Date(rows[5][1])
		if err != nil || d.Format("2006-01-02") != "2015-01-25" {
			t.Errorf("B5 = %v, %v; want 2015-01-25", d, err)
		}
	})
	t.Run("1904 date system", func(t *testing.T) {
		path := writeBook(t, true, func(f *excelize.File) {
			set(t, f, "Sheet1", map[string]any{"A1": "Child ID", "B1": "Start", "A2": "1", "B2": 42029 - 1462})
			f.SetCellStyle("Sheet1", "B2", "B2", dateStyle(t, f))
		})
		wb, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		tab, _ := wb.FindTable("Sheet1", hasChild)
		if !wb.Date1904 || !tab.IsDate(1) {
			t.Fatalf("Date1904 = %v, IsDate(B) = %v", wb.Date1904, tab.IsDate(1))
		}
		rows := readAll(t, tab)
		d, err := tab.Date(rows[2][1])
		if err != nil || d.Format("2006-01-02") != "2015-01-25" {
			t.Errorf("1904 serial = %v, %v; want 2015-01-25", d, err)
		}
	})
	t.Run("header merged across columns over two rows", func(t *testing.T) {
		path := writeBook(t, false, func(f *excelize.File) {
			set(t, f, "Sheet1", map[string]any{
				"A1": "Annex A: List 8",
				"A3": "Child ID", "B3": "Placement", "E3": "Legal status",
				"B4": "Start", "C4": "Type", "D4": "Postcode",
				"A5": "1", "B5": 44090, "C5": "U6", "D5": "M32 0TH", "E5": "C2",
			})
			if err := f.MergeCell("Sheet1", "B3", "D3"); err != nil {
				t.Fatal(err)
			}
			if err := f.MergeCell("Sheet1", "A3", "A4"); err != nil {
				t.Fatal(err)
			}
		})
		wb, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		var seen [][]string
		tab, err := wb.FindTable("Sheet1", func(h []string) bool {
			seen = append(seen, h)
			return slices.Contains(h, "Placement Start") && slices.Contains(h, "Child ID")
		})
		if err != nil || tab == nil {
			t.Fatalf("FindTable = %v, %v; headers tried %q", tab, err, seen)
		}
		want := []string{"Child ID", "Placement Start", "Placement Type", "Placement Postcode", "Legal status"}
		if !slices.Equal(tab.Header, want) || tab.HeaderRow != 4 {
			t.Errorf("header = %q row %d; want %q row 4", tab.Header, tab.HeaderRow, want)
		}
		if rows := readAll(t, tab); len(rows) != 1 || rows[5][2] != "U6" {
			t.Errorf("rows = %v", rows)
		}
	})
	t.Run("no matching header", func(t *testing.T) {
		path := writeBook(t, false, func(f *excelize.File) {
			set(t, f, "Sheet1", map[string]any{"A1": "Something else", "B1": "x"})
		})
		wb, _ := Open(path)
		defer wb.Close()
		if tab, err := wb.FindTable("Sheet1", hasChild); tab != nil || err != nil {
			t.Fatalf("FindTable = %v, %v; want nil, nil", tab, err)
		}
	})
}

func TestOpenRejects(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write(bytes.Repeat([]byte{' '}, 3<<20))
	zw.Close()
	tests := []struct {
		name, path, want string
		limit            int64
	}{
		{"text file", write("a.xlsx", []byte("Child ID,DOB\n1,2\n")), "not an xlsx workbook", 0},
		{"encrypted or xls", write("b.xlsx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)), "password-protected", 0},
		{"truncated zip", write("c.xlsx", []byte("PK\x03\x04 this is not the rest of a zip")), "damaged", 0},
		{"absurd size", write("d.xlsx", bomb.Bytes()), "over the 1 MiB limit", 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.limit > 0 {
				old := MaxUnzipped
				MaxUnzipped = tt.limit
				defer func() { MaxUnzipped = old }()
			}
			_, err := Open(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

// rebuild rewrites a workbook's zip entry by entry: change gives an entry's
// new bytes (nil keeps them) and may set its header (method, sizes, CRC:
// written raw, as given).
func rebuild(t *testing.T, path string, change func(name string, data []byte, h *zip.FileHeader) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		r, _ := zf.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		h := &zip.FileHeader{Name: zf.Name, Method: zip.Store}
		if d := change(zf.Name, data, h); d != nil {
			data = d
		}
		if h.CRC32 == 0 {
			h.CRC32 = crc32.ChecksumIEEE(data)
		}
		if h.UncompressedSize64 == 0 {
			h.UncompressedSize64 = uint64(len(data))
		}
		h.CompressedSize64 = uint64(len(data))
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zr.Close()
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedWorkbook: a workbook whose sheet is cut short, fails its
// checksum or holds more than its zip entry declares is refused with the
// reason, never read in part (excelize alone would load the rows before
// the damage and stop as if at the end of the sheet).
func TestDamagedWorkbook(t *testing.T) {
	build := func(t *testing.T) string {
		return writeBook(t, false, func(f *excelize.File) {
			f.SetCellValue("Sheet1", "A1", "CHILD")
			f.SetCellValue("Sheet1", "B1", "SCORE")
			for r := 2; r <= 101; r++ {
				f.SetCellValue("Sheet1", fmt.Sprintf("A%d", r), fmt.Sprintf("C%03d", r))
				f.SetCellValue("Sheet1", fmt.Sprintf("B%d", r), r)
			}
		})
	}
	const sheet = "xl/worksheets/sheet1.xml"
	tests := []struct {
		name   string
		change func(name string, data []byte, h *zip.FileHeader) []byte
		want   string
	}{
		{"sheet XML cut in half, zipped whole", func(name string, data []byte, h *zip.FileHeader) []byte {
			if name == sheet {
				return data[:len(data)/2]
			}
			return nil
		}, "part " + sheet + " "},
		{"bytes changed after the checksum was taken", func(name string, data []byte, h *zip.FileHeader) []byte {
			if name == sheet {
				h.CRC32 = crc32.ChecksumIEEE(data)
				if !bytes.Contains(data, []byte("<v>50</v>")) {
					t.Fatal("no cell holding 50 in the sheet")
				}
				return bytes.Replace(data, []byte("<v>50</v>"), []byte("<v>59</v>"), 1)
			}
			return nil
		}, "fails its checksum"},
		{"entry declares fewer bytes than it holds", func(name string, data []byte, h *zip.FileHeader) []byte {
			if name == sheet {
				h.UncompressedSize64 = uint64(len(data) - 100)
			}
			return nil
		}, "is not the size its zip entry declares"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := build(t)
			if _, err := Open(path); err != nil {
				t.Fatalf("the undamaged workbook: %v", err)
			}
			rebuild(t, path, tt.change)
			_, err := Open(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "the workbook is damaged") {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "C0") {
				t.Errorf("the reason quotes the sheet's text: %v", err)
			}
		})
	}
}

// bomb writes a workbook whose one sheet holds n empty cells: a few
// kilobytes that unzip to 12 bytes a cell.
func bomb(t testing.TB, n int) string {
	t.Helper()
	book := excelize.NewFile()
	book.SetCellValue("Sheet1", "A1", "x")
	buf, err := book.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, _ := zw.Create(zf.Name)
		if zf.Name != "xl/worksheets/sheet1.xml" {
			r, _ := zf.Open()
			io.Copy(w, r)
			r.Close()
			continue
		}
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`)
		cell := []byte(`<c r="A1"/>`)
		for i := 0; i < n; i++ {
			w.Write(cell)
		}
		io.WriteString(w, `</row></sheetData></worksheet>`)
	}
	zw.Close()
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A workbook of more cells than MaxCells is refused while its parts are
// checked, before excelize reads it.
func TestTooManyCells(t *testing.T) {
	old := MaxCells
	MaxCells = 1000
	defer func() { MaxCells = old }()
	if _, err := Open(bomb(t, 999)); err != nil {
		t.Fatalf("999 cells: %v", err)
	}
	_, err := Open(bomb(t, 1001))
	if err == nil || !strings.Contains(err.Error(), "more than 1000 cells") {
		t.Errorf("err = %v", err)
	}
}

// BenchmarkZipBomb: a small file that unzips to about 250 MB of empty
// cells (21 million, just over MaxCells) is refused; the time and memory
// are the benchmark's figures (go test -bench ZipBomb -benchmem).
func BenchmarkZipBomb(b *testing.B) {
	path := bomb(b, 21_000_000)
	info, _ := os.Stat(path)
	b.ReportMetric(float64(info.Size())/1e6, "MB_file")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Open(path); err == nil {
			b.Fatal("the bomb was opened")
		}
	}
}
