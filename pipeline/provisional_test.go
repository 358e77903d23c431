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
	// The own figure of a published period stands beside the published one
	// in mart.la_benchmark_with_own; mart.la_benchmark has the published one
	// only, so a query for the LA's rank in 2025 gets one row.
	if got := queryCSV(t, cfg, `SELECT source, count(*) AS n FROM mart.la_benchmark_with_own
		WHERE la_code = '358' AND indicator_id = 'cla_at_31_march' AND period = '2025' GROUP BY ALL ORDER BY 1`); got != "source,n\nprovisional,1\npublished,1\n" {
		t.Errorf("mart.la_benchmark_with_own rows: %s", got)
	}
	if got := queryCSV(t, cfg, `SELECT source, count(*) AS n FROM mart.la_benchmark
		WHERE la_code = '358' AND indicator_id = 'cla_at_31_march' AND period = '2025' GROUP BY ALL ORDER BY 1`); got != "source,n\npublished,1\n" {
		t.Errorf("mart.la_benchmark rows: %s", got)
	}
}

// TestProvisionalOutOfBenchmark: on the provisional golden case (Middlesbrough's
// own 2026 figures beside the published 2025 ones), mart.la_benchmark holds
// DfE's published figures only: no row says provisional or has an as_at, and
// an indicator, LA and period have one row at most. The view
// mart.la_benchmark_with_own has the table's columns in its order and
// types, its published rows are the table's, and its provisional rows are
// the own figures of mart.provisional_position, one each, with the same
// values, unranked.
func TestProvisionalOutOfBenchmark(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../testdata/benchmark/provisional", dir)
	conf, err := os.ReadFile(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := runWithKey(t, dir, string(conf))
	checks := []struct{ name, q, want string }{
		{"published rows only",
			`SELECT count(*) > 0 AS rows, count(*) FILTER (WHERE source IS DISTINCT FROM 'published') AS not_published,
			        count(*) FILTER (WHERE as_at IS NOT NULL) AS with_as_at FROM mart.la_benchmark`,
			"rows,not_published,with_as_at\ntrue,0,0\n"},
		{"one row per indicator, LA and period",
			`SELECT indicator_id, la_code, period, count(*) AS n FROM mart.la_benchmark GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL`,
			"indicator_id,la_code,period,n\n"},
		{"the view has the table's columns",
			`SELECT count(*) AS differ FROM (
			    (SELECT column_index, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'mart' AND table_name = 'la_benchmark'
			     EXCEPT SELECT column_index, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'mart' AND table_name = 'la_benchmark_with_own')
			    UNION ALL
			    (SELECT column_index, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'mart' AND table_name = 'la_benchmark_with_own'
			     EXCEPT SELECT column_index, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'mart' AND table_name = 'la_benchmark'))`,
			"differ\n0\n"},
		{"the view's published rows are the table's",
			`SELECT (SELECT count(*) FROM mart.la_benchmark_with_own WHERE source = 'published') = (SELECT count(*) FROM mart.la_benchmark) AS same_count,
			        (SELECT count(*) FROM (SELECT * FROM mart.la_benchmark_with_own WHERE source = 'published' EXCEPT ALL SELECT * FROM mart.la_benchmark)) AS only_view,
			        (SELECT count(*) FROM (SELECT * FROM mart.la_benchmark EXCEPT ALL SELECT * FROM mart.la_benchmark_with_own WHERE source = 'published')) AS only_table`,
			"same_count,only_view,only_table\ntrue,0,0\n"},
		{"the view's own rows are mart.provisional_position's figures",
			`WITH own AS (
			    SELECT indicator_id, label, unit, polarity, period, year, la_code, la_name, region_name, value, as_at, source_file AS source_files
			    FROM mart.la_benchmark_with_own WHERE source = 'provisional'),
			pos AS (
			    SELECT indicator_id, label, unit, polarity, period, year, la_code, la_name, region_name, value, as_at, source_files
			    FROM mart.provisional_position)
			SELECT (SELECT count(*) FROM own) AS own, (SELECT count(*) FROM pos) AS positions,
			       (SELECT count(*) FROM (SELECT * FROM own EXCEPT ALL SELECT * FROM pos)) AS only_view,
			       (SELECT count(*) FROM (SELECT * FROM pos EXCEPT ALL SELECT * FROM own)) AS only_positions`,
			"own,positions,only_view,only_positions\n28,28,0,0\n"},
		{"own rows are not ranked and name their date",
			`SELECT count(*) FILTER (WHERE national_rank IS NOT NULL OR national_count IS NOT NULL OR regional_rank IS NOT NULL
			                         OR regional_count IS NOT NULL OR quartile IS NOT NULL) AS ranked,
			        count(*) FILTER (WHERE as_at IS NULL) AS without_as_at
			 FROM mart.la_benchmark_with_own WHERE source = 'provisional'`,
			"ranked,without_as_at\n0,0\n"},
		{"only two sources",
			`SELECT source, count(*) AS n FROM mart.la_benchmark_with_own GROUP BY ALL ORDER BY ALL`,
			"source,n\nprovisional,28\npublished,24\n"},
	}
	for _, c := range checks {
		if got := queryCSV(t, cfg, c.q); got != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, got, c.want)
		}
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
