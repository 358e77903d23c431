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
	if len(fa) != 5 {
		t.Fatalf("%d files, want 3 SSDA903 tables, a CIN census and an Annex A workbook", len(fa))
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
