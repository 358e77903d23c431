package pipeline

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// changeQuery is what the golden change cases compare with their
// expected_change.csv: this run's rows of meta.change.
const changeQuery = `SELECT la_code, indicator_id, period, kind, old_value, new_value, old_rank, new_rank,
	old_quartile, new_quartile, regexp_extract(source_file, '[^/]*$') AS source_file, rule_code, failures
FROM meta.change WHERE run_id = (SELECT max(run_id) FROM meta.change_run)
ORDER BY kind, indicator_id, period, la_code, rule_code`

// changeCase runs a case of testdata/changes: run1/ as the inputs, then
// run2/ in their place, returning the config (its warehouse the second
// run's). between, when given, runs on the first run's warehouse before
// the second run.
func changeCase(t *testing.T, name string, between func(t *testing.T, warehouse string)) *Config {
	t.Helper()
	dir := filepath.Join("..", "testdata", "changes", name)
	work := t.TempDir()
	copyTree(t, dir, work)
	cfg, err := LoadConfig(filepath.Join(work, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	inputs := filepath.Join(work, "inputs")
	for i, run := range []string{"run1", "run2"} {
		os.RemoveAll(inputs)
		copyTree(t, filepath.Join(work, run), inputs)
		if i == 1 && between != nil {
			between(t, cfg.Abs(cfg.Warehouse))
		}
		if _, err := Run(context.Background(), cfg, Options{}); err != nil {
			t.Fatalf("%s: %v", run, err)
		}
	}
	return cfg
}

// TestChangeGolden: the second run of each case records what the README
// works out by hand.
func TestChangeGolden(t *testing.T) {
	cases, err := filepath.Glob("../testdata/changes/*/expected_change.csv")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no change cases found: %v", err)
	}
	for _, c := range cases {
		dir := filepath.Dir(c)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			cfg := changeCase(t, filepath.Base(dir), nil)
			want, err := os.ReadFile(c)
			if err != nil {
				t.Fatal(err)
			}
			if got := queryCSV(t, cfg, changeQuery); got != string(want) {
				t.Errorf("meta.change differs\n%s", diffLines(string(want), got))
			}
			got := queryCSV(t, cfg, `SELECT compared, previous_run_id IS NOT NULL AS has_previous, note LIKE 'compared with the published warehouse of run %' AS note
FROM meta.change_run ORDER BY run_id`)
			if want := "compared,has_previous,note\nfalse,false,false\ntrue,true,true\n"; got != want {
				t.Errorf("meta.change_run: want\n%s got\n%s", want, got)
			}
		})
	}
}

// TestChangeFirstRun: a first run records no changes and says so.
func TestChangeFirstRun(t *testing.T) {
	work := t.TempDir()
	copyTree(t, filepath.Join("..", "testdata", "changes", "release"), work)
	copyTree(t, filepath.Join(work, "run1"), filepath.Join(work, "inputs"))
	cfg, err := LoadConfig(filepath.Join(work, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, cfg, Options{})
	if got := queryCSV(t, cfg, `SELECT count(*) AS n FROM meta.change`); got != "n\n0\n" {
		t.Errorf("a first run recorded changes: %s", got)
	}
	if got := queryCSV(t, cfg, `SELECT compared, note FROM meta.change_run`); !strings.Contains(got, `false,"first run: there is no published warehouse`) {
		t.Errorf("meta.change_run does not say it is a first run:\n%s", got)
	}
}

// TestChangeOlderWarehouse: a published warehouse from an older yardstick
// (no meta.change, a mart.la_benchmark without ranks and quartiles, no
// mart.in_year) is compared on the columns both have, and what could not
// be compared is said in meta.issue; an unreadable one is reported, and
// neither fails the run.
func TestChangeOlderWarehouse(t *testing.T) {
	t.Run("older", func(t *testing.T) {
		cfg := changeCase(t, "release", func(t *testing.T, warehouse string) {
			db, err := sql.Open("duckdb", warehouse)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, q := range []string{
				`DROP TABLE meta.change`, `DROP TABLE meta.change_run`, `DROP TABLE mart.in_year`,
				`CREATE TABLE mart.la_benchmark_old AS SELECT * EXCLUDE (national_rank, quartile) FROM mart.la_benchmark`,
				`DROP VIEW mart.la_benchmark_with_own`, `DROP VIEW mart.la_benchmark`,
				`ALTER TABLE mart.la_benchmark_old RENAME TO la_benchmark`,
			} {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		})
		got := queryCSV(t, cfg, `SELECT kind, count(*) AS n, count(old_rank) AS old_ranks FROM meta.change GROUP BY kind ORDER BY kind`)
		if want := "kind,n,old_ranks\nnew_period,4,0\nrevised,2,0\n"; got != want {
			t.Errorf("meta.change on the columns both have: want\n%s got\n%s", want, got)
		}
		issues := queryCSV(t, cfg, `SELECT message FROM meta.issue WHERE rule = 'change_not_compared' ORDER BY message`)
		for _, want := range []string{"has no mart.in_year (an older yardstick), so its in-year figures are not compared",
			"mart.la_benchmark lacks national_rank, quartile (an older yardstick): compared without"} {
			if !strings.Contains(issues, want) {
				t.Errorf("meta.issue does not say %q:\n%s", want, issues)
			}
		}
		if got := queryCSV(t, cfg, `SELECT count(*) AS runs FROM meta.change_run`); got != "runs\n1\n" {
			t.Errorf("meta.change_run kept runs a warehouse without it cannot have: %s", got)
		}
	})
	t.Run("unreadable", func(t *testing.T) {
		cfg := changeCase(t, "release", func(t *testing.T, warehouse string) {
			if err := os.WriteFile(warehouse, []byte("not a database: a file left by something else"), 0o644); err != nil {
				t.Fatal(err)
			}
		})
		if got := queryCSV(t, cfg, `SELECT count(*) AS n FROM meta.change`); got != "n\n0\n" {
			t.Errorf("changes recorded against an unreadable warehouse: %s", got)
		}
		got := queryCSV(t, cfg, `SELECT compared, note LIKE 'the published warehouse could not be opened to compare with (%' AS said FROM meta.change_run`)
		if got != "compared,said\nfalse,true\n" {
			t.Errorf("meta.change_run: %s", got)
		}
	})
}
