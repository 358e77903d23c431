// Package sql holds the warehouse models, the source of truth for every
// figure an analyst sees. Like dbt's layers: ref_* (reference data), stage_*
// (normalised inputs made comparable), mart_* (what analysts read).
package sql

import (
	"embed"
)

//go:embed *.sql
var files embed.FS

// Models lists the models in dependency order: each reads only tables that
// the pipeline loaded or that a model before it built.
var Models = []string{
	"stage_observation.sql",
	"ref_indicator_meta.sql",
	"ref_benchmark_rules.sql",
	"ref_la_current.sql",
	"ref_population.sql",
	"ref_statistical_neighbour.sql",
	"stage_indicator_value.sql",
	"stage_indicator_unmatched.sql",
	"stage_school_inspection.sql",
	"validate_cin_census.sql",
	"validate_ssda903.sql",
	"mart_validation_summary.sql",
	"stage_own_indicator.sql",
	"mart_la_benchmark.sql",
	"mart_provisional.sql",
	"mart_gap.sql",
	"mart_school_result.sql",
	"mart_la_inspection.sql",
}

// Read returns a model's SQL.
func Read(name string) (string, error) {
	b, err := files.ReadFile(name)
	return string(b), err
}
