package demo

import "strings"

// The injections of validate_ssda903_episodes.sql: DfE's SSDA903 rules of
// codes 400 to 599 on how a child's episodes follow each other, adoption,
// the outcomes of children looked after for a year and missing spells.

func init() {
	ssda903Families = append(ssda903Families, episodeViolations)
	// the tables these cases use beyond the base ones; a table named with 23
	// goes to the 2023-24 return
	SSDA903Headers["oc2"] = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK," +
		"HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"
	SSDA903Headers["missing23"] = SSDA903Headers["missing"]
	SSDA903Headers["placed_for_adoption23"] = SSDA903Headers["placed_for_adoption"]
	// reviews in a file of their own: the generated return has its reviews
	SSDA903Headers["reviews_more"] = "CHILD,DOB,REVIEW,REVIEW_CODE"
}

// epRow is an episode row: its DECOM, RNE, LS, PLACE, PLACE_PROVIDER, DEC
// and REC, with category of need N1 and no postcodes or URN.
func epRow(decom, rne, ls, place, provider, dec, rec string) string {
	return "episodes|" + strings.Join([]string{decom, rne, ls, "N1", place, provider, dec, rec, "", "", "", ""}, ",")
}

// in23 is an episode row of the 2023-24 return.
func in23(row string) string { return "episodes23" + strings.TrimPrefix(row, "episodes") }

