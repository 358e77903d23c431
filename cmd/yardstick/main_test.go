package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/yardstick-etl/yardstick/pipeline/demo"
	"github.com/yardstick-etl/yardstick/sources/eesapi/eesapitest"
)

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out, errs bytes.Buffer
	if code := run(ctx, []string{"demo", "--dir", dir}, &out, &errs); code != 0 {
		t.Fatalf("demo exit %d: %s", code, errs.String())
	}
	// The demo's tables fit 120 columns, grouped by theme, units in every
	// column, "–" for no data.
	for _, want := range []string{"Trafford: latest published position", "0 rejected", "\nChildren in need and protection\n",
		"\nLooked after and care leavers\n", "/24", "pp better", " pts ", "  –  ",
		"Attainment gaps", "Own figures from the returns, placed among the latest published figures",
		"Its returns break none of the", "validation rules (DfE's and yardstick's"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > 120 && !strings.Contains(l, dir) {
			t.Errorf("a line of %d characters: %q", n, l)
		}
	}
	// yardstick headline --wide: the same tables, a row a line, labels whole
	var wide bytes.Buffer
	if code := run(ctx, []string{"headline", "--config", filepath.Join(dir, "yardstick.yaml"), "--la", "Trafford", "--wide"}, &wide, &errs); code != 0 {
		t.Fatalf("headline exit %d: %s", code, errs.String())
	}
	for _, want := range []string{"KS4 Attainment 8 average score: gap between disadvantaged pupils and all other pupils",
		"Children looked after at 31 March with 3 or more placements during the year (%)"} {
		if !strings.Contains(wide.String(), want) {
			t.Errorf("headline --wide lacks %q:\n%s", want, wide.String())
		}
	}
	// Its latest Ofsted judgement, from the demo's ILACS file (OpenDocument).
	ins, ok := demo.LatestInspection("358", demo.DefaultOptions)
	if want := "Ofsted (ILACS): " + ins.Overall + ", " + ins.Date.Format("January 2006"); !ok || !strings.Contains(out.String(), want) {
		t.Errorf("demo output lacks %q:\n%s", want, out.String())
	}
	// The council's own returns agree with its published figures.
	m := regexp.MustCompile(`(\d+) looked after and (\d+) in need on 31 March 2025 \(published: (\d+) and (\d+)\)`).FindStringSubmatch(out.String())
	if m == nil || m[1] != m[3] || m[2] != m[4] || m[1] == "0" {
		t.Errorf("own returns vs published: %q\n%s", m, out.String())
	}
	if info, err := os.Stat(filepath.Join(dir, "yardstick.key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("demo key: %v, %v; want mode 0600", info, err)
	}
	cfg := filepath.Join(dir, "yardstick.yaml")
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"run again", []string{"run", "--config", cfg}, 0, "no changes since the last published run"},
		{"run forced", []string{"run", "--config", cfg, "--force"}, 0, "published: 0 inputs loaded, 25 unchanged"},
		{"demo again, forced: rebuilt, not \"no changes\"", []string{"demo", "--dir", dir, "--force"}, 0, "published: 0 inputs loaded, 25 unchanged"},
		{"status", []string{"status", "--config", cfg}, 0, "stale: nothing"},
		// the forced runs above compared their warehouses with the one before (issue 29)
		{"digest", []string{"digest", "--config", cfg}, 0, "Trafford (358): nothing changed in run "},
		{"digest of the runs since a date, Markdown", []string{"digest", "--config", cfg, "--la", "Trafford", "--since", "2000-01-01", "--format", "md"}, 0, "# Trafford (358): nothing changed in the "},
		{"digest since what is neither a date nor a run", []string{"digest", "--config", cfg, "--since", "yesterday"}, 2, ""},
		{"digest bad format", []string{"digest", "--config", cfg, "--format", "pdf"}, 2, ""},
		{"digest of an unknown LA", []string{"digest", "--config", cfg, "--la", "Atlantis"}, 2, ""},
		{"headline", []string{"headline", "--config", cfg, "--la", "350"}, 0, "Bolton: latest published position"},
		{"headline of an unknown LA", []string{"headline", "--config", cfg, "--la", "Atlantis"}, 2, ""},
		{"report", []string{"report", "--config", cfg, "--la", "Trafford", "--out", filepath.Join(dir, "trafford.html")}, 0, "report written: " + filepath.Join(dir, "trafford.html")},
		{"report of an unknown LA", []string{"report", "--config", cfg, "--la", "Atlantis"}, 2, ""},
		{"extract", []string{"extract", "--config", cfg, "--la", "358", "--format", "xlsx,csv", "--out", filepath.Join(dir, "ex")}, 0, "358_trafford_benchmarks.xlsx"},
		{"extract bad format", []string{"extract", "--config", cfg, "--la", "358", "--format", "pdf"}, 2, ""},
		{"extract unknown LA", []string{"extract", "--config", cfg, "--la", "999"}, 2, ""},
		{"extract as configured", []string{"extract", "--config", cfg}, 0, "358_trafford_la_benchmark.csv"},
		{"query csv", []string{"query", "--config", cfg, "--format", "csv", "SELECT count(DISTINCT la_code) AS las FROM mart.la_benchmark"}, 0, "las\n153\n"},
		{"query json", []string{"query", "--config", cfg, "--format", "json", "SELECT 1 AS one"}, 0, `"one": 1`},
		{"query is read-only", []string{"query", "--config", cfg, "DROP TABLE mart.la_benchmark"}, 1, ""},
		{"bad format", []string{"query", "--config", cfg, "--format", "xml", "SELECT 1"}, 2, ""},
		{"missing config", []string{"run", "--config", filepath.Join(dir, "nope.yaml")}, 2, ""},
		{"unknown command", []string{"frobnicate"}, 2, ""},
		// help, version and the commands' own --help (issue 18)
		{"help", []string{"help"}, 0, "  report     one LA's HTML report"},
		{"help run", []string{"help", "run"}, 0, "usage: yardstick run [--config FILE] [--force]"},
		{"run --help", []string{"run", "--help"}, 0, "  --force "},
		{"demo -h lists --years and --seed", []string{"demo", "-h"}, 0, "  --years N"},
		{"help query: examples and exit codes", []string{"help", "query"}, 0, "exit codes: 0; 1 an SQL error; 2 usage"},
		{"help of an unknown command", []string{"help", "frobnicate"}, 2, ""},
		{"version", []string{"version"}, 0, "yardstick 0.1.0"},
		{"a flag with one dash is a usage error, said", []string{"run", "--forse"}, 2, ""},
		// query: SQL as analysts write it
		{"query DECIMAL, list, struct, map, date", []string{"query", "--config", cfg,
			"SELECT 1.5 AS d, [1, 2] AS l, {'a': 1, 'b': 'x'} AS s, MAP {'k': 1} AS m, DATE '2024-01-02' AS dt"}, 0,
			"1.5  [1, 2]  {a: 1, b: \"x\"}  {\"k\": 1}  2024-01-02\n(1 row)\n"},
		{"query SQL starting with a comment, flags after it", []string{"query", "-- how many LAs\nSELECT 2 AS n", "--config", cfg, "--format", "csv"}, 0, "n\n2\n"},
		{"query several statements", []string{"query", "--config", cfg, "SELECT 1 AS a; SELECT 'x;y' AS b -- a;comment\n;"}, 0, "a\n1\n(1 row)\n\nb\nx;y\n(1 row)\n"},
		{"query json keeps column order", []string{"query", "--config", cfg, "--format", "json", "SELECT 2 AS z, 1 AS a, 1.50::DECIMAL(4,2) AS d"}, 0, `{"z": 2, "a": 1, "d": 1.50}`},
		{"query --tables", []string{"query", "--config", cfg, "--tables"}, 0, "mart.la_benchmark"},
		{"query without SQL", []string{"query", "--config", cfg, "-f", filepath.Join(dir, "none.sql")}, 2, ""},
		{"catalogue", []string{"catalogue", "--config", cfg}, 0, "139 indicators (139 built in, 0 from the config), 22 gaps, 7 themes"},
		{"catalogue csv", []string{"catalogue", "--config", cfg, "--format", "csv"}, 0, "indicator,rereferral_pct,Re-referrals within 12 months of a previous referral (%),children_in_need,%,low,a re-referral suggests the first response did not hold,271,"},
		{"catalogue yaml", []string{"catalogue", "--config", cfg, "--format", "yaml"}, 0, "  - id: cpp_subsequent_pct\n"},
		{"catalogue shows also", []string{"catalogue", "--config", cfg}, 0, "csww_*.csv turnover_rate_fte; or"}, // its FROM wraps to fit 120 columns
		{"catalogue csv also", []string{"catalogue", "--config", cfg, "--format", "csv"}, 0, "csww_*.csv,turnover_rate_fte,,csww_*.csv turnover_rate_fte_%,"},
		{"catalogue bad format", []string{"catalogue", "--format", "xml"}, 2, ""},
		{"catalogue missing config", []string{"catalogue", "--config", filepath.Join(dir, "nope.yaml")}, 2, ""},
		{"no command", nil, 2, ""},
		{"unknown LA", []string{"demo", "--dir", dir, "--la", "999"}, 2, ""},
	}
	// query's SQL from a file and from standard input
	sqlFile := filepath.Join(dir, "q.sql")
	if err := os.WriteFile(sqlFile, []byte("-- a file of SQL\nSELECT 3 AS three;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdin = strings.NewReader("SELECT 4 AS four")
	defer func() { stdin = os.Stdin }()
	tests = append(tests, []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"query -f FILE", []string{"query", "--config", cfg, "-f", sqlFile}, 0, "three\n3\n(1 row)\n"},
		{"query from standard input", []string{"query", "--config", cfg}, 0, "four\n4\n(1 row)\n"},
		{"query -f and SQL both", []string{"query", "--config", cfg, "-f", sqlFile, "SELECT 1"}, 2, ""},
		{"status --runs -1", []string{"status", "--config", cfg, "--runs", "-1"}, 2, ""},
		{"extract of an unknown LA", []string{"extract", "--config", cfg, "--la", "Atlantis"}, 2, ""},
	}...)
	// demo keeps a config the user edited, unless --force; run from inside
	// its folder it uses that folder
	t.Run("demo keeps an edited config", func(t *testing.T) {
		cfgPath := filepath.Join(dir, "yardstick.yaml")
		orig, _ := os.ReadFile(cfgPath)
		edited := append(append([]byte(nil), orig...), []byte("# my note\n")...)
		if err := os.WriteFile(cfgPath, edited, 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errs bytes.Buffer
		if code := run(ctx, []string{"demo", "--dir", dir}, &out, &errs); code != 0 {
			t.Fatalf("exit %d: %s", code, errs.String())
		}
		if now, _ := os.ReadFile(cfgPath); string(now) != string(edited) || !strings.Contains(errs.String(), "was edited since the demo wrote it") {
			t.Errorf("the edited config was not kept, or not said: %s", errs.String())
		}
		t.Chdir(dir)
		errs.Reset()
		if code := run(ctx, []string{"demo", "--force"}, &out, &errs); code != 0 {
			t.Fatalf("exit %d: %s", code, errs.String())
		}
		if now, _ := os.ReadFile(cfgPath); string(now) != string(orig) {
			t.Errorf("--force did not replace the config")
		}
		if _, err := os.Stat(filepath.Join(dir, "yardstick-demo")); err == nil {
			t.Error("demo run from inside its folder made a nested copy")
		}
	})
	// paths typed on the command line are relative to where they are typed;
	// --la takes a name; --format tolerates spaces and repeats
	t.Run("extract --out relative to the current folder", func(t *testing.T) {
		work := filepath.Join(dir, "work")
		if err := os.MkdirAll(work, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Chdir(work)
		var out, errs bytes.Buffer
		if code := run(ctx, []string{"extract", "--config", "../yardstick.yaml", "--la", "Trafford", "--format", "csv, html, csv", "--out", "myout"}, &out, &errs); code != 0 {
			t.Fatalf("exit %d: %s", code, errs.String())
		}
		for _, f := range []string{"358_trafford_la_benchmark.csv", "358_trafford_report.html"} {
			if _, err := os.Stat(filepath.Join(work, "myout", f)); err != nil {
				t.Errorf("%s not written under the current folder: %v\n%s", f, err, out.String())
			}
		}
		if n := strings.Count(out.String(), "358_trafford_la_benchmark.csv"); n != 1 {
			t.Errorf("csv written %d times:\n%s", n, out.String())
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			code := run(ctx, tt.args, &out, &errs)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errs.String())
			}
			if !strings.Contains(out.String(), tt.out) {
				t.Errorf("stdout lacks %q:\n%s", tt.out, out.String())
			}
		})
	}
}

