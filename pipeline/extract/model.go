package extract

import "github.com/yardstick-etl/yardstick/pipeline/lareport"

// rowOf is a period of the report model's indicator in the shape the
// renderers' row helpers take.
func rowOf(ind *lareport.Indicator, p *lareport.Point) row {
	r := row{Sort: ind.ThemeSort, Theme: ind.Theme, ThemeTitle: ind.ThemeTitle, ID: ind.ID, Label: ind.Label, Unit: ind.Unit,
		Polarity: ind.Polarity}
	if p == nil {
		return r
	}
	r.Period, r.Year = p.Period, p.Year
	r.Value, r.Symbol, r.England, r.Region, r.SNMean, r.SNMedian, r.SNCount = p.Value, p.Symbol, p.England, p.Region, p.SNMean, p.SNMedian, p.SNCount
	r.NationalRank, r.NationalCount, r.RegionalRank, r.RegionalCount = p.Rank, p.Count, p.RegRank, p.RegCount
	r.Quartile, r.Change, r.Direction, r.Version = p.Quartile, p.Change, p.Direction, p.Version
	return r
}
