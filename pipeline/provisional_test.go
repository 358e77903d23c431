package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/demo"
)

// TestDemoOwnFigures: the synthetic council's own figures, computed by the
// SQL from its returns, are what the generator put in them: looked after
// on 31 March (also its published figure), 3 or more placements during
// the year, started and ceased in the year; and they are placed in the
// latest published distribution.
func TestDemoOwnFigures(t *testing.T) {
	dir := t.TempDir()
	opt := demo.DefaultOptions
	opt.Years = 2
	if _, err := demo.Generate(dir, opt); err != nil {
		t.Fatal(err)
	}
	_, truth, err := demo.GenerateReturnsWithTruth(dir, "358", opt)
	if err != nil {
		t.Fatal(err)
	}
	cfg := runWithKey(t, dir, "inputs: [inputs]\nhome_la: \"358\"\n")
	pct := func(n, d int) string { return fmt.Sprintf("%.0f", 100*float64(n)/float64(d)) }
	got := queryCSV(t, cfg, `SELECT indicator_id, value FROM mart.provisional_position
		WHERE la_code = '358' AND indicator_id IN ('cla_at_31_march', 'cla_3plus_placements_pct', 'cla_started_in_year', 'cla_ceased_in_year')
		ORDER BY indicator_id`)
	want := "indicator_id,value\n" +
		fmt.Sprintf("cla_3plus_placements_pct,%s\n", pct(truth.ThreePlusPlacements, truth.CLAAt31)) +
		fmt.Sprintf("cla_at_31_march,%d\n", truth.CLAAt31) +
		fmt.Sprintf("cla_ceased_in_year,%d\n", truth.Ceased) +
		fmt.Sprintf("cla_started_in_year,%d\n", truth.Started)
	if got != want {
		t.Errorf("own figures:\n%s\nwant:\n%s", got, want)
	}
	// The published figure of the same year is the same count.
	if got := queryCSV(t, cfg, `SELECT published_period, published_value = value AS same FROM mart.provisional_position
		WHERE la_code = '358' AND indicator_id = 'cla_at_31_march'`); got != "published_period,same\n2025,true\n" {
		t.Errorf("against the published figure: %s", got)
	}
	// Go over the staged rows agrees with the SQL, CP plans included.
	if _, cpp := checkOwnFigures(t, cfg); cpp.den == 0 || cpp.num == 0 {
		t.Errorf("the demo's census has no second or subsequent plans to compare: %+v", cpp)
	}
	// The generated returns are clean: no cell or cross-row check fires, so
	// the demo shows no false alarms (own_source and own_no_source say what
	// the own figures rest on; they are not about faults in the returns).
	if got := queryCSV(t, cfg, `SELECT rule, count(*) AS n FROM meta.issue
		WHERE file LIKE '%returns%' AND rule NOT LIKE 'own_%' GROUP BY ALL ORDER BY 1`); got != "rule,n\n" {
		t.Errorf("the demo's returns raise issues:\n%s", got)
	}
	// ... and they break none of DfE's validation rules, errors or queries
	if got := queryCSV(t, cfg, `SELECT rule_code, count(*) AS n FROM meta.validation GROUP BY ALL ORDER BY 1`); got != "rule_code,n\n" {
		t.Errorf("the demo's returns break validation rules:\n%s", got)
	}
	// Provisional rows stand beside the published ones in mart.la_benchmark.
	if got := queryCSV(t, cfg, `SELECT source, count(*) AS n FROM mart.la_benchmark
		WHERE la_code = '358' AND indicator_id = 'cla_at_31_march' AND period = '2025' GROUP BY ALL ORDER BY 1`); got != "source,n\nprovisional,1\npublished,1\n" {
		t.Errorf("mart.la_benchmark rows: %s", got)
	}
}

// TestRealOwnFigures: on the real synthetic returns, children looked after
// on 31 March, those with 3 or more placements in the year, and child
// protection plans starting in the year that are a second or subsequent
// plan, counted by Go over the staged rows, agree with what the SQL
// (stage_own_indicator.sql) computes. The SSDA903 sample's episodes run
// from 2015 to 31 March 2018, so it is read as the 2017-18 return; the CIN
// samples have no plan starting within their census year, which both
// sides must agree on (the demo's returns, below, have plenty).
func TestRealOwnFigures(t *testing.T) {
	data := requireSharedData(t)
	cfg := runWithKey(t, t.TempDir(), "inputs:\n  - "+filepath.Join(data, "returns/ssda903")+"\n  - "+filepath.Join(data, "returns/cin_census")+"\n"+
		"home_la: Trafford\ncollection_year: 2018\n")
	cla, cpp := checkOwnFigures(t, cfg)
	if cla.threePlus == 0 || cla.at31 == 0 {
		t.Errorf("the 2017-18 reading gives nothing to compare: %+v", cla)
	}
	if cpp.den != 0 {
		t.Errorf("the CIN samples were expected to have no plan starting in their census year, found %d", cpp.den)
	}
}

