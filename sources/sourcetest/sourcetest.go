// Package sourcetest runs a source on a file in memory for tests: the rows of
// each table it wrote, as text, and the issues it raised.
package sourcetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
)

// Key is the test council's pseudonymisation key.
const Key = "test-council-key-0123456789abcdef"

// Result is what a source wrote.
type Result struct {
	Rows   int64
	Tables map[string][]map[string]string // table -> rows -> column -> value as text ("" for NULL)
	Issues []sources.Issue
	Note   string
	Err    error
}

type writer struct {
	tables map[string][]map[string]string
}

func (w *writer) Write(table string, rec arrow.Record) error {
	for r := 0; r < int(rec.NumRows()); r++ {
		row := map[string]string{}
		for c, f := range rec.Schema().Fields() {
			col := rec.Column(c)
			if col.IsNull(r) {
				row[f.Name] = ""
				continue
			}
			switch a := col.(type) {
			case *array.Date32:
				row[f.Name] = a.Value(r).FormattedString()
			default:
				row[f.Name] = fmt.Sprint(col.GetOneForMarshal(r))
			}
		}
		w.tables[table] = append(w.tables[table], row)
	}
	return nil
}

// Returns is the config a test runs child-level sources with.
func Returns(t testing.TB, homeLA string, year int) *sources.Returns {
	p, err := pseudonym.New([]byte(Key))
	if err != nil {
		t.Fatal(err)
	}
	return &sources.Returns{Pseudo: p, HomeLA: homeLA, CollectionYear: year}
}

// Env is what a source reads path with in a test: the built-in geography
// and ret for child-level returns.
func Env(path string, ret *sources.Returns) *sources.Env {
	return &sources.Env{File: path, Geography: geography.NewResolver(geography.Builtin()), Alloc: memory.NewGoAllocator(),
		BatchRows: 1000, Issues: &sources.Issues{}, Returns: ret}
}

// Discard takes record batches and drops them, for benchmarks.
type Discard struct{}

func (Discard) Write(string, arrow.Record) error { return nil }

// Run reads path with src.
func Run(t testing.TB, src sources.Source, path string, ret *sources.Returns) Result {
	t.Helper()
	w := &writer{tables: map[string][]map[string]string{}}
	env := Env(path, ret)
	n, err := src.Read(context.Background(), path, env, w)
	env.Issues.Finish(path)
	return Result{Rows: n, Tables: w.tables, Issues: env.Issues.List, Note: env.Note, Err: err}
}

// Seed adds the files that exist among paths to a fuzz target's corpus
// (real files in ../shared/data are read in place, never copied).
func Seed(f *testing.F, paths ...string) {
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// FuzzRead reads data as a file with extension ext through src, as the
// pipeline would once recognised, and fails on a panic (which the fuzzer
// reports with its input) or on an issue message longer than the cap.
// Errors are fine: a file that cannot be read is rejected.
func FuzzRead(t *testing.T, src sources.Source, data []byte, ext string, ret *sources.Returns) {
	path := filepath.Join(t.TempDir(), "fuzz"+ext)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := Env(path, ret)
	env.Progress = nil
	_, _ = src.Read(context.Background(), path, env, Discard{})
	env.Issues.Finish(path)
	for _, is := range env.Issues.List {
		if n := len([]rune(is.Message)); n > sources.MaxMessage+40 {
			t.Fatalf("an issue message of %d characters", n)
		}
	}
}
