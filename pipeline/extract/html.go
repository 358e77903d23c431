package extract

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/lareport"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
	"github.com/yardstick-etl/yardstick/transforms/symbols"
)

// The HTML report is one self-contained file for a committee paper or a
// browser: no script, no font, image or style from any other host. Its
// charts are inline SVG made here from plain numbers (each with a text
// alternative), its tables real tables, and it prints on A4.

//go:embed report.html.tmpl
var reportTemplate string

var reportTmpl = template.Must(template.New("report").Parse(reportTemplate))

type report struct {
	LA, Region, Inspection, Published, Generated string
	Themes                                       []reportTheme
	Gaps                                         []reportRow
	Own                                          []ownRow
	InYear                                       []inYearView
	InYearAsAt                                   string
	Sources                                      []string
	Symbols                                      []symbols.Symbol
}

type reportTheme struct {
	Title string
	Rows  []reportRow
}

type reportRow struct {
	Label, Period, Value, England, Region, SN, Rank, Regional, Quartile, Trend, Direction, Note string
	// VsEngland is "similar to England", "better than England", ... and
	// Interval the 95% confidence interval it is judged by ("16.4% to
	// 19.8%"); "–" and "" without one.
	VsEngland, Interval string
	Chart, Strip        template.HTML
}

type ownRow struct {
	Label, Year, AsAt, Value, Published, England, Rank, Quartile string
	VsEngland, Interval                                          string // as reportRow's, from the own counts
}

// vsEnglandText is a figure's vs_england in words and its interval, "–" and
// "" without one.
func vsEnglandText(vs sql.NullString, lower, upper sql.NullFloat64, unit string) (string, string) {
	if !vs.Valid {
		return terminal.NoData, ""
	}
	return lareport.VsEnglandText(vs), terminal.Number(lower.Float64, unit) + " to " + terminal.Number(upper.Float64, unit)
}

// writeReport writes the LA's HTML report.
func writeReport(ctx context.Context, db *sql.DB, l la, model *lareport.Report, path string, now time.Time) error {
	run, err := publishedRun(ctx, db)
	if err != nil {
		return fmt.Errorf("reading meta.run: %w", err)
	}
	rep := report{LA: l.Name, Region: l.RegionName, Generated: now.Format("2 January 2006 15:04"),
		Published: run.FinishedAt.In(now.Location()).Format("2 January 2006"), Symbols: symbols.Table}
	if rep.Inspection, err = InspectionText(ctx, db, l.Code); err != nil {
		return err
	}
	for _, ind := range model.Headline() {
		r := rowOf(ind, ind.Current())
		r.LAName, r.RegionName = model.Name, model.RegionName
		rr := reportRowOf(&r)
		rr.Note = ind.Note() // the model's flags: the workbook's and headline's too
		rr.Chart = trendChart(ind, l.Name, l.region())
		if r.NationalRank.Valid {
			if rr.Strip, err = rankStrip(ctx, db, &r, ind.Gap, l.Name); err != nil {
				return err
			}
		}
		if ind.Gap {
			rep.Gaps = append(rep.Gaps, rr)
			continue
		}
		if n := len(rep.Themes); n == 0 || rep.Themes[n-1].Title != r.ThemeTitle {
			rep.Themes = append(rep.Themes, reportTheme{Title: r.ThemeTitle})
		}
		t := &rep.Themes[len(rep.Themes)-1]
		t.Rows = append(t.Rows, rr)
	}
	if rep.Own, err = ownRows(ctx, db, l.Code); err != nil {
		return err
	}
	figs, err := InYear(ctx, db, l.Code)
	if err != nil {
		return err
	}
	if len(figs) > 0 {
		rep.InYear, rep.InYearAsAt = inYearViews(figs, l), Date(InYearAsAt(figs))
	}
	if err := eachString(ctx, db, `SELECT DISTINCT i.source FROM ref.indicator i JOIN ref.headline h ON h.item_id = i.indicator_id
		WHERE EXISTS (SELECT 1 FROM mart.la_benchmark_with_own b WHERE b.indicator_id = i.indicator_id AND b.la_code = $1) ORDER BY 1`,
		func(s string) { rep.Sources = append(rep.Sources, s) }, l.Code); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := reportTmpl.Execute(&b, rep); err != nil {
		return err
	}
	tmp := tempPath(path)
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func eachString(ctx context.Context, db *sql.DB, q string, fn func(string), args ...any) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		fn(s)
	}
	return rows.Err()
}

