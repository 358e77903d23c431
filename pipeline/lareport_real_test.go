package pipeline

import (
	"context"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"github.com/yardstick-etl/yardstick/pipeline/lareport"
)

// TestReportFlagsAgreeReal: on the real files, Trafford's workbook, HTML report
// and headline show the same older-data flags, each beside its figure
// (they all take them from lareport), and the HTML chart of KS2 for
// looked-after children does not draw across its suppressed years.
func TestReportFlagsAgreeReal(t *testing.T) {
	cfg := realWarehouse(t)
	out := t.TempDir()
	res, err := Extract(context.Background(), cfg, ExtractConfig{LA: "358", Formats: []string{"xlsx", "html"}, Out: out})
	if err != nil || len(res) != 2 {
		t.Fatalf("%v %+v", err, res)
	}
	f, err := excelize.OpenFile(res[0].Paths[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]string{} // indicator -> the workbook's note
	for _, r := range rows {
		if len(r) > 12 && r[12] != "" && r[0] != "Indicator" { // the header row aside
			notes[r[0]] = r[12]
		}
	}
	// the workbook's KS2 CLA chart reads the LA's numbers from hidden
	// columns, its symbols ("c") blank: a gap, not 0%
	const ks2 = "KS2 Reading, writing and maths at the expected standard (%): children looked after for 12 months"
	sheet := "Education and gaps"
	cells, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, r := range cells {
		if len(r) == 0 || r[0] != ks2 || i+2 >= len(cells) {
			continue
		}
		found = true
		la, data := cells[i+2], []string{}
		for c := 8; c < 12; c++ { // I:L
			v := ""
			if c < len(la) {
				v = la[c]
			}
			data = append(data, v)
		}
		if strings.Join(la[1:5], " ") != "c c 50.0% c" || strings.Join(data, "|") != "||50.0%|" {
			t.Errorf("KS2 CLA's LA row %q, its chart's data %q: want the symbols blank", la[1:5], data)
		}
		if vis, err := f.GetColVisible(sheet, "I"); err != nil || vis {
			t.Errorf("the chart data's column I is visible (%v)", err)
		}
	}
	if !found {
		t.Errorf("no block for %s on %s", ks2, sheet)
	}
	const att8 = "KS4 Attainment 8 average score: all pupils"
	if notes[att8] != "Older data: 2018/19 is the latest published" {
		t.Fatalf("the workbook's notes %q lack %s's older data", notes, att8)
	}
	b, err := os.ReadFile(res[1].Paths[0])
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(b))
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hs, name, err := Headlines(context.Background(), db, "358")
	if err != nil {
		t.Fatal(err)
	}
	gs, err := GapLines(context.Background(), db, "358")
	if err != nil {
		t.Fatal(err)
	}
	var w strings.Builder
	if err := WriteHeadlines(&w, name, "", hs, 0); err != nil {
		t.Fatal(err)
	}
	if err := WriteGaps(&w, gs, 0); err != nil {
		t.Fatal(err)
	}
	headline := w.String()
	for label, note := range notes {
		if !strings.Contains(page, label+`<br><span class="note">`+note+`</span>`) {
			t.Errorf("the HTML report lacks %q beside %q", note, label)
		}
		if !strings.Contains(headline, label+": "+note) {
			t.Errorf("headline lacks %q for %q:\n%s", note, label, headline)
		}
	}
	for _, n := range []string{"Older data: 2018/19", "Older data: 2021/22", "Older data: 2022"} {
		if !strings.Contains(headline, n) {
			t.Errorf("headline lacks %q:\n%s", n, headline)
		}
	}

	// KS2 for looked-after children: 36% in 2018/19, suppressed to
	// 2022/23, 50% in 2023/24: two points, no line between them
	chart := regexp.MustCompile(`<svg class="trend"[^>]*aria-label="KS2 Reading, writing and maths at the expected standard \(%\): children looked after for 12 months:.*?</svg>`).FindString(page)
	if chart == "" {
		t.Fatal("no chart of KS2 for looked-after children")
	}
	la := regexp.MustCompile(`<path d="([^"]*)"[^>]*><title>Trafford</title>`).FindStringSubmatch(chart)
	if la == nil || strings.Count(la[1], "M") != 2 || strings.Contains(la[1], "L") {
		t.Errorf("Trafford's KS2 CLA line %v: want two separate points, no line across the suppressed years\n%s", la, chart)
	}
	for _, want := range []string{"no value for Trafford in 2019/20, 2020/21, 2021/22, 2022/23", "Per cent, axis does not start at 0"} {
		if !strings.Contains(chart, want) {
			t.Errorf("the KS2 CLA chart lacks %q", want)
		}
	}
	if !regexp.MustCompile(`class="tick strip-title">\d{4}(/\d\d)?: \d+(st|nd|rd|th) of 1\d\d LAs ranked, 1 = best \((higher|lower) is better\)<`).MatchString(page) {
		t.Error("no ranking strip says what it ranks")
	}
}

