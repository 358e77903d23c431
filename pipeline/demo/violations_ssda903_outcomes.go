package demo

// The cases of sql/validate_ssda903_outcomes.sql: DfE's SSDA903 rules
// numbered 600 and above and the social worker episode rules.

func init() {
	ssda903Families = append(ssda903Families, outcomeViolations)
	// the tables these cases use beyond violations.go's
	SSDA903Headers["previous_permanence"] = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM"
	SSDA903Headers["sw_episodes23"] = SSDA903Headers["sw_episodes"]
}

func outcomeViolations() []Violation {
	ep := func(decom, dec, rec string) string {
		return "episodes|" + decom + ",S,C2,N1,U1,PR1," + dec + "," + rec + ",,,,"
	}
	ep23 := func(decom, dec, rec string) string {
		return "episodes23|" + decom + ",S,C2,N1,U1,PR1," + dec + "," + rec + ",,,,"
	}
	// a girl born May 2008: MOTHER and MC_DOB as given
	girl := func(mother, mcDOB string) string {
		return "header|F,01/05/2008,WBRI," + knownUPN + "," + mother + "," + mcDOB
	}
	oc3 := func(dob string) string { return "oc3|" + dob + ",YES,F1,B1" }
	perm := func(prev, la, date string) string {
		return "previous_permanence|01/05/2015," + prev + "," + la + "," + date
	}
	sw := func(id, decom, dec, reason string) string {
		return "sw_episodes|01/05/2015," + id + "," + decom + "," + dec + "," + reason
	}
	sw23 := func(id, decom, dec, reason string) string {
		return "sw_episodes23|01/05/2015," + id + "," + decom + "," + dec + "," + reason
	}
	// adopted from a placement for adoption under a placement order, with
	// its decision (rules 390, 551, 553)
	adopted := "episodes|01/05/2024,S,E1,N1,A6,PR1,01/06/2024,E11,,,,"
	placed := "placed_for_adoption|01/05/2015,01/05/2024,,"
	open := ep("01/05/2024", "", "")
	return []Violation{
		// the decision (DATE_INT) in the period of care (rule 334)
		// the items all blank: some given, some not, is rule 151's
		{Rule: "601", Fires: [][]string{withAdoption(adopted, placed, "!ad1|01/05/2015,,,,,,")},
			Holds: [][]string{withAdoption(adopted, placed, "ad1|01/05/2015,01/05/2024,15/05/2024,0,1,M1,L0"),
				withAdoption("episodes23|01/05/2023,S,E1,N1,A6,PR1,31/03/2024,E11,,,,", "placed_for_adoption23|01/05/2015,01/05/2023,,", "ad1|01/05/2015,,,,,,")}}, // adopted the year before
		{Rule: "602", Fires: [][]string{{"!ad1|01/05/2015,01/06/2024,01/07/2024,0,1,M1,L0"}},
			Holds: [][]string{withAdoption("ad1|01/05/2015,01/06/2024,01/07/2024,0,1,M1,L0")}},
		{Rule: "607", Fires: [][]string{{"!" + girl("", ""), adopted, placed}},
			Also:  []string{"393"}, // a looked-after girl with MOTHER blank
			Holds: [][]string{{girl("0", ""), adopted, placed}}},
		{Rule: "612", Fires: [][]string{{"!" + girl("0", "15/05/2024")}, {"!" + girl("", "15/05/2024")}},
			Holds: [][]string{{girl("1", "15/05/2024")}}},
		{Rule: "624", Fires: [][]string{{"header23|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2023", "!" + girl("1", "15/06/2023")},
			{"header23|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2023", "!" + girl("0", "")}},
			Holds: [][]string{{"header23|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2023", girl("1", "20/05/2023")}}}, // the same month: not certain
		{Rule: "625", Fires: [][]string{{"!" + girl("1", "15/04/2025")}, {"!" + girl("1", "15/07/2024"), ep("01/05/2024", "30/06/2024", "E13")}},
			Holds: [][]string{{girl("1", "15/03/2025")}, {girl("1", "15/06/2024"), ep("01/05/2024", "30/06/2024", "E13")}}}, // the same month: not certain
		{Rule: "626", Fires: [][]string{{"header23|F,01/05/2008,WBRI," + knownUPN + ",0,", "!" + girl("1", "15/03/2024")}},
			Holds: [][]string{{"header23|F,01/05/2008,WBRI," + knownUPN + ",0,", girl("1", "15/04/2024")}}},
		{Rule: "628", Fires: [][]string{{"!header|F,01/05/2006,WBRI," + knownUPN + ",0,", oc3("01/05/2006"), leftCare23}},
			Holds: [][]string{{"header|F,01/05/2006,WBRI," + knownUPN + ",,", oc3("01/05/2006"), leftCare23}}},
		{Rule: "632", Fires: [][]string{{open, "!" + perm("P1", "358", "01/05/2024")}},
			Holds: [][]string{{open, perm("P1", "358", "30/04/2024")}}},
		{Rule: "634", Fires: [][]string{{ep23("31/03/2016", "", ""), ep("31/03/2016", "", ""), "!" + perm("P1", "358", "01/01/2015")}},
			Holds: [][]string{{ep23("01/04/2016", "", ""), ep("01/04/2016", "", ""), perm("P1", "358", "01/01/2015")}}},
		// starting to be looked after in the year; the near miss the day before
		{Rule: "630", Fires: [][]string{{"!" + ep("01/04/2024", "", ""), "previous_permanence|01/05/2015,,,"}},
			Holds: [][]string{{ep("01/05/2024", "", ""), perm("Z1", "", "")}, {ep23("31/03/2024", "", ""), ep("31/03/2024", "", "")}}},
		{Rule: "635", Fires: [][]string{{"!" + perm("", "358", "01/01/2015")}, {"!" + perm("", "", "01/01/2015")}},
			Holds: [][]string{{perm("Z1", "", "")}}},
		// no episode in this year's return or last year's
		{Rule: "1002", Fires: [][]string{{"!" + oc3("01/05/2005")}}, Holds: [][]string{{leftCare23, oc3("01/05/2005")}}},
		{Rule: "1003", Fires: [][]string{{open, "!placed_for_adoption|01/05/2015,30/04/2024,,"}},
			Holds: [][]string{{open, "placed_for_adoption|01/05/2015,01/05/2024,,"}}},
		{Rule: "1007", Fires: [][]string{{open, "!" + oc3("01/03/2008")}, {open, "!" + oc3("01/04/2006")}},
			Holds: [][]string{{open, "oc3|01/03/2008,,,"}, {open, oc3("01/03/2006")}, // 17 and looked after, with no care leaver information; 19 by 31 March
				{ep("01/05/2024", "01/06/2024", "E13"), oc3("01/03/2008")}}}, // no longer looked after
		// 18, ceased at 18; the near miss ceased before the 17th birthday
		{Rule: "1016", Fires: [][]string{{ep("01/05/2024", "01/06/2024", "E13"), "!" + oc3("01/05/2006")}},
			Holds: [][]string{{ep("01/05/2024", "01/06/2024", "E13"), oc3("01/09/2007")}}},
		// open at the end of 2023-24 (so missing from 2024-25's episodes: 502)
		{Rule: "1010", Fires: [][]string{{alsoBreaks(ep23("01/06/2023", "", ""), "502"), "!" + oc3("01/05/2005")}},
			Holds: [][]string{{ep23("01/06/2023", "01/07/2023", "E13"), oc3("01/05/2005")}}},
		{Rule: "1014", Fires: [][]string{{ep23("01/05/2023", "31/03/2024", "E13"), ep("01/05/2023", "31/03/2024", "E13"), "!uasc|M,01/05/2005,", oc3("01/05/2005")}},
			Holds: [][]string{{ep23("01/05/2023", "", ""), ep("01/05/2023", "01/04/2024", "E13"), "uasc|M,01/05/2005,", oc3("01/05/2005")}}},
		{Rule: "SW06STG2", Fires: [][]string{{"!" + sw("SW1", "01/04/2025", "", "MANAGE")}},
			Holds: [][]string{{sw("SW1", "31/03/2025", "", "MANAGE")}}},
		// the period starts a year before the collection year from 2024-25, with it before
		{Rule: "SW07STG2", Fires: [][]string{{"!" + sw("SW1", "01/01/2023", "31/03/2023", "MANAGE")}, {"!" + sw23("SW1", "01/01/2023", "31/03/2023", "MANAGE")}},
			Holds: [][]string{{sw("SW1", "01/01/2023", "01/04/2023", "MANAGE")}, {sw23("SW1", "01/01/2023", "01/04/2023", "MANAGE")}}},
		{Rule: "SW08STG2", Fires: [][]string{{"!" + sw("SW1", "01/06/2024", "", "MANAGE"), sw("SW2", "01/08/2024", "", "MANAGE")}},
			Also:  []string{"SW14STG2"}, // an episode with no end that is not the latest
			Holds: [][]string{{sw("SW1", "01/06/2024", "01/08/2024", "MANAGE"), sw("SW2", "01/08/2024", "", "MANAGE")}}},
		{Rule: "SW14STG2", Fires: [][]string{{"!" + sw("SW1", "01/06/2024", "", "OTHERS"), sw("SW2", "02/09/2024", "", "OTHERS")}},
			Also:  []string{"SW08STG2"}, // a later episode starts while it is open
			Holds: [][]string{{sw("SW1", "01/06/2024", "02/09/2024", "OTHERS"), sw("SW2", "02/09/2024", "", "OTHERS")}}},
		// near 31 March, so that SW11a (5 days, from an end 5 days before it) does not apply
		{Rule: "SW10STG2", Fires: [][]string{{sw("SW1", "01/06/2024", "27/03/2025", "MANAGE"), "!" + sw("SW2", "19/03/2025", "", "MANAGE")},
			{sw23("SW1", "01/06/2023", "27/03/2024", "MANAGE"), "!" + sw23("SW2", "19/03/2024", "", "FCONTA")}}, // no FCONTA exception in 2023-24
			Holds: [][]string{{sw("SW1", "01/06/2024", "27/03/2025", "MANAGE"), sw("SW2", "20/03/2025", "", "MANAGE")},
				{sw("SW1", "01/06/2024", "27/03/2025", "MANAGE"), sw("SW2", "19/03/2025", "", "FCONTA")}}}, // the family asked
		{Rule: "SW11aSTG2", Fires: [][]string{{sw("SW1", "01/06/2024", "01/07/2024", "MANAGE"), "!" + sw("SW2", "07/07/2024", "", "MANAGE")},
			{sw("SW1", "01/06/2024", "26/03/2025", "MANAGE"), "!" + sw("SW2", "20/03/2025", "", "MANAGE")}},
			Holds: [][]string{{sw("SW1", "01/06/2024", "01/07/2024", "MANAGE"), sw("SW2", "06/07/2024", "", "MANAGE")},
				{sw("SW1", "01/06/2024", "27/03/2025", "MANAGE"), sw("SW2", "20/03/2025", "", "MANAGE")}}}, // ended in the last 5 days: SW11b's
		{Rule: "SW11bSTG2", Fires: [][]string{{"!" + sw("SW1", "01/06/2024", "26/03/2025", "MANAGE")}},
			Holds: [][]string{{sw("SW1", "01/06/2024", "25/03/2025", "MANAGE")}}},
		{Rule: "SW13STG1", Fires: [][]string{{sw("SW1", "01/06/2024", "01/07/2024", "MANAGE"), "!" + sw("SW2", "01/07/2024", "", "")}},
			Also: []string{"SW15STG2", "SW01bSTG1"}}, // it started in the social worker reporting period
		{Rule: "SW13STG1", Fires: [][]string{{"!" + sw23("SW1", "01/06/2023", "", "")}}, // no exception in 2023-24
			// carried over from before 1 April, and from before the social
			// worker reporting period (SW15STG2, SW01bSTG1)
			Holds: [][]string{{sw("SW1", "01/03/2023", "", "")},
				{sw("SW1", "01/01/2023", "01/07/2024", ""), sw("SW2", "01/07/2024", "", "MANAGE")}}},
		{Rule: "SW15STG2", Fires: [][]string{{"!" + sw("SW1", "01/04/2023", "", "")}},
			Also:  []string{"SW01bSTG1"}, // the same blank, in its rule on complete episodes
			Holds: [][]string{{sw("SW1", "31/03/2023", "", "")}}},
		{Rule: "SW01bSTG1", Fires: [][]string{{"!" + sw("", "01/04/2023", "", "MANAGE")}}, Also: []string{"SW03STG1"},
			Holds: [][]string{{sw("SW1", "01/04/2023", "", "MANAGE")}}},
		{Rule: "SW01aSTG1", Fires: [][]string{{"!" + sw("", "31/03/2023", "", "MANAGE")}}, Also: []string{"SW03STG1"}},
		{Rule: "SW16aSTG2", Fires: [][]string{{sw23("SW1", "01/01/2024", "", "MANAGE"), "!" + sw("SW2", "01/01/2024", "", "MANAGE")}},
			Holds: [][]string{{sw23("SW1", "01/01/2024", "", "MANAGE"), sw("SW1", "01/01/2024", "", "MANAGE")}}},
		{Rule: "SW16bSTG2", Fires: [][]string{{sw23("SW1", "01/01/2024", "", "MANAGE"), "!" + sw("SW1", "02/01/2024", "", "MANAGE")}},
			Holds: [][]string{{sw23("SW1", "01/01/2024", "01/03/2024", "MANAGE"), sw("SW2", "01/03/2024", "", "FCONTA")}}}, // ended last year
		{Rule: "SW16cSTG2", Fires: [][]string{{sw23("SW1", "01/01/2024", "", "MANAGE"), "!" + sw("SW1", "01/01/2024", "", "FCONTA")}},
			Holds: [][]string{{sw23("SW1", "01/01/2024", "", "FCONTA"), sw("SW1", "01/01/2024", "", "FCONTA")}}},
	}
}