func episodeViolations() []Violation {
	ep := func(decom, rne, dec, rec string) string { return epRow(decom, rne, "C2", "U1", "PR1", dec, rec) }
	// a decision to place for adoption on the day the episodes below start
	// (not before the period of care: rule 1003)
	placed := "placed_for_adoption|01/05/2015,01/05/2024,,"
	// adopted (REC E11) from a placement for adoption under a placement
	// order (rules 390, 408), decided on the day it began (placed)
	adoptedEp := epRow("01/05/2024", "S", "E1", "A6", "PR1", "01/06/2024", "E11")
	// the first episode of 2024-25 against the one left open in 2023-24
	across := func(field int, was, is string) []string {
		prev := strings.Split(epRow("01/03/2024", "S", "C2", "U1", "PR1", "", ""), ",")
		cur := append([]string(nil), prev...)
		prev[field], cur[field] = was, is
		return []string{in23(strings.Join(prev, ",")), "!" + strings.Join(cur, ",")}
	}
	hold := func(c []string) []string { return []string{c[0], strings.TrimPrefix(c[1], "!")} }
	// a decision to place for adoption (DATE_PLACED, DATE_PLACED_CEASED,
	// REASON_PLACED_CEASED), and one in the 2023-24 return
	pa := func(date, ceased, reason string) string {
		return "placed_for_adoption|01/05/2015," + date + "," + ceased + "," + reason
	}
	pa23 := func(date, ceased, reason string) string {
		return strings.Replace(pa(date, ceased, reason), "|", "23|", 1)
	}
	// an adoption (AD1): DATE_INT, DATE_MATCH, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR
	ad1 := func(dateInt, match, nb, sex, ls string) string {
		return "ad1|01/05/2015," + dateInt + "," + match + ",0," + nb + "," + sex + "," + ls
	}
	// outcomes (OC2) of a child looked after for the whole year: DOB,
	// CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK,
	// HEALTH_ASSESSMENT, SUBSTANCE_MISUSE; an SDQ score for a child of 4
	// to 16 (born 2008 to 2020 here: rules 186, 188, 189, 197B) and an
	// intervention received for a substance misuse (192), so that the
	// header family's rules hold
	oc2 := func(dob, convicted, health, imm, teeth, assessment, misuse string) string {
		sdq, received := "", ""
		if y := dob[len(dob)-4:]; y >= "2008" && y <= "2020" {
			sdq = "12"
		}
		if misuse == "1" {
			received = "1"
		}
		return "oc2|" + strings.Join([]string{dob, sdq, "", convicted, health, imm, teeth, assessment, misuse, received, ""}, ",")
	}
	// looked after for the whole year: since January 2023, in both returns
	cla := []string{in23(ep("01/01/2023", "S", "", "")), ep("01/01/2023", "S", "", "")}
	with := func(rows []string, more ...string) []string { return append(append([]string(nil), rows...), more...) }
	closed := ep("01/06/2024", "S", "10/06/2024", "E13") // an episode and period of care that ended
	// an episode ending with a change of placement and its reason (rule 225)
	moved := strings.Replace(ep("01/05/2024", "S", "01/06/2024", "X1"), ",X1,,", ",X1,CARPL,", 1)
	mis := func(start, end string) string { return "missing|01/05/2015,M," + start + "," + end }
	// a freeing order, before they ended, that ended in 2023-24 (not still
	// open: rule 451)
	d1 := in23(epRow("01/11/2005", "S", "D1", "U1", "PR1", "01/06/2023", "E13"))
	return []Violation{
		{Rule: "407", Fires: [][]string{{"header|1,01/05/2006,WBRI," + knownUPN + ",,", "!" + ep("01/05/2024", "S", "01/06/2024", "E45")}},
			Holds: [][]string{{"header|1,01/05/2006,WBRI," + knownUPN + ",,", ep("01/05/2024", "S", "31/05/2024", "E45")}}}, // DEC in the month of the 18th birthday: not certain
		{Rule: "408", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "C2", "A5", "PR1", "", ""), placed}},
			Holds: [][]string{{epRow("01/05/2024", "S", "E1", "A5", "PR1", "", ""), placed}}},
		{Rule: "426", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "V3", "U3", "PR1", "02/05/2024", "E13"),
			"!" + epRow("10/05/2024", "S", "V4", "U3", "PR1", "11/05/2024", "E13")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "V3", "U3", "PR1", "02/05/2024", "E13"),
				epRow("10/05/2024", "S", "V3", "U3", "PR1", "11/05/2024", "E13")}}},
		{Rule: "432", Fires: [][]string{{ep("01/05/2024", "S", "01/06/2024", "E13"), "!" + ep("02/06/2024", "P", "", "")}},
			Also:  []string{"433"}, // and so does not go on from the episode before
			Holds: [][]string{{ep("01/05/2024", "S", "01/06/2024", "E13"), ep("02/06/2024", "S", "", "")}}},
		{Rule: "433", Fires: [][]string{{ep("01/05/2024", "S", "", ""), "!" + ep("01/07/2024", "P", "", "")}},
			Also:  []string{"142"}, // the episode before never ended
			Holds: [][]string{{moved, ep("01/06/2024", "P", "", "")}}},
		{Rule: "434", Fires: [][]string{{ep("01/05/2024", "S", "01/06/2024", "X1"), "!" + epRow("01/06/2024", "L", "C2", "U1", "PR1", "", "")},
			{ep("01/05/2024", "S", "01/06/2024", "X1"), "!" + epRow("01/06/2024", "L", "C1", "U1", "PR4", "", "")}}, // another provider
			Holds: [][]string{{ep("01/05/2024", "S", "01/06/2024", "X1"), epRow("01/06/2024", "L", "C1", "U1", "PR1", "", "")}}},
		{Rule: "435", Fires: [][]string{{moved, "!" + epRow("01/06/2024", "P", "C1", "U3", "PR1", "", "")}},
			Holds: [][]string{{moved, epRow("01/06/2024", "P", "C2", "U3", "PR1", "", "")}}},
		{Rule: "436", Fires: [][]string{{moved, "!" + epRow("01/06/2024", "U", "C2", "U3", "PR1", "", "")}},
			Holds: [][]string{{moved, epRow("01/06/2024", "U", "C1", "U3", "PR1", "", "")}}},
		{Rule: "437", Fires: [][]string{{"!" + ep("01/05/2024", "S", "01/06/2024", "E2"), ep("01/07/2024", "S", "", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "01/06/2024", "E2")}}},
		{Rule: "431", Fires: [][]string{{ep("01/05/2024", "S", "01/06/2024", "X1"), "!" + ep("01/06/2024", "S", "", "")}},
			Holds: [][]string{{ep("01/05/2024", "S", "01/06/2024", "E13"), ep("02/06/2024", "S", "", "")}}},
		{Rule: "442", Fires: [][]string{{"!header|1,01/05/2015,WBRI,,,", ep("01/05/2024", "S", "", "")}},
			Holds: [][]string{{"header|1,01/05/2015,WBRI,,,", epRow("01/05/2024", "S", "V3", "U3", "PR1", "02/05/2024", "E13")}}}, // a short break only
		{Rule: "451", Fires: [][]string{{"!" + in23(epRow("01/11/2005", "S", "D1", "U1", "PR1", "", "")), "!" + epRow("01/11/2005", "S", "D1", "U1", "PR1", "", ""),
			pa23("01/11/2005", "", ""), pa("01/11/2005", "", "")}},
			Holds: [][]string{{d1, pa23("01/11/2005", "01/06/2023", "RD1")}}},
		{Rule: "460", Fires: [][]string{{"header|1,01/05/2007,WBRI," + knownUPN + ",,", "!" + ep("01/05/2024", "S", "15/03/2025", "E17")}},
			Holds: [][]string{{"header|1,01/03/2007,WBRI," + knownUPN + ",,", ep("01/05/2024", "S", "15/03/2025", "E17")}}}, // 18 in March: not certain
		{Rule: "526", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "C2", "U1", "", "", "")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "C2", "Z1", "", "", "")}}},
		{Rule: "503A", Fires: [][]string{across(1, "S", "P")}, Holds: [][]string{hold(across(1, "S", "S"))}},
		{Rule: "503B", Fires: [][]string{across(2, "C1", "C2")}, Holds: [][]string{hold(across(2, "C2", "C2"))}},
		{Rule: "503C", Fires: [][]string{across(3, "N2", "N1")}, Holds: [][]string{hold(across(3, "N1", "N1"))}},
		{Rule: "503D", Fires: [][]string{across(4, "U1", "U3")}, Holds: [][]string{hold(across(4, "H5", "K3"))}}, // K3 replaced H5 in 2024-25
		{Rule: "503E", Fires: [][]string{across(5, "PR1", "PR2")}, Holds: [][]string{hold(across(5, "PR1", "PR1"))}},
		{Rule: "511", Fires: [][]string{withAdoption("!" + ad1("01/06/2024", "01/07/2024", "2", "M1", "L0"))},
			Holds: [][]string{withAdoption(ad1("01/06/2024", "01/07/2024", "1", "M1", "L0"))}},
		{Rule: "514", Fires: [][]string{withAdoption("!" + ad1("01/06/2024", "01/07/2024", "1", "MF", "L0"))},
			Holds: [][]string{withAdoption(ad1("01/06/2024", "01/07/2024", "1", "F1", "L0"))}},
		{Rule: "517", Fires: [][]string{withAdoption("!" + ad1("01/06/2024", "01/07/2024", "2", "MM", "L3"))},
			Holds: [][]string{withAdoption(ad1("01/06/2024", "01/07/2024", "2", "MF", "L3"))}},
		{Rule: "518", Fires: [][]string{withAdoption("!" + ad1("01/06/2024", "01/07/2024", "2", "MF", "L4"))},
			Holds: [][]string{withAdoption(ad1("01/06/2024", "01/07/2024", "2", "MM", "L4"))}},
		{Rule: "519", Fires: [][]string{withAdoption("!" + ad1("01/06/2024", "01/07/2024", "1", "M1", "L2"))},
			Holds: [][]string{withAdoption(ad1("01/06/2024", "01/07/2024", "2", "FF", "L2"))}},
		{Rule: "520", Fires: [][]string{withAdoption("!" + ad1("01/06/2024", "01/07/2024", "2", "FF", "L11"))},
			Holds: [][]string{withAdoption(ad1("01/06/2024", "01/07/2024", "2", "MF", "L11"))}},
		{Rule: "524", Fires: [][]string{withAdoption("!" + ad1("01/06/2024", "01/07/2024", "2", "MF", "L12"))},
			Holds: [][]string{withAdoption(ad1("01/06/2024", "01/07/2024", "2", "FF", "L12"))}},
		// adopted in the year (rule 602), from a placement with adopters who
		// were not the foster carers (FOSTER_CARE 0: 335)
		{Rule: "521", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "C2", "A4", "PR1", "15/03/2025", "E11"), pa("10/05/2024", "", ""),
			ad1("10/05/2024", "01/06/2024", "2", "MF", "L11")}},
			Also:  []string{"552"}, // and so before the decision to place (DATE_PLACED, the same day)
			Holds: [][]string{{epRow("01/05/2024", "S", "C2", "A4", "PR1", "15/03/2025", "E11"), pa("01/05/2024", "", ""), ad1("01/05/2024", "01/06/2024", "2", "MF", "L11")}}},
		{Rule: "523", Fires: [][]string{withAdoption("!"+pa("01/05/2024", "", ""), ad1("02/05/2024", "01/06/2024", "2", "MF", "L11"))},
			Also:  []string{"1003"}, // the care, from DATE_INT, began after it
			Holds: [][]string{withAdoption(pa("01/05/2024", "", ""), ad1("01/05/2024", "01/06/2024", "2", "MF", "L11"))}},
		{Rule: "525", Fires: [][]string{{pa("01/05/2024", "01/06/2024", "RD1"), "!" + ad1("01/05/2024", "01/07/2024", "2", "MF", "L11")}},
			Also:  []string{"602"}, // and not adopted
			Holds: [][]string{withAdoption(pa("01/05/2024", "", ""), ad1("01/05/2024", "01/07/2024", "2", "MF", "L11"))}},
		{Rule: "551", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "C2", "A3", "PR1", "", "")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "C2", "A3", "PR1", "", ""), placed}}},
		{Rule: "552", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "C2", "A3", "PR1", "", ""), pa("02/05/2024", "", "")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "C2", "A3", "PR1", "", ""), pa("01/05/2024", "", "")}}},
		{Rule: "554", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "E1", "U1", "PR1", "", ""), pa("02/05/2024", "", "")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "E1", "U1", "PR1", "", ""), pa("01/05/2024", "", "")}}},
		{Rule: "553", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "E1", "U1", "PR1", "", "")},
			{"!" + epRow("01/05/2024", "S", "E1", "U1", "PR1", "", ""), pa("01/05/2024", "15/05/2024", "RD1")}}, // still open, its decision ceased
			Holds: [][]string{{epRow("01/05/2024", "S", "E1", "U1", "PR1", "", ""), pa("01/05/2024", "", "")}}},
		{Rule: "555", Fires: [][]string{{"!" + in23(epRow("01/11/2005", "S", "D1", "U1", "PR1", "01/06/2023", "E13"))}},
			Also: []string{"557"}}, // left care in 2023-24 with no decision recorded as ceased
		{Rule: "556", Fires: [][]string{{"!" + d1, pa23("02/11/2005", "01/06/2023", "RD1")}},
			Holds: [][]string{{d1, pa23("01/11/2005", "01/06/2023", "RD1")}}},
		// adopted from a placement for adoption (rule 390)
		{Rule: "558", Fires: [][]string{{"!" + adoptedEp, pa("01/05/2024", "15/05/2024", "RD1")}},
			Holds: [][]string{{adoptedEp, pa("01/05/2024", "", "")}}},
		{Rule: "559", Fires: [][]string{{"!" + pa("31/03/2024", "", "")}}, Holds: [][]string{{pa("01/04/2024", "", "")}}},
		{Rule: "560", Fires: [][]string{{pa23("01/06/2023", "", ""), "!" + pa("02/06/2023", "", "")}},
			Holds: [][]string{{pa23("01/06/2023", "", ""), pa("01/06/2023", "", "")}}},
		{Rule: "561", Fires: [][]string{{pa23("01/06/2023", "01/09/2023", "RD1"), "!" + pa("01/06/2023", "", "")}},
			Also:  []string{"584"}, // and so not after last year's reversed decision
			Holds: [][]string{{pa23("01/06/2023", "01/09/2023", "RD1"), pa("01/10/2023", "", "")}}},
		{Rule: "584", Fires: [][]string{{pa23("01/06/2023", "01/09/2023", "RD1"), "!" + pa("01/05/2023", "", "")}}},
		{Rule: "563", Fires: [][]string{{"!" + pa("", "01/06/2024", "RD1")}}, Holds: [][]string{{pa("01/05/2024", "01/06/2024", "RD1")}}},
		{Rule: "579", Fires: [][]string{{pa("01/05/2024", "01/08/2024", "RD1"), "!" + pa("01/07/2024", "", "")}},
			Holds: [][]string{{pa("01/05/2024", "01/08/2024", "RD1"), pa("01/08/2024", "", "")}}},
		{Rule: "583", Fires: [][]string{{"!" + pa("", "", ""), pa("01/05/2024", "01/06/2024", "RD1")}},
			Holds: [][]string{{pa("01/04/2024", "01/05/2024", "RD1"), pa("01/06/2024", "", "")}}},
		{Rule: "582", Fires: [][]string{withAdoption("!"+adoptedEp, ad1("01/05/2024", "01/06/2024", "2", "MF", "L11"), placed)},
			Holds: [][]string{withAdoption(adoptedEp, ad1("01/05/2024", "31/05/2024", "2", "MF", "L11"), placed)}},
		// each with every item its age needs (CONVICTED from 10, HEALTH_CHECK
		// under 5), but the one its rule is about
		{Rule: "542", Fires: [][]string{with(cla, "!"+oc2("01/04/2015", "0", "", "1", "1", "1", "0"))},
			Holds: [][]string{with(cla, oc2("01/03/2015", "0", "", "1", "1", "1", "0"))}}, // 10 by 31 March
		{Rule: "543", Fires: [][]string{with(cla, "!"+oc2("01/03/2015", "", "", "1", "1", "1", "0"))}, // 10 by 31 March
			Holds: [][]string{with(cla, oc2("01/04/2015", "", "", "1", "1", "1", "0"))}}, // 10 only after 31 March
		{Rule: "544", Fires: [][]string{with(cla, "!"+oc2("01/05/2010", "1", "", "", "", "", ""))},
			Also:  []string{"182", "191"}, // items given but not the four, which a child looked after for the year needs
			Holds: [][]string{with(cla, oc2("01/05/2010", "1", "", "1", "1", "1", "1"))}},
		{Rule: "545", Fires: [][]string{with(cla, "!"+oc2("01/04/2020", "", "", "1", "1", "1", "0"))},
			Holds: [][]string{with(cla, oc2("01/03/2020", "", "", "1", "1", "1", "0"))}}, // 5 by 31 March
		{Rule: "546", Fires: [][]string{with(cla, "!"+oc2("01/03/2020", "", "1", "1", "1", "1", "0"))},
			Holds: [][]string{with(cla, oc2("01/04/2020", "", "1", "1", "1", "1", "0"))}},
		{Rule: "547", Fires: [][]string{with(cla, "!"+oc2("01/05/2022", "", "1", "", "", "", ""))},
			Also:  []string{"182", "191"}, // items given but not the four, which a child looked after for the year needs
			Holds: [][]string{with(cla, oc2("01/05/2022", "", "1", "1", "1", "1", "0"))}},
		{Rule: "564", Fires: [][]string{{"!" + mis("", "")}}, Also: []string{"1004"}, // a blank start
			Holds: [][]string{{mis("01/06/2024", "")}}},
		{Rule: "565", Fires: [][]string{{"!missing|01/05/2015,,01/06/2024,"}}, Holds: [][]string{{mis("01/06/2024", "")}}},
		{Rule: "575", Fires: [][]string{{closed, "!" + mis("05/06/2024", "")}},
			Also:  []string{"577"}, // and so open after care ended
			Holds: [][]string{{closed, mis("05/06/2024", "06/06/2024")}}},
		{Rule: "576", Fires: [][]string{{"missing23|01/05/2015,M,01/03/2024,", "!" + mis("01/04/2024", "02/04/2024")}},
			Holds: [][]string{{"missing23|01/05/2015,M,01/03/2024,", mis("01/03/2024", "02/04/2024")}}},
		{Rule: "577", Fires: [][]string{{closed, "!" + mis("05/06/2024", "12/06/2024")}},
			Holds: [][]string{{closed, mis("05/06/2024", "10/06/2024")}}},
		{Rule: "578", Fires: [][]string{{closed, "!" + mis("11/06/2024", "12/06/2024")}},
			Also:  []string{"577", "581"}, // and so ends after care and starts in no episode
			Holds: [][]string{{closed, mis("10/06/2024", "10/06/2024")}}},
		{Rule: "581", Fires: [][]string{{ep("10/06/2024", "S", "", ""), "!" + mis("05/06/2024", "06/06/2024")}},
			Also:  []string{"577", "578"}, // and so before the period of care
			Holds: [][]string{{ep("10/06/2024", "S", "", ""), mis("10/06/2024", "11/06/2024")}}},
		{Rule: "440", Fires: [][]string{{"!reviews_more|01/05/2020,01/06/2024,PN0"}},
			Holds: [][]string{{"reviews_more|01/05/2020,31/05/2024,PN0"}}}, // perhaps still 3
		{Rule: "441", Fires: [][]string{{"!reviews_more|01/05/2020,30/04/2024,PN1"}},
			Holds: [][]string{{"reviews_more|01/05/2020,01/05/2024,PN1"}}}, // perhaps 4
		{Rule: "504", Fires: [][]string{{moved, "!episodes|01/06/2024,P,C2,N2,U3,PR1,,,,,,"}},
			Holds: [][]string{{moved, "episodes|01/06/2024,P,C2,N1,U3,PR1,,,,,,"}}},
		{Rule: "516", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "C2", "K2", "PR1", "01/06/2024", "E45")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "C2", "U1", "PR1", "01/06/2024", "E45")}}},
		{Rule: "529", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "C2", "U1", "PR3", "", "")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "C2", "R1", "PR3", "", "")}}},
		{Rule: "550", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "C2", "U1", "PR0", "", "")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "C2", "P1", "PR0", "", "")}}},
		{Rule: "557", Fires: [][]string{{"!" + epRow("01/05/2024", "S", "E1", "U1", "PR1", "01/06/2024", "E13"), pa("01/05/2024", "", "")}},
			Holds: [][]string{{epRow("01/05/2024", "S", "E1", "U1", "PR1", "01/06/2024", "E13"), pa("01/05/2024", "01/06/2024", "RD1")}}},
		{Rule: "503F", Fires: [][]string{across(11, "SC123456", "SC654321")}, Holds: [][]string{hold(across(11, "SC123456", "SC123456"))}},
	}
}
