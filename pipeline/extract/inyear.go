package extract

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// The council's own figures in year (mart.in_year): each figure from its
// child-level returns at every month end they reach, as a snapshot on the
// date or over the 12 months to it, set against DfE's latest published
// figures. A part-year figure is never the year's: every place that shows
// one names its date and basis (label_as_at), never the catalogue's
// "at 31 March" or "during the year".

// TimelinessIDs are the figures quarterly performance reports quote
// besides the headline list, shown in year when the LA has them.
var TimelinessIDs = []string{
	"assessments_45_days_pct", "icpc_15_days_pct", "cla_reviews_on_time_pct", "cpp_reviews_on_time_pct",
	"rereferral_pct", "cla_at_31_march", "cin_at_31_march", "cpp_at_31_march",
}

// quarterColumns is how many quarter ends a figure's table shows.
const quarterColumns = 8

// InYearPoint is one date of a figure: a month end, or the date the
// returns reach when that is not one.
type InYearPoint struct {
	Date                   time.Time
	Value                  sql.NullFloat64
	Numerator, Denominator sql.NullInt64
	LabelAsAt, Basis       string // "" for a month the mart has no row for
	// CILower and CIUpper are the value's 95% confidence interval from its
	// numerator and denominator; VsEngland is England's latest published
	// value against it (mart.in_year).
	CILower, CIUpper sql.NullFloat64
	VsEngland        sql.NullString
}

// InYearFigure is one of the LA's own figures over the months its returns
// cover, with the published figures of its indicator's latest period and
// where the latest value would stand among them.
type InYearFigure struct {
	ID, Label, Unit, Polarity string
	LAName, RegionName        string
	WindowMonths              int
	AsAt                      time.Time
	Points                    []InYearPoint // the mart's rows, oldest first
	PublishedPeriod           sql.NullString
	Published, England        sql.NullFloat64 // the LA's own published value, England's
	Region, SNMean            sql.NullFloat64
	// the latest row's position in the published distribution
	NationalRank, NationalCount, RegionalRank, RegionalCount sql.NullInt64
	Quartile                                                 sql.NullString
	SourceFiles                                              string
}

// Latest is the figure's newest row.
func (f *InYearFigure) Latest() InYearPoint { return f.Points[len(f.Points)-1] }

// Title names the latest figure as it is: "Children looked after on 30 Sep
// 2024".
func (f *InYearFigure) Title() string { return f.Latest().LabelAsAt }

// BasisAt is how the figure is counted at p: the row's basis ("on 30 Sep
// 2024", "12 months to 30 Sep 2024"), or for a month without a row the
// same words for its date.
func (f *InYearFigure) BasisAt(p InYearPoint) string {
	if p.Basis != "" {
		return p.Basis
	}
	return f.basis(p.Date)
}

func (f *InYearFigure) basis(d time.Time) string {
	if f.WindowMonths == 0 {
		return "on " + Date(d)
	}
	return fmt.Sprintf("%d months to %s", f.WindowMonths, Date(d))
}

// LabelAt is the figure's label at p: the row's own label_as_at, or for a
// month without a row the latest label with its basis put at p's date
// ("... on 30 Sep 2024" to "... on 29 Feb 2024"); "" when the latest label
// does not say its basis.
func (f *InYearFigure) LabelAt(p InYearPoint) string {
	if p.LabelAsAt != "" {
		return p.LabelAsAt
	}
	last := f.Latest()
	basis := f.BasisAt(last)
	i := strings.LastIndex(last.LabelAsAt, basis)
	if i < 0 {
		return ""
	}
	return last.LabelAsAt[:i] + f.basis(p.Date) + last.LabelAsAt[i+len(basis):]
}

// Date is a date as the in-year outputs write it: "30 Sep 2024".
func Date(d time.Time) string { return d.Format("2 Jan 2006") }

// Monthly is the figure at every month end from its first row to its
// latest, a month the mart has no row for holding no value (a chart's line
// breaks there), and the returns' own date last when that is not a month
// end.
func (f *InYearFigure) Monthly() []InYearPoint {
	byDate := map[time.Time]InYearPoint{}
	for _, p := range f.Points {
		byDate[p.Date] = p
	}
	first, last := f.Points[0].Date, f.Latest().Date
	var out []InYearPoint
	for d := monthEnd(first); !d.After(last); d = monthEnd(d.AddDate(0, 0, 1)) {
		p, ok := byDate[d]
		if !ok {
			p = InYearPoint{Date: d}
		}
		out = append(out, p)
	}
	if !isMonthEnd(last) {
		out = append(out, f.Latest())
	}
	return out
}

