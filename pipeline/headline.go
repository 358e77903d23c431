package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/yardstick-etl/yardstick/pipeline/extract"
)

// Headline is one line of a committee paper's benchmark table.
type Headline struct {
	Label, Unit, Period, Region  string
	Value, England, RegionValue  sql.NullFloat64
	SNMean                       sql.NullFloat64
	Rank, Count, RegRank, RegCnt sql.NullInt64
	Quartile, Direction, Symbol  sql.NullString
	Change                       sql.NullFloat64
}

// Headlines returns the latest period of every indicator for one LA.
func Headlines(ctx context.Context, db *sql.DB, laCode string) ([]Headline, string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT label, unit, period, region_name, value, england_value, region_value, sn_mean,
		       national_rank, national_count, regional_rank, regional_count, quartile, direction, symbol, change, la_name
		FROM mart.la_benchmark
		WHERE la_code = ? AND source = 'published'
		QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY year DESC) = 1
		ORDER BY indicator_id`, laCode)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []Headline
	var name string
	for rows.Next() {
		var h Headline
		var region sql.NullString
		if err := rows.Scan(&h.Label, &h.Unit, &h.Period, &region, &h.Value, &h.England, &h.RegionValue, &h.SNMean,
			&h.Rank, &h.Count, &h.RegRank, &h.RegCnt, &h.Quartile, &h.Direction, &h.Symbol, &h.Change, &name); err != nil {
			return nil, "", err
		}
		h.Region = region.String
		out = append(out, h)
	}
	return out, name, rows.Err()
}

// WriteHeadlines prints the table as a committee paper lays it out, under
// the LA's latest Ofsted judgement when there is one (extract.InspectionText).
func WriteHeadlines(w io.Writer, laName, inspection string, hs []Headline) error {
	fmt.Fprintf(w, "\n%s: latest published position\n\n", laName)
	if inspection != "" {
		fmt.Fprintf(w, "%s\n\n", inspection)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Indicator\tPeriod\tLA\tEngland\tRegion\tStat. neighbours\tNational rank\tRegional position\tQuartile\tChange")
	for _, h := range hs {
		value := num(h.Value, h.Unit)
		if !h.Value.Valid && h.Symbol.Valid {
			value = h.Symbol.String
		}
		rank, reg := "", ""
		if h.Rank.Valid {
			rank = fmt.Sprintf("%d of %d", h.Rank.Int64, h.Count.Int64)
			reg = extract.RegionalPosition(h.RegRank.Int64, h.RegCnt.Int64, h.Region)
		}
		change := ""
		if h.Change.Valid {
			change = signed(h.Change.Float64, h.Unit)
			if h.Direction.Valid {
				change += " " + h.Direction.String
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", h.Label, h.Period, value, num(h.England, h.Unit),
			num(h.RegionValue, h.Unit), num(h.SNMean, h.Unit), rank, reg, h.Quartile.String, change)
	}
	return tw.Flush()
}

func num(v sql.NullFloat64, unit string) string {
	if !v.Valid {
		return ""
	}
	switch unit {
	case "count":
		return thousands(int64(v.Float64 + 0.5))
	case "%":
		return strconv.FormatFloat(v.Float64, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(v.Float64, 'f', 1, 64)
}

func signed(f float64, unit string) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if unit == "count" {
		s = strconv.FormatFloat(f, 'f', 0, 64)
	}
	if f > 0 {
		s = "+" + s
	}
	if unit == "%" {
		s += "pp"
	}
	return s
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// GapLine is one line of a committee paper's attainment-gap table.
type GapLine struct {
	Label, Unit, Period, Region     string
	Group, Comparison, Gap, England sql.NullFloat64
	VsEngland                       sql.NullFloat64
	Rank, Count, RegRank, RegCnt    sql.NullInt64
	Quartile, Direction             sql.NullString
	Change                          sql.NullFloat64
}

// GapLines returns the latest period with a gap of every gap for one LA.
func GapLines(ctx context.Context, db *sql.DB, laCode string) ([]GapLine, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT label, unit, period, region_name, group_value, comparison_value, gap, england_gap, gap_vs_england,
		       national_rank, national_count, regional_rank, regional_count, quartile, direction, change
		FROM mart.gap
		WHERE la_code = ? AND gap IS NOT NULL
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
		if err := rows.Scan(&g.Label, &g.Unit, &g.Period, &region, &g.Group, &g.Comparison, &g.Gap, &g.England, &g.VsEngland,
			&g.Rank, &g.Count, &g.RegRank, &g.RegCnt, &g.Quartile, &g.Direction, &g.Change); err != nil {
			return nil, err
		}
		g.Region = region.String
		out = append(out, g)
	}
	return out, rows.Err()
}

// WriteGaps prints the gap table: the group, the comparison group, the gap
// and its rank (a smaller gap ranks better).
func WriteGaps(w io.Writer, gs []GapLine) error {
	if len(gs) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nAttainment gaps (comparison group minus group; a smaller gap ranks better)\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Gap\tPeriod\tGroup\tComparison\tGap\tEngland gap\tvs England\tNational rank\tRegional position\tQuartile\tChange")
	for _, g := range gs {
		unit := "points"
		if g.Unit == "percentage points" {
			unit = "pp"
		}
		pts := func(v sql.NullFloat64) string { return num(v, "points") } // 1 decimal place
		rank, reg := "", ""
		if g.Rank.Valid {
			rank = fmt.Sprintf("%d of %d", g.Rank.Int64, g.Count.Int64)
			reg = extract.RegionalPosition(g.RegRank.Int64, g.RegCnt.Int64, g.Region)
		}
		vs, change := "", ""
		if g.VsEngland.Valid {
			vs = signed(g.VsEngland.Float64, "") + " " + unit
		}
		if g.Change.Valid {
			change = signed(g.Change.Float64, "") + " " + g.Direction.String
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s %s\t%s\t%s\t%s\t%s\t%s\t%s\n", g.Label, g.Period, pts(g.Group), pts(g.Comparison),
			pts(g.Gap), unit, pts(g.England), vs, rank, reg, g.Quartile.String, change)
	}
	return tw.Flush()
}

// Position is where one of the council's own figures would stand in the
// latest published period of its indicator (mart.provisional_position).
type Position struct {
	Label, Unit, Period, Region  string
	Value                        sql.NullFloat64
	PublishedPeriod              sql.NullString
	Published, England           sql.NullFloat64
	Rank, Count, RegRank, RegCnt sql.NullInt64
	SNRank, SNCount              sql.NullInt64
	Quartile                     sql.NullString
}

// Positions reads an LA's own figures and their positions, newest year first.
func Positions(ctx context.Context, db *sql.DB, laCode string) ([]Position, error) {
	rows, err := db.QueryContext(ctx, `SELECT label, unit, period, region_name, value, published_period, published_value, england_value,
			national_rank, national_count, regional_rank, regional_count, sn_rank, sn_count, quartile
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
		if err := rows.Scan(&p.Label, &p.Unit, &p.Period, &region, &p.Value, &p.PublishedPeriod, &p.Published, &p.England,
			&p.Rank, &p.Count, &p.RegRank, &p.RegCnt, &p.SNRank, &p.SNCount, &p.Quartile); err != nil {
			return nil, err
		}
		p.Region = region.String
		out = append(out, p)
	}
	return out, rows.Err()
}

