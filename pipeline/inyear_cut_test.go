package pipeline

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/demo"
	"github.com/yardstick-etl/yardstick/transforms/dates"
)

// TestInYearCutReturns: the demo council's 2024-25 returns as its case
// system would have given them on 30 June, 30 September, 15 November and
// 31 December 2024 (demo.CutReturns), each loaded beside the complete
// 2023-24 return and run as its own warehouse, with the cut's as_at found
// from the data (the demo has events every day, so it is the day of the
// cut), given per input, or (30 September) given for all returns at the
// top of the config. Against the uncut run:
//   - every own figure of mart.in_year at 31 March 2024, which the complete
//     return covers, is the uncut run's figure of the year
//     (stage.own_indicator_value, 2024); the uncut run's in-year figures at
//     31 March 2024 and 2025 are its figures of each year too;
//   - the cut year's rows of mart.provisional_position are labelled at the
//     cut's as_at ("on 30 Sep 2024", "12 months to 30 Sep 2024"), never at
//     31 March;
//   - every mart.in_year row up to the cut (snapshots and flows) is the
//     uncut run's: a month end before the cut does not depend on later data;
//   - the CLA counts of every mart.in_year row of the cut (month ends, and
//     15 November, a part-year as_at that is not one) are what Go counts
//     from the CSV files by the rules of issue 24; from the data the as_at
//     is the latest event up to the cut.
//
// The demo writes one year of returns (2024-25); the 2023-24 return is
// made from it as the case system gave it on 31 March 2024 (the same
// children, cut at that day, the files named for 2023-24): the children
// who left care before 1 April 2024 are not in it, which the comparisons
// do not need.
func TestInYearCutReturns(t *testing.T) {
	if testing.Short() {
		t.Skip("nine runs of the demo")
	}
	base := t.TempDir()
	opt := demo.DefaultOptions
	opt.Years = 2
	if _, err := demo.Generate(base, opt); err != nil {
		t.Fatal(err)
	}
	if _, _, err := demo.GenerateReturnsWithTruth(base, "358", opt); err != nil {
		t.Fatal(err)
	}
	// Of the published files only the population is read (for the rates):
	// nothing here is ranked, and each run is quicker without the rest.
	// The returns go by year.
	published := filepath.Join(base, "population")
	pop, err := filepath.Glob(filepath.Join(base, "inputs", "population_0_17_*.csv"))
	if err != nil || len(pop) != 1 {
		t.Fatalf("the demo's population file: %v %v", pop, err)
	}
	if err := os.MkdirAll(published, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(pop[0], filepath.Join(published, filepath.Base(pop[0]))); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(base, "returns", "2024-25")
	prev := filepath.Join(base, "returns", "2023-24")
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(base, "inputs", "returns"), full); err != nil {
		t.Fatal(err)
	}
	writePreviousYear(t, full, prev, 2025)
	prevAsAt := latestEvents(t, prev, 2024, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))
	run := func(name, inputs string) *Config {
		t.Helper()
		dir := filepath.Join(base, "run-"+name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return runWithKey(t, dir, inputs+"home_la: \"358\"\n")
	}
	uncut := run("uncut", fmt.Sprintf("inputs:\n  - %s\n  - %s\n  - %s\n", published, prev, full))

	// The complete return of 2023-24 is found full-year from its data (an
	// event within 14 days of 31 March), or nothing below is at 31 March 2024.
	if got := queryCSV(t, uncut, `SELECT kind, collection_year, as_at_basis, part_year FROM stage.return_as_at
		WHERE kind IN ('ssda903', 'cin') ORDER BY ALL`); got != "kind,collection_year,as_at_basis,part_year\n"+
		"cin,2024,data,false\ncin,2025,data,false\nssda903,2024,data,false\nssda903,2025,data,false\n" {
		t.Fatalf("the uncut returns are not both full-year from their data:\n%s", got)
	}
	// The figures of a year (stage.own_indicator_value), of the indicators
	// the marts show (ref.indicator; all, with all set).
	annual := func(cfg *Config, year int, all bool) string {
		shown := "indicator_id IN (SELECT indicator_id FROM ref.indicator)"
		if all {
			shown = "true"
		}
		return queryCSV(t, cfg, fmt.Sprintf(`SELECT indicator_id, window_months, value, numerator, denominator
			FROM stage.own_indicator_value WHERE la_code = '358' AND year = %d AND %s ORDER BY ALL`, year, shown))
	}
	inYearAt := func(cfg *Config, d string) string {
		return queryCSV(t, cfg, fmt.Sprintf(`SELECT indicator_id, window_months, value, numerator, denominator
			FROM mart.in_year WHERE la_code = '358' AND month_end = DATE '%s' ORDER BY ALL`, d))
	}
	annual2024 := annual(uncut, 2024, false)
	if strings.Count(annual2024, "\n") < 20 {
		t.Fatalf("the uncut run has few figures for 2024:\n%s", annual2024)
	}
	for year, d := range map[int]string{2024: "2024-03-31", 2025: "2025-03-31"} {
		if got, want := inYearAt(uncut, d), annual(uncut, year, false); got != want {
			t.Errorf("uncut: mart.in_year on %s is not the year's figures\n%s", d, diffLines(want, got))
		}
	}
	// Every own figure the SQL makes reaches the marts.
	shown := annual(uncut, 2025, false)
	for _, l := range strings.Split(strings.TrimSpace(annual(uncut, 2025, true)), "\n") {
		if !strings.Contains(shown, l+"\n") {
			t.Errorf("own figure of 2025 in stage.own_indicator_value but in no mart (its indicator is not in ref.indicator): %s", l)
		}
	}
	uncutInYear := queryCSV(t, uncut, inYearRows)

	cuts := []time.Time{
		time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 11, 15, 0, 0, 0, 0, time.UTC), // not a month end: a row at the as_at itself
		time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
	}
	for _, c := range cuts {
		t.Run(c.Format("2006-01-02"), func(t *testing.T) {
			t.Parallel()
			cut := filepath.Join(base, "cut-"+c.Format("2006-01-02"))
			if _, err := demo.CutReturns(full, cut, c); err != nil {
				t.Fatal(err)
			}
			cs := c.Format(time.DateOnly)
			latest := latestEvents(t, cut, 2025, c) // what the data rule should find
			variants := []struct{ name, inputs string }{
				{"from the data", fmt.Sprintf("inputs:\n  - %s\n  - %s\n  - %s\n", published, prev, cut)},
			}
			if isMonthEnd(c) {
				variants = append(variants, struct{ name, inputs string }{"input as_at",
					fmt.Sprintf("inputs:\n  - %s\n  - %s\n  - {path: %s, as_at: %s}\n", published, prev, cut, cs)})
			}
			if c.Month() == 9 { // the config's as_at for all returns, once
				variants = append(variants, struct{ name, inputs string }{"top-level as_at",
					fmt.Sprintf("as_at: %s\ninputs:\n  - %s\n  - %s\n  - %s\n", cs, published, prev, cut)})
			}
			for _, v := range variants {
				t.Run(v.name, func(t *testing.T) {
					cfg := run(cs+"-"+strings.ReplaceAll(v.name, " ", "-"), v.inputs)
					asAt := map[string]string{"ssda903": cs, "cin": cs}
					if v.name == "from the data" {
						asAt = map[string]string{"ssda903": latest.ssda903.Format(time.DateOnly), "cin": latest.cin.Format(time.DateOnly)}
						t.Logf("the latest events up to the cut: SSDA903 %s, CIN census %s", asAt["ssda903"], asAt["cin"])
					}
					// The returns' as_at, and the 2024-25 ones part-year.
					prevCIN, prevSSDA903 := prevAsAt.cin.Format(time.DateOnly), prevAsAt.ssda903.Format(time.DateOnly)
					if v.name == "top-level as_at" { // given for the 2023-24 return too, which it cannot pass the end of
						prevCIN, prevSSDA903 = "2024-03-31", "2024-03-31"
					}
					want := fmt.Sprintf("kind,collection_year,as_at,part_year\ncin,2024,%s,false\ncin,2025,%s,true\nssda903,2024,%s,false\nssda903,2025,%s,true\n",
						prevCIN, asAt["cin"], prevSSDA903, asAt["ssda903"])
					if got := queryCSV(t, cfg, `SELECT kind, collection_year, as_at, part_year FROM stage.return_as_at
						WHERE kind IN ('ssda903', 'cin') ORDER BY ALL`); got != want {
						t.Errorf("stage.return_as_at:\n%s\nwant:\n%s", got, want)
					}

					// At 31 March 2024 every figure is the uncut run's figure of the year.
					if got := inYearAt(cfg, "2024-03-31"); got != annual2024 {
						t.Errorf("mart.in_year on 31 March 2024 is not the uncut run's 2024 figures\n%s", diffLines(annual2024, got))
					}

					// The cut year's figures are labelled at the as_at, never as the year's.
					rows := queryCSV(t, cfg, `SELECT indicator_id, strftime(as_at, '%Y-%m-%d') AS as_at, basis FROM mart.provisional_position
						WHERE la_code = '358' AND year = 2025 ORDER BY ALL`)
					lines := strings.Split(strings.TrimSpace(rows), "\n")[1:]
					if len(lines) < 10 {
						t.Errorf("few provisional rows for 2025:\n%s", rows)
					}
					for _, l := range lines {
						f := strings.Split(l, ",")
						kind := "ssda903"
						if !strings.HasPrefix(f[0], "cla_") && !strings.HasPrefix(f[0], "care_leavers") {
							kind = "cin"
						}
						d, _ := time.Parse(time.DateOnly, asAt[kind])
						text := d.Format("2 Jan 2006")
						if f[1] != asAt[kind] || (f[2] != "on "+text && f[2] != "12 months to "+text) {
							t.Errorf("provisional 2025 row %s: want as_at %s and basis on/12 months to %s", l, asAt[kind], text)
						}
					}

					// Every row up to the cut is the uncut run's.
					got := filterInYear(queryCSV(t, cfg, inYearRows), c, nil)
					if want := filterInYear(uncutInYear, c, inYearAsAt(t, cfg)); got != want {
						t.Errorf("mart.in_year up to %s differs from the uncut run's\n%s", cs, diffLines(want, got))
					}
					if !strings.Contains(got, ",2024-05-31,") {
						t.Errorf("no in-year rows at 31 May 2024:\n%s", got)
					}

					// The CLA counts of every row, counted in Go.
					counts := queryCSV(t, cfg, `SELECT indicator_id, strftime(month_end, '%Y-%m-%d') AS d, window_months, value FROM mart.in_year
						WHERE la_code = '358' AND indicator_id IN ('cla_at_31_march', 'cla_started_in_year', 'cla_ceased_in_year') ORDER BY ALL`)
					n := 0
					for _, l := range strings.Split(strings.TrimSpace(counts), "\n")[1:] {
						f := strings.Split(l, ",")
						d, _ := time.Parse(time.DateOnly, f[1])
						if want := fmt.Sprint(countCLA(t, prev, cut, f[0], d)); f[3] != want {
							t.Errorf("%s on %s: %s, counted in Go %s", f[0], f[1], f[3], want)
						}
						n++
					}
					if n < 20 {
						t.Errorf("only %d CLA rows:\n%s", n, counts)
					}
					if d, _ := time.Parse(time.DateOnly, asAt["ssda903"]); !isMonthEnd(d) {
						for _, row := range []string{"cla_at_31_march,%s,0,", "cla_started_in_year,%s,12,", "cla_ceased_in_year,%s,12,"} {
							if !strings.Contains(counts, fmt.Sprintf(row, asAt["ssda903"])) {
								t.Errorf("no row %s at the as_at:\n%s", fmt.Sprintf(row, asAt["ssda903"]), counts)
							}
						}
					}
				})
			}
		})
	}
}

