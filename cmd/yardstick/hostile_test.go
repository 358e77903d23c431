package main

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/terminal"
	"github.com/yardstick-etl/yardstick/sources/eesapi/eesapitest"
)

// hostile is text a publisher's file could carry into yardstick's output:
// retitle the terminal's window, ring, clear the screen, reverse the line.
const hostile = "\x1b]0;pwned\x07\x1b[2J\u202e"

// hostileWarehouse builds a warehouse whose inputs carry hostile text: a
// zip member's name (the member rejected), a metadata label and an API
// release title. It returns the config's path and the run's output.
func hostileWarehouse(t *testing.T) (cfg string, out, errs string) {
	t.Helper()
	meta, err := os.ReadFile("../../sources/eesapi/testdata/meta.json")
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile("../../sources/eesapi/testdata/data_1.1.csv")
	if err != nil {
		t.Fatal(err)
	}
	const ks4 = "019d431f-519e-7527-999a-8019a8016012"
	// in the API's JSON, as JSON escapes
	label := strings.Replace(string(meta), "Average Attainment 8 score of all pupils", `Attainment 8 \u001b]0;pwned\u0007\u001b[2J\u202escore`, 1)
	srv := eesapitest.NewServer(eesapitest.DataSet{ID: ks4, Title: "LA - Key Stage 4 (KS4) - API", Versions: []eesapitest.Version{{
		Version: "1.1", ReleaseTitle: "Reporting year 2025 " + hostile, Published: time.Date(2026, 3, 26, 9, 30, 0, 0, time.UTC),
		CSV: string(csv), MetaJSON: label}}})
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	inputs := filepath.Join(dir, "inputs")
	if err := os.MkdirAll(inputs, 0o755); err != nil {
		t.Fatal(err)
	}
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	f, _ := zw.Create("evil" + hostile + ".csv")
	f.Write([]byte("not,a,file\x00yardstick\x01knows\n"))
	zw.Close()
	if err := os.WriteFile(filepath.Join(inputs, "drop.zip"), zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg = filepath.Join(dir, "yardstick.yaml")
	conf := "inputs: [inputs]\nhome_la: \"358\"\nfetch:\n  base_url: " + srv.URL + "\n  data_sets:\n    - {id: " + ks4 + ", name: cin_ks4}\n" +
		"indicators:\n  - {id: cin_a8, file: cin_ks4.csv, measure: attainment8_average, where: {social_care_group: CINO at 31 March}, polarity: high}\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	var o, e bytes.Buffer
	if code := run(context.Background(), []string{"run", "--config", cfg}, &o, &e); code != 0 {
		t.Fatalf("run exit %d:\n%s\n%s", code, o.String(), e.String())
	}
	return cfg, o.String(), e.String()
}

// raw says which of hostile's characters reach output as they are.
func raw(s string) string {
	var found []string
	for _, c := range []string{"\x1b", "\x07", "\u202e"} {
		if strings.Contains(s, c) {
			found = append(found, terminal.Escape(c))
		}
	}
	return strings.Join(found, " ")
}

// TestHostileText: control characters from a zip member's name, a
// metadata label and an API release title reach yardstick's output
// escaped, once, wherever it prints them: the run's summary and log,
// status, headline and query's table; query's csv and json written to a
// file or a pipe stay byte for byte the data.
func TestHostileText(t *testing.T) {
	cfg, out, errs := hostileWarehouse(t)
	escaped := terminal.Escape(hostile) // \x1b]0;pwned\x07\x1b[2J\u202e
	t.Run("run's summary and log", func(t *testing.T) {
		if r := raw(out + errs); r != "" {
			t.Errorf("raw %s in:\n%s\n%s", r, out, errs)
		}
		for _, want := range []string{"fetched       cin_ks4 version 1.1: Reporting year 2025 " + escaped, "drop.zip!evil\\x1b]0;pwned"} {
			if !strings.Contains(out, want) {
				t.Errorf("summary lacks %q:\n%s", want, out)
			}
		}
	})
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"status", []string{"status", "--config", cfg}, []string{"cin_ks4 version 1.1: Reporting year 2025 " + escaped, "drop.zip!evil\\x1b]0;pwned"}},
		{"headline", []string{"headline", "--config", cfg, "--la", "358", "--wide"}, []string{"Attainment 8 " + escaped + "score"}},
		{"query table", []string{"query", "--config", cfg, "SELECT label, 'a\tb' AS tab FROM ref.indicator WHERE indicator_id = 'cin_a8'"},
			[]string{"label", "Attainment 8 " + escaped + "score  a\\x09b\n(1 row)\n"}},
		{"query error", []string{"query", "--config", cfg, "SELECT * FROM \"no" + hostile + "\""}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			run(ctx, tc.args, &out, &errs)
			if r := raw(out.String() + errs.String()); r != "" {
				t.Errorf("raw %s in:\n%s\n%s", r, out.String(), errs.String())
			}
			for _, want := range tc.want {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s%s", want, out.String(), errs.String())
				}
			}
		})
	}
	t.Run("query csv and json to a file are the data", func(t *testing.T) {
		for format, want := range map[string]string{
			"csv":  "label\nAttainment 8 " + hostile + "score\n",
			"json": `"label": "Attainment 8 \u001b]0;pwned\u0007\u001b[2J` + "\u202e" + `score"`,
		} {
			var out, errs bytes.Buffer
			if code := run(ctx, []string{"query", "--config", cfg, "--format", format, "SELECT label FROM ref.indicator WHERE indicator_id = 'cin_a8'"}, &out, &errs); code != 0 {
				t.Fatalf("%s: exit %d: %s", format, code, errs.String())
			}
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: got %q, want it to hold %q", format, out.String(), want)
			}
		}
	})
}

