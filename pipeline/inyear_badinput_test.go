package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInYearBadInput: the in_year golden case's returns (806's SSDA903:
// 2023-24 complete, 2024-25 to 30 September 2024) with what a council will
// get wrong. Each is reported, and no part-year figure stands in for a year.
func TestInYearBadInput(t *testing.T) {
	t.Setenv("YARDSTICK_PSEUDO_KEY", "in-year-bad-input-test-key-not-a-secret")
	golden := "../testdata/benchmark/in_year/inputs/returns"
	episodes := func(t *testing.T, dir, span string, rows ...string) {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		head := "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
		if err := os.WriteFile(filepath.Join(dir, "SSDA903_"+span+"_episodes.csv"), []byte(head+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(t *testing.T, inputs string) *Config {
		t.Helper()
		work := t.TempDir()
		copyTree(t, golden, filepath.Join(work, "returns"))
		if err := os.WriteFile(filepath.Join(work, "yardstick.yaml"), []byte(inputs+"home_la: \"806\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(filepath.Join(work, "yardstick.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Run(context.Background(), cfg, Options{}); err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	issues := func(t *testing.T, cfg *Config, rule string) string {
		return queryCSV(t, cfg, `SELECT regexp_extract(coalesce(file, ''), '[^/]*$') AS file, message FROM meta.issue WHERE rule = '`+rule+`' ORDER BY ALL`)
	}

	t.Run("dates past the configured as_at", func(t *testing.T) {
		// 5001's return to care on 20 September is after an as_at of 31
		// August: said, and the file still read.
		cfg := run(t, "inputs:\n  - returns/2023-24\n  - {path: returns/2024-25, as_at: 2024-08-31}\n")
		if got, want := issues(t, cfg, "own_past_as_at"), "file,message\n"+
			"SSDA903_2024-25_episodes.csv,\"the SSDA903 episodes table of LA 806 for 2025 has dates up to 20 Sep 2024, after the as_at 31 Aug 2024 the config gives it; the file is still read: check the config's as_at or the extract\"\n"; got != want {
			t.Errorf("own_past_as_at:\n%s\nwant:\n%s", got, want)
		}
		if got := queryCSV(t, cfg, `SELECT max(month_end) AS last, any_value(as_at) AS as_at FROM mart.in_year`); got != "last,as_at\n2024-08-31,2024-08-31\n" {
			t.Errorf("in year up to the as_at: %s", got)
		}
	})

	t.Run("an earlier extract of the same year", func(t *testing.T) {
		// The July extract of 2024-25 (its last date 31 July) beside the
		// September one: the September one is used, the July one reported
		// as superseded, not an error.
		dir := t.TempDir()
		episodes(t, filepath.Join(dir, "july"), "2024-25",
			"5001,10/01/2024,P,C2,N1,U6,PR1,31/07/2024,E4A,,TS1 1AA,TS3 2BB,SC000502",
			"5003,01/02/2022,S,C1,N1,U1,PR1,,,,TS1 1AA,TS5 2BB,SC000504")
		cfg := run(t, "inputs:\n  - returns/2023-24\n  - {path: returns/2024-25, as_at: 2024-09-30}\n  - "+filepath.Join(dir, "july")+"\n")
		if got, want := issues(t, cfg, "own_superseded"), "file,message\n"+
			"SSDA903_2024-25_episodes.csv,\"the SSDA903 episodes table of LA 806 for 2025 reaches 31 Jul 2024; SSDA903_2024-25_episodes.csv reaches 30 Sep 2024, so that one is used for the own figures and this one is not (not an error: a later extract supersedes an earlier one)\"\n"; got != want {
			t.Errorf("own_superseded:\n%s\nwant:\n%s", got, want)
		}
		if got := queryCSV(t, cfg, `SELECT as_at_basis, count(*) AS n FROM meta.input_file WHERE as_at IS NOT NULL GROUP BY ALL ORDER BY ALL`); got != "as_at_basis,n\nconfig,2\ndata,2\nsuperseded,1\n" {
			t.Errorf("meta.input_file as_at_basis:\n%s", got)
		}
		// Nor do DfE's rules see the two extracts as duplicates of each other.
		if got := queryCSV(t, cfg, `SELECT rule_code, count(*) AS n FROM meta.validation GROUP BY ALL ORDER BY ALL`); got != "rule_code,n\n" {
			t.Errorf("validation failures from the superseded extract:\n%s", got)
		}
		// 5001's episode from 20 September is counted: the figures are the
		// golden case's.
		if got := queryCSV(t, cfg, `SELECT value FROM mart.in_year WHERE indicator_id = 'cla_at_31_march' AND month_end = '2024-09-30'`); got != "value\n2\n" {
			t.Errorf("looked after on 30 September 2024: %s", got)
		}
	})

	t.Run("no return for the year before a part-year one", func(t *testing.T) {
		// Only the part-year return: the 12 months to 30 September are not
		// made, never shown as the year, and the issue names the months.
		cfg := run(t, "inputs:\n  - {path: returns/2024-25, as_at: 2024-09-30}\n")
		if got, want := issues(t, cfg, "own_in_year_gap"), "file,message\n"+
			",\"the SSDA903 return of LA 806 for 2025 reaches only 30 September 2024 and no full return for 2024 is loaded: its 12-month figures need April 2023 to March 2024, so they are not made and no part-year figure stands in for the year; load the 2024 return\"\n"; got != want {
			t.Errorf("own_in_year_gap:\n%s\nwant:\n%s", got, want)
		}
		if got := queryCSV(t, cfg, `SELECT count(*) AS n FROM mart.in_year WHERE window_months = 12`); got != "n\n0\n" {
			t.Errorf("12-month figures made without the year before: %s", got)
		}
		if got := queryCSV(t, cfg, `SELECT indicator_id, value, as_at, basis FROM mart.provisional_position
			WHERE indicator_id IN ('cla_at_31_march', 'cla_started_in_year') ORDER BY 1`); got != "indicator_id,value,as_at,basis\ncla_at_31_march,2,2024-09-30,on 30 Sep 2024\n" {
			t.Errorf("provisional figures of the part-year return:\n%s", got)
		}
	})

	t.Run("a year missing between two returns", func(t *testing.T) {
		// 2022-23 and 2024-25 without 2023-24: no month end of 2023-24, and
		// the issue says which months are missing.
		dir := t.TempDir()
		episodes(t, filepath.Join(dir, "2022-23"), "2022-23",
			"5003,01/02/2022,S,C1,N1,U1,PR1,,,,TS1 1AA,TS5 2BB,SC000504",
			"5004,01/05/2022,S,C1,N1,U1,PR1,31/03/2023,E13,,TS1 1AA,TS5 2BB,SC000506")
		cfg := run(t, "inputs:\n  - "+filepath.Join(dir, "2022-23")+"\n  - {path: returns/2024-25, as_at: 2024-09-30}\n")
		got := issues(t, cfg, "own_in_year_gap")
		for _, want := range []string{
			"no SSDA903 return of LA 806 covers April 2023 to March 2024 (collection year 2024)",
			"the SSDA903 return of LA 806 for 2025 reaches only 30 September 2024 and no full return for 2024 is loaded",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("own_in_year_gap lacks %q:\n%s", want, got)
			}
		}
		if got := queryCSV(t, cfg, `SELECT count(*) AS n FROM mart.in_year WHERE month_end BETWEEN '2023-04-01' AND '2024-03-31'`); got != "n\n0\n" {
			t.Errorf("figures in the missing year: %s", got)
		}
	})
}
