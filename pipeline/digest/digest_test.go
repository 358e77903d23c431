package digest

import (
	"bytes"
	"database/sql"
	"strings"
	"testing"
)

func TestPick(t *testing.T) {
	all := []Run{{ID: "20261205T043000Z-aaaaaa"}, {ID: "20261206T043000Z-bbbbbb"}, {ID: "20261207T043000Z-cccccc"}}
	for _, c := range []struct {
		since string
		want  []string
		err   string
	}{
		{"", []string{"20261207T043000Z-cccccc"}, ""},
		{"2026-12-06", []string{"20261206T043000Z-bbbbbb", "20261207T043000Z-cccccc"}, ""},
		{"2026-12-08", nil, ""},
		{"20261205T043000Z-aaaaaa", []string{"20261206T043000Z-bbbbbb", "20261207T043000Z-cccccc"}, ""},
		{"20261207T043000Z-cccccc", nil, ""},
		{"last week", nil, "neither a date (YYYY-MM-DD) nor a run the warehouse keeps changes for (20261205T043000Z-aaaaaa to 20261207T043000Z-cccccc)"},
	} {
		t.Run(c.since, func(t *testing.T) {
			got, err := pick(all, c.since)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			var ids []string
			for _, r := range got {
				ids = append(ids, r.ID)
			}
			if strings.Join(ids, " ") != strings.Join(c.want, " ") {
				t.Errorf("got %v, want %v", ids, c.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	compared := []Run{{ID: "r2", Previous: "r1", Compared: true}}
	pct := func(f float64) sql.NullFloat64 { return sql.NullFloat64{Float64: f, Valid: true} }
	rank := func(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: true} }
	for _, c := range []struct {
		name string
		d    Digest
		want string
	}{
		{"first run", Digest{LA: "358", LAName: "Trafford", Runs: []Run{{ID: "r1", Note: "first run: ..."}}}, "first run: nothing to compare with for Trafford"},
		{"nothing", Digest{LA: "358", LAName: "Trafford", Runs: compared}, "nothing changed for Trafford"},
		{"several", Digest{LA: "358", LAName: "Trafford", Runs: compared,
			NewReleases: []Figure{{IndicatorID: "a", Period: "2025"}, {IndicatorID: "b", Period: "2025"}, {IndicatorID: "c", Period: "2025"}},
			Revisions:   []Figure{{IndicatorID: "a", Period: "2024", Old: pct(1), New: pct(2)}},
			Moves:       []Figure{{OldRank: rank(3), NewRank: rank(2)}, {OldRank: rank(9), NewRank: rank(7)}},
			Validation:  []Failures{{Rule: "502", N: 4}}, Inputs: []Input{{Kind: "input_rejected"}}},
			"3 new periods, 1 revision, 2 rank moves, 4 new validation failures, 1 input rejected for Trafford"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.d.Summary(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestHostileLabels: an indicator label from a config is text, never
// markup: escaped in HTML and in a Markdown table.
func TestHostileLabels(t *testing.T) {
	d := &Digest{LA: "358", LAName: "Trafford", Runs: []Run{{ID: "r2", Previous: "r1", Compared: true}},
		Revisions: []Figure{{Kind: "revised", IndicatorID: "x", Label: `<script>alert(1)</script> | a`, Unit: "%", Theme: "other", Period: "2025",
			Old: sql.NullFloat64{Float64: 1, Valid: true}, New: sql.NullFloat64{Float64: 2, Valid: true}}}}
	var h, m bytes.Buffer
	if err := d.Write(&h, "html", 0); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h.String(), "<script>") || !strings.Contains(h.String(), "&lt;script&gt;") {
		t.Errorf("the label is not escaped in HTML:\n%s", h.String())
	}
	if err := d.Write(&m, "md", 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.String(), `| &lt;script&gt;alert(1)&lt;/script&gt; \| a | 2025 | 1.0% | 2.0% |`) {
		t.Errorf("the label is not escaped in Markdown:\n%s", m.String())
	}
	if err := d.Write(&m, "pdf", 0); err == nil {
		t.Error("an unknown format was written")
	}
}
