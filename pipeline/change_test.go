package pipeline

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/pipeline/digest"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
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

// releaseWork copies testdata/changes/release into a scratch folder whose
// inputs/ holds the files of run (run1 or run2), or nothing when run is
// "", and returns the folder.
func releaseWork(t *testing.T, run string) string {
	t.Helper()
	work := t.TempDir()
	copyTree(t, filepath.Join("..", "testdata", "changes", "release"), work)
	os.MkdirAll(filepath.Join(work, "inputs"), 0o755)
	if run != "" {
		copyTree(t, filepath.Join(work, run), filepath.Join(work, "inputs"))
	}
	return work
}

// loadWork loads the config of a scratch folder.
func loadWork(t *testing.T, work string) *Config {
	t.Helper()
	cfg, err := LoadConfig(filepath.Join(work, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// alterWarehouse runs statements on a published warehouse, to make it
// what an older yardstick, or something else, left.
func alterWarehouse(t *testing.T, warehouse string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("duckdb", warehouse)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
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
			checkDigest(t, cfg, dir)
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
	cfg := loadWork(t, releaseWork(t, "run1"))
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
			alterWarehouse(t, warehouse,
				`DROP TABLE meta.change`, `DROP TABLE meta.change_run`, `DROP TABLE mart.in_year`,
				`CREATE TABLE mart.la_benchmark_old AS SELECT * EXCLUDE (national_rank, quartile) FROM mart.la_benchmark`,
				`DROP VIEW mart.la_benchmark_with_own`, `DROP VIEW mart.la_benchmark`,
				`ALTER TABLE mart.la_benchmark_old RENAME TO la_benchmark`)
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
	t.Run("another type", func(t *testing.T) {
		cfg := changeCase(t, "release", func(t *testing.T, warehouse string) {
			alterWarehouse(t, warehouse,
				`CREATE TABLE mart.la_benchmark_old AS SELECT * REPLACE ('about ' || value AS value) FROM mart.la_benchmark`,
				`DROP VIEW mart.la_benchmark_with_own`, `DROP VIEW mart.la_benchmark`,
				`ALTER TABLE mart.la_benchmark_old RENAME TO la_benchmark`)
		})
		if got := queryCSV(t, cfg, `SELECT count(*) AS n FROM meta.change`); got != "n\n0\n" {
			t.Errorf("changes recorded against a warehouse that cannot be compared: %s", got)
		}
		got := queryCSV(t, cfg, `SELECT compared, note LIKE 'the published warehouse could not be compared with (%' AS said FROM meta.change_run ORDER BY run_id DESC LIMIT 1`)
		if got != "compared,said\nfalse,true\n" {
			t.Errorf("meta.change_run: %s", got)
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

// checkDigest compares the home LA's digest of the second run with the
// case's expected_digest.txt, and checks the run wrote it beside the
// extract, as Markdown and HTML, saying the same.
func checkDigest(t *testing.T, cfg *Config, dir string) {
	t.Helper()
	want, err := os.ReadFile(filepath.Join(dir, "expected_digest.txt"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, err := digest.Read(context.Background(), db, "358", "")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := d.Write(&b, "text", terminal.Width); err != nil {
		t.Fatal(err)
	}
	// the runs' ids differ each time: named by their order
	got := b.String()
	for i, r := range d.Runs {
		got = strings.ReplaceAll(got, r.ID, fmt.Sprintf("RUN%d", i+2))
		got = strings.ReplaceAll(got, r.Previous, fmt.Sprintf("RUN%d", i+1))
	}
	if got != string(want) {
		t.Errorf("digest differs\n%s", diffLines(string(want), got))
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if n := len([]rune(l)); n > terminal.Width {
			t.Errorf("digest line of %d characters, over %d: %q", n, terminal.Width, l)
		}
	}
	for _, f := range []struct{ name, has string }{
		{"358_trafford_digest.md", "| Children waiting over the threshold (%) | 2025 | 30.0% | 22.0% | worse | 3/4 | C | 42.0%, 4, D |"},
		{"358_trafford_digest.html", "<td>Children waiting over the threshold (%)</td><td>2025</td><td class=\"num\">30.0%</td>"},
	} {
		got, err := os.ReadFile(filepath.Join(cfg.Abs("extracts"), f.name))
		if err != nil {
			t.Errorf("the run did not write its digest beside the extract: %v", err)
			continue
		}
		if !strings.Contains(string(got), f.has) {
			t.Errorf("%s lacks %q:\n%s", f.name, f.has, got)
		}
	}
}

// TestDigestOneLine: a first run, and a run that changed nothing, are one
// line each, in every format's title; --since a run the warehouse does not
// keep is refused, naming the runs it keeps.
func TestDigestOneLine(t *testing.T) {
	cfg := loadWork(t, releaseWork(t, "run1"))
	text := func(since string) (string, error) {
		db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		d, err := digest.Read(context.Background(), db, "358", since)
		if err != nil {
			return "", err
		}
		var b bytes.Buffer
		if err := d.Write(&b, "text", terminal.Width); err != nil {
			t.Fatal(err)
		}
		return b.String(), nil
	}
	sum := mustRun(t, cfg, Options{})
	if sum.Changes != "first run: nothing to compare with for Trafford" {
		t.Errorf("first run's summary: %q", sum.Changes)
	}
	got, _ := text("")
	if !strings.HasPrefix(got, "Trafford (358): first run (") || !strings.HasSuffix(got, "), nothing to compare with yet\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("first run's digest is not one line saying so:\n%s", got)
	}
	sum = mustRun(t, cfg, Options{Force: true})
	if sum.Changes != "nothing changed for Trafford" {
		t.Errorf("unchanged run's summary: %q", sum.Changes)
	}
	// the same published inputs: their figures are not compared again
	if got := queryCSV(t, cfg, `SELECT note LIKE '%(the published statistics the same: the council''s returns compared)' AS skipped FROM meta.change_run ORDER BY run_id`); got != "skipped\nfalse\ntrue\n" {
		t.Errorf("a run with the same published inputs compared them again:\n%s", got)
	}
	got, _ = text("")
	if !strings.HasPrefix(got, "Trafford (358): nothing changed in run ") || strings.Count(got, "\n") != 1 {
		t.Errorf("a run that changed nothing is not one line:\n%s", got)
	}
	md, err := os.ReadFile(filepath.Join(cfg.Abs("extracts"), "358_trafford_digest.md"))
	if err != nil || !strings.HasPrefix(string(md), "# Trafford (358): nothing changed in run ") || strings.Count(string(md), "\n") != 1 {
		t.Errorf("the Markdown digest of a run that changed nothing: %q %v", md, err)
	}
	if _, err := text("20990101T000000Z-000000"); err == nil || !strings.Contains(err.Error(), "neither a date (YYYY-MM-DD) nor a run the warehouse keeps changes for") {
		t.Errorf("--since an unknown run: %v", err)
	}
	if got, err := text("2000-01-01"); err != nil || !strings.Contains(got, "nothing changed in the 2 runs from ") {
		t.Errorf("--since a date before both runs: %q %v", got, err)
	}
}
