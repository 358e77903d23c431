// Command benchbare is the benchmark's yardstick-free baseline: DuckDB (the
// same build yardstick links) doing the bare work on the same CSV files in
// one query, with no staging, checks or marts beyond it: read_csv, keep LA
// rows, pick each indicator of the config's catalogue by measure and where,
// national rank, regional rank and type-7 quartiles per indicator and
// year. testdata/bench.sh times it beside yardstick's whole run and prints
// the ratio. It lives in testdata so `go test ./...` and `go vet ./...`
// leave it out; the script builds it explicitly.
//
// Usage: benchbare CONFIG        (runs the query, prints its time)
//
//	benchbare -plan CONFIG  (prints the picks as JSON for testdata/benchpandas.py)
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/yardstick-etl/yardstick/pipeline"
)

func main() {
	args := os.Args[1:]
	planOnly := len(args) == 2 && args[0] == "-plan"
	if planOnly {
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: benchbare [-plan] CONFIG")
		os.Exit(2)
	}
	if err := run(args[0], planOnly); err != nil {
		fmt.Fprintln(os.Stderr, "benchbare:", err)
		os.Exit(1)
	}
}

func run(cfgPath string, planOnly bool) error {
	cfg, err := pipeline.LoadConfig(cfgPath)
	if err != nil {
		return err
	}
	var csvs []string
	for _, in := range cfg.Inputs {
		err := filepath.WalkDir(cfg.Abs(in), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".csv") {
				csvs = append(csvs, p)
			}
			return err
		})
		if err != nil {
			return err
		}
	}
	sort.Strings(csvs)
	cat := pipeline.Catalogue(cfg.Indicators)
	if planOnly {
		groups, _ := plan(csvs, cat)
		return json.NewEncoder(os.Stdout).Encode(groups)
	}
	q, n := bareQuery(csvs, cat)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		return err
	}
	var rows int64
	if err := db.QueryRow(`SELECT count(*) FROM result`).Scan(&rows); err != nil {
		return err
	}
	fmt.Printf("bare DuckDB: %d indicators, %d ranked LA values in %.2f s\n", n, rows, time.Since(start).Seconds())
	return nil
}

// group is the indicators that share a file, a measure and the names of
// their filters: one pick, a join on a VALUES list of their filter values.
type group struct {
	file    int        // index into the CSV list
	Path    string     `json:"path"`
	Measure string     `json:"measure"`
	Keys    []string   `json:"keys"`
	Rows    [][]string `json:"rows"` // indicator id, polarity, then the filter values in Keys' order
}

// plan groups the catalogue's ranked indicators by file, measure and filter
// names, as a user would write the picks by hand; the pandas peer
// (testdata/benchpandas.py) reads the same plan as JSON.
func plan(csvs []string, cat []pipeline.Indicator) ([]*group, int) {
	groups := map[string]*group{}
	var order []*group
	n := 0
	for _, ind := range cat {
		if ind.File == "" || ind.Measure == "" || (ind.Polarity != "high" && ind.Polarity != "low") {
			continue
		}
		keys := make([]string, 0, len(ind.Where))
		for k := range ind.Where {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for fi, f := range csvs {
			if ok, _ := filepath.Match(ind.File, filepath.Base(f)); !ok {
				continue
			}
			id := fmt.Sprintf("%d|%s|%s", fi, ind.Measure, strings.Join(keys, "|"))
			g, seen := groups[id]
			if !seen {
				g = &group{file: fi, Path: f, Measure: ind.Measure, Keys: keys}
				groups[id] = g
				order = append(order, g)
			}
			row := []string{ind.ID, ind.Polarity}
			for _, k := range keys {
				row = append(row, ind.Where[k])
			}
			g.Rows = append(g.Rows, row)
			n++
		}
	}
	return order, n
}

// bareQuery writes the one query: each file read once (LA rows only), and
// each group of indicators picked with one join on a VALUES list of their
// filter values, as a DuckDB user would write it by hand.
func bareQuery(csvs []string, cat []pipeline.Indicator) (string, int) {
	order, n := plan(csvs, cat)
	var ctes, picks []string
	used := map[int]bool{}
	for _, g := range order {
		used[g.file] = true
	}
	for fi, f := range csvs {
		if used[fi] {
			ctes = append(ctes, fmt.Sprintf("f%d AS MATERIALIZED (SELECT * FROM read_csv(%s, all_varchar = true, header = true) WHERE geographic_level = 'Local authority')", fi, lit(f)))
		}
	}
	for _, g := range order {
		cols := []string{"id", "polarity"}
		var on []string
		for i, k := range g.Keys {
			cols = append(cols, fmt.Sprintf("k%d", i))
			on = append(on, fmt.Sprintf("f.%s = ind.k%d", ident(k), i))
		}
		join := "CROSS JOIN"
		cond := ""
		if len(on) > 0 {
			join, cond = "JOIN", " ON "+strings.Join(on, " AND ")
		}
		rows := make([]string, len(g.Rows))
		for i, r := range g.Rows {
			vals := make([]string, len(r))
			for j, v := range r {
				vals[j] = lit(v)
			}
			rows[i] = "(" + strings.Join(vals, ", ") + ")"
		}
		picks = append(picks, fmt.Sprintf(
			"SELECT ind.id AS indicator_id, ind.polarity, f.time_period, f.old_la_code AS la_code, f.region_code, TRY_CAST(f.%s AS DOUBLE) AS value FROM f%d f %s (VALUES %s) ind(%s)%s",
			ident(g.Measure), g.file, join, strings.Join(rows, ", "), strings.Join(cols, ", "), cond))
	}
	ctes = append(ctes, "v AS ("+strings.Join(picks, "\nUNION ALL\n")+")")
	return "CREATE TABLE result AS WITH " + strings.Join(ctes, ",\n") + `,
ranked AS (
    SELECT *, CASE polarity WHEN 'high' THEN -value ELSE value END AS k,
           rank() OVER (PARTITION BY indicator_id, time_period ORDER BY CASE polarity WHEN 'high' THEN -value ELSE value END) AS national_rank,
           rank() OVER (PARTITION BY indicator_id, time_period, region_code ORDER BY CASE polarity WHEN 'high' THEN -value ELSE value END) AS regional_rank
    FROM v WHERE value IS NOT NULL
),
q AS (
    SELECT indicator_id, time_period, quantile_cont(value, [0.25, 0.5, 0.75]) AS q FROM v WHERE value IS NOT NULL GROUP BY ALL
)
SELECT r.*, CASE WHEN value <= q[1] THEN 1 WHEN value <= q[2] THEN 2 WHEN value <= q[3] THEN 3 ELSE 4 END AS band
FROM ranked r JOIN q USING (indicator_id, time_period)`, n
}

func lit(s string) string   { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
