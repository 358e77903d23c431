package extract

import (
	"database/sql"
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/terminal"
)

// The report's in-year section: per headline own figure (InYear) a table
// of its quarter ends, the published figures it is set against, and a
// line chart of its months with those published figures as labelled flat
// lines. The chart's line breaks where a month has no value: joining the
// months either side would draw a figure nobody computed.

// inYearView is one figure of the section, every text ready to print.
type inYearView struct {
	Title, AsAt    string
	Dates, Values  []string
	Compare        []comparison
	Published      bool // any published figure to set it against
	Rank, Regional string
	Quartile       string
	// VsEngland and Interval: the latest figure against England's latest
	// published value, by its 95% confidence interval ("–" and "" without)
	VsEngland, Interval string
	Chart               template.HTML
}

// comparison is a published figure beside the council's own.
type comparison struct{ Name, Value string }

// inYearViews makes the section's figures.
func inYearViews(figs []InYearFigure, l la) []inYearView {
	var out []inYearView
	for i := range figs {
		f := &figs[i]
		v := inYearView{Title: f.Title(), AsAt: Date(f.AsAt), Rank: terminal.NoData, Regional: terminal.NoData, Quartile: f.Quartile.String}
		for _, p := range f.Columns() {
			v.Dates, v.Values = append(v.Dates, Date(p.Date)), append(v.Values, text(p.Value, f.Unit))
		}
		period := ""
		if f.PublishedPeriod.Valid {
			period = " (" + f.PublishedPeriod.String + ")"
		}
		v.Compare = append(v.Compare, comparison{l.Name + " published" + period, text(f.Published, f.Unit)})
		if f.Unit != "count" { // a count beside England's total says nothing
			v.Compare = append(v.Compare, comparison{"England" + period, text(f.England, f.Unit)},
				comparison{l.region() + period, text(f.Region, f.Unit)})
		}
		v.Compare = append(v.Compare, comparison{"Statistical neighbours (mean)" + period, text(f.SNMean, f.Unit)})
		for _, c := range v.Compare {
			v.Published = v.Published || c.Value != terminal.NoData
		}
		if f.Polarity == "none" { // a volume is context: neither more nor fewer is better
			v.Rank = "not ranked"
		}
		if f.NationalRank.Valid {
			v.Rank = fmt.Sprintf("%d of %d", f.NationalRank.Int64, f.NationalCount.Int64)
		}
		if f.RegionalRank.Valid {
			v.Regional = RegionalPosition(f.RegionalRank.Int64, f.RegionalCount.Int64, l.region())
		}
		last := f.Latest()
		v.VsEngland, v.Interval = vsEnglandText(last.VsEngland, last.CILower, last.CIUpper, f.Unit)
		v.Chart = inYearChart(f, l.Name, l.region())
		out = append(out, v)
	}
	return out
}

// reference is a published figure drawn as a flat line.
type reference struct {
	name  string
	value sql.NullFloat64
	class string
}

