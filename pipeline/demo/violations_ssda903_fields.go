package demo

// The SSDA903 field rules' cases (sql/validate_ssda903_fields.sql): each
// firing row carries the bad value in the field the rule is about.

func init() {
	ssda903Families = append(ssda903Families, fieldViolations903)
	// Tables the base cases do not write. The reviews go to a file of their
	// own (reviews_f), as the generator writes the return's reviews file
	// after the injected tables; the reader knows a table by its header.
	SSDA903Headers["reviews_f"] = "CHILD,DOB,REVIEW,REVIEW_CODE"
	SSDA903Headers["oc2"] = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK," +
		"HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"
	SSDA903Headers["previous_permanence"] = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM"
	// Deprivations of liberty of the 2026-27 return (rules 700, 701): the
	// file's YEAR column puts its rows in that year.
	SSDA903Headers["DoLo27"] = "CHILD,DOB,DOLO_START,DOLO_END,YEAR"
}

func fieldViolations903() []Violation {
	hd := func(sex, dob, ethnic string) string {
		return "header|" + sex + "," + dob + "," + ethnic + "," + knownUPN + ",,"
	}
	// an episode: start, reason for new episode, legal status, need, placement, end, reason ended, reason for placement change
	ep := func(decom, rne, ls, cin, place, dec, rec, rpc string) string {
		provider := "PR1"
		if place == "Z1" { // other placements have no provider (rule 213)
			provider = ""
		}
		return "episodes|" + decom + "," + rne + "," + ls + "," + cin + "," + place + "," + provider + "," + dec + "," + rec + "," + rpc + ",,,"
	}
	ad1 := func(dateInt, dateMatch, foster, nb, sex, ls string) string {
		return "ad1|01/05/2015," + dateInt + "," + dateMatch + "," + foster + "," + nb + "," + sex + "," + ls
	}
	pa := func(placed, ceased, reason string) string {
		return "placed_for_adoption|01/05/2015," + placed + "," + ceased + "," + reason
	}
	// the outcomes (OC2) of a child of 9 looked after for the whole year
	// (cla, both years' returns): SDQ_SCORE, SDQ_REASON and IMMUNISATIONS
	// as given, the rest as the child's age needs (no CONVICTED or
	// HEALTH_CHECK: rules 542, 546)
	cla := []string{"episodes23|01/01/2023,S,C2,N1,U1,PR1,,,,,,", "episodes|01/01/2023,S,C2,N1,U1,PR1,,,,,,"}
	oc2 := func(score, reason, flag string) []string {
		return append(append([]string(nil), cla...), "oc2|01/05/2015,"+score+","+reason+",,,"+flag+",1,1,0,,")
	}
	fires := func(rows []string) []string { rows[len(rows)-1] = "!" + rows[len(rows)-1]; return rows }
	sw := func(decom, dec, reason string) string {
		return "sw_episodes|01/05/2015,SW1," + decom + "," + dec + "," + reason
	}
	rv := func(review, code string) string { return "reviews_f|01/05/2015," + review + "," + code }
	pp := func(perm, la string) string {
		return "previous_permanence|01/05/2015," + perm + "," + la + ",zz/03/2014"
	}
	dolo27 := func(start, end string) string { return "DoLo27|01/05/2015," + start + "," + end + ",2026-27" }
	return []Violation{
		{Rule: "700", Fires: [][]string{{"!" + dolo27("31/06/2026", "")}, {"!" + dolo27("", "")}}, Holds: [][]string{{dolo27("30/06/2026", "")}}},
		{Rule: "701", Fires: [][]string{{"!" + dolo27("01/06/2026", "31/06/2026")}}, Holds: [][]string{{dolo27("01/06/2026", "30/06/2026")}}},
		{Rule: "101", Fires: [][]string{{"!" + hd("X", "01/05/2015", "WBRI")}, {"!" + hd("", "01/05/2015", "WBRI")}},
			Holds: [][]string{{alsoBreaks(hd("U", "01/05/2015", "WBRI"), "232")}}}, // a valid code, which 232 queries
		{Rule: "232", Fires: [][]string{{"!" + hd("U", "01/05/2015", "WBRI")}}, Holds: [][]string{{hd("F", "01/05/2015", "WBRI")}}},
		{Rule: "102", Fires: [][]string{{"!" + hd("M", "31/02/2015", "WBRI")}, {"!" + hd("M", "", "WBRI")}},
			Holds: [][]string{{hd("M", "29/02/2016", "WBRI")}}},
		{Rule: "103", Fires: [][]string{{"!" + hd("M", "01/05/2015", "WBRX")}, {"!" + hd("M", "01/05/2015", "")}},
			Holds: [][]string{{hd("M", "01/05/2015", "NOBT")}}},
		{Rule: "104", Fires: [][]string{{"!uasc|M,01/05/2008,31/04/2024"}, {"!uasc|M,01/05/2008,31/03/2024"}},
			Holds: [][]string{{"uasc|M,01/05/2008,01/04/2024"}, {"uasc|M,01/05/2008,"}}},
		{Rule: "112", Fires: [][]string{{"!" + ad1("32/05/2024", "01/06/2024", "0", "1", "M1", "L0")}},
			Also:  []string{"333", "602"}, // so no date of the decision before the match; details of no adoption in the year
			Holds: [][]string{withAdoption(ad1("31/05/2024", "01/06/2024", "0", "1", "M1", "L0"))}},
		{Rule: "113", Fires: [][]string{{"!" + ad1("01/05/2024", "2024-06-31", "0", "1", "M1", "L0")}},
			// details of no adoption in the year
			Also:  []string{"602"},
			Holds: [][]string{withAdoption(ad1("01/05/2024", "2024-06-30", "0", "1", "M1", "L0"))}},
		{Rule: "114", Fires: [][]string{{"!" + ad1("01/05/2024", "01/06/2024", "2", "1", "M1", "L0")}},
			// details of no adoption in the year
			Also:  []string{"602"},
			Holds: [][]string{withAdoption(ad1("01/05/2024", "01/06/2024", "1", "1", "M1", "L0")), withAdoption(ad1("", "", "", "", "", ""))}}, // blank, as all the items are (151)
		{Rule: "175", Fires: [][]string{{"!" + ad1("01/05/2024", "01/06/2024", "0", "3", "M1", "L0")}, {"!" + ad1("01/05/2024", "01/06/2024", "0", "0", "M1", "L0")},
			{"!" + ad1("01/05/2024", "01/06/2024", "0", "one", "M1", "L0")}},
			// details of no adoption in the year
			Also:  []string{"602"},
			Holds: [][]string{withAdoption(ad1("01/05/2024", "01/06/2024", "0", "2", "MF", "L11"))}},
		{Rule: "176", Fires: [][]string{{"!" + ad1("01/05/2024", "01/06/2024", "0", "1", "M2", "L0")}},
			Also:  []string{"514", "602"}, // so not a single adopter's code; details of no adoption in the year
			Holds: [][]string{withAdoption(ad1("01/05/2024", "01/06/2024", "0", "1", "F1", "L0"))}},
		{Rule: "177", Fires: [][]string{{"!" + ad1("01/05/2024", "01/06/2024", "0", "1", "MF", "L1")}},
			// details of no adoption in the year
			Also:  []string{"602"},
			Holds: [][]string{withAdoption(ad1("01/05/2024", "01/06/2024", "0", "2", "FF", "L12"))}}, // a couple of the same sex (524)
		{Rule: "115", Fires: [][]string{{"!" + pa("00/06/2024", "", "")}}, Holds: [][]string{{pa("01/06/2024", "", "")}}},
		// a bad date or reason is kept as missing: so only one of the two is given (119)
		{Rule: "116", Fires: [][]string{{"!" + pa("01/06/2024", "30/13/2024", "RD1")}}, Also: []string{"119"},
			Holds: [][]string{{pa("01/06/2024", "30/12/2024", "RD1")}}},
		{Rule: "120", Fires: [][]string{{"!" + pa("01/06/2024", "01/07/2024", "RD5")}}, Also: []string{"119"},
			Holds: [][]string{{pa("01/06/2024", "01/07/2024", "RD4")}}},
		// a bad care leaver code is kept as missing: so not all three are given (153)
		{Rule: "131", Fires: [][]string{{"!oc3|01/05/2006,MAYBE,F1,B1", leftCare23}}, Also: []string{"153"}, Holds: [][]string{{"oc3|01/05/2006,RHOM,0,0", leftCare23}}}, // RHOM: no activity or accommodation (344)
		{Rule: "132", Fires: [][]string{{"!oc3|01/05/2006,YES,F9,B1", leftCare23}}, Also: []string{"153"}, Holds: [][]string{{"oc3|01/05/2006,YES,G6,B1", leftCare23}}},
		{Rule: "133", Fires: [][]string{{"!oc3|01/05/2006,YES,F1,S1", leftCare23}}, Holds: [][]string{{"oc3|01/05/2006,YES,F1,S2", leftCare23}}},
		{Rule: "133", Fires: [][]string{{"!oc3|01/05/2006,YES,F1,Q1", leftCare23}}, Also: []string{"153"}},
		{Rule: "141", Fires: [][]string{{"!" + ep("31/06/2024", "S", "C2", "N1", "U1", "", "", "")}}},
		{Rule: "143", Fires: [][]string{{"!" + ep("01/06/2024", "Q", "C2", "N1", "U1", "", "", "")}}, Also: []string{"357"}}, // the child's first episode, not S
		{Rule: "144", Fires: [][]string{{"!" + ep("01/06/2024", "S", "C9", "N1", "U1", "", "", "")}}},
		{Rule: "145", Fires: [][]string{{"!" + ep("01/06/2024", "S", "C2", "N9", "U1", "", "", "")}}},
		{Rule: "146", Fires: [][]string{{"!" + ep("01/06/2024", "S", "C2", "N1", "Z11", "", "", "")}, // Z11 only from 2025-26
			{"!" + ep("01/06/2024", "S", "C2", "N1", "Q7", "", "", "")}},
			// K3 from 2024-25; H5 and Z1 until 2024-25
			Holds: [][]string{{ep("01/06/2024", "S", "C2", "N1", "K3", "", "", "")}, {ep("01/06/2024", "S", "C2", "N1", "Z1", "", "", "")},
				{ep("01/06/2024", "S", "C2", "N1", "H5", "", "", "")}}},
		{Rule: "147", Fires: [][]string{{"!" + ep("01/06/2024", "S", "C2", "N1", "U1", "01/15/2024", "E13", "")}},
			Also:  []string{"148"}, // a bad date is kept as missing: a reason with no date
			Holds: [][]string{{ep("01/06/2024", "S", "C2", "N1", "U1", "15/01/2025", "E13", "")}}},
		{Rule: "149", Fires: [][]string{{"!" + ep("01/06/2024", "S", "C2", "N1", "U1", "15/01/2025", "E43", "")}},
			Holds: [][]string{{ep("01/06/2024", "S", "C2", "N1", "U1", "15/01/2025", "E48", "")}}},
		{Rule: "1009", Fires: [][]string{{"!" + ep("01/06/2024", "S", "C2", "N1", "U1", "", "", "MOVED")}},
			Holds: [][]string{{ep("01/06/2024", "S", "C2", "N1", "U1", "", "", "CUSTOD")}}}, // a first episode starts care (357)
		{Rule: "166", Fires: [][]string{{"!" + rv("31/11/2024", "PN1")}}, Holds: [][]string{{rv("30/11/2024", "PN1")}}},
		{Rule: "166", Fires: [][]string{{"!" + rv("", "PN1")}}, Also: []string{"167"}}, // a code with no review date
		{Rule: "167", Fires: [][]string{{"!" + rv("30/11/2024", "PN8")}, {"!" + rv("30/11/2024", "")}},
			Holds: [][]string{{rv("30/11/2024", "PN1")}}},
		{Rule: "180", Fires: [][]string{fires(oc2("41", "", "1"))}, Holds: [][]string{oc2("40", "", "1"), oc2("0", "", "1")}},
		// a bad score or flag is kept as missing: so the child looked after
		// for the year has no SDQ score (186) or lacks an item (191)
		{Rule: "180", Fires: [][]string{fires(oc2("39.5", "", "1"))}, Also: []string{"186"}},
		{Rule: "181", Fires: [][]string{fires(oc2("12", "", "2"))}, Also: []string{"191"}, Holds: [][]string{oc2("12", "", "0")}},
		{Rule: "564", Fires: [][]string{{"!missing|01/05/2015,M,,"}}, Also: []string{"1004"}, // a blank start
			Holds: [][]string{{"missing|01/05/2015,A,10/06/2024,"}}},
		{Rule: "1004", Fires: [][]string{{"!missing|01/05/2015,M,32/05/2024,"}}, Holds: [][]string{{"missing|01/05/2015,M,31/05/2024,"}}},
		{Rule: "1005", Fires: [][]string{{"!missing|01/05/2015,M,01/06/2024,31/06/2024"}}, Holds: [][]string{{"missing|01/05/2015,M,01/06/2024,30/06/2024"}}},
		{Rule: "1006", Fires: [][]string{{"!missing|01/05/2015,X,01/06/2024,"}}},
		{Rule: "171", Fires: [][]string{{"!header|F,01/05/2008,WBRI," + knownUPN + ",,31/02/2024"}}, Holds: [][]string{{"header|F,01/05/2008,WBRI," + knownUPN + ",1,29/02/2024"}}},
		{Rule: "178", Fires: [][]string{{"!episodes|01/06/2024,S,C2,N1,U1,PR9,,,,,,"}}, Also: []string{"526"}, // a bad provider is kept as missing
			Holds: [][]string{{"episodes|01/06/2024,S,C2,N1,P1,PR0,,,,,,"}}}, // PR0 with parents (550)
		{Rule: "196", Fires: [][]string{fires(oc2("", "SDQ9", "1"))}, Also: []string{"186"}, // a bad reason is kept as missing
			Holds: [][]string{oc2("", "SDQ5", "1")}},
		{Rule: "392c", Fires: [][]string{{"!episodes|01/06/2024,S,C2,N1,U1,PR1,,,,NOTAPC,M2 2BB,SC123456"}}, Also: []string{"392A"}, // no distance
			Holds: [][]string{{"episodes|01/06/2024,S,C2,N1,U1,PR1,,,,M1 1AA,M2 2BB,SC123456"}}},
		// a placement postcode not of a postcode's shape has no LA in ONS's directory
		{Rule: "392c", Fires: [][]string{{"!episodes|01/06/2024,S,C2,N1,U1,PR1,,,,M1 1AA,M2 2B,SC123456"}}, Also: []string{"169", "179", "392A"}},
		{Rule: "1008", Fires: [][]string{{"!episodes|01/06/2024,S,C2,N1,U1,PR1,,,,,,12345"}}, Holds: [][]string{{"episodes|01/06/2024,S,C2,N1,U1,PR1,,,,,,SC123456"}}},
		// with no date: a bad option is kept as missing, and a date with no option breaks 635
		{Rule: "631", Fires: [][]string{{"!previous_permanence|01/05/2015,P5,,"}}, Holds: [][]string{{pp("Z1", "")}}},
		{Rule: "633", Fires: [][]string{{"!" + pp("P1", "XYZ")}}, Holds: [][]string{{pp("P1", "SCO")}, {pp("P1", "358")}}},
		{Rule: "SW03STG1", Fires: [][]string{{"!sw_episodes|01/05/2015,,01/06/2024,,MANAGE"}},
			Also: []string{"SW01bSTG1"}}, // no social worker for an episode in the reporting period
		// an episode with no valid start breaks SW01aSTG1 and SW01bSTG1 too
		{Rule: "SW04STG1", Fires: [][]string{{"!" + sw("31/06/2024", "", "MANAGE")}}, Also: []string{"SW01aSTG1", "SW01bSTG1"},
			Holds: [][]string{{sw("30/06/2024", "", "MANAGE")}}},
		{Rule: "SW04STG1", Fires: [][]string{{"!" + sw("", "", "MANAGE")}}, Also: []string{"SW03STG1", "SW01aSTG1", "SW01bSTG1"}}, // a blank start
		{Rule: "SW05STG1", Fires: [][]string{{"!" + sw("01/06/2024", "31/09/2024", "MANAGE")}},
			Holds: [][]string{{sw("01/06/2024", "30/09/2024", "MANAGE")}}},
		// The episodes without a reason start before the social worker
		// reporting period (1 April 2023), or they break SW15STG2 and
		// SW01bSTG1 (from 2024-25) as well.
		{Rule: "SW13STG1", Fires: [][]string{{"!" + sw("01/06/2024", "", "BORED")},
			// the one that ended before the year is not the year's first: its blank too
			// (the next starting the day after it, within SW10's and SW11a's days)
			{"!" + sw("01/02/2023", "31/03/2024", ""), sw("01/04/2024", "", "MANAGE")}},
			Holds: [][]string{{sw("01/02/2023", "31/05/2024", ""), sw("01/06/2024", "", "SWDIED")}}}, // open on 1 April: its blank is allowed
		{Rule: "SW13STG1", Fires: [][]string{{sw("01/01/2023", "30/06/2024", ""), "!" + sw("01/07/2024", "", "")}}, // not the year's first
			Also: []string{"SW15STG2", "SW01bSTG1"}},
	}
}
