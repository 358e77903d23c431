// Package validation runs DfE's validation rules for the child-level
// returns (the CIN census and SSDA903) over the stage tables. The rules are
// data: each return's rules are one SQL file in package sql
// (validate_<return>.sql), each rule a SELECT of the rows that break it with
// its metadata in comment lines above it. This package reads those files and
// turns each rule into the SQL that adds its failing rows to meta.validation
// and the rule to ref.validation_rule (sql/mart_validation_summary.sql
// counts them).
package validation

import (
	"bufio"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	models "github.com/yardstick-etl/yardstick/sql"
)

// Rule is one validation rule.
type Rule struct {
	Return   string   // cin_census or ssda903
	File     string   // the rule file it is in
	Code     string   // DfE's code (8630, 2887Q), or yardstick's own name for a check DfE does not number
	Source   string   // DfE or yardstick
	Type     string   // error, or query (DfE's Q rules)
	Level    string   // row (a failing row each) or la (one row per LA and year)
	Table    string   // the stage table the failing rows are in
	Fields   []string // the return's own field names the rule looks at
	FromYear int      // first collection year (the year the return ends) it applies to; 0: no limit
	ToYear   int      // last collection year; 0: no limit
	Message  string   // what is wrong, in yardstick's words
	YearEnd  bool     // about the state at 31 March (a plan still open, an outcome missing): not run on a part-year return
	Needs    string   // reference data the rule needs beyond the return (postcodes, ofsted_providers, or both with a comma), or ""
	Ref      string   // DfE's wording of the rule, in short, and where it is specified
	// Issue: a field rule, reporting the rows whose field (Fields) broke
	// one of these rules as it was read (missing_value, invalid_code; the
	// rows' faults column). It needs no SELECT, and the meta.issue rows it
	// reports go (the rule says it instead).
	Issue []string
	SQL   string // SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, detail
}

// References are the reference data a rule may need beyond the returns:
// ONS's postcode directory (placement distances) and Ofsted's provider list
// (URNs). The LA codes UPNs are issued under ship with yardstick
// (transforms/upn/la_codes.csv), so rule 1530 needs nothing.
var References = []string{"postcodes", "ofsted_providers"}

// ReferenceLoaded is, for each reference, the SQL that says whether a run
// has it: ONS's postcode directory and Ofsted's provider list are inputs
// (meta.input_file), read or unchanged since they were; a rule whose
// reference a run lacks is not run, never taken as passed.
var ReferenceLoaded = map[string]string{
	"postcodes":        inputLoaded("postcodes"),
	"ofsted_providers": inputLoaded("ofsted_providers"),
}

func inputLoaded(kind string) string {
	return "SELECT count(*) > 0 FROM meta.input_file WHERE source_kind = '" + kind + "' AND status IN ('loaded', 'unchanged')"
}

// NeedsList is each reference the rule needs.
func (r Rule) NeedsList() []string {
	if r.Needs == "" {
		return nil
	}
	return strings.Split(r.Needs, ", ")
}

// Name is a return as DfE names it: "CIN census", "SSDA903".
func Name(ret string) string {
	switch ret {
	case "cin_census":
		return "CIN census"
	case "ssda903":
		return "SSDA903"
	}
	return ret
}

// FieldFaults are the rules a child-level cell may break as it is read
// (sources/childlevel), which DfE's field rules report.
var FieldFaults = []string{"missing_value", "invalid_code", "invalid_date", "invalid_number", "invalid_flag",
	"invalid_postcode", "invalid_upn", "invalid_urn", "invalid_la_code", "error_cell"}

// Spec is the years a return's rules are specified for: DfE's validation
// specifications from 2022-23 (First, 2023) to the newest (Newest). A return
// of an earlier year is checked with the first year's rules and a later
// one with the newest's, each with an issue saying so.
type Spec struct{ First, Newest int }

// Specs are the specifications yardstick's rules follow, by return.
var Specs = map[string]Spec{"cin_census": {2023, 2026}, "ssda903": {2023, 2027}}

// Kind is the return's kind in stage.return_as_at.
var Kind = map[string]string{"cin_census": "cin", "ssda903": "ssda903"}

// Shown is how a failing row's fields are shown in meta.validation's
// field_values, by stage table and the return's field: the SQL of the value
// of the row aliased s (set by the pipeline from the readers' tables). A
// table absent here, or a field absent from its table, is not shown.
var Shown = map[string]map[string]string{}

