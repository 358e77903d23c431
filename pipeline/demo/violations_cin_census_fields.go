package demo

import "strings"

// The CIN census field rules' cases (sql/validate_cin_census_fields.sql):
// each firing child carries the bad value in the element the rule is about.

func init() { cinFamilies = append(cinFamilies, fieldViolationsCIN) }

func fieldViolationsCIN() []Violation {
	dob := el("PersonBirthDate", "2015-05-01")
	u := 5000
	ok := func(more ...string) string { u++; return el("UPN", ValidUPN(u)) + dob + strings.Join(more, "") }
	ref := "2024-06-03"
	plain := episode(ref, "")
	// chars is a child's identifiers (as ok makes them) and disabilities
	// with its own Sex and Ethnicity ("" leaves the element out). CINChild
	// writes Sex F and Ethnicity WBRI; a comment from the end of the
	// identifiers to the start of the disabilities hides them.
	chars := func(sex, ethnic string) (string, string) {
		ids := ok()
		if sex != "" {
			ids += el("Sex", sex)
		}
		dis := "--></ChildIdentifiers><ChildCharacteristics>"
		if ethnic != "" {
			dis += el("Ethnicity", ethnic)
		}
		return ids + "<!--", dis + "<Disabilities><Disability>NONE</Disability>"
	}
	child := func(sex, ethnic string, details ...string) []string {
		ids, dis := chars(sex, ethnic)
		return append([]string{ids, dis}, details...)
	}
	with := func(e, old, new string) string { return strings.Replace(e, old, new, 1) }
	nfaFlag := func(v string) string { return with(plain, "<ReferralNFA>false</ReferralNFA>", v) }
	need := func(e, v string) string { return with(e, "<PrimaryNeedCode>N1</PrimaryNeedCode>", v) }
	source := func(v string) string { return with(plain, "<ReferralSource>1A</ReferralSource>", v) }
	noFactors := func(a string) string {
		return with(a, "<FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors></FactorsIdentifiedAtAssessment>", "")
	}
	// a child protection plan from 1 July 2024, its conference that day
	cp := func(old, new string) string {
		return episode(ref, el("DateOfInitialCPC", "2024-07-01")+with(cpPlan("2024-07-01", ""), old, new))
	}
	closedFor := func(reason string) string {
		return episode(ref, el("CINclosureDate", "2024-07-01")+el("ReasonForClosure", reason))
	}
	// a child protection plan from the referral, reviewed on review
	reviewed := func(review string) string {
		return episode(ref, el("DateOfInitialCPC", ref)+cpPlanReviewed(ref, "", review))
	}
	return []Violation{
		{Rule: "4180", Fires: [][]string{child("X", "WBRI", plain), child("", "WBRI", plain), child("2", "WBRI", plain)}, // 2: GenderCurrent's code
			Holds: [][]string{child("U", "WBRI", plain)}},
		{Rule: "4220", Fires: [][]string{child("F", "WBRX", plain), child("F", "", plain)},
			Holds: [][]string{child("F", "NOBT", plain)}},
		{Rule: "8540", Fires: [][]string{{ok(), "<Disability>WALK</Disability>", plain}, {ok(), "<Disability></Disability>", plain}},
			Holds: [][]string{{ok(), "<Disability>DDA</Disability>", plain}}},
		{Rule: "8568", Fires: [][]string{{ok(), "", nfaFlag("<ReferralNFA>maybe</ReferralNFA>")}, {ok(), "", nfaFlag("")}},
			Holds: [][]string{{ok(), "", nfaFlag("<ReferralNFA>0</ReferralNFA>")}}},
		{Rule: "8610", Fires: [][]string{{ok(), "", need(plain, "")}},
			Holds: [][]string{{ok(), "", need(nfa(plain), "")}}}, // no further action: no need given
		{Rule: "8650", Fires: [][]string{{ok(), "", need(plain, el("PrimaryNeedCode", "N10"))}},
			Holds: [][]string{{ok(), "", need(plain, el("PrimaryNeedCode", "N0"))}}},
		{Rule: "8617", Fires: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "8A", "1C"))}},
			Holds: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "8B", "1C"))}}},
		{Rule: "8640", Fires: [][]string{{ok(), "", closedFor("RC10")}},
			Also:  []string{"8805"}, // a bad reason is kept as missing: a closure with no reason
			Holds: [][]string{{ok(), "", closedFor("RC1")}}},
		{Rule: "8730", Fires: [][]string{{ok(), "", cp("<NumberOfPreviousCPP>0", "<NumberOfPreviousCPP>-1")},
			{ok(), "", cp("<NumberOfPreviousCPP>0</NumberOfPreviousCPP>", "")}},
			Holds: [][]string{{ok(), "", cp("<NumberOfPreviousCPP>0", "<NumberOfPreviousCPP>3")}}},
		{Rule: "8866", Fires: [][]string{{ok(), "", source(el("ReferralSource", "1Z"))}, {ok(), "", source("")}},
			Holds: [][]string{{ok(), "", source(el("ReferralSource", "10"))}}},
		{Rule: "8897", Fires: [][]string{{ok(), "", episode(ref, noFactors(assessment(ref, "2024-06-20")))},
			{ok(), "", episode("2024-03-01", noFactors(assessment("2024-03-01", "2024-04-01")))}}, // authorised on the year's first day
			Holds: [][]string{{ok(), "", episode("2025-03-03", assessment("2025-03-03", ""))}}}, // not yet authorised (lately: rule 8670Q)
		{Rule: "8905", Fires: [][]string{{ok(), "", cp("<InitialCategoryOfAbuse>NEG", "<InitialCategoryOfAbuse>ABC")}},
			Holds: [][]string{{ok(), "", cp("<InitialCategoryOfAbuse>NEG", "<InitialCategoryOfAbuse>MUL")}}},
		{Rule: "8910", Fires: [][]string{{ok(), "", cp("<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>", "")}},
			Holds: [][]string{{ok(), "", cp("<LatestCategoryOfAbuse>NEG", "<LatestCategoryOfAbuse>SAB")}}},
		{Rule: "8842Q", Fires: [][]string{{ok(), "", reviewed("")}, {ok(), "", reviewed("2024-13-45")}},
			Holds: [][]string{{ok(), "", reviewed("2024-07-01")}}},
		{Rule: "1560Q", Fires: [][]string{{ok(el("FormerUPN", "A35812345X780")), "", plain}, {ok(el("FormerUPN", "A3581234567")), "", plain}},
			Also:  []string{"former_upn"},
			Holds: [][]string{{ok(el("FormerUPN", ValidUPN(4999))), "", plain}}},
	}
}
