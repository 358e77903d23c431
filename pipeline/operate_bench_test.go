package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/yardstick-etl/yardstick/pipeline/demo"
)

// demoWarehouse generates the demo's published statistics (default
// options: 5 years, all LAs) and publishes them once.
func demoWarehouse(b *testing.B) *Config {
	b.Helper()
	dir := b.TempDir()
	if _, err := demo.Generate(dir, demo.DefaultOptions); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "yardstick.yaml"), []byte("inputs: [inputs]\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Run(context.Background(), cfg, Options{}); err != nil {
		b.Fatal(err)
	}
	return cfg
}

// BenchmarkNoChangeRun: a run in which nothing changed (hash, recognise,
// compare, keep the warehouse).
func BenchmarkNoChangeRun(b *testing.B) {
	cfg := demoWarehouse(b)
	for b.Loop() {
		sum, err := Run(context.Background(), cfg, Options{})
		if err != nil || sum.Status != "unchanged" {
			b.Fatalf("%v %+v", err, sum)
		}
	}
}

// BenchmarkExtract: one LA's extract in each format from the demo warehouse.
func BenchmarkExtract(b *testing.B) {
	cfg := demoWarehouse(b)
	for _, format := range ExtractFormats {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if _, err := Extract(context.Background(), cfg, ExtractConfig{LA: "358", Formats: []string{format}, Out: "out"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