// inYearRows are mart.in_year's figures, for comparing two runs.
const inYearRows = `SELECT indicator_id, strftime(month_end, '%Y-%m-%d') AS month_end, window_months, value, numerator, denominator
FROM mart.in_year WHERE la_code = '358' ORDER BY ALL`

// filterInYear keeps the rows of inYearRows at month ends up to upTo and,
// for an indicator in asAt (its as_at in another run), up to its as_at.
func filterInYear(rows string, upTo time.Time, asAt map[string]string) string {
	lines := strings.Split(strings.TrimSpace(rows), "\n")
	out := []string{lines[0]}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		d, _ := time.Parse(time.DateOnly, f[1])
		if d.After(upTo) || !isMonthEnd(d) {
			continue
		}
		if a, ok := asAt[f[0]]; ok && f[1] > a {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n"
}

// inYearAsAt is each indicator's as_at in a run's mart.in_year.
func inYearAsAt(t *testing.T, cfg *Config) map[string]string {
	t.Helper()
	m := map[string]string{}
	rows := queryCSV(t, cfg, `SELECT DISTINCT indicator_id, strftime(as_at, '%Y-%m-%d') FROM mart.in_year WHERE la_code = '358'`)
	for _, l := range strings.Split(strings.TrimSpace(rows), "\n")[1:] {
		f := strings.Split(l, ",")
		m[f[0]] = f[1]
	}
	return m
}

func isMonthEnd(d time.Time) bool { return d.AddDate(0, 0, 1).Day() == 1 }

// writePreviousYear writes into to the return of the collection year before
// year, made from from's as the case system gave it on 31 March year-1:
// cut at that day, the files named for that year, the census's header
// dated so.
func writePreviousYear(t *testing.T, from, to string, year int) {
	t.Helper()
	tmp := to + ".tmp"
	if _, err := demo.CutReturns(from, tmp, time.Date(year-1, 3, 31, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	span := func(y int) string { return fmt.Sprintf("%d-%02d", y-1, y%100) }
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(tmp, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		name := strings.ReplaceAll(e.Name(), span(year), span(year-1))
		name = strings.ReplaceAll(name, fmt.Sprint(year), fmt.Sprint(year-1))
		if strings.HasSuffix(name, ".xml") {
			s := strings.ReplaceAll(string(b), fmt.Sprintf("<Year>%d</Year>", year), fmt.Sprintf("<Year>%d</Year>", year-1))
			b = []byte(strings.ReplaceAll(s, fmt.Sprintf("<ReferenceDate>%d-03-31</ReferenceDate>", year), fmt.Sprintf("<ReferenceDate>%d-03-31</ReferenceDate>", year-1)))
		}
		if err := os.WriteFile(filepath.Join(to, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(tmp); err != nil {
		t.Fatal(err)
	}
}

// latest are the dates the data rule gives a cut return: the latest event
// in it (never a date of birth), by the kind of return.
type latest struct{ ssda903, cin time.Time }

func latestEvents(t *testing.T, dir string, year int, upTo time.Time) latest {
	t.Helper()
	var l latest
	later := func(have *time.Time, s string) {
		if d, err := dates.Parse(s); err == nil && d.After(*have) && !d.After(upTo) {
			*have = d
		}
	}
	for _, table := range []struct {
		file   string
		fields []int
	}{{"episodes", []int{1, 7}}, {"reviews", []int{2}}} {
		name := fmt.Sprintf("SSDA903_%d-%02d_%s.csv", year-1, year%100, table.file)
		for _, r := range readCSVRows(t, filepath.Join(dir, name)) {
			for _, f := range table.fields {
				later(&l.ssda903, r[f])
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("CIN_Census_%d.xml", year)))
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(strings.NewReader(string(b)))
	var el string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			el = x.Name.Local
		case xml.CharData:
			if strings.HasSuffix(el, "Date") && el != "PersonBirthDate" && el != "ReferenceDate" {
				later(&l.cin, strings.TrimSpace(string(x)))
			}
		}
	}
	if l.ssda903.IsZero() || l.cin.IsZero() {
		t.Fatalf("no events in %s", dir)
	}
	return l
}

func readCSVRows(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		rows = append(rows, strings.Split(l, ","))
	}
	return rows
}

// countCLA counts, by the rules of issue 24, children looked after on d
// (from the return of d's collection year), or starting or ceasing to be
// looked after in the 12 months to d (each event from the return of its
// year), from the episodes of the 2023-24 return in prev and the 2024-25
// return in cut. Short breaks (LS V3, V4) are in no count.
func countCLA(t *testing.T, prev, cut, indicator string, d time.Time) int {
	t.Helper()
	type ep struct {
		child, rne, rec string
		decom, dec      time.Time
		year            int
	}
	var eps []ep
	for year, dir := range map[int]string{2024: prev, 2025: cut} {
		for _, r := range readCSVRows(t, filepath.Join(dir, fmt.Sprintf("SSDA903_%d-%02d_episodes.csv", year-1, year%100))) {
			if r[3] == "V3" || r[3] == "V4" {
				continue
			}
			e := ep{child: r[0], rne: r[2], rec: r[8], year: year}
			e.decom, _ = dates.Parse(r[1])
			if r[7] != "" {
				e.dec, _ = dates.Parse(r[7])
			}
			eps = append(eps, e)
		}
	}
	yearOf := func(x time.Time) int {
		if x.Month() > 3 {
			return x.Year() + 1
		}
		return x.Year()
	}
	from := d.AddDate(-1, 0, 1) // the 12 months to d
	if isMonthEnd(d) {
		from = time.Date(d.Year(), d.Month()-11, 1, 0, 0, 0, 0, time.UTC)
	}
	in := func(x time.Time) bool { return !x.IsZero() && !x.Before(from) && !x.After(d) }
	children := map[string]bool{}
	for _, e := range eps {
		switch indicator {
		case "cla_at_31_march":
			if e.year == yearOf(d) && !e.decom.After(d) && (e.dec.IsZero() || e.dec.After(d)) {
				children[e.child] = true
			}
		case "cla_started_in_year":
			if e.rne == "S" && in(e.decom) && e.year == yearOf(e.decom) {
				children[e.child] = true
			}
		case "cla_ceased_in_year":
			if e.rec != "X1" && in(e.dec) && e.year == yearOf(e.dec) {
				children[e.child] = true
			}
		}
	}
	return len(children)
}