// Columns every rule's SELECT returns, in this order.
const Columns = "la_code, collection_year, source_file, source_sheet, source_row, child_id, detail"

var (
	keyLine  = regexp.MustCompile(`^--\s*([a-z_]+):\s*(.*)$`)
	yearsRe  = regexp.MustCompile(`^(\d{4})?\s*-\s*(\d{4})?$`)
	codeRe   = regexp.MustCompile(`^[0-9A-Za-z_]+$`)
	validKey = map[string]bool{"rule": true, "source": true, "type": true, "level": true, "table": true,
		"fields": true, "years": true, "message": true, "year_end": true, "needs": true, "ref": true, "issue": true}
)

// Parse reads one return's rule file. A rule starts at a "-- rule: CODE"
// line; "-- key: value" lines that follow give its metadata; the SQL runs to
// the next "-- rule:" line. Comment lines before the first rule describe the
// file and are skipped.
func Parse(ret, name, text string) ([]Rule, error) {
	var rules []Rule
	var cur *Rule
	var body strings.Builder
	inHeader := false
	finish := func(line int) error {
		if cur == nil {
			return nil
		}
		cur.SQL = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(body.String()), ";"))
		if err := cur.check(); err != nil {
			return fmt.Errorf("%s: rule %s (before line %d): %w", name, cur.Code, line, err)
		}
		rules = append(rules, *cur)
		cur = nil
		body.Reset()
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		m := keyLine.FindStringSubmatch(strings.TrimSpace(line))
		if m != nil && m[1] == "rule" {
			if err := finish(n); err != nil {
				return nil, err
			}
			cur = &Rule{Return: ret, Code: strings.TrimSpace(m[2]), Source: "DfE", Type: "error", Level: "row"}
			inHeader = true
			continue
		}
		if cur == nil {
			continue
		}
		if inHeader && m != nil && validKey[m[1]] {
			if err := cur.set(m[1], strings.TrimSpace(m[2])); err != nil {
				return nil, fmt.Errorf("%s line %d: %w", name, n, err)
			}
			continue
		}
		if inHeader && m != nil {
			return nil, fmt.Errorf("%s line %d: unknown key %q (rule keys: rule, source, type, level, table, fields, years, year_end, needs, ref, issue, message)", name, n, m[1])
		}
		inHeader = false
		body.WriteString(line)
		body.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := finish(n + 1); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.Code] {
			return nil, fmt.Errorf("%s: rule %s is defined twice", name, r.Code)
		}
		seen[r.Code] = true
	}
	return rules, nil
}

func (r *Rule) set(key, v string) error {
	switch key {
	case "source":
		r.Source = v
	case "type":
		r.Type = v
	case "level":
		r.Level = v
	case "table":
		r.Table = v
	case "fields":
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				r.Fields = append(r.Fields, f)
			}
		}
	case "years":
		m := yearsRe.FindStringSubmatch(v)
		if m == nil {
			return fmt.Errorf("years %q: write FROM-TO, FROM- or -TO with four-digit collection years (2025 is 2024-25)", v)
		}
		r.FromYear, _ = strconv.Atoi(m[1])
		r.ToYear, _ = strconv.Atoi(m[2])
	case "year_end":
		switch v {
		case "true":
			r.YearEnd = true
		case "false":
		default:
			return fmt.Errorf("year_end %q: true or false", v)
		}
	case "needs":
		var refs []string
		for _, ref := range strings.Split(v, ",") {
			ref = strings.TrimSpace(ref)
			if !slices.Contains(References, ref) {
				return fmt.Errorf("needs %q: one or more of %s", ref, strings.Join(References, ", "))
			}
			refs = append(refs, ref)
		}
		r.Needs = strings.Join(refs, ", ")
	case "issue":
		for _, k := range strings.Split(v, ",") {
			k = strings.TrimSpace(k)
			if !slices.Contains(FieldFaults, k) {
				return fmt.Errorf("issue %q: one of %s", k, strings.Join(FieldFaults, ", "))
			}
			r.Issue = append(r.Issue, k)
		}
	case "ref":
		if r.Ref != "" {
			r.Ref += " "
		}
		r.Ref += v
	case "message":
		if r.Message != "" {
			r.Message += " "
		}
		r.Message += v
	}
	return nil
}

