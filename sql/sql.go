// Package sql holds the warehouse models, the source of truth for every
// figure an analyst sees. Like dbt's layers: ref_* (reference data), stage_*
// (normalised inputs made comparable), mart_* (what analysts read).
package sql

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.sql
var files embed.FS

// Models lists the models in dependency order: each reads only tables that
// the pipeline loaded or that a model before it built.
var Models = []string{
	"stage_observation.sql",
	"ref_indicator_meta.sql",
	"ref_benchmark_rules.sql",
	"ref_confidence.sql",
	"ref_la_current.sql",
	"ref_population.sql",
	"ref_statistical_neighbour.sql",
	"stage_indicator_value.sql",
	"stage_indicator_unmatched.sql",
	"stage_school_inspection.sql",
	"stage_own_as_at.sql",
	"stage_cla_episode_carried.sql",
	"stage_cla_episode_seq.sql",
	"stage_cla_looked_after_12_months.sql",
	"stage_cla_uasc_flag.sql",
	"stage_cin_working_day.sql",
	"stage_ofsted_urn.sql",
	"validate_*.sql", // every return's rule files, in name order (ValidationFiles); after stage.return_as_at (part-year returns)
	"mart_validation_summary.sql",
	"stage_own_indicator.sql",
	"mart_la_benchmark.sql",
	"mart_provisional.sql",
	"mart_in_year.sql",
	"mart_gap.sql",
	"mart_school_result.sql",
	"mart_la_inspection.sql",
}

// ValidationFiles are the rule files, validate_<return>[_<family>].sql, in
// name order: a return's rules may be split by family (episodes, adoption)
// so each file stays one family an analyst can read.
func ValidationFiles() ([]string, error) {
	names, err := fs.Glob(files, "validate_*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// All is every model file with validate_*.sql expanded to the rule files,
// in the order they run.
func All() []string {
	var out []string
	for _, name := range Models {
		if name == "validate_*.sql" {
			rules, _ := ValidationFiles() // a fixed pattern over embedded files: no error
			out = append(out, rules...)
			continue
		}
		out = append(out, name)
	}
	return out
}

// Read returns a model's SQL.
func Read(name string) (string, error) {
	b, err := files.ReadFile(name)
	return string(b), err
}

//go:embed comments.csv
var comments string

// Comment is a description of a warehouse table (Column "") or column,
// which the build sets as its COMMENT, so duckdb_tables(),
// duckdb_columns() and `yardstick query --tables` describe it.
type Comment struct{ Table, Column, Text string }

// Comments reads comments.csv.
func Comments() ([]Comment, error) {
	recs, err := csv.NewReader(strings.NewReader(comments)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("comments.csv: %w", err)
	}
	var out []Comment
	for _, r := range recs[1:] {
		out = append(out, Comment{Table: r[0], Column: r[1], Text: r[2]})
	}
	return out, nil
}
