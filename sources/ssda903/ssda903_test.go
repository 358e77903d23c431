package ssda903

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/sourcetest"
	"github.com/yardstick-etl/yardstick/transforms/postcode"
)

const realDir = "../../../shared/data/returns/ssda903"

func realFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(realDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data not found (%v): run with ../shared beside the project", err)
	}
	return p
}

// TestRealCSV reads every table of the validator's fake return, checked
// against a count of its data rows; collection year 2019 (the codes CUSTOD
// and E45-E48 in it are valid from 2019).
func TestRealCSV(t *testing.T) {
	tests := []struct {
		file, table string
		rows        int
	}{
		{"header.csv", "cla_child", 2675},
		{"episodes.csv", "cla_episode", 5050},
		{"reviews.csv", "cla_review", 12582},
		{"uasc.csv", "cla_uasc", 132},
		{"oc2.csv", "cla_outcome", 2675},
		{"oc3.csv", "cla_care_leaver", 53},
		{"ad1.csv", "cla_adoption", 29},
		{"placed_for_adoption.csv", "cla_placed_for_adoption", 29},
		{"previous_permanence.csv", "cla_previous_permanence", 2675},
		{"missing.csv", "cla_missing", 43},
		{"sw_episodes.csv", "cla_social_worker", 1},
		{"DoLo.csv", "cla_dolo", 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := sourcetest.Run(t, Source{}, realFile(t, tt.file), sourcetest.Returns(t, "Trafford", 2019))
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if len(r.Tables) != 1 || len(r.Tables[tt.table]) != tt.rows || r.Rows != int64(tt.rows) {
				t.Fatalf("tables %v: %d rows of %s (reported %d), want %d", keys(r.Tables), len(r.Tables[tt.table]), tt.table, r.Rows, tt.rows)
			}
			first := r.Tables[tt.table][0]
			if first["la_code"] != "358" || first["collection_year"] != "2019" || first["source_row"] != "2" {
				t.Errorf("first row origin = la %s, year %s, row %s; want 358, 2019, 2", first["la_code"], first["collection_year"], first["source_row"])
			}
			if d := first["dob_month"]; d != "" && !strings.HasSuffix(d, "-01") {
				t.Errorf("dob_month %s is not the first of a month", d)
			}
			if !strings.Contains(r.Note, "collection year 2019 from config") || !strings.Contains(r.Note, "LA 358 from config home_la") {
				t.Errorf("note = %q", r.Note)
			}
		})
	}
}

// TestRealInvalidValues: the fake return's deliberate errors, at the row and
// column a user would look at.
func TestRealInvalidValues(t *testing.T) {
	tests := []struct {
		file, column string
		rows         []int
		rule, msg    string
		total        int
	}{
		// described by shape, never quoted: a value in the wrong column may
		// identify a child
		{"oc3.csv", "ACCOM", []int{2, 47}, "invalid_code", `ACCOM: a 2-character value of digits is not a code of ACCOM; kept as missing`, 2},
		{"placed_for_adoption.csv", "REASON_PLACED_CEASED", []int{2, 3, 30}, "invalid_code", `a 3-character value of letters is not a code of REASON_PLACED_CEASED`, 29},
		{"sw_episodes.csv", "SW_REASON", []int{2}, "invalid_code", `a 6-character value of letters is not a code of SW_REASON`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := sourcetest.Run(t, Source{}, realFile(t, tt.file), sourcetest.Returns(t, "358", 2019))
			got := map[int]bool{}
			total := 0
			for _, is := range r.Issues {
				if is.Column != tt.column || is.Rule != tt.rule {
					t.Errorf("unexpected issue %+v", is)
					continue
				}
				if is.Row == 0 { // the summary of repeats
					total += countOf(is.Message)
					continue
				}
				total++
				got[is.Row] = true
				if is.Row == tt.rows[0] && !strings.Contains(is.Message, tt.msg) {
					t.Errorf("row %d message %q lacks %q", is.Row, is.Message, tt.msg)
				}
			}
			for _, row := range tt.rows {
				if !got[row] && row <= 21 {
					t.Errorf("no %s issue at row %d column %s; got %v", tt.rule, row, tt.column, got)
				}
			}
			if total != tt.total {
				t.Errorf("%d issues in all, want %d", total, tt.total)
			}
		})
	}
}