func (r *Rule) check() error {
	switch {
	case !codeRe.MatchString(r.Code):
		return fmt.Errorf("code %q: letters, digits and _ only", r.Code)
	case r.Source != "DfE" && r.Source != "yardstick":
		return fmt.Errorf("source %q: DfE or yardstick", r.Source)
	case r.Type != "error" && r.Type != "query":
		return fmt.Errorf("type %q: error or query", r.Type)
	case r.Level != "row" && r.Level != "la":
		return fmt.Errorf("level %q: row or la", r.Level)
	case r.Table == "":
		return fmt.Errorf("no table")
	case len(r.Fields) == 0:
		return fmt.Errorf("no fields")
	case r.Message == "":
		return fmt.Errorf("no message")
	case r.SQL == "" && len(r.Issue) == 0:
		return fmt.Errorf("no SELECT (or issue: for a field rule)")
	case r.SQL != "" && len(r.Issue) > 0:
		return fmt.Errorf("a field rule (issue:) has no SELECT: its rows are those whose field broke the rule as read")
	case strings.Contains(r.SQL, ";"):
		return fmt.Errorf("one SELECT per rule: a ';' ends it early")
	}
	return nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Record is the SQL that adds the rule to ref.validation_rule, as run; a
// rule that cannot run is marked with NotRun.
func (r Rule) Record() string { return Records([]Rule{r}) }

// Records is the SQL that records the rules in ref.validation_rule as run,
// one INSERT for them all (an INSERT each took most of a second for 421).
func Records(rules []Rule) string {
	rows := make([]string, len(rules))
	for i, r := range rules {
		rows[i] = fmt.Sprintf("(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %t, %s, %s, 'run', NULL)",
			quote(r.Return), quote(r.Code), quote(r.Source), quote(r.Type), quote(r.Level), quote(r.Table), quote(strings.Join(r.Fields, ", ")),
			nullInt(r.FromYear), nullInt(r.ToYear), quote(r.Message), r.YearEnd, nullText(r.Needs), nullText(r.Ref))
	}
	return "INSERT INTO ref.validation_rule VALUES\n" + strings.Join(rows, ",\n") + ";\n"
}

// NotRun is the SQL that marks the rule as not run, and why.
func (r Rule) NotRun(why string) string {
	return fmt.Sprintf("UPDATE ref.validation_rule SET status = 'not_run', status_reason = %s WHERE \"return\" = %s AND rule_code = %s;\n",
		quote(why), quote(r.Return), quote(r.Code))
}

// NotRunFor is the SQL that marks every rule of a return as not run, and why.
func NotRunFor(ret, why string) string {
	return fmt.Sprintf("UPDATE ref.validation_rule SET status = 'not_run', status_reason = %s WHERE \"return\" = %s;\n",
		quote(why), quote(ret))
}

// ruleYear is the year whose specification a row is checked by: its own,
// or the nearest specified.
func (r Rule) ruleYear() string {
	sp := Specs[r.Return]
	return fmt.Sprintf("least(greatest(failing.collection_year, %d), %d)", sp.First, sp.Newest)
}

// Select is the rule's SELECT of failing rows: its own, or a field rule's.
func (r Rule) Select() string {
	if len(r.Issue) == 0 {
		return r.SQL
	}
	var or []string
	for _, f := range r.Fields {
		for _, k := range r.Issue {
			or = append(or, fmt.Sprintf("contains(faults, %s)", quote("|"+f+":"+k+"|")))
		}
	}
	return fmt.Sprintf("SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL\nFROM stage.%s\nWHERE faults IS NOT NULL AND (%s)",
		r.Table, strings.Join(or, " OR "))
}

// Statement is the SQL that adds the rule's failing rows to meta.validation.
// Rows are checked by the rule of their year's specification (ruleYear); a
// rule about the year's end (YearEnd) skips a part-year return's rows.
func (r Rule) Statement() string {
	var years []string
	if r.FromYear > 0 {
		years = append(years, fmt.Sprintf("%s >= %d", r.ruleYear(), r.FromYear))
	}
	if r.ToYear > 0 {
		years = append(years, fmt.Sprintf("%s <= %d", r.ruleYear(), r.ToYear))
	}
	if r.YearEnd {
		years = append(years, fmt.Sprintf("NOT EXISTS (SELECT 1 FROM stage.return_as_at a WHERE a.kind = %s AND a.part_year "+
			"AND a.la_code IS NOT DISTINCT FROM failing.la_code AND a.collection_year IS NOT DISTINCT FROM failing.collection_year)", quote(Kind[r.Return])))
	}
	if len(years) == 0 {
		years = []string{"TRUE"}
	}
	return fmt.Sprintf("INSERT INTO meta.validation\nSELECT %s, failing.collection_year, failing.la_code, %s, %s, %s, failing.source_file, failing.source_sheet, failing.source_row::INTEGER, %s, failing.child_id,\n"+
		"       %s || coalesce(' (' || failing.detail || ')', ''), NULL\nFROM (\n%s\n) AS failing (%s)\nWHERE %s;\n",
		quote(r.Return), quote(r.Code), quote(r.Type), quote(r.Table), quote(strings.Join(r.Fields, ", ")), quote(r.Message), r.Select(), Columns,
		strings.Join(years, " AND "))
}

// values is the SQL of the failing row's fields and their values, the row
// of its table aliased s ("DECOM 01/06/2024; DEC 31/05/2024"); "" when
// none of the rule's fields is shown.
func (r Rule) values() string {
	shown := Shown[r.Table]
	var parts []string
	for _, f := range r.Fields {
		v, ok := shown[f]
		if !ok || v == "" {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s || ' ' || coalesce(%s, CASE WHEN contains(s.faults, %s) THEN '(not valid)' ELSE '(blank)' END)",
			quote(f), v, quote("|"+f+":")))
	}
	if len(parts) == 0 {
		return ""
	}
	return "concat_ws('; ', " + strings.Join(parts, ", ") + ")"
}