// TestThemeBlocksAgreeReal: on the real files, each block of Trafford's
// theme sheets shows its indicator as the report model has it (the theme
// sheets render from lareport, as the Summary and the HTML report do): the
// model's periods up to its latest published one, a period the LA has no
// figure for blank, and under the block the model's note, no other.
func TestThemeBlocksAgreeReal(t *testing.T) {
	cfg := realWarehouse(t)
	out := t.TempDir()
	f, err := excelize.OpenFile(traffordPath(t, cfg, out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	model, err := lareport.Build(context.Background(), db, "358")
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]map[string]*lareport.Indicator{} // theme -> label -> indicator
	want := 0
	for _, ind := range model.Indicators {
		if byTitle[ind.ThemeTitle] == nil {
			byTitle[ind.ThemeTitle] = map[string]*lareport.Indicator{}
		}
		byTitle[ind.ThemeTitle][ind.Label] = ind
		want++
	}
	blocks, noted, gaps := 0, 0, 0
	for sheet, inds := range byTitle {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatalf("%s: %v", sheet, err)
		}
		at := func(r, c int) string {
			if r < len(rows) && c < len(rows[r]) {
				return rows[r][c]
			}
			return ""
		}
		for i := range rows {
			if at(i+1, 0) != "Period" || at(i, 0) == "" {
				continue
			}
			ind := inds[at(i, 0)]
			if ind == nil {
				t.Errorf("%s: a block %q the model has no indicator for", sheet, at(i, 0))
				continue
			}
			blocks++
			// the block's periods: consecutive periods of the model's,
			// ending at the LA's latest figure or, when newer, the
			// indicator's latest published period
			var periods []string
			for c := 1; c <= 4 && at(i+1, c) != ""; c++ {
				periods = append(periods, at(i+1, c))
			}
			start := -1
			for k, p := range ind.Periods {
				if len(periods) > 0 && p.Period == periods[0] {
					start = k
				}
			}
			if start < 0 || start+len(periods) > len(ind.Periods) {
				t.Errorf("%s: %s's block periods %q are not the model's", sheet, ind.Label, periods)
				continue
			}
			if cur := ind.Current(); cur != nil {
				last := cur.Period
				if ind.Flags.OlderPeriod != "" {
					last = ind.Flags.OlderPeriod
				}
				if periods[len(periods)-1] != last {
					t.Errorf("%s: %s's block ends at %s, want %s", sheet, ind.Label, periods[len(periods)-1], last)
				}
			}
			for c, period := range periods {
				p := ind.Periods[start+c]
				if p.Period != period {
					t.Errorf("%s: %s's block periods %q, the model's from %d: %+v", sheet, ind.Label, periods, start, ind.Periods)
					break
				}
				if shown := at(i+2, 1+c); (shown != "") != p.HasFigure() {
					t.Errorf("%s: %s's %s shows %q, the model's figure %v %v", sheet, ind.Label, period, shown, p.Value, p.Symbol)
				}
				if !p.HasFigure() {
					gaps++
				}
			}
			if got := at(i+9, 0); got != ind.Note() {
				t.Errorf("%s: %s's block note %q, the model's %q", sheet, ind.Label, got, ind.Note())
			}
			if ind.Note() != "" {
				noted++
			}
		}
	}
	t.Logf("%d blocks, %d with a note, %d periods without a figure", blocks, noted, gaps)
	if blocks != want || noted == 0 || gaps == 0 {
		t.Errorf("%d blocks (the model has %d indicators), %d notes, %d gaps: want a block each, and notes and gaps among them", blocks, want, noted, gaps)
	}
}
