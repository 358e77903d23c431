package extract

import (
	"context"
	"database/sql"
)

// benchmarkRows is mart.la_benchmark (DfE's published figures only; the
// council's provisional ones are mart.provisional_position's) and mart.gap
// in one shape: a gap is
// shown like an indicator (the LA's gap, England's, the region's), on the
// sheet of its group indicator's theme. Gaps rank with polarity low, as
// mart_gap.sql says.
const benchmarkRows = `
SELECT t.sort_order, t.theme_id, t.title AS theme_title,
       b.indicator_id AS id, b.label, b.unit, b.polarity, b.period, b.year,
       b.la_code, b.la_name, b.region_name,
       b.value, b.symbol, b.england_value, b.region_value, b.sn_mean, b.sn_median, b.sn_count,
       b.national_rank, b.national_count, b.regional_rank, b.regional_count,
       b.quartile, b.change, b.direction, b.version
FROM mart.la_benchmark b
JOIN ref.indicator i USING (indicator_id)
JOIN ref.theme t ON t.theme_id = i.theme
UNION ALL
SELECT t.sort_order, t.theme_id, t.title,
       g.gap_id, g.label, g.unit, 'low', g.period, g.year,
       g.la_code, g.la_name, g.region_name,
       g.gap, NULL, g.england_gap, g.region_gap, NULL, NULL, 0,
       g.national_rank, g.national_count, g.regional_rank, g.regional_count,
       g.quartile, g.change, g.direction, NULL
FROM mart.gap g
JOIN ref.gap rg USING (gap_id)
JOIN ref.indicator i ON i.indicator_id = rg.group_indicator_id
JOIN ref.theme t ON t.theme_id = i.theme`

// row is one line of benchmarkRows.
type row struct {
	Sort                              int
	Theme, ThemeTitle                 string
	ID, Label, Unit, Polarity, Period string
	Year                              int
	LACode, LAName, RegionName        string
	Value                             sql.NullFloat64
	Symbol                            sql.NullString
	England, Region, SNMean, SNMedian sql.NullFloat64
	SNCount                           int
	NationalRank, NationalCount       sql.NullInt64
	RegionalRank, RegionalCount       sql.NullInt64
	Quartile                          sql.NullString
	Change                            sql.NullFloat64
	Direction, Version                sql.NullString
	CILower, CIUpper                  sql.NullFloat64 // the 95% confidence interval
	VsEngland                         sql.NullString  // similar, higher, lower, better or worse
}

// queryRows runs benchmarkRows under a filter and order and calls each
// for every row, streaming.
func queryRows(ctx context.Context, db *sql.DB, where, order string, args []any, each func(*row) error) error {
	rows, err := db.QueryContext(ctx, `SELECT * FROM (`+benchmarkRows+`) WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r row
	var regionName sql.NullString
	for rows.Next() {
		if err := rows.Scan(&r.Sort, &r.Theme, &r.ThemeTitle, &r.ID, &r.Label, &r.Unit, &r.Polarity, &r.Period, &r.Year,
			&r.LACode, &r.LAName, &regionName, &r.Value, &r.Symbol, &r.England, &r.Region, &r.SNMean, &r.SNMedian, &r.SNCount,
			&r.NationalRank, &r.NationalCount, &r.RegionalRank, &r.RegionalCount,
			&r.Quartile, &r.Change, &r.Direction, &r.Version); err != nil {
			return err
		}
		r.RegionName = regionName.String
		if err := each(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}
