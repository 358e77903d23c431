package pipeline

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/transforms/upn"
)

// validUPN is the n-th valid UPN of LA 358: the right check letter for
// its digits.
func validUPN(n int) string {
	digits := fmt.Sprintf("3581234%04d", n) + "0"
	l, _ := upn.CheckLetter("A" + digits)
	return string(l) + digits
}

// wrongLetter is u with a check letter that does not fit its digits.
func wrongLetter(u string) string {
	if u[0] == 'A' {
		return "B" + u[1:]
	}
	return "A" + u[1:]
}

// A CIN census child for the rule cases: the identifiers (UPN and dates of
// birth; ids adds to them), characteristics (disabilities) and its
// CINdetails, each a whole <CINdetails> element.
func cinChild(ids, disabilities string, details ...string) string {
	dis := ""
	if disabilities != "" {
		dis = "<Disabilities>" + disabilities + "</Disabilities>"
	}
	return "<ChildIdentifiers>" + ids + "<Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>" + dis +
		"</ChildCharacteristics>" + strings.Join(details, "")
}

// episode is a <CINdetails> referred on ref, with more inside it
// (closure, assessments, plans).
func episode(ref, more string) string {
	return "<CINdetails><CINreferralDate>" + ref + "</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>" +
		"<ReferralNFA>false</ReferralNFA>" + more + "</CINdetails>"
}

func el(name, v string) string { return "<" + name + ">" + v + "</" + name + ">" }

// closed closes an episode on day, for a reason (RC7: no longer in need).
func closed(day string) string { return el("CINclosureDate", day) + el("ReasonForClosure", "RC7") }

// withFactors is an assessment (as assessment makes it) with these factors.
func withFactors(a string, factors ...string) string {
	var fs string
	for _, f := range factors {
		fs += el("AssessmentFactors", f)
	}
	return strings.Replace(a, "<AssessmentFactors>1C</AssessmentFactors>", fs, 1)
}

// assessment is an <Assessments> group; an empty auth leaves it open.
func assessment(start, auth string) string {
	if auth != "" {
		auth = el("AssessmentAuthorisationDate", auth)
	}
	return "<Assessments>" + el("AssessmentActualStartDate", start) + auth +
		"<FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>"
}

func cinPlan(start, end string) string {
	s := "<CINPlanDates>"
	if start != "" {
		s += el("CINPlanStartDate", start)
	}
	if end != "" {
		s += el("CINPlanEndDate", end)
	}
	return s + "</CINPlanDates>"
}

// s47 is a <Section47> group; an empty icpc leaves it open (no conference
// yet, and one required).
func s47(start, icpc string) string {
	if icpc != "" {
		icpc = el("DateOfInitialCPC", icpc)
	}
	return "<Section47>" + el("S47ActualStartDate", start) + icpc + "<ICPCnotRequired>false</ICPCnotRequired></Section47>"
}

func cpPlan(start, end string) string {
	s := "<ChildProtectionPlans>" + el("CPPstartDate", start)
	if end != "" {
		s += el("CPPendDate", end)
	}
	return s + "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>" +
		"<NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>"
}

// cpPlanReviewed is a child protection plan from start to end with reviews.
func cpPlanReviewed(start, end string, reviews ...string) string {
	var r string
	for _, d := range reviews {
		r += el("CPPreviewDate", d)
	}
	return strings.Replace(cpPlan(start, end), "</ChildProtectionPlans>", "<Reviews>"+r+"</Reviews></ChildProtectionPlans>", 1)
}

// ruleCase is one rule's test: children (or rows) that break it, each once,
// and near misses that break nothing. A CIN child is its identifiers, its
// disabilities and its CINdetails (cinChild's arguments); an SSDA903 child
// is its rows, "table|fields".
type ruleCase struct {
	rule  string
	fires [][]string
	// also lists other rules a firing child rightly breaks as well
	also  []string
	holds [][]string
}

