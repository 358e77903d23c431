package demo

import "strings"

// The cases of sql/validate_ssda903_placements.sql: DfE's SSDA903 rules
// with codes 200 to 399.

func init() {
	ssda903Families = append(ssda903Families, placementViolations)
	SSDA903Headers["oc2"] = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK," +
		"HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"
}

// placementEp is an episodes row: no provider for a temporary or other
// placement (rule 213), the parents for one with them (527 to 531).
func placementEp(decom, rne, ls, place, dec, rec, reason string) string {
	provider := "PR1"
	switch {
	case strings.HasPrefix(place, "T") || place == "Z1":
		provider = ""
	case place == "P1":
		provider = "PR0"
	case place == "R2" || place == "R5":
		provider = "PR4"
	}
	return "episodes|" + strings.Join([]string{decom, rne, ls, "N1", place, provider, dec, rec, reason, "", "", ""}, ",")
}

// temporary is a child in foster care (U4) from 1 May 2024, in a
// temporary placement from 1 June to end and back with the foster carers
// after it; mark prefixes the temporary episode.
func temporary(mark, place, end string) []string {
	return []string{placementEp("01/05/2024", "S", "C2", "U4", "01/06/2024", "X1", ""),
		mark + placementEp("01/06/2024", "P", "C2", place, end, "X1", ""),
		placementEp(end, "P", "C2", "U4", "", "", "")}
}

// headed is a boy born in the month of dob with these rows.
func headed(dob string, rows ...string) []string {
	return append([]string{"header|1," + dob + ",WBRI," + knownUPN + ",,"}, rows...)
}

