package ees

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/yardstick-etl/yardstick/pipeline/demo"
	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

type discard struct{}

func (discard) Write(string, arrow.Record) error { return nil }

// BenchmarkRead reads the generator's care-leavers activity file (20 years,
// 16 breakdowns, all LAs: ~100k observations) into Arrow batches.
func BenchmarkRead(b *testing.B) {
	dir := b.TempDir()
	o := demo.DefaultOptions
	o.Years = 20
	if _, err := demo.Generate(dir, o); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "inputs", "la_care_leavers_activity.csv")
	geo := geography.NewResolver(geography.Builtin())
	var rows int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		env := &sources.Env{File: "bench.csv", Geography: geo, Alloc: memory.NewGoAllocator(), Issues: &sources.Issues{}}
		n, err := New().Read(context.Background(), path, env, discard{})
		if err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadLong reads the benchmark's long-layout file: 410 measures
// on a measure_code filter, one value column, 9 years of all LAs (~600k
// observations).
func BenchmarkReadLong(b *testing.B) {
	dir := b.TempDir()
	o := demo.DefaultOptions
	o.Years, o.LongMeasures = 9, 410
	files, err := demo.Generate(dir, o)
	if err != nil {
		b.Fatal(err)
	}
	var path string
	for _, f := range files {
		if filepath.Base(f)[:len("measures_long_")] == "measures_long_" {
			path = f
		}
	}
	geo := geography.NewResolver(geography.Builtin())
	var rows int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		env := &sources.Env{File: "bench.csv", Geography: geo, Alloc: memory.NewGoAllocator(), Issues: &sources.Issues{}}
		n, err := New().Read(context.Background(), path, env, discard{})
		if err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
