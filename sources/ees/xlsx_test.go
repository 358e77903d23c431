package ees

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// writeWorkbook writes rows to sheets; a cell text is written raw, as Excel
// stores it (so "72.099999999999994" is the number with its float artefact).
func writeWorkbook(t *testing.T, sheets map[string][][]string) string {
	t.Helper()
	f := excelize.NewFile()
	first := true
	for name, rows := range sheets {
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellDefault(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	p := filepath.Join(t.TempDir(), "ks4_characteristics.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

type sheetRow struct {
	sheet, level, code, la, brk, measure, symbol string
	row                                          int64
	value                                        float64
	valid                                        bool
}

type sheetCollect struct{ rows []sheetRow }

func collectSheet(t tables) *sheetCollect {
	c := &sheetCollect{}
	for _, r := range t.observations() {
		row, _ := strconv.ParseInt(r["source_row"], 10, 64)
		sr := sheetRow{row: row, level: r["geographic_level"], code: r["geo_code"], brk: r["breakdown"],
			measure: r["measure"], symbol: r["symbol"], sheet: r["source_sheet"], la: r["la_code"]}
		sr.value, sr.valid = num(r["value"])
		c.rows = append(c.rows, sr)
	}
	return c
}

func readWorkbook(t *testing.T, path string) (*sheetCollect, *sources.Issues, error) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer alloc.AssertSize(t, 0)
	env := &sources.Env{File: "ks4.xlsx", Geography: geography.NewResolver(geography.Builtin()), Alloc: alloc, BatchRows: 2, Issues: &sources.Issues{}}
	w := tables{}
	_, err := New().Read(context.Background(), path, env, w)
	return collectSheet(w), env.Issues, err
}

var eesHeader = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
	"old_la_code", "la_name", "school_urn", "school_laestab", "school_name", "version", "disadvantage", "avg_att8", "pt_l2basics_94"}

func TestReadWorkbook(t *testing.T) {
	path := writeWorkbook(t, map[string][][]string{
		"Notes": {{"About this table"}, {"Suppressed values are left blank."}},
		"Data": {
			{"KS4 attainment by disadvantage, 2018/19"}, // a title above the header
			eesHeader,
			{"201819", "Academic year", "National", "E92000001", "England", "", "", "", "", "", "Revised", "Disadvantaged", "36.799999999999997", "44.9"},
			{"201819", "Academic year", "Local authority", "E92000001", "England", "358", "Trafford", "", "", "", "Revised", "Disadvantaged", "", "72.099999999999994"},
			{"201819", "Academic year", "School", "E92000001", "England", "", "", "106378", "3584001", "A school", "Revised", "Disadvantaged", "41.2", "c"},
			{"201819", "Academic year", "School", "E92000001", "England", "", "", "199999", "9994001", "Unknown LA school", "Revised", "Disadvantaged", "40", "50"},
			{"201819", "Academic year", "Local authority", "E92000001", "England", "358", "Trafford", "", "", "", "Revised", "Disadvantaged all other", "58.7"}, // trailing cell left out
		},
	})
	c, issues, err := readWorkbook(t, path)
	if err != nil {
		t.Fatal(err)
	}
	find := func(row int64, measure string) sheetRow {
		for _, r := range c.rows {
			if r.row == row && r.measure == measure {
				return r
			}
		}
		t.Fatalf("no row %d %s", row, measure)
		return sheetRow{}
	}
	brk := func(d string) string { return `{"disadvantage":"` + d + `","version":"Revised"}` }
	tests := []struct {
		name    string
		row     int64
		measure string
		want    sheetRow
	}{
		{"float artefact is the published figure", 3, "avg_att8", sheetRow{level: "national", code: "E92000001", value: 36.8, valid: true}},
		{"blank suppressed cell is NULL", 4, "avg_att8", sheetRow{level: "la", code: "358", la: "358"}},
		{"percentage with artefact", 4, "pt_l2basics_94", sheetRow{level: "la", code: "358", la: "358", value: 72.1, valid: true}},
		{"school keyed by URN, LA from LAESTAB", 5, "avg_att8", sheetRow{level: "school", code: "106378", la: "358", value: 41.2, valid: true}},
		{"suppressed symbol", 5, "pt_l2basics_94", sheetRow{level: "school", code: "106378", la: "358", symbol: "c"}},
		{"school whose LA is unknown is kept", 6, "avg_att8", sheetRow{level: "school", code: "199999", value: 40, valid: true}},
		{"missing trailing cell is NULL", 7, "pt_l2basics_94", sheetRow{level: "la", code: "358", la: "358"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := find(tt.row, tt.measure)
			tt.want.row, tt.want.measure, tt.want.sheet = tt.row, tt.measure, "Data"
			d := "Disadvantaged"
			if tt.row == 7 {
				d = "Disadvantaged all other"
			}
			tt.want.brk = brk(d)
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if len(issues.List) != 1 {
		t.Fatalf("issues = %+v, want one", issues.List)
	}
	if i := issues.List[0]; i.Sheet != "Data" || i.Row != 6 || i.Column != "I" || i.Rule != "unknown_la" {
		t.Errorf("issue = %+v, want sheet Data row 6 column I (school_laestab) unknown_la", i)
	}
}

func TestReadWorkbookRejects(t *testing.T) {
	tests := []struct {
		name   string
		sheets map[string][][]string
		want   string
	}{
		{"no EES sheet", map[string][][]string{"Notes": {{"nothing here"}}}, "no sheet has an EES header"},
		{"value beyond the header", map[string][][]string{"Data": {
			eesHeader,
			{"201819", "Academic year", "National", "E92000001", "England", "", "", "", "", "", "Revised", "Disadvantaged", "36.8", "44.9", "stray"},
		}}, `sheet "Data": row 2 column O has a value but the header has no column there`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readWorkbook(t, writeWorkbook(t, tt.sheets))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestRecogniseWorkbook(t *testing.T) {
	s := &sources.Sample{Path: "ks4.xlsx", Sheets: map[string][][]string{
		"Notes": {{"About"}},
		"Data":  {{"a title"}, eesHeader},
	}}
	if !New().Recognise(s) {
		t.Error("a workbook with an EES header below a title is not recognised")
	}
	s.Sheets = map[string][][]string{"Data": {{"URN", "School name"}}}
	if New().Recognise(s) {
		t.Error("a workbook without an EES header is recognised")
	}
}