// TestCINRules: for every CIN census rule, children that break it are
// reported at their row with that rule (and no other), and near misses on
// the rule's boundary are not reported at all. The census is 2024-25
// (1 April 2024 to 31 March 2025).
func TestCINRules(t *testing.T) {
	n := 0
	id := func() string { n++; return fmt.Sprint(n) }
	dob := el("PersonBirthDate", "2015-05-01")
	u := 1000
	ok := func(more ...string) string { u++; return el("UPN", validUPN(u)) + dob + strings.Join(more, "") }
	ref := "2024-06-03"
	plain := episode(ref, "")
	cases := []ruleCase{
		{rule: "8500", fires: [][]string{{ok(), "", plain}}},
		{rule: "8510", fires: [][]string{{ok(), "", plain}}, holds: [][]string{{ok(), "", plain}}}, // the same LAchildID twice
		{rule: "1510", fires: [][]string{{el("UPN", wrongLetter(validUPN(1))) + dob, "", plain}}},
		{rule: "1520", fires: [][]string{{el("UPN", validUPN(7)) + dob, "", plain}}, holds: [][]string{{el("UPN", validUPN(7)) + dob, "", plain}}},
		{rule: "1540", fires: [][]string{{el("UPN", "A35812345X780") + dob, "", plain}}},
		{rule: "1550", fires: [][]string{{el("UPN", "A35812345678I") + dob, "", plain}}},
		{rule: "former_upn", fires: [][]string{{ok(el("FormerUPN", wrongLetter(validUPN(2)))), "", plain}},
			holds: [][]string{{ok(el("FormerUPN", validUPN(3))), "", plain}}},
		{rule: "upn_and_unknown_reason", fires: [][]string{{ok(el("UPNunknown", "UN3")), "", plain}},
			holds: [][]string{{dob + el("UPNunknown", "UN3"), "", plain}}},
		{rule: "8520", fires: [][]string{{el("UPN", validUPN(4)) + el("PersonBirthDate", "2025-05-02"), "", plain}},
			holds: [][]string{{el("UPN", validUPN(5)) + el("PersonBirthDate", "2025-03-02"), "", plain}}},
		{rule: "8525", fires: [][]string{{ok(el("ExpectedPersonBirthDate", "2015-06-01")), "", plain}, {el("UPN", validUPN(6)), "", plain}},
			holds: [][]string{{el("ExpectedPersonBirthDate", "2025-06-01") + el("UPNunknown", "UN1"), "", plain}}},
		{rule: "8535Q", fires: [][]string{{ok(el("PersonDeathDate", "2014-12-01")), "", episode("2014-12-01", "")}}, also: []string{"8545Q"},
			holds: [][]string{{ok(el("PersonDeathDate", "2024-12-01")), "", plain}}},
		{rule: "8545Q", fires: [][]string{{ok(el("PersonDeathDate", "2024-03-10")), "", episode("2024-02-01", "")}},
			holds: [][]string{{ok(el("PersonDeathDate", "2024-04-10")), "", episode("2024-04-01", "")}}},
		{rule: "8555", fires: [][]string{{ok(el("PersonDeathDate", "2024-07-10")), "", episode("2024-08-01", "")}},
			holds: [][]string{{ok(el("PersonDeathDate", "2024-07-10")), "", episode("2024-07-20", "")}}}, // the same month: not certain
		{rule: "8794", fires: [][]string{{ok(), "<Disability>COMM</Disability><Disability>COMM</Disability>", plain}},
			holds: [][]string{{ok(), "<Disability>COMM</Disability><Disability>HAND</Disability>", plain}}},
		{rule: "8790", fires: [][]string{{ok(), "<Disability>NONE</Disability><Disability>COMM</Disability>", plain}},
			holds: [][]string{{ok(), "<Disability>NONE</Disability>", plain}}},
		{rule: "8600", fires: [][]string{{ok(), "", episode("2025-04-01", "")}}, holds: [][]string{{ok(), "", episode("2025-03-31", "")}}},
		{rule: "8606", fires: [][]string{{ok(), "", episode("2001-03-30", "")}}, holds: [][]string{{ok(), "", episode("2001-03-31", "")}}},
		{rule: "8620", fires: [][]string{{ok(), "", episode("2023-06-01", closed("2024-03-31"))}},
			holds: [][]string{{ok(), "", episode("2023-06-01", closed("2024-04-01"))}}},
		{rule: "8569", fires: [][]string{{ok(), "", strings.Replace(episode("2024-03-27", ""), "<ReferralNFA>false", "<ReferralNFA>true", 1)}},
			// 28 March 2024 was the last working day before 1 April (29 March and 1 April were bank holidays)
			holds: [][]string{{ok(), "", strings.Replace(episode("2024-03-28", ""), "<ReferralNFA>false", "<ReferralNFA>true", 1)}}},
		{rule: "2990", fires: [][]string{{ok(), "", episode(ref, el("CINclosureDate", "2024-07-01")+el("ReasonForClosure", "RC8")+cinPlan("2024-06-10", "2024-07-01"))},
			{ok(), "", episode(ref, el("CINclosureDate", "2024-07-01")+el("ReasonForClosure", "RC8")+el("DateOfInitialCPC", "2024-06-20"))}},
			holds: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+cinPlan("2024-06-10", "2024-07-01"))}}},
		{rule: "8805", fires: [][]string{{ok(), "", episode(ref, el("CINclosureDate", "2024-07-01"))}},
			holds: [][]string{{ok(), "", episode(ref, closed("2024-07-01"))}}},
		{rule: "8810", fires: [][]string{{ok(), "", episode(ref, el("ReasonForClosure", "RC7"))}}},
		{rule: "8815", fires: [][]string{{ok(), "", episode("2024-05-01", ""), episode("2024-07-01", "")}},
			also:  []string{"8816", "8820"}, // the earlier open episode is not the latest; the later starts within it
			holds: [][]string{{ok(), "", strings.Replace(episode("2024-05-01", ""), "<ReferralNFA>false", "<ReferralNFA>true", 1), episode("2024-07-01", "")}}},
		{rule: "8816", fires: [][]string{{ok(), "", episode("2024-05-01", ""), episode("2024-07-01", closed("2024-07-15"))}},
			also:  []string{"8820"}, // the later episode starts while the earlier is open
			holds: [][]string{{ok(), "", episode("2024-05-01", closed("2024-06-01")), episode("2024-07-01", "")}}},
		{rule: "8867", fires: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+assessment(ref, ""))}},
			holds: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+assessment(ref, "2024-06-20"))}}},
		{rule: "8868", fires: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+s47(ref, ""))}},
			holds: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+strings.Replace(s47(ref, ""), "<ICPCnotRequired>false", "<ICPCnotRequired>true", 1))}}},
		{rule: "8630", fires: [][]string{{ok(), "", episode(ref, closed("2024-06-02"))}},
			holds: [][]string{{ok(), "", episode(ref, closed(ref))}}},
		{rule: "8820", fires: [][]string{{ok(), "", episode("2024-05-01", closed("2024-08-01")), episode("2024-07-31", "")}},
			holds: [][]string{{ok(), "", episode("2024-05-01", closed("2024-08-01")), episode("2024-08-01", "")}}},
		{rule: "8696", fires: [][]string{{ok(), "", episode("2024-03-01", assessment("2024-03-01", "2024-03-31"))}},
			holds: [][]string{{ok(), "", episode("2024-03-01", assessment("2024-03-01", "2024-04-01"))}}},
		{rule: "8736", fires: [][]string{{ok(), "", episode("2024-03-01", assessment("2024-03-31", ""))}},
			holds: [][]string{{ok(), "", episode("2024-03-01", assessment("2024-04-01", ""))}}},
		{rule: "8869", fires: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+withFactors(assessment(ref, "2024-06-20"), "21", "1C")+assessment("2024-06-21", "2024-06-30"))}},
			holds: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "2A", "1C"))}}},
		{rule: "8873", fires: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+withFactors(assessment(ref, "2024-06-20"), "21"))},
			{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "21"))}}, // still open
			holds: [][]string{{ok(), "", episode(ref, el("CINclosureDate", "2024-07-01")+el("ReasonForClosure", "RC8")+withFactors(assessment(ref, "2024-06-20"), "21"))},
				{ok(), "", episode(ref, closed("2024-07-01")+withFactors(assessment(ref, "2024-06-10"), "21")+assessment("2024-06-11", "2024-06-20"))}}}, // two assessments
		{rule: "1103", fires: [][]string{{ok(), "", episode(ref, assessment("2024-06-02", "2024-06-20"))}},
			holds: [][]string{{ok(), "", episode(ref, assessment(ref, "2024-06-20"))}}},
		{rule: "8608", fires: [][]string{{ok(), "", episode(ref, assessment("2024-06-10", "2024-06-09"))}},
			holds: [][]string{{ok(), "", episode(ref, assessment("2024-06-10", "2024-06-10"))}}},
		{rule: "8565", fires: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+assessment(ref, "2024-07-02"))},
			{ok(), "", episode(ref, closed("2024-07-01")+cinPlan("2024-06-10", "2024-07-02"))},
			{ok(), "", episode(ref, closed("2024-07-01")+s47("2024-07-02", "2024-07-05"))}},
			holds: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+assessment(ref, "2024-07-01")+cinPlan("2024-06-10", "2024-07-01")+s47("2024-06-20", "2024-07-01"))}}},
		{rule: "8863", fires: [][]string{{ok(), "", episode(ref, assessment(ref, "2024-06-20")+assessment("2024-06-20", "2024-07-20"))}},
			holds: [][]string{{ok(), "", episode(ref, assessment(ref, "2024-06-20")+assessment("2024-06-21", "2024-07-20"))}}},
		{rule: "2889", fires: [][]string{{ok(), "", episode(ref, s47("2024-06-02", "2024-06-20"))}},
			holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-06-20"))}}},
		{rule: "1104", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-06-02")+s47("2024-06-01", "2024-06-02"))}},
			also:  []string{"2889"}, // the enquiry before the referral too
			holds: [][]string{{ok(), "", episode(ref, s47(ref, ref))}}},
		{rule: "8715", fires: [][]string{{ok(), "", episode("2024-03-01", s47("2024-03-01", "2024-03-31"))}},
			holds: [][]string{{ok(), "", episode("2024-03-01", s47("2024-03-01", "2024-04-01"))}}},
		{rule: "8740", fires: [][]string{{ok(), "", episode("2024-03-01", s47("2024-03-31", ""))}},
			holds: [][]string{{ok(), "", episode("2024-03-01", s47("2024-04-01", ""))}}},
		{rule: "8615", fires: [][]string{{ok(), "", episode(ref, s47("2024-06-21", "2024-06-20"))}},
			holds: [][]string{{ok(), "", episode(ref, s47("2024-06-20", "2024-06-20"))}}},
		{rule: "8890", fires: [][]string{{ok(), "", episode(ref, s47(ref, "2024-06-20")+s47("2024-06-20", "2024-07-01"))}},
			holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-06-20")+s47("2024-06-21", "2024-07-01"))}}},
		{rule: "4010", fires: [][]string{{ok(), "", episode(ref, cinPlan("", "2024-07-01"))}, {ok(), "", episode("2025-03-01", cinPlan("2025-04-01", ""))}},
			holds: [][]string{{ok(), "", episode("2025-03-01", cinPlan("2025-03-31", ""))}}},
		{rule: "4013", fires: [][]string{{ok(), "", episode("2024-03-01", cinPlan("2024-03-01", "2024-03-31"))}},
			holds: [][]string{{ok(), "", episode("2024-03-01", cinPlan("2024-03-01", "2024-04-01"))}}},
		{rule: "4011", fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-06-09"))}},
			holds: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-06-10"))}}},
		{rule: "4015", fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-02", ""))}},
			holds: [][]string{{ok(), "", episode(ref, cinPlan(ref, ""))}}},
		{rule: "4014", fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-09-01")+cinPlan("2024-09-01", ""))}},
			holds: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-09-01")+cinPlan("2024-09-02", ""))}}},
		{rule: "4001", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cinPlan("2024-06-10", "")+cpPlan("2024-07-01", ""))}},
			also:  []string{"4017"}, // an open CIN plan and an open CP plan: one starts while the other is open
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cinPlan("2024-06-10", "2024-07-01")+cpPlan("2024-07-01", ""))}}},
		{rule: "4016", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-09-01")+cinPlan("2024-08-01", "2024-10-01"))}},
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-09-01")+cinPlan("2024-09-01", "2024-10-01"))}}},
		{rule: "4017", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-08-01")+cinPlan("2024-06-10", "2024-09-01")+cpPlan("2024-08-01", "2024-10-01"))}},
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-09-01")+cinPlan("2024-06-10", "2024-09-01")+cpPlan("2024-09-01", "2024-10-01"))}}},
		{rule: "4004", fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "")+cinPlan("2024-07-10", ""))}},
			also:  []string{"4014"}, // two open plans overlap
			holds: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-07-09")+cinPlan("2024-07-10", ""))}}},
		{rule: "8896", fires: [][]string{{ok(), "", episode(ref, assessment(ref, "")+assessment("2024-07-10", ""))}},
			also:  []string{"8863"}, // two open assessments overlap
			holds: [][]string{{ok(), "", episode(ref, assessment(ref, "2024-07-09")+assessment("2024-07-10", ""))}}},
		{rule: "8839", fires: [][]string{{ok(), "", episode(ref, s47(ref, "")+s47("2024-07-10", ""))}},
			also:  []string{"8890"}, // two open enquiries overlap
			holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-07-09")+s47("2024-07-10", ""))}}},
		{rule: "4000", fires: [][]string{{ok(), "", strings.Replace(episode(ref, cinPlan("2024-06-10", "2024-07-01")), "<ReferralNFA>false", "<ReferralNFA>true", 1)}},
			holds: [][]string{{ok(), "", strings.Replace(episode(ref, ""), "<ReferralNFA>false", "<ReferralNFA>true", 1)}}},
		{rule: "4008", fires: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, cinPlan("2024-08-01", "2024-08-02"))}},
			also:  []string{"4009"}, // and so ends after it
			holds: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, cinPlan("2024-07-20", "2024-07-31"))}}},
		{rule: "4009", fires: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, cinPlan("2024-06-10", "2024-08-01"))}}},
		{rule: "4003", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlanReviewed(ref, "2024-06-20", "2024-07-05")+cinPlan("2024-07-01", "2024-09-01"))}},
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlanReviewed(ref, "2024-06-20", "2024-07-05")+cinPlan("2024-07-06", "2024-09-01"))},
				{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlanReviewed(ref, "2024-07-01", "2024-07-01")+cinPlan("2024-07-01", "2024-09-01"))}}}, // on the plan's last day
		{rule: "cpp_end_before_start", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-06-30"))}},
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-07-02"))}}},
		{rule: "8840", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-07-01"))}}},
		{rule: "1105", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-06-02")+cpPlan("2024-06-02", ""))}},
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlan(ref, ""))}}},
		{rule: "8841", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlanReviewed("2024-07-01", "", "2024-07-01"))}},
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlanReviewed("2024-07-01", "", "2024-07-02"))}}},
		{rule: "2885", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-02", ""))}},
			holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-07-02")+cpPlan("2024-07-02", ""))},
				{ok(), "", episode("2024-01-10", cpPlan("2024-03-01", ""))}}}, // a plan from before the census year
		{rule: "8940", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-09-01")+cpPlan("2024-07-01", "2024-09-01")+cpPlan("2024-09-01", "2024-10-01"))},
			{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-08-01")+cpPlan("2024-07-01", "2024-08-01"))}}, // a plan twice
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-09-02")+cpPlan("2024-07-01", "2024-09-01")+cpPlan("2024-09-02", "2024-10-01"))}}},
		{rule: "8935", fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-08-01")+cpPlan("2024-07-01", "")+cpPlan("2024-08-01", ""))}},
			also:  []string{"8940"}, // two open plans overlap
			holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-08-01")+cpPlan("2024-07-01", "2024-07-31")+cpPlan("2024-08-01", ""))}}},
	}
	var body strings.Builder
	type want struct{ rule, kind string }
	rows := map[int]want{} // child number -> what it tests
	child := 0
	add := func(rule, kind string, parts []string) {
		child++
		rows[child] = want{rule, kind}
		cid := fmt.Sprintf("%s-%s-%s", kind, rule, id())
		if rule == "8500" && kind == "fires" {
			cid = ""
		}
		if rule == "8510" {
			cid = "8510-twin"
		}
		body.WriteString("<Child>" + strings.Replace(cinChild(parts[0], parts[1], parts[2:]...), "<ChildIdentifiers>", "<ChildIdentifiers>"+el("LAchildID", cid), 1) + "</Child>\n")
	}
	for _, c := range cases {
		// a near miss first: for the duplicate rules the first of two is the one that holds
		for _, h := range c.holds {
			add(c.rule, "holds", h)
		}
		for _, f := range c.fires {
			add(c.rule, "fires", f)
		}
	}
	head := func(ref, year, lea string) string {
		return `<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>` + year + `</Year><ReferenceDate>` + ref +
			`</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>` + lea + `</LEA></Source></Header><Children>`
	}
	files := map[string]string{
		"CIN_Census_2025.xml": head("2025-03-31", "2025", "358") + body.String() + `</Children></Message>`,
		// the header rules: dated 30 March, with the year before as its Year
		"CIN_header_2025.xml": head("2025-03-30", "2024", "359") + "<Child>" +
			strings.Replace(cinChild(ok(), "", plain), "<ChildIdentifiers>", "<ChildIdentifiers>"+el("LAchildID", "h1"), 1) + "</Child></Children></Message>",
	}
	cfg := runReturns(t, files)

	got := map[int][]string{}
	for _, line := range strings.Split(strings.TrimSpace(queryCSV(t, cfg, `SELECT source_row || ':' || rule_code FROM meta.validation
		WHERE source_file LIKE '%CIN_Census_2025.xml' AND source_row IS NOT NULL ORDER BY ALL`)), "\n")[1:] {
		var r int
		var code string
		fmt.Sscanf(strings.Replace(line, ":", " ", 1), "%d %s", &r, &code)
		if !slices.Contains(got[r], code) { // a rule on a group reports each of its rows
			got[r] = append(got[r], code)
		}
	}
	alsoOf := map[string][]string{}
	for _, c := range cases {
		alsoOf[c.rule] = c.also
	}
	for r := 1; r <= child; r++ {
		w := rows[r]
		var exp []string
		if w.kind == "fires" {
			exp = append([]string{w.rule}, alsoOf[w.rule]...)
		}
		g := got[r]
		sort.Strings(exp)
		sort.Strings(g)
		t.Run(w.rule+"/"+w.kind, func(t *testing.T) {
			if strings.Join(g, " ") != strings.Join(exp, " ") {
				t.Errorf("child %d: rules %v, want %v", r, g, exp)
			}
		})
	}
	// the header and LA-level rules are tested below
	everyRuleHasACase(t, cfg, "cin_census", cases, "100", "header_year", "disability_codes_used")
	t.Run("header rules", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT regexp_extract(source_file, '[^/]+$') AS f, source_row, rule_code, message FROM meta.validation
			WHERE source_file LIKE '%CIN_header_2025.xml' AND source_row = 0 ORDER BY ALL`)
		want := "f,source_row,rule_code,message\n" +
			"CIN_header_2025.xml,0,100,The header's ReferenceDate is not 31 March of the collection year; the census was exported for another year or period. (it is 30 March 2025)\n" +
			"CIN_header_2025.xml,0,header_year,\"The header's Year is not the year of its ReferenceDate; the ReferenceDate was used. (Year is 2024, ReferenceDate makes it 2025)\"\n"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("an LA-level rule: one row per LA and year", func(t *testing.T) {
		// the main census uses 2 disability codes besides NONE; the header
		// one none: each is reported once, with no row or child
		got := queryCSV(t, cfg, `SELECT regexp_extract(source_file, '[^/]+$') AS f, la_code, collection_year, source_row, child_id, message
			FROM meta.validation WHERE rule_code = 'disability_codes_used' ORDER BY ALL`)
		want := "f,la_code,collection_year,source_row,child_id,message\n" +
			"CIN_Census_2025.xml,358,2025,,,Fewer than 8 different disability codes are used across the whole census: check that disabilities are being recorded. (2 codes used)\n" +
			"CIN_header_2025.xml,359,2025,,,Fewer than 8 different disability codes are used across the whole census: check that disabilities are being recorded. (0 codes used)\n"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("summary", func(t *testing.T) {
		got := queryCSV(t, cfg, `SELECT rule_code, rule_type, failures, first_row FROM mart.validation_summary
			WHERE la_code = '358' AND rule_code IN ('8525', '8545Q') ORDER BY ALL`)
		if !strings.Contains(got, "\n8525,error,2,") || !strings.Contains(got, "\n8545Q,query,2,") {
			t.Errorf("got\n%s", got)
		}
	})
}

// TestSSDA903Rules: for every SSDA903 rule, rows that break it are reported
// with that rule and nothing else, and near misses are not reported. A
// child's rows are "table|fields" (the child's CHILD goes first); a row
// marked "!" is the one its rule reports. Episodes are in the 2024-25
// return unless their table is episodes23 (2023-24).
func TestSSDA903Rules(t *testing.T) {
	ep := func(decom, dec, rec string) string {
		return "episodes|" + decom + ",S,C2,N1,U1,PR1," + dec + "," + rec + ",,,,"
	}
	ep23 := func(decom, dec, rec string) string {
		return "episodes23" + strings.TrimPrefix(ep(decom, dec, rec), "episodes")
	}
	header := func(dob string) string { return "header|1," + dob + ",WBRI,,," }
	cases := []ruleCase{
		{rule: "356", fires: [][]string{{"!" + ep("01/06/2024", "31/05/2024", "E11")}}, holds: [][]string{{ep("01/06/2024", "01/06/2024", "E11")}}},
		{rule: "148", fires: [][]string{{"!" + ep("01/06/2024", "", "E11")}, {"!" + ep("01/06/2024", "01/07/2024", "")}},
			holds: [][]string{{ep("01/06/2024", "", "")}}},
		{rule: "388", fires: [][]string{{"!" + ep("01/05/2024", "01/08/2024", "X1"), ep("10/08/2024", "", "")}, {"!" + ep("01/05/2024", "01/08/2024", "X1")}},
			holds: [][]string{{ep("01/05/2024", "01/08/2024", "X1"), ep("01/08/2024", "", "")}}},
		{rule: "142", fires: [][]string{{ep("01/05/2024", "", ""), "!" + ep("01/07/2024", "", "")}},
			holds: [][]string{{ep("01/05/2024", "01/07/2024", "X1"), ep("01/07/2024", "", "")}}},
		{rule: "501", fires: [][]string{{ep("01/05/2024", "01/08/2024", "E11"), "!" + ep("01/07/2024", "", "")}},
			holds: [][]string{{ep("01/05/2024", "01/07/2024", "E11"), ep("01/07/2024", "", "")}}},
		{rule: "502", fires: [][]string{{"!" + ep23("01/06/2023", "", "")}},
			holds: [][]string{{ep23("01/05/2023", "", ""), ep("01/05/2023", "01/06/2024", "E11")}}},
		{rule: "overlap_across_years", fires: [][]string{{ep23("01/05/2023", "01/03/2024", "E11"), "!" + ep("01/02/2024", "", "")}},
			holds: [][]string{{ep23("01/05/2023", "01/03/2024", "E11"), ep("01/03/2024", "", "")}}},
		{rule: "born_after_start", fires: [][]string{{header("01/08/2024"), "!" + ep("01/07/2024", "", "")}},
			holds: [][]string{{header("15/07/2024"), ep("01/07/2024", "", "")}}},
		{rule: "duplicate_child", fires: [][]string{{header("01/05/2015"), "!" + header("01/05/2015")}}, holds: [][]string{{header("01/05/2015")}}},
		{rule: "duplicate_episode", fires: [][]string{{ep("01/05/2024", "01/06/2024", "E11"), "!" + ep("01/05/2024", "01/06/2024", "E11")}}},
		{rule: "missing_end_before_start", fires: [][]string{{"!missing|01/05/2015,M,01/06/2024,31/05/2024"}},
			holds: [][]string{{"missing|01/05/2015,M,01/06/2024,01/06/2024"}}},
		{rule: "168", fires: [][]string{{"!header|1,01/05/2015,WBRI,A35812345X780,,"}, {"!header|1,01/05/2015,WBRI,A35812345678I,,"}},
			holds: [][]string{{"header|1,01/05/2015,WBRI," + validUPN(40) + ",,"}, {"header|1,01/05/2015,WBRI,UN2,,"}}},
		{rule: "upn_check_letter", fires: [][]string{{"!header|1,01/05/2015,WBRI," + wrongLetter(validUPN(41)) + ",,"}}},
		{rule: "1000", fires: [][]string{{ep("01/05/2024", "01/06/2024", "E2"), "!oc3|01/05/2006,YES,F1,B1"}},
			holds: [][]string{{ep("01/05/2024", "01/06/2024", "E11"), "oc3|01/05/2006,YES,F1,B1"}}},
		{rule: "sw_end_before_start", fires: [][]string{{"!sw_episodes|01/05/2015,SW1,01/06/2024,31/05/2024,"}},
			holds: [][]string{{"sw_episodes|01/05/2015,SW1,01/06/2024,01/06/2024,"}}},
		{rule: "dolo_end_before_start", fires: [][]string{{"!DoLo|01/05/2015,01/06/2024,31/05/2024"}},
			holds: [][]string{{"DoLo|01/05/2015,01/06/2024,01/06/2024"}}},
		{rule: "match_before_decision", fires: [][]string{{"!ad1|01/05/2015,01/06/2024,31/05/2024,0,1,MF,L0"}},
			holds: [][]string{{"ad1|01/05/2015,01/06/2024,01/06/2024,0,1,MF,L0"}}},
		{rule: "placed_ceased_before_placed", fires: [][]string{{"!placed_for_adoption|01/05/2015,01/06/2024,31/05/2024,E"}},
			holds: [][]string{{"placed_for_adoption|01/05/2015,01/06/2024,01/06/2024,E"}}},
	}
	heads := map[string]string{
		"episodes":            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
		"episodes23":          "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
		"header":              "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
		"missing":             "CHILD,DOB,MISSING,MIS_START,MIS_END",
		"placed_for_adoption": "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
		"oc3":                 "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM",
		"sw_episodes":         "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
		"DoLo":                "CHILD,DOB,DOLO_START,DOLO_END",
		"ad1":                 "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
	}
	names := map[string]string{"episodes": "SSDA903_2024-25_episodes.csv", "episodes23": "SSDA903_2023-24_episodes.csv",
		"header": "SSDA903_2024-25_header.csv", "missing": "SSDA903_2024-25_missing.csv", "placed_for_adoption": "SSDA903_2024-25_placed_for_adoption.csv",
		"oc3": "SSDA903_2024-25_oc3.csv", "sw_episodes": "SSDA903_2024-25_sw_episodes.csv", "DoLo": "SSDA903_2024-25_DoLo.csv", "ad1": "SSDA903_2024-25_ad1.csv"}
	lines := map[string][]string{}
	want := map[string]string{} // file:row -> the rule it must break; every other row breaks none
	child := 5000
	for _, c := range cases {
		for _, kids := range [][][]string{c.holds, c.fires} {
			for _, kid := range kids {
				child++
				for _, r := range kid {
					marked := strings.HasPrefix(r, "!")
					table, fields, _ := strings.Cut(strings.TrimPrefix(r, "!"), "|")
					lines[table] = append(lines[table], fmt.Sprint(child)+","+fields)
					if marked {
						want[fmt.Sprintf("%s:%d", names[table], len(lines[table])+1)] = c.rule
					}
				}
			}
		}
	}
	files := map[string]string{}
	for table, rows := range lines {
		files[names[table]] = heads[table] + "\n" + strings.Join(rows, "\n") + "\n"
	}
	cfg := runReturns(t, files)
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(queryCSV(t, cfg, `SELECT regexp_extract(source_file, '[^/]+$') || ':' || source_row || ' ' || rule_code
		FROM meta.validation WHERE "return" = 'ssda903' ORDER BY ALL`)), "\n")[1:] {
		at, rule, _ := strings.Cut(line, " ")
		got[at] += rule
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			for at, rule := range want {
				if rule == c.rule && got[at] != rule {
					t.Errorf("%s: rules %q, want %s", at, got[at], rule)
				}
			}
		})
	}
	for at, rules := range got {
		if want[at] == "" {
			t.Errorf("%s breaks %s, which no case expects", at, rules)
		}
	}
	everyRuleHasACase(t, cfg, "ssda903", cases)
}

// everyRuleHasACase fails for a rule of the return in ref.validation_rule
// that neither cases nor the other tests named cover.
func everyRuleHasACase(t *testing.T, cfg *Config, ret string, cases []ruleCase, others ...string) {
	t.Run("every rule has a case", func(t *testing.T) {
		tested := map[string]bool{}
		for _, c := range cases {
			tested[c.rule] = true
		}
		for _, code := range others {
			tested[code] = true
		}
		for _, code := range strings.Split(strings.TrimSpace(queryCSV(t, cfg, `SELECT rule_code FROM ref.validation_rule WHERE "return" = '`+ret+`' ORDER BY 1`)), "\n")[1:] {
			if !tested[code] {
				t.Errorf("rule %s has no case", code)
			}
		}
	})
}