// TestQuerySafe: query's SQL is the analyst's own and reaches what their
// account can (files, other databases); --safe keeps it to the warehouse,
// and SQL cannot undo that.
func TestQuerySafe(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("duckdb", filepath.Join(dir, "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE SCHEMA mart; CREATE TABLE mart.t AS SELECT 1 AS a`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cfg := filepath.Join(dir, "yardstick.yaml")
	if err := os.WriteFile(cfg, []byte("warehouse: w.duckdb\ninputs: [inputs]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, "yardstick.key")
	if err := os.WriteFile(key, []byte("the council's secret key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	written := filepath.Join(dir, "x.csv")
	logged := filepath.Join(dir, "queries.log")
	ctx := context.Background()
	tests := []struct {
		name string
		sql  string
		safe bool
		code int
		out  string
		file string // a file that must not exist after (safe) or must (not safe)
	}{
		{"a SELECT", "SELECT a FROM mart.t", true, 0, "a\n1\n(1 row)\n", ""},
		{"COPY TO a file", "COPY (SELECT 1) TO '" + written + "'", true, 1, "", written},
		{"EXPORT DATABASE", "EXPORT DATABASE '" + filepath.Join(dir, "export") + "'", true, 1, "", filepath.Join(dir, "export")},
		{"read_text of the key", "SELECT * FROM read_text('" + key + "')", true, 1, "", ""},
		{"read_csv of the key", "SELECT * FROM read_csv('" + key + "')", true, 1, "", ""},
		{"glob", "SELECT * FROM glob('" + dir + "/*')", true, 1, "", ""},
		{"ATTACH", "ATTACH '" + filepath.Join(dir, "other.duckdb") + "' AS other", true, 1, "", filepath.Join(dir, "other.duckdb")},
		{"INSTALL", "INSTALL httpfs", true, 1, "", ""},
		{"LOAD a file", "LOAD '" + filepath.Join(dir, "x.duckdb_extension") + "'", true, 1, "", ""},
		{"SET writes a file", "SET log_query_path = '" + logged + "'; SELECT 1", true, 1, "", logged},
		{"SET undoes --safe", "SET enable_external_access = true; SELECT * FROM read_text('" + key + "')", true, 1, "", ""},
		{"a SELECT without --safe", "SELECT a FROM mart.t", false, 0, "a\n1\n(1 row)\n", ""},
		{"without --safe, the key can be read", "SELECT content FROM read_text('" + key + "')", false, 0, "the council's secret key", ""},
		{"without --safe, COPY TO writes a file", "COPY (SELECT 1 AS one) TO '" + written + "'", false, 0, "", written},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"query", "--config", cfg, tt.sql}
			if tt.safe {
				args = append(args, "--safe")
			}
			var out, errs bytes.Buffer
			code := run(ctx, args, &out, &errs)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, out.String(), errs.String())
			}
			if !strings.Contains(out.String(), tt.out) {
				t.Errorf("stdout lacks %q:\n%s", tt.out, out.String())
			}
			if tt.code != 0 && !strings.Contains(errs.String(), "--safe: the SQL reaches the warehouse only") {
				t.Errorf("stderr does not say --safe refused it:\n%s", errs.String())
			}
			if tt.file != "" {
				_, err := os.Stat(tt.file)
				if tt.safe && err == nil {
					t.Errorf("%s was written", tt.file)
				}
				if !tt.safe && err != nil {
					t.Errorf("%s was not written: %v", tt.file, err)
				}
			}
		})
	}
}

// TestDataWriter: machine data goes to a file or a pipe as it is, and to a
// terminal (a character device) escaped as everything else.
func TestDataWriter(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w := terminal.NewWriter(f); dataWriter(w) != io.Writer(f) {
		t.Error("a file gets the escaping writer")
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil || !isTerminal(dev) {
		t.Skipf("no character device to stand for a terminal: %v", err)
	}
	defer dev.Close()
	if w := terminal.NewWriter(dev); dataWriter(w) != io.Writer(w) || !isTerminal(w) {
		t.Error("a terminal gets the raw writer")
	}
}
