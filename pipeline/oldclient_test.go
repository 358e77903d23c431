package pipeline

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOldClientOpensWarehouse: a published warehouse opens read-only in
// DuckDB 1.1.2, the oldest DuckDB an analyst's client may carry (the ODBC
// driver behind Power BI and Excel, an older CLI or Python package), and
// reads a mart as the driver's own DuckDB does; with warehouse_format:
// latest it does not open there. The old DuckDB is the go-duckdb release
// that bundles it, in a module of its own (testdata/oldclient), built here.
func TestOldClientOpensWarehouse(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "oldclient")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "testdata", "oldclient")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the DuckDB 1.1.2 client: %v\n%s", err, out)
	}
	const q = "SELECT indicator_id || ' ' || period || ' ' || la_code || ' ' || national_rank || ' ' || quartile FROM mart.la_benchmark WHERE national_rank IS NOT NULL ORDER BY ALL LIMIT 5"
	for _, format := range WarehouseFormats {
		t.Run(format, func(t *testing.T) {
			work := t.TempDir()
			copyTree(t, filepath.Join("..", "testdata", "benchmark", "ranking"), work)
			path := filepath.Join(work, "yardstick.yaml")
			conf, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, append(conf, []byte("\nwarehouse_format: "+format+"\n")...), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Run(context.Background(), cfg, Options{}); err != nil {
				t.Fatal(err)
			}
			want := strings.Join(strings.Split(strings.TrimSpace(queryCSV(t, cfg, q)), "\n")[1:], "\n")
			out, err := exec.Command(bin, cfg.Abs(cfg.Warehouse), q).CombinedOutput()
			switch {
			case format == FormatLatest:
				if err == nil || !strings.Contains(string(out), "version") {
					t.Errorf("DuckDB 1.1.2 opened a warehouse in the latest format (%v):\n%s", err, out)
				}
			case err != nil:
				t.Fatalf("DuckDB 1.1.2 could not read the warehouse: %v\n%s", err, out)
			default:
				lines := strings.SplitN(strings.TrimSpace(string(out)), "\n", 2)
				if lines[0] != "duckdb v1.1.2" || len(lines) < 2 || lines[1] != want || want == "" {
					t.Errorf("DuckDB 1.1.2 read\n%s\nwant duckdb v1.1.2 and\n%s", out, want)
				}
			}
		})
	}
}
