package extract

import (
	"database/sql"
	"regexp"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/pipeline/lareport"
)

func pct(f float64) sql.NullFloat64 { return sql.NullFloat64{Float64: f, Valid: true} }

// TestTrendChartBreaksAtGaps: a line breaks where a period has no value
// (suppressed, or published for no LA): the LA's path moves ("M") again
// after the gap instead of drawing across it; a value alone between gaps
// is a dot. The axis gives its unit and says it does not start at 0.
func TestTrendChartBreaksAtGaps(t *testing.T) {
	sym := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	ind := &lareport.Indicator{ID: "ks2_cla", Label: "KS2 RWM: CLA", Unit: "%", Latest: 6, Periods: []lareport.Point{
		{Period: "2017/18", Year: 2018, Value: pct(30), England: pct(35), AnyValue: true},
		{Period: "2018/19", Year: 2019, Value: pct(36), England: pct(37), AnyValue: true},
		{Period: "2019/20", Year: 2020, Symbol: sym("x"), England: pct(37), AnyValue: true},
		{Period: "2020/21", Year: 2021, Symbol: sym("x"), AnyValue: true},
		{Period: "2021/22", Year: 2022}, // published for no LA
		{Period: "2022/23", Year: 2023, Symbol: sym("c"), England: pct(38), AnyValue: true},
		{Period: "2023/24", Year: 2024, Value: pct(50), England: pct(39), AnyValue: true},
	}}
	svg := string(trendChart(ind, "Trafford", "North West"))
	la := regexp.MustCompile(`<path d="([^"]*)"[^>]*><title>Trafford</title>`).FindStringSubmatch(svg)
	if la == nil {
		t.Fatalf("no path for the LA in %s", svg)
	}
	if n := strings.Count(la[1], "M"); n != 2 {
		t.Errorf("the LA's path %q has %d moves, want 2: a line from 2017/18 to 2018/19, then a new start at 2023/24", la[1], n)
	}
	if strings.Count(la[1], "L") != 1 {
		t.Errorf("the LA's path %q draws across the gap", la[1])
	}
	if !strings.Contains(svg, `<circle cx="252.0"`) {
		t.Errorf("2023/24, alone after the gap, is not a dot: %s", svg)
	}
	england := regexp.MustCompile(`<path d="([^"]*)"[^>]*><title>England</title>`).FindStringSubmatch(svg)
	if england == nil || strings.Count(england[1], "M") != 2 {
		t.Errorf("England's path %v: want two runs around 2020/21 and 2021/22", england)
	}
	for _, want := range []string{"Per cent, axis does not start at 0", "no value for Trafford in 2019/20, 2020/21, 2021/22, 2022/23",
		">2017/18<", ">2023/24<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q: %s", want, svg)
		}
	}
	if strings.Contains(svg, "<polyline") {
		t.Error("a polyline draws across gaps")
	}
}

// TestTrendChartFromZero: an axis from 0 does not say it does not.
func TestTrendChartFromZero(t *testing.T) {
	ind := &lareport.Indicator{Label: "A gap", Unit: "points", Latest: 1, Periods: []lareport.Point{
		{Period: "2024", Year: 2024, Value: pct(-2), AnyValue: true},
		{Period: "2025", Year: 2025, Value: pct(3), AnyValue: true},
	}}
	svg := string(trendChart(ind, "Trafford", "North West"))
	if !strings.Contains(svg, ">Gap, points<") || strings.Contains(svg, "does not start") {
		t.Errorf("axis title: %s", svg)
	}
	if m := regexp.MustCompile(`<path d="([^"]*)"[^>]*><title>Trafford</title>`).FindStringSubmatch(svg); m == nil || m[1] != "M40.0,110.0 L252.0,18.0" {
		t.Errorf("path %v", m)
	}
}
