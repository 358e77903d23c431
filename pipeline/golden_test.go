package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// goldenQueries are what the golden benchmark cases compare, by the name
// of the file holding the expected rows: the ranking columns of
// mart.la_benchmark (expected.csv), mart.gap (expected_gap.csv),
// mart.school_result (expected_school.csv), the CLA counts of
// mart.in_year at each month end (expected_in_year.csv) and the own rows
// of the view mart.la_benchmark_with_own (expected_with_own.csv; the table
// holds published rows only), and the confidence intervals of the shares
// and rates of mart.la_benchmark (expected_ci.csv) with the issues about
// their numerators (expected_ci_issue.csv); the own figures' intervals in
// mart.provisional_position, mart.la_benchmark_with_own and mart.in_year
// (expected_provisional_ci.csv, expected_with_own_ci.csv,
// expected_in_year_ci.csv).
var goldenQueries = map[string]string{
	"expected.csv": `SELECT indicator_id, period, la_code, value, symbol, england_value, region_value,
	national_rank, national_count, regional_rank, regional_count, quartile, change, direction, version
FROM mart.la_benchmark ORDER BY indicator_id, period, la_code`,
	"expected_gap.csv": `SELECT gap_id, period, la_code, group_value, comparison_value, gap, england_gap, region_gap,
	gap_vs_england, group_vs_england_comparison, national_rank, national_count, regional_rank, regional_count,
	quartile, change, direction
FROM mart.gap ORDER BY gap_id, period, la_code`,
	"expected_provisional.csv": `SELECT indicator_id, period, la_code, value, numerator, denominator, published_period, published_value,
national_rank, national_count, regional_rank, regional_count, sn_rank, sn_count, quartile FROM mart.provisional_position ORDER BY indicator_id`,
	"expected_with_own.csv": `SELECT indicator_id, period, la_code, value, england_value, region_value, sn_mean, sn_median, sn_count,
	national_rank, quartile, change, direction, source, strftime(as_at, '%Y-%m-%d') AS as_at
FROM mart.la_benchmark_with_own WHERE source <> 'published' ORDER BY indicator_id, period, la_code`,
	"expected_issue.csv": `SELECT rule, message FROM meta.issue WHERE rule LIKE 'own_%' ORDER BY message`,
	"expected_shared.csv": `SELECT indicator_id, period, la_code, value, shared_with, national_rank, national_count, quartile
FROM mart.la_benchmark WHERE shared_with IS NOT NULL ORDER BY indicator_id, period, la_code`,
	"expected_definition_issue.csv": `SELECT regexp_extract(file, '[^/]*$') AS file, "column", rule, message FROM meta.issue
WHERE rule LIKE 'indicator_%' OR rule IN ('shared_service', 'unknown_la') ORDER BY rule, message`,
	"expected_ci.csv": `SELECT indicator_id, period, la_code, value, symbol, numerator, denominator,
	round(ci_lower, 4) AS ci_lower, round(ci_upper, 4) AS ci_upper, england_value, polarity, vs_england
FROM mart.la_benchmark WHERE unit IN ('%', 'rate') ORDER BY indicator_id, period, la_code`,
	"expected_ci_issue.csv": `SELECT regexp_extract(file, '[^/]*$') AS file, "row", "column", rule, message FROM meta.issue
WHERE rule IN ('bad_numerator', 'missing_numerator') ORDER BY rule, file, "row"`,
	"expected_provisional_ci.csv": `SELECT indicator_id, period, la_code, value, numerator, denominator,
	round(ci_lower, 4) AS ci_lower, round(ci_upper, 4) AS ci_upper, england_value, polarity, vs_england
FROM mart.provisional_position WHERE unit IN ('%', 'rate') ORDER BY indicator_id, period`,
	"expected_with_own_ci.csv": `SELECT indicator_id, period, la_code, value, numerator, denominator,
	round(ci_lower, 4) AS ci_lower, round(ci_upper, 4) AS ci_upper, england_value, polarity, vs_england
FROM mart.la_benchmark_with_own WHERE source <> 'published' AND unit IN ('%', 'rate') ORDER BY indicator_id, period`,
	"expected_in_year_ci.csv": `SELECT indicator_id, strftime(month_end, '%Y-%m-%d') AS month_end, window_months, value, numerator, denominator,
	round(ci_lower, 4) AS ci_lower, round(ci_upper, 4) AS ci_upper, england_value, vs_england
FROM mart.in_year WHERE indicator_id IN ('cla_3plus_placements_pct', 'cla_long_term_stability_pct') ORDER BY indicator_id, month_end, window_months`,
	"expected_school.csv": `SELECT urn, school_name, la_code, la_name, phase, period, measure, value, symbol, la_value, england_value
FROM mart.school_result ORDER BY urn, measure`,
	"expected_in_year.csv": `SELECT la_code, indicator_id, strftime(month_end, '%Y-%m-%d') AS month_end, window_months, value, numerator, denominator, strftime(as_at, '%Y-%m-%d') AS as_at
FROM mart.in_year WHERE indicator_id IN ('cla_at_31_march', 'cla_started_in_year', 'cla_ceased_in_year')
ORDER BY indicator_id, month_end, la_code`,
}

