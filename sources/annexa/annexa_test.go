package annexa

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

const sample = "../../../shared/data/returns/annex_a/Annex_A_2024_Jan.xlsx"

func realSample(t *testing.T) string {
	if _, err := os.Stat(sample); err != nil {
		t.Skipf("real data not found (%v): run with ../shared beside the project", err)
	}
	return sample
}

// TestRealSample: every list of Social Finance's sample workbook, with its
// rows counted in Excel and its deliberate problems at their cells.
func TestRealSample(t *testing.T) {
	r := sourcetest.Run(t, Source{}, realSample(t), sourcetest.Returns(t, "Trafford", 0))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	want := map[int]int{1: 5, 2: 5, 3: 6, 4: 5, 5: 5, 6: 5, 7: 7, 8: 5, 9: 6, 10: 5, 11: 5}
	for n, rows := range want {
		if got := len(r.Tables[Table(n)]); got != rows {
			t.Errorf("List %d: %d rows, want %d", n, got, rows)
		}
	}
	if !strings.Contains(r.Note, "collection year 2024 from the file name") {
		t.Errorf("note = %q", r.Note)
	}
	// List 1 row 2: "Female", "a) WBRI", born serial 42029 (25 Jan 2015),
	// contacted 44090 (16 Sep 2020) by "q) 6: Police".
	row := r.Tables[Table(1)][0]
	for col, v := range map[string]string{"sex": "F", "ethnicity": "WBRI", "dob_month": "2015-01-01", "contact_date": "2020-09-16",
		"contact_source": "6", "source_row": "2", "source_sheet": "List 1", "la_code": "358"} {
		if row[col] != v {
			t.Errorf("List 1 row 2 %s = %q, want %q", col, row[col], v)
		}
	}
	// List 8 row 2: "E1: Placement order", "f) U6: Foster placement - not FFA", "e) PR4 - Private provision", postcode T28 2WB.
	row = r.Tables[Table(8)][0]
	for col, v := range map[string]string{"legal_status": "E1", "placement_type": "U6", "placement_provider": "PR4",
		"placement_postcode_outward": "T28", "category_of_need": "N1", "uasc": "false"} {
		if row[col] != v {
			t.Errorf("List 8 row 2 %s = %q, want %q", col, row[col], v)
		}
	}
	// List 6's Allocated Team (column M) holds #N/A, but a team is free
	// text, never read, so it is not reported; List 8's LA of Placement
	// (column AB) holds town names, not LAs.
	want2 := map[string]string{
		"List 6!H2": "invalid_code", "List 8!Y3": "invalid_postcode", "List 9!Q6": "invalid_code", "List 9!Q7": "invalid_code",
		"List 8!AB2": "invalid_la_code", "List 8!AB6": "invalid_la_code",
	}
	got := map[string]string{}
	for _, is := range r.Issues {
		got[is.Sheet+"!"+is.Column+strconv.Itoa(is.Row)] = is.Rule
		if strings.Contains(is.Message, "nope") {
			t.Errorf("an issue repeats a postcode: %q", is.Message)
		}
	}
	for cell, rule := range want2 {
		if got[cell] != rule {
			t.Errorf("%s: rule %q, want %q (all: %v)", cell, got[cell], rule, got)
		}
	}
	if len(got) != 9 {
		t.Errorf("%d issues, want 9: %v", len(got), got)
	}
}

// TestOtherNamesAndLayouts: a council's own workbook, sheets named anything,
// "Child ID" / "Sex" / "Age of Child (Years)" headers below a title, and
// labels written "1 - Male" and "M".
func TestOtherNamesAndLayouts(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Referrals Q3")
	rows := [][]any{
		{"Annex A - Referrals"},
		{},
		{"Child ID", "Sex", "Ethnicity", "DOB", "Age of Child (Years)", "Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"},
		{"A1", "1 - Male", "WBRI", "03/04/2015", 9, "01/10/2024", "6: Police", "No", 1, "MASH", "Jo Bloggs"},
		{"A2", "M", "BAFR", "2016-05-06", 8, "02/10/2024", "5A", "Y", 0, "MASH", "Jo Bloggs"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Referrals Q3", cell, &r)
	}
	path := filepath.Join(t.TempDir(), "annex_a_2024-25.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	r := sourcetest.Run(t, Source{}, path, sourcetest.Returns(t, "Stockport", 0))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	got := r.Tables[Table(3)]
	if len(got) != 2 || got[0]["sex"] != "M" || got[1]["sex"] != "M" || got[0]["dob_month"] != "2015-04-01" ||
		got[1]["dob_month"] != "2016-05-01" || got[0]["referral_source"] != "6" || got[1]["referral_nfa"] != "true" ||
		got[0]["collection_year"] != "2025" || got[0]["source_row"] != "4" || got[0]["la_code"] != "356" {
		t.Fatalf("rows = %v", got)
	}
	for _, row := range got {
		for _, v := range row {
			if strings.Contains(v, "Bloggs") {
				t.Fatal("a worker's name was read")
			}
		}
	}
	if len(r.Issues) != 0 {
		t.Errorf("issues: %v", r.Issues)
	}
}
