package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/yardstick-etl/yardstick/pipeline/extract"
	"github.com/yardstick-etl/yardstick/pipeline/lareport"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
)

// Headline is one line of a committee paper's benchmark table.
type Headline struct {
	Label, Unit, Period, Region  string
	Theme                        string // the theme's title
	Value, England, RegionValue  sql.NullFloat64
	SNMean                       sql.NullFloat64
	Rank, Count, RegRank, RegCnt sql.NullInt64
	Quartile, Direction, Symbol  sql.NullString
	Change                       sql.NullFloat64
	// VsEngland is whether England's value is outside the figure's 95%
	// confidence interval: similar, better or worse (higher or lower
	// without a polarity); NULL where no interval can be made.
	VsEngland sql.NullString
	Note      string // the model's flags in words: "Older data: 2018/19 is the latest published"
}

// Headlines returns the LA's headline figures (ref.headline, as the
// workbook's front sheet has them; every indicator when none of them has a
// value for the LA) at their latest period, grouped by theme in the
// workbook's order, from the LA's report model (lareport), whose flags
// the workbook and the HTML report show too. A figure the LA, its region
// and England all lack is left out; gaps are GapLines'.
func Headlines(ctx context.Context, db *sql.DB, laCode string) ([]Headline, string, error) {
	rep, err := lareport.Build(ctx, db, laCode)
	if err != nil {
		return nil, "", err
	}
	return HeadlinesOf(rep), ReportName(rep), nil
}

// ReportName is the report's LA name, "LA 358" when the warehouse has none.
func ReportName(rep *lareport.Report) string {
	if rep.Name == "" {
		return "LA " + rep.Code
	}
	return rep.Name
}

// HeadlinesOf is the report's headline indicators as Headline lines.
func HeadlinesOf(rep *lareport.Report) []Headline {
	curated := false // a headline indicator with a figure for the LA
	for _, i := range rep.Indicators {
		if i.Headline && !i.Gap && i.Current() != nil {
			curated = true
		}
	}
	var out []Headline
	for _, i := range rep.Indicators {
		if i.Gap || !i.Shown() || (curated && !i.Headline) {
			continue
		}
		p := i.Current()
		out = append(out, Headline{Label: i.Label, Unit: i.Unit, Period: p.Period, Region: rep.RegionName, Theme: i.ThemeTitle,
			Value: p.Value, England: p.England, RegionValue: p.Region, SNMean: p.SNMean,
			Rank: p.Rank, Count: p.Count, RegRank: p.RegRank, RegCnt: p.RegCount,
			Quartile: p.Quartile, Direction: p.Direction, Symbol: p.Symbol, Change: p.Change, VsEngland: p.VsEngland, Note: i.Note()})
	}
	return out
}

