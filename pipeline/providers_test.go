package pipeline

import (
	"os"
	"path/filepath"
	"testing"
)

// TestProviderRules: Ofsted's provider list among the inputs runs the URN
// rules, with a made-up list and postcode directory (testDirectory): the
// home in Trafford (358), placements in Trafford and in Manchester. A URN the list
// lacks breaks each rule that looks it up (as in DfE's validator); rule
// 241, of 2025-26, takes a supported accommodation placement's LA from its
// postcode. The setting postcodes reach the warehouse only as whether the
// placement is at one (urn_postcode_match); a changed list re-derives it,
// and without a list the rules are not run.
func TestProviderRules(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "inputs")
	write := func(name, content string) { t.Helper(); writeInput(t, in, name, content) }
	write("reference/postcodes.csv", testDirectory)
	list := "URN,Provider type,Local authority,Placement code,Placement provider code,Deregistration date,Setting address postcode\n" +
		"SC100001,Children's Home,Trafford,K2,PR4,,M32 0TJ\n" +
		"2000001,Supported Accommodation,Trafford,K3,PR4,,M32 0TJ\n"
	write("reference/ofsted_providers.csv", list)
	writeReturn2026(write, []episode2026{
		{"1", "K2", "PR4", "M32 0TJ", "SC100001"}, // breaks none
		{"2", "K2", "PR4", "M32 0TJ", "SC999998"}, // not in the list: 219, 221, 224
		{"3", "K2", "PR1", "M32 0TJ", "SC999998"}, // and 229 as the LA's own
		{"4", "K3", "PR4", "M32 0TJ", "2000001"},  // premises in Trafford
		{"5", "K3", "PR4", "M1 1AA", "2000001"},   // 241: none in Manchester
	})
	conf := "inputs: [inputs]\nhome_la: \"358\"\n"
	rules := func(cfg *Config) string {
		return queryCSV(t, cfg, `SELECT source_row, string_agg(rule_code, ' ' ORDER BY rule_code) AS rules FROM meta.validation
			WHERE source_file LIKE '%episodes.csv' AND rule_code IN ('219', '221', '224', '227', '228', '229', '241')
			GROUP BY ALL ORDER BY ALL`)
	}
	cfg := runWithKey(t, dir, conf)
	if got, want := rules(cfg), "source_row,rules\n3,219 221 224\n4,219 221 224 229\n6,241\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got, want := queryCSV(t, cfg, `SELECT urn_postcode_match FROM stage.cla_episode ORDER BY source_row`),
		"urn_postcode_match\ntrue\nfalse\nfalse\ntrue\nfalse\n"; got != want {
		t.Errorf("urn_postcode_match:\n%s\nwant\n%s", got, want)
	}
	if got, want := queryCSV(t, cfg, `SELECT urn, place_codes, provider_codes, la_code FROM stage.ofsted_provider ORDER BY urn`),
		"urn,place_codes,provider_codes,la_code\n2000001,K3,PR4,358\nSC100001,K2,PR4,358\n"; got != want {
		t.Errorf("stage.ofsted_provider:\n%s\nwant\n%s", got, want)
	}

	// the home moved: the list's new postcode is taken, the return staged again
	write("reference/ofsted_providers.csv", "URN,Provider type,Local authority,Placement code,Placement provider code,Deregistration date,Setting address postcode\n"+
		"SC100001,Children's Home,Trafford,K2,PR4,,M1 1AA\n"+
		"2000001,Supported Accommodation,Trafford,K3,PR4,,M32 0TJ\n"+
		"2000001,Supported Accommodation,Manchester,K3,PR4,,M1 1AA\n")
	cfg = runWithKey(t, dir, conf)
	if got, want := rules(cfg), "source_row,rules\n2,221\n3,219 221 224\n4,219 221 224 229\n"; got != want {
		t.Errorf("a new list: got\n%s\nwant\n%s", got, want)
	}

	// no list: the rules are listed as not run, never as passed
	if err := os.Remove(filepath.Join(in, "reference", "ofsted_providers.csv")); err != nil {
		t.Fatal(err)
	}
	cfg = runWithKey(t, dir, conf)
	if got, want := rules(cfg), "source_row,rules\n"; got != want {
		t.Errorf("no list: got\n%s", got)
	}
	if got, want := queryCSV(t, cfg, `SELECT rule_code, status, status_reason FROM ref.validation_rule
		WHERE rule_code IN ('221', '241') ORDER BY ALL`), "rule_code,status,status_reason\n"+
		"221,not_run,\"needs ofsted_providers, which no input loaded (see docs/validation.md)\"\n"+
		"241,not_run,\"needs ofsted_providers, which no input loaded (see docs/validation.md)\"\n"; got != want {
		t.Errorf("no list: not run\n%s\nwant\n%s", got, want)
	}
}