// Values is the SQL that fills meta.validation's field_values: one UPDATE
// per stage table, which reads the table once for all its rules' failing
// rows (a join per rule read it once per rule). Tables whose rows cannot be
// told apart by file and row (Shown lacks them) are left NULL.
func Values(rules []Rule) string {
	byTable := map[string][]string{}
	var tables []string
	for _, r := range rules {
		v := r.values()
		if v == "" {
			continue
		}
		key := r.Return + "\x00" + r.Table
		if byTable[key] == nil {
			tables = append(tables, key)
		}
		byTable[key] = append(byTable[key], fmt.Sprintf("WHEN %s THEN %s", quote(r.Code), v))
	}
	var b strings.Builder
	for _, key := range tables {
		ret, table, _ := strings.Cut(key, "\x00")
		fmt.Fprintf(&b, "UPDATE meta.validation v SET field_values = CASE v.rule_code\n  %s\nEND\nFROM stage.%s s\n"+
			"WHERE v.\"return\" = %s AND v.table_name = %s AND s.source_file = v.source_file AND s.source_row = v.source_row AND s.source_sheet IS NOT DISTINCT FROM v.source_sheet;\n",
			strings.Join(byTable[key], "\n  "), table, quote(ret), quote(table))
	}
	return b.String()
}

// Replaced is the SQL that removes the meta.issue rows a field rule
// reported in its own words: the cells' issues, and a column's count of
// the cells not listed one by one. "" for other rules.
func (r Rule) Replaced() string {
	if len(r.Issue) == 0 {
		return ""
	}
	var fields, kinds []string
	for _, f := range r.Fields {
		fields = append(fields, quote(f))
	}
	for _, k := range r.Issue {
		kinds = append(kinds, quote(k))
	}
	return fmt.Sprintf("DELETE FROM meta.issue i WHERE i.field IN (%s) AND i.rule IN (%s) AND EXISTS (SELECT 1 FROM meta.validation v "+
		"WHERE v.\"return\" = %s AND v.rule_code = %s AND v.source_file = i.file AND v.source_sheet IS NOT DISTINCT FROM i.sheet AND (i.\"row\" IS NULL OR v.source_row = i.\"row\"));\n",
		strings.Join(fields, ", "), strings.Join(kinds, ", "), quote(r.Return), quote(r.Code))
}

// PartYear is the SQL that records, for each rule about the year's end,
// the part-year returns it was not applied to.
func PartYear(rules []Rule) string {
	var b strings.Builder
	for _, r := range rules {
		if !r.YearEnd {
			continue
		}
		fmt.Fprintf(&b, "INSERT INTO meta.validation_skipped SELECT %s, la_code, collection_year, %s, 'part_year', "+
			"'about the position at 31 March: the return reaches only ' || strftime(as_at, '%%-d %%B %%Y') "+
			"FROM stage.return_as_at WHERE kind = %s AND part_year;\n", quote(r.Return), quote(r.Code), quote(Kind[r.Return]))
	}
	return b.String()
}

