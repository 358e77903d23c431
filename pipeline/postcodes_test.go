package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPostcodeDirectory: ONS's postcode directory among the inputs gives
// the SSDA903 episodes their PL_LA and PL_DISTANCE, from every file of it
// (here split by area, as ONS also ships it). It is read only when a
// return must be staged again; a changed directory re-derives the returns,
// and without one the fields are NULL again.
func TestPostcodeDirectory(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "inputs")
	write := func(name, content string) { t.Helper(); writeInput(t, in, name, content) }
	write("SSDA903_2024-25_header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1001,1,01/05/2012,WBRI,UN1,,\n")
	write("SSDA903_2024-25_episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"+
		"1001,01/05/2024,S,C2,N1,U1,PR1,,,,M32 0TH,M1 1AA,SC123456\n")
	header := "pcd,oscty,oslaua,oseast1m,osnrth1m\n"
	write("reference/multi_csv/ONSPD_NOV_2025_UK_M1.csv", header+"M1  1AA,E99999999,E08000003,384000,398000\n")
	write("reference/multi_csv/ONSPD_NOV_2025_UK_M32.csv", header+"M32 0TH,E99999999,E08000009,378000,396000\n")
	conf := "inputs: [inputs]\nhome_la: \"358\"\n"
	derived := func(cfg *Config) string {
		return queryCSV(t, cfg, "SELECT pl_la, pl_distance FROM stage.cla_episode")
	}
	status := func(cfg *Config) string {
		return queryCSV(t, cfg, `SELECT regexp_extract(path, '[^/]+$') AS f, source_kind, status, rows FROM meta.input_file
			WHERE path LIKE '%ONSPD%' OR path LIKE '%episodes%' ORDER BY 1`)
	}

	cfg := runWithKey(t, dir, conf)
	if got, want := derived(cfg), "pl_la,pl_distance\n352,3.9\n"; got != want {
		t.Errorf("first run: %s, want %s", got, want)
	}
	if got, want := status(cfg), "f,source_kind,status,rows\nONSPD_NOV_2025_UK_M1.csv,postcodes,loaded,1\nONSPD_NOV_2025_UK_M32.csv,postcodes,loaded,1\nSSDA903_2024-25_episodes.csv,ssda903,loaded,1\n"; got != want {
		t.Errorf("first run:\n%s\nwant\n%s", got, want)
	}

	// again: nothing to stage, so the directory is not read
	seen := 0
	for path, in := range inputsByPath(t, cfg) {
		if strings.HasPrefix(filepath.Base(path), "ONSPD_") || filepath.Base(path) == "SSDA903_2024-25_episodes.csv" {
			seen++
			if in.Status != "unchanged" {
				t.Errorf("again: %s is %s, want unchanged", path, in.Status)
			}
		}
	}

	if seen != 3 {
		t.Fatalf("again: %d of the three inputs in the summary", seen)
	}

	// a newer directory puts the placement's postcode in another LA
	write("reference/multi_csv/ONSPD_NOV_2025_UK_M1.csv", header+"M1  1AA,E99999999,E08000009,378000,406000\n")
	cfg = runWithKey(t, dir, conf)
	if got, want := derived(cfg), "pl_la,pl_distance\n358,6.2\n"; got != want {
		t.Errorf("a new directory: %s, want %s", got, want)
	}

	if err := os.RemoveAll(filepath.Join(in, "reference")); err != nil {
		t.Fatal(err)
	}
	cfg = runWithKey(t, dir, conf)
	if got, want := derived(cfg), "pl_la,pl_distance\n,\n"; got != want {
		t.Errorf("no directory: %s, want %s", got, want)
	}
}

// writeInput writes an input file at name (a path under dir, its folders
// made as needed).
func writeInput(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
