package extract

import (
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// inYearDB is a warehouse holding testdata/in_year.sql's hand-made
// mart.in_year (three LAs; Trafford's re-referrals lack February 2024, its
// children looked after have no value on 30 June 2024).
func inYearDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", filepath.Join(t.TempDir(), "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fixture, err := os.ReadFile("testdata/in_year.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(fixture)); err != nil {
		t.Fatal(err)
	}
	return db
}

var (
	trafford      = la{Code: "358", Name: "Trafford", RegionName: "North West"}
	middlesbrough = la{Code: "806", Name: "Middlesbrough", RegionName: "North East"}
)

// rereferrals is the re-referrals' label_as_at at a date, as
// sql/stage_own_as_at.sql words a label without a time phrase.
func rereferrals(date string) string {
	return "Re-referrals within 12 months of a previous referral (%) (12 months to " + date + ")"
}

// TestInYear: the headline own figures, in ref.headline's order then the
// timeliness list's; the quarter ends a table shows, and the latest date
// when it is not one; every month, a month without a row holding no value.
func TestInYear(t *testing.T) {
	db := inYearDB(t)
	tests := []struct {
		la                     string
		ids, titles, columns   string
		months, missing, basis string
	}{
		{"358", "rereferral_pct|cla_at_31_march|cin_at_31_march",
			rereferrals("30 Sep 2024") + "|Children looked after on 30 Sep 2024|Children in need on 31 Mar 2024",
			"31 Dec 2022|31 Mar 2023|30 Jun 2023|30 Sep 2023|31 Dec 2023|31 Mar 2024|30 Jun 2024|30 Sep 2024",
			"24", "29 Feb 2024", "12 months to 30 Sep 2024"},
		{"806", "rereferral_pct", rereferrals("15 Oct 2024"),
			"30 Jun 2024|30 Sep 2024|15 Oct 2024", "7", "", "12 months to 15 Oct 2024"},
		{"999", "", "", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.la, func(t *testing.T) {
			figs, err := InYear(context.Background(), db, tt.la)
			if err != nil {
				t.Fatal(err)
			}
			var ids, titles []string
			for _, f := range figs {
				ids, titles = append(ids, f.ID), append(titles, f.Title())
			}
			if got := strings.Join(ids, "|"); got != tt.ids {
				t.Fatalf("figures %s, want %s", got, tt.ids)
			}
			if got := strings.Join(titles, "|"); got != tt.titles {
				t.Errorf("titles %s, want %s", got, tt.titles)
			}
			if len(figs) == 0 {
				return
			}
			f := &figs[0]
			var cols []string
			for _, p := range f.Columns() {
				cols = append(cols, Date(p.Date))
			}
			if got := strings.Join(cols, "|"); got != tt.columns {
				t.Errorf("columns %s, want %s", got, tt.columns)
			}
			months := f.Monthly()
			var missing []string
			for _, p := range months {
				if !p.Value.Valid {
					missing = append(missing, Date(p.Date))
					if want := rereferrals(Date(p.Date)); f.LabelAt(p) != want {
						t.Errorf("label at %s: %q, want %q", Date(p.Date), f.LabelAt(p), want)
					}
				}
			}
			if got := strings.Join(missing, "|"); got != tt.missing || strconv.Itoa(len(months)) != tt.months {
				t.Errorf("%d months, without a value %s; want %s months, %s", len(months), got, tt.months, tt.missing)
			}
			if got := f.BasisAt(f.Latest()); got != tt.basis {
				t.Errorf("basis %q, want %q", got, tt.basis)
			}
		})
	}
}

// TestInYearCSV: the LA's rows of mart.in_year, every row, no other LA's;
// text a spreadsheet would run as a formula escaped.
func TestInYearCSV(t *testing.T) {
	db := inYearDB(t)
	path := filepath.Join(t.TempDir(), "358_trafford_in_year.csv")
	if err := inYearCSV(context.Background(), db, trafford, path); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, path)
	header := strings.Join(recs[0], ",")
	if !strings.HasPrefix(header, "la_code,la_name,region_name,indicator_id,label,unit,polarity,label_as_at,month_end,window_months,value,") {
		t.Errorf("header %s", header)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	count := map[string]int{}
	for _, r := range recs[1:] {
		if r[col["la_code"]] != "358" {
			t.Fatalf("another LA's row: %q", r)
		}
		count[r[col["indicator_id"]]]++
		if r[col["indicator_id"]] == "cla_at_31_march" {
			if got := r[col["source_files"]]; !strings.HasPrefix(got, "'=cmd|") {
				t.Errorf("source_files %q not escaped", got)
			}
			if r[col["month_end"]] == "2024-06-30" && r[col["value"]] != "" {
				t.Errorf("30 Jun 2024 has value %q, want none", r[col["value"]])
			}
		}
	}
	// 23 months of re-referrals (no row for February 2024), 12 of children
	// looked after, one of children in need and one of children starting
	// to be looked after
	if count["rereferral_pct"] != 23 || count["cla_at_31_march"] != 12 || count["cin_at_31_march"] != 1 ||
		count["cla_started_in_year"] != 1 || len(recs) != 38 {
		t.Errorf("rows %v (%d lines)", count, len(recs))
	}
	last := recs[len(recs)-1]
	if got := last[col["month_end"]] + " " + last[col["value"]] + " " + last[col["basis"]]; got != "2024-09-30 21 12 months to 30 Sep 2024" {
		t.Errorf("last row %s", got)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
