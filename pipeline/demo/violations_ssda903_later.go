package demo

// The cases of sql/validate_ssda903_later.sql: DfE's SSDA903 rules added in
// 2025-26 and 2026-27. Their rows go to a 2025-26 return (tables named with
// 26) or a 2026-27 one (27) of their own (injectedFile), dated in that
// year. The 2025-26 return holds no episodes, so the 2024-25 return's open
// episodes need no next-year episode (rule 502); the rules from 2025-26 on
// episodes are tested in the 2026-27 return, which they run on too. The
// 2025-26 return reaches 1 September 2025 only (a part-year return, which
// leaves the as_at of the demo's live 2025-26 return, cut at 30 September,
// as it is when "yardstick demo --inject" writes both): its
// social worker episodes all end, which SW17STG2, about 31 March, leaves
// to a whole-year return. The
// 2026-27 return reaches 20 March 2027 (SW17STG2's case): a whole year.

func init() {
	ssda903Families = append(ssda903Families, laterViolations)
	SSDA903Headers["episodes27"] = SSDA903Headers["episodes"]
	SSDA903Headers["header27"] = SSDA903Headers["header"]
	SSDA903Headers["oc326"] = SSDA903Headers["oc3"]
	SSDA903Headers["sw_episodes26"] = SSDA903Headers["sw_episodes"]
	SSDA903Headers["sw_episodes27"] = SSDA903Headers["sw_episodes"]
	SSDA903Headers["DoLo26"] = "CHILD,DOB,DOLO_START,DOLO_END"
}

