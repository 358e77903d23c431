package extract

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestInYearReport: the report's section, a table of quarter ends per
// figure and a chart whose line breaks at a month without a value (a
// second M), every text escaped.
func TestInYearReport(t *testing.T) {
	db := inYearDB(t)
	figs, err := InYear(context.Background(), db, "358")
	if err != nil {
		t.Fatal(err)
	}
	figs[1].Points[len(figs[1].Points)-1].LabelAsAt = "<script>alert(1)</script> on 30 Sep 2024"
	rep := report{LA: "Trafford", Region: "North West", InYear: inYearViews(figs, trafford), InYearAsAt: Date(InYearAsAt(figs))}
	var b bytes.Buffer
	if err := reportTmpl.Execute(&b, rep); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		"Own figures in year, from the council's returns (provisional)",
		"Returns as at 30 Sep 2024.",
		"<h3>" + rereferrals("30 Sep 2024") + ` <span class="note">(returns as at 30 Sep 2024)</span></h3>`,
		`<th scope="col" class="num">31 Dec 2022</th>`,
		`<td class="num">21.0%</td>`,
		`<th scope="row">England (2024)</th><td class="num">21.6%</td>`,
		`<th scope="row">Would rank nationally</th><td class="num">40 of 153</td>`,
		`<th scope="row">Latest compared with England</th><td>similar to England<br><span class="note" style="white-space:nowrap">95% interval 18.6% to 23.6%</span></td>`,
		// a count has no interval
		`<th scope="row">Latest compared with England</th><td>–</td>`,
		`&lt;script&gt;alert(1)&lt;/script&gt; on 30 Sep 2024`,
		// a volume is not ranked
		`<th scope="row">Would rank nationally</th><td class="num">not ranked</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Error("a label reached the page unescaped")
	}
	tests := []struct {
		name      string
		chart     string
		moves     int
		aria, ref string
	}{
		// re-referrals: no row for February 2024, so two runs of months
		{"re-referrals", string(rep.InYear[0].Chart), 2,
			"no value for Feb 2024; published (2024): Neighbours&#39; mean 21.2%, North West 20.1%, England 21.6%", `class="ref ref-england"`},
		// children looked after: 30 June 2024 without a value; a count's
		// chart has only its neighbours' mean as a reference
		{"looked after", string(rep.InYear[1].Chart), 2, "no value for Jun 2024; published (2024): Neighbours&#39; mean 372", `class="ref ref-sn"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := regexp.MustCompile(`<path d="([^"]*)" class="own">`).FindStringSubmatch(tt.chart)
			if d == nil {
				t.Fatalf("no line in %s", tt.chart)
			}
			if got := strings.Count(d[1], "M"); got != tt.moves {
				t.Errorf("%d moves in %q, want %d", got, d[1], tt.moves)
			}
			if !strings.Contains(tt.chart, `role="img" aria-label="`) || !strings.Contains(tt.chart, tt.aria) {
				t.Errorf("aria-label lacks %q: %.400s", tt.aria, tt.chart)
			}
			if !strings.Contains(tt.chart, tt.ref) {
				t.Errorf("no %s line", tt.ref)
			}
		})
	}
	if strings.Contains(string(rep.InYear[1].Chart), "ref-england") {
		t.Error("a count's chart is set against England's total")
	}
	// nothing published to set a figure against: said once, not a table of
	// dashes
	f := figs[0]
	f.PublishedPeriod, f.Published, f.England, f.Region, f.SNMean = sql.NullString{}, sql.NullFloat64{}, sql.NullFloat64{}, sql.NullFloat64{}, sql.NullFloat64{}
	f.NationalRank, f.RegionalRank, f.Quartile = sql.NullInt64{}, sql.NullInt64{}, sql.NullString{}
	b.Reset()
	if err := reportTmpl.Execute(&b, report{LA: "Trafford", InYear: inYearViews([]InYearFigure{f}, trafford)}); err != nil {
		t.Fatal(err)
	}
	if page := b.String(); !strings.Contains(page, "No published figure for this indicator in the warehouse") || strings.Contains(page, `class="published"`) {
		t.Error("a figure without published figures gets a table of them")
	}
}

func TestBounded(t *testing.T) {
	tests := []struct {
		ticks             []float64
		positive, percent bool
		want              string
	}{
		{niceTicks(100, 100), true, true, "[99 99.5 100]"}, // a flat 100%
		{niceTicks(0, 0), true, false, "[0 0.5 1]"},        // a flat nought
		{niceTicks(-2, 3), false, false, "[-2 0 2 4]"},     // a change can be negative
	}
	for _, tt := range tests {
		if got := fmt.Sprint(bounded(tt.ticks, tt.positive, tt.percent)); got != tt.want {
			t.Errorf("bounded(%v) = %s, want %s", tt.ticks, got, tt.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{19.8, 23.2, "19 20 21 22 23 24"},
		{372.4, 392, "370 375 380 385 390 395"},
		{0, 100, "0 25 50 75 100"},
		{5, 5, "4 4.5 5 5.5 6"},
	}
	for _, tt := range tests {
		var got []string
		for _, v := range niceTicks(tt.lo, tt.hi) {
			got = append(got, strconv.FormatFloat(v, 'f', -1, 64))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("niceTicks(%v, %v) = %v, want %s", tt.lo, tt.hi, got, tt.want)
		}
	}
}
