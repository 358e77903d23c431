package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	fa, err := Generate(a, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(b, DefaultOptions); err != nil {
		t.Fatal(err)
	}
	csvs := 0
	for _, f := range fa {
		if !strings.HasSuffix(f, ".csv") {
			continue
		}
		csvs++
		rel, _ := filepath.Rel(a, f)
		x, _ := os.ReadFile(f)
		y, _ := os.ReadFile(filepath.Join(b, rel))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with one seed", rel)
		}
	}
	if csvs != 10 { // 7 published statistics, population, KS4 and EYFS results
		t.Errorf("%d CSV files, want 10", csvs)
	}
	other := t.TempDir()
	o := DefaultOptions
	o.Seed = 2
	fo, _ := Generate(other, o)
	x, _ := os.ReadFile(fa[0])
	y, _ := os.ReadFile(fo[0])
	if bytes.Equal(x, y) {
		t.Error("another seed gave the same data")
	}
}

func TestLiveLAs(t *testing.T) {
	las := liveLAs(1)
	if len(las) != 153 {
		t.Fatalf("%d live LAs, want 153", len(las))
	}
}

func TestGenerateReturnsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	fa, err := GenerateReturns(a, "358", DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := GenerateReturns(b, "358", DefaultOptions); err != nil {
		t.Fatal(err)
	}
	if len(fa) != 6 {
		t.Fatalf("%d files, want 4 SSDA903 tables (header, episodes, reviews, social worker episodes), a CIN census and an Annex A workbook", len(fa))
	}
	for _, f := range fa {
		if strings.HasSuffix(f, ".xlsx") {
			continue // zip timestamps differ
		}
		rel, _ := filepath.Rel(a, f)
		x, _ := os.ReadFile(f)
		y, _ := os.ReadFile(filepath.Join(b, rel))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with one seed", rel)
		}
	}
	if _, err := GenerateReturns(a, "999", DefaultOptions); err == nil {
		t.Error("an unknown LA should be an error")
	}
}

// The long-layout workload: one value column, the measure in a
// measure_code filter, every LA, region and England for each measure and
// year.
func TestGenerateLong(t *testing.T) {
	dir := t.TempDir()
	o := DefaultOptions
	o.Years, o.LongMeasures = 2, 3
	files, err := Generate(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	var long string
	for _, f := range files {
		if strings.Contains(filepath.Base(f), "measures_long_") {
			long = f
		}
	}
	if long == "" {
		t.Fatal("no long-layout file written")
	}
	b, _ := os.ReadFile(long)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if !strings.HasSuffix(lines[0], ",measure_code,value") {
		t.Errorf("header %q", lines[0])
	}
	// 2 years x 3 measures x (England + 9 regions + 153 LAs)
	if got, want := len(lines)-1, 2*3*(1+9+153); got != want {
		t.Errorf("%d rows, want %d", got, want)
	}
	if y := LongIndicatorsYAML(2); !strings.Contains(y, "id: long_m0002") || !strings.Contains(y, "where: {measure_code: M0001}") {
		t.Errorf("indicators:\n%s", y)
	}
}
