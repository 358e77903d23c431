package cincensus

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

func realFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("../../../shared/data/returns/cin_census", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data not found (%v): run with ../shared beside the project", err)
	}
	return p
}

// Counts checked with grep -c on the element names. None of the files'
// UPNs or FormerUPNs has the right check letter (made-up numbers, checked
// by hand and with a Python one-liner): 320 of fake_CIN_data.xml's 332,
// all 13 characters with 11 digits. The header and the UPNs' faults are
// staged (cin_header, upn_fault) for the validation rules, which report
// them; the reader reports only the cells it cannot use or doubts.
func TestRealFiles(t *testing.T) {
	tests := []struct {
		file   string
		rows   map[string]int
		la     string
		year   string
		header string   // reference_date/header_year as staged
		faults string   // upn_fault counts, former_upn_fault counts
		issues []string // rule@column
	}{
		{"fake_CIN_data.xml", map[string]int{"cin_header": 1, "cin_child": 332, "cin_episode": 402, "cin_disability": 117, "cin_assessment": 0, "cin_cp_plan": 0},
			"358", "2022", "2022-07-21/2022", "1510:320 1530:9 former:", []string{"unknown_la@LEA"}}, // dated 2022-07-21; 9 UPNs of no issuing LA, checked by hand (1530)
		{"BAR_cin_2022.xml", map[string]int{"cin_header": 1, "cin_child": 1, "cin_disability": 2, "cin_episode": 1, "cin_assessment": 1, "cin_assessment_factor": 2,
			"cin_plan": 1, "cin_s47": 1, "cin_cp_plan": 1, "cin_cp_review": 1, "cin_pre_proceedings": 0}, "201", "2022", "2022-03-31/2022",
			"1510:1 former:1510:1", []string{"implausible_dob@PersonBirthDate", // born in 1966, in the 2022 census
				// its other dates are from 1966-1980, before any child of the 2022 census was born
				"implausible_date@ExpectedPersonBirthDate", "implausible_date@PersonDeathDate", "implausible_date@CINreferralDate",
				"implausible_date@CINclosureDate", "implausible_date@DateOfInitialCPC", "implausible_date@AssessmentActualStartDate",
				"implausible_date@AssessmentInternalReviewDate", "implausible_date@AssessmentAuthorisationDate",
				"implausible_date@CINPlanStartDate", "implausible_date@CINPlanEndDate", "implausible_date@S47ActualStartDate",
				"implausible_date@InitialCPCtarget", "implausible_date@DateOfInitialCPC", "implausible_date@CPPstartDate",
				"implausible_date@CPPendDate", "implausible_date@CPPstartDate", "implausible_date@CPPreviewDate"}},
		{"CIN_Census_2026.xml", map[string]int{"cin_header": 1, "cin_child": 2, "cin_episode": 2, "cin_assessment": 2, "cin_assessment_factor": 3, "cin_pre_proceedings": 1},
			"201", "2024", "2024-03-31/2023", "1510:1 former:1510:1", []string{"invalid_code@Sex", "invalid_code@AssessmentFactors"}}, // Year 2023, dated 2024-03-31
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := sourcetest.Run(t, Source{}, realFile(t, tt.file), sourcetest.Returns(t, "Trafford", 0))
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			for table, n := range tt.rows {
				if len(r.Tables[table]) != n {
					t.Errorf("%s: %d rows, want %d", table, len(r.Tables[table]), n)
				}
			}
			child := r.Tables["cin_child"][0]
			if child["la_code"] != tt.la || child["collection_year"] != tt.year {
				t.Errorf("origin = %s %s, want %s %s (note %q)", child["la_code"], child["collection_year"], tt.la, tt.year, r.Note)
			}
			h := r.Tables["cin_header"][0]
			if got := h["reference_date"] + "/" + h["header_year"]; got != tt.header {
				t.Errorf("header %s, want %s", got, tt.header)
			}
			count := func(col string) string {
				n := map[string]int{}
				for _, row := range r.Tables["cin_child"] {
					if f := row[col]; f != "" {
						n[f]++
					}
				}
				var out []string
				for f, k := range n {
					out = append(out, fmt.Sprintf("%s:%d", f, k))
				}
				sort.Strings(out)
				return strings.Join(out, " ")
			}
			if got := count("upn_fault") + " former:" + count("former_upn_fault"); got != tt.faults {
				t.Errorf("UPN faults %q, want %q", got, tt.faults)
			}
			var got []string
			for _, is := range r.Issues {
				got = append(got, is.Rule+"@"+is.Column)
			}
			if strings.Join(got, ",") != strings.Join(tt.issues, ",") {
				t.Errorf("issues %v, want %v", got, tt.issues)
			}
		})
	}
}

// TestSexByYear: the 2026 layout's <Sex> takes M/F/U; its first child's "1"
// is the old code and is reported, its second child's "M" is not.
func TestSexByYear(t *testing.T) {
	r := sourcetest.Run(t, Source{}, realFile(t, "CIN_Census_2026.xml"), sourcetest.Returns(t, "", 0))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	kids := r.Tables["cin_child"]
	if kids[0]["sex"] != "1" || kids[1]["sex"] != "M" || kids[0]["gender_current"] != "" {
		t.Errorf("sex = %q, %q", kids[0]["sex"], kids[1]["sex"])
	}
	for _, is := range r.Issues {
		if is.Column == "Sex" && (is.Row != 1 || !strings.Contains(is.Message, `"1" was withdrawn after the 2023 collection`)) {
			t.Errorf("Sex issue %+v", is)
		}
	}
	pp := r.Tables["cin_pre_proceedings"][0]
	if pp["pp_outcome"] != "A" || pp["review_meetings_count"] != "3" || pp["fgdm_meeting_offer"] != "true" {
		t.Errorf("pre-proceedings = %v", pp)
	}
}

func TestNotCensus(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.xml")
	os.WriteFile(bad, []byte("<Message><Header><CollectionDetails><Collection>CIN</Collection></CollectionDetails></Header><Children><Child><ChildIdentifiers>"), 0o644)
	r := sourcetest.Run(t, Source{}, bad, sourcetest.Returns(t, "358", 2024))
	if r.Err == nil || !strings.Contains(r.Err.Error(), "Child 1") {
		t.Fatalf("err = %v; want one naming Child 1", r.Err)
	}
	if !Source.Recognise(Source{}, &sources.Sample{Path: bad, Head: []byte("<Message><Header><CollectionDetails><Collection>CIN</Collection>")}) {
		t.Error("a CIN census header should be recognised")
	}
}

// A census-shaped XML of another collection is rejected, not read as CIN.
func TestOtherCollection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "census.xml")
	os.WriteFile(path, []byte(`<Message><Header><CollectionDetails><Collection>SCHOOL</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header>
<Children><Child><ChildIdentifiers><LAchildID>A1</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2024-05-01</CINreferralDate></CINdetails></Child></Children></Message>`), 0o644)
	r := sourcetest.Run(t, Source{}, path, sourcetest.Returns(t, "358", 2025))
	if r.Err == nil || !strings.Contains(r.Err.Error(), "not a CIN census") || r.Rows != 0 {
		t.Errorf("err = %v, rows %d", r.Err, r.Rows)
	}
}
