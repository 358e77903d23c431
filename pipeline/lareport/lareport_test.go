package lareport

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// smallWarehouse is a warehouse of the tables Build reads, by hand: two
// LAs, a headline indicator with suppressed and unpublished years, an old
// headline indicator, a gap, and an indicator off the headline.
func smallWarehouse(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`CREATE SCHEMA ref`, `CREATE SCHEMA mart`,
		`CREATE TABLE ref.la AS SELECT * FROM (VALUES ('358', 'Trafford', 'North West', DATE '2000-01-01'), ('359', 'Wigan', 'North West', DATE '2000-01-01')) t(la_code, la_name, region_name, valid_from)`,
		`CREATE TABLE ref.theme AS SELECT * FROM (VALUES ('cla', 'children looked after', 1), ('ks4', 'key stage 4', 2)) t(theme_id, title, sort_order)`,
		`CREATE TABLE ref.indicator AS SELECT * FROM (VALUES ('ks2_cla', 'cla'), ('ks4_att8', 'ks4'), ('other', 'cla')) t(indicator_id, theme)`,
		`CREATE TABLE ref.gap AS SELECT * FROM (VALUES ('ks4_gap', 'ks4_att8')) t(gap_id, group_indicator_id)`,
		`CREATE TABLE ref.headline AS SELECT * FROM (VALUES ('ks2_cla', 1), ('ks4_att8', 2), ('ks4_gap', 3)) t(item_id, sort_order)`,
		`CREATE TABLE mart.la_benchmark (indicator_id VARCHAR, label VARCHAR, unit VARCHAR, polarity VARCHAR, period VARCHAR, year INT,
			la_code VARCHAR, la_name VARCHAR, region_name VARCHAR, value DOUBLE, symbol VARCHAR, england_value DOUBLE, region_value DOUBLE,
			sn_mean DOUBLE, sn_median DOUBLE, sn_count INT, national_rank BIGINT, national_count BIGINT, regional_rank BIGINT, regional_count BIGINT,
			quartile VARCHAR, change DOUBLE, direction VARCHAR, version VARCHAR, shared_with VARCHAR, source VARCHAR,
			ci_lower DOUBLE, ci_upper DOUBLE, vs_england VARCHAR)`,
		`CREATE TABLE mart.gap (gap_id VARCHAR, label VARCHAR, unit VARCHAR, period VARCHAR, year INT, la_code VARCHAR, la_name VARCHAR, region_name VARCHAR,
			gap DOUBLE, england_gap DOUBLE, region_gap DOUBLE, national_rank BIGINT, national_count BIGINT, regional_rank BIGINT, regional_count BIGINT,
			quartile VARCHAR, change DOUBLE, direction VARCHAR)`,
		// KS2 for looked-after children: 2018/19 36%, suppressed 2019/20 to
		// 2021/22, 2022/23 not published at all, 2023/24 50%, 2024/25 "c"
		`INSERT INTO mart.la_benchmark (indicator_id, label, unit, polarity, period, year, la_code, la_name, region_name, value, symbol, england_value, national_rank, national_count, quartile, shared_with, source) VALUES
			('ks2_cla', 'KS2 RWM: CLA', '%', 'high', '2018/19', 2019, '358', 'Trafford', 'North West', 36, NULL, 37, 2, 2, 'B', NULL, 'published'),
			('ks2_cla', 'KS2 RWM: CLA', '%', 'high', '2019/20', 2020, '358', 'Trafford', 'North West', NULL, 'x', NULL, NULL, NULL, NULL, NULL, 'published'),
			('ks2_cla', 'KS2 RWM: CLA', '%', 'high', '2020/21', 2021, '358', 'Trafford', 'North West', NULL, 'x', NULL, NULL, NULL, NULL, NULL, 'published'),
			('ks2_cla', 'KS2 RWM: CLA', '%', 'high', '2021/22', 2022, '358', 'Trafford', 'North West', NULL, 'c', 30, NULL, NULL, NULL, NULL, 'published'),
			('ks2_cla', 'KS2 RWM: CLA', '%', 'high', '2023/24', 2024, '358', 'Trafford', 'North West', 50, NULL, 38, 1, 2, 'A', NULL, 'published'),
			('ks2_cla', 'KS2 RWM: CLA', '%', 'high', '2024/25', 2025, '358', 'Trafford', 'North West', NULL, 'c', 39, NULL, NULL, NULL, 'Wigan', 'published'),
			('ks2_cla', 'KS2 RWM: CLA', '%', 'high', '2024/25', 2025, '359', 'Wigan', 'North West', 40, NULL, 39, 1, 1, 'A', NULL, 'published'),
			('ks2_cla', 'KS2 RWM: CLA', '%', 'high', '2018/19', 2019, '359', 'Wigan', 'North West', 30, NULL, 37, 1, 2, 'A', NULL, 'published'),
			('ks4_att8', 'Attainment 8', 'score', 'high', '2018/19', 2019, '358', 'Trafford', 'North West', 55, NULL, 46, 1, 2, 'A', NULL, 'published'),
			('ks4_att8', 'Attainment 8', 'score', 'high', '2018/19', 2019, '359', 'Wigan', 'North West', 45, NULL, 46, 2, 2, 'D', NULL, 'published'),
			('other', 'Other', 'count', 'none', '2025', 2025, '358', 'Trafford', 'North West', 7, NULL, 700, NULL, NULL, NULL, NULL, 'published')`,
		`UPDATE mart.la_benchmark SET ci_lower = 30.1, ci_upper = 69.9, vs_england = 'similar' WHERE indicator_id = 'ks2_cla' AND period = '2023/24' AND la_code = '358'`,
		`INSERT INTO mart.gap (gap_id, label, unit, period, year, la_code, la_name, region_name, gap, england_gap) VALUES
			('ks4_gap', 'Attainment 8 gap', 'points', '2018/19', 2019, '358', 'Trafford', 'North West', 14, 12)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db
}

func TestBuild(t *testing.T) {
	rep, err := Build(context.Background(), smallWarehouse(t), "358")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Name != "Trafford" || rep.RegionName != "North West" || rep.Newest != 2025 {
		t.Errorf("report %q %q newest %d", rep.Name, rep.RegionName, rep.Newest)
	}
	var ids []string
	for _, i := range rep.Headline() {
		ids = append(ids, i.ID)
	}
	if got := strings.Join(ids, " "); got != "ks2_cla ks4_att8 ks4_gap" {
		t.Errorf("headline %q, want the theme's order, then the headline's", got)
	}
	if i := rep.Indicator("other"); i == nil || i.Headline || i.Note() != "" {
		t.Errorf("other: %+v", i)
	}

	ks2 := rep.Indicator("ks2_cla")
	var periods []string
	for _, p := range ks2.Periods {
		s := p.Period
		switch {
		case p.Value.Valid:
			s += "=" + strings.TrimRight(strings.TrimRight(fmtFloat(p.Value.Float64), "0"), ".")
		case p.Symbol.Valid:
			s += "=" + p.Symbol.String
		case !p.Present:
			s += "=gap"
		}
		periods = append(periods, s)
	}
	// 2022/23 is published for no LA: present, as a gap
	want := "2018/19=36 2019/20=x 2020/21=x 2021/22=c 2022/23=gap 2023/24=50 2024/25=c"
	if got := strings.Join(periods, " "); got != want {
		t.Errorf("ks2 periods\n got %s\nwant %s", got, want)
	}
	if c := ks2.Current(); c == nil || c.Period != "2024/25" {
		t.Errorf("ks2's latest figure: %+v", c)
	}
	// 2023/24's interval and comparison reach the model; 2018/19 has none
	for _, p := range ks2.Periods {
		got := fmt.Sprintf("%v %v %q", p.CILower, p.CIUpper, VsEnglandText(p.VsEngland))
		want := map[string]string{"2023/24": `{30.1 true} {69.9 true} "similar to England"`}[p.Period]
		if want == "" {
			want = `{0 false} {0 false} ""`
		}
		if got != want {
			t.Errorf("ks2 %s interval %s, want %s", p.Period, got, want)
		}
	}
	f := ks2.Flags
	if f.Symbol != "c" || f.SharedWith != "Wigan" || f.Suppressed != 5 || f.OlderData || f.OlderPeriod != "" {
		t.Errorf("ks2 flags %+v", f)
	}

	// Attainment 8's latest is 2018/19, six years before the newest headline figure
	att8 := rep.Indicator("ks4_att8")
	if !att8.Flags.OlderData || att8.Note() != "Older data: 2018/19 is the latest published" {
		t.Errorf("att8: %+v %q", att8.Flags, att8.Note())
	}
	if g := rep.Indicator("ks4_gap"); !g.Gap || g.Note() != "Older data: 2018/19 is the latest published" {
		t.Errorf("gap: %+v %q", g, g.Note())
	}

	// Wigan: its 2024/25 is the newest; nothing older-period
	wigan, err := Build(context.Background(), smallWarehouse(t), "359")
	if err != nil {
		t.Fatal(err)
	}
	if i := wigan.Indicator("ks2_cla"); i.Current().Period != "2024/25" || i.Note() != "" {
		t.Errorf("Wigan ks2: %+v %q", i.Current(), i.Note())
	}
}

// TestOlderPeriod: an LA whose latest figure is older than the
// indicator's latest published period is told so.
func TestOlderPeriod(t *testing.T) {
	db := smallWarehouse(t)
	if _, err := db.Exec(`DELETE FROM mart.la_benchmark WHERE la_code = '358' AND period IN ('2023/24', '2024/25')`); err != nil {
		t.Fatal(err)
	}
	rep, err := Build(context.Background(), db, "358")
	if err != nil {
		t.Fatal(err)
	}
	ks2 := rep.Indicator("ks2_cla")
	if ks2.Flags.OwnPeriod != "" {
		t.Errorf("own period %q without own figures", ks2.Flags.OwnPeriod)
	}
	if ks2.Flags.OlderPeriod != "2024/25" || ks2.Note() != "Older period: the latest published is 2024/25" {
		t.Errorf("ks2: %+v %q", ks2.Flags, ks2.Note())
	}
}

// TestOwnPeriod: the LA's own figure newer than its published one is flagged.
func TestOwnPeriod(t *testing.T) {
	db := smallWarehouse(t)
	if _, err := db.Exec(`CREATE TABLE mart.provisional_position AS SELECT * FROM (VALUES
		('ks4_att8', '358', '2025/26', 2026, 50.0), ('ks2_cla', '358', '2024/25', 2025, 45.0)) t(indicator_id, la_code, period, year, value)`); err != nil {
		t.Fatal(err)
	}
	rep, err := Build(context.Background(), db, "358")
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Indicator("ks4_att8").Flags.OwnPeriod; got != "2025/26" {
		t.Errorf("att8's own period %q, want 2025/26", got)
	}
	if got := rep.Indicator("ks2_cla").Flags.OwnPeriod; got != "" {
		t.Errorf("ks2's own period %q: not newer than its published 2024/25", got)
	}
}

func TestFillYears(t *testing.T) {
	ps := fillYears([]Point{{Period: "2017", Year: 2017}, {Period: "2021", Year: 2021}, {Period: "2021/22", Year: 2022}, {Period: "2023/24", Year: 2024}})
	var got []string
	for _, p := range ps {
		got = append(got, p.Period)
	}
	if s := strings.Join(got, " "); s != "2017 2018 2019 2020 2021 2021/22 2022/23 2023/24" {
		t.Errorf("fillYears: %s", s)
	}
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
