package pipeline

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/pipeline/extract"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
)

// TestWriteInYear: the headline's table of own figures in year, under its
// heading with the date the returns reach, each figure at its latest date
// on its basis, fitting 120 columns; nothing for an LA without any.
func TestWriteInYear(t *testing.T) {
	db, err := sql.Open("duckdb", filepath.Join(t.TempDir(), "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fixture, err := os.ReadFile("extract/testdata/in_year.sql") // the extracts' hand-made mart.in_year
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(fixture)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		la   string
		want []string // lines, in order
	}{
		{"358", []string{
			"Own returns, as at 30 Sep 2024 (12 months to date)",
			"Indicator             Basis                Own  Published  England  vs England  Region  Neighbours    Rank  In region  Q\n",
			// 210 of 1,000: 18.6% to 23.6%, England's 21.6 within
			"Re-referrals within   12 months to date  21.0%  2024         21.6%  similar      20.1%       21.2%  40/153       5/24  B\n",
			"12 months of a\n",
			// a count is not set against England's and the region's totals
			"Children looked       on the date          389  2024             –  –                –         372       –          –  –\n",
			// a figure the returns give only at an earlier date says it
			"Children in need on   on 31 Mar 2024     2,448  2024             –  –                –       2,617       –          –  –\n",
		}},
		{"806", []string{
			"Own returns, as at 15 Oct 2024 (12 months to date)",
			// no numerator and denominator: no interval to compare by
			"12 months to date  26.0%  2024         21.6%  –            23.0%       24.5%  120/153      10/12  D\n",
			"15 Oct 2024)\n",
		}},
		{"999", nil},
	}
	for _, tt := range tests {
		t.Run(tt.la, func(t *testing.T) {
			figs, err := extract.InYear(context.Background(), db, tt.la)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := WriteInYear(&b, figs, terminal.Width); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if tt.want == nil && out != "" {
				t.Errorf("printed %q for an LA without figures in year", out)
			}
			rest := out
			for _, want := range tt.want {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("lacks, in order, %q:\n%s", want, out)
				}
				rest = rest[i+len(want):]
			}
			for _, line := range strings.Split(out, "\n") {
				if n := len([]rune(line)); n > terminal.Width {
					t.Errorf("%d characters: %s", n, line)
				}
			}
		})
	}
}