// text is a figure as the report shows it, "–" without one.
func text(v sql.NullFloat64, unit string) string {
	if !v.Valid {
		return terminal.NoData
	}
	return terminal.Number(v.Float64, unit)
}

func reportRowOf(r *row) reportRow {
	rr := reportRow{Label: r.Label, Period: r.Period, Value: text(r.Value, r.Unit), England: text(r.England, r.Unit),
		Region: text(r.Region, r.Unit), SN: text(r.SNMean, r.Unit), Rank: terminal.NoData, Regional: terminal.NoData,
		Quartile: r.Quartile.String, Trend: terminal.NoData}
	rr.VsEngland, rr.Interval = vsEnglandText(r.VsEngland, r.CILower, r.CIUpper, r.Unit)
	if r.Unit == "percentage points" || r.Unit == "points" { // a gap: every figure in its unit
		rr.Value, rr.England, rr.Region = gapText(r.Value, r.Unit), gapText(r.England, r.Unit), gapText(r.Region, r.Unit)
	}
	if !r.Value.Valid && r.Symbol.Valid {
		rr.Value = r.Symbol.String
	}
	if r.Unit == "count" { // a count beside England's total says nothing
		rr.England, rr.Region, rr.SN = terminal.NoData, terminal.NoData, terminal.NoData
	}
	if r.NationalRank.Valid {
		rr.Rank = fmt.Sprintf("%d of %d", r.NationalRank.Int64, r.NationalCount.Int64)
		rr.Regional = RegionalPosition(r.RegionalRank.Int64, r.RegionalCount.Int64, r.RegionName)
	}
	if r.Change.Valid {
		rr.Trend = terminal.Signed(r.Change.Float64, r.Unit)
		if r.Direction.Valid {
			rr.Trend += " " + r.Direction.String
			rr.Direction = r.Direction.String
		}
	}
	return rr
}

func gapText(v sql.NullFloat64, unit string) string {
	if !v.Valid {
		return terminal.NoData
	}
	if unit == "percentage points" {
		return terminal.Number(v.Float64, "value") + "pp"
	}
	return terminal.Number(v.Float64, "value") + " pts"
}

