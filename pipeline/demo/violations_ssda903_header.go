package demo

import "strings"

// The injections of validate_ssda903_header.sql: DfE's SSDA903 rules
// numbered 100 to 199.

func init() {
	ssda903Families = append(ssda903Families, headerViolations)
	SSDA903Headers["oc2"] = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT," +
		"SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"
}

func headerViolations() []Violation {
	// an episode of the child's: open when dec is empty
	ep := func(decom, rne, ls, dec, rec string) string {
		return "episodes|" + decom + "," + rne + "," + ls + ",N1,U1,PR1," + dec + "," + rec + ",,,,"
	}
	// looked after continuously since 1 March 2023, in both years' returns
	// (rules 502, 562); ending on dec if given
	cla := func(dec string, more ...string) []string {
		rec := ""
		if dec != "" {
			rec = "E13"
		}
		return append([]string{"episodes23|01/03/2023,S,C2,N1,U1,PR1,,,,,,", ep("01/03/2023", "S", "C2", dec, rec)}, more...)
	}
	// an OC2 row: DOB, SDQ_SCORE, SDQ_REASON, then CONVICTED, HEALTH_CHECK,
	// IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE,
	// INTERVENTION_RECEIVED and INTERVENTION_OFFERED
	oc2 := func(dob, score, reason, items string) string {
		return "oc2|" + dob + "," + score + "," + reason + "," + items
	}
	// every item a child looked after for 12 months needs at their age on
	// 31 March 2025 (DOB dd/mm/yyyy): CONVICTED from 10 (rules 542, 543),
	// HEALTH_CHECK under 5 (545, 546)
	complete := func(dob string) string {
		born := dob[6:] + dob[3:5]
		switch {
		case born >= "202004":
			return ",1,1,1,1,0,,"
		case born >= "201504":
			return ",,1,1,1,0,,"
		}
		return "0,,1,1,1,0,,"
	}
	inYear := ep("01/05/2024", "S", "C2", "", "")
	shortBreak := "episodes|10/04/2024,S,V3,N1,U3,PR1,12/04/2024,E13,,,," // before inYear; not in long-term foster care (rule 384)
	entered := ep("02/04/2024", "S", "C2", "", "")                        // came into care after 1 April: not looked after for 12 months
	adoption := "ad1|01/05/2015,01/06/2024,01/07/2024,0,1,M1,L0"
	leaver := "oc3|01/05/2006,YES,F1,B1"
	// a care leaver of 19 at 31 March: no longer one whose information a
	// looked after 17 or 18 year old does not need (rules 1007, 1016)
	leaver19 := "oc3|01/03/2006,YES,F1,B1"
	return []Violation{
		{Rule: "104", Fires: [][]string{{"!uasc|M,01/05/2010,31/03/2024"}}, Holds: [][]string{{"uasc|M,01/05/2010,01/04/2024"}}},
		{Rule: "117", Fires: [][]string{
			{ep("01/05/2024", "S", "C2", "01/09/2024", "E13"), "!placed_for_adoption|01/05/2015,01/06/2024,02/09/2024,RD1"},
			{inYear, "!placed_for_adoption|01/05/2015,01/04/2025,,"}},
			Holds: [][]string{{strings.Replace(ep("01/05/2024", "S", "C2", "01/07/2024", "X1"), ",X1,,", ",X1,CARPL,", 1), ep("01/07/2024", "P", "C2", "01/09/2024", "E13"),
				"placed_for_adoption|01/05/2015,01/06/2024,01/09/2024,RD1"}, {inYear, "placed_for_adoption|01/05/2015,31/03/2025,,"}}},
		// each decision made in a period of care (rule 1003: here a short
		// break from 10 April) and, if before the year, in last year's
		// return too (559)
		{Rule: "118", Fires: [][]string{
			{shortBreak, inYear, "!placed_for_adoption|01/05/2015,10/04/2024,30/04/2024,RD1"},
			cla("", "placed_for_adoption23|01/05/2015,01/03/2024,,", "!placed_for_adoption|01/05/2015,01/03/2024,31/03/2024,RD1")},
			Holds: [][]string{{shortBreak, inYear, "placed_for_adoption|01/05/2015,10/04/2024,01/05/2024,RD1"},
				cla("", "placed_for_adoption23|01/05/2015,01/03/2024,,", "placed_for_adoption|01/05/2015,01/03/2024,01/04/2024,RD1")}},
		{Rule: "134", Fires: [][]string{withAdoption("!"+adoption, alsoBreaks(leaver, "1016"), leftCare23)}, Holds: [][]string{withAdoption(adoption, "oc3|01/05/2006,,,", leftCare23)}},
		{Rule: "157", Fires: [][]string{cla("", "!"+oc2("01/05/2014", "", "SDQ1", complete("01/05/2014"))), cla("", "!"+oc2("01/03/2020", "", "SDQ1", complete("01/03/2020"))),
			cla("", "!"+oc2("01/04/2009", "", "SDQ1", complete("01/04/2009")))},
			Holds: [][]string{cla("", oc2("01/04/2020", "", "SDQ1", complete("01/04/2020"))), cla("", oc2("01/03/2009", "", "SDQ1", complete("01/03/2009")))}}, // the month of the birthday: not certain
		{Rule: "158", Fires: [][]string{cla("", "!"+oc2("01/05/2014", "12", "", "0,,1,1,1,1,1,0"))},
			Holds: [][]string{cla("", oc2("01/05/2014", "12", "", "0,,1,1,1,1,1,"))}},
		{Rule: "159", Fires: [][]string{cla("", "!"+oc2("01/05/2014", "12", "", "0,,1,1,1,1,0,"))},
			Holds: [][]string{cla("", oc2("01/05/2014", "12", "", "0,,1,1,1,1,0,1"))}},
		{Rule: "165", Fires: [][]string{{"!header|M,01/05/2010,WBRI," + knownUPN + ",0,", inYear},
			{"!header|F,01/05/2006,WBRI," + knownUPN + ",0,", "episodes23|01/01/2023,S,C2,N1,U1,PR1,01/02/2023,E13,,,,", ep("01/01/2023", "S", "C2", "01/02/2023", "E13"), leaver}},
			Holds: [][]string{{"header|M,01/05/2010,WBRI," + knownUPN + ",,", inYear},
				{"header|F,01/05/2006,WBRI," + knownUPN + ",0,", "episodes23|01/01/2023,S,C2,N1,U1,PR1,01/02/2023,E13,,,,", ep("01/01/2023", "S", "C2", "01/02/2023", "E13"), "oc3|01/05/2006,,,"},
				{"header|F,01/03/2006,WBRI," + knownUPN + ",0,", "episodes23|01/01/2024,S,C2,N1,U1,PR1,,,,,,", ep("01/01/2024", "S", "C2", "01/04/2024", "E13"), leaver19}}}, // looked after on 1 April
		{Rule: "182", Fires: [][]string{cla("", "!"+oc2("01/05/2014", "12", "", "0,,,1,1,0,,"))}, Also: []string{"191"}, // and so a child looked after for 12 months lacks an item
			Holds: [][]string{cla("", oc2("01/05/2014", "12", "", complete("01/05/2014")))}},
		{Rule: "184", Fires: [][]string{{"header|1,01/06/2015,WBRI," + knownUPN + ",,", "placed_for_adoption23|01/06/2015,31/05/2015,,", "!placed_for_adoption|01/06/2015,31/05/2015,,"}},
			Holds: [][]string{{"header|1,15/06/2015,WBRI," + knownUPN + ",,", "placed_for_adoption23|01/06/2015,01/06/2015,,", "placed_for_adoption|01/06/2015,01/06/2015,,"}}}, // the same month: not certain
		{Rule: "185", Fires: [][]string{{entered, "!" + oc2("01/05/2014", "12", "", ",,,,,,,")}, {"!" + oc2("01/05/2014", "12", "", ",,,,,,,")}},
			Holds: [][]string{{ep("01/04/2024", "S", "C2", "", ""), oc2("01/05/2014", "12", "", complete("01/05/2014"))}}}, // in care from 1 April: the whole year
		{Rule: "186", Fires: [][]string{cla("", "!"+oc2("01/05/2014", "", "", complete("01/05/2014"))), cla("", "!"+oc2("01/04/2008", "", "", complete("01/04/2008")))},
			Holds: [][]string{cla("", oc2("01/05/2014", "", "SDQ2", complete("01/05/2014"))), {entered, oc2("01/05/2014", "", "", ",,,,,,,")}}},
		{Rule: "187", Fires: [][]string{cla("31/03/2025", "!"+leaver19)}, // leaving on 31 March: the whole year
			Holds: [][]string{cla("30/03/2025", leaver19), withAdoption(adoption)}},
		{Rule: "187", Fires: [][]string{cla("31/03/2025", "!"+adoption)},
			Also: []string{"602"}}, // and not adopted
		{Rule: "188", Fires: [][]string{cla("", "!"+oc2("01/04/2021", "", "SDQ1", complete("01/04/2021")))},
			Holds: [][]string{cla("", oc2("01/03/2021", "", "SDQ1", complete("01/03/2021")))}}, // the month of the 4th birthday: not certain
		{Rule: "189", Fires: [][]string{cla("", "!"+oc2("01/03/2007", "", "SDQ1", complete("01/03/2007")))},
			Holds: [][]string{cla("", oc2("01/04/2007", "", "SDQ1", complete("01/04/2007")))}}, // the month of the 17th birthday: not certain
		{Rule: "190", Fires: [][]string{{"!" + oc2("01/05/2014", "", "", ",,1,,,,,")}, cla("30/03/2025", "!"+oc2("01/05/2014", "", "", complete("01/05/2014")))},
			Holds: [][]string{cla("31/03/2025", oc2("01/05/2014", "12", "", complete("01/05/2014")))}},
		// a child of 7: neither CONVICTED (from 10) nor HEALTH_CHECK (under 5),
		// so that no other item makes the row partly given (182)
		{Rule: "191", Fires: [][]string{cla("", "!"+oc2("01/05/2017", "12", "", ",,1,,1,0,,"))},
			Holds: [][]string{cla("", oc2("01/05/2017", "12", "", ",,1,1,1,0,,"))}},
		{Rule: "192", Fires: [][]string{cla("", "!"+oc2("01/05/2014", "12", "", "0,,1,1,1,1,,"))},
			Holds: [][]string{cla("", oc2("01/05/2014", "12", "", "0,,1,1,1,1,0,1"))}},
		{Rule: "193", Fires: [][]string{cla("", "!"+oc2("01/05/2014", "12", "", "0,,1,1,1,0,1,"))},
			Holds: [][]string{cla("", oc2("01/05/2014", "12", "", "0,,1,1,1,1,1,"))}},
		{Rule: "197a", Fires: [][]string{cla("", "!"+oc2("01/05/2014", "12", "SDQ2", complete("01/05/2014")))},
			Holds: [][]string{cla("", oc2("01/05/2014", "12", "", complete("01/05/2014")))}},
		{Rule: "197B", Fires: [][]string{cla("", "!"+oc2("01/04/2020", "", "", complete("01/04/2020"))), cla("", "!"+oc2("01/03/2008", "", "", complete("01/03/2008")))},
			Holds: [][]string{cla("", oc2("01/04/2020", "", "SDQ2", complete("01/04/2020"))), {entered, oc2("01/04/2020", "", "", ",,,,,,,")}}},
		// all the adoption items or none
		{Rule: "151", Fires: [][]string{withAdoption("!ad1|01/05/2015,01/05/2024,,0,1,M1,L0")}, Also: []string{"601"}, Holds: [][]string{withAdoption("ad1|01/05/2015,,,,,,")}},
		{Rule: "151", Fires: [][]string{withAdoption("!ad1|01/05/2015,,31/05/2024,0,1,M1,L0")}, Also: []string{"333", "601"}}, // a match with no decision before it; an adoption with details missing
		// an episode after the child was adopted, in this year's return or last year's
		// adopted from a placement for adoption under a placement order, with
		// its decision (rules 390, 551, 553)
		{Rule: "199", Fires: [][]string{{"episodes|01/05/2024,S,E1,N1,A6,PR1,01/06/2024,E11,,,,", "placed_for_adoption|01/05/2015,01/05/2024,,",
			"!" + ep("01/08/2024", "S", "C2", "", "")},
			{"episodes23|01/05/2023,S,E1,N1,A6,PR1,01/06/2023,E11,,,,", "placed_for_adoption23|01/05/2015,01/05/2023,,", "!" + ep("01/08/2024", "S", "C2", "", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "C2", "01/06/2024", "E13"), ep("01/08/2024", "S", "C2", "", "")}}},
		{Rule: "198", Fires: [][]string{{"!" + oc2("01/05/2014", "", "SDQ2", ",,,,,,,")}},
			Holds: [][]string{cla("", oc2("01/05/2014", "", "SDQ2", complete("01/05/2014")))}},
	}
}
