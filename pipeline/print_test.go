package pipeline

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The printed workbook (issue 26): pages a committee paper can take as
// they are. A cell's text fits its column, or wraps in a row tall enough,
// wherever the cell to its right is not empty (text runs on into an empty
// one); a sheet that shows a published symbol explains it in a footnote;
// and Trafford's workbook from the real files prints on at most 60 pages.

// Text is measured as characters (an approximation good for Arial and
// for LibreOffice's substitute, DejaVu Sans), in Excel's width unit (the
// default font's digit): 1.1 a character on a line, 1.15 bold, plus a
// unit of padding; wrapped prose averages narrower letters, 0.9.
const (
	testCharWidth = 1.1
	testBoldWidth = 1.15
	testPadding   = 1.0
	testWrapWidth = 0.9
)

// TestWorkbookLayout: no cell's text is clipped by the cell beside it, no
// wrapped text is taller than its row, and every sheet with a symbol
// explains it; over the ranking golden case, the provisional one (the
// Provisional, In year and Validation sheets) and Trafford's workbook
// from the real files.
func TestWorkbookLayout(t *testing.T) {
	tests := []struct {
		name string
		book func(t *testing.T) string
	}{
		{"ranking case", func(t *testing.T) string {
			cfg := extractCase(t)
			mustRun(t, cfg, Options{})
			return filepath.Join(cfg.Dir(), "out", "806_middlesbrough_benchmarks.xlsx")
		}},
		{"provisional case", func(t *testing.T) string {
			t.Setenv("YARDSTICK_PSEUDO_KEY", "provisional-golden-case-key")
			inputs, err := filepath.Abs("../testdata/benchmark/provisional/inputs")
			if err != nil {
				t.Fatal(err)
			}
			cfg := runYAML(t, t.TempDir(), "inputs: ["+inputs+"]\nhome_la: \"806\"\ncollection_year: 2026\nextracts:\n  - la: \"806\"\n    formats: [xlsx]\n    out: out\n")
			return filepath.Join(cfg.Dir(), "out", "806_middlesbrough_benchmarks.xlsx")
		}},
		{"Trafford, real files", func(t *testing.T) string {
			return traffordPath(t, realWarehouse(t), t.TempDir())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := excelize.OpenFile(tt.book(t))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for _, sheet := range f.GetSheetList() {
				checkCellsFit(t, f, sheet)
				checkSymbolFootnote(t, f, sheet)
			}
		})
	}
}

// TestRealWorkbookPrints renders Trafford's whole workbook from the real
// files as a clerk prints it (LibreOffice, headless, to PDF): at most 60
// pages (471 before issue 26, the Rankings sheet's 18,000 rows among
// them). Skips where LibreOffice or the real data is missing.
func TestRealWorkbookPrints(t *testing.T) {
	cfg := realWarehouse(t)
	out := t.TempDir()
	pages := printedPages(t, traffordPath(t, cfg, out))
	t.Logf("Trafford's workbook prints on %d pages", pages)
	if pages < 10 || pages > 60 {
		t.Errorf("Trafford's workbook prints on %d pages, want at most 60 (and its sheets: 10 or more)", pages)
	}
}

// printedPages prints a workbook as a clerk does (LibreOffice, headless,
// to PDF, beside it) and counts the PDF's pages; it skips the test where
// LibreOffice is missing (.ci/run installs it).
func printedPages(t *testing.T, book string) int {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) not found: skipping the print test; apt-get install libreoffice-calc-nogui")
	}
	dir := filepath.Dir(book)
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(t.TempDir(), "profile"),
		"--convert-to", "pdf", "--outdir", dir, book)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf, err := os.ReadFile(strings.TrimSuffix(book, ".xlsx") + ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
}

// traffordPath writes Trafford's workbook from the warehouse into out and
// returns its path.
func traffordPath(t *testing.T, cfg *Config, out string) string {
	t.Helper()
	res, err := Extract(context.Background(), cfg, ExtractConfig{LA: "358", Formats: []string{"xlsx"}, Out: out})
	if err != nil || len(res) != 1 || len(res[0].Paths) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	return res[0].Paths[0]
}

