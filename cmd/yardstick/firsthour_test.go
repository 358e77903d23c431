package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yardstick-etl/yardstick/pipeline"
)

// TestOutputFits (issue 26): every line run, status, catalogue and query
// --tables print fits 120 columns (stdout is not a terminal), whatever the
// length of the inputs' names, the reasons they are rejected and an
// unmatched definition's advice; known reference files that are not read
// are said in one line, not rejected; counts of one are singular.
func TestOutputFits(t *testing.T) {
	reference, _ := filepath.Abs("../../../shared/data/reference")
	if _, err := os.Stat(reference); err != nil {
		t.Skipf("real data not found at %s", reference)
	}
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	os.Mkdir(inbox, 0o755)
	long := strings.Repeat("a_long_file_name_", 9)
	files := map[string]string{
		long + ".csv":              "some,header,nobody,knows\n1,2,3,4\n",
		"notes.txt":                "not a release guide\n",
		long + "_unmatched_x.xlsx": "not a workbook",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(inbox, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scores, err := os.ReadFile("../../testdata/benchmark/ranking/inputs/scores.csv")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(inbox, "scores.csv"), scores, 0o644)
	cfg := filepath.Join(dir, "yardstick.yaml")
	conf := "inputs: [inbox, " + reference + "]\nwarehouse: yardstick.duckdb\nindicators:\n" +
		"  - {id: " + strings.Repeat("score_misspelt_", 5) + ", label: A score, file: \"scores*.csv\", measure: scroe, where: {subject: All}, unit: score, polarity: high}\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fits := func(name string, args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		if code := run(ctx, args, &out, &errs); code != 0 {
			t.Fatalf("%s: exit %d\n%s\n%s", name, code, out.String(), errs.String())
		}
		for _, l := range strings.Split(out.String(), "\n") {
			if n := utf8.RuneCountInString(l); n > 120 {
				t.Errorf("%s: a line of %d characters: %q", name, n, l)
			}
		}
		return out.String()
	}
	first := fits("run", "run", "--config", cfg)
	for _, want := range []string{"rejected  inbox/" + long[:40], "\nnot read: 4 files yardstick knows but does not use (LAIT data dictionary,",
		"5 inputs loaded", " 3 rejected", "1 indicator definition matches nothing in a file it takes", `has no measure column "scroe"`} {
		if !strings.Contains(first, want) {
			t.Errorf("run lacks %q:\n%s", want, first)
		}
	}
	for _, notWanted := range []string{"lait_data_dictionary.csv", "regions.csv"} {
		if strings.Contains(first, notWanted) {
			t.Errorf("run names %s, a file it knows but does not use:\n%s", notWanted, first)
		}
	}
	if again := fits("run again", "run", "--config", cfg); !strings.Contains(again, "1 indicator definition matches nothing") {
		t.Errorf("a run that changed nothing:\n%s", again)
	}
	status := fits("status", "status", "--config", cfg)
	for _, want := range []string{"last 2 runs:", "stale: nothing", "\nnot read: 4 files", "rejected by the published run (3):",
		"1 indicator definition takes a loaded file but matches nothing in it"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}
	fits("catalogue", "catalogue", "--config", cfg)
	fits("query --tables", "query", "--config", cfg, "--tables")
	if one := fits("status --runs 1", "status", "--config", cfg, "--runs", "1"); !strings.Contains(one, "last 1 run:") {
		t.Errorf("status --runs 1:\n%s", one)
	}
}

// TestPrintedOnce (issue 26): on a terminal a rejected input's reason is
// printed once, in the summary, not on its progress line as well.
func TestPrintedOnce(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "inbox"), 0o755)
	os.WriteFile(filepath.Join(dir, "inbox", "notes.txt"), []byte("not a release guide\n"), 0o644)
	scores, err := os.ReadFile("../../testdata/benchmark/ranking/inputs/scores.csv")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "inbox", "scores.csv"), scores, 0o644)
	cfg := filepath.Join(dir, "yardstick.yaml")
	os.WriteFile(cfg, []byte("inputs: [inbox]\n"), 0o644)
	var out, progress bytes.Buffer
	opt := options(&progress)
	opt.Progress = &progress // as on a terminal
	sumOut := func() string {
		t.Helper()
		c, err := pipeline.LoadConfig(cfg)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := pipeline.Run(context.Background(), c, opt)
		if err != nil {
			t.Fatal(err)
		}
		printSummary(&out, sum)
		return out.String()
	}()
	all := progress.String() + sumOut
	if n := strings.Count(all, "not a release guide (a .txt"); n != 1 {
		t.Errorf("the reason is printed %d times:\n%s", n, all)
	}
	if !strings.Contains(sumOut, "1 input loaded, 0 unchanged, 1 rejected") {
		t.Errorf("summary:\n%s", sumOut)
	}
}
