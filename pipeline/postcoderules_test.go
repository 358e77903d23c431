package pipeline

import (
	"path/filepath"
	"testing"
)

// TestPostcodeRules2026: the postcode rules of the 2025-26 return (243,
// 454, and what 218 and 1015 allow from that year), which TestValidationRules
// cannot inject: a 2025-26 return there would break rule 502 for every
// episode the 2024-25 return leaves open (testDirectory for the postcodes).
func TestPostcodeRules2026(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "inputs")
	write := func(name, content string) { t.Helper(); writeInput(t, in, name, content) }
	write("reference/postcodes.csv", testDirectory)
	writeReturn2026(write, []episode2026{
		{"1", "U1", "PR1", "CF10 1AA", "SC123456"}, // 243: a URN in Wales
		{"2", "U1", "PR1", "CF10 1AA", ""},         // none
		{"3", "U1", "PR1", "KW1 4AB", ""},          // 454: over 350 miles
		{"4", "U1", "PR1", "KW1 4AA", ""},          // 350.0
		{"5", "K3", "PR1", "M1 1AA", "SC123456"},   // the LA's own supported accommodation out of the LA: allowed from 2025-26 (1015)
		{"6", "Z11", "", "M32 0TJ", ""},            // no URN needed (218)
		{"7", "K2", "PR1", "M1 1AA", ""},           // 1015 and 218
	})
	cfg := runWithKey(t, dir, "inputs: [inputs]\nhome_la: \"358\"\n")
	got := queryCSV(t, cfg, `SELECT source_row, rule_code FROM meta.validation
		WHERE source_file LIKE '%episodes.csv' AND rule_code IN ('169', '179', '218', '230', '243', '420', '452', '453', '454', '503G', '503H', '503J', '1015')
		ORDER BY ALL`)
	if want := "source_row,rule_code\n2,243\n4,454\n8,1015\n8,218\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// testDirectory is a made-up postcode directory: the home in Trafford
// (358), placements in Trafford, Manchester, Wales and Scotland (350.0 and
// 354.2 miles from home).
const testDirectory = "pcds,oscty,oslaua,oseast1m,osnrth1m\n" +
	"M32 0TH,E99999999,E08000009,378000,396000\n" + // home
	"M32 0TJ,E99999999,E08000009,378500,396000\n" + // in Trafford
	"M1 1AA,E99999999,E08000003,384000,398000\n" + // Manchester
	"CF10 1AA,W99999999,W06000015,318000,176000\n" + // Wales
	"KW1 4AA,S99999999,S12000017,378000,959255\n" + // 350.0 miles
	"KW1 4AB,S99999999,S12000017,378000,966000\n" // 354.2 miles

// episode2026 is a child's one episode of a 2025-26 return: from 1 May
// 2025, legal status C2, home M32 0TH.
type episode2026 struct{ id, place, provider, pl, urn string }

// writeReturn2026 writes a 2025-26 SSDA903 header and episodes table, a
// child for each episode.
func writeReturn2026(write func(name, content string), eps []episode2026) {
	header := "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
	episodes := "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
	for _, e := range eps {
		header += e.id + ",1,01/05/2009,WBRI,UN1,,\n"
		episodes += e.id + ",01/05/2025,S,C2,N1," + e.place + "," + e.provider + ",,,,M32 0TH," + e.pl + "," + e.urn + "\n"
	}
	write("SSDA903_2025-26_header.csv", header)
	write("SSDA903_2025-26_episodes.csv", episodes)
}