// ownRows are the LA's own figures from its returns (mart.provisional_position),
// each labelled as at the date its returns reach.
func ownRows(ctx context.Context, db *sql.DB, code string) ([]ownRow, error) {
	rows, err := db.QueryContext(ctx, `SELECT label_as_at, as_at, unit, period, value, published_period, published_value, england_value,
			national_rank, national_count, quartile, vs_england, ci_lower, ci_upper
		FROM mart.provisional_position WHERE la_code = $1 ORDER BY year DESC, label`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ownRow
	for rows.Next() {
		var label, unit, period string
		var asAt sql.NullTime
		var value, pub, england, lower, upper sql.NullFloat64
		var pubPeriod, quartile, vs sql.NullString
		var rank, count sql.NullInt64
		if err := rows.Scan(&label, &asAt, &unit, &period, &value, &pubPeriod, &pub, &england, &rank, &count, &quartile,
			&vs, &lower, &upper); err != nil {
			return nil, err
		}
		o := ownRow{Label: label, Year: period, AsAt: terminal.NoData, Value: text(value, unit), Published: text(pub, unit), England: text(england, unit),
			Rank: terminal.NoData, Quartile: quartile.String}
		o.VsEngland, o.Interval = vsEnglandText(vs, lower, upper, unit)
		if pub.Valid && pubPeriod.Valid {
			o.Published += " (" + pubPeriod.String + ")"
		}
		if asAt.Valid {
			o.AsAt = Date(asAt.Time)
		}
		if unit == "count" {
			o.England = terminal.NoData
		}
		if rank.Valid {
			o.Rank = fmt.Sprintf("%d of %d", rank.Int64, count.Int64)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// chart colours: the LA, its neighbours, its region, England
var lineColours = [4]string{"#1f4e78", "#ed7d31", "#7f7f7f", "#000000"}

// trendChart is a small line chart of the LA, its neighbours' mean, its
// region and England over the figure's last ten periods, as inline SVG
// with a text alternative that says the same in words. Every period the
// figure is published for has its place on the x axis: a line breaks
// where a period has no value (suppressed, or not published for the LA),
// and a value with no neighbour is a dot. The y axis gives its unit, and
// says so when it does not start at zero.
func trendChart(ind *lareport.Indicator, laName, region string) template.HTML {
	end := ind.Latest // up to the LA's latest figure, or the indicator's latest published period when newer
	for k := range ind.Periods {
		if ind.Periods[k].AnyValue {
			end = max(end, k)
		}
	}
	ps := ind.Periods[:end+1]
	unit := ind.Unit
	get := func(p lareport.Point, i int) sql.NullFloat64 {
		return [4]sql.NullFloat64{p.Value, p.SNMean, p.Region, p.England}[i]
	}
	lines := []int{0, 1, 2, 3}
	if unit == "count" {
		lines = []int{0, 1}
	}
	drawn := func(p lareport.Point) bool {
		for _, i := range lines {
			if get(p, i).Valid {
				return true
			}
		}
		return false
	}
	for len(ps) > 0 && !drawn(ps[0]) { // from the first period with a line to draw
		ps = ps[1:]
	}
	if len(ps) > chartPeriods {
		ps = ps[len(ps)-chartPeriods:]
	}
	if len(ps) < 2 {
		return ""
	}
	const w, h, left, right, top, bottom = 260.0, 130.0, 40.0, 8.0, 18.0, 20.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range ps {
		for _, i := range lines {
			if v := get(p, i); v.Valid {
				lo, hi = math.Min(lo, v.Float64), math.Max(hi, v.Float64)
			}
		}
	}
	if math.IsInf(lo, 0) {
		return ""
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	x := func(i int) float64 { return left + (w-left-right)*float64(i)/float64(len(ps)-1) }
	y := func(v float64) float64 { return top + (h-top-bottom)*(hi-v)/(hi-lo) }
	names := []string{laName, "Statistical neighbours (mean)", region, "England"}
	var b strings.Builder
	first, last := ps[0], ps[len(ps)-1]
	for _, p := range ps { // the LA's first figure in the window
		if p.Value.Valid {
			first = p
			break
		}
	}
	desc := fmt.Sprintf("%s: %s %s in %s, %s in %s", ind.Label, laName, text(first.Value, unit), first.Period, text(last.Value, unit), last.Period)
	var missing []string
	for _, p := range ps {
		if !p.Value.Valid {
			missing = append(missing, p.Period)
		}
	}
	if len(missing) > 0 {
		desc += "; no value for " + laName + " in " + strings.Join(missing, ", ")
	}
	if last.England.Valid && unit != "count" {
		desc += fmt.Sprintf("; England %s in %s", text(last.England, unit), last.Period)
	}
	axis := axisTitle(unit)
	if lo > 0 || hi < 0 {
		axis += ", axis does not start at 0"
	}
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s"><title>%s</title>`,
		w, h, w, h, html.EscapeString(desc), html.EscapeString(desc))
	fmt.Fprintf(&b, `<text x="%.0f" y="9" class="tick axis-title">%s</text>`, 2.0, html.EscapeString(axis))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="axis"/>`, left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="axis"/>`, left, top, left, h-bottom)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="tick" text-anchor="end">%s</text>`, left-4, y(hi)+4, html.EscapeString(terminal.Number(hi, unit)))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="tick" text-anchor="end">%s</text>`, left-4, y(lo)+4, html.EscapeString(terminal.Number(lo, unit)))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick">%s</text>`, left, h-4, html.EscapeString(ps[0].Period))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick" text-anchor="end">%s</text>`, w-right, h-4, html.EscapeString(last.Period))
	for j, p := range ps { // a tick under every period, so a gap reads as one
		if !p.Value.Valid && j > 0 && j < len(ps)-1 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="tick" text-anchor="middle">–</text>`, x(j), h-bottom-2)
		}
	}
	for k := len(lines) - 1; k >= 0; k-- { // the LA last, on top
		i := lines[k]
		var d strings.Builder
		var dots []int
		run := 0 // points in the current run
		for j, p := range ps {
			v := get(p, i)
			if !v.Valid {
				if run == 1 {
					dots = append(dots, j-1)
				}
				run = 0
				continue
			}
			move := "L"
			if run == 0 {
				move = "M"
				if d.Len() > 0 {
					d.WriteByte(' ')
				}
			} else {
				d.WriteByte(' ')
			}
			fmt.Fprintf(&d, "%s%.1f,%.1f", move, x(j), y(v.Float64))
			run++
		}
		if run == 1 {
			dots = append(dots, len(ps)-1)
		}
		if d.Len() == 0 {
			continue
		}
		width := 1.5
		if i == 0 {
			width = 2.5
		}
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="%.1f"><title>%s</title></path>`,
			d.String(), lineColours[i], width, html.EscapeString(names[i]))
		for _, j := range dots { // a value alone between gaps: a dot, not nothing
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s"/>`, x(j), y(get(ps[j], i).Float64), width+1, lineColours[i])
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it escaped above
}

