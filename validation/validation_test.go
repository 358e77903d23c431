package validation

import (
	"strings"
	"testing"

	models "github.com/yardstick-etl/yardstick/sql"
)

func TestParse(t *testing.T) {
	const file = `-- a file comment
-- rule: 8630
-- table: cin_episode
-- fields: CINreferralDate, CINclosureDate
-- message: The episode closes
-- message: before its referral.
SELECT 1
FROM t;

-- rule: 8545Q
-- type: query
-- source: DfE
-- level: row
-- years: 2024-
-- table: cin_child
-- fields: PersonDeathDate
-- message: Death outside the year.
SELECT 2 -- a comment in the SQL
`
	rules, err := Parse("cin_census", "test.sql", file)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 {
		t.Fatalf("%d rules", len(rules))
	}
	r := rules[0]
	if r.Code != "8630" || r.Type != "error" || r.Source != "DfE" || r.Level != "row" || r.Table != "cin_episode" ||
		strings.Join(r.Fields, "|") != "CINreferralDate|CINclosureDate" || r.Message != "The episode closes before its referral." ||
		r.SQL != "SELECT 1\nFROM t" || r.FromYear != 0 || r.ToYear != 0 {
		t.Errorf("rule 1: %+v", r)
	}
	if r := rules[1]; r.Code != "8545Q" || r.Type != "query" || r.FromYear != 2024 || r.ToYear != 0 || r.SQL != "SELECT 2 -- a comment in the SQL" {
		t.Errorf("rule 2: %+v", r)
	}
	var sql string
	for _, r := range rules {
		sql += r.Record() + r.Statement()
	}
	for _, want := range []string{"WHERE least(greatest(failing.collection_year, 2023), 2026) >= 2024;", "'The episode closes before its referral.' || coalesce(' (' || failing.detail || ')', '')",
		"INSERT INTO ref.validation_rule VALUES\n('cin_census', '8545Q', 'DfE', 'query', 'row', 'cin_child', 'PersonDeathDate', 2024, NULL,"} {
		if !strings.Contains(sql, want) {
			t.Errorf("compiled SQL lacks %q:\n%s", want, sql)
		}
	}
}

// TestFieldRule: a field rule selects the rows whose field broke its rule
// as read, skips part-year returns when it is about 31 March, and removes
// the meta.issue rows it says instead.
func TestFieldRule(t *testing.T) {
	rules, err := Parse("ssda903", "f.sql", "-- rule: 103\n-- table: cla_child\n-- fields: ETHNIC\n-- issue: invalid_code, missing_value\n-- year_end: true\n-- message: No valid ETHNIC.\n")
	if err != nil {
		t.Fatal(err)
	}
	r := rules[0]
	for _, want := range []string{"FROM stage.cla_child", "contains(faults, '|ETHNIC:invalid_code|') OR contains(faults, '|ETHNIC:missing_value|')"} {
		if !strings.Contains(r.Select(), want) {
			t.Errorf("SELECT lacks %q:\n%s", want, r.Select())
		}
	}
	if want := "a.kind = 'ssda903' AND a.part_year"; !strings.Contains(r.Statement(), want) {
		t.Errorf("statement lacks %q:\n%s", want, r.Statement())
	}
	if want := "DELETE FROM meta.issue i WHERE i.field IN ('ETHNIC') AND i.rule IN ('invalid_code', 'missing_value')"; !strings.HasPrefix(r.Replaced(), want) {
		t.Errorf("replaced: %s", r.Replaced())
	}
	if !strings.Contains(PartYear(rules), "'103', 'part_year'") {
		t.Errorf("part year: %s", PartYear(rules))
	}
}

func TestParseErrors(t *testing.T) {
	head := "-- rule: 1\n-- table: t\n-- fields: F\n-- message: m\n"
	tests := []struct{ name, file, want string }{
		{"unknown key", "-- rule: 1\n-- tabel: t\nSELECT 1", `unknown key "tabel"`},
		{"no table", "-- rule: 1\n-- fields: F\n-- message: m\nSELECT 1", "no table"},
		{"no fields", "-- rule: 1\n-- table: t\n-- message: m\nSELECT 1", "no fields"},
		{"no message", "-- rule: 1\n-- table: t\n-- fields: F\nSELECT 1", "no message"},
		{"no SELECT", head, "no SELECT"},
		{"bad type", "-- rule: 1\n-- type: warning\n-- table: t\n-- fields: F\n-- message: m\nSELECT 1", `type "warning"`},
		{"bad years", "-- rule: 1\n-- years: 24-25\n-- table: t\n-- fields: F\n-- message: m\nSELECT 1", `years "24-25"`},
		{"two statements", head + "SELECT 1; SELECT 2", "one SELECT per rule"},
		{"twice", head + "SELECT 1\n" + head + "SELECT 2", "rule 1 is defined twice"},
		{"bad code", "-- rule: 8 5\n-- table: t\n-- fields: F\n-- message: m\nSELECT 1", `code "8 5"`},
		{"bad issue", head + "-- issue: wrong_value\n", `issue "wrong_value"`},
		{"a field rule with a SELECT", "-- rule: 1\n-- table: t\n-- fields: F\n-- issue: invalid_code\n-- message: m\nSELECT 1", "has no SELECT"},
		{"bad needs", "-- rule: 1\n-- needs: a_crystal_ball\n-- table: t\n-- fields: F\n-- message: m\nSELECT 1", `needs "a_crystal_ball"`},
		{"bad year_end", "-- rule: 1\n-- year_end: yes\n-- table: t\n-- fields: F\n-- message: m\nSELECT 1", `year_end "yes"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("r", "f.sql", tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestRuleFiles: the embedded rule files parse, and every rule names its
// table's stage table and a message that ends its sentence.
func TestRuleFiles(t *testing.T) {
	names, err := models.ValidationFiles()
	if err != nil || len(names) < 2 {
		t.Fatalf("rule files %v: %v", names, err)
	}
	if _, err := Files(); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			text, err := models.Read(name)
			if err != nil {
				t.Fatal(err)
			}
			rules, err := File(name, text)
			if err != nil {
				t.Fatal(err)
			}
			if len(rules) == 0 {
				t.Errorf("no rules")
			}
			for _, r := range rules {
				// a rule reads its table, or a temporary table the build
				// derives from it (cla_episode_seq, cla_episode_carried)
				if !strings.Contains(r.Select(), "stage."+r.Table) && !strings.Contains(r.Select(), " "+r.Table+"_") {
					t.Errorf("rule %s: table %s is not in its SELECT", r.Code, r.Table)
				}
				if !strings.HasSuffix(r.Message, ".") {
					t.Errorf("rule %s: message %q", r.Code, r.Message)
				}
			}
		})
	}
}
