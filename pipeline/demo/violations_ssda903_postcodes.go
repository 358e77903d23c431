package demo

import "strings"

// The cases of sql/validate_ssda903_postcodes.sql: DfE's SSDA903 rules on
// the fields derived from the home and placement postcodes (PL_DISTANCE,
// PL_LA, PL_LOCATION), with the demo's made-up postcode directory
// (postcodes.go): caseHome is the home, OL1 1PA, 1PB and 1PC placements in
// the LA 5.0, 5.1 and 5.2 miles from it, BL1 and WN1 other English LAs,
// CF10 Wales, KW1 Scotland 350.0 and 354.2 miles away. The rules of
// 2025-26 (243, 454) are tested in pipeline/postcodes_test.go: a 2025-26
// return here would break rule 502 for every episode open at 31 March.

func init() {
	ssda903Families = append(ssda903Families, postcodeViolations, uascPostcodeViolations)
	// episodes whose return gives PL_DISTANCE itself
	SSDA903Headers["episodes_dist"] = SSDA903Headers["episodes"] + ",PL_DISTANCE"
}

// uascPostcodeViolations are the cases of the postcode rules that exempt,
// or are only about, a child UASC this year or in the two before (164,
// 392A, 392B, 406); a child is UASC here by a uasc row giving SEX.
func uascPostcodeViolations() []Violation {
	uasc := "uasc|1,01/05/2010,"
	ep := func(home, pl string) string {
		return "episodes|" + strings.Join([]string{"01/05/2024", "S", "C2", "N1", "U1", "PR1", "", "", "", home, pl, "SC123456"}, ",")
	}
	dist := func(miles string) string {
		return "episodes_dist|" + strings.Join([]string{"01/05/2024", "S", "C2", "N1", "U1", "PR1", "", "", "", caseHome, "OL1 1PA", "SC123456", miles}, ",")
	}
	return []Violation{
		// a distance the return gives itself, out of range; the near miss at its top
		{Rule: "164", Fires: [][]string{{"!" + dist("1000.0")}}, Holds: [][]string{{dist("999.9")}}},
		// a home postcode the directory does not hold (its outward code
		// alone): no distance; the near miss is UASC
		{Rule: "392A", Fires: [][]string{{"!" + ep("OL1", "OL1 1PA")}}, Holds: [][]string{{ep("OL1", "OL1 1PA"), uasc}}},
		// no placement postcode: no PL_LA or distance either; the near miss
		// is UASC with no home postcode, as DfE expects
		{Rule: "392B", Fires: [][]string{{"!" + ep(caseHome, "")}}, Also: []string{"169", "179", "392A"},
			Holds: [][]string{{ep("", "OL1 1PA"), uasc}}},
		// UASC with both postcodes: a distance
		{Rule: "406", Fires: [][]string{{"!" + ep(caseHome, "OL1 1PA"), uasc}}},
	}
}

// pcRow is an episodes row starting 1 May 2024 with category of need N1,
// no end, and these legal status, placement, provider, placement postcode
// and URN; the home is caseHome.
func pcRow(ls, place, provider, pl, urn string) string {
	return "episodes|" + strings.Join([]string{"01/05/2024", "S", ls, "N1", place, provider, "", "", "", caseHome, pl, urn}, ",")
}