// TestGoldenBenchmark runs each case in testdata/benchmark/<case>/ (a
// yardstick.yaml and its inputs) in a scratch copy and compares the marts
// with the hand-worked expected*.csv files beside it.
func TestGoldenBenchmark(t *testing.T) {
	cases, err := filepath.Glob("../testdata/benchmark/*/yardstick.yaml")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases found: %v", err)
	}
	// Cases with child-level returns pseudonymise under a test key.
	t.Setenv("YARDSTICK_PSEUDO_KEY", "golden-cases-test-key-not-a-secret")
	for _, cfgPath := range cases {
		dir := filepath.Dir(cfgPath)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			work := t.TempDir()
			copyTree(t, dir, work)
			cfg, err := LoadConfig(filepath.Join(work, "yardstick.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Run(context.Background(), cfg, Options{}); err != nil {
				t.Fatal(err)
			}
			compared := 0
			for file, q := range goldenQueries {
				want, err := os.ReadFile(filepath.Join(dir, file))
				if os.IsNotExist(err) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				compared++
				if got := queryCSV(t, cfg, q); got != string(want) {
					t.Errorf("%s differs\n%s", file, diffLines(string(want), got))
				}
			}
			if compared == 0 {
				t.Fatal("the case has no expected*.csv")
			}
			// The series matching of stage_indicator_value.sql picks the
			// same rows as the plain definition: every observation joined
			// to every indicator by measure, file glob and where.
			got := queryCSV(t, cfg, `SELECT indicator_id, period, geographic_level, geo_code, value, symbol, version, source_file, source_row, n_matches
FROM stage.indicator_value WHERE NOT computed ORDER BY ALL`)
			if want := queryCSV(t, cfg, referenceIndicatorValues); got != want {
				t.Errorf("stage.indicator_value differs from the plain matching\n%s", diffLines(want, got))
			}
		})
	}
}

// referenceIndicatorValues is the indicator step written plainly, without
// series: each observation against each indicator (quadratic, for tests).
const referenceIndicatorValues = `WITH matched AS (
    SELECT i.indicator_id, o.source_file, o.source_row, o.period, o.geographic_level, o.geo_code, o.value, o.symbol,
           json_extract_string(o.breakdown, '$.version') AS version,
           CASE lower(json_extract_string(o.breakdown, '$.version'))
               WHEN 'final' THEN 1 WHEN 'revised' THEN 2 WHEN 'provisional' THEN 3 ELSE 4 END AS version_rank
    FROM stage.observation o
    JOIN ref.indicator i
      ON i.measure = o.measure
     AND regexp_extract(o.source_file, '[^/]*$') GLOB i.file_glob
     AND json_contains(o.breakdown::JSON, i.where_json::JSON)
    WHERE o.geographic_level IN ('national', 'regional', 'la') AND o.year IS NOT NULL AND o.geo_code IS NOT NULL
)
SELECT indicator_id, period, geographic_level, geo_code, value, symbol, version, source_file, source_row,
       count(*) OVER (PARTITION BY indicator_id, period, geographic_level, geo_code, version_rank) AS n_matches
FROM matched
QUALIFY row_number() OVER (PARTITION BY indicator_id, period, geographic_level, geo_code
                           ORDER BY version_rank, source_file DESC, source_row) = 1
ORDER BY ALL`

func queryCSV(t *testing.T, cfg *Config, q string) string {
	t.Helper()
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var buf bytes.Buffer
	if err := Query(context.Background(), db, q, "csv", &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// diffLines lists the lines that differ, want first.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + "\n  want: " + wl + "\n  got:  " + gl + "\n")
		}
	}
	return b.String()
}
