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
	Chart, Strip                                                                                template.HTML
}

type ownRow struct {
	Label, Year, AsAt, Value, Published, England, Rank, Quartile string
}

// writeReport writes the LA's HTML report.
func writeReport(ctx context.Context, db *sql.DB, l la, path string, now time.Time) error {
	run, err := publishedRun(ctx, db)
	if err != nil {
		return fmt.Errorf("reading meta.run: %w", err)
	}
	rep := report{LA: l.Name, Region: l.RegionName, Generated: now.Format("2 January 2006 15:04"),
		Published: run.FinishedAt.In(now.Location()).Format("2 January 2006"), Symbols: symbols.Table}
	if rep.Inspection, err = InspectionText(ctx, db, l.Code); err != nil {
		return err
	}
	latest, err := latestPeriods(ctx, db)
	if err != nil {
		return err
	}
	// every period of the headline figures, for their charts
	series := map[string][]row{}
	err = queryRows(ctx, db, `la_code = $1 AND id IN (SELECT item_id FROM ref.headline)`, "id, year, period", []any{l.Code}, func(r *row) error {
		series[r.ID] = append(series[r.ID], *r)
		return nil
	})
	if err != nil {
		return err
	}
	var headline []row
	err = queryRows(ctx, db, `la_code = $1 AND id IN (SELECT item_id FROM ref.headline) AND (value IS NOT NULL OR symbol IS NOT NULL)
		QUALIFY row_number() OVER (PARTITION BY id ORDER BY year DESC, period DESC) = 1`,
		"sort_order, (SELECT h.sort_order FROM ref.headline h WHERE h.item_id = id)", []any{l.Code}, func(r *row) error {
			if r.Value.Valid || r.England.Valid || r.Region.Valid {
				headline = append(headline, *r)
			}
			return nil
		})
	if err != nil {
		return err
	}
	isGap := map[string]bool{}
	if err := eachString(ctx, db, `SELECT gap_id FROM ref.gap`, func(id string) { isGap[id] = true }); err != nil {
		return err
	}
	for i := range headline {
		r := &headline[i]
		rr := reportRowOf(r, latest)
		rr.Chart = trendChart(r.Label, l.Name, l.region(), series[r.ID])
		if r.NationalRank.Valid {
			if rr.Strip, err = rankStrip(ctx, db, r, isGap[r.ID], l.Name); err != nil {
				return err
			}
		}
		if isGap[r.ID] {
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

func reportRowOf(r *row, latest map[string]periodMark) reportRow {
	rr := reportRow{Label: r.Label, Period: r.Period, Value: text(r.Value, r.Unit), England: text(r.England, r.Unit),
		Region: text(r.Region, r.Unit), SN: text(r.SNMean, r.Unit), Rank: terminal.NoData, Regional: terminal.NoData,
		Quartile: r.Quartile.String, Trend: terminal.NoData}
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
	if lp := latest[r.ID]; lp.year > r.Year {
		rr.Note = "Older period: the latest published is " + lp.period
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
			national_rank, national_count, quartile
		FROM mart.provisional_position WHERE la_code = $1 ORDER BY year DESC, label`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ownRow
	for rows.Next() {
		var label, unit, period string
		var asAt sql.NullTime
		var value, pub, england sql.NullFloat64
		var pubPeriod, quartile sql.NullString
		var rank, count sql.NullInt64
		if err := rows.Scan(&label, &asAt, &unit, &period, &value, &pubPeriod, &pub, &england, &rank, &count, &quartile); err != nil {
			return nil, err
		}
		o := ownRow{Label: label, Year: period, AsAt: terminal.NoData, Value: text(value, unit), Published: text(pub, unit), England: text(england, unit),
			Rank: terminal.NoData, Quartile: quartile.String}
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
// with a text alternative that says the same in words.
func trendChart(label, laName, region string, rs []row) template.HTML {
	if len(rs) > blockPeriods {
		rs = rs[len(rs)-blockPeriods:]
	}
	if len(rs) < 2 {
		return ""
	}
	const w, h, left, right, top, bottom = 260.0, 120.0, 40.0, 8.0, 8.0, 20.0
	unit := rs[0].Unit
	get := func(r row, i int) sql.NullFloat64 {
		return [4]sql.NullFloat64{r.Value, r.SNMean, r.Region, r.England}[i]
	}
	lines := []int{0, 1, 2, 3}
	if unit == "count" {
		lines = []int{0, 1}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rs {
		for _, i := range lines {
			if v := get(r, i); v.Valid {
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
	x := func(i int) float64 { return left + (w-left-right)*float64(i)/float64(len(rs)-1) }
	y := func(v float64) float64 { return top + (h-top-bottom)*(hi-v)/(hi-lo) }
	names := []string{laName, "Statistical neighbours (mean)", region, "England"}
	var b strings.Builder
	first, last := rs[0], rs[len(rs)-1]
	desc := fmt.Sprintf("%s: %s %s in %s, %s in %s", label, laName, text(first.Value, unit), first.Period, text(last.Value, unit), last.Period)
	if last.England.Valid && unit != "count" {
		desc += fmt.Sprintf("; England %s in %s", text(last.England, unit), last.Period)
	}
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s"><title>%s</title>`,
		w, h, w, h, html.EscapeString(desc), html.EscapeString(desc))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="axis"/>`, left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="tick" text-anchor="end">%s</text>`, left-4, y(hi)+4, html.EscapeString(terminal.Number(hi, unit)))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="tick" text-anchor="end">%s</text>`, left-4, y(lo)+4, html.EscapeString(terminal.Number(lo, unit)))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick">%s</text>`, left, h-4, html.EscapeString(first.Period))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick" text-anchor="end">%s</text>`, w-right, h-4, html.EscapeString(last.Period))
	for k := len(lines) - 1; k >= 0; k-- { // the LA last, on top
		i := lines[k]
		var pts []string
		for j, r := range rs {
			if v := get(r, i); v.Valid {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(j), y(v.Float64)))
			}
		}
		if len(pts) == 0 {
			continue
		}
		width := 1.5
		if i == 0 {
			width = 2.5
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%.1f"><title>%s</title></polyline>`,
			strings.Join(pts, " "), lineColours[i], width, html.EscapeString(names[i]))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it escaped above
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
	const w, h, pad = 260.0, 34.0, 6.0
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
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="strip" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s"><title>%s</title>`,
		w, h, w, h, html.EscapeString(desc), html.EscapeString(desc))
	bands := []float64{lo, q1, q2, q3, hi}
	shades := []string{"#f2f2f2", "#e0e0e0", "#f2f2f2", "#e0e0e0"}
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, `<rect x="%.1f" y="4" width="%.1f" height="18" fill="%s"/>`, x(bands[i]), math.Max(0, x(bands[i+1])-x(bands[i])), shades[i])
	}
	for _, v := range vals {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="6" x2="%.1f" y2="20" class="la"/>`, x(v), x(v))
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="1" x2="%.1f" y2="25" class="own"/>`, x(r.Value.Float64), x(r.Value.Float64))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick">%s</text>`, pad, h-1, html.EscapeString(terminal.Number(lo, r.Unit)))
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick" text-anchor="end">%s</text>`, w-pad, h-1, html.EscapeString(terminal.Number(hi, r.Unit)))
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
