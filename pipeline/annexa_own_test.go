package pipeline

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestAnnexAOwnFigures: where no CIN census of the year is loaded, the CIN
// figures come from Annex A Lists 3 to 7 (stage_own_indicator.sql,
// [ANNEX]). The workbook below is Middlesbrough's (806) for 2025-26 (1 April
// 2025 to 31 March 2026); working days skip weekends and England's bank
// holidays (18 and 21 April, 5 and 26 May, 25 and 26 December 2025, 1
// January 2026). Each figure is worked out by hand beside the rows.
func TestAnnexAOwnFigures(t *testing.T) {
	dir := t.TempDir()
	d := func(s string) time.Time {
		v, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	child := func(id string) []any { return []any{id, "a) Male", "a) WBRI", d("2015-06-01"), 10.8} }
	row := func(id string, rest ...any) []any { return append(child(id), rest...) }
	none := ""
	sheets := []listSheet{
		// List 3 runs from 20 March 2025 to 20 March 2026, so it covers the
		// year: referrals in the year are A1, A2, A3's second and A4 = 4.
		// Re-referrals: A2 (the list counts 1 earlier referral) and A3 (its
		// referral of 20 March 2025, before the year, is within 12 months)
		// = 2 / 4 = 50.0. A3's count of 0 does not overrule the history.
		{"List 3", []string{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months"}, [][]any{
			row("A3", d("2025-03-20"), "q) 6: Police", "No", 0),
			row("A1", d("2025-04-02"), "q) 6: Police", "No", 0),
			row("A2", d("2025-06-10"), "q) 6: Police", "No", 1),
			row("A3", d("2025-09-01"), "q) 6: Police", "No", 0),
			row("A4", d("2026-03-20"), "q) 6: Police", "No", 0),
		}},
		// Assessments authorised in the year: A1 on the 45th working day
		// after 3 April 2025 (11 June; Easter and both May bank holidays
		// skipped): within; A2 on the 46th (12 June): late; A3 in 13
		// working days: within. A5 authorised after 31 March 2026 and A6
		// before 1 April 2025 are not in the year. 2 / 3 = 66.7.
		{"List 4", []string{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "Continuous Assessment Start Date", "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation"}, [][]any{
			row("A1", "b) No", d("2025-04-03"), "Yes", d("2025-06-11")),
			row("A2", "b) No", d("2025-04-03"), "Yes", d("2025-06-12")),
			row("A3", "b) No", d("2025-11-03"), "Yes", d("2025-11-20")),
			row("A5", "b) No", d("2026-02-20"), "Yes", d("2026-04-10")),
			row("A6", "b) No", d("2025-03-01"), "Yes", d("2025-03-28")),
		}},
		// List 5 runs only from 1 October 2025 to 8 January 2026: S47 and
		// ICPC counts are not computed (own_partial_year). ICPCs: B1 16
		// working days after its strategy discussion: late; B2 on the 15th
		// (8 January, with 25, 26 December and 1 January skipped): within.
		// 1 / 2 = 50.0.
		{"List 5", []string{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "Strategy discussion initiating Section 47 Enquiry Start Date", "Was an Initial Child Protection Conference deemed unnecessary?", "Date of Initial Child Protection Conference"}, [][]any{
			row("B1", "b) No", d("2025-10-01"), "No", d("2025-10-23")),
			row("B2", "b) No", d("2025-12-15"), "No", d("2026-01-08")),
			row("B3", "b) No", d("2025-12-20"), "Yes", none),
		}},
		// Open on 31 March 2026: C1 (since 2024) and A1; C2 closed on 31
		// March and C3 in January are not. cin_at_31_march = 2.
		{"List 6", []string{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date"}, [][]any{
			row("C1", "b) No", d("2024-01-10"), "N1 - Abuse or Neglect", d("2026-03-18"), none),
			row("A1", "b) No", d("2025-04-03"), "N1 - Abuse or Neglect", d("2026-03-02"), none),
			row("C2", "b) No", d("2025-05-01"), "N1 - Abuse or Neglect", d("2026-03-30"), d("2026-03-31")),
			row("C3", "b) No", d("2025-11-01"), "N1 - Abuse or Neglect", d("2025-12-01"), d("2026-01-05")),
		}},
		// Plans open on 31 March 2026: P1 (since November 2023: 2 years or
		// more), P2, P3's second, P4 = 4; cpp_2_years_pct 1 / 4 = 25.0.
		// Starting in the year: P2 (1 previous plan by the list's count),
		// P3's second (its first, May 2024 to May 2025, is in the list),
		// P4 (first): subsequent 2 / 3 = 66.7; categories NEG, PHY, EMO
		// one each = 33.3, SAB and MUL 0.0.
		{"List 7", []string{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference", "Child Protection Plan End Date", "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "Number of Previous Child Protection Plans"}, [][]any{
			row("P1", "b) No", d("2023-11-01"), "Neglect", "Neglect", d("2026-03-10"), "a) Yes", d("2026-02-01"), none, "b) No", 0),
			row("P2", "b) No", d("2025-07-01"), "Neglect", "Neglect", d("2026-03-10"), "a) Yes", d("2025-12-01"), none, "b) No", 1),
			row("P3", "b) No", d("2024-05-01"), "Physical abuse", "Physical abuse", d("2025-04-20"), "a) Yes", d("2025-05-01"), d("2025-05-01"), "b) No", 0),
			row("P3", "b) No", d("2025-10-15"), "Physical abuse", "Physical abuse", d("2026-03-12"), "a) Yes", d("2026-01-15"), none, "b) No", 0),
			row("P4", "b) No", d("2026-01-20"), "Emotional abuse", "Emotional abuse", d("2026-03-16"), "a) Yes", none, none, "b) No", 0),
		}},
	}
	annex := filepath.Join(dir, "Annex_A_2025-26.xlsx")
	saveWorkbook(t, annex, sheets)
	// The provisional golden case's published referrals file gives the 2025
	// distribution: 805 18, 807 26, 808 30, 840 34 (806's own 22 replaced).
	golden, err := filepath.Abs("../testdata/benchmark/provisional/inputs")
	if err != nil {
		t.Fatal(err)
	}
	published := filepath.Join(golden, "c1_children_in_need_referrals_and_rereferrals_2025.csv")

	t.Run("figures", func(t *testing.T) {
		cfg := runWithKey(t, dir, "inputs: ["+annex+", "+published+"]\nhome_la: \"806\"\n")
		got := queryCSV(t, cfg, `SELECT indicator_id, value, numerator, denominator, regexp_extract(source_files, '[^/]*$') AS file
			FROM stage.own_indicator_value ORDER BY indicator_id`)
		want := "indicator_id,value,numerator,denominator,file\n" +
			"assessments_45_days_pct,66.7,2,3,Annex_A_2025-26.xlsx\n" +
			"cin_at_31_march,2,2,,Annex_A_2025-26.xlsx\n" +
			"cin_referrals_in_year,4,4,,Annex_A_2025-26.xlsx\n" +
			"cpp_2_years_pct,25,1,4,Annex_A_2025-26.xlsx\n" +
			"cpp_at_31_march,4,4,,Annex_A_2025-26.xlsx\n" +
			"cpp_initial_emotional_pct,33.3,1,3,Annex_A_2025-26.xlsx\n" +
			"cpp_initial_multiple_pct,0,0,3,Annex_A_2025-26.xlsx\n" +
			"cpp_initial_neglect_pct,33.3,1,3,Annex_A_2025-26.xlsx\n" +
			"cpp_initial_physical_pct,33.3,1,3,Annex_A_2025-26.xlsx\n" +
			"cpp_initial_sexual_pct,0,0,3,Annex_A_2025-26.xlsx\n" +
			"cpp_subsequent_pct,66.7,2,3,Annex_A_2025-26.xlsx\n" +
			"icpc_15_days_pct,50,1,2,Annex_A_2025-26.xlsx\n" +
			"rereferral_pct,50,2,4,Annex_A_2025-26.xlsx\n"
		if got != want {
			t.Errorf("own figures from Annex A:\n%s\nwant:\n%s", got, want)
		}
		// 50.0 re-referrals, polarity low, is worse than all four other LAs
		// published in 2025: 5th of 5, in the bottom quartile.
		if got := queryCSV(t, cfg, `SELECT published_period, national_rank, national_count, quartile FROM mart.provisional_position
			WHERE indicator_id = 'rereferral_pct'`); got != "published_period,national_rank,national_count,quartile\n2025,5,5,D\n" {
			t.Errorf("rereferral_pct position: %s", got)
		}
		// In year, List 6's cases open at each month end (C1 since 2024, A1
		// from April, C2 from May to 31 March, C3 November to 5 January):
		// 4 on 30 November, 3 on 31 January, 2 on 31 March as above; List 3
		// begins in March 2025, so no 12 months but the year's are covered.
		if got := queryCSV(t, cfg, `SELECT month_end, value FROM mart.in_year WHERE indicator_id = 'cin_at_31_march'
			AND month_end IN ('2025-11-30', '2026-01-31', '2026-03-31') ORDER BY 1`); got != "month_end,value\n2025-11-30,4\n2026-01-31,3\n2026-03-31,2\n" {
			t.Errorf("children in need in year from List 6:\n%s", got)
		}
		if got := queryCSV(t, cfg, `SELECT month_end, value FROM mart.in_year WHERE indicator_id = 'cin_referrals_in_year'`); got != "month_end,value\n2026-03-31,4\n" {
			t.Errorf("referrals in year from List 3:\n%s", got)
		}
		if got := queryCSV(t, cfg, `SELECT sheet, message FROM meta.issue WHERE rule = 'own_partial_year'`); got != "sheet,message\n"+
			"List 5 (S47 enquiries),\"Annex A List 5 (S47 enquiries) of LA 806 for 2026 has dates from October 2025 to January 2026, not the whole year 1 April 2025 to 31 March 2026: s47_in_year, icpc_in_year and their rates not computed from it; icpc_15_days_pct only over the events it has in the year\"\n" {
			t.Errorf("own_partial_year issues:\n%s", got)
		}
	})

	// An earlier workbook of the same year (run in October: List 3 to
	// then) overlaps the later one; List 3 is read from the later only, so
	// no referral is counted twice, and the earlier is reported.
	t.Run("two workbooks of a year", func(t *testing.T) {
		work := t.TempDir()
		october := filepath.Join(work, "Annex_A_2025-26_October.xlsx")
		early := listSheet{name: "List 3", header: sheets[0].header}
		for _, r := range sheets[0].rows {
			if r[5].(time.Time).Before(d("2025-11-01")) {
				early.rows = append(early.rows, r)
			}
		}
		saveWorkbook(t, october, []listSheet{early})
		cfg := runWithKey(t, work, "inputs: ["+annex+", "+october+"]\nhome_la: \"806\"\n")
		if got := queryCSV(t, cfg, `SELECT indicator_id, value, numerator, denominator, regexp_extract(source_files, '[^/]*$') AS file
			FROM stage.own_indicator_value WHERE indicator_id IN ('cin_referrals_in_year', 'rereferral_pct') ORDER BY 1`); got != "indicator_id,value,numerator,denominator,file\n"+
			"cin_referrals_in_year,4,4,,Annex_A_2025-26.xlsx\nrereferral_pct,50,2,4,Annex_A_2025-26.xlsx\n" {
			t.Errorf("referrals with two workbooks:\n%s", got)
		}
		if got := queryCSV(t, cfg, `SELECT regexp_extract(file, '[^/]*$') AS file, sheet, message FROM meta.issue WHERE rule = 'own_source'`); got != "file,sheet,message\n"+
			"Annex_A_2025-26_October.xlsx,List 3,\"Annex A List 3 of LA 806 for 2026 is read from Annex_A_2025-26.xlsx, whose dates reach later; this workbook's List 3 is not used for the own figures\"\n" {
			t.Errorf("own_source issues:\n%s", got)
		}
	})

	// With the year's CIN census loaded too, the census gives the CIN
	// figures (re-referrals 25.0, as in the provisional golden case) and
	// the Annex A set aside is reported.
	t.Run("census first", func(t *testing.T) {
		census := filepath.Join(golden, "returns", "CIN_Census_2026.xml")
		// The census's latest event is in February: as_at says it is the
		// year's final return.
		cfg := runWithKey(t, t.TempDir(), "inputs: ["+annex+", "+census+"]\nhome_la: \"806\"\ncollection_year: 2026\nas_at: 2026-03-31\n")
		if got := queryCSV(t, cfg, `SELECT value, regexp_extract(source_files, '[^/]*$') AS file FROM stage.own_indicator_value
			WHERE indicator_id = 'rereferral_pct'`); got != "value,file\n25,CIN_Census_2026.xml\n" {
			t.Errorf("rereferral_pct with a census: %s", got)
		}
		if got := queryCSV(t, cfg, `SELECT rule, message FROM meta.issue WHERE rule IN ('own_source', 'own_partial_year')`); got != "rule,message\n"+
			"own_source,the CIN figures of LA 806 for 2026 come from its CIN census; the Annex A of that year is not used for them\n" {
			t.Errorf("issues:\n%s", got)
		}
	})
}

// TestRealAnnexAOwnFigures: the real Annex A sample is named for January
// 2024 (collection year 2024) but its events are from 2019 to 2021. No
// figure is made from it, and each list used says why rather than the
// figures silently missing.
func TestRealAnnexAOwnFigures(t *testing.T) {
	data := requireSharedData(t)
	cfg := runWithKey(t, t.TempDir(), "inputs: ["+filepath.Join(data, "returns/annex_a")+"]\nhome_la: Trafford\n")
	if got := queryCSV(t, cfg, `SELECT count(*) AS n FROM stage.own_indicator_value`); got != "n\n0\n" {
		t.Errorf("own figures from an Annex A with no event in its year: %s", got)
	}
	got := queryCSV(t, cfg, `SELECT sheet, message FROM meta.issue WHERE rule = 'own_partial_year' ORDER BY sheet`)
	want := "sheet,message\n" +
		"List 3 (referrals),\"Annex A List 3 (referrals) of LA 358 for 2024 has dates from September 2020 to September 2020, not the whole year 1 April 2023 to 31 March 2024: cin_referrals_in_year not computed from it; rereferral_pct only over the events it has in the year\"\n" +
		"List 4 (assessments),\"Annex A List 4 (assessments) of LA 358 for 2024 has dates from May 2019 to February 2021, not the whole year 1 April 2023 to 31 March 2024; assessments_45_days_pct only over the events it has in the year\"\n" +
		"List 5 (S47 enquiries),\"Annex A List 5 (S47 enquiries) of LA 358 for 2024 has dates from September 2020 to October 2020, not the whole year 1 April 2023 to 31 March 2024: s47_in_year, icpc_in_year and their rates not computed from it; icpc_15_days_pct only over the events it has in the year\"\n" +
		"List 6 (children in need),\"Annex A List 6 (children in need) of LA 358 for 2024 has dates from November 2006 to March 2021, not the whole year 1 April 2023 to 31 March 2024: cin_at_31_march and cin_rate_per_10k not computed from it\"\n" +
		"List 7 (child protection plans),\"Annex A List 7 (child protection plans) of LA 358 for 2024 has dates from June 2019 to March 2021, not the whole year 1 April 2023 to 31 March 2024: cpp_at_31_march, cpp_rate_per_10k and cpp_2_years_pct not computed from it; cpp_subsequent_pct and cpp_initial_*_pct only over the events it has in the year\"\n"
	if got != want {
		t.Errorf("own_partial_year issues:\n%s\nwant:\n%s", got, want)
	}
}

// listSheet is one Annex A list: its sheet name, header and rows (dates as
// time.Time, written as Excel dates).
type listSheet struct {
	name   string
	header []string
	rows   [][]any
}

// saveWorkbook writes the lists as an xlsx workbook at path.
func saveWorkbook(t *testing.T, path string, sheets []listSheet) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sheets {
		if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		header := make([]any, len(s.header))
		for i, h := range s.header {
			header[i] = h
		}
		for r, cells := range append([][]any{header}, s.rows...) {
			for c, v := range cells {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(s.name, ref, v); err != nil {
					t.Fatal(err)
				}
				if _, ok := v.(time.Time); ok {
					if err := f.SetCellStyle(s.name, ref, ref, date); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}