// checkCellsFit reads back a sheet's column widths, merged ranges, styles
// and row heights against the text each cell shows.
func checkCellsFit(t *testing.T, f *excelize.File, sheet string) {
	t.Helper()
	rows, err := f.GetRows(sheet) // as displayed: number formats applied
	if err != nil {
		t.Fatal(err)
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	span := map[string]int{} // top-left cell -> last column of its merge
	covered := map[string]bool{}
	for _, m := range merges {
		c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		span[m.GetStartAxis()] = c2
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if c != c1 || r != r1 {
					covered[cell(c, r)] = true
				}
			}
		}
	}
	widths := map[int]float64{}
	width := func(col int) float64 {
		if w, ok := widths[col]; ok {
			return w
		}
		name, _ := excelize.ColumnNumberToName(col)
		w, err := f.GetColWidth(sheet, name)
		if err != nil {
			t.Fatal(err)
		}
		widths[col] = w
		return w
	}
	styles := map[int]*excelize.Style{}
	failures := 0
	fail := func(format string, args ...any) {
		if failures++; failures <= 10 {
			t.Errorf(sheet+" "+format, args...)
		}
	}
	for r, row := range rows {
		for c, text := range row {
			ref := cell(c+1, r+1)
			if text == "" || covered[ref] {
				continue
			}
			last := c + 1
			if end, ok := span[ref]; ok {
				last = end
			}
			room := 0.0
			for col := c + 1; col <= last; col++ {
				room += width(col)
			}
			id, err := f.GetCellStyle(sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			st, ok := styles[id]
			if !ok {
				if st, err = f.GetStyle(id); err != nil {
					t.Fatal(err)
				}
				styles[id] = st
			}
			per, size, wrap := testCharWidth, 10.0, false
			if st.Font != nil {
				if st.Font.Bold {
					per = testBoldWidth
				}
				if st.Font.Size > 0 {
					size = st.Font.Size
				}
			}
			per *= size / 10
			if st.Alignment != nil {
				wrap = st.Alignment.WrapText
			}
			if wrap {
				// every word fits on a line, and the row holds the lines
				pw, line := per*testWrapWidth/testCharWidth, room-testPadding
				lines := 0
				for _, para := range strings.Split(text, "\n") {
					lines++
					used := 0.0
					for _, word := range strings.Fields(para) {
						n := float64(utf8.RuneCountInString(word))
						if n <= 20 && n*per > line { // longer: a file name, a code, wrapped within itself
							fail("%s: the word %q (%.1f wide) is cut in a column %.1f wide", ref, word, n*per, room)
						}
						switch w := n * pw; {
						case used == 0:
							used = w
						case used+pw+w <= line:
							used += pw + w
						default:
							lines++
							used = w
						}
						for ; used > line; used -= line {
							lines++
						}
					}
				}
				h, err := f.GetRowHeight(sheet, r+1)
				if err != nil {
					t.Fatal(err)
				}
				if need := float64(lines) * size * 1.2; lines > 1 && h < need {
					fail("%s: %q takes %d lines, %.0f points, in a row %.1f points tall", ref, text, lines, need, h)
				}
				continue
			}
			if last >= len(row) || row[last] == "" {
				continue // runs on into an empty cell
			}
			// a figure at the right of its cell and text at the left of
			// the next, with no indent between them, read as one ("153
			// 7th of 24" as "1537th of 24")
			if right := align(st); right == "right" || right == "" && isNumber(text) {
				next := cell(last+1, r+1)
				id, _ := f.GetCellStyle(sheet, next)
				nst, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				if a := align(nst); (a == "left" || a == "" && !isNumber(row[last])) && (nst.Alignment == nil || nst.Alignment.Indent == 0) {
					fail("%s: %q at the right of its cell runs into %q at the left of %s", ref, text, row[last], next)
				}
			}
			if need := float64(utf8.RuneCountInString(text))*per + testPadding; need > room {
				fail("%s: %q needs %.1f, its column is %.1f wide, and %s beside it holds %q", ref, text, need, room, cell(last+1, r+1), row[last])
			}
		}
	}
	if failures > 10 {
		t.Errorf("%s: %d cells in all", sheet, failures)
	}
}

// checkSymbolFootnote: a sheet that shows a published symbol in place of
// a figure explains each such symbol in its footnote ("Symbols: x = ...").
func checkSymbolFootnote(t *testing.T, f *excelize.File, sheet string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]string{}
	note := ""
	for r, row := range rows {
		for c, v := range row {
			switch {
			case v == "x" || v == "c":
				used[v] = cell(c+1, r+1)
			case strings.HasPrefix(v, "Symbols: "):
				note = v
			}
		}
	}
	for code, ref := range used {
		if !strings.Contains(note, code+" = ") {
			t.Errorf("%s shows %q (%s) and its footnote %q does not explain it", sheet, code, ref, note)
		}
	}
}

// align is a style's horizontal alignment, "" for Excel's general one
// (numbers right, text left).
func align(st *excelize.Style) string {
	if st.Alignment == nil {
		return ""
	}
	return st.Alignment.Horizontal
}

// isNumber says whether a displayed value is a figure: digits, with a
// sign, separators, a decimal point or a unit after them.
var isNumber = regexp.MustCompile(`^[-+]?[0-9][0-9,]*(\.[0-9]+)?(%| pp)?$`).MatchString
