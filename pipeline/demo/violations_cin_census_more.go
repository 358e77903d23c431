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
	// an open assessment with a factor, an open enquiry since start
	openWithFactor := func(start string) string {
		return strings.Replace(assessment(start, ""), "</Assessments>",
			"<FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>", 1)
	}
	openS47 := func(start string) string { return episode(start, s47(start, "")) }
	notRequired := func(s string) string { return strings.Replace(s, "<ICPCnotRequired>false", "<ICPCnotRequired>true", 1) }
	closedAfterAssessment := func(reason string) string {
		return el("CINclosureDate", "2024-07-01") + el("ReasonForClosure", reason)
	}
	unbornAs := func(sex string) string { return unborn("2025-06-01") + el("Sex", sex) }
	return []Violation{
		{Rule: "2991Q", Fires: [][]string{{ok(), "", cinDetails(ref, s47(ref, "2024-06-20"))}},
			Holds: [][]string{{ok(), "", cinDetails(ref, assessment(ref, "2024-06-05")+s47(ref, "2024-06-20"))}}},
		{Rule: "8825Q", Fires: [][]string{{ok(), "", episode(ref, closedAfterAssessment("RC8"))}, {ok(), "", episode(ref, closedAfterAssessment("RC9"))}},
			Holds: [][]string{{ok(), "", episode(ref, closedAfterAssessment("RC9")+assessment(ref, "2024-06-20"))}}},
		{Rule: "4012Q", Fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-06-10"))}}}, // 4011's boundary: the next day is its near miss
		{Rule: "8614", Fires: [][]string{{ok(), "", episode("2025-03-03", openWithFactor("2025-03-03"))}},
			Holds: [][]string{{ok(), "", episode("2025-03-04", assessment("2025-03-04", ""))}}},
		// 45 working days before 31 March 2025: 27 January 2025
		{Rule: "8670Q", Fires: [][]string{{ok(), "", episode("2025-01-24", assessment("2025-01-24", ""))},
			{ok(), "", episode("2024-04-01", assessment("2024-04-01", ""))}}, // 8736's near miss: started on the year's first day
			Holds: [][]string{{ok(), "", episode("2025-01-27", assessment("2025-01-27", ""))}}},
		// 15 working days before 31 March 2025: 10 March 2025
		{Rule: "8675Q", Fires: [][]string{{ok(), "", openS47("2025-03-07")}, {ok(), "", openS47("2024-04-01")}}, // 8740's near miss: the year's first day
			Holds: [][]string{{ok(), "", openS47("2025-03-10")}, {ok(), "", episode("2025-03-07", notRequired(s47("2025-03-07", "")))}}},
		{Rule: "8875", Fires: [][]string{{ok(), "", episode(ref, s47(ref, "2024-06-08"))}, {ok(), "", episode(ref, s47(ref, "2024-06-09"))}}, // a Saturday, a Sunday
			Holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-06-10"))}}}, // a Monday
		{Rule: "8750", Fires: [][]string{{unbornAs("F"), "", plain}, {unbornAs("M"), "", plain}},
			Holds: [][]string{{unbornAs("U"), "", plain}}},
		{Rule: "8945Q", Fires: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "18A", "1C"))}},
			Holds: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "18B", "18C"))}}},
		{Rule: "8950Q", Fires: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "19A"))}},
			Holds: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "19B", "19C"))}}},
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
			Holds: [][]string{{ok(), "", episode("2025-03-03", assessment("2025-03-03", ""))}}}, // not completed (lately: rule 8670Q)
		{Rule: "8898", Fires: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "1C", "2B", "1C"))}},
			Holds: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "1C", "1B"))}}},
		{Rule: "8899Q", Fires: [][]string{{ok(), "<Disability>MOB</Disability>", episode(ref, assessment(ref, "2024-06-20"))}},
			Holds: [][]string{{ok(), "<Disability>MOB</Disability>", episode(ref, withFactors(assessment(ref, "2024-06-20"), "1C", "6A"))},
				{ok(), "<Disability>NONE</Disability>", episode(ref, assessment(ref, "2024-06-20"))},
				{ok(), "<Disability>MOB</Disability>", episode("2025-03-03", assessment("2025-03-03", ""))}}}, // not completed
		{Rule: "8870Q", Fires: [][]string{{ok(), "", episode(ref, targeted(s47(ref, "2024-06-20"), "2024-06-15"))},
			{ok(), "", episode(ref, targeted(s47(ref, "2024-06-20"), "2024-06-16"))}}, // a Saturday, a Sunday
			Holds: [][]string{{ok(), "", episode(ref, targeted(s47(ref, "2024-06-20"), "2024-06-17"))}}}, // a Monday
	}
}