// WriteHeadlines prints the table as a committee paper lays it out, under
// the LA's latest Ofsted judgement when there is one (extract.InspectionText),
// fitting width characters a line (0: no limit).
func WriteHeadlines(w io.Writer, laName, inspection string, hs []Headline, width int) error {
	if len(hs) == 0 { // a warehouse of the council's returns alone: no published figure to show
		fmt.Fprintln(w)
		terminal.Paragraph(w, fmt.Sprintf("%s: no published figures (none of DfE's publications for it are among the inputs)", laName), width)
		if inspection != "" {
			fmt.Fprintln(w)
			terminal.Paragraph(w, inspection, width)
		}
		return nil
	}
	fmt.Fprintln(w)
	terminal.Paragraph(w, laName+": latest published position", width)
	fmt.Fprintln(w)
	if inspection != "" {
		terminal.Paragraph(w, inspection, width)
		fmt.Fprintln(w)
	}
	region := hs[0].Region
	terminal.Paragraph(w, fmt.Sprintf("LA is %s; vs England: similar when England's value lies within the LA's 95%% confidence interval, else better or worse (higher or lower for a figure without a polarity); Region %s; Neighbours the mean of its statistical neighbours; Rank among the LAs ranked, 1 best; Q quartile, A best.", laName, region), width)
	fmt.Fprintln(w)
	t := &terminal.Table{Columns: []terminal.Column{{Header: "Indicator"}, {Header: "Period"}, {Header: "LA", Right: true},
		{Header: "England", Right: true}, {Header: "vs England"}, {Header: "Region", Right: true}, {Header: "Neighbours", Right: true},
		{Header: "Rank", Right: true}, {Header: "In region", Right: true}, {Header: "Q"}, {Header: "Change"}}}
	theme := ""
	for _, h := range hs {
		if h.Theme != theme {
			theme = h.Theme
			t.Heading(strings.ToUpper(theme[:1]) + theme[1:])
		}
		value := num(h.Value, h.Unit)
		if !h.Value.Valid && h.Symbol.Valid {
			value = h.Symbol.String
		}
		england, region, sn := num(h.England, h.Unit), num(h.RegionValue, h.Unit), num(h.SNMean, h.Unit)
		if h.Unit == "count" { // a count beside England's total says nothing
			england, region, sn = "", "", ""
		}
		t.Row(h.Label, h.Period, value, england, h.VsEngland.String, region, sn, rankOf(h.Rank, h.Count), rankOf(h.RegRank, h.RegCnt),
			h.Quartile.String, change(h.Change, h.Direction, h.Unit))
	}
	if err := t.Write(w, width); err != nil {
		return err
	}
	writeNotes(w, hs, func(i int) (string, string) { return hs[i].Label, hs[i].Note }, width)
	return nil
}

// rankOf is "110/153", or "" without a rank.
func rankOf(rank, count sql.NullInt64) string {
	if !rank.Valid {
		return ""
	}
	return fmt.Sprintf("%d/%d", rank.Int64, count.Int64)
}

// change is a change in its unit, with its direction: "-1.6pp better",
// "+1.2 pts worse", "+10".
func change(v sql.NullFloat64, direction sql.NullString, unit string) string {
	if !v.Valid {
		return ""
	}
	s := signed(v.Float64, unit)
	if direction.Valid {
		s += " " + direction.String
	}
	return s
}

func num(v sql.NullFloat64, unit string) string {
	if !v.Valid {
		return ""
	}
	return terminal.Number(v.Float64, unit)
}

func signed(f float64, unit string) string { return terminal.Signed(f, unit) }

// GapLine is one line of a committee paper's attainment-gap table.
type GapLine struct {
	Label, Unit, Period, Region     string
	Group, Comparison, Gap, England sql.NullFloat64
	VsEngland                       sql.NullFloat64
	Rank, Count, RegRank, RegCnt    sql.NullInt64
	Quartile, Direction             sql.NullString
	Change                          sql.NullFloat64
	Note                            string // the model's flags in words
}

// GapLines returns the latest period with a gap of the LA's headline gaps
// (ref.headline), or of every gap when it has none of them.
func GapLines(ctx context.Context, db *sql.DB, laCode string) ([]GapLine, error) {
	rep, err := lareport.Build(ctx, db, laCode)
	if err != nil {
		return nil, err
	}
	return GapLinesOf(ctx, db, rep)
}

