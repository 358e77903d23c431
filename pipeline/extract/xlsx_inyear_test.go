package extract

import (
	"archive/zip"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestInYearWorkbook: the In year sheet's blocks read back, quarter ends
// across, the published figures and the position under the latest, and a
// chart on the sheet drawing from In year data, whose rows hold every
// month (a blank value where there is none).
func TestInYearWorkbook(t *testing.T) {
	db := inYearDB(t)
	tests := []struct {
		l      la
		blocks []string // a block's rows, cells joined by |
		charts int
		data   map[string]string // cell -> value on In year data
	}{
		{trafford, []string{
			rereferrals("30 Sep 2024") + " (returns as at 30 Sep 2024)",
			"Quarter end|31 Dec 2022|31 Mar 2023|30 Jun 2023|30 Sep 2023|31 Dec 2023|31 Mar 2024|30 Jun 2024|30 Sep 2024",
			"Trafford (own returns)|20.0%|23.0%|22.0%|21.0%|20.0%|23.0%|22.0%|21.0%",
			"Trafford published (2024)||||||||22.5%",
			"England (2024)||||||||21.6%",
			"North West (2024)||||||||20.1%",
			"Statistical neighbours (mean) (2024)||||||||21.2%",
			"Would rank nationally||||||||40 of 153",
			"Regional position||||||||5th of 24",
			"Quartile||||||||B",
			"",
			"Children looked after on 30 Sep 2024 (returns as at 30 Sep 2024)",
			"Quarter end|31 Dec 2023|31 Mar 2024|30 Jun 2024|30 Sep 2024",
			"Trafford (own returns)|392|383||389",
			"Trafford published (2024)||||395",
			"England (2024)",
			"North West (2024)",
			"Statistical neighbours (mean) (2024)||||372",
			"Would rank nationally||||not ranked", // a volume
		}, 2, map[string]string{
			"A4": rereferrals("31 Oct 2022"), "B4": "31 Oct 2022", "C4": "22.0%", "D4": "220", "E4": "1,000",
			"A20": rereferrals("29 Feb 2024"), "B20": "29 Feb 2024", "C20": "",
			"A28": "Children looked after on 31 Oct 2023", "C28": "390",
			"A36": "Children looked after on 30 Jun 2024", "C36": "", "H36": "83,630", "F36": "2024",
		}},
		{middlesbrough, []string{
			rereferrals("15 Oct 2024") + " (returns as at 15 Oct 2024)",
			"Quarter end|30 Jun 2024|30 Sep 2024|15 Oct 2024",
			"Middlesbrough (own returns)|28.0%|28.0%|26.0%",
			"Middlesbrough published (2024)|||26.0%",
		}, 1, map[string]string{"B10": "15 Oct 2024", "C10": "26.0%"}},
		// one month: its block, no chart
		{la{Code: "805", Name: "Hartlepool", RegionName: "North East"}, []string{
			rereferrals("30 Sep 2024") + " (returns as at 30 Sep 2024)",
			"Quarter end|30 Sep 2024",
			"Hartlepool (own returns)|18.0%",
		}, 0, map[string]string{"B4": "30 Sep 2024"}},
	}
	for _, tt := range tests {
		t.Run(tt.l.Name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "book.xlsx")
			f := excelize.NewFile()
			b := &book{f: f, styles: map[styleKey]int{}, laRows: map[string]string{}, summaryRows: map[string]int{}, sheets: 1}
			wrote, err := b.inYear(context.Background(), db, tt.l)
			if err != nil || !wrote {
				t.Fatalf("wrote %v: %v", wrote, err)
			}
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			f.Close()
			book, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer book.Close()
			if got := strings.Join(book.GetSheetList(), "|"); got != "Sheet1|In year|In year data" {
				t.Errorf("sheets %s", got)
			}
			rows, err := book.GetRows("In year")
			if err != nil {
				t.Fatal(err)
			}
			if title := rows[0][0]; !strings.Contains(title, tt.l.Name+": own figures in year, returns as at") {
				t.Errorf("title %q", title)
			}
			for i, want := range tt.blocks {
				got := ""
				if 3+i < len(rows) {
					got = strings.Join(rows[3+i], "|")
				}
				if got != want {
					t.Errorf("row %d: %q, want %q", 4+i, got, want)
				}
			}
			for ref, want := range tt.data {
				if got, _ := book.GetCellValue("In year data", ref); got != want {
					t.Errorf("In year data %s: %q, want %q", ref, got, want)
				}
			}
			charts := chartsOn(t, path, "In year")
			if len(charts) != tt.charts {
				t.Fatalf("%d charts on In year, want %d", len(charts), tt.charts)
			}
			if tt.charts == 0 {
				return
			}
			// the first chart draws the LA's months from In year data
			if !strings.Contains(charts[0], "<lineChart>") || !strings.Contains(charts[0], "&#39;In year data&#39;!$C$4:$C$") ||
				!strings.Contains(charts[0], `<dispBlanksAs val="gap"`) {
				t.Errorf("chart: %s", charts[0])
			}
		})
	}
}

// chartsOn returns the XML of the charts drawn on a sheet, following the
// workbook's relationships from the sheet to its drawing to its charts.
func chartsOn(t *testing.T, path, sheet string) []string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	read := func(name string) string {
		for _, f := range z.File {
			if f.Name == name {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				b, _ := io.ReadAll(r)
				return string(b)
			}
		}
		return ""
	}
	target := func(rels string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`Target="([^"]+)"`).FindAllStringSubmatch(rels, -1) {
			out = append(out, m[1])
		}
		return out
	}
	// the sheet's file, from the workbook's list and its relationships
	id := regexp.MustCompile(`<sheet name="` + regexp.QuoteMeta(sheet) + `" sheetId="\d+" r:id="(rId\d+)"`).FindStringSubmatch(read("xl/workbook.xml"))
	if id == nil {
		t.Fatalf("no sheet %q", sheet)
	}
	file := regexp.MustCompile(`Id="` + id[1] + `"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="` + id[1] + `"`).FindStringSubmatch(read("xl/_rels/workbook.xml.rels"))
	sheetFile := file[1] + file[2]
	sheetFile = strings.TrimPrefix(sheetFile, "/xl/")
	var charts []string
	for _, drawing := range target(read("xl/worksheets/_rels/" + filepath.Base(sheetFile) + ".rels")) {
		if !strings.Contains(drawing, "drawings/") {
			continue
		}
		for _, chart := range target(read("xl/drawings/_rels/" + filepath.Base(drawing) + ".rels")) {
			charts = append(charts, read("xl/charts/"+filepath.Base(chart)))
		}
	}
	return charts
}
