package eesmeta

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

func TestRead(t *testing.T) {
	m, err := Read("testdata/described.meta.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Column{
		{Name: "phase_code", Type: "Filter", Label: "Phase code", DecimalPlaces: -1, Row: 2},
		{Name: "enrolments", Type: "Indicator", Label: "Number of pupils", DecimalPlaces: 0, Row: 3},
		{Name: "absence_rate", Type: "Indicator", Label: "Overall absence rate", Unit: "%", DecimalPlaces: 1, Row: 4},
	}
	if len(m.Columns) != len(want) {
		t.Fatalf("got %+v", m.Columns)
	}
	for i, w := range want {
		if m.Columns[i] != w {
			t.Errorf("column %d: got %+v, want %+v", i, m.Columns[i], w)
		}
	}
	if c, ok := m.Column("absence_rate"); !ok || c.Unit != "%" {
		t.Errorf("Column(absence_rate) = %+v, %v", c, ok)
	}
	if _, ok := m.Column("time_period"); ok {
		t.Error("time_period is not described")
	}
}

func TestReadRejects(t *testing.T) {
	head := "col_name,col_type,label,indicator_unit,indicator_dp\n"
	tests := []struct{ name, text, want string }{
		{"not metadata", "time_period,geographic_level\n2024,National\n", "not EES metadata"},
		{"unknown type", head + "a,Measure,A,,\n", `row 2: col_type is "Measure"`},
		{"blank name", head + ",Filter,A,,\n", "row 2: col_name is blank"},
		{"twice", head + "a,Filter,A,,\na,Indicator,A,,\n", `row 3: column "a" is described twice`},
		{"decimal places", head + "a,Indicator,A,%,one\n", `row 2: indicator_dp "one"`},
		{"nothing described", head, "describes no columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.meta.csv")
			if err := os.WriteFile(p, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ data, meta string }{
		{"absence_by_term.csv", "absence_by_term.meta.csv"},
		{"x.zip!dir/a.csv", "x.zip!dir/a.meta.csv"},
	}
	for _, tt := range tests {
		if got := MetaName(tt.data); got != tt.meta {
			t.Errorf("MetaName(%q) = %q", tt.data, got)
		}
		if got := DataName(tt.meta); got != tt.data {
			t.Errorf("DataName(%q) = %q", tt.meta, got)
		}
		if !IsMeta(tt.meta) || IsMeta(tt.data) {
			t.Errorf("IsMeta wrong for %q, %q", tt.meta, tt.data)
		}
	}
}

func TestMismatch(t *testing.T) {
	m, err := Read("testdata/described.meta.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Mismatch([]string{"time_period", "phase_code", "enrolments", "absence_rate", "extra"}); got != "" {
		t.Errorf("a header with every described column: %q", got)
	}
	if got := m.Mismatch([]string{"time_period", "phase_code"}); got != "the metadata describes 2 columns the data file does not have (enrolments, absence_rate)" {
		t.Errorf("got %q", got)
	}
}

// The metadata file is an input of its own: stage.ees_column, one row per
// described column, naming the data file it describes.
func TestSource(t *testing.T) {
	res := sourcetest.Run(t, Source{}, "testdata/described.meta.csv", nil)
	if res.Err != nil || res.Rows != 3 {
		t.Fatalf("%d rows, %v", res.Rows, res.Err)
	}
	rows := res.Tables[Table]
	if len(rows) != 3 {
		t.Fatalf("got %v", rows)
	}
	r := rows[2]
	if r["data_file"] != "testdata/described.csv" || r["col_name"] != "absence_rate" || r["col_type"] != "Indicator" ||
		r["label"] != "Overall absence rate" || r["unit"] != "%" || r["decimal_places"] != "1" || r["source_row"] != "4" {
		t.Errorf("row %v", r)
	}
	if rows[0]["decimal_places"] != "" || rows[0]["unit"] != "" {
		t.Errorf("a filter has no unit or decimal places: %v", rows[0])
	}
	if !strings.Contains(res.Note, "3 columns described") {
		t.Errorf("note %q", res.Note)
	}
}

// A release guide (Windows-1252 text) gives each listed file's columns
// their labels, named as the legacy reader stages them (without the year).
func TestGuide(t *testing.T) {
	head, err := os.ReadFile("testdata/SFR20_2019_MetaData.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !(Guide{}).Recognise(&sources.Sample{Path: "testdata/SFR20_2019_MetaData.txt", Head: head}) {
		t.Fatal("not recognised")
	}
	if (Guide{}).Recognise(&sources.Sample{Path: "notes.txt", Head: []byte("a note\n")}) {
		t.Error("a note taken for a guide")
	}
	res := sourcetest.Run(t, Guide{}, "testdata/SFR20_2019_MetaData.txt", nil)
	if res.Err != nil || res.Rows != 3 {
		t.Fatalf("%d rows, %v", res.Rows, res.Err)
	}
	var got []string
	for _, r := range res.Tables[Table] {
		got = append(got, r["source_row"]+" "+r["data_file"]+" "+r["col_name"]+" "+r["col_type"]+": "+r["label"])
	}
	want := "9 testdata/SFR20_CLA2019.csv CLA_Mar Indicator: Children looked after at 31 March 2019|" +
		"10 testdata/SFR20_CLA2019.csv CLA_UASC Indicator: Unaccompanied asylum-seeking children – at 31 March|" +
		"13 testdata/SFR20_ADM2019.csv ADM Indicator: Children who started to be looked after"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
	if res.Note != "a release guide: labels of 3 columns of 2 files" {
		t.Errorf("note %q", res.Note)
	}
}

// A label or unit of 300,000 characters (a cell pasted into the wrong
// column) is staged cut to 500, with an issue that names the file, row and
// column and says how long it was, never what it said; the other rows are
// staged as they are.
func TestLongTextCut(t *testing.T) {
	long := strings.Repeat("ë", 300000)
	head := "col_name,col_type,label,indicator_unit,indicator_dp\n"
	tests := []struct {
		name, text string
		row        int    // of the long text in the file
		column     string // its column in the file and the issue
		field      string // its column in stage.ees_column
	}{
		{"label", head + "phase_code,Filter,Phase,,\nabsence_rate,Indicator," + long + ",%,1\n", 3, "label", "label"},
		{"unit", head + "absence_rate,Indicator,Overall absence rate," + long + ",1\n", 2, "indicator_unit", "unit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "absence.meta.csv")
			if err := os.WriteFile(p, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			res := sourcetest.Run(t, Source{}, p, nil)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			rows := res.Tables[Table]
			got := rows[len(rows)-1][tt.field]
			if n := utf8.RuneCountInString(got); n != 500 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
				t.Errorf("%s: %d characters, ends %q", tt.field, n, got[len(got)-8:])
			}
			if len(res.Issues) != 1 {
				t.Fatalf("issues: %d, want 1", len(res.Issues))
			}
			is := res.Issues[0]
			if is.File != p || is.Row != tt.row || is.Column != tt.column || is.Rule != "text_too_long" {
				t.Errorf("issue at %s row %d column %q rule %s", is.File, is.Row, is.Column, is.Rule)
			}
			if !strings.Contains(is.Message, "300000 characters long") || strings.Contains(is.Message, "ëë") {
				t.Errorf("message %q", is.Message)
			}
		})
	}
	t.Run("a release guide's label", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "SFR1_2019_MetaData.txt")
		text := "SFR1_CLA2019.csv\ngeog_l: Geographic level\nCLA_Mar2019: " + long + "\n"
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		res := sourcetest.Run(t, Guide{}, p, nil)
		if res.Err != nil || len(res.Tables[Table]) != 1 {
			t.Fatalf("%v %v", res.Err, res.Tables)
		}
		if n := utf8.RuneCountInString(res.Tables[Table][0]["label"]); n != 500 {
			t.Errorf("label of %d characters", n)
		}
		if len(res.Issues) != 1 || res.Issues[0].Row != 3 || res.Issues[0].Rule != "text_too_long" {
			t.Errorf("issues %+v", res.Issues)
		}
	})
}
