package reference

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

const shared = "../../../shared/data/reference"

func realFile(t *testing.T, name string) string {
	t.Helper()
	p, _ := filepath.Abs(filepath.Join(shared, name))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data not found at %s: skipping", p)
	}
	return p
}

type neighbours map[string][]string // la -> neighbours in rank order

func (n neighbours) Write(table string, rec arrow.Record) error {
	la := rec.Column(0).(*array.String)
	nb := rec.Column(1).(*array.String)
	for i := 0; i < int(rec.NumRows()); i++ {
		n[la.Value(i)] = append(n[la.Value(i)], nb.Value(i))
	}
	return nil
}

func readNeighbours(t *testing.T, file string) (neighbours, *sources.Issues) {
	t.Helper()
	path := realFile(t, file)
	sheets, err := xlsx.Sample(path, 20)
	if err != nil || !(Neighbours{}).Recognise(&sources.Sample{Path: path, Sheets: sheets}) {
		t.Fatalf("%s not recognised as statistical neighbours: %v", file, err)
	}
	env := &sources.Env{File: file, Geography: geography.NewResolver(geography.Builtin()), Alloc: memory.NewGoAllocator(), Issues: &sources.Issues{}}
	got := neighbours{}
	if _, err := (Neighbours{}).Read(context.Background(), path, env, got); err != nil {
		t.Fatal(err)
	}
	return got, env.Issues
}

func TestNeighbours2025(t *testing.T) {
	got, _ := readNeighbours(t, "statistical_neighbours_2025.xlsx")
	// Row 137 of the workbook: Trafford's ten, nearest first.
	if n := strings.Join(got["358"], " "); n != "919 356 825 931 936 305 895 873 916 334" {
		t.Errorf("Trafford's neighbours = %s", n)
	}
	// The "Old SNs:" block is read too: Dorset before 2019 (835).
	if n := len(got["835"]); n != 10 {
		t.Errorf("old Dorset has %d neighbours, want 10", n)
	}
	if len(got) != 153+5 {
		t.Errorf("%d LAs with neighbours, want 158 (153 + 5 old)", len(got))
	}
}

func TestNeighbours2021NoNeighbours(t *testing.T) {
	got, issues := readNeighbours(t, "statistical_neighbours_2021.xlsx")
	if _, ok := got["942"]; ok {
		t.Error("Cumberland has only '-' in 2021 but got neighbours")
	}
	found := false
	for _, is := range issues.List {
		if strings.Contains(is.Message, "LA 942 has no statistical neighbours") && is.Row > 0 && is.Sheet != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("no issue for Cumberland's missing neighbours: %+v", issues.List)
	}
}

func TestLAList(t *testing.T) {
	issues := &sources.Issues{}
	las, err := ReadLAList(realFile(t, "las.csv"), "las.csv", issues)
	if err != nil {
		t.Fatal(err)
	}
	r := geography.NewResolver(las)
	if la, ok := r.Latest("370"); !ok || la.CodeNew != "E08000038" || la.ValidFrom != "2025-05-01" {
		t.Errorf("Barnsley's latest span = %+v", la)
	}
	if code, how, _ := r.Resolve("", "E08000016", ""); code != "370" || how != "new_la_code" {
		t.Errorf("Barnsley's old new code resolved to %s by %s", code, how)
	}
	// Combined rows, x codes and BFPO are left out, each with an issue.
	if len(issues.List) != 9 {
		t.Errorf("%d issues, want 9: %+v", len(issues.List), issues.List)
	}
}
