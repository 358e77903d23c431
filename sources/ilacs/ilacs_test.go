package ilacs

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/ods"
	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

const real = "../../../shared/data/published/ofsted/ofsted_LA_Inspection_Outcomes_as_at_31_March_2025.ods"

// TestRealFile reads Ofsted's published ODS: its three judgement sheets
// (title rows above each header), not its cover, contents or notes. The
// rows are as checked by hand in LibreOffice.
func TestRealFile(t *testing.T) {
	if _, err := os.Stat(real); err != nil {
		t.Skipf("real data not found at %s: skipping", real)
	}
	sheets, _, err := ods.Sample(context.Background(), real, 20)
	if err != nil {
		t.Fatal(err)
	}
	if !(Source{}).Recognise(&sources.Sample{Path: real, Sheets: sheets}) {
		t.Fatal("not recognised")
	}
	res := sourcetest.Run(t, Source{}, real, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	// 153 + 112 + 271 rows with an LA under the three headers (counted
	// with a separate XML parse of content.xml)
	if res.Rows != 536 || len(res.Issues) != 0 {
		t.Errorf("%d rows, issues %+v", res.Rows, res.Issues)
	}
	if res.Note != "ILACS judgements from sheets Inspections_as_at_31_March (153 rows), In-year_inspections (112 rows), ILACS_inspection_history (271 rows)" {
		t.Errorf("note %q", res.Note)
	}
	find := func(sheet, row string) map[string]string {
		for _, r := range res.Tables[Table] {
			if r["source_sheet"] == sheet && r["source_row"] == row {
				return r
			}
		}
		t.Fatalf("no row %s of %s", row, sheet)
		return nil
	}
	tests := []struct{ name, sheet, row, want string }{
		// Trafford's standard inspection, November 2022: Requires
		// improvement in every judgement, no care-leaver judgement (before
		// 2023 there was none)
		{"history", "ILACS_inspection_history", "244",
			"358|E08000009|Trafford|2022-11-21|2023-01-31|ILACS Standard Inspection|Requires improvement to be good|3|Requires improvement to be good|Requires improvement to be good|Requires improvement to be good|"},
		// Bolton as at 31 March: no inspection type column
		{"as at 31 March", "Inspections_as_at_31_March", "13",
			"350|E08000001|Bolton|2023-09-11|2023-10-27||Good|2|Good|Requires improvement to be good|Good|Good"},
		// a focused visit judges nothing
		{"focused visit", "In-year_inspections", "103",
			"358|E08000009|Trafford|2024-07-02|2024-08-01|ILACS Focused Visit||||||"},
	}
	cols := []string{"la_code", "la_code_new", "la_name", "inspection_date", "publication_date", "inspection_type",
		"overall_effectiveness", "overall_grade", "leadership", "help_and_protection", "children_in_care", "care_leavers"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := find(tt.sheet, tt.row)
			var got []string
			for _, c := range cols {
				got = append(got, r[c])
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}

func TestIsHeader(t *testing.T) {
	tests := []struct {
		row  []string
		want bool
	}{
		{[]string{"Web link", "Local authority area code", "Local authority name", "Inspection/Visit date", "Overall effectiveness"}, true},
		{[]string{"Local  Authority Area Code ", "Inspection date", "OVERALL EFFECTIVENESS"}, true},
		{[]string{"Local authority area code", "Inspection date"}, false},
		{[]string{"URN", "Overall effectiveness", "LAESTAB"}, false},
	}
	for _, tt := range tests {
		if got := isHeader(tt.row); got != tt.want {
			t.Errorf("isHeader(%q) = %v", tt.row, got)
		}
	}
}
