// Package lareport is the one model of an LA's benchmark report, read from
// the warehouse once per LA: its themes and indicators (and gaps), every
// period each is published for (a period the LA has no figure for is
// present, as a gap), the LA's values and its comparators (England, its
// region, its statistical neighbours' mean), ranks, quartile, and the flags
// and notes a reader must see beside a figure. Every renderer (the
// workbook, the HTML report, the terminal headline) takes its flags from
// here, so they cannot disagree: a flag is decided in this package only.
package lareport

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// Point is one period of an indicator for the LA.
type Point struct {
	Period string
	Year   int
	// Present is false when the LA has no row for the period at all (the
	// indicator is published for it for other LAs): a gap, like a
	// suppressed value.
	Present            bool
	Value              sql.NullFloat64
	Symbol             sql.NullString // a symbol in place of the value: "c", "x", "z", ...
	England, Region    sql.NullFloat64
	SNMean, SNMedian   sql.NullFloat64
	SNCount            int
	Rank, Count        sql.NullInt64 // national
	RegRank, RegCount  sql.NullInt64
	Quartile           sql.NullString
	Change             sql.NullFloat64
	Direction, Version sql.NullString
	SharedWith         sql.NullString // a shared service's other LAs: the figure is theirs jointly
	// CILower and CIUpper are the figure's 95% confidence interval, made
	// from its published counts; VsEngland says whether England's value
	// is outside it (higher, lower, better, worse) or not (similar).
	CILower, CIUpper sql.NullFloat64
	VsEngland        sql.NullString
	AnyValue         bool // some LA has a value in the period
}

// VsEnglandText is a vs_england value (mart.la_benchmark) in words:
// "similar to England", "better than England"; "" for NULL.
func VsEnglandText(vs sql.NullString) string {
	switch {
	case !vs.Valid:
		return ""
	case vs.String == "similar":
		return "similar to England"
	default:
		return vs.String + " than England"
	}
}

// HasFigure is whether the LA has a value or a symbol in its place.
func (p *Point) HasFigure() bool { return p.Value.Valid || p.Symbol.Valid }

// Flags are what a reader must be told beside an indicator's latest figure.
type Flags struct {
	// OlderPeriod is the indicator's latest published period (over every
	// LA) when it is newer than the LA's latest figure: the LA's figure
	// for it is suppressed or missing.
	OlderPeriod string
	// OlderData: the LA's latest figure is over two years older than the
	// newest of the report's headline figures (the indicator has not been
	// published since).
	OlderData bool
	// Symbol is the symbol published in place of the latest value ("" for a value).
	Symbol string
	// SharedWith names the LAs whose shared service the figure is for.
	SharedWith string
	// OwnPeriod is the period of the LA's own provisional figure for the
	// indicator, from its returns (mart.provisional_position), when it has
	// one newer than its latest published figure ("" otherwise). No note
	// says it: the renderers show own figures in their own section.
	OwnPeriod string
	// Suppressed counts the periods within the indicator's range with no
	// value for the LA (suppressed, or not published for it).
	Suppressed int
}

// Indicator is one indicator or gap of the report.
type Indicator struct {
	ID, Label, Unit, Polarity string
	Theme, ThemeTitle         string
	ThemeSort                 int
	Gap                       bool // an attainment gap (mart.gap), ranked with polarity low
	Headline                  bool // among ref.headline
	headlineSort              sql.NullInt64
	// Periods is every period the indicator is published for (for any
	// LA), oldest first; the LA's figures where it has them.
	Periods []Point
	// Latest is the index in Periods of the LA's latest period with a
	// value or a symbol, -1 without one.
	Latest int
	Flags  Flags
	// Notes are the flags in words, in the order a renderer shows them.
	Notes []string
}

// Current is the LA's latest figure, nil without one.
func (i *Indicator) Current() *Point {
	if i.Latest < 0 {
		return nil
	}
	return &i.Periods[i.Latest]
}

// Shown is whether the indicator has anything to read at its latest
// period: a figure the LA, its region and England all lack is left out.
func (i *Indicator) Shown() bool {
	p := i.Current()
	return p != nil && (p.Value.Valid || p.England.Valid || p.Region.Valid)
}

// Note is the indicator's notes in one line ("" without any).
func (i *Indicator) Note() string { return strings.Join(i.Notes, "; ") }

// Report is an LA's report.
type Report struct {
	Code, Name, RegionName string
	// Indicators is every indicator and gap the LA has a row for, in theme
	// order, then the headline's order, then by label.
	Indicators []*Indicator
	// Newest is the newest year among the headline figures shown (every
	// indicator's, when no headline figure has one): OlderData is judged
	// against it.
	Newest int
}

// Headline is the report's headline figures that are shown (Shown), gaps
// among them, in order.
func (r *Report) Headline() []*Indicator {
	var out []*Indicator
	for _, i := range r.Indicators {
		if i.Headline && i.Shown() {
			out = append(out, i)
		}
	}
	return out
}

