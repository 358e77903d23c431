package ees

import (
	"context"
	"path/filepath"
	"strings"
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
	o := demo.DefaultOptions
	o.Years = 20
	benchRead(b, o, "la_care_leavers_activity.csv")
}

// BenchmarkReadLong reads the benchmark's long-layout file: 410 measures
// on a measure_code filter, one value column, 9 years of all LAs (~600k
// observations).
func BenchmarkReadLong(b *testing.B) {
	o := demo.DefaultOptions
	o.Years, o.LongMeasures = 9, 410
	benchRead(b, o, "measures_long_")
}

// benchRead generates the demo's files with o and reads the one whose name
// starts with name, reporting observations per second.
func benchRead(b *testing.B, o demo.Options, name string) {
	files, err := demo.Generate(b.TempDir(), o)
	if err != nil {
		b.Fatal(err)
	}
	var path string
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), name) {
			path = f
		}
	}
	if path == "" {
		b.Fatalf("the generator wrote no %s file", name)
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