// inYearChart is the figure's months as a line, the published figures as
// labelled dashed lines across, as inline SVG with a text alternative.
func inYearChart(f *InYearFigure, laName, region string) template.HTML {
	months := f.Monthly()
	const w, h, left, right, top, bottom = 560.0, 170.0, 44.0, 170.0, 10.0, 22.0
	refs := []reference{{"Neighbours' mean", f.SNMean, "ref-sn"}}
	if f.Unit != "count" {
		refs = append(refs, reference{region, f.Region, "ref-region"}, reference{"England", f.England, "ref-england"})
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	see := func(v sql.NullFloat64) {
		if v.Valid {
			lo, hi = math.Min(lo, v.Float64), math.Max(hi, v.Float64)
		}
	}
	for _, p := range months {
		see(p.Value)
	}
	if math.IsInf(lo, 0) {
		return "" // not one month with a value
	}
	for _, r := range refs {
		see(r.value)
	}
	ticks := bounded(niceTicks(lo, hi), lo >= 0, f.Unit == "%" && hi <= 100)
	lo, hi = ticks[0], ticks[len(ticks)-1]
	t0, t1 := months[0].Date, months[len(months)-1].Date
	x := func(d time.Time) float64 {
		if !t1.After(t0) {
			return (left + w - right) / 2
		}
		return left + (w-left-right)*d.Sub(t0).Hours()/t1.Sub(t0).Hours()
	}
	y := func(v float64) float64 { return top + (h-top-bottom)*(hi-v)/(hi-lo) }

	var b strings.Builder
	desc := inYearDescription(f, months, refs)
	fmt.Fprintf(&b, `<svg class="inyear" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s"><title>%s</title>`,
		w, h, w, h, html.EscapeString(desc), html.EscapeString(desc))
	for _, v := range ticks {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="grid"/>`, left, y(v), w-right, y(v))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="tick" text-anchor="end">%s</text>`, left-4, y(v)+3, html.EscapeString(tickText(v, f.Unit)))
	}
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="axis"/>`, left, h-bottom, w-right, h-bottom)
	// the quarter ends along the bottom, at most eight labelled
	var quarters []time.Time
	for _, p := range months {
		if isQuarterEnd(p.Date) {
			quarters = append(quarters, p.Date)
		}
	}
	step := max(1, (len(quarters)+7)/8)
	for i := len(quarters) - 1; i >= 0; i -= step { // the latest always labelled
		d := quarters[i]
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="axis"/>`, x(d), h-bottom, x(d), h-bottom+3)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="tick" text-anchor="middle">%s</text>`, x(d), h-8, d.Format("Jan 06"))
	}
	// the published figures: dashed lines across, named at the right
	var labels []chartLabel
	for _, r := range refs {
		if !r.value.Valid {
			continue
		}
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="ref %s"/>`, left, y(r.value.Float64), w-right, y(r.value.Float64), r.class)
		labels = append(labels, chartLabel{y(r.value.Float64), r.name + " " + terminal.Number(r.value.Float64, f.Unit), r.class})
	}
	// the council's months: a path that moves (M) afresh after a month
	// without a value, and a dot on every month so a lone month shows
	var d strings.Builder
	pen := false
	for _, p := range months {
		if !p.Value.Valid {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&d, "%s%.1f,%.1f ", cmd, x(p.Date), y(p.Value.Float64))
		pen = true
	}
	fmt.Fprintf(&b, `<path d="%s" class="own"><title>%s</title></path>`, strings.TrimSpace(d.String()), html.EscapeString(laName))
	for _, p := range months {
		if p.Value.Valid {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.2" class="own-dot"/>`, x(p.Date), y(p.Value.Float64))
		}
	}
	if last := f.Latest(); last.Value.Valid {
		labels = append(labels, chartLabel{y(last.Value.Float64), laName + " " + terminal.Number(last.Value.Float64, f.Unit), "own-label"})
	}
	for _, lb := range spread(labels, 10, top+4, h-bottom) {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="reflabel %s">%s</text>`, w-right+6, lb.y+3, lb.class, html.EscapeString(lb.text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it escaped above
}

// niceTicks are three to six round values from at or below lo to at or
// above hi, a step of 1, 2, 2.5 or 5 times a power of ten apart (a count's
// at least 1), for a chart's value axis.
func niceTicks(lo, hi float64) []float64 {
	if hi-lo < 1e-9 {
		lo, hi = lo-1, hi+1
	}
	raw := (hi - lo) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	for v := math.Floor(lo/step) * step; ; v += step {
		out = append(out, math.Round(v/step)*step)
		if v >= hi-step*1e-9 {
			return out
		}
	}
}

// bounded drops the ticks below 0 when nothing is, and above 100 for a
// percentage that is not: an axis of a flat 100% runs to 100%, not 101%.
func bounded(ticks []float64, positive, percent bool) []float64 {
	var out []float64
	for _, v := range ticks {
		if !(positive && v < 0) && !(percent && v > 100) {
			out = append(out, v)
		}
	}
	if len(out) < 2 {
		return ticks
	}
	return out
}

// tickText is an axis value: a round number shown without decimals it
// does not have.
func tickText(v float64, unit string) string {
	s := terminal.Number(v, unit)
	if v == math.Trunc(v) && unit != "count" {
		s = strings.Replace(s, ".0", "", 1)
	}
	return s
}

// chartLabel is a name at the right of a chart, at its line's height.
type chartLabel struct {
	y           float64
	text, class string
}

// spread moves labels apart to at least gap between them, in their order
// of height, kept within lo and hi where there is room.
func spread(labels []chartLabel, gap, lo, hi float64) []chartLabel {
	sort.SliceStable(labels, func(i, j int) bool { return labels[i].y < labels[j].y })
	for i := 1; i < len(labels); i++ {
		labels[i].y = math.Max(labels[i].y, labels[i-1].y+gap)
	}
	for i := len(labels) - 1; i >= 0; i-- {
		limit := hi
		if i+1 < len(labels) {
			limit = labels[i+1].y - gap
		}
		labels[i].y = math.Max(lo, math.Min(labels[i].y, limit))
	}
	return labels
}

// inYearDescription says the chart in words, for a screen reader and a
// tooltip.
func inYearDescription(f *InYearFigure, months []InYearPoint, refs []reference) string {
	var first, last *InYearPoint
	var missing []string
	for i := range months {
		p := &months[i]
		if !p.Value.Valid {
			missing = append(missing, p.Date.Format("Jan 2006"))
			continue
		}
		if first == nil {
			first = p
		}
		last = p
	}
	s := fmt.Sprintf("%s, month by month: %s on %s", f.Title(), text(first.Value, f.Unit), Date(first.Date))
	if last != first {
		s += fmt.Sprintf(", %s on %s", text(last.Value, f.Unit), Date(last.Date))
	}
	if len(missing) > 0 {
		s += "; no value for " + strings.Join(missing, ", ")
	}
	var pub []string
	for _, r := range refs {
		if r.value.Valid {
			pub = append(pub, r.name+" "+text(r.value, f.Unit))
		}
	}
	if len(pub) > 0 {
		s += "; published"
		if f.PublishedPeriod.Valid {
			s += " (" + f.PublishedPeriod.String + ")"
		}
		s += ": " + strings.Join(pub, ", ")
	}
	return s
}