// WritePositions prints the own figures with where each would rank.
func WritePositions(w io.Writer, ps []Position) error {
	if len(ps) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nOwn figures from the returns, placed among the latest published figures (provisional; mart.provisional_position)\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Indicator\tYear\tOwn\tPublished\tEngland\tWould rank\tRegional position\tAmong neighbours\tQuartile")
	for _, p := range ps {
		rank, reg, sn := "", "", ""
		if p.Rank.Valid {
			rank = fmt.Sprintf("%d of %d", p.Rank.Int64, p.Count.Int64)
			reg = extract.RegionalPosition(p.RegRank.Int64, p.RegCnt.Int64, p.Region)
			sn = fmt.Sprintf("%d of %d", p.SNRank.Int64, p.SNCount.Int64)
		}
		pub := num(p.Published, p.Unit)
		if pub != "" && p.PublishedPeriod.Valid {
			pub += " (" + p.PublishedPeriod.String + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Label, p.Period, num(p.Value, p.Unit), pub, num(p.England, p.Unit),
			rank, reg, sn, p.Quartile.String)
	}
	return tw.Flush()
}

// ValidationLine says how the LA's returns fare against the validation
// rules (mart.validation_summary), or "" when it loaded no returns.
func ValidationLine(ctx context.Context, db *sql.DB, laCode string) (string, error) {
	var returns, rules, errs, queries int
	err := db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT 1 FROM stage.cin_child WHERE la_code = $1 UNION ALL SELECT 1 FROM stage.cla_episode WHERE la_code = $1)),
		(SELECT count(*) FROM ref.validation_rule),
		(SELECT coalesce(sum(failures) FILTER (WHERE rule_type = 'error'), 0) FROM mart.validation_summary WHERE la_code = $1),
		(SELECT coalesce(sum(failures) FILTER (WHERE rule_type = 'query'), 0) FROM mart.validation_summary WHERE la_code = $1)`,
		laCode).Scan(&returns, &rules, &errs, &queries)
	if err != nil || returns == 0 {
		return "", err
	}
	if errs+queries == 0 {
		return fmt.Sprintf("Its returns break none of the %d validation rules (DfE's and yardstick's; mart.validation_summary).", rules), nil
	}
	return fmt.Sprintf("Its returns break the validation rules in %d rows as errors and %d as queries (mart.validation_summary).", errs, queries), nil
}
