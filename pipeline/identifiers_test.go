package pipeline

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
)

// planted are identifiers a council put where they do not belong: a
// UPN-shaped value, a name, a full postcode and a full date of birth, in
// the forms they could be written or stored.
var planted = []string{"K100000000006", "Jane Smith", "SW1A 1AA", "SW1A1AA", "14/03/2015", "2015-03-14", "14032015"}

// TestNoIdentifierThroughFreeText: identifiers typed into columns of free
// text, codes, URNs, LA codes and partial dates, into sheet names and into
// a census's LEA, reach neither the warehouse, the lake nor the log. Every
// text of the warehouse and every lake file is read back through DuckDB
// (Parquet is compressed, so its bytes would prove nothing).
func TestNoIdentifierThroughFreeText(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "returns")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	// SSDA903 tables in a zip, so its members are unzipped for the run.
	zipEntries(t, filepath.Join(in, "SSDA903_2024-25.zip"), []zipEntry{
		{"header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" +
			"1001,1,01/05/2012,WBRI,UN1,,\n"},
		{"episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n" +
			"1001,01/06/2024,S,C2,N1,U1,PR1,,,,M33 7XX,M33 7XX,K100000000006\n"},
		{"previous_permanence.csv", "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n" +
			"1001,01/05/2012,P1,Jane Smith,14/03/2015\n"},
	})
	census := `<?xml version="1.0" encoding="UTF-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>
<Source><LEA>K100000000006</LEA></Source></Header>
<Children><Child><ChildIdentifiers><LAchildID>2002</LAchildID><UPNunknown>UN1</UPNunknown><PersonBirthDate>2015-03-14</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
<PreProceedingsandFGDM><PPStartDate>2024-07-01</PPStartDate><PPOutcome>SW1A 1AA</PPOutcome></PreProceedingsandFGDM>
</CINdetails></Child></Children></Message>`
	if err := os.WriteFile(filepath.Join(in, "CIN_Census_2025.xml"), []byte(census), 0o644); err != nil {
		t.Fatal(err)
	}
	// Annex A: List 1 on a sheet named with a UPN, List 3 with a name as
	// its team and List 8 with one as its placement's URN.
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "K100000000006")
	x.SetSheetRow("K100000000006", "A1", &[]any{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact", "Contact Source"})
	x.SetSheetRow("K100000000006", "A2", &[]any{"3003", "b) Female", "a) WBRI", "14/03/2015", "9", "01/02/2025", "q) 6: Police"})
	x.NewSheet("List 3")
	x.SetSheetRow("List 3", "A1", &[]any{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Referral", "Allocated Team"})
	x.SetSheetRow("List 3", "A2", &[]any{"3003", "b) Female", "a) WBRI", "14/03/2015", "9", "02/02/2025", "Jane Smith"})
	x.NewSheet("Jane Smith")
	x.SetSheetRow("Jane Smith", "A1", &[]any{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date Started to be Looked After", "URN of Placement", "Placement Location", "LA of Placement"})
	x.SetSheetRow("Jane Smith", "A2", &[]any{"3003", "b) Female", "a) WBRI", "14/03/2015", "9", "03/02/2025", "SW1A 1AA", "Jane Smith", "14/03/2015"})
	if err := x.SaveAs(filepath.Join(in, "Annex_A_2025.xlsx")); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cfg := keyedConfig(t, dir, "inputs: [returns]\nhome_la: \"358\"\ncollection_year: 2025\nas_at: 2025-03-31\n")
	sum, err := Run(context.Background(), cfg, Options{Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	loaded := 0
	for _, in := range sum.Inputs {
		if in.Status == "loaded" {
			loaded++
		}
	}
	if loaded < 5 { // the zip, its three members, the census and the workbook
		for _, in := range sum.Inputs {
			t.Logf("%s %s %s", in.Path, in.Status, in.Reason)
		}
		t.Fatalf("%d inputs loaded; the hostile values should cost cells, not files", loaded)
	}
	for _, p := range planted {
		if strings.Contains(logs.String(), p) {
			t.Errorf("the log holds a planted identifier (%d characters)", len(p))
		}
	}

	db, err := sql.Open("duckdb", cfg.Abs(cfg.Warehouse)+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	found := func(what, from string) {
		t.Helper()
		for _, p := range planted {
			var n int
			q := "SELECT count(*) FROM " + from + " AS r WHERE contains(CAST(r AS VARCHAR), ?)"
			if err := db.QueryRow(q, p).Scan(&n); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if n > 0 {
				t.Errorf("%s holds a planted identifier (%d characters) in %d rows", what, len(p), n)
			}
		}
	}
	tables, err := db.Query("SELECT schema_name, table_name FROM duckdb_tables() UNION ALL SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal")
	if err != nil {
		t.Fatal(err)
	}
	var names [][2]string
	for tables.Next() {
		var s, n string
		tables.Scan(&s, &n)
		names = append(names, [2]string{s, n})
	}
	tables.Close()
	if len(names) < 20 {
		t.Fatalf("only %d tables and views to search", len(names))
	}
	for _, n := range names {
		found(n[0]+"."+n[1], `"`+n[0]+`"."`+n[1]+`"`)
	}
	// The stage tables the values were typed into are there, with the
	// values that had a shape kept and the others NULL.
	var urn, laPerm, datePerm, pp sql.NullString
	db.QueryRow("SELECT any_value(urn) FROM stage.cla_episode").Scan(&urn)
	db.QueryRow("SELECT any_value(la_perm), any_value(date_perm) FROM stage.cla_previous_permanence").Scan(&laPerm, &datePerm)
	db.QueryRow("SELECT any_value(pp_outcome) FROM stage.cin_pre_proceedings").Scan(&pp)
	if urn.Valid || laPerm.Valid || pp.Valid || datePerm.String != "2015-03" {
		t.Errorf("urn %v, la_perm %v, date_perm %v, pp_outcome %v: want NULL, NULL, 2015-03, NULL", urn, laPerm, datePerm, pp)
	}
	var sheets string
	db.QueryRow("SELECT string_agg(DISTINCT source_sheet, ',' ORDER BY source_sheet) FROM (SELECT source_sheet FROM stage.annex_a_list_1 UNION ALL SELECT source_sheet FROM stage.annex_a_list_3 UNION ALL SELECT source_sheet FROM stage.annex_a_list_8)").Scan(&sheets)
	if sheets != "List 3,sheet 1,sheet 3" {
		t.Errorf("source_sheet = %s; want List 3, sheet 1, sheet 3", sheets)
	}
	var shaped int
	db.QueryRow("SELECT count(*) FROM meta.issue WHERE rule IN ('invalid_urn', 'invalid_la_code', 'invalid_code', 'unknown_la')").Scan(&shaped)
	if shaped < 5 {
		t.Errorf("%d issues describe the values that do not fit their shape; want one per value", shaped)
	}

	// Every file of the lake, read back through DuckDB: Parquet by its
	// rows, anything else as text.
	lake := cfg.Abs(cfg.Lake)
	files := 0
	filepath.WalkDir(lake, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		quoted := "'" + strings.ReplaceAll(path, "'", "''") + "'"
		if strings.HasSuffix(path, ".parquet") {
			found("lake "+filepath.Base(path), "read_parquet("+quoted+")")
		} else {
			found("lake "+filepath.Base(path), "read_text("+quoted+")")
		}
		return nil
	})
	if files == 0 {
		t.Fatal("the lake is empty")
	}
	if _, err := os.Stat(filepath.Join(lake, ".unzipped")); err == nil {
		t.Error("the zip's members were unpacked under the lake")
	}
}

// zipEntry is a member of a zip a test writes.
type zipEntry struct{ name, content string }

// zipEntries writes a zip of the entries, in order (two may share a name).
func zipEntries(t *testing.T, path string, entries []zipEntry) {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// keyedConfig writes a config with a new pseudonymisation key beside it.
func keyedConfig(t *testing.T, dir, conf string) *Config {
	t.Helper()
	if err := pseudonym.NewKeyFile(filepath.Join(dir, "council.key")); err != nil {
		t.Fatal(err)
	}
	conf += "pseudonymisation: {key_file: council.key}\n"
	if err := os.WriteFile(filepath.Join(dir, "yardstick.yaml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