// Columns are the dates a figure's table shows across: the last eight
// quarter ends its months reach and its latest date when that is not a
// quarter end.
func (f *InYearFigure) Columns() []InYearPoint {
	var out []InYearPoint
	for _, p := range f.Monthly() {
		if isQuarterEnd(p.Date) {
			out = append(out, p)
		}
	}
	if len(out) > quarterColumns {
		out = out[len(out)-quarterColumns:]
	}
	if last := f.Latest(); !isQuarterEnd(last.Date) {
		out = append(out, last)
	}
	return out
}

// monthEnd is the last day of d's month.
func monthEnd(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month()+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}

func isMonthEnd(d time.Time) bool { return d.AddDate(0, 0, 1).Day() == 1 }

// isQuarterEnd: 30 June, 30 September, 31 December, 31 March.
func isQuarterEnd(d time.Time) bool { return isMonthEnd(d) && d.Month()%3 == 0 }

// InYear reads the LA's headline own figures in year: the indicators of
// mart.in_year in ref.headline (in its order), then the timeliness figures
// quarterly reports quote (TimelinessIDs), those the LA has.
func InYear(ctx context.Context, db *sql.DB, laCode string) ([]InYearFigure, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT y.indicator_id, y.label, y.label_as_at, y.unit, y.polarity, y.la_name,
			coalesce(y.region_name, ''), y.window_months, y.as_at, y.month_end, y.basis, y.value, y.numerator, y.denominator,
			y.published_period, y.published_value, y.england_value, y.region_value, y.sn_mean,
			y.national_rank, y.national_count, y.regional_rank, y.regional_count, y.quartile, coalesce(y.source_files, ''),
			y.ci_lower, y.ci_upper, y.vs_england
		FROM mart.in_year y
		LEFT JOIN ref.headline h ON h.item_id = y.indicator_id
		WHERE y.la_code = $1 AND (h.item_id IS NOT NULL OR list_contains(%[1]s, y.indicator_id))
		ORDER BY h.sort_order NULLS LAST, list_position(%[1]s, y.indicator_id), y.indicator_id,
		         y.window_months, y.month_end`, sqlList(TimelinessIDs)), laCode)
	if err != nil {
		return nil, fmt.Errorf("reading mart.in_year: %w", err)
	}
	defer rows.Close()
	var out []InYearFigure
	for rows.Next() {
		var f InYearFigure
		var p InYearPoint
		if err := rows.Scan(&f.ID, &f.Label, &p.LabelAsAt, &f.Unit, &f.Polarity, &f.LAName, &f.RegionName,
			&f.WindowMonths, &f.AsAt, &p.Date, &p.Basis, &p.Value, &p.Numerator, &p.Denominator,
			&f.PublishedPeriod, &f.Published, &f.England, &f.Region, &f.SNMean,
			&f.NationalRank, &f.NationalCount, &f.RegionalRank, &f.RegionalCount, &f.Quartile, &f.SourceFiles,
			&p.CILower, &p.CIUpper, &p.VsEngland); err != nil {
			return nil, err
		}
		p.Date, f.AsAt = dateOnly(p.Date), dateOnly(f.AsAt)
		// a figure's rows come together; each row carries its indicator's
		// published figures, and the last row its latest position
		if n := len(out); n > 0 && out[n-1].ID == f.ID && out[n-1].WindowMonths == f.WindowMonths {
			f.Points = append(out[n-1].Points, p)
			out[n-1] = f
			continue
		}
		f.Points = []InYearPoint{p}
		out = append(out, f)
	}
	return out, rows.Err()
}

// sqlList is a list literal of yardstick's own ids (never input text).
func sqlList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = "'" + strings.ReplaceAll(id, "'", "''") + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// dateOnly keeps a DATE's calendar day, whatever zone the driver gave it.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// InYearAsAt is the latest date the figures' returns reach.
func InYearAsAt(figs []InYearFigure) time.Time {
	var asAt time.Time
	for _, f := range figs {
		if f.AsAt.After(asAt) {
			asAt = f.AsAt
		}
	}
	return asAt
}