func placementViolations() []Violation {
	ep := placementEp
	open := func(mark, decom, ls, place string) string { return mark + ep(decom, "S", ls, place, "", "", "") }
	// short breaks of 16 days from the 1st of each month from May 2024,
	// the last lasting last days
	breaks := func(mark string, n int, last string) []string {
		var rows []string
		for i, m := range []string{"05", "06", "07", "08", "09"}[:n] {
			end := "17/" + m + "/2024"
			if i == n-1 {
				end = last + "/" + m + "/2024"
			}
			rows = append(rows, mark+ep("01/"+m+"/2024", "S", "V3", "U3", end, "E13", ""))
		}
		return rows
	}
	// three returns to foster care from a temporary placement, n of them
	// (marked) T3
	holidays := func(mark string, n int) []string {
		rows := []string{ep("01/05/2024", "S", "C2", "U4", "05/05/2024", "X1", "")}
		days := []string{"05", "10", "15", "20", "25", "30"}
		for i := 0; i < 3; i++ {
			t, back := days[2*i], days[2*i+1]
			if i < n {
				rows = append(rows, mark+ep(t+"/05/2024", "P", "C2", "T3", back+"/05/2024", "X1", ""))
			} else {
				rows = append(rows, ep(t+"/05/2024", "P", "C2", "U6", back+"/05/2024", "X1", "CARPL"))
			}
			if i < 2 {
				rows = append(rows, ep(back+"/05/2024", "P", "C2", "U4", days[2*i+2]+"/05/2024", "X1", ""))
			}
		}
		// no reason for the change before a temporary placement (226)
		last := len(rows) - 1
		if n < 3 {
			rows[last-1] = strings.Replace(rows[last-1], ",X1,,", ",X1,CARPL,", 1)
		}
		return append(rows, ep("30/05/2024", "P", "C2", "U4", "", "", ""))
	}
	fostered := ep("01/05/2024", "S", "C2", "U4", "01/06/2024", "X1", "CARPL")
	placed := "placed_for_adoption|01/05/2015,01/05/2024,," // on the day care began (rule 1003)
	breakRow := "episodes|01/05/2024,S,V3,N1,U3,PR1,02/05/2024,E13,,,,"
	return []Violation{
		{Rule: "207", Fires: [][]string{{"header23|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2023", "!header|F,01/05/2008,WBRI," + knownUPN + ",0,", open("", "01/05/2024", "C2", "U4")}},
			// not a mother this year, so no MC_DOB (612): not last year's (624)
			Also:  []string{"624"},
			Holds: [][]string{{"header23|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2023", "header|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2023", open("", "01/05/2024", "C2", "U4")}}},
		{Rule: "210", Fires: [][]string{{"!header|1,01/05/2015,WBRI,UN4,,", open("", "24/03/2025", "C2", "U4")}},
			Holds: [][]string{{"header|1,01/05/2015,WBRI,UN4,,", open("", "23/03/2025", "C2", "U4")}}},
		{Rule: "215", Fires: [][]string{{"oc3|01/05/2006,YES,F1,B1", "!oc2|01/05/2006,,,0,,1,1,1,0,,", leftCare23}},
			Also:  []string{"190"}, // a care leaver, not looked after for the year, with its outcomes
			Holds: [][]string{{"oc3|01/05/2006,YES,F1,B1", "oc2|01/05/2006,,,,,,,,,,", leftCare23}}},
		// a placement for adoption with its decision (rules 551, 1003); a change
		// of placement alone keeps the legal status (435)
		{Rule: "217", Fires: [][]string{{fostered, "!" + ep("01/06/2024", "P", "C2", "A3", "", "", ""), placed}},
			Holds: [][]string{{fostered, ep("01/06/2024", "T", "E1", "A3", "", "", ""), placed}}},
		// short breaks with no placement location (URN, PL_POST) or postcodes
		{Rule: "214", Fires: [][]string{{"!episodes|01/05/2024,S,V3,N1,U3,PR1,02/05/2024,E13,,,,SC123456"}},
			Holds: [][]string{{"episodes|01/05/2024,S,V2,N1,U3,PR1,02/05/2024,E13,,M1 1AA,M2 2BB,SC123456"}}},
		{Rule: "222", Fires: [][]string{{"!episodes|01/05/2024,S,C2,N1,R1,PR1,,,,,,SC123456"}},
			// (P2, which took none to 2023-24, is gone from 28 October 2023: rule 217t)
			Holds: [][]string{{"episodes|01/05/2024,S,C2,N1,R1,PR1,,,,,,XXXXXXX"}}},
		{Rule: "225", Fires: [][]string{{"!" + ep("01/05/2024", "S", "C2", "U4", "01/06/2024", "X1", ""), ep("01/06/2024", "P", "C2", "U6", "", "", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "C2", "U4", "01/06/2024", "X1", ""), ep("01/06/2024", "L", "C1", "U4", "", "", "")},
				{fostered, ep("01/06/2024", "P", "C2", "U6", "", "", "")}}},
		{Rule: "226", Fires: [][]string{{fostered, "!" + ep("01/06/2024", "P", "C2", "T3", "10/06/2024", "X1", ""), ep("10/06/2024", "P", "C2", "U4", "", "", "")}},
			Holds: [][]string{temporary("", "T3", "10/06/2024")}},
		// also born after it started: born_after_start
		{Rule: "302", Fires: [][]string{headed("01/08/2024", open("!", "01/07/2024", "C2", "U4"))}, Also: []string{"born_after_start"},
			Holds: [][]string{headed("01/07/2024", open("", "01/07/2024", "C2", "U4"))}}, // the same month: not certain
		// a first episode that is no start of care; the near miss follows
		// one of last year's return
		{Rule: "357", Fires: [][]string{{"!" + ep("01/05/2024", "P", "C2", "U4", "", "", "")}},
			Holds: [][]string{{in23(ep("01/03/2024", "S", "C2", "U6", "", "", "")), ep("01/03/2024", "S", "C2", "U6", "01/05/2024", "X1", "CARPL"),
				ep("01/05/2024", "P", "C2", "U4", "", "", "")}}},
		{Rule: "301", Fires: [][]string{{"!header|1,01/04/2025,WBRI," + knownUPN + ",,"}}, Holds: [][]string{{"header|1,31/03/2025,WBRI," + knownUPN + ",,"}}},
		// a placement order with its decision to place for adoption (rule
		// 553), on DATE_INT (523), so before the care too (1003)
		{Rule: "334", Fires: [][]string{{open("", "01/05/2024", "E1", "U4"), "!ad1|01/05/2015,30/04/2024,01/06/2024,0,1,M1,L0",
			alsoBreaks("placed_for_adoption|01/05/2015,30/04/2024,,", "1003")}},
			Also:  []string{"602"}, // and not adopted
			Holds: [][]string{{ep("01/05/2024", "S", "E1", "A6", "15/03/2025", "E11", ""), "ad1|01/05/2015,01/05/2024,01/06/2024,0,1,M1,L0", placed}}},
		{Rule: "335", Fires: [][]string{{ep("01/05/2024", "S", "E1", "A3", "01/07/2024", "E11", ""), "!ad1|01/05/2015,01/05/2024,01/06/2024,0,1,M1,L0", placed}},
			Holds: [][]string{{ep("01/05/2024", "S", "E1", "A3", "01/07/2024", "E11", ""), "ad1|01/05/2015,01/05/2024,01/06/2024,1,1,M1,L0", placed}}},
		{Rule: "336", Fires: [][]string{{ep("01/05/2024", "S", "C2", "K2", "01/06/2024", "X1", "CARPL"), "!" + ep("01/06/2024", "P", "C2", "A4", "", "", ""), placed}},
			Holds: [][]string{{ep("01/05/2024", "S", "C2", "U6", "01/06/2024", "X1", "CARPL"), ep("01/06/2024", "P", "C2", "A4", "", "", ""), placed}}},
		{Rule: "344", Fires: [][]string{{"!oc3|01/05/2006,DIED,0,B1", leftCare23}}, Holds: [][]string{{"oc3|01/05/2006,DIED,0,0", leftCare23}}},
		{Rule: "345", Fires: [][]string{{"!oc3|01/05/2006,YES,0,B1", leftCare23}}, Holds: [][]string{{"oc3|01/05/2006,YES,F1,B1", leftCare23}}},
		{Rule: "347", Fires: [][]string{{"!oc3|01/05/2007,YES,F1,T1", leftCare23}}, Holds: [][]string{{"oc3|01/04/2006,YES,F1,T1", leftCare23}}},
		{Rule: "351", Fires: [][]string{{"!header|1,01/03/2003,WBRI," + knownUPN + ",,"}}, Holds: [][]string{{"header|1,01/04/2003,WBRI," + knownUPN + ",,"}}},
		{Rule: "352", Fires: [][]string{headed("01/05/2006", open("!", "31/05/2024", "V2", "K2"))},
			Holds: [][]string{headed("01/05/2006", open("", "30/05/2024", "V2", "K2"))}},
		{Rule: "354", Fires: [][]string{{open("!", "01/04/2025", "C2", "U4")}}, Holds: [][]string{{open("", "31/03/2025", "C2", "U4")}}},
		{Rule: "384", Fires: [][]string{{"!episodes|01/05/2024,S,V3,N1,U1,PR1,02/05/2024,E13,,,,"}, {"!episodes|01/05/2024,S,V4,N1,U4,PR1,02/05/2024,E13,,,,"}},
			Holds: [][]string{{"episodes|01/05/2024,S,V4,N1,U6,PR1,02/05/2024,E13,,,,"}}},
		{Rule: "390", Fires: [][]string{{"!" + ep("01/05/2024", "S", "C2", "U4", "01/06/2024", "E11", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "E1", "A6", "01/06/2024", "E11", ""), placed}}},
		{Rule: "385", Fires: [][]string{{"!" + ep("01/03/2025", "S", "C2", "U4", "01/04/2025", "E13", "")}},
			Holds: [][]string{{ep("01/03/2025", "S", "C2", "U4", "31/03/2025", "E13", "")}}},
		{Rule: "358", Fires: [][]string{headed("01/05/2014", open("!", "01/05/2024", "J1", "U4"))},
			Holds: [][]string{headed("01/05/2014", open("", "02/05/2024", "J1", "U4"))}},
		{Rule: "359", Fires: [][]string{headed("01/02/2007", open("!", "01/05/2024", "V2", "U4"))},
			Holds: [][]string{headed("01/03/2007", open("", "01/05/2024", "V2", "U4")), headed("01/02/2007", open("", "01/05/2024", "V2", "K2"))}},
		{Rule: "361", Fires: [][]string{{"!" + ep("01/05/2024", "S", "L1", "U4", "05/05/2024", "X1", ""), ep("05/05/2024", "L", "C2", "U4", "", "", "")},
			{"!" + ep("01/05/2024", "S", "L1", "U4", "03/05/2024", "X1", "CARPL"), "!" + ep("03/05/2024", "P", "L1", "U6", "05/05/2024", "X1", "CARPL"),
				ep("05/05/2024", "L", "C2", "U6", "", "", "")}}, // in two episodes
			Holds: [][]string{{ep("01/05/2024", "S", "L1", "U4", "04/05/2024", "X1", ""), ep("04/05/2024", "L", "C2", "U4", "", "", "")}}},
		{Rule: "362", Fires: [][]string{{"!" + ep("01/05/2024", "S", "L2", "U4", "23/05/2024", "X1", ""), ep("23/05/2024", "L", "C2", "U4", "", "", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "L2", "U4", "22/05/2024", "X1", ""), ep("22/05/2024", "L", "C2", "U4", "", "", "")}}},
		{Rule: "363", Fires: [][]string{{"!" + ep("01/05/2024", "S", "L3", "U4", "09/05/2024", "X1", ""), ep("09/05/2024", "L", "C2", "U4", "", "", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "L3", "U4", "08/05/2024", "X1", ""), ep("08/05/2024", "L", "C2", "U4", "", "", "")}}},
		{Rule: "364", Fires: [][]string{{"!" + ep("01/05/2024", "S", "J2", "U4", "23/05/2024", "X1", ""), ep("23/05/2024", "L", "C2", "U4", "", "", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "J2", "U4", "22/05/2024", "X1", ""), ep("22/05/2024", "L", "C2", "U4", "", "", "")}}},
		{Rule: "365", Fires: [][]string{{"!" + ep("01/05/2024", "S", "V3", "U3", "19/05/2024", "E13", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "V3", "U3", "18/05/2024", "E13", "")}}},
		{Rule: "367", Fires: [][]string{breaks("!", 5, "17")}, Holds: [][]string{breaks("", 5, "12")}}, // 80 days; 75
		{Rule: "370", Fires: [][]string{{"header23|1,01/05/2008,WBRI," + knownUPN + ",,", "!episodes23|01/05/2023,S,C2,N1,P2,PR1,01/06/2023,E8,,,,"}},
			Holds: [][]string{{"header23|1,01/05/2007,WBRI," + knownUPN + ",,", "episodes23|01/05/2023,S,C2,N1,P2,PR1,01/06/2023,E8,,,,"}}},
		{Rule: "371", Fires: [][]string{headed("01/06/2008", open("!", "01/05/2024", "C2", "K3"))},
			Holds: [][]string{headed("01/05/2008", open("", "01/05/2024", "C2", "K3"))}},
		{Rule: "372", Fires: [][]string{headed("01/06/2014", open("!", "01/05/2024", "C2", "R5"))},
			Holds: [][]string{headed("01/05/2014", open("", "01/05/2024", "C2", "R5"))}},
		{Rule: "373", Fires: [][]string{headed("01/06/2020", open("!", "01/05/2024", "C2", "S1"))},
			Holds: [][]string{headed("01/05/2020", open("", "01/05/2024", "C2", "S1"))}},
		{Rule: "374", Fires: [][]string{headed("01/06/2010", open("!", "01/05/2024", "C2", "P3"))},
			Holds: [][]string{headed("01/05/2010", open("", "01/05/2024", "C2", "P3"))}},
		{Rule: "375", Fires: [][]string{temporary("!", "T1", "14/07/2024")}, Holds: [][]string{temporary("", "T1", "13/07/2024")}}, // 43 days; 42
		{Rule: "376", Fires: [][]string{temporary("!", "T3", "23/06/2024")}, Holds: [][]string{temporary("", "T3", "22/06/2024")}},
		{Rule: "379", Fires: [][]string{temporary("!", "T4", "09/06/2024")}, Holds: [][]string{temporary("", "T4", "08/06/2024")}},
		{Rule: "377", Fires: [][]string{holidays("!", 3)}, Holds: [][]string{holidays("", 2)}},
		{Rule: "378", Fires: [][]string{{open("!", "01/05/2024", "V2", "P1")}}, Holds: [][]string{{open("", "01/05/2024", "C2", "P1")}}},
		// the start of care in a temporary placement (RNE L would also keep the placement: 434)
		{Rule: "380", Fires: [][]string{{"!" + ep("01/06/2024", "S", "C2", "T0", "05/06/2024", "X1", ""), ep("05/06/2024", "P", "C2", "U4", "", "", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "C2", "U4", "01/06/2024", "X1", ""), ep("01/06/2024", "B", "C2", "T0", "05/06/2024", "X1", ""),
				ep("05/06/2024", "P", "C2", "U4", "", "", "")}}},
		{Rule: "381", Fires: [][]string{{ep("01/05/2024", "S", "C2", "U4", "01/06/2024", "X1", ""), "!" + ep("01/06/2024", "P", "C2", "T0", "05/06/2024", "E13", "")}},
			Holds: [][]string{temporary("", "T0", "05/06/2024")}},
		{Rule: "382", Fires: [][]string{{ep("01/05/2024", "S", "V4", "U6", "01/06/2024", "X1", ""), "!" + ep("01/06/2024", "P", "V4", "T0", "05/06/2024", "X1", ""),
			ep("05/06/2024", "P", "V4", "U6", "", "", "")}},
			Holds: [][]string{{open("", "01/05/2024", "V4", "U6")}}},
		{Rule: "383", Fires: [][]string{{ep("01/05/2024", "S", "C2", "U4", "01/06/2024", "X1", ""), "!" + ep("01/06/2024", "P", "C2", "T0", "05/06/2024", "X1", ""),
			ep("05/06/2024", "P", "C2", "U6", "", "", "")},
			{ep("01/05/2024", "S", "C2", "U4", "01/06/2024", "X1", ""), "!" + ep("01/06/2024", "P", "C2", "T0", "05/06/2024", "X1", ""),
				ep("05/06/2024", "B", "C2", "U4", "", "", "")}},
			Holds: [][]string{temporary("", "T0", "05/06/2024")}},
		{Rule: "386", Fires: [][]string{headed("01/04/2006", "!"+ep("01/04/2024", "S", "E1", "A6", "30/04/2024", "E11", ""), "placed_for_adoption|01/04/2006,01/04/2024,,")},
			Holds: [][]string{headed("01/04/2006", ep("01/04/2024", "S", "E1", "A6", "29/04/2024", "E11", ""), "placed_for_adoption|01/04/2006,01/04/2024,,")}},
		{Rule: "387", Fires: [][]string{headed("01/06/2010", "!"+ep("01/04/2024", "S", "C2", "U4", "31/05/2024", "E5", ""))},
			Holds: [][]string{headed("01/05/2010", ep("01/04/2024", "S", "C2", "U4", "31/05/2024", "E5", ""))}},
		{Rule: "389", Fires: [][]string{headed("01/06/2008", "!"+ep("01/04/2024", "S", "C2", "U4", "31/05/2024", "E7", ""))},
			Holds: [][]string{headed("01/05/2008", ep("01/04/2024", "S", "C2", "U4", "31/05/2024", "E7", ""))}},
		{Rule: "391", Fires: [][]string{{"!oc3|01/04/2008,YES,F1,B1", leftCare23}}, Holds: [][]string{{"oc3|01/03/2008,YES,F1,B1", leftCare23}}},
		{Rule: "398", Fires: [][]string{{"!episodes|01/05/2024,S,V3,N1,U3,PR1,02/05/2024,E13,,M1 1AA,,"}},
			Holds: [][]string{{"episodes|01/05/2024,S,V3,N1,U3,PR1,02/05/2024,E13,,,,"}}},
		{Rule: "399", Fires: [][]string{{"header|F,01/05/2015,WBRI," + knownUPN + ",0,", "!" + breakRow}},
			Holds: [][]string{{"header|F,01/05/2015,WBRI," + knownUPN + ",,", breakRow},
				{"header|F,01/05/2015,WBRI," + knownUPN + ",0,", breakRow, ep("01/06/2024", "S", "C2", "U4", "", "", "")}}}, // not only short breaks
	}
}