func laterViolations() []Violation {
	// a 2026-27 episode: start, placement, end, reason ended, reason for a
	// placement change, URN
	ep := func(decom, rne, place, dec, rec, rpc, urn string) string {
		return "episodes27|" + decom + "," + rne + ",C2,N1," + place + ",PR1," + dec + "," + rec + "," + rpc + ",,," + urn
	}
	// an episode that ends care (E13: left care to live with parents); a
	// child looked after on 31 March would need a social worker episode
	// (SW01STG1), which no 2026-27 case can have valid (withSocialWorker)
	ceased := func(decom, rne, place, dec string) string { return ep(decom, rne, place, dec, "E13", "", "") }
	// a UPN of his own (rules 442, 444)
	upns := 2700
	boy := func(dob string) string { upns++; return "header27|M," + dob + ",WBRI," + ValidUPN(upns) + ",," }
	sw26 := func(id, decom, dec, reason string) string {
		return "sw_episodes26|01/05/2015," + id + "," + decom + "," + dec + "," + reason
	}
	dolo := func(start, end string) string { return "DoLo27|01/05/2015," + start + "," + end + ",2026-27" } // the table's YEAR column
	dolo26 := func(start, end string) string { return "DoLo26|01/05/2015," + start + "," + end }
	return []Violation{
		{Rule: "SW01STG1", Fires: [][]string{{"!episodes|01/06/2024,S,C2,N1,U1,PR1,,,,,,"}},
			Holds: [][]string{{"episodes|01/06/2024,S,C2,N1,U1,PR1,,,,,,", "sw_episodes|01/05/2015,SW1,01/06/2024,,MANAGE"},
				{"episodes|01/06/2024,S,C2,N1,U1,PR1,01/08/2024,E13,,,,"}}}, // not looked after on 31 March
		{Rule: "217t", Fires: [][]string{{"!episodes|01/05/2024,S,C2,N1,P2,PR1,,,,,,"}, {"!episodes23|01/05/2023,S,C2,N1,P2,PR1,29/10/2023,E8,,,,"}},
			Holds: [][]string{{"episodes23|01/05/2023,S,C2,N1,P2,PR1,28/10/2023,E8,,,,"}}},
		{Rule: "233", Fires: [][]string{{"!" + ep("01/06/2026", "S", "U1", "", "", "CARPL", "")}},
			Also:  []string{"SW01STG1"}, // looked after on 31 March with no social worker episode (see withSocialWorker)
			Holds: [][]string{{ep("01/06/2026", "S", "U1", "01/08/2026", "X1", "CARPL", ""), ceased("01/08/2026", "P", "U3", "01/10/2026")}}},
		// a boy born May 2016: 10 from May 2026 (on the day of the month not known)
		{Rule: "234", Fires: [][]string{{boy("01/05/2016"), "!" + ep("01/04/2026", "S", "U1", "30/04/2026", "X1", "CUSTOD", ""), ceased("30/04/2026", "P", "U3", "01/10/2026")}},
			Holds: [][]string{{boy("01/05/2016"), ep("01/04/2026", "S", "U1", "31/05/2026", "X1", "CUSTOD", ""), ceased("31/05/2026", "P", "U3", "01/10/2026")}}},
		{Rule: "242", Fires: [][]string{{"!" + ep("01/06/2026", "S", "K2", "01/10/2026", "E13", "", "XXXXXXX")}},
			Holds: [][]string{{ep("01/06/2026", "S", "U3", "01/10/2026", "E13", "", "XXXXXXX")}}},
		// a care leaver of 19 and 20 with no episode in the two years
		// loaded before each: rule 1002 too
		{Rule: "348", Fires: [][]string{{alsoBreaks("oc3|01/05/2005,DIED,0,0", "1002"), "!oc326|01/05/2005,YES,F1,B1"}}, Also: []string{"1002"},
			Holds: [][]string{{alsoBreaks("oc3|01/05/2005,DIED,0,0", "1002"), alsoBreaks("oc326|01/05/2005,DIED,0,0", "1002")}}},
		// the same UPN for two children; UN1 (not known) may be given for any number
		{Rule: "444", Fires: [][]string{{"!header27|M,01/05/2015,WBRI," + ValidUPN(444) + ",,"}, {"!header27|M,01/05/2015,WBRI," + ValidUPN(444) + ",,"}},
			Holds: [][]string{{"header27|M,01/05/2022,WBRI,UN1,,"}, {"header27|M,01/05/2022,WBRI,UN1,,"}}}, // under school age (rule 209)
		// In a part-year return no near miss is possible: an episode ending
		// before the last 5 days of the year is followed within 5 days
		// (SW11aSTG2), and SW17STG2 keeps the year's last days to a
		// whole-year return.
		{Rule: "SW10aSTG2", Fires: [][]string{{sw26("SW1", "01/05/2025", "01/08/2025", "MANAGE"), "!" + sw26("SW2", "09/08/2025", "01/09/2025", "MANAGE")}},
			Also: []string{"SW10STG2", "SW11aSTG2"}}, // its 2024-25 condition, which runs on; and not within 5 days
		{Rule: "SW10bSTG2", Fires: [][]string{{sw26("SW1", "01/05/2025", "01/08/2025", "MANAGE"), "!" + sw26("SW2", "01/08/2025", "01/09/2025", "FCONTA")}},
			Holds: [][]string{{sw26("SW1", "01/05/2025", "01/08/2025", "MANAGE"), sw26("SW2", "02/08/2025", "01/09/2025", "FCONTA")}}},
		{Rule: "SW18STG2", Fires: [][]string{{"!" + sw26("SW1", "01/06/2025", "01/06/2025", "MANAGE")}},
			Also:  []string{"SW09STG2"}, // and so lasts less than 3 days
			Holds: [][]string{{sw26("SW1", "01/06/2025", "04/06/2025", "MANAGE")}}},
		{Rule: "SW09STG2", Fires: [][]string{{"!" + sw26("SW1", "01/06/2025", "03/06/2025", "MANAGE")}, {"!sw_episodes|01/05/2015,SW1,01/06/2024,01/06/2024,MANAGE"}}},
		{Rule: "SW19STG2", Fires: [][]string{{sw26("SW1", "01/06/2025", "04/06/2025", "MANAGE"), "!" + sw26("SW2", "01/06/2025", "01/09/2025", "MANAGE")}},
			Holds: [][]string{{sw26("SW1", "01/06/2025", "04/06/2025", "MANAGE"), sw26("SW2", "02/06/2025", "01/09/2025", "MANAGE")}}},
		// its 2026-27 return reaches 20 March 2027: a whole year
		{Rule: "SW17STG2", Fires: [][]string{{"sw_episodes27|01/05/2015,SW1,01/05/2026,01/09/2026,MANAGE", "!sw_episodes27|01/05/2015,SW2,01/09/2026,20/03/2027,LEFTRL"}}},
		{Rule: "702", Fires: [][]string{{"!" + dolo("01/06/2026", "01/06/2026")}}, Holds: [][]string{{dolo("01/06/2026", "02/06/2026")}}},
		{Rule: "702", Fires: [][]string{{"!" + dolo("01/06/2026", "31/05/2026")}}, Also: []string{"dolo_end_before_start"}},
		{Rule: "703", Fires: [][]string{{"!" + dolo("01/04/2027", "")}}, Holds: [][]string{{dolo("31/03/2027", "")}}},
		{Rule: "704", Fires: [][]string{{"!" + dolo("01/03/2026", "31/03/2026")}, {"!" + dolo("01/06/2026", "01/04/2027")}},
			Holds: [][]string{{dolo("01/03/2026", "01/04/2026")}, {dolo("01/06/2026", "31/03/2027")}}},
		{Rule: "705", Fires: [][]string{{dolo("01/05/2026", ""), "!" + dolo("01/07/2026", "")}},
			Holds: [][]string{{dolo("01/05/2026", "30/06/2026"), dolo("01/07/2026", "")}}},
		{Rule: "706", Fires: [][]string{{"!" + dolo26("01/07/2025", ""), dolo("01/08/2025", "")}},
			Holds: [][]string{{dolo26("01/07/2025", ""), dolo("01/07/2025", "")}, {dolo26("01/06/2025", "01/07/2025")}}},
		{Rule: "707", Fires: [][]string{{ep("01/05/2026", "S", "K2", "01/08/2026", "E13", "", ""), "!" + dolo("01/06/2026", "")}},
			Holds: [][]string{{ep("01/05/2026", "S", "K2", "01/08/2026", "E13", "", ""), dolo("01/06/2026", "01/08/2026")}}},
		{Rule: "708", Fires: [][]string{{"!DoLo27|01/05/2015,30/04/2015,01/05/2026,2026-27"}},
			Holds: [][]string{{"DoLo27|01/05/2015,01/06/2015,01/05/2026,2026-27"}}},
		{Rule: "709", Fires: [][]string{{ceased("01/05/2026", "S", "U1", "01/08/2026"), "!" + dolo("01/06/2026", "01/07/2026")}},
			Holds: [][]string{{ceased("01/05/2026", "S", "K2", "01/08/2026"), dolo("01/06/2026", "01/07/2026")},
				{ep("01/05/2026", "S", "U1", "01/06/2026", "X1", "CARPL", ""), ceased("01/06/2026", "P", "K2", "01/08/2026"), dolo("02/06/2026", "01/07/2026")}}},
		{Rule: "710", Fires: [][]string{{ceased("01/05/2026", "S", "K1", "01/08/2026"), "!" + dolo("01/06/2026", "01/07/2026")}},
			Also: []string{"709"}, // not a children's home (K2) either
		},
	}
}
