package demo

import "strings"

// The cases of sql/validate_cin_census_more.sql: DfE's CIN census rules
// beyond the first file's.
func init() { cinFamilies = append(cinFamilies, cinMoreViolations) }

func cinMoreViolations() []Violation {
	dob := el("PersonBirthDate", "2015-05-01")
	u := 7300 // UPNs of their own: no other case's child shares one (rule 1520)
	upn := func() string { u++; return el("UPN", ValidUPN(u)) }
	ok := func(more ...string) string { return upn() + dob + strings.Join(more, "") }
	ref := "2024-06-03"
	plain := episode(ref, "")
	// an episode without one of its fields
	without := func(episode, field, value string) string { return strings.Replace(episode, el(field, value), "", 1) }
	// a section 47 enquiry with a target date for its conference
	targeted := func(s47, target string) string {
		return strings.Replace(s47, "<ICPCnotRequired>", el("InitialCPCtarget", target)+"<ICPCnotRequired>", 1)
	}
	died := el("CINclosureDate", "2024-07-01") + el("ReasonForClosure", "RC2")
	// an unborn child: an expected date of birth and no UPN yet (UN1)
	unborn := func(expected string) string { return el("ExpectedPersonBirthDate", expected) + el("UPNunknown", "UN1") }
	return []Violation{
		// March to December 2025 for a census of 31 March 2025
		{Rule: "8530Q", Fires: [][]string{{unborn("2026-01-01"), "", plain}, {unborn("2025-02-28"), "", plain}},
			Holds: [][]string{{unborn("2025-12-31"), "", plain}, {unborn("2025-03-01"), "", plain}}},
		{Rule: "2884", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-07-01")+cpPlan("2024-07-01", ""))}},
			Holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-07-01")+cpPlan("2024-07-01", ""))}}},
		{Rule: "8590", Fires: [][]string{{ok(), ""}},
			Holds: [][]string{{ok(), "", plain}}},
		{Rule: "8770Q", Fires: [][]string{{dob + el("UPNunknown", "UN1"), "", plain}, {dob, "", plain}},
			Holds: [][]string{{el("PersonBirthDate", "2021-09-01") + el("UPNunknown", "UN1"), "", plain}, // born after 31 August 2021: not yet of school age
				{dob + el("UPNunknown", "UN2"), "", plain},
				{dob + el("UPNunknown", "UN1"), "", nfa(plain)}}}, // a referral with no further action only
		{Rule: "8772", Fires: [][]string{{dob + el("UPNunknown", "UN7"), "", nfa(plain), plain}},
			Holds: [][]string{{dob + el("UPNunknown", "UN7"), "", nfa(plain)}}},
		{Rule: "8775Q", Fires: [][]string{{upn() + el("PersonBirthDate", "1999-02-01"), "", plain}},
			Holds: [][]string{{upn() + el("PersonBirthDate", "2000-03-01"), "", plain}}}, // March 2000: 25 on 31 March 2025 or not, the month cannot tell
		{Rule: "8585Q", Fires: [][]string{{ok(), "", episode(ref, died)}},
			Holds: [][]string{{ok(el("PersonDeathDate", "2024-07-01")), "", episode(ref, died)}}},
		{Rule: "8610", Fires: [][]string{{ok(), "", without(plain, "PrimaryNeedCode", "N1")}},
			Holds: [][]string{{ok(), "", nfa(without(plain, "PrimaryNeedCode", "N1"))}}},
		{Rule: "8866", Fires: [][]string{{ok(), "", without(episode("2013-04-01", ""), "ReferralSource", "1A")}},
			Holds: [][]string{{ok(), "", without(episode("2013-03-31", ""), "ReferralSource", "1A")}}},
		{Rule: "8831", Fires: [][]string{{ok(), "", nfa(episode(ref, assessment(ref, "2024-06-20")))},
			{ok(), "", nfa(episode(ref, s47(ref, "2024-06-20")))}},
			Holds: [][]string{{ok(), "", nfa(plain)}, {ok(), "", episode(ref, assessment(ref, "2024-06-20"))}}},
		{Rule: "8832", Fires: [][]string{{ok(), "", nfa(episode(ref, el("DateOfInitialCPC", ref)+cpPlan(ref, "")))}},
			Also:  []string{"8831"}, // the conference is activity on the referral too
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlan(ref, ""))}}},
		{Rule: "8897", Fires: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20")))}},
			Holds: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "")))}}}, // not completed
		{Rule: "8898", Fires: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "1C", "2B", "1C"))}},
			Holds: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "1C", "1B"))}}},
		{Rule: "8899Q", Fires: [][]string{{ok(), "<Disability>MOB</Disability>", episode(ref, assessment(ref, "2024-06-20"))}},
			Holds: [][]string{{ok(), "<Disability>MOB</Disability>", episode(ref, withFactors(assessment(ref, "2024-06-20"), "1C", "6A"))},
				{ok(), "<Disability>NONE</Disability>", episode(ref, assessment(ref, "2024-06-20"))},
				{ok(), "<Disability>MOB</Disability>", episode(ref, assessment(ref, ""))}}}, // not completed
		{Rule: "8870Q", Fires: [][]string{{ok(), "", episode(ref, targeted(s47(ref, "2024-06-20"), "2024-06-15"))},
			{ok(), "", episode(ref, targeted(s47(ref, "2024-06-20"), "2024-06-16"))}}, // a Saturday, a Sunday
			Holds: [][]string{{ok(), "", episode(ref, targeted(s47(ref, "2024-06-20"), "2024-06-17"))}}}, // a Monday
	}
}