func countOf(msg string) int {
	var n int
	for _, c := range msg {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// TestRealXML reads the XML export: its element counts, checked with grep
// (<EPISODE> 459, <AREVIEW> 1206, <CHILD> 253, <UASC>..<DUC> 12, <AMISSING> 6,
// <IN_TOUCH> 6, <DATE_INT> 3, <AD_PLACED> 3, <PERMANENCE> 253, <OC2> 253).
func TestRealXML(t *testing.T) {
	r := sourcetest.Run(t, Source{}, realFile(t, "fake_903.xml"), sourcetest.Returns(t, "Trafford", 2019))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	want := map[string]int{"cla_child": 253, "cla_episode": 459, "cla_review": 1206, "cla_uasc": 12, "cla_missing": 6,
		"cla_care_leaver": 6, "cla_adoption": 3, "cla_placed_for_adoption": 3, "cla_previous_permanence": 253, "cla_outcome": 253}
	for table, n := range want {
		if len(r.Tables[table]) != n {
			t.Errorf("%s: %d rows, want %d", table, len(r.Tables[table]), n)
		}
	}
	// The first child: CHILDID 907440, two episodes, the first placed R5 (the
	// XML's PL) with PL_POST E7 5YR.
	ep := r.Tables["cla_episode"][0]
	if ep["place"] != "R5" || ep["pl_post_outward"] != "E7" || ep["decom"] != "2017-01-06" || ep["source_row"] != "1" {
		t.Errorf("first episode = %v", ep)
	}
	if r.Tables["cla_child"][0]["child_id"] != ep["child_id"] {
		t.Error("a child's episodes should carry the pseudonym of its HEADER's CHILDID")
	}
}

// TestLinksAcrossTables: one child, one pseudonym, in every table and format.
func TestLinksAcrossTables(t *testing.T) {
	ret := sourcetest.Returns(t, "358", 2019)
	header := sourcetest.Run(t, Source{}, realFile(t, "header.csv"), ret)
	episodes := sourcetest.Run(t, Source{}, realFile(t, "episodes.csv"), ret)
	// header.csv row 2 and episodes.csv rows 2-3 are child 566910.
	if a, b := header.Tables["cla_child"][0]["child_id"], episodes.Tables["cla_episode"][1]["child_id"]; a != b || a == "" {
		t.Errorf("child 566910: %q in header, %q in episodes", a, b)
	}
}

// TestNoIdentifiers: no child ID, UPN, full date of birth or full postcode of
// the inputs appears in any value written or any issue.
func TestNoIdentifiers(t *testing.T) {
	ret := sourcetest.Returns(t, "358", 2019)
	secret := map[string]bool{}
	for _, f := range []string{"header.csv", "episodes.csv"} {
		rows := csvRows(t, realFile(t, f))
		for _, rec := range rows[1:] {
			for i, h := range rows[0] {
				switch h {
				case "CHILD", "UPN", "DOB", "HOME_POST", "PL_POST":
					if len(rec[i]) >= 6 { // shorter IDs collide with scores and counts
						secret[rec[i]] = true
					}
				}
			}
		}
	}
	for _, f := range []string{"header.csv", "episodes.csv", "fake_903.xml"} {
		r := sourcetest.Run(t, Source{}, realFile(t, f), ret)
		for table, rows := range r.Tables {
			for _, row := range rows {
				for col, v := range row {
					if secret[v] && col != "source_row" && col != "urn" {
						t.Fatalf("%s: %s.%s holds an identifier from the input", f, table, col)
					}
				}
			}
		}
		for _, is := range r.Issues {
			for s := range secret {
				if len(s) > 4 && strings.Contains(is.Message, s) {
					t.Fatalf("issue %q names an identifier", is.Message)
				}
			}
		}
	}
}

func csvRows(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func keys(m map[string][]map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestNoKeyOrYear: a file cannot be read without a key, a year or an LA.
func TestNoKeyOrYear(t *testing.T) {
	path := realFile(t, "uasc.csv")
	tests := []struct {
		name string
		ret  *sources.Returns
		want string
	}{
		{"no key", nil, "no pseudonymisation key"},
		{"no year", sourcetest.Returns(t, "358", 0), "no collection year"},
		{"no LA", sourcetest.Returns(t, "", 2019), "no LA"},
		{"unknown LA", sourcetest.Returns(t, "Atlantis", 2019), "config home_la is not a known LA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sourcetest.Run(t, Source{}, path, tt.ret)
			if r.Err == nil || !strings.Contains(r.Err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", r.Err, tt.want)
			}
		})
	}
}

// TestPooledWorkbook: a regional group's workbook, sheets named as they
// like (so recorded by their position), an episodes table below a title with LA (name or code) and YEAR
// columns that win over home_la, Excel dates, and a notes sheet skipped.
func TestPooledWorkbook(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Read me")
	f.SetCellValue("Read me", "A1", "Pooled SSDA903 episodes for the region")
	f.NewSheet("eps")
	rows := [][]any{
		{"North West pooled 903: episodes"},
		{"LA", "YEAR", "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"},
		{"Trafford", "2024-25", "A1", 45400, "S", "C2", "N1", "K3", "PR1", "", "", "", "M32 0TH", "", ""},
		{"350", 2024, "B2", 45000, "S", "C2", "N1", "K3", "PR1", 45100, "E13", "", "", "", ""},
		{"Atlantis", 2025, "C3", "01/05/2024", "S", "V2", "N4", "U4", "PR1", "", "", "", "", "", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("eps", cell, &r)
	}
	path := filepath.Join(t.TempDir(), "pooled.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	r := sourcetest.Run(t, Source{}, path, sourcetest.Returns(t, "Stockport", 2023))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	got := r.Tables["cla_episode"]
	if len(got) != 3 {
		t.Fatalf("%d rows", len(got))
	}
	want := []struct{ la, year, decom, dec, sheet, row string }{
		{"358", "2025", "2024-04-18", "", "sheet 2", "3"},
		{"350", "2024", "2023-03-15", "2023-06-23", "sheet 2", "4"},
		{"", "2025", "2024-05-01", "", "sheet 2", "5"},
	}
	for i, w := range want {
		g := got[i]
		if g["la_code"] != w.la || g["collection_year"] != w.year || g["decom"] != w.decom || g["dec"] != w.dec || g["source_sheet"] != w.sheet || g["source_row"] != w.row {
			t.Errorf("row %d = %v; want %+v", i, g, w)
		}
	}
	// K3 is valid from 2025: fine for Trafford's 2024-25 row, not for Bolton's 2024.
	var rules []string
	for _, is := range r.Issues {
		rules = append(rules, fmt.Sprintf("%s%d %s", is.Column, is.Row, is.Rule))
	}
	if strings.Join(rules, ", ") != "H4 invalid_code, A5 unknown_la" {
		t.Errorf("issues: %v", rules)
	}
}

// A table whose header names one of its fields twice is rejected: which
// column holds the field cannot be told.
func TestDuplicateHeader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "SSDA903_2024-25_header.csv")
	os.WriteFile(path, []byte("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,SEX\n1,1,01/01/2010,WBRI,,,,2\n"), 0o644)
	r := sourcetest.Run(t, Source{}, path, sourcetest.Returns(t, "358", 2025))
	if r.Err == nil || !strings.Contains(r.Err.Error(), "the header names SEX twice (columns 2 and 8)") {
		t.Errorf("err = %v", r.Err)
	}
}

// TestPooledYear: a pooled file's YEAR written as one year is read by the
// rows' dates: the year the return starts when its episodes run from April
// YEAR, the year it ends when they run to March YEAR; the note says which,
// and dates that fit neither reading are reported.
func TestPooledYear(t *testing.T) {
	header := "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,LA,YEAR\n"
	tests := []struct {
		name, rows, wantYears, wantNote, wantIssue string
	}{
		{"YEAR is the start", "" +
			"1,01/05/2017,S,C2,N1,U1,PR1,,,,,,,358,2017\n" +
			"2,15/02/2018,S,C2,N1,U1,PR1,20/03/2018,E11,,,,,358,2017\n" +
			"3,10/06/2018,S,C2,N1,U1,PR1,,,,,,,350,2018\n",
			"2018,2018,2019", "YEAR 2017 to 2018 read as the year each return starts (3 rows dated April YEAR to March YEAR+1, 0 the year before)", ""},
		{"YEAR is the end", "" +
			"1,01/05/2017,S,C2,N1,U1,PR1,,,,,,,358,2018\n" +
			"2,15/02/2018,S,C2,N1,U1,PR1,20/03/2018,E11,,,,,358,2018\n",
			"2018,2018", "YEAR 2018 read as the year each return ends (2 rows dated April YEAR-1 to March YEAR, 0 the year after)", ""},
		{"a range says itself", "1,01/05/2017,S,C2,N1,U1,PR1,,,,,,,358,2017-18\n",
			"2018", "collection year from the YEAR column; LA from the LA column", ""},
		{"neither fits", "" +
			"1,01/05/2017,S,C2,N1,U1,PR1,,,,,,,358,2017\n" +
			"2,01/05/2016,S,C2,N1,U1,PR1,,,,,,,358,2017\n",
			"2017,2017", "read as the year each return ends", "the rows' dates fit neither reading of YEAR 2017 (1 rows in the year it would start, 1 in the year it would end)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pooled_episodes.csv")
			os.WriteFile(path, []byte(header+tt.rows), 0o644)
			r := sourcetest.Run(t, Source{}, path, sourcetest.Returns(t, "", 0))
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			var years []string
			for _, row := range r.Tables["cla_episode"] {
				years = append(years, row["collection_year"])
			}
			if got := strings.Join(years, ","); got != tt.wantYears {
				t.Errorf("collection years %s, want %s", got, tt.wantYears)
			}
			if !strings.Contains(r.Note, tt.wantNote) || !strings.Contains(r.Note, "LA from the LA column") {
				t.Errorf("note %q lacks %q", r.Note, tt.wantNote)
			}
			var issue string
			for _, is := range r.Issues {
				if is.Rule == "ambiguous_year" {
					issue = is.Message
				}
			}
			if !strings.Contains(issue, tt.wantIssue) || (tt.wantIssue == "") != (issue == "") {
				t.Errorf("issue %q, want %q", issue, tt.wantIssue)
			}
		})
	}
}

// TestDerivedPostcodeFields: with ONS's postcode directory, an episode's
// PL_LA and PL_DISTANCE are derived from its postcodes as DfE derives them;
// values the return gives itself are kept; a postcode the directory does
// not hold is reported by field, never by value; without a directory the
// fields stay empty and nothing is reported.
func TestDerivedPostcodeFields(t *testing.T) {
	dir := postcode.NewDirectory()
	dir.Add("M32 0TH", "E08000009", 378000, 396000, true) // Trafford
	dir.Add("M1 1AA", "E08000003", 384000, 398000, true)  // Manchester
	dir.Add("CF10 1AA", "WAL", 318000, 176000, true)
	header := "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
	rows := "1,01/05/2024,S,C2,N1,U1,PR1,,,,M32 0TH,M1 1AA,SC123456\n" +
		"2,01/05/2024,S,C2,N1,U1,PR1,,,,M32 0TH,CF10 1AA,SC123456\n" +
		"3,01/05/2024,S,C2,N1,U1,PR1,,,,M32 0TH,M32 0TH,SC123456\n" +
		"4,01/05/2024,S,C2,N1,U1,PR1,,,,M32 0TH,ZZ1 9ZZ,SC123456\n" + // not in the directory
		"5,01/05/2024,S,C2,N1,U1,PR1,,,,ZZ1 9ZZ,M1 1AA,SC123456\n" + // home not in it: PL_LA only
		"6,01/05/2024,S,C2,N1,U1,PR1,,,,,M1 1AA,SC123456\n" // no home postcode
	path := filepath.Join(t.TempDir(), "SSDA903_2024-25_episodes.csv")
	if err := os.WriteFile(path, []byte(header+rows), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("with the directory", func(t *testing.T) {
		ret := sourcetest.Returns(t, "358", 2025)
		ret.Postcodes = dir
		r := sourcetest.Run(t, Source{}, path, ret)
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		var got []string
		for _, row := range r.Tables["cla_episode"] {
			got = append(got, row["pl_la"]+" "+row["pl_distance"]+" "+row["faults"])
		}
		want := []string{"352 3.9 ", "WAL 141.7 ", "358 0 ", "  |PL_POST:postcode_not_in_directory|",
			"352  |HOME_POST:postcode_not_in_directory|", "352  "}
		if strings.Join(got, ";") != strings.Join(want, ";") {
			t.Errorf("pl_la, pl_distance, faults:\n%q\nwant\n%q", got, want)
		}
		for _, is := range r.Issues {
			if strings.Contains(is.Message, "ZZ1") || strings.Contains(is.Message, "M32") {
				t.Errorf("an issue quotes a postcode: %s", is.Message)
			}
		}
	})
	t.Run("without it", func(t *testing.T) {
		r := sourcetest.Run(t, Source{}, path, sourcetest.Returns(t, "358", 2025))
		for _, row := range r.Tables["cla_episode"] {
			if row["pl_la"] != "" || row["pl_distance"] != "" || row["faults"] != "" {
				t.Errorf("row %v", row)
			}
		}
	})
	t.Run("given by the return", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "SSDA903_2024-25_episodes.csv")
		os.WriteFile(p, []byte(strings.TrimSuffix(header, "\n")+",PL_DISTANCE,PL_LA\n1,01/05/2024,S,C2,N1,U1,PR1,,,,M32 0TH,M1 1AA,SC123456,12.5,359\n"), 0o644)
		ret := sourcetest.Returns(t, "358", 2025)
		ret.Postcodes = dir
		r := sourcetest.Run(t, Source{}, p, ret)
		if row := r.Tables["cla_episode"][0]; row["pl_la"] != "359" || row["pl_distance"] != "12.5" {
			t.Errorf("row %v", row)
		}
	})
}
