package pipeline

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sharedData is the real published data beside the project (CI always has
// it; .ci/run fails without it).
const sharedData = "../../shared/data"

func requireSharedData(t *testing.T) string {
	t.Helper()
	abs, _ := filepath.Abs(sharedData)
	if _, err := os.Stat(abs); err != nil {
		t.Skipf("real data not found at %s: skipping tests on published files", abs)
	}
	return abs
}

// scratch folders outlive single tests (the real warehouse is shared) and
// are removed by TestMain.
var scratch []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range scratch {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// realRun publishes a warehouse from the real files once per test binary.
var realCfg *Config

func realWarehouse(t *testing.T) *Config {
	t.Helper()
	data := requireSharedData(t)
	if realCfg != nil {
		return realCfg
	}
	dir, err := os.MkdirTemp("", "yardstick-realdata")
	if err != nil {
		t.Fatal(err)
	}
	scratch = append(scratch, dir)
	yaml := "inputs:\n" +
		"  - " + filepath.Join(data, "published") + "\n" +
		"  - " + filepath.Join(data, "reference/population_0_17_2012_to_2024.csv") + "\n" +
		"  - " + filepath.Join(data, "reference/statistical_neighbours_2025.xlsx") + "\n" +
		"  - " + filepath.Join(data, "reference/las.csv") + "\n" +
		"warehouse: yardstick.duckdb\n"
	realCfg = runYAML(t, dir, yaml)
	return realCfg
}

// runYAML writes yaml as dir/yardstick.yaml and runs it.
func runYAML(t *testing.T, dir, yaml string) *Config {
	t.Helper()
	p := filepath.Join(dir, "yardstick.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// queryCase is a query on the real warehouse and its result's rows as CSV,
// without the header.
type queryCase struct{ name, query, want string }

func checkQueries(t *testing.T, cfg *Config, tests []queryCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSpace(queryCSV(t, cfg, tt.query))
			if i := strings.IndexByte(got, '\n'); i >= 0 {
				got = got[i+1:] // drop the header
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestRealPublishedFigures checks figures against the published files, each
// worked out by hand from the CSV (see the comments).
func TestRealPublishedFigures(t *testing.T) {
	cfg := realWarehouse(t)
	tests := []queryCase{
		{
			// d3 file, National row, 2025: CPP_subsequent_percent 24.5
			"England cpp_subsequent_pct 2025",
			`SELECT DISTINCT england_value FROM mart.la_benchmark WHERE indicator_id = 'cpp_subsequent_pct' AND period = '2025'`,
			"24.5",
		},
		{
			// Trafford 27.5: 109 of the 153 LAs with a value are below it
			// (polarity low), so 110th; 16 of the 24 North West LAs below it;
			// type-7 quartiles 20.0, 24.3, 27.6, so 27.5 is in (q50,q75]: C.
			// Neighbours 919 356 825 931 936 305 895 873 916 334 (2025
			// workbook): 23.4 28 24.3 29.8 24.3 21.2 24.7 25.9 31.2 19.6,
			// mean 25.24, median 24.5.
			"Trafford cpp_subsequent_pct 2025",
			`SELECT value, national_rank, national_count, regional_rank, regional_count, quartile, sn_mean, sn_median, sn_count, region_value, change, direction
			 FROM mart.la_benchmark WHERE indicator_id = 'cpp_subsequent_pct' AND period = '2025' AND la_code = '358'`,
			"27.5,110,153,17,24,C,25.24,24.5,10,23.3,-12.3,better",
		},
		{
			// Bolton 30.7 is 135th of 153 and 23rd of 24 in the North West, above q75: D.
			"Bolton cpp_subsequent_pct 2025",
			`SELECT value, national_rank, regional_rank, quartile FROM mart.la_benchmark
			 WHERE indicator_id = 'cpp_subsequent_pct' AND period = '2025' AND la_code = '350'`,
			"30.7,135,23,D",
		},
		{
			// City of London and Isles of Scilly both publish 0: tied first;
			// City of London ranks in London (Inner London rows count as London: 33 LAs).
			"tie at the top, London as one region",
			`SELECT la_code, national_rank, regional_rank, regional_count FROM mart.la_benchmark
			 WHERE indicator_id = 'cpp_subsequent_pct' AND period = '2025' AND la_code IN ('201', '420') ORDER BY la_code`,
			"201,1,1,33\n420,1,1,15",
		},
		{
			// b1 National 2025 At31_episodes 402400 over ONS mid-2024 0-17
			// population 12183016, per 10,000: 330.295..., published to 1 dp.
			"England CIN rate computed from count and population",
			`SELECT DISTINCT england_value FROM mart.la_benchmark WHERE indicator_id = 'cin_rate_per_10k' AND period = '2025'`,
			"330.3",
		},
		{
			// cla file: rate_per_10000 is published, so it is used, not computed.
			"Trafford CLA rate as published",
			`SELECT value, england_value FROM mart.la_benchmark WHERE indicator_id = 'cla_rate_per_10k' AND period = '2025' AND la_code = '358'`,
			"62,67",
		},
		{
			// 151 LAs publish a NEET figure (City of London and Isles of Scilly are not published separately).
			"NEET ranks 151 LAs",
			`SELECT DISTINCT national_count FROM mart.la_benchmark WHERE indicator_id = 'neet_pct' AND national_count IS NOT NULL`,
			"151",
		},
		{
			// Suppressed values stay NULL with their symbol, never 0.
			"symbols are kept, never zero",
			`SELECT count(*) FILTER (WHERE value IS NOT NULL), count(*) FILTER (WHERE symbol = 'c') > 0
			 FROM stage.observation WHERE symbol IS NOT NULL`,
			"0,true",
		},
		{
			// The EYFS file's Local authority district rows stay in stage, never in the mart.
			"district rows kept in stage, not ranked",
			`SELECT (SELECT count(*) > 0 FROM stage.observation WHERE geographic_level = 'lad'),
			        (SELECT count(*) FROM mart.la_benchmark m JOIN stage.observation o ON o.geo_code = m.la_code AND o.geographic_level = 'lad')`,
			"true,0",
		},
		{
			// KS4 characteristics xlsx, National rows, breakdown disadvantage,
			// gender Total: avg_att8 36.799999999999997 (Excel's float
			// artefact of 36.8) for Disadvantaged, 50.4 for Disadvantaged all
			// other: a gap of 13.6 points.
			"England KS4 Attainment 8 disadvantaged gap 2018/19",
			`SELECT DISTINCT b.england_value, c.england_value, g.england_gap, g.unit
			 FROM mart.gap g
			 JOIN mart.la_benchmark b ON b.indicator_id = 'ks4_att8_disadvantaged' AND b.period = g.period
			 JOIN mart.la_benchmark c ON c.indicator_id = 'ks4_att8_not_disadvantaged' AND c.period = g.period
			 WHERE g.gap_id = 'ks4_att8_disadvantaged_gap' AND g.period = '2018/19'`,
			"36.8,50.4,13.6,points",
		},
		{
			// Worked out by hand from the xlsx (LA rows, breakdown
			// disadvantage, gender Total; 150 LAs have both values):
			// Trafford 59.5 - 40.6 = 18.9, 142 LAs have a smaller gap: 143rd,
			// last of 23 in the North West; quartiles 11.6, 13.7, 16.0: D;
			// North West gap 14.7; 18.9 - 13.6 = 5.3 above England; England's
			// other pupils 50.4 - 40.6 = 9.8. Bolton 48.4 - 36.5 = 11.9: 42nd,
			// 6th in the North West, B. Hartlepool 14.9: 101st, 7th of 12, C.
			"LA Attainment 8 disadvantaged gaps 2018/19",
			`SELECT la_code, group_value, comparison_value, gap, region_gap, gap_vs_england, group_vs_england_comparison,
			        national_rank, national_count, regional_rank, regional_count, quartile
			 FROM mart.gap WHERE gap_id = 'ks4_att8_disadvantaged_gap' AND period = '2018/19' AND la_code IN ('358', '350', '805')
			 ORDER BY la_code`,
			"350,36.5,48.4,11.9,14.7,-1.7,13.9,42,150,6,23,B\n" +
				"358,40.6,59.5,18.9,14.7,5.3,9.8,143,150,23,23,D\n" +
				"805,34.3,49.2,14.9,14.5,1.3,16.1,101,150,7,12,C",
		},
		{
			// EYFS 2021/22, Trafford GLD: 74.8 not known to be FSM, 47.5 FSM:
			// a gap of 27.3 (England 68.8 - 49.1 = 19.7), 139th of 151, 22nd of 23.
			"Trafford EYFS good level of development FSM gap",
			`SELECT gap, england_gap, national_rank, national_count, regional_rank, regional_count, quartile
			 FROM mart.gap WHERE gap_id = 'eyfs_gld_fsm_gap' AND la_code = '358'`,
			"27.3,19.7,139,151,22,23,D",
		},
		{
			// csc_ks4_la.csv, Trafford CLA 12 months avg_att8: one version
			// per period, and the mart says which (2024/25 is revised, 2023/24 final).
			"KS4 looked-after Attainment 8 with its version",
			`SELECT period, value, version, england_value FROM mart.la_benchmark
			 WHERE indicator_id = 'ks4_att8_cla' AND la_code = '358' AND year >= 2024 ORDER BY year`,
			"2023/24,14.4,Final,18.2\n2024/25,19.7,Revised,17.3",
		},
		{
			// The KS4 xlsx publishes Inner and Outer London under London's
			// code; they get their own codes, so London is one row, not three.
			"no duplicate regional values",
			`SELECT count(*) FROM meta.issue WHERE rule = 'duplicate_value'`,
			"0",
		},
		{
			// c1 file, Trafford 2025: 339 re-referrals of 1,879 referrals
			// (18%). Wilson, z = 1.959964: p = 0.180415, centre
			// (0.180415 + 0.001022) / 1.002044 = 0.181067, half-width
			// 1.959964 x sqrt(0.0000787 + 0.0000003) / 1.002044 = 0.017381:
			// 16.37% to 19.84%; England's 22.6 above it, polarity low: better.
			"Trafford rereferral_pct 2025 interval",
			`SELECT numerator, denominator, round(ci_lower, 2), round(ci_upper, 2), england_value, vs_england FROM mart.la_benchmark
			 WHERE indicator_id = 'rereferral_pct' AND period = '2025' AND la_code = '358'`,
			"339,1879,16.37,19.84,22.6,better",
		},
		{
			// d3 file, Trafford 2025: 53 of 193 plans (27.5%): Wilson 21.65%
			// to 34.15%, England's 24.5 within: similar.
			"Trafford cpp_subsequent_pct 2025 interval",
			`SELECT numerator, denominator, round(ci_lower, 2), round(ci_upper, 2), vs_england FROM mart.la_benchmark
			 WHERE indicator_id = 'cpp_subsequent_pct' AND period = '2025' AND la_code = '358'`,
			"53,193,21.65,34.15,similar",
		},
		{
			// b1 file, Trafford 2025: 1,517 children in need over the mid-2024
			// population 56,737 (267.4 per 10,000). Byar: O_L = 1517 x (1 -
			// 0.0000732 - 0.0167739)^3 = 1441.61, O_U = 1518 x (1 - 0.0000732
			// + 0.0167684)^3 = 1595.31; per 10,000 of 56,737: 254.09 to
			// 281.18; England's 330.3 above it, polarity none: lower.
			"Trafford cin_rate_per_10k 2025 interval",
			`SELECT numerator, denominator, round(ci_lower, 2), round(ci_upper, 2), england_value, vs_england FROM mart.la_benchmark
			 WHERE indicator_id = 'cin_rate_per_10k' AND period = '2025' AND la_code = '358'`,
			"1517,56737,254.09,281.18,330.3,lower",
		},
		{
			// cla file, Trafford 2025: 353 children looked after of a
			// population of 56,737, published as 62 per 10,000. Byar: O_L =
			// 353 x (1 - 0.000315 - 0.034773)^3 = 317.13, O_U = 354 x (1 -
			// 0.000314 + 0.034724)^3 = 391.82; per 10,000 of 56,737: 55.89 to
			// 69.06; England's 67 inside it: similar.
			"Trafford cla_rate_per_10k 2025 interval",
			`SELECT numerator, denominator, round(ci_lower, 2), round(ci_upper, 2), england_value, vs_england FROM mart.la_benchmark
			 WHERE indicator_id = 'cla_rate_per_10k' AND period = '2025' AND la_code = '358'`,
			"353,56737,55.89,69.06,67,similar",
		},
		{
			// every numerator and denominator the built-ins name is a column
			// of the published files they read
			"built-in numerators are the files' columns",
			`SELECT count(*) FROM meta.issue WHERE rule IN ('missing_numerator', 'bad_numerator')`,
			"0",
		},
		{
			"Inner and Outer London regional rows kept",
			`SELECT count(DISTINCT geo_code) FROM stage.observation WHERE geographic_level = 'regional' AND geo_code LIKE 'E13%'`,
			"2",
		},
	}
	checkQueries(t, cfg, tests)
}

func TestRealInputsRecorded(t *testing.T) {
	cfg := realWarehouse(t)
	got := queryCSV(t, cfg, `SELECT source_kind, status, count(*) FROM meta.input_file GROUP BY ALL ORDER BY ALL`)
	want := "source_kind,status,count_star()\n" +
		"ees,loaded,21\n" + // the KS4 xlsx in EES layout and the zips' two data files among them
		"ees_legacy,loaded,1\n" + // SFR50_CLA2017.csv
		"ees_meta,loaded,2\n" + // the zips' .meta.csv files
		"la_list,loaded,1\n" +
		"ofsted_ilacs,loaded,1\n" +
		"population,loaded,1\n" +
		"release_guide,loaded,1\n" + // SFR50_2017_MetaData.txt
		"statistical_neighbours,loaded,1\n" +
		"zip,loaded,2\n"
	if got != want {
		t.Errorf("meta.input_file:\n%s\nwant\n%s", got, want)
	}
}

// TestRealZips: EES's "download all data" zips load member by member,
// each member with its .meta.csv, and the figures are the published ones
// (worked out by hand from the CSVs inside: unzip -p ... | awk).
func TestRealZips(t *testing.T) {
	cfg := realWarehouse(t)
	tests := []queryCase{
		{
			"members are inputs of their own, with notes",
			`SELECT regexp_extract(path, '[^/]*$'), source_kind, status, rows, note FROM meta.input_file
			 WHERE path LIKE '%absence_by_term.zip%' ORDER BY path`,
			"absence_by_term.zip,zip,loaded,2,\"a zip of 2 data files (absence_by_term.csv, absence_by_term.meta.csv)\"\n" +
				"absence_by_term.zip!absence_by_term.csv,ees,loaded,222640,filters and measures from absence_by_term.meta.csv\n" +
				"absence_by_term.zip!absence_by_term.meta.csv,ees_meta,loaded,25,EES metadata of absence_by_term.zip!absence_by_term.csv: 25 columns described",
		},
		{
			// Trafford 2016/17, whole year, state-funded secondary:
			// sess_overall_percent 4.2; extended holidays "." (no longer
			// recorded separately), a symbol, never 0.
			"absence: Trafford secondary 2016/17",
			`SELECT measure, value, symbol FROM stage.observation WHERE source_file LIKE '%absence_by_term.csv' AND la_code = '358'
			 AND time_period = '201617' AND breakdown = '{"school_type":"State-funded secondary","term":"Total"}'
			 AND measure IN ('sess_overall_percent', 'sess_auth_ext_holiday') ORDER BY measure`,
			"sess_auth_ext_holiday,,.\nsess_overall_percent,4.2,",
		},
		{
			// Trafford 2016/17 special schools: perm_excl x, fixed_excl_rate
			// 17.32; the school columns the metadata does not describe
			// (estab, laestab) name schools, so a school's rows are its own
			// place: 21,967 rows of 2016/17 include schools of every LA.
			"exclusions: Trafford special 2016/17, schools by laestab",
			`SELECT (SELECT string_agg(measure || '=' || coalesce(value::VARCHAR, symbol), ' ' ORDER BY measure) FROM stage.observation
			         WHERE source_file LIKE '%exclusions_by_geographic_level.csv' AND la_code = '358' AND geographic_level = 'la'
			           AND time_period = '201617' AND json_extract_string(breakdown, '$.school_type') = 'Special'
			           AND measure IN ('perm_excl', 'fixed_excl_rate')),
			        (SELECT count(DISTINCT geo_code) > 20000 FROM stage.observation
			         WHERE source_file LIKE '%exclusions_by_geographic_level.csv' AND geographic_level = 'school')`,
			"fixed_excl_rate=17.32 perm_excl=x,true",
		},
	}
	checkQueries(t, cfg, tests)
}

// TestRealNewBuiltins: the built-ins over the files added for issue 16,
// two LAs each, the latest period, as read from the CSVs by hand (awk and
// a spreadsheet): Trafford (358) and Bolton (350). SEN2 2024 "All EHC
// plans issued"; missing 2024; ceased 2024 (Total); workforce 2022 from
// the "_%" columns of the 2017-2022 release (also); attendance 2024/25 by
// phase; exclusions 2020/21 by social care group. "c" is suppressed.
func TestRealNewBuiltins(t *testing.T) {
	cfg := realWarehouse(t)
	got := queryCSV(t, cfg, `SELECT indicator_id, la_code, period, coalesce(value::VARCHAR, symbol) AS v
		FROM mart.la_benchmark
		WHERE la_code IN ('358', '350') AND source = 'published' AND indicator_id IN ('ehcp_20_weeks_pct', 'ehcp_20_weeks_ex_pct',
		  'cla_missing_pct', 'cla_missing_count', 'cla_adopted_count', 'cla_sgo_count', 'sw_turnover_pct', 'sw_agency_pct',
		  'sw_vacancy_pct', 'sw_caseload', 'absence_primary_pct', 'absence_secondary_pct', 'persistent_absence_primary_pct',
		  'persistent_absence_secondary_pct', 'cin_perm_excl_pct', 'cin_suspension_pct', 'cpp_perm_excl_pct',
		  'cpp_suspension_pct', 'cla_perm_excl_pct', 'cla_suspension_pct')
		QUALIFY row_number() OVER (PARTITION BY indicator_id, la_code ORDER BY year DESC) = 1
		ORDER BY 1, 2`)
	want := `indicator_id,la_code,period,v
absence_primary_pct,350,2024/25,5.236421056
absence_primary_pct,358,2024/25,4.133310281
absence_secondary_pct,350,2024/25,8.34346766
absence_secondary_pct,358,2024/25,6.539590082
cin_perm_excl_pct,350,2020/21,c
cin_perm_excl_pct,358,2020/21,0.0
cin_suspension_pct,350,2020/21,9.2
cin_suspension_pct,358,2020/21,9.39
cla_adopted_count,350,2024,14.0
cla_adopted_count,358,2024,c
cla_missing_count,350,2024,108.0
cla_missing_count,358,2024,56.0
cla_missing_pct,350,2024,14.0
cla_missing_pct,358,2024,11.0
cla_perm_excl_pct,350,2020/21,0.0
cla_perm_excl_pct,358,2020/21,0.0
cla_sgo_count,350,2024,39.0
cla_sgo_count,358,2024,6.0
cla_suspension_pct,350,2020/21,13.43
cla_suspension_pct,358,2020/21,8.53
cpp_perm_excl_pct,350,2020/21,c
cpp_perm_excl_pct,358,2020/21,0.0
cpp_suspension_pct,350,2020/21,8.78
cpp_suspension_pct,358,2020/21,13.22
ehcp_20_weeks_ex_pct,350,2024,72.3
ehcp_20_weeks_ex_pct,358,2024,53.4
ehcp_20_weeks_pct,350,2024,71.4
ehcp_20_weeks_pct,358,2024,53.4
persistent_absence_primary_pct,350,2024/25,14.1000548
persistent_absence_primary_pct,358,2024/25,9.420631182
persistent_absence_secondary_pct,350,2024/25,23.96023715
persistent_absence_secondary_pct,358,2024/25,16.35382713
sw_agency_pct,350,2022,17.9
sw_agency_pct,358,2022,39.1
sw_caseload,350,2022,20.4
sw_caseload,358,2022,13.5
sw_turnover_pct,350,2022,22.6
sw_turnover_pct,358,2022,24.6
sw_vacancy_pct,350,2022,21.0
sw_vacancy_pct,358,2022,31.3
`
	if got != want {
		t.Errorf("new built-ins:\n%s\nwant\n%s", got, want)
	}
	// England's workforce figures of 2022 from the same release: 17.1,
	// 17.6, 20 and 16.6; Trafford's turnover 24.6 is 124th of 149 (low is
	// better), in the bottom quartile.
	if got := queryCSV(t, cfg, `SELECT indicator_id, england_value FROM mart.la_benchmark WHERE la_code = '358' AND period = '2022'
		AND indicator_id LIKE 'sw\_%' ESCAPE '\' ORDER BY 1`); got != "indicator_id,england_value\nsw_agency_pct,17.6\nsw_caseload,16.6\nsw_turnover_pct,17.1\nsw_vacancy_pct,20\n" {
		t.Errorf("England workforce: %s", got)
	}
	if got := queryCSV(t, cfg, `SELECT national_rank, national_count, quartile FROM mart.la_benchmark WHERE la_code = '358' AND period = '2022' AND indicator_id = 'sw_turnover_pct'`); got != "national_rank,national_count,quartile\n124,149,D\n" {
		t.Errorf("Trafford turnover rank: %s", got)
	}
}

// TestRealQuirks: the quirks of the real files, each handled.
func TestRealQuirks(t *testing.T) {
	cfg := realWarehouse(t)
	tests := []queryCase{
		{
			// b1 writes Buckinghamshire's new code E10000002 to 2020 and
			// E06000060 after (old code 825 throughout): one LA, every year;
			// Dorset is the county (835) to 2019 and the new unitary (838)
			// from 2020, two LAs as DfE publishes them; no issue for either.
			"Buckinghamshire and Dorset under two codes",
			`SELECT string_agg(la_code || ':' || n, ' ' ORDER BY la_code),
			        (SELECT count(*) FROM meta.issue WHERE message ILIKE '%buckingham%' OR message ILIKE '%dorset%')
			 FROM (SELECT la_code, count(*) AS n FROM mart.la_benchmark
			       WHERE indicator_id = 'cin_at_31_march' AND la_code IN ('825', '835', '838') GROUP BY 1)`,
			"825:13 835:7 838:6,0",
		},
		{
			// 2024: Cumbria (909) is z beside Cumberland (942) and
			// Westmorland and Furness (943): kept with its symbol, neither
			// ranked nor counted; 152 LAs are ranked
			"Cumbria beside Cumberland and Westmorland with z",
			`SELECT string_agg(la_code || ':' || coalesce(value::VARCHAR, symbol) || ':' || coalesce(national_rank::VARCHAR, '-') || '/' || coalesce(national_count::VARCHAR, '-'), ' ' ORDER BY la_code)
			 FROM mart.la_benchmark WHERE indicator_id = 'care_leavers_19_21_eet_pct' AND period = '2024' AND la_code IN ('909', '942', '943')`,
			"909:z:-/- 942:60.0:34/152 943:50.0:105/152",
		},
		{
			// the weekly persistent absence file: time_identifier "Week 8"
			// to "Week 30" of 2025, each a period of its own, never merged
			// into 2025 (no built-in takes them; one declared would rank each)
			"weeks are periods",
			`SELECT count(DISTINCT period), min(period), max(period), count(DISTINCT year)
			 FROM stage.observation WHERE source_file LIKE '%attendance_week_29%'`,
			"12,2025 week 08,2025 week 30,1",
		},
		{
			// attendance year to date: time_identifier is the last column,
			// and counts are fractional (Suffolk's primary schools:
			// 249.856383), kept as published
			"time_identifier last, fractional counts",
			`SELECT period, value FROM stage.observation WHERE source_file LIKE '%attendance_EES_ytd%'
			 AND measure = 'num_schools' AND la_code = '935' AND json_extract_string(breakdown, '$.education_phase') = 'Primary'`,
			"2024/25,249.856383",
		},
	}
	checkQueries(t, cfg, tests)
}

// TestRealLegacy: the pre-EES release table SFR50_CLA2017.csv joins the
// built-in cla_at_31_march as its 2017 (CLA_Mar2017: Trafford 385, England
// 72670, North West 13230), its rate is computed over ONS mid-2016
// (Trafford 54045 children: 71.2; England 11671521: 62.3, as DfE published
// 62), and its guide labels its columns (Windows-1252 text).
func TestRealLegacy(t *testing.T) {
	cfg := realWarehouse(t)
	tests := []queryCase{
		{"count",
			`SELECT value, england_value, region_value FROM mart.la_benchmark WHERE indicator_id = 'cla_at_31_march' AND period = '2017' AND la_code = '358'`,
			"385,72670,13230"},
		{"rate computed over mid-2016",
			`SELECT m.value, m.england_value, v.computed FROM mart.la_benchmark m JOIN stage.indicator_value v
			 ON v.indicator_id = m.indicator_id AND v.period = m.period AND v.geo_code = m.la_code
			 WHERE m.indicator_id = 'cla_rate_per_10k' AND m.period = '2017' AND m.la_code = '358'`,
			"71.2,62.3,true"},
		{"Isles of Scilly's row without its level is an LA, reported",
			`SELECT (SELECT count(*) FROM mart.la_benchmark WHERE indicator_id = 'cla_at_31_march' AND period = '2017' AND la_code = '420'),
			        (SELECT "row" || ' ' || rule FROM meta.issue WHERE file LIKE '%SFR50_CLA2017.csv')`,
			"1,83 level_inferred"},
		{"guide labels",
			`SELECT label FROM stage.ees_column WHERE data_file LIKE '%SFR50_CLA2017.csv' AND col_name = 'CLA_NetGain'`,
			"Children looked after at 31 March 2017 – net gain of children by a local authority"},
	}
	checkQueries(t, cfg, tests)
}

// TestRealInspections: each LA's latest ILACS judgement and the one
// before, from Ofsted's ODS (its history sheet, rows 243-244 for Trafford,
// 20-21 for Bolton; checked by hand in LibreOffice).
func TestRealInspections(t *testing.T) {
	cfg := realWarehouse(t)
	got := queryCSV(t, cfg, `SELECT la_code, inspection_date, inspection_type, overall_effectiveness, overall_grade,
		previous_inspection_date, previous_overall_effectiveness, direction
		FROM mart.la_inspection WHERE la_code IN ('358', '350', '942') ORDER BY la_code`)
	want := "la_code,inspection_date,inspection_type,overall_effectiveness,overall_grade,previous_inspection_date,previous_overall_effectiveness,direction\n" +
		"350,2023-09-11,ILACS Short Inspection,Good,2,2018-04-23,Good,same\n" +
		"358,2022-11-21,ILACS Standard Inspection,Requires improvement to be good,3,2019-03-04,Inadequate,better\n" +
		"942,2024-10-07,ILACS Standard Inspection,Good,2,,,\n" // Cumberland, first inspected as a new LA
	if got != want {
		t.Errorf("mart.la_inspection:\n%s\nwant\n%s", got, want)
	}
	// every LA in the history once: 153 today's and 3 that no longer exist
	// (Cumbria, Northamptonshire and Bournemouth)
	if got := queryCSV(t, cfg, `SELECT count(*), count(DISTINCT la_code) FROM mart.la_inspection`); got != "count_star(),count(DISTINCT la_code)\n156,156\n" {
		t.Errorf("LAs: %s", got)
	}
}

// TestRealExtract: Trafford's workbook from the real files carries the
// figures worked out by hand (README, Tests): cpp_subsequent_pct 2025 is
// 27.5 against England's 24.5, 110th of 153, 17th of 24 in the North West,
// quartile C, neighbours' mean 25.24; and the 2024 figure it changed from.
func TestRealExtract(t *testing.T) {
	f := traffordWorkbook(t, realWarehouse(t), t.TempDir())
	defer f.Close()
	checkPrints(t, f)
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	// the front sheet opens with Ofsted's latest judgement (mart.la_inspection)
	if len(rows) < 2 || len(rows[1]) == 0 || !strings.HasPrefix(rows[1][0],
		"Ofsted (ILACS): Requires improvement to be good, November 2022 (previously Inadequate, March 2019). The headline figures") {
		t.Errorf("Summary subtitle: %q", rows[:2])
	}
	var got string
	for _, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "Child protection plans starting in the year that are a second") {
			got = strings.Join(r[1:11], "|")
		}
	}
	// 53 of 193 plans: Wilson 21.65% to 34.15%, England's 24.5 within
	if want := "2025|27.5%|24.5%|similar to England (21.7% to 34.2%)|"; !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "|25.2%|110|153|17th of 24 in North West|C") {
		t.Errorf("Trafford's CPP row: %q", got)
	}
	raw, _ := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	for _, r := range raw {
		if len(r) > 6 && strings.HasPrefix(r[0], "Child protection plans starting") && r[6] != "25.24" {
			t.Errorf("neighbours' mean stored as %q, want the number 25.24", r[6])
		}
	}
}

// TestRealBuiltinsHaveValues: every built-in indicator whose publication is
// among the real files has values from it, and no definition matches a
// loaded file without picking anything (issue rules indicator_*). A renamed
// column or label in a new release fails here, not silently in the marts.
func TestRealBuiltinsHaveValues(t *testing.T) {
	cfg := realWarehouse(t)
	got := queryCSV(t, cfg, `
WITH present AS (
    SELECT i.indicator_id,
           EXISTS (SELECT 1 FROM stage.indicator_value v WHERE v.indicator_id = i.indicator_id AND v.value IS NOT NULL) AS has_values
    FROM ref.indicator i
    WHERE i.origin = 'built-in' AND i.file_glob IS NOT NULL
      AND EXISTS (SELECT 1 FROM meta.input_file f
                  WHERE f.status <> 'rejected' AND regexp_extract(f.path, '[^/]*$') GLOB i.file_glob)
)
SELECT count(*) AS with_file, string_agg(indicator_id, ' ' ORDER BY indicator_id) FILTER (WHERE NOT has_values) AS without_values,
       (SELECT count(*) FROM meta.issue WHERE rule LIKE 'indicator\_%' ESCAPE '\') AS unmatched
FROM present`)
	// 113 built-ins have their file among the real ones: the CIN, CLA,
	// care-leaver and NEET files, the attainment layouts (KS4 xlsx, CSC
	// KS2 and KS4, EYFS) and issue 16's 20 (SEN2, missing, adoptions and
	// SGOs, workforce, attendance, exclusions).
	if want := "with_file,without_values,unmatched\n113,,0\n"; got != want {
		t.Errorf("built-ins over the real files:\n%s\nwant\n%s", got, want)
	}
}

// TestRealSummaryPrints renders Trafford's Summary from the real files the
// way a clerk prints it (LibreOffice, headless, to PDF) and counts its
// pages: at most 3 (issue 17). Skips where LibreOffice is missing; .ci/run
// installs it.
func TestRealSummaryPrints(t *testing.T) {
	cfg := realWarehouse(t)
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("LibreOffice (soffice) not found: skipping the print test; apt-get install libreoffice-calc-nogui")
	}
	out := t.TempDir()
	f := traffordWorkbook(t, cfg, out)
	// the Summary alone (LibreOffice prints hidden sheets too), without its
	// sparklines, which would point at the deleted theme sheets and stop
	// LibreOffice opening it
	for _, s := range f.GetSheetList() {
		if s != "Summary" {
			if err := f.DeleteSheet(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	summary := filepath.Join(out, "summary.xlsx")
	if err := os.WriteFile(summary, withoutExtensions(t, buf.Bytes()), 0o644); err != nil {
		t.Fatal(err)
	}
	pages := printedPages(t, summary)
	t.Logf("the Summary prints on %d pages", pages)
	if pages < 1 || pages > 3 {
		t.Errorf("the Summary prints on %d pages, want 1 to 3", pages)
	}
}

// withoutExtensions is an xlsx with its worksheets' extension lists (where
// sparklines live) taken out.
func withoutExtensions(t *testing.T, xlsx []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	ext := regexp.MustCompile(`(?s)<extLst>.*</extLst>`)
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			b = ext.ReplaceAll(b, nil)
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// traffordWorkbook writes Trafford's workbook from the real warehouse into
// out and opens it.
func traffordWorkbook(t *testing.T, cfg *Config, out string) *excelize.File {
	t.Helper()
	res, err := Extract(context.Background(), cfg, ExtractConfig{LA: "358", Formats: []string{"xlsx"}, Out: out})
	if err != nil || len(res) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	f, err := excelize.OpenFile(res[0].Paths[0])
	if err != nil {
		t.Fatal(err)
	}
	return f
}