// Indicator is the report's indicator or gap id, nil when it has none.
func (r *Report) Indicator(id string) *Indicator {
	for _, i := range r.Indicators {
		if i.ID == id {
			return i
		}
	}
	return nil
}

// OlderDataYears: a latest figure this many years or more older than the
// newest headline figure is flagged as older data.
const OlderDataYears = 3

// rows is mart.la_benchmark (published) and mart.gap in one shape.
const rows = `
SELECT t.sort_order, t.theme_id, t.title,
       b.indicator_id AS id, b.label, b.unit, b.polarity, b.period, b.year,
       b.la_code, b.la_name, b.region_name,
       b.value, b.symbol, b.england_value, b.region_value, b.sn_mean, b.sn_median, coalesce(b.sn_count, 0),
       b.national_rank, b.national_count, b.regional_rank, b.regional_count,
       b.quartile, b.change, b.direction, b.version, b.shared_with, b.ci_lower, b.ci_upper, b.vs_england, false AS gap
FROM mart.la_benchmark b
JOIN ref.indicator i USING (indicator_id)
JOIN ref.theme t ON t.theme_id = i.theme
UNION ALL
SELECT t.sort_order, t.theme_id, t.title,
       g.gap_id, g.label, g.unit, 'low', g.period, g.year,
       g.la_code, g.la_name, g.region_name,
       g.gap, NULL, g.england_gap, g.region_gap, NULL, NULL, 0,
       g.national_rank, g.national_count, g.regional_rank, g.regional_count,
       g.quartile, g.change, g.direction, NULL, NULL, NULL, NULL, NULL, true
FROM mart.gap g
JOIN ref.gap rg USING (gap_id)
JOIN ref.indicator i ON i.indicator_id = rg.group_indicator_id
JOIN ref.theme t ON t.theme_id = i.theme`

// Build reads the LA's report from the warehouse.
func Build(ctx context.Context, db *sql.DB, code string) (*Report, error) {
	rep := &Report{Code: code}
	if err := db.QueryRowContext(ctx, `SELECT la_name, coalesce(region_name, '') FROM ref.la WHERE la_code = $1
		ORDER BY valid_from DESC NULLS FIRST LIMIT 1`, code).Scan(&rep.Name, &rep.RegionName); err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("lareport: ref.la: %w", err)
	}
	byID := map[string]*Indicator{}
	mine := map[string]map[string]Point{} // id -> period -> the LA's row
	q := `SELECT r.*, h.sort_order FROM (` + rows + `) r LEFT JOIN ref.headline h ON h.item_id = r.id WHERE r.la_code = $1`
	rs, err := db.QueryContext(ctx, q, code)
	if err != nil {
		return nil, fmt.Errorf("lareport: %w", err)
	}
	for rs.Next() {
		var ind Indicator
		var p Point
		var laCode, laName string
		var region sql.NullString
		if err := rs.Scan(&ind.ThemeSort, &ind.Theme, &ind.ThemeTitle, &ind.ID, &ind.Label, &ind.Unit, &ind.Polarity, &p.Period, &p.Year,
			&laCode, &laName, &region, &p.Value, &p.Symbol, &p.England, &p.Region, &p.SNMean, &p.SNMedian, &p.SNCount,
			&p.Rank, &p.Count, &p.RegRank, &p.RegCount, &p.Quartile, &p.Change, &p.Direction, &p.Version, &p.SharedWith,
			&p.CILower, &p.CIUpper, &p.VsEngland, &ind.Gap, &ind.headlineSort); err != nil {
			rs.Close()
			return nil, err
		}
		if rep.Name == "" {
			rep.Name = laName
		}
		if rep.RegionName == "" {
			rep.RegionName = region.String
		}
		p.Present = true
		if byID[ind.ID] == nil {
			ind.Headline = ind.headlineSort.Valid
			ind.Latest = -1
			x := ind
			byID[ind.ID] = &x
			mine[ind.ID] = map[string]Point{}
		}
		mine[ind.ID][p.Period] = p
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, err
	}
	// every period each indicator is published for, over every LA
	ps, err := db.QueryContext(ctx, `SELECT id, period, max(year), bool_or(value IS NOT NULL) FROM (
		SELECT indicator_id AS id, period, year, value FROM mart.la_benchmark
		UNION ALL SELECT gap_id, period, year, gap FROM mart.gap) GROUP BY id, period`)
	if err != nil {
		return nil, fmt.Errorf("lareport: periods: %w", err)
	}
	for ps.Next() {
		var id string
		var p Point
		if err := ps.Scan(&id, &p.Period, &p.Year, &p.AnyValue); err != nil {
			ps.Close()
			return nil, err
		}
		ind := byID[id]
		if ind == nil {
			continue
		}
		if m, ok := mine[id][p.Period]; ok {
			m.AnyValue = p.AnyValue
			p = m
		}
		ind.Periods = append(ind.Periods, p)
	}
	ps.Close()
	if err := ps.Err(); err != nil {
		return nil, err
	}
	for _, ind := range byID {
		sort.Slice(ind.Periods, func(a, b int) bool { return periodLess(ind.Periods[a], ind.Periods[b]) })
		ind.Periods = fillYears(ind.Periods)
		for k := range ind.Periods {
			if ind.Periods[k].HasFigure() {
				ind.Latest = k
			}
		}
		rep.Indicators = append(rep.Indicators, ind)
	}
	sort.Slice(rep.Indicators, func(a, b int) bool {
		x, y := rep.Indicators[a], rep.Indicators[b]
		if x.ThemeSort != y.ThemeSort {
			return x.ThemeSort < y.ThemeSort
		}
		if x.headlineSort.Valid != y.headlineSort.Valid {
			return x.headlineSort.Valid
		}
		if x.headlineSort.Int64 != y.headlineSort.Int64 {
			return x.headlineSort.Int64 < y.headlineSort.Int64
		}
		if x.Label != y.Label {
			return x.Label < y.Label
		}
		return x.ID < y.ID
	})
	own, err := ownPeriods(ctx, db, code)
	if err != nil {
		return nil, err
	}
	rep.flag(own)
	return rep, nil
}