func postcodeViolations() []Violation {
	// a short break of 16 days (a child's only one: no placement postcode)
	shortBreak := func(mark, pl, urn string) string {
		return mark + "episodes|01/05/2024,S,V3,N1,U3,PR1,17/05/2024,E13,," + map[bool]string{true: "", false: caseHome}[pl == ""] + "," + pl + "," + urn
	}
	// the first episode of 2024-25 against the one left open in 2023-24,
	// the same but for its RNE and placement postcode
	across := func(rne, was, is string) []string {
		row := func(rne, pl string) string {
			return "episodes|" + strings.Join([]string{"01/03/2024", rne, "C2", "N1", "U1", "PR1", "", "", "", caseHome, pl, "SC123456"}, ",")
		}
		return []string{"episodes23" + strings.TrimPrefix(row("S", was), "episodes"), "!" + row(rne, is)}
	}
	hold := func(c []string) []string { return []string{c[0], strings.TrimPrefix(c[1], "!")} }
	// an H5 placement of the 2023-24 return from 1 October 2023 to dec
	h5 := func(mark, dec, pl, urn string) string {
		return mark + "episodes23|01/10/2023,S,C2,N1,H5,PR2," + dec + ",E8,," + caseHome + "," + pl + "," + urn
	}
	noPlace := pcRow("C2", "U1", "PR1", "", "SC123456")
	return []Violation{
		{Rule: "169", Fires: [][]string{{"!" + noPlace}}, Also: []string{"179", "392A", "392B"},
			Holds: [][]string{{shortBreak("", "", "")}, {pcRow("C2", "U1", "PR1", "CF10 1PA", "")}}},
		{Rule: "179", Fires: [][]string{{"!" + noPlace}}, Also: []string{"169", "392A", "392B"},
			Holds: [][]string{{pcRow("C2", "U1", "PR1", "BL1 1PA", "SC123456")}}},
		{Rule: "420", Fires: [][]string{{shortBreak("!", "OL1 1PA", "SC123456")}}, Also: []string{"214", "398"}, // a short break takes no postcodes or URN
			Holds: [][]string{{shortBreak("", "", "")}}},
		// the LA's own children's home out of the LA; its own foster care
		// may be, and another provider's home
		{Rule: "1015", Fires: [][]string{{"!" + pcRow("C2", "K2", "PR1", "BL1 1PA", "SC123456")}},
			Holds: [][]string{{pcRow("C2", "U1", "PR1", "BL1 1PA", "SC123456")}, {pcRow("C2", "K2", "PR1", "OL1 1PA", "SC123456")},
				{pcRow("C2", "K2", "PR2", "BL1 1PA", "SC123456")}}},
		// no URN in England; none needed in Wales, nor with parents (P1)
		{Rule: "218", Fires: [][]string{{"!" + pcRow("C2", "U1", "PR1", "OL1 1PA", "")}, {"!" + pcRow("C2", "K2", "PR2", "BL1 1PA", "")}},
			Holds: [][]string{{pcRow("C2", "U1", "PR1", "CF10 1PA", "")}, {pcRow("C2", "P1", "PR0", "OL1 1PA", "")}}},
		// an H5 placement open on 28 October 2023 with XXXXXXX or no URN;
		// one that ended the day before, one in Wales, one with a URN
		{Rule: "230", Fires: [][]string{{h5("!", "28/10/2023", "OL1 1PA", "XXXXXXX")}},
			Holds: [][]string{{h5("", "27/10/2023", "OL1 1PA", "XXXXXXX")}, {h5("", "15/01/2024", "CF10 1PA", "XXXXXXX")}, {h5("", "15/01/2024", "OL1 1PA", "SC123456")}}},
		// a blank URN is also a URN missing (218, which in 2023-24 exempts no H5)
		{Rule: "230", Fires: [][]string{{h5("!", "15/01/2024", "OL1 1PA", "")}}, Also: []string{"218"}},
		// another LA at the same distance; both out of the LA
		{Rule: "452", Fires: [][]string{across("S", "BL1 1PB", "WN1 1PA")}, Also: []string{"503H"},
			Holds: [][]string{hold(across("S", "BL1 1PB", "BL1 1PB"))}},
		{Rule: "503H", Fires: [][]string{across("S", "BL1 1PB", "WN1 1PA")}, Also: []string{"452"},
			Holds: [][]string{hold(across("S", "OL1 1PA", "OL1 1PB"))}},
		// from in the LA to out of it, as far from home
		{Rule: "503J", Fires: [][]string{across("S", "OL1 1PA", "BL1 1PB")}, Also: []string{"452", "503H"},
			Holds: [][]string{hold(across("S", "OL1 1PA", "OL1 1PB"))}},
		// 0.2 miles further: rule 453 for the same RNE; 0.1 is allowed
		{Rule: "453", Fires: [][]string{across("S", "OL1 1PA", "OL1 1PC")}, Also: []string{"503G"},
			Holds: [][]string{hold(across("S", "OL1 1PA", "OL1 1PB"))}},
		{Rule: "503G", Fires: [][]string{across("S", "OL1 1PC", "OL1 1PA")}, Also: []string{"453"},
			Holds: [][]string{hold(across("S", "OL1 1PC", "OL1 1PB"))}},
	}
}
