package extract

import (
	"sort"

	"github.com/yardstick-etl/yardstick/pipeline/lareport"
)

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
	r.CILower, r.CIUpper, r.VsEngland = p.CILower, p.CIUpper, p.VsEngland
	return r
}

// seriesEnd is the index in ind.Periods of the last period a renderer
// shows: the LA's latest figure, or the indicator's latest period some LA
// has a value for when that is newer (the LA's is then a gap); the LA's
// last row when no period has either.
func seriesEnd(ind *lareport.Indicator) int {
	end := ind.Latest
	for k := range ind.Periods {
		if ind.Periods[k].AnyValue {
			end = max(end, k)
		}
	}
	if end < 0 {
		for k := range ind.Periods {
			if ind.Periods[k].Present {
				end = k
			}
		}
	}
	return end
}

// blockPoints are the periods a theme sheet's block shows for the
// indicator: the latest blockPeriods up to seriesEnd, a period the LA has
// no figure for (suppressed, not published for it, or a year no input
// publishes) among them as a gap, as the HTML report's chart shows it.
func blockPoints(ind *lareport.Indicator) []lareport.Point {
	ps := ind.Periods[:seriesEnd(ind)+1]
	if len(ps) > blockPeriods {
		ps = ps[len(ps)-blockPeriods:]
	}
	return ps
}

// modelTheme is a theme sheet's indicators from the report model.
type modelTheme struct {
	ID, Title  string
	Indicators []*lareport.Indicator // by label, then id: the sheet's order
}

// modelThemes groups the model's indicators (and gaps) by theme, in theme
// order, each theme's by label.
func modelThemes(model *lareport.Report) []modelTheme {
	var out []modelTheme
	for _, ind := range model.Indicators {
		if len(blockPoints(ind)) == 0 {
			continue
		}
		if n := len(out); n == 0 || out[n-1].ID != ind.Theme {
			out = append(out, modelTheme{ID: ind.Theme, Title: ind.ThemeTitle})
		}
		t := &out[len(out)-1]
		t.Indicators = append(t.Indicators, ind)
	}
	for _, t := range out {
		sort.SliceStable(t.Indicators, func(a, b int) bool {
			x, y := t.Indicators[a], t.Indicators[b]
			if x.Label != y.Label {
				return x.Label < y.Label
			}
			return x.ID < y.ID
		})
	}
	return out
}
