package demo

import "strings"

// The cases of sql/validate_ssda903_providers.sql: DfE's SSDA903 rules on
// a placement's Ofsted URN against the demo's made-up provider list
// (providers.go), whose case URNs are fixed: a children's home taking K2
// with PR4 at casePlacement; foster care (U1, PR4) whose registration
// ended on 30 June 2024, 30 March 2025 or 31 March 2025; foster care in
// another LA. Rule 241 is of 2025-26, tested in pipeline/providers_test.go
// (a 2025-26 return here would break rule 502 for every episode the
// 2024-25 return leaves open).

func init() {
	ssda903Families = append(ssda903Families, providerViolations)
}

func providerViolations() []Violation {
	// an episode from decom, open, of a child in foster care (U1) or a
	// children's home, placed at pl with the URN
	ep := func(decom, place, provider, pl, urn string) string {
		return "episodes|" + strings.Join([]string{decom, "S", "C2", "N1", place, provider, "", "", "", caseHome, pl, urn}, ",")
	}
	home := func(place, provider, pl string) string { return ep("01/05/2024", place, provider, pl, caseURNHome) }
	atHome := home("K2", "PR4", casePlacement) // what the list gives the home
	return []Violation{
		// a placement type the URN does not take (a URN the list lacks:
		// pipeline/providers_test.go)
		{Rule: "219", Fires: [][]string{{"!" + home("U1", "PR4", casePlacement)}}, Holds: [][]string{{atHome}}},
		// the placement postcode is not the home's
		{Rule: "221", Fires: [][]string{{"!" + home("K2", "PR4", "OL1 1PB")}}, Holds: [][]string{{atHome}}},
		{Rule: "224", Fires: [][]string{{"!" + home("K2", "PR5", casePlacement)}}, Holds: [][]string{{atHome}}},
		// placed the day after the registration ended (and so still there
		// after it, 228); the near miss with a provider registered to the
		// year's end
		{Rule: "227", Fires: [][]string{{"!" + ep("01/07/2024", "U1", "PR4", casePlacement, caseURNClosed)}}, Also: []string{"228"},
			Holds: [][]string{{ep("01/07/2024", "U1", "PR4", casePlacement, caseURNOpen)}}},
		// open on 31 March with a provider whose registration ended the day before
		{Rule: "228", Fires: [][]string{{"!" + ep("01/05/2024", "U1", "PR4", casePlacement, caseURNLastDay)}},
			Holds: [][]string{{ep("01/05/2024", "U1", "PR4", casePlacement, caseURNOpen)}}},
		// the LA's own provision (PR1) with a provider in another LA; the
		// near miss is another LA's (PR2)
		{Rule: "229", Fires: [][]string{{"!" + ep("01/05/2024", "U1", "PR1", casePlacement, caseURNOtherLA)}},
			Holds: [][]string{{ep("01/05/2024", "U1", "PR2", casePlacement, caseURNOtherLA)}}},
	}
}
