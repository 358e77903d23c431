package pipeline

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestReturnsLines(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	tests := []struct {
		name    string
		returns []ReturnAsAt
		want    []string
	}{
		{"none", nil, nil},
		{"a part-year return and a whole-year one", []ReturnAsAt{
			{LA: "358", Return: "ssda903", Year: 2025, AsAt: d("2024-09-30"), Basis: "config", PartYear: true},
			{LA: "358", Return: "cin", Year: 2025, AsAt: d("2024-09-30"), Basis: "data", PartYear: true},
			{LA: "358", Return: "annex_a", Year: 2024, AsAt: d("2024-03-31"), Basis: "data"},
		}, []string{
			"returns as at 30 Sep 2024 (part year: figures on and 12 months to that date, not the year's): " +
				"SSDA903 2024-25 of 358 (as_at from the config); CIN census 2024-25 of 358 (from its data)",
			"returns as at 31 Mar 2024 (whole year): Annex A 2023-24 of 358 (from its data)",
		}},
		{"many LAs", []ReturnAsAt{
			{LA: "201", Return: "ssda903", Year: 2026, AsAt: d("2026-02-20"), PartYear: true},
			{LA: "202", Return: "ssda903", Year: 2026, AsAt: d("2026-03-14"), PartYear: true},
			{LA: "203", Return: "ssda903", Year: 2026, AsAt: d("2026-03-31")},
			{LA: "204", Return: "cin", Year: 2026, AsAt: d("2026-03-14"), PartYear: true},
		}, []string{
			"returns of 4 LAs, each LA's latest (part year: figures on and 12 months to its date, not the year's): " +
				"SSDA903 2025-26 of 3 LAs as at 20 Feb 2026 to 31 Mar 2026, 2 part year; CIN census 2025-26 of 1 LA as at 14 Mar 2026, 1 part year",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReturnsLines(tt.returns); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestAsAtOf: a file takes the as_at of the innermost inputs entry holding
// it, else the config's as_at for all returns, else none.
func TestAsAtOf(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "yardstick.yaml")
	conf := "inputs:\n  - published\n  - {path: returns/, as_at: 2024-09-30}\n  - {path: returns/2023-24, as_at: 2024-03-31}\nas_at: 2025-03-31\n"
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ file, want string }{
		{"returns/2024-25/SSDA903_2024-25_episodes.csv", "2024-09-30"},
		{"returns/2023-24/SSDA903_2023-24_episodes.csv", "2024-03-31"},
		{"returns-old/x.csv", "2025-03-31"}, // a name that only begins like returns/
		{"published/cla.csv", "2025-03-31"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			if got := cfg.AsAtOf(filepath.Join(dir, tt.file)).Format(time.DateOnly); got != tt.want {
				t.Errorf("as_at %s, want %s", got, tt.want)
			}
		})
	}
}