// TestHelperProcess is the yardstick command run as a child process, for
// the tests that signal it. Its arguments follow "--".
func TestHelperProcess(t *testing.T) {
	if os.Getenv("YARDSTICK_HELPER") != "1" {
		t.Skip("only run as a helper process by other tests")
	}
	args := os.Args
	for len(args) > 0 && args[0] != "--" {
		args = args[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, args[1:], os.Stdout, os.Stderr))
}

// TestScheduleCommand: `yardstick schedule` with "@every 1s" runs at least
// twice, logs JSON lines with the run id, and exits 0 on SIGTERM.
func TestScheduleCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--dir", dir, "--years", "2"}, &out, &errs); code != 0 {
		t.Fatalf("demo exit %d: %s", code, errs.String())
	}
	cfg := filepath.Join(dir, "yardstick.yaml")
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("schedule: \"@every 1s\"\n")
	// a followed data set the API does not know: logged at ERROR, the run goes on
	api := eesapitest.NewServer()
	defer api.Close()
	f.WriteString("fetch:\n  base_url: " + api.URL + "\n  data_sets:\n    - {id: 11111111-2222-3333-4444-555555555555, name: gone}\n")
	f.Close()
	fetchErrors := 0

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "--", "schedule", "--config", cfg)
	cmd.Env = append(os.Environ(), "YARDSTICK_HELPER=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	runs := map[string]bool{}
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("not a JSON log line: %s", sc.Text())
		}
		if rec["level"] == "ERROR" && rec["msg"] == "a data set could not be fetched; nothing is on disk for it yet" && rec["name"] == "gone" {
			fetchErrors++
		}
		if rec["msg"] == "run finished" {
			if rec["level"] != "ERROR" || rec["fetch_failed"] != float64(1) {
				t.Errorf("a run that could not fetch a data set finished with %s", sc.Text())
			}
			id, _ := rec["run_id"].(string)
			if id == "" {
				t.Errorf("a run's line without run_id: %s", sc.Text())
			}
			runs[id] = true
			if len(runs) == 2 {
				break
			}
		}
	}
	if len(runs) < 2 {
		t.Fatalf("fewer than two runs:\n%s", strings.Join(lines, "\n"))
	}
	if fetchErrors < 2 {
		t.Errorf("the failed fetch logged at ERROR %d times in 2 runs:\n%s", fetchErrors, strings.Join(lines, "\n"))
	}
	cmd.Process.Signal(syscall.SIGTERM)
	go io.Copy(io.Discard, stderr)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("schedule after SIGTERM: %v (want exit 0)", err)
	}
}

