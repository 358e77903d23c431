package pipeline

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
)

// returnsRun publishes a warehouse from the real synthetic returns
// (SSDA903 CSV and XML, CIN census, Annex A) and returns its config and log.
func returnsRun(t *testing.T) (*Config, string) {
	t.Helper()
	data := requireSharedData(t)
	cfg, sum, log := runLogged(t, t.TempDir(), "inputs:\n  - "+filepath.Join(data, "returns")+"\nhome_la: Trafford\ncollection_year: 2019\n")
	if sum.Rejected != 0 {
		t.Fatalf("rejected inputs: %+v", sum.Inputs)
	}
	return cfg, log
}

// runLogged writes conf, with a new pseudonymisation key, as dir's
// yardstick.yaml, runs it and returns the run's JSON log beside the summary.
func runLogged(t *testing.T, dir, conf string) (*Config, *Summary, string) {
	t.Helper()
	if err := pseudonym.NewKeyFile(filepath.Join(dir, "council.key")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "yardstick.yaml")
	if err := os.WriteFile(p, []byte(conf+"pseudonymisation: {key_file: council.key}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	sum, err := Run(context.Background(), cfg, Options{Log: slog.New(slog.NewJSONHandler(&log, nil))})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	return cfg, sum, log.String()
}

func TestRealReturns(t *testing.T) {
	cfg, _ := returnsRun(t)
	t.Run("rows per stage table", func(t *testing.T) {
		// CSV rows plus the XML export's elements (see sources/ssda903 tests).
		got := queryCSV(t, cfg, `SELECT 'cla_child', count(*) FROM stage.cla_child UNION ALL
			SELECT 'cla_episode', count(*) FROM stage.cla_episode UNION ALL
			SELECT 'cla_review', count(*) FROM stage.cla_review UNION ALL
			SELECT 'cin_child', count(*) FROM stage.cin_child UNION ALL
			SELECT 'cin_episode', count(*) FROM stage.cin_episode UNION ALL
			SELECT 'annex_a_list_8', count(*) FROM stage.annex_a_list_8 ORDER BY 1`)
		want := "'cla_child',count_star()\nannex_a_list_8,5\ncin_child,337\ncin_episode,407\ncla_child,2928\ncla_episode,5509\ncla_review,13788\n"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("meta.input_file says where LA and year came from", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT note FROM meta.input_file WHERE path LIKE '%episodes.csv' OR path LIKE '%fake_CIN_data.xml' ORDER BY path`)
		for _, want := range []string{"collection year 2022 from the header's ReferenceDate; LA 358 from config home_la",
			"collection year 2019 from config collection_year; LA 358 from config home_la"} {
			if !strings.Contains(got, want) {
				t.Errorf("notes %q lack %q", got, want)
			}
		}
	})
	t.Run("cross-row checks", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT rule_code, count(*) FROM meta.validation WHERE rule_code IN
			('356', '501', 'born_after_start', 'duplicate_child') GROUP BY ALL ORDER BY ALL`)
		if !strings.Contains(got, "\n501,") {
			t.Errorf("no overlapping episodes (rule 501) in the fake returns:\n%s", got)
		}
		// meta.issue is for cells; rule failures are validation rows only
		if n := queryCSV(t, cfg, `SELECT count(*) FROM meta.issue WHERE rule SIMILAR TO '[0-9]+Q?'`); n != "count_star()\n0\n" {
			t.Errorf("rule codes in meta.issue: %s", n)
		}
	})
	t.Run("UASC and UPN issuing LA", func(t *testing.T) {
		// counted by hand from the files: fake_903.xml has 253 children,
		// 241 with <UASC /> (105; the other 12 give 1, and the 10 DUCs
		// are theirs: no 303); fake_CIN_data.xml has 9 UPNs of the right
		// shape and check letter whose characters 2-4 are no issuing LA
		// (1530)
		got := queryCSV(t, cfg, `SELECT rule_code, regexp_extract(source_file, '[^/]+$') AS f, count(*) AS n FROM meta.validation
			WHERE rule_code IN ('105', '303', '1530') GROUP BY ALL ORDER BY ALL`)
		if want := "rule_code,f,n\n105,fake_903.xml,241\n1530,fake_CIN_data.xml,9\n"; got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("CIN census rules at the right rows", func(t *testing.T) {
		// Checked by hand against the XML. BAR_cin_2022.xml (2021-22): born
		// 1966 and expected 1066 (both given: 8525), died 1980 (8545Q);
		// referral 1970-10-06 (over 24 years before: 8606), closed
		// 1971-02-27 (8620); assessment 1970-06-03 (before the referral:
		// 1103) authorised 1971-07-18 (after the closure: 8565, as is the
		// CP plan's end 1971-03-14); S47 1970-02-02 (2889) with its
		// conference 1970-02-11 (1104); CP plan 1970-02-17 (1105), CIN plan
		// 1971-01-24 starting within it (4016); the plan's end, the
		// authorisation and the S47's conference are all outside the
		// census year (4013, 8696, 8715), the CP plan's end 1971-03-14
		// too (8930). CIN_Census_2024/2026.xml
		// (2023-24, Year 2023: header_year): child 1's referral 2022-10-06,
		// and its other dates before the census year too: CIN plan end
		// 2023-01-26 (4013), authorisation 2020-09-19 (8696), conference
		// 2022-06-17 (8715);
		// closed 2023-02-27 (8620), assessment 2028-04-28 (after the
		// closure, as the CP plan's end 2023-03-14, itself before the
		// census year: 8565, 8930) authorised
		// 2020-09-19 (8608), CIN plan 2023-01-24 starting within the CP
		// plan 2022-02-17 (1105) to 2023-03-14 (4016), S47 2022-06-02
		// (2889) and its conference 2022-06-17 (1104); child 2's referral
		// 2024-10-24 (8600) closed 2024-10-29 (8620), assessment 2023-12-25
		// (1103). Every child 1 gives a UPN and UPNunknown UN3, and a UPN
		// and FormerUPN with wrong check letters (1510). Each census uses
		// fewer than 8 disability codes (2887Q, on the LA). Checked by hand
		// too: BAR's expected birth in 1066 is outside the range (8530Q);
		// in the 2023-24 census (both files: ReferenceDate 31 March 2024)
		// neither child gives GenderCurrent (4180 reads Sex only from
		// 2024-25), so both children, all of the census's, have no sex
		// recorded (2886Q, on the LA);
		// child 1's factor RB is not a factor code (8617); child 2's
		// assessment, authorised 27 January 2024 in the census year, has
		// no factor (8897).
		got := queryCSV(t, cfg, `SELECT regexp_extract(source_file, '[^/]+$') AS f, source_row,
			string_agg(rule_code, ' ' ORDER BY rule_code) AS rules
			FROM meta.validation WHERE "return" = 'cin_census' AND source_file NOT LIKE '%fake_CIN_data.xml' GROUP BY ALL ORDER BY ALL`)
		want := `f,source_row,rules
BAR_cin_2022.xml,1,1103 1104 1105 1510 2889 4013 4016 8525 8530Q 8545Q 8565 8606 8620 8696 8715 8930 former_upn upn_and_unknown_reason
BAR_cin_2022.xml,,2887Q
CIN_Census_2024.xml,0,header_year
CIN_Census_2024.xml,1,1104 1105 1510 2889 4013 4016 4180 8565 8608 8617 8620 8696 8715 8930 former_upn upn_and_unknown_reason
CIN_Census_2024.xml,2,1103 4180 8600 8620 8897
CIN_Census_2024.xml,,2886Q 2887Q
CIN_Census_2026.xml,0,header_year
CIN_Census_2026.xml,1,1104 1105 1510 2889 4013 4016 4180 8565 8608 8617 8620 8696 8715 8930 former_upn upn_and_unknown_reason
CIN_Census_2026.xml,2,1103 4180 8600 8620 8897
CIN_Census_2026.xml,,2886Q 2887Q
`
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
		// fake_CIN_data.xml: dated 21 July 2022 (100); 320 of its 332 UPNs
		// have wrong check letters (1510).
		got = queryCSV(t, cfg, `SELECT rule_code, count(*) FROM meta.validation
			WHERE source_file LIKE '%fake_CIN_data.xml' AND rule_code IN ('100', '1510') GROUP BY ALL ORDER BY ALL`)
		if want := "rule_code,count_star()\n100,1\n1510,320\n"; got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
		// no identifier or date of birth in a message: they are built from
		// the rule's words, row and episode numbers and the header's dates
		if n := queryCSV(t, cfg, `SELECT count(*) FROM meta.validation WHERE regexp_matches(message, 'DfEX|child_fails|19[0-9][0-9]-')`); n != "count_star()\n0\n" {
			t.Errorf("messages quoting the return: %s", n)
		}
	})
	t.Run("SSDA903 episode ends", func(t *testing.T) {
		// Checked with a Python script over episodes.csv: 1,413 rows give a
		// REC with no DEC (1,060 of them X1), none a DEC with no REC, 8 X1
		// episodes (rows below) have no later episode for the child, and
		// row 4126 ends with E16 on 21/09/2017, the day the child's next
		// episode (a respite break) starts: DfE's 388 wants X1 there.
		got := queryCSV(t, cfg, `SELECT rule_code, count(*) AS n,
			string_agg(source_row::VARCHAR, ' ' ORDER BY source_row) FILTER (WHERE rule_code = '388') AS "rows"
			FROM meta.validation WHERE rule_code IN ('148', '388') AND source_file LIKE '%episodes.csv'
			GROUP BY ALL ORDER BY ALL`)
		want := "rule_code,n,rows\n148,1413,\n388,9,515 540 1398 1587 1958 2103 2749 3042 4126\n"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("dates before any child was born", func(t *testing.T) {
		// BAR_cin_2022.xml's 17 dates other than the birth date fall in
		// 1966-1980: each is reported at its cell, and none is blamed on the
		// bank-holiday calendar (the 2024 census's 2028 dates still are).
		got := queryCSV(t, cfg, `SELECT rule, regexp_extract(coalesce(file, ''), '[^/]+$') AS f, count(*) AS n,
			bool_and(coalesce(message, '') NOT LIKE '%2022 census%') AS not_2022
			FROM meta.issue WHERE rule IN ('implausible_date', 'own_calendar') GROUP BY ALL ORDER BY ALL`)
		if want := "rule,f,n,not_2022\nimplausible_date,BAR_cin_2022.xml,17,true\nown_calendar,,1,true\n"; got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("ref.code labels the codes", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT e.place, r.meaning, count(*) AS n FROM stage.cla_episode e
			JOIN ref.code r ON r.code_set = 'PLACE' AND r.code = e.place WHERE e.place = 'K1' GROUP BY ALL`)
		if !strings.Contains(got, "K1,Secure children's home,") {
			t.Errorf("got %q", got)
		}
	})
}

// TestWrongColumnIdentifiers: identifiers a council put in the wrong
// columns of its return (UPNs in ETHNIC, a date of birth in SEX, a child ID
// in MOTHER's date of birth, an ID with an & in an XML export) reach no
// table, Parquet file, manifest, message or log line.
func TestWrongColumnIdentifiers(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "inputs")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	header := "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" +
		"566910,2,27/03/2008,D051910639385,D051910639385,,\n" + // UPN in ETHNIC
		"384923,14/07/2011,09/09/2011,WBRI,L034811502612,,\n" + // a date of birth in SEX
		"771245,1,03/05/2012,WBRI,,RND000471630058,\n" + // a child ID in MOTHER (a flag)
		"771246,1,03/05/2012,L034811502612,,,RND000471630058\n" // a UPN in ETHNIC, an ID in MC_DOB
	if err := os.WriteFile(filepath.Join(in, "SSDA903_2024-25_header.csv"), []byte(header), 0o644); err != nil {
		t.Fatal(err)
	}
	cin := `<?xml version="1.0" encoding="utf-8"?><Message><Header><Collection>CIN</Collection></Header>
<Children><Child><ChildIdentifiers><LAchildID>X&RND000471630058</LAchildID></ChildIdentifiers></Child></Children></Message>`
	if err := os.WriteFile(filepath.Join(in, "CIN_Census_2025.xml"), []byte(cin), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, sum, log := runLogged(t, dir, "inputs: [inputs]\nhome_la: \"358\"\n")
	// the XML is rejected, with a reason that names the line, not the ID
	var reason string
	for _, in := range sum.Inputs {
		if strings.HasSuffix(in.Path, ".xml") {
			reason = in.Reason
		}
	}
	if !strings.Contains(reason, "line 2: not well-formed XML: an & that does not start a character entity") {
		t.Errorf("XML rejected with %q", reason)
	}
	got := queryCSV(t, cfg, `SELECT sex, ethnic, upn IS NOT NULL AS has_upn FROM stage.cla_child ORDER BY source_row`)
	if want := "sex,ethnic,has_upn\n2,,true\n,WBRI,true\n1,WBRI,false\n1,,false\n"; got != want {
		t.Errorf("stage.cla_child:\n%s\nwant\n%s", got, want)
	}
	assertNoSecrets(t, cfg, log, map[string]bool{
		"D051910639385": true, "L034811502612": true, "RND000471630058": true, "14/07/2011": true, "27/03/2008": true, "09/09/2011": true,
	})
}

// TestNoIdentifiersAnywhere: no child ID, UPN, full date of birth or full
// postcode from the returns is in any table of the warehouse, any Parquet
// file or manifest of the lake, or the run's log.
func TestNoIdentifiersAnywhere(t *testing.T) {
	data := requireSharedData(t)
	cfg, log := returnsRun(t)
	secrets := identifiers(t, data)
	if len(secrets) < 5000 {
		t.Fatalf("only %d identifiers collected from the inputs", len(secrets))
	}
	assertNoSecrets(t, cfg, log, secrets)
}

// assertNoSecrets fails when any of secrets (raw identifiers of the inputs)
// is in the run's log, any table of the warehouse, or any Parquet file,
// manifest or history line of the lake.
func assertNoSecrets(t *testing.T, cfg *Config, log string, secrets map[string]bool) {
	t.Helper()
	check := func(where, text string) {
		for _, tok := range tokenRe.FindAllString(text, -1) {
			if secrets[tok] {
				t.Fatalf("%s contains an identifier from the inputs (synthetic test data: %q)", where, tok)
			}
		}
	}
	// The log's string values (its numbers are counts and rates).
	for _, line := range strings.Split(log, "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil {
			continue
		}
		for k, v := range rec {
			if s, ok := v.(string); ok {
				check("the run log's "+k, s)
			}
		}
	}

	// Every value of every table of the warehouse, as text.
	db := openDuck(t, cfg.Abs(cfg.Warehouse)+"?access_mode=read_only")
	tables := column(t, db, `SELECT table_schema || '.' || table_name FROM information_schema.tables`)
	for _, tbl := range tables {
		for _, row := range textValues(t, db, tbl) {
			check(tbl, row)
		}
	}
	// The lake: Parquet through DuckDB, manifests and history as text.
	lake := cfg.Abs(cfg.Lake)
	mem := openDuck(t, "")
	err := filepath.WalkDir(lake, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".parquet") {
			for _, row := range textValues(t, mem, fmt.Sprintf("read_parquet('%s')", p)) {
				check(p, row)
			}
			return nil
		}
		b, err := os.ReadFile(p)
		check(p, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tokenRe splits text into the shapes identifiers take: IDs, UPNs, dates
// written dd/mm/yyyy or yyyy-mm-dd, postcodes with their space.
var tokenRe = regexp.MustCompile(`[A-Za-z0-9]+(?:[/-][0-9]+[/-][0-9]+)?(?: [0-9][A-Z]{2})?`)

// identifiers collects the raw identifiers of the inputs: 903 CHILD, UPN,
// DOB, postcodes; CIN LAchildID, UPN, PersonBirthDate; Annex A child IDs.
// Short IDs (under 5 characters) are left out: they collide with counts.
// So are dates of birth on the 1st of a month, which the month they are kept
// to cannot tell apart from.
func identifiers(t *testing.T, data string) map[string]bool {
	out := map[string]bool{}
	firstOfMonth := regexp.MustCompile(`^(01/\d\d/\d{4}|\d{4}-\d\d-01)$`)
	add := func(v string) {
		if v = strings.TrimSpace(v); len(v) >= 5 && !firstOfMonth.MatchString(v) {
			out[v] = true
		}
	}
	ssda := filepath.Join(data, "returns/ssda903")
	for _, f := range []string{"header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc3.csv", "missing.csv"} {
		fh, err := os.Open(filepath.Join(ssda, f))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			for i, h := range rows[0] {
				switch h {
				case "CHILD", "UPN", "DOB", "HOME_POST", "PL_POST":
					add(r[i])
				}
			}
		}
	}
	el := regexp.MustCompile(`<(CHILDID|UPN|DOB|HOME_POST|PL_POST|LAchildID|FormerUPN|PersonBirthDate)>([^<]+)<`)
	for _, f := range []string{"returns/ssda903/fake_903.xml", "returns/cin_census/fake_CIN_data.xml", "returns/cin_census/CIN_Census_2026.xml"} {
		b, err := os.ReadFile(filepath.Join(data, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range el.FindAllStringSubmatch(string(b), -1) {
			add(m[2])
		}
	}
	return out
}

func openDuck(t *testing.T, dsn string) *sql.DB {
	c, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return db
}

// textValues returns the text values and the dates of birth of a table, row
// by row: where an identifier or a date of birth could be. Numbers (counts,
// scores, rates) and event dates may equal a short ID or someone's birthday
// by chance.
func textValues(t *testing.T, db *sql.DB, from string) []string {
	var cols []string
	for _, c := range column(t, db, "DESCRIBE SELECT * FROM "+from) {
		f := strings.Split(c, "\t")
		if f[1] == "VARCHAR" || (f[1] == "DATE" && (strings.Contains(f[0], "dob") || strings.Contains(f[0], "birth"))) {
			cols = append(cols, `"`+f[0]+`"::VARCHAR`)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	return column(t, db, "SELECT "+strings.Join(cols, ", ")+" FROM "+from)
}

// column returns each row of q with its columns joined by tabs.
func column(t *testing.T, db *sql.DB, q string) []string {
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = v.String
		}
		out = append(out, strings.Join(parts, "\t"))
	}
	return out
}

// TestReturnsNeedAKey: a run with child-level inputs and no key fails before
// anything is staged, and says how to give one.
func TestReturnsNeedAKey(t *testing.T) {
	data := requireSharedData(t)
	t.Setenv(pseudonym.EnvVar, "")
	dir := t.TempDir()
	p := filepath.Join(dir, "yardstick.yaml")
	os.WriteFile(p, []byte("inputs:\n  - "+filepath.Join(data, "returns/ssda903")+"\nhome_la: '358'\ncollection_year: 2019\n"), 0o644)
	cfg, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), cfg, Options{})
	if err == nil || !strings.Contains(err.Error(), "pseudonymisation.key_file") || !strings.Contains(err.Error(), pseudonym.EnvVar) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "lake", "cla_episode")); !os.IsNotExist(err) {
		t.Error("nothing should be staged without a key")
	}
}