// runWithKey writes conf (plus a new pseudonymisation key) as dir's
// yardstick.yaml and publishes a warehouse from it.
func runWithKey(t *testing.T, dir, conf string) *Config {
	t.Helper()
	cfg := keyedConfig(t, dir, conf)
	if sum, err := Run(context.Background(), cfg, Options{}); err != nil {
		if sum != nil {
			for _, in := range sum.Inputs {
				t.Logf("%+v", in)
			}
		}
		t.Fatal(err)
	}
	return cfg
}

// ownCounts are totals over every LA and year compared.
type ownCounts struct{ at31, threePlus int }
type ownRatio struct{ num, den int }

// checkOwnFigures counts in Go, from the staged rows, what
// stage.own_indicator_value holds for cla_at_31_march,
// cla_3plus_placements_pct and cpp_subsequent_pct, and fails where they
// differ. It returns the totals it compared.
func checkOwnFigures(t *testing.T, cfg *Config) (ownCounts, ownRatio) {
	t.Helper()
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	type key struct {
		la   string
		year int
	}
	type episode struct {
		child, rne, place, urn, post string
		decom                        time.Time
		dec                          sql.NullTime
		row                          int
	}
	episodes := map[key][]episode{}
	rows, err := db.Query(`SELECT la_code, collection_year, child_id, decom, dec, coalesce(rne, ''), coalesce(ls, ''),
		coalesce(place, ''), coalesce(urn, ''), coalesce(pl_post_outward, ''), source_row
		FROM stage.cla_episode e WHERE la_code IS NOT NULL AND collection_year IS NOT NULL AND decom IS NOT NULL
		  -- a file another of the same LA and year supersedes (a later extract) is not counted
		  AND NOT EXISTS (SELECT 1 FROM stage.return_file f WHERE f.superseded AND f.part = 'episodes'
		                  AND f.source_file = e.source_file AND f.la_code = e.la_code AND f.collection_year = e.collection_year)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k key
		var e episode
		var ls string
		if err := rows.Scan(&k.la, &k.year, &e.child, &e.decom, &e.dec, &e.rne, &ls, &e.place, &e.urn, &e.post, &e.row); err != nil {
			t.Fatal(err)
		}
		if ls == "V3" || ls == "V4" { // short breaks are not looked after
			continue
		}
		episodes[k] = append(episodes[k], e)
	}
	rows.Close()
	temporary := func(place string) bool {
		return len(place) == 2 && place[0] == 'T' && place[1] >= '0' && place[1] <= '4'
	}

	type counts struct{ at31, threePlus int }
	want := map[key]counts{}
	for k, eps := range episodes {
		yearStart := time.Date(k.year-1, 4, 1, 0, 0, 0, 0, time.UTC)
		yearEnd := time.Date(k.year, 3, 31, 0, 0, 0, 0, time.UTC)
		byChild := map[string][]episode{}
		for _, e := range eps {
			byChild[e.child] = append(byChild[e.child], e)
		}
		var c counts
		for _, ce := range byChild {
			sort.Slice(ce, func(i, j int) bool {
				if !ce[i].decom.Equal(ce[j].decom) {
					return ce[i].decom.Before(ce[j].decom)
				}
				return ce[i].row < ce[j].row
			})
			open := false
			var inYear []episode
			for _, e := range ce {
				if !e.decom.After(yearEnd) && (!e.dec.Valid || e.dec.Time.After(yearEnd)) {
					open = true
				}
				if !e.decom.After(yearEnd) && (!e.dec.Valid || !e.dec.Time.Before(yearStart)) {
					inYear = append(inYear, e)
				}
			}
			if !open {
				continue
			}
			c.at31++
			placements := 0
			for i, e := range inYear {
				switch {
				case temporary(e.place):
				case i == 0:
					placements++
				case e.rne == "L", e.place == "A3", e.place == "A5":
				case i >= 2 && temporary(inYear[i-1].place) && e.place == inYear[i-2].place &&
					e.urn == inYear[i-2].urn && e.post == inYear[i-2].post:
				default:
					placements++
				}
			}
			if placements >= 3 {
				c.threePlus++
			}
		}
		want[k] = c
	}

	// Second or subsequent plans: the census's NumberOfPreviousCPP above 0,
	// or an earlier plan of the same child in any loaded census.
	type plan struct {
		la, child string
		year      int
		start     time.Time
		previous  sql.NullInt64
	}
	var plans []plan
	rows, err = db.Query(`SELECT la_code, collection_year, child_id, start_date, number_of_previous_cpp
		FROM stage.cin_cp_plan WHERE la_code IS NOT NULL AND collection_year IS NOT NULL AND start_date IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p plan
		if err := rows.Scan(&p.la, &p.year, &p.child, &p.start, &p.previous); err != nil {
			t.Fatal(err)
		}
		plans = append(plans, p)
	}
	rows.Close()
	type ratio = ownRatio
	wantCPP := map[key]ratio{}
	for _, p := range plans {
		if p.start.Before(time.Date(p.year-1, 4, 1, 0, 0, 0, 0, time.UTC)) || p.start.After(time.Date(p.year, 3, 31, 0, 0, 0, 0, time.UTC)) {
			continue
		}
		r := wantCPP[key{p.la, p.year}]
		r.den++
		subsequent := p.previous.Valid && p.previous.Int64 > 0
		for _, q := range plans {
			if q.la == p.la && q.child == p.child && q.start.Before(p.start) {
				subsequent = true
			}
		}
		if subsequent {
			r.num++
		}
		wantCPP[key{p.la, p.year}] = r
	}

	got := func(indicator string) map[key]ratio {
		out := map[key]ratio{}
		rows, err := db.Query(`SELECT la_code, year, numerator, coalesce(denominator, 0) FROM stage.own_indicator_value WHERE indicator_id = ?`, indicator)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k key
			var r ratio
			if err := rows.Scan(&k.la, &k.year, &r.num, &r.den); err != nil {
				t.Fatal(err)
			}
			out[k] = r
		}
		return out
	}
	at31, three, cpp := got("cla_at_31_march"), got("cla_3plus_placements_pct"), got("cpp_subsequent_pct")
	var totalCLA ownCounts
	var totalCPP ownRatio
	for k, c := range want {
		t.Logf("%s %d: looked after on 31 March %d, 3+ placements %d (SQL %v, %v)", k.la, k.year, c.at31, c.threePlus, at31[k], three[k])
		if at31[k].num != c.at31 {
			t.Errorf("%s %d cla_at_31_march: SQL %d, Go %d", k.la, k.year, at31[k].num, c.at31)
		}
		if c.at31 > 0 && (three[k] != ratio{c.threePlus, c.at31}) {
			t.Errorf("%s %d cla_3plus_placements_pct: SQL %d/%d, Go %d/%d", k.la, k.year, three[k].num, three[k].den, c.threePlus, c.at31)
		}
		totalCLA.at31 += c.at31
		totalCLA.threePlus += c.threePlus
	}
	for k, r := range wantCPP {
		t.Logf("%s %d: CP plans starting %d, second or subsequent %d (SQL %v)", k.la, k.year, r.den, r.num, cpp[k])
		if cpp[k] != r {
			t.Errorf("%s %d cpp_subsequent_pct: SQL %d/%d, Go %d/%d", k.la, k.year, cpp[k].num, cpp[k].den, r.num, r.den)
		}
		totalCPP.num += r.num
		totalCPP.den += r.den
	}
	if len(cpp) != len(wantCPP) || len(three) > len(want) {
		t.Errorf("the SQL has figures for other years: cpp %v, 3+ %v", cpp, three)
	}
	return totalCLA, totalCPP
}

// TestOwnFigureWithoutItsTable: with no SSDA903 missing table loaded, the
// share of children who went missing is not made (never 0%), and an issue
// says which table to load.
func TestOwnFigureWithoutItsTable(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../testdata/benchmark/provisional", dir)
	if err := os.Remove(filepath.Join(dir, "inputs", "returns", "SSDA903_2025-26_missing.csv")); err != nil {
		t.Fatal(err)
	}
	conf, _ := os.ReadFile(filepath.Join(dir, "yardstick.yaml"))
	cfg := runWithKey(t, dir, string(conf))
	got := queryCSV(t, cfg, `SELECT (SELECT count(*) FROM stage.own_indicator_value WHERE indicator_id = 'cla_missing_pct'),
		(SELECT count(*) FROM stage.own_indicator_value WHERE indicator_id = 'cla_at_31_march'),
		(SELECT string_agg(message, '') FROM meta.issue WHERE rule = 'own_no_source')`)
	if !strings.Contains(got, "\n0,1,\"no SSDA903 missing table is loaded for LA 806 in 2026, so cla_missing_pct is not computed") {
		t.Errorf("got %q", got)
	}
}