// A run whose returns cannot be pseudonymised (no key) is a configuration
// error: exit 2, before a row is read.
func TestNoKeyIsUsageError(t *testing.T) {
	t.Setenv("YARDSTICK_PSEUDO_KEY", "")
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "inputs"), 0o755)
	os.WriteFile(filepath.Join(dir, "inputs", "SSDA903_2024-25_header.csv"), []byte("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,1,01/01/2010,WBRI,,,\n"), 0o644)
	cfg := filepath.Join(dir, "yardstick.yaml")
	os.WriteFile(cfg, []byte("inputs: [inputs]\nhome_la: \"358\"\n"), 0o644)
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"run", "--config", cfg}, &out, &errs); code != 2 || !strings.Contains(errs.String(), "no pseudonymisation key") {
		t.Errorf("exit %d: %s", code, errs.String())
	}
}

// TestCLI runs yardstick as a user does, in a process of its own (this
// test binary re-run as the command: real arguments, standard input,
// output and exit code), a row per convention of issue 18.
func TestCLI(t *testing.T) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--dir", dir, "--years", "2"}, &out, &errs); code != 0 {
		t.Fatalf("demo exit %d: %s", code, errs.String())
	}
	cfg := filepath.Join(dir, "yardstick.yaml")
	work := filepath.Join(dir, "work")
	// a folder beside the demo's, as a repository's root is after `demo`
	root := filepath.Join(dir, "root")
	os.MkdirAll(filepath.Join(root, "yardstick-demo"), 0o755)
	os.Symlink(cfg, filepath.Join(root, "yardstick-demo", "yardstick.yaml"))
	// a config with no warehouse yet
	fresh := filepath.Join(dir, "fresh")
	os.MkdirAll(filepath.Join(fresh, "data"), 0o755)
	os.WriteFile(filepath.Join(fresh, "yardstick.yaml"), []byte("inputs: [data]\nhome_la: \"358\"\n"), 0o644)
	for name, body := range map[string]string{"bad.yaml": "inputz: [data]\n", "empty.yaml": "# nothing\n", "tab.yaml": "inputs:\n\t- data\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		out, errs []string
		dir       string // where it is typed; work when empty
	}{
		// a new user's first hour (issue 26)
		{"a folder as --config", []string{"status", "--config", dir}, "", 0, []string{"warehouse: "}, nil, ""},
		{"no config here, the demo's beside", []string{"status"}, "", 2, nil, []string{"no config at yardstick.yaml; try --config " + filepath.Join("yardstick-demo", "yardstick.yaml")}, root},
		{"a tab in the config", []string{"run", "--config", filepath.Join(dir, "tab.yaml")}, "", 2, nil, []string{"tab.yaml line 2: a tab in the indentation", "indent with spaces"}, ""},
		{"an LA misspelt", []string{"headline", "--config", cfg, "--la", "Traford"}, "", 2, nil, []string{`--la "Traford" is not an LA code or name yardstick knows: did you mean Trafford (358)?`}, ""},
		{"SHOW TABLES", []string{"query", "--config", cfg, "SHOW TABLES"}, "", 0, []string{"(0 rows)", "`yardstick query --tables` lists them"}, nil, ""},
		{"extract before any run", []string{"extract", "--config", fresh}, "", 1, nil, []string{"no published warehouse at", "run `yardstick run` first"}, ""},
		{"report into the config's extracts folder", []string{"report", "--config", cfg, "--la", "358"}, "", 0, []string{"report written: " + filepath.Join(dir, "extracts") + string(filepath.Separator)}, nil, ""},
		{"help run", []string{"help", "run"}, "", 0, []string{"usage: yardstick run [--config FILE] [--force]", "exit codes:"}, nil, ""},
		{"run --help", []string{"run", "--help"}, "", 0, []string{"  --force", "  --config VALUE"}, nil, ""},
		{"demo -h shows --years and --seed", []string{"demo", "-h"}, "", 0, []string{"--years N", "--seed N", "examples:"}, nil, ""},
		{"version", []string{"version"}, "", 0, []string{"yardstick 0.1.0"}, nil, ""},
		{"a misspelt command", []string{"rnu"}, "", 2, nil, []string{`unknown command "rnu"; did you mean "run"?`}, ""},
		{"query from standard input", []string{"query", "--config", cfg}, "SELECT 1.5 AS d", 0, []string{"d\n1.5\n(1 row)\n"}, nil, ""},
		{"query starting with a comment, flags after it", []string{"query", "-- a note\nSELECT 1 AS x", "--config", cfg, "--format", "csv"}, "", 0, []string{"x\n1\n"}, nil, ""},
		{"query several statements", []string{"query", "--config", cfg, "SELECT 1 AS a; SELECT 2 AS b"}, "", 0, []string{"a\n1\n(1 row)\n\nb\n2\n(1 row)\n"}, nil, ""},
		{"query json in column order", []string{"query", "--config", cfg, "--format", "json", "SELECT 2 AS z, 1 AS a"}, "", 0, []string{`{"z": 2, "a": 1}`}, nil, ""},
		{"query --tables", []string{"query", "--config", cfg, "--tables"}, "", 0, []string{"mart.la_benchmark", "Each indicator x period x LA"}, nil, ""},
		{"extract relative to the current folder, an LA by name, formats with spaces", []string{"extract", "--config", "../yardstick.yaml", "--la", "Trafford", "--format", "csv, csv", "--out", "out"}, "", 0,
			[]string{filepath.Join(work, "out", "358_trafford_la_benchmark.csv")}, nil, ""},
		{"a config's unknown key", []string{"run", "--config", filepath.Join(dir, "bad.yaml")}, "", 2, nil, []string{"bad.yaml line 1: inputz: unknown key; the keys here are"}, ""},
		{"an empty config", []string{"run", "--config", filepath.Join(dir, "empty.yaml")}, "", 2, nil, []string{"is empty: a minimal config names the inputs"}, ""},
		{"status --runs -1", []string{"status", "--config", cfg, "--runs", "-1"}, "", 2, nil, []string{"--runs -1"}, ""},
		{"an unknown flag", []string{"status", "--rnus", "3"}, "", 2, nil, []string{"flag provided but not defined: -rnus", "see `yardstick help status`"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, tt.args...)...)
			cmd.Env = append(os.Environ(), "YARDSTICK_HELPER=1")
			cmd.Dir = work
			if tt.dir != "" {
				cmd.Dir = tt.dir
			}
			cmd.Stdin = strings.NewReader(tt.stdin)
			var out, errs bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errs
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out.String(), errs.String())
			}
			for _, w := range tt.out {
				if !strings.Contains(out.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range tt.errs {
				if !strings.Contains(errs.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs.String())
				}
			}
		})
	}
}
