package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/pipeline/demo"
)

// TestValidationRules: the demo's generator writes council 358's 2024-25
// returns and injects, after the generated children, children and rows
// that break each validation rule once and near misses on each rule's
// boundary (demo/violations.go). Every row that breaks a rule is reported
// with that rule (and those its case says it rightly breaks too) and with
// no other; the near misses and every generated row break nothing. The
// rules on a census's header and on a whole return have a census file of
// their own.
func TestValidationRules(t *testing.T) {
	dir := t.TempDir()
	o := demo.DefaultOptions
	o.Inject = true
	_, truth, err := demo.GenerateReturnsWithTruth(dir, "358", o)
	if err != nil {
		t.Fatal(err)
	}
	// the header rules: dated 30 March, with the year before as its Year
	header := `<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2025-03-30` +
		`</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>359</LEA></Source></Header><Children><Child>` +
		demo.CINChild("h1", "<UPN>"+demo.ValidUPN(1)+"</UPN><PersonBirthDate>2015-05-01</PersonBirthDate>", "", demo.Episode("2024-06-03", "")) +
		`</Child></Children></Message>`
	if err := os.WriteFile(filepath.Join(dir, "inputs", "returns", "CIN_header_2025.xml"), []byte(header), 0o644); err != nil {
		t.Fatal(err)
	}
	// the UASC rules only the XML return's UASC field can break: council
	// 358's 2024-25 children in an XML return of their own, beside the CSV
	// (the 2023-24 return is the year before): UASC blank; UASC 0 with a
	// DUC; UASC 1 with a DUC (breaks nothing); UASC 2
	uascXML := `<EXPSSDA903>`
	for i, uasc := range []string{`<UASC />`, `<UASC>0</UASC><DUC>01/05/2024</DUC>`, `<UASC>1</UASC><DUC>01/05/2024</DUC>`, `<UASC>2</UASC>`} {
		uascXML += fmt.Sprintf(`<CHILD><HEADER><CHILDID>358X%d</CHILDID><SEX>1</SEX><DOB>01/05/2006</DOB><ETHNIC>WBRI</ETHNIC>%s</HEADER></CHILD>`, i+1, uasc)
	}
	if err := os.WriteFile(filepath.Join(dir, "inputs", "returns", "SSDA903_2024-25_uasc.xml"), []byte(uascXML+`</EXPSSDA903>`), 0o644); err != nil {
		t.Fatal(err)
	}
	// the rules on the whole return: LA 350's census breaks them (one child
	// of two has no sex; the one disabled child has one disability; a
	// plan starts with no initial conference); LA 351's holds on their
	// boundaries (one child of 50 with no sex is 2%; a child with two
	// disabilities; a plan for each conference)
	census := func(lea string, kids ...string) string {
		return `<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31` +
			`</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>` + lea + `</LEA></Source></Header><Children><Child>` +
			strings.Join(kids, "</Child><Child>") + `</Child></Children></Message>`
	}
	born := func(n int, sex string) string {
		return "<UPN>" + demo.ValidUPN(n) + "</UPN><PersonBirthDate>2015-05-01</PersonBirthDate><Sex>" + sex + "</Sex>"
	}
	plan := demo.Episode("2024-06-03", "<DateOfInitialCPC>2024-06-03</DateOfInitialCPC><ChildProtectionPlans><CPPstartDate>2024-06-03</CPPstartDate>"+
		"<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>")
	breaks := census("350", demo.CINChild("w1", born(1, "U"), "<Disability>NONE</Disability>", demo.Episode("2024-06-03", "")),
		demo.CINChild("w2", born(2, "F"), "<Disability>MOB</Disability>", strings.Replace(plan, "<DateOfInitialCPC>2024-06-03</DateOfInitialCPC>", "", 1)))
	var holds []string
	codes := []string{"MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"}
	for i := 1; i <= 50; i++ {
		sex, dis, ep := "F", "<Disability>NONE</Disability>", demo.Episode("2024-06-03", "")
		switch {
		case i == 1:
			sex = "U"
		case i == 2:
			dis, ep = "<Disability>MOB</Disability><Disability>AUT</Disability>", plan
		case i <= len(codes):
			dis = "<Disability>" + codes[i-1] + "</Disability>"
		}
		holds = append(holds, demo.CINChild(fmt.Sprintf("h%d", i), born(i, sex), dis, ep))
	}
	for name, xml := range map[string]string{"CIN_return_2025.xml": breaks, "CIN_return_holds_2025.xml": census("351", holds...)} {
		if err := os.WriteFile(filepath.Join(dir, "inputs", "returns", name), []byte(xml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := runWithKey(t, dir, "inputs: [inputs]\nhome_la: \"358\"\n")

	got := map[string][]string{} // file:row -> the rules it breaks
	for _, line := range strings.Split(strings.TrimSpace(queryCSV(t, cfg, `SELECT regexp_extract(source_file, '[^/]+$') || ':' || source_row || ' ' || rule_code
		FROM meta.validation WHERE la_code = '358' AND source_row IS NOT NULL ORDER BY ALL`)), "\n")[1:] {
		at, rule, _ := strings.Cut(line, " ")
		if !slices.Contains(got[at], rule) { // a rule on a group reports each of its rows
			got[at] = append(got[at], rule)
		}
	}
	injected := map[string]bool{}
	fired := map[string]int{}
	for _, in := range truth.Injected {
		at := fmt.Sprintf("%s:%d", in.File, in.Row)
		injected[at] = true
		var want []string
		name := in.Rule + "/holds"
		switch {
		case in.Fires:
			want = append([]string{in.Rule}, in.Also...)
			name = in.Rule + "/fires"
			fired[in.Rule]++
		case in.Other != nil:
			want = slices.Clone(in.Other)
			name = in.Rule + "/other"
		}
		g := slices.Clone(got[at])
		sort.Strings(want)
		sort.Strings(g)
		t.Run(name, func(t *testing.T) {
			if strings.Join(g, " ") != strings.Join(want, " ") {
				t.Errorf("%s: rules %v, want %v", at, g, want)
			}
		})
	}
	t.Run("the generated rows break no rule", func(t *testing.T) {
		for at, rules := range got {
			if !injected[at] && !strings.HasPrefix(at, "SSDA903_2024-25_uasc.xml:") { // tested below
				t.Errorf("%s breaks %v", at, rules)
			}
		}
	})
	var rules []string
	for _, v := range append(demo.CINViolations(), demo.SSDA903Violations()...) {
		rules = append(rules, v.Rule)
		if fired[v.Rule] == 0 {
			t.Errorf("rule %s: no injected row breaks it", v.Rule)
		}
	}
	// the header and whole-return rules are tested below, the 2025-26 postcode rules apart
	everyRuleHasACase(t, cfg, rules, "100", "header_year", "2887Q", "2883", "2886Q", "2888Q", "105", "205C", "303", "243", "454", "241") // 243, 454: TestPostcodeRules2026; 241: TestProviderRules
	t.Run("UASC rules of the XML return", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT source_row, string_agg(rule_code, ' ' ORDER BY rule_code) AS rules FROM meta.validation
			WHERE source_file LIKE '%SSDA903_2024-25_uasc.xml' GROUP BY ALL ORDER BY ALL`)
		if want := "source_row,rules\n1,105\n2,205C 303\n4,105\n"; got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("header rules", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT regexp_extract(source_file, '[^/]+$') AS f, source_row, rule_code, message FROM meta.validation
			WHERE source_file LIKE '%CIN_header_2025.xml' AND source_row = 0 ORDER BY ALL`)
		want := "f,source_row,rule_code,message\n" +
			"CIN_header_2025.xml,0,100,The header's ReferenceDate is not 31 March of the collection year; the census was exported for another year or period. (it is 30 March 2025)\n" +
			"CIN_header_2025.xml,0,header_year,\"The header's Year is not the year of its ReferenceDate; the ReferenceDate was used. (Year is 2024, ReferenceDate makes it 2025)\"\n"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
		// the generated census's header is right
		if n := queryCSV(t, cfg, `SELECT count(*) FROM meta.validation WHERE la_code = '358' AND source_row = 0`); n != "count_star()\n0\n" {
			t.Errorf("358's census header: %s", n)
		}
	})
	t.Run("an LA-level rule: one row per LA and year", func(t *testing.T) {
		// the generated census uses all twelve disability codes; the header
		// one none: it alone is reported, once, with no row or child
		got := queryCSV(t, cfg, `SELECT regexp_extract(source_file, '[^/]+$') AS f, la_code, collection_year, source_row, child_id, message
			FROM meta.validation WHERE rule_code = '2887Q' ORDER BY ALL`)
		want := "f,la_code,collection_year,source_row,child_id,message\n" +
			"CIN_header_2025.xml,359,2025,,,Fewer than 8 different disability codes are used across the whole census: check that disabilities are being recorded. (0 codes used)\n" +
			"CIN_return_2025.xml,350,2025,,,Fewer than 8 different disability codes are used across the whole census: check that disabilities are being recorded. (1 codes used)\n"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("rules on the whole return", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT regexp_extract(source_file, '[^/]+$') AS f, la_code, source_row, rule_code, message
			FROM meta.validation WHERE rule_code IN ('2883', '2886Q', '2888Q') ORDER BY ALL`)
		want := "f,la_code,source_row,rule_code,message\n" +
			"CIN_return_2025.xml,350,,2883,More child protection plans start in the census year than initial child protection conferences take place in it. (1 plans started against 0 initial conferences)\n" +
			"CIN_return_2025.xml,350,,2886Q,Please check: more than 2% of the children (not counting unborn children) have no sex recorded. (no sex recorded: 1 of 2 children)\n" +
			"CIN_return_2025.xml,350,,2888Q,Please check: every child with a disability has only one disability code; record all of a child's disabilities. (1 children with a disability and none with two codes)\n"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("summary", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT rule_code, rule_type, failures FROM mart.validation_summary
			WHERE la_code = '358' AND rule_code IN ('8525', '8545Q') ORDER BY ALL`)
		if want := "rule_code,rule_type,failures\n8525,error,2\n8545Q,query,2\n"; got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
}

// everyRuleHasACase fails for a rule in ref.validation_rule that neither
// the cases nor the other tests named cover.
func everyRuleHasACase(t *testing.T, cfg *Config, cases []string, others ...string) {
	t.Run("every rule has a case", func(t *testing.T) {
		tested := map[string]bool{}
		for _, code := range append(cases, others...) {
			tested[code] = true
		}
		for _, code := range strings.Split(strings.TrimSpace(queryCSV(t, cfg, `SELECT rule_code FROM ref.validation_rule ORDER BY 1`)), "\n")[1:] {
			if !tested[code] {
				t.Errorf("rule %s has no case", code)
			}
		}
	})
}