// chartPeriods is how many of a figure's latest periods its chart spans.
const chartPeriods = 10

// axisTitle names a chart's value axis by the figure's unit.
func axisTitle(unit string) string {
	switch unit {
	case "%":
		return "Per cent"
	case "count":
		return "Number"
	case "rate":
		return "Rate"
	case "score":
		return "Score"
	case "percentage points":
		return "Gap, percentage points"
	case "points":
		return "Gap, points"
	}
	return "Value"
}

// rankStrip shows where the LA's value sits among every ranked LA's in the
// same period: a tick per LA on the value axis, the quartile bands behind
// them, the LA's own tick marked.
func rankStrip(ctx context.Context, db *sql.DB, r *row, gap bool, laName string) (template.HTML, error) {
	q := `SELECT value FROM mart.la_benchmark WHERE indicator_id = $1 AND period = $2 AND national_rank IS NOT NULL`
	if gap {
		q = `SELECT gap FROM mart.gap WHERE gap_id = $1 AND period = $2 AND national_rank IS NOT NULL`
	}
	rows, err := db.QueryContext(ctx, q, r.ID, r.Period)
	if err != nil {
		return "", err
	}
	var vals []float64
	for rows.Next() {
		var v float64
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return "", err
		}
		vals = append(vals, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(vals) < 2 || !r.Value.Valid {
		return "", err
	}
	sort.Float64s(vals)
	const w, h, pad, top = 260.0, 46.0, 6.0, 12.0
	lo, hi := vals[0], vals[len(vals)-1]
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	x := func(v float64) float64 { return pad + (w-2*pad)*(v-lo)/(hi-lo) }
	q1, q2, q3 := quantile(vals, 0.25), quantile(vals, 0.5), quantile(vals, 0.75)
	better := "higher is better"
	if gap || r.Polarity == "low" {
		better = "lower is better"
	}
	desc := fmt.Sprintf("%s: %s %s, %s of %d LAs (%s); quartile %s", r.Label, laName, terminal.Number(r.Value.Float64, r.Unit),
		Ordinal(r.NationalRank.Int64), r.NationalCount.Int64, better, r.Quartile.String)
	title := fmt.Sprintf("%s: %s of %d LAs ranked, 1 = best (%s)", r.Period, Ordinal(r.NationalRank.Int64), r.NationalCount.Int64, better)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="strip" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s"><title>%s</title>`,
		w, h, w, h, html.EscapeString(desc), html.EscapeString(desc))
	fmt.Fprintf(&b, `<text x="%.0f" y="9" class="tick strip-title">%s</text>`, pad, html.EscapeString(title))
	bands := []float64{lo, q1, q2, q3, hi}
	shades := []string{"#f2f2f2", "#e0e0e0", "#f2f2f2", "#e0e0e0"}
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.0f" width="%.1f" height="18" fill="%s"/>`, x(bands[i]), top+4, math.Max(0, x(bands[i+1])-x(bands[i])), shades[i])
	}
	for _, v := range vals {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="la"/>`, x(v), top+6, x(v), top+20)
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="own"/>`, x(r.Value.Float64), top+1, x(r.Value.Float64), top+25)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick">%s (lowest)</text>`, pad, h-1, html.EscapeString(terminal.Number(lo, r.Unit)))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick" text-anchor="end">%s (highest)</text>`, w-pad, h-1, html.EscapeString(terminal.Number(hi, r.Unit)))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil // every text in it escaped above
}

// quantile is R's type 7 quantile of sorted values, as the marts'
// quartiles are.
func quantile(sorted []float64, p float64) float64 {
	h := (float64(len(sorted)) - 1) * p
	lo := math.Floor(h)
	if int(lo)+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[int(lo)] + (h-lo)*(sorted[int(lo)+1]-sorted[int(lo)])
}