// ownPeriods is the latest period of each of the LA's own figures
// (mart.provisional_position; none in a warehouse without it).
func ownPeriods(ctx context.Context, db *sql.DB, code string) (map[string]Point, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = 'mart' AND table_name = 'provisional_position'`).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	rs, err := db.QueryContext(ctx, `SELECT indicator_id, arg_max(period, year), max(year) FROM mart.provisional_position
		WHERE la_code = $1 AND value IS NOT NULL GROUP BY indicator_id`, code)
	if err != nil {
		return nil, fmt.Errorf("lareport: own figures: %w", err)
	}
	defer rs.Close()
	out := map[string]Point{}
	for rs.Next() {
		var id string
		var p Point
		if err := rs.Scan(&id, &p.Period, &p.Year); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rs.Err()
}

// periodLess orders periods as the marts do: by year, then a longer label
// ("2018/19" after "2019") last.
func periodLess(a, b Point) bool {
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	if len(a.Period) != len(b.Period) {
		return len(a.Period) < len(b.Period)
	}
	return a.Period < b.Period
}

// fillYears puts in the years missing between two periods of the same
// kind (calendar "2019", or academic and financial "2018/19"): a year no
// input publishes is a gap in the series as a suppressed one is, not a
// step a chart's line may cross.
func fillYears(ps []Point) []Point {
	var out []Point
	for k, p := range ps {
		if k > 0 {
			prev := ps[k-1]
			if kind := periodKind(p.Period); kind != "" && kind == periodKind(prev.Period) {
				for y := prev.Year + 1; y < p.Year; y++ {
					label := fmt.Sprint(y)
					if kind == "academic" {
						label = fmt.Sprintf("%d/%02d", y-1, y%100)
					}
					out = append(out, Point{Period: label, Year: y})
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// periodKind is "calendar" for "2019", "academic" for "2018/19", "" for
// any other label.
func periodKind(label string) string {
	digits := func(s string) bool {
		for _, c := range s {
			if c < '0' || c > '9' {
				return false
			}
		}
		return s != ""
	}
	switch {
	case len(label) == 4 && digits(label):
		return "calendar"
	case len(label) == 7 && label[4] == '/' && digits(label[:4]) && digits(label[5:]):
		return "academic"
	}
	return ""
}

// flag decides every flag and note: the one place they are decided.
func (r *Report) flag(own map[string]Point) {
	shown := r.Headline()
	if len(shown) == 0 {
		for _, i := range r.Indicators {
			if i.Shown() {
				shown = append(shown, i)
			}
		}
	}
	for _, i := range shown {
		r.Newest = max(r.Newest, i.Current().Year)
	}
	for _, i := range r.Indicators {
		p := i.Current()
		if p == nil {
			continue
		}
		f := &i.Flags
		latest := -1 // the indicator's latest period with any LA's value
		for k := range i.Periods {
			if i.Periods[k].AnyValue {
				latest = k
			}
		}
		if latest > i.Latest && i.Periods[latest].Year > p.Year {
			f.OlderPeriod = i.Periods[latest].Period
		} else if r.Newest > 0 && p.Year <= r.Newest-OlderDataYears {
			f.OlderData = true
		}
		if !p.Value.Valid && p.Symbol.Valid {
			f.Symbol = p.Symbol.String
		}
		f.SharedWith = p.SharedWith.String
		if o, ok := own[i.ID]; ok && o.Year > p.Year {
			f.OwnPeriod = o.Period
		}
		first := -1
		for k := range i.Periods {
			if i.Periods[k].Value.Valid {
				if first < 0 {
					first = k
				}
			}
		}
		for k := first + 1; first >= 0 && k < len(i.Periods); k++ {
			if !i.Periods[k].Value.Valid {
				f.Suppressed++
			}
		}
		switch {
		case f.OlderPeriod != "":
			i.Notes = append(i.Notes, "Older period: the latest published is "+f.OlderPeriod)
		case f.OlderData:
			i.Notes = append(i.Notes, "Older data: "+p.Period+" is the latest published")
		}
	}
}