// YearIssues is the SQL that says, for each return file of a year outside
// its return's specifications, which year's rules checked it.
func YearIssues() string {
	var b strings.Builder
	for _, ret := range Returns {
		sp := Specs[ret]
		fmt.Fprintf(&b, "INSERT INTO meta.issue (file, sheet, \"row\", \"column\", rule, message)\n"+
			"SELECT DISTINCT source_file, NULL, NULL, NULL, 'validation_year', CASE WHEN collection_year < %[2]d "+
			"THEN 'a return of ' || (collection_year - 1) || '-' || lpad((collection_year %% 100)::VARCHAR, 2, '0') || ', before the first specification yardstick has (%[3]s): checked with the %[3]s rules' "+
			"ELSE 'a return of ' || (collection_year - 1) || '-' || lpad((collection_year %% 100)::VARCHAR, 2, '0') || ', after the newest specification yardstick has (%[4]s): checked with the %[4]s rules; a newer yardstick may have that year''s' END\n"+
			"FROM stage.return_file WHERE kind = %[1]s AND (collection_year < %[2]d OR collection_year > %[5]d);\n",
			quote(Kind[ret]), sp.First, span(sp.First), span(sp.Newest), sp.Newest)
	}
	return b.String()
}

// span is a collection year as DfE writes it: 2025 is 2024-25.
func span(y int) string { return fmt.Sprintf("%d-%02d", y-1, y%100) }

func nullText(s string) string {
	if s == "" {
		return "NULL"
	}
	return quote(s)
}

func nullInt(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strconv.Itoa(n)
}

// Schema creates the tables Compile fills.
const Schema = `
CREATE TABLE meta.validation ("return" VARCHAR, collection_year INTEGER, la_code VARCHAR, rule_code VARCHAR,
    rule_type VARCHAR, table_name VARCHAR, source_file VARCHAR, source_sheet VARCHAR, source_row INTEGER,
    fields VARCHAR, child_id VARCHAR, message VARCHAR, field_values VARCHAR);
CREATE TABLE ref.validation_rule ("return" VARCHAR, rule_code VARCHAR, rule_source VARCHAR, rule_type VARCHAR,
    level VARCHAR, table_name VARCHAR, fields VARCHAR, from_year INTEGER, to_year INTEGER, message VARCHAR,
    year_end BOOLEAN, needs VARCHAR, reference VARCHAR, status VARCHAR, status_reason VARCHAR);
CREATE TABLE meta.validation_skipped ("return" VARCHAR, la_code VARCHAR, collection_year INTEGER, rule_code VARCHAR,
    reason VARCHAR, message VARCHAR);
`

// Returns are the returns that have rules, by the name their rule files
// start with (validate_<return>[_<family>].sql).
var Returns = []string{"cin_census", "ssda903"}

// File reads one rule file of package sql, validate_<return>[_<family>].sql.
func File(name, text string) ([]Rule, error) {
	base := strings.TrimSuffix(strings.TrimPrefix(name, "validate_"), ".sql")
	for _, ret := range Returns {
		if base == ret || strings.HasPrefix(base, ret+"_") {
			rules, err := Parse(ret, name, text)
			for i := range rules {
				rules[i].File = name
			}
			return rules, err
		}
	}
	return nil, fmt.Errorf("%s: a rule file is validate_<return>.sql or validate_<return>_<family>.sql, with a return of %s", name, strings.Join(Returns, ", "))
}

// Files reads every rule file of package sql, in name order. A code is one
// rule within its return, whichever file it is in.
func Files() ([]Rule, error) {
	names, err := models.ValidationFiles()
	if err != nil {
		return nil, err
	}
	var all []Rule
	where := map[string]string{}
	for _, name := range names {
		text, err := models.Read(name)
		if err != nil {
			return nil, err
		}
		rules, err := File(name, text)
		if err != nil {
			return nil, err
		}
		for _, r := range rules {
			key := r.Return + " " + r.Code
			if f, ok := where[key]; ok {
				return nil, fmt.Errorf("%s: rule %s is defined in %s too", name, r.Code, f)
			}
			where[key] = name
		}
		all = append(all, rules...)
	}
	return all, nil
}