// GapLinesOf is GapLines with the flags of the LA's report model.
func GapLinesOf(ctx context.Context, db *sql.DB, rep *lareport.Report) ([]GapLine, error) {
	laCode := rep.Code
	rows, err := db.QueryContext(ctx, `
		SELECT gap_id, label, unit, period, region_name, group_value, comparison_value, gap, england_gap, gap_vs_england,
		       national_rank, national_count, regional_rank, regional_count, quartile, direction, change
		FROM mart.gap g
		WHERE la_code = $1 AND gap IS NOT NULL
		  -- the headline's gaps when the LA has any of them, else every gap
		  AND (gap_id IN (SELECT item_id FROM ref.headline)
		       OR NOT EXISTS (SELECT 1 FROM mart.gap x JOIN ref.headline h ON h.item_id = x.gap_id WHERE x.la_code = $1 AND x.gap IS NOT NULL))
		QUALIFY row_number() OVER (PARTITION BY gap_id ORDER BY year DESC) = 1
		ORDER BY gap_id`, laCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GapLine
	for rows.Next() {
		var g GapLine
		var region sql.NullString
		var id string
		if err := rows.Scan(&id, &g.Label, &g.Unit, &g.Period, &region, &g.Group, &g.Comparison, &g.Gap, &g.England, &g.VsEngland,
			&g.Rank, &g.Count, &g.RegRank, &g.RegCnt, &g.Quartile, &g.Direction, &g.Change); err != nil {
			return nil, err
		}
		g.Region = region.String
		if i := rep.Indicator(id); i != nil {
			g.Note = i.Note()
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// WriteGaps prints the gap table: the group, the comparison group, the gap
// and its rank (a smaller gap ranks better), every figure in the gap's unit.
func WriteGaps(w io.Writer, gs []GapLine, width int) error {
	if len(gs) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	terminal.Paragraph(w, "Attainment gaps (comparison group minus group; a smaller gap ranks better)", width)
	fmt.Fprintln(w)
	t := &terminal.Table{Columns: []terminal.Column{{Header: "Gap"}, {Header: "Period"}, {Header: "Group", Right: true},
		{Header: "Comparison", Right: true}, {Header: "Gap", Right: true}, {Header: "England", Right: true},
		{Header: "vs England", Right: true}, {Header: "Rank", Right: true}, {Header: "In region", Right: true},
		{Header: "Q"}, {Header: "Change"}}}
	for _, g := range gs {
		unit := "points" // the gap's unit, and the groups' (scores or percentages)
		group := func(v sql.NullFloat64) string { return num(v, "score") }
		if g.Unit == "percentage points" {
			unit = "pp"
			group = func(v sql.NullFloat64) string { return num(v, "%") }
		}
		gap := func(v sql.NullFloat64) string {
			if !v.Valid {
				return ""
			}
			return strings.TrimPrefix(signed(v.Float64, unit), "+")
		}
		vs := ""
		if g.VsEngland.Valid {
			vs = signed(g.VsEngland.Float64, unit)
		}
		t.Row(g.Label, g.Period, group(g.Group), group(g.Comparison), gap(g.Gap), gap(g.England), vs,
			rankOf(g.Rank, g.Count), rankOf(g.RegRank, g.RegCnt), g.Quartile.String, change(g.Change, g.Direction, unit))
	}
	if err := t.Write(w, width); err != nil {
		return err
	}
	writeNotes(w, gs, func(i int) (string, string) { return gs[i].Label, gs[i].Note }, width)
	return nil
}

// writeNotes prints each line's flags, as the workbook and the HTML report
// show them beside the figure: "label: Older data: 2018/19 is the latest
// published".
func writeNotes[T any](w io.Writer, lines []T, note func(int) (label, note string), width int) {
	first := true
	for i := range lines {
		label, n := note(i)
		if n == "" {
			continue
		}
		if first {
			fmt.Fprintln(w)
			first = false
		}
		terminal.Paragraph(w, label+": "+n, width)
	}
}

// Position is where one of the council's own figures would stand in the
// latest published period of its indicator (mart.provisional_position).
type Position struct {
	Label, Unit, Period, Region  string // Label as at the date its returns reach (label_as_at)
	AsAt                         sql.NullTime
	Value                        sql.NullFloat64
	PublishedPeriod              sql.NullString
	Published, England           sql.NullFloat64
	Rank, Count, RegRank, RegCnt sql.NullInt64
	SNRank, SNCount              sql.NullInt64
	Quartile                     sql.NullString
	VsEngland                    sql.NullString // England's value against the own figure's 95% interval
}

// Positions reads an LA's own figures and their positions, newest year
// first, each labelled as at the date its returns reach.
func Positions(ctx context.Context, db *sql.DB, laCode string) ([]Position, error) {
	rows, err := db.QueryContext(ctx, `SELECT label_as_at, as_at, unit, period, region_name, value, published_period, published_value, england_value,
			national_rank, national_count, regional_rank, regional_count, sn_rank, sn_count, quartile, vs_england
		FROM mart.provisional_position WHERE la_code = ?
		ORDER BY year DESC, label`, laCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Position
	for rows.Next() {
		var p Position
		var region sql.NullString
		if err := rows.Scan(&p.Label, &p.AsAt, &p.Unit, &p.Period, &region, &p.Value, &p.PublishedPeriod, &p.Published, &p.England,
			&p.Rank, &p.Count, &p.RegRank, &p.RegCnt, &p.SNRank, &p.SNCount, &p.Quartile, &p.VsEngland); err != nil {
			return nil, err
		}
		p.Region = region.String
		out = append(out, p)
	}
	return out, rows.Err()
}

// WritePositions prints the own figures with where each would rank.
func WritePositions(w io.Writer, ps []Position, width int) error {
	if len(ps) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	terminal.Paragraph(w, "Own figures from the returns, placed among the latest published figures (provisional; mart.provisional_position)", width)
	fmt.Fprintln(w)
	t := &terminal.Table{Columns: []terminal.Column{{Header: "Indicator"}, {Header: "Year"}, {Header: "As at"}, {Header: "Own", Right: true},
		{Header: "Published", Right: true}, {Header: "England", Right: true}, {Header: "vs England"}, {Header: "Would rank", Right: true},
		{Header: "In region", Right: true}, {Header: "Neighbours", Right: true}, {Header: "Q"}}}
	for _, p := range ps {
		pub := num(p.Published, p.Unit)
		if pub != "" && p.PublishedPeriod.Valid {
			pub += " (" + p.PublishedPeriod.String + ")"
		}
		england := num(p.England, p.Unit)
		if p.Unit == "count" {
			england = ""
		}
		asAt := ""
		if p.AsAt.Valid {
			asAt = extract.Date(p.AsAt.Time)
		}
		t.Row(p.Label, p.Period, asAt, num(p.Value, p.Unit), pub, england, p.VsEngland.String, rankOf(p.Rank, p.Count), rankOf(p.RegRank, p.RegCnt),
			rankOf(p.SNRank, p.SNCount), p.Quartile.String)
	}
	return t.Write(w, width)
}

// WriteInYear prints the LA's headline own figures in year (extract.InYear):
// each at its latest date, on its basis, beside the latest published
// figures and where it would rank among them.
func WriteInYear(w io.Writer, figs []extract.InYearFigure, width int) error {
	if len(figs) == 0 {
		return nil
	}
	asAt := extract.InYearAsAt(figs)
	fmt.Fprintln(w)
	terminal.Paragraph(w, fmt.Sprintf("Own returns, as at %s (12 months to date)", extract.Date(asAt)), width)
	fmt.Fprintln(w)
	terminal.Paragraph(w, "The council's own provisional figures from its returns (mart.in_year), on the date or over the 12 months to it, "+
		"not the year's; a figure its returns give only at an earlier date says so in Basis. Published is the period of DfE's "+
		"latest figures beside them; vs England whether England's latest value lies within the own figure's 95% confidence "+
		"interval (similar) or not; Rank where the own figure would stand.", width)
	fmt.Fprintln(w)
	t := &terminal.Table{Columns: []terminal.Column{{Header: "Indicator"}, {Header: "Basis"}, {Header: "Own", Right: true},
		{Header: "Published"}, {Header: "England", Right: true}, {Header: "vs England"}, {Header: "Region", Right: true},
		{Header: "Neighbours", Right: true}, {Header: "Rank", Right: true}, {Header: "In region", Right: true}, {Header: "Q"}}}
	for i := range figs {
		f := &figs[i]
		last := f.Latest()
		england, region := num(f.England, f.Unit), num(f.Region, f.Unit)
		if f.Unit == "count" { // a count beside England's total says nothing
			england, region = "", ""
		}
		// the heading gives the date: a figure at it needs only its window
		basis := f.BasisAt(last)
		switch {
		case !last.Date.Equal(asAt):
		case f.WindowMonths == 0:
			basis = "on the date"
		default:
			basis = "12 months to date"
		}
		t.Row(f.Title(), basis, num(last.Value, f.Unit), f.PublishedPeriod.String, england, last.VsEngland.String, region,
			num(f.SNMean, f.Unit), rankOf(f.NationalRank, f.NationalCount), rankOf(f.RegionalRank, f.RegionalCount), f.Quartile.String)
	}
	return t.Write(w, width)
}

// ValidationLine says how the LA's returns fare against the validation
// rules, or "" when it loaded no returns. Its counts are ValidationCounts',
// as the run's summary's are.
func ValidationLine(ctx context.Context, db *sql.DB, laCode string) (string, error) {
	var returns, rules int
	err := db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT 1 FROM stage.cin_child WHERE la_code = $1 UNION ALL SELECT 1 FROM stage.cla_episode WHERE la_code = $1)),
		(SELECT count(*) FROM ref.validation_rule)`,
		laCode).Scan(&returns, &rules)
	if err != nil || returns == 0 {
		return "", err
	}
	counts, err := ValidationCounts(ctx, db, laCode)
	if err != nil {
		return "", err
	}
	var errs, queries int
	for _, c := range counts {
		errs, queries = errs+c.Errors, queries+c.Queries
	}
	if errs+queries == 0 {
		return fmt.Sprintf("Its returns break none of the %d validation rules (DfE's and yardstick's; mart.validation_summary).", rules), nil
	}
	return fmt.Sprintf("Its returns break the validation rules in %s as errors and %d as queries (mart.validation_summary).",
		terminal.Count(errs, "row", "rows"), queries), nil
}

// ValidationCount is how many rows of one LA's returns break the
// validation rules, as errors and as queries.
type ValidationCount struct {
	LA, Name        string // the LA's old code and its name in ref.la ("" when it has none)
	Errors, Queries int
}

// ValidationCounts counts the rows of the returns that break the
// validation rules (meta.validation, which mart.validation_summary sums
// by rule), per LA, most first; la "" for every LA. The run's summary, its
// record (meta.run's validation_errors and validation_queries are the
// totals) and headline count with this one definition.
func ValidationCounts(ctx context.Context, db queryer, la string) ([]ValidationCount, error) {
	rows, err := db.QueryContext(ctx, `
		WITH v AS (
		    SELECT coalesce(la_code, '') AS la_code, count(*) FILTER (WHERE rule_type = 'error') AS errors,
		           count(*) FILTER (WHERE rule_type = 'query') AS queries
		    FROM meta.validation
		    WHERE $1 = '' OR la_code = $1
		    GROUP BY ALL
		)
		SELECT v.la_code, coalesce((SELECT arg_max(l.la_name, coalesce(l.valid_from, DATE '9999-12-31')) FROM ref.la l WHERE l.la_code = v.la_code), ''),
		       v.errors, v.queries
		FROM v
		ORDER BY v.errors + v.queries DESC, v.la_code`, la)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ValidationCount
	for rows.Next() {
		var c ValidationCount
		if err := rows.Scan(&c.LA, &c.Name, &c.Errors, &c.Queries); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LAName is the LA's name and its region's in ref.la (the newest name the
// code had), "" when ref.la does not have it.
func LAName(ctx context.Context, db *sql.DB, laCode string) (name, region string, err error) {
	err = db.QueryRowContext(ctx, `SELECT coalesce(la_name, ''), coalesce(region_name, '') FROM ref.la WHERE la_code = $1
		ORDER BY valid_from DESC NULLS FIRST LIMIT 1`, laCode).Scan(&name, &region)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return name, region, err
}

// queryer is a published warehouse (*sql.DB) or the connection that
// builds one (*sql.Conn).
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}
