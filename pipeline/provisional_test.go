package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/yardstick-etl/yardstick/pipeline/demo"
	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
)

// TestDemoOwnFigures: the synthetic council's own figures, computed by the
// SQL from its returns, are what the generator put in them: looked after
// on 31 March (also its published figure), 3 or more placements during
// the year, started and ceased in the year; and they are placed in the
// latest published distribution.
func TestDemoOwnFigures(t *testing.T) {
	dir := t.TempDir()
	opt := demo.DefaultOptions
	opt.Years = 2
	if _, err := demo.Generate(dir, opt); err != nil {
		t.Fatal(err)
	}
	_, truth, err := demo.GenerateReturnsWithTruth(dir, "358", opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := pseudonym.NewKeyFile(filepath.Join(dir, "k.key")); err != nil {
		t.Fatal(err)
	}
	conf := "inputs: [inputs]\npseudonymisation: {key_file: k.key}\nhome_la: \"358\"\n"
	if err := os.WriteFile(filepath.Join(dir, "yardstick.yaml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	pct := func(n, d int) string { return fmt.Sprintf("%.0f", 100*float64(n)/float64(d)) }
	got := queryCSV(t, cfg, `SELECT indicator_id, value FROM mart.provisional_position
		WHERE la_code = '358' AND indicator_id IN ('cla_at_31_march', 'cla_3plus_placements_pct', 'cla_started_in_year', 'cla_ceased_in_year')
		ORDER BY indicator_id`)
	want := "indicator_id,value\n" +
		fmt.Sprintf("cla_3plus_placements_pct,%s\n", pct(truth.ThreePlusPlacements, truth.CLAAt31)) +
		fmt.Sprintf("cla_at_31_march,%d\n", truth.CLAAt31) +
		fmt.Sprintf("cla_ceased_in_year,%d\n", truth.Ceased) +
		fmt.Sprintf("cla_started_in_year,%d\n", truth.Started)
	if got != want {
		t.Errorf("own figures:\n%s\nwant:\n%s", got, want)
	}
	// The published figure of the same year is the same count.
	if got := queryCSV(t, cfg, `SELECT published_period, published_value = value AS same FROM mart.provisional_position
		WHERE la_code = '358' AND indicator_id = 'cla_at_31_march'`); got != "published_period,same\n2025,true\n" {
		t.Errorf("against the published figure: %s", got)
	}
	// Provisional rows stand beside the published ones in mart.la_benchmark.
	if got := queryCSV(t, cfg, `SELECT source, count(*) AS n FROM mart.la_benchmark
		WHERE la_code = '358' AND indicator_id = 'cla_at_31_march' AND period = '2025' GROUP BY ALL ORDER BY 1`); got != "source,n\nprovisional,1\npublished,1\n" {
		t.Errorf("mart.la_benchmark rows: %s", got)
	}
}
