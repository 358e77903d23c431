package demo

import (
	"fmt"
	"sort"
	"time"

	"strings"

	"github.com/yardstick-etl/yardstick/transforms/upn"
)

// Violation is one validation rule's injection: children (or rows) that
// break it, each once, and near misses on its boundary that break nothing.
// A CIN census child is its identifiers (a UPN and dates of birth), its
// disabilities and its CINdetails, as XML; an SSDA903 child is its rows,
// "table|fields after CHILD", a row marked "!" the one the rule reports.
// A child who starts to be looked after in the year (an episode with RNE S
// from 1 April 2024) is given a previous permanence row (Z1, none) where
// the case has none (rule 630).
// A row marked "+CODE,CODE:" (made with alsoBreaks) is another row of the
// child that rightly breaks those other rules and not the case's own (a
// last year's episode left open, say, which rule 502 reports).
// The dates are of the 2024-25 collection.
type Violation struct {
	Rule  string
	Fires [][]string
	// Also lists other rules a firing child rightly breaks as well (two
	// open plans, say, are also two plans that overlap).
	Also  []string
	Holds [][]string
}

// InjectionYear is the collection year the violations are written for.
const InjectionYear = 2025

// CINViolations are the CIN census rules' injections, but those on the
// header and on the whole return, which need a census of their own. Rule
// 8500's firing child has no LAchildID and rule 8510's children share one
// (the generator sees to both).
func CINViolations() []Violation {
	return append(cinBase(), families(cinFamilies)...)
}

// cinFamilies and ssda903Families are the injections of the rule files
// beyond the first, one function per file (violations_<return>_<family>.go
// registers its own in an init), so each family of rules keeps its cases
// beside it.
var cinFamilies, ssda903Families []func() []Violation

func families(fs []func() []Violation) []Violation {
	var out []Violation
	for _, f := range fs {
		out = append(out, f()...)
	}
	return out
}

func cinBase() []Violation {
	dob := el("PersonBirthDate", "2015-05-01")
	u := 1000
	ok := func(more ...string) string { u++; return el("UPN", ValidUPN(u)) + dob + strings.Join(more, "") }
	ref := "2024-06-03"
	plain := episode(ref, "")
	return []Violation{
		{Rule: "8500", Fires: [][]string{{ok(), "", plain}}},
		{Rule: "8510", Fires: [][]string{{ok(), "", plain}}, Holds: [][]string{{ok(), "", plain}}}, // the same LAchildID twice
		{Rule: "1510", Fires: [][]string{{el("UPN", WrongLetter(ValidUPN(1))) + dob, "", plain}}},
		{Rule: "1520", Fires: [][]string{{el("UPN", ValidUPN(7)) + dob, "", plain}}, Holds: [][]string{{el("UPN", ValidUPN(7)) + dob, "", plain}}},
		{Rule: "1530", Fires: [][]string{{el("UPN", withCheckLetter("?421234500010")) + dob, "", plain}},
			Holds: [][]string{{el("UPN", withCheckLetter("?942234500010")) + dob, "", plain}}}, // Cumberland, from 2023
		{Rule: "1540", Fires: [][]string{{el("UPN", "A35812345X780") + dob, "", plain}}},
		{Rule: "1550", Fires: [][]string{{el("UPN", "A35812345678I") + dob, "", plain}}},
		{Rule: "former_upn", Fires: [][]string{{ok(el("FormerUPN", WrongLetter(ValidUPN(2)))), "", plain}},
			Holds: [][]string{{ok(el("FormerUPN", ValidUPN(3))), "", plain}}},
		{Rule: "upn_and_unknown_reason", Fires: [][]string{{ok(el("UPNunknown", "UN3")), "", plain}},
			Holds: [][]string{{dob + el("UPNunknown", "UN3"), "", plain}}},
		{Rule: "8520", Fires: [][]string{{el("UPN", ValidUPN(4)) + el("PersonBirthDate", "2025-05-02"), "", plain}},
			Holds: [][]string{{el("UPN", ValidUPN(5)) + el("PersonBirthDate", "2025-03-02"), "", plain}}},
		{Rule: "8525", Fires: [][]string{{ok(el("ExpectedPersonBirthDate", "2025-06-01")), "", plain}, {el("UPN", ValidUPN(6)), "", plain}},
			Holds: [][]string{{el("ExpectedPersonBirthDate", "2025-06-01") + el("UPNunknown", "UN1"), "", plain}}},
		{Rule: "8535Q", Fires: [][]string{{ok(el("PersonDeathDate", "2014-12-01")), "", episode("2014-12-01", "")}}, Also: []string{"8545Q"},
			Holds: [][]string{{ok(el("PersonDeathDate", "2024-12-01")), "", plain}}},
		{Rule: "8545Q", Fires: [][]string{{ok(el("PersonDeathDate", "2024-03-10")), "", episode("2024-02-01", "")}},
			Holds: [][]string{{ok(el("PersonDeathDate", "2024-04-10")), "", episode("2024-04-01", "")}}},
		{Rule: "8555", Fires: [][]string{{ok(el("PersonDeathDate", "2024-07-10")), "", episode("2024-08-01", "")}},
			Holds: [][]string{{ok(el("PersonDeathDate", "2024-07-10")), "", episode("2024-07-20", "")}}}, // the same month: not certain
		{Rule: "8794", Fires: [][]string{{ok(), "<Disability>COMM</Disability><Disability>COMM</Disability>", plain}},
			Holds: [][]string{{ok(), "<Disability>COMM</Disability><Disability>HAND</Disability>", plain}}},
		{Rule: "8790", Fires: [][]string{{ok(), "<Disability>NONE</Disability><Disability>COMM</Disability>", plain}},
			Holds: [][]string{{ok(), "<Disability>NONE</Disability>", plain}}},
		{Rule: "8600", Fires: [][]string{{ok(), "", episode("2025-04-01", "")}}, Holds: [][]string{{ok(), "", episode("2025-03-31", "")}}},
		{Rule: "8606", Fires: [][]string{{ok(), "", episode("2001-03-30", "")}}, Holds: [][]string{{ok(), "", episode("2001-03-31", "")}}},
		{Rule: "8620", Fires: [][]string{{ok(), "", episode("2023-06-01", closed("2024-03-31"))}},
			Holds: [][]string{{ok(), "", episode("2023-06-01", closed("2024-04-01"))}}},
		{Rule: "8569", Fires: [][]string{{ok(), "", nfa(episode("2024-03-27", ""))}},
			// 28 March 2024 was the last working day before 1 April (29 March and 1 April were bank holidays)
			Holds: [][]string{{ok(), "", nfa(episode("2024-03-28", ""))}}},
		{Rule: "2990", Fires: [][]string{{ok(), "", episode(ref, el("CINclosureDate", "2024-07-01")+el("ReasonForClosure", "RC8")+assessment(ref, "2024-06-05")+cinPlan("2024-06-10", "2024-07-01"))},
			{ok(), "", episode(ref, el("CINclosureDate", "2024-07-01")+el("ReasonForClosure", "RC8")+assessment(ref, "2024-06-05")+el("DateOfInitialCPC", "2024-06-20"))}},
			Holds: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+cinPlan("2024-06-10", "2024-07-01"))}}},
		{Rule: "8805", Fires: [][]string{{ok(), "", episode(ref, el("CINclosureDate", "2024-07-01"))}},
			Holds: [][]string{{ok(), "", episode(ref, closed("2024-07-01"))}}},
		{Rule: "8810", Fires: [][]string{{ok(), "", episode(ref, el("ReasonForClosure", "RC7"))}}},
		{Rule: "8815", Fires: [][]string{{ok(), "", episode("2024-05-01", ""), episode("2024-07-01", "")}},
			Also:  []string{"8816", "8820"}, // the earlier open episode is not the latest; the later starts within it
			Holds: [][]string{{ok(), "", nfa(episode("2024-05-01", "")), episode("2024-07-01", "")}}},
		{Rule: "8816", Fires: [][]string{{ok(), "", episode("2024-05-01", ""), episode("2024-07-01", closed("2024-07-15"))}},
			Also:  []string{"8820"}, // the later episode starts while the earlier is open
			Holds: [][]string{{ok(), "", episode("2024-05-01", closed("2024-06-01")), episode("2024-07-01", "")}}},
		// assessments and enquiries open late in the year (not open for 45
		// or 15 working days, rules 8670Q and 8675Q)
		{Rule: "8867", Fires: [][]string{{ok(), "", episode("2025-03-03", closed("2025-03-20")+assessment("2025-03-03", ""))}},
			Holds: [][]string{{ok(), "", episode("2025-03-03", closed("2025-03-20")+assessment("2025-03-03", "2025-03-14"))}}},
		{Rule: "8868", Fires: [][]string{{ok(), "", episode("2025-03-17", closed("2025-03-20")+s47("2025-03-17", ""))}},
			Holds: [][]string{{ok(), "", episode("2025-03-17", closed("2025-03-20")+strings.Replace(s47("2025-03-17", ""), "<ICPCnotRequired>false", "<ICPCnotRequired>true", 1))}}},
		{Rule: "8630", Fires: [][]string{{ok(), "", episode(ref, closed("2024-06-02"))}},
			Holds: [][]string{{ok(), "", episode(ref, closed(ref))}}},
		{Rule: "8820", Fires: [][]string{{ok(), "", episode("2024-05-01", closed("2024-08-01")), episode("2024-07-31", "")}},
			Holds: [][]string{{ok(), "", episode("2024-05-01", closed("2024-08-01")), episode("2024-08-01", "")}}},
		{Rule: "8696", Fires: [][]string{{ok(), "", episode("2024-03-01", assessment("2024-03-01", "2024-03-31"))}},
			Holds: [][]string{{ok(), "", episode("2024-03-01", assessment("2024-03-01", "2024-04-01"))}}},
		{Rule: "8736", Fires: [][]string{{ok(), "", episode("2024-03-01", assessment("2024-03-31", ""))}},
			Also: []string{"8670Q"}, // open since before the year: for more than 45 working days
			// the year's first day is 8670Q's firing case; the year's last here
			Holds: [][]string{{ok(), "", episode("2025-03-31", assessment("2025-03-31", ""))}}},
		{Rule: "8869", Fires: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+withFactors(assessment(ref, "2024-06-20"), "21", "1C")+assessment("2024-06-21", "2024-06-30"))}},
			Holds: [][]string{{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "2A", "1C"))}}},
		{Rule: "8873", Fires: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+withFactors(assessment(ref, "2024-06-20"), "21"))},
			{ok(), "", episode(ref, withFactors(assessment(ref, "2024-06-20"), "21"))}}, // still open
			Holds: [][]string{{ok(), "", episode(ref, el("CINclosureDate", "2024-07-01")+el("ReasonForClosure", "RC8")+withFactors(assessment(ref, "2024-06-20"), "21"))},
				{ok(), "", episode(ref, closed("2024-07-01")+withFactors(assessment(ref, "2024-06-10"), "21")+assessment("2024-06-11", "2024-06-20"))}}}, // two assessments
		{Rule: "1103", Fires: [][]string{{ok(), "", episode(ref, assessment("2024-06-02", "2024-06-20"))}},
			Holds: [][]string{{ok(), "", episode(ref, assessment(ref, "2024-06-20"))}}},
		{Rule: "8608", Fires: [][]string{{ok(), "", episode(ref, assessment("2024-06-10", "2024-06-09"))}},
			Holds: [][]string{{ok(), "", episode(ref, assessment("2024-06-10", "2024-06-10"))}}},
		{Rule: "8565", Fires: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+assessment(ref, "2024-07-02"))},
			{ok(), "", episode(ref, closed("2024-07-01")+cinPlan("2024-06-10", "2024-07-02"))},
			{ok(), "", episode(ref, closed("2024-07-01")+s47("2024-07-02", "2024-07-05"))}},
			Holds: [][]string{{ok(), "", episode(ref, closed("2024-07-01")+assessment(ref, "2024-07-01")+cinPlan("2024-06-10", "2024-07-01")+s47("2024-06-20", "2024-07-01"))}}},
		{Rule: "8863", Fires: [][]string{{ok(), "", episode(ref, assessment(ref, "2024-06-20")+assessment("2024-06-20", "2024-07-20"))}},
			Holds: [][]string{{ok(), "", episode(ref, assessment(ref, "2024-06-20")+assessment("2024-06-21", "2024-07-20"))}}},
		{Rule: "2889", Fires: [][]string{{ok(), "", episode(ref, s47("2024-06-02", "2024-06-20"))}},
			Holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-06-20"))}}},
		{Rule: "1104", Fires: [][]string{{ok(), "", episode("2024-06-05", s47("2024-06-03", "2024-06-04"))}}, // the conference on the enquiry only (2884), on a weekday (8875)
			Also:  []string{"2889"}, // the enquiry before the referral too
			Holds: [][]string{{ok(), "", episode(ref, s47(ref, ref))}}},
		{Rule: "8715", Fires: [][]string{{ok(), "", episode("2024-03-01", s47("2024-03-01", "2024-03-28"))}}, // a Thursday (8875)
			Holds: [][]string{{ok(), "", episode("2024-03-01", s47("2024-03-01", "2024-04-01"))}}},
		{Rule: "8740", Fires: [][]string{{ok(), "", episode("2024-03-01", s47("2024-03-31", ""))}},
			Also: []string{"8675Q"}, // open since before the year: for more than 15 working days
			// the year's first day is 8675Q's firing case; the year's last here
			Holds: [][]string{{ok(), "", episode("2025-03-31", s47("2025-03-31", ""))}}},
		{Rule: "8615", Fires: [][]string{{ok(), "", episode(ref, s47("2024-06-21", "2024-06-20"))}},
			Holds: [][]string{{ok(), "", episode(ref, s47("2024-06-20", "2024-06-20"))}}},
		{Rule: "8890", Fires: [][]string{{ok(), "", episode(ref, s47(ref, "2024-06-20")+s47("2024-06-20", "2024-07-01"))}},
			Holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-06-20")+s47("2024-06-21", "2024-07-01"))}}},
		{Rule: "4010", Fires: [][]string{{ok(), "", episode(ref, cinPlan("", "2024-07-01"))}, {ok(), "", episode("2025-03-01", cinPlan("2025-04-01", ""))}},
			Holds: [][]string{{ok(), "", episode("2025-03-01", cinPlan("2025-03-31", ""))}}},
		{Rule: "4013", Fires: [][]string{{ok(), "", episode("2024-03-01", cinPlan("2024-03-01", "2024-03-31"))}},
			Holds: [][]string{{ok(), "", episode("2024-03-01", cinPlan("2024-03-01", "2024-04-01"))}}},
		{Rule: "4011", Fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-06-09"))}},
			// ending the day it starts is 4012Q's firing case
			Holds: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-06-11"))}}},
		{Rule: "4015", Fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-02", ""))}},
			Holds: [][]string{{ok(), "", episode(ref, cinPlan(ref, ""))}}},
		{Rule: "4014", Fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-09-01")+cinPlan("2024-09-01", ""))}},
			Holds: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-09-01")+cinPlan("2024-09-02", ""))}}},
		{Rule: "4001", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cinPlan("2024-06-10", "")+cpPlan("2024-07-01", ""))}},
			Also:  []string{"4017"}, // an open CIN plan and an open CP plan: one starts while the other is open
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cinPlan("2024-06-10", "2024-07-01")+cpPlan("2024-07-01", ""))}}},
		{Rule: "4016", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-09-01")+cinPlan("2024-08-01", "2024-10-01"))}},
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-09-01")+cinPlan("2024-09-01", "2024-10-01"))}}},
		{Rule: "4017", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-08-01")+cinPlan("2024-06-10", "2024-09-01")+cpPlan("2024-08-01", "2024-10-01"))}},
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-09-01")+cinPlan("2024-06-10", "2024-09-01")+cpPlan("2024-09-01", "2024-10-01"))}}},
		{Rule: "4004", Fires: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "")+cinPlan("2024-07-10", ""))}},
			Also:  []string{"4014"}, // two open plans overlap
			Holds: [][]string{{ok(), "", episode(ref, cinPlan("2024-06-10", "2024-07-09")+cinPlan("2024-07-10", ""))}}},
		// open late in the year (rules 8670Q and 8675Q)
		{Rule: "8896", Fires: [][]string{{ok(), "", episode("2025-03-03", assessment("2025-03-03", "")+assessment("2025-03-10", ""))}},
			Also:  []string{"8863"}, // two open assessments overlap
			Holds: [][]string{{ok(), "", episode("2025-03-03", assessment("2025-03-03", "2025-03-07")+assessment("2025-03-10", ""))}}},
		{Rule: "8839", Fires: [][]string{{ok(), "", episode("2025-03-17", s47("2025-03-17", "")+s47("2025-03-20", ""))}},
			Also:  []string{"8890"}, // two open enquiries overlap
			Holds: [][]string{{ok(), "", episode("2025-03-17", s47("2025-03-17", "2025-03-19")+s47("2025-03-20", ""))}}},
		{Rule: "4000", Fires: [][]string{{ok(), "", nfa(episode(ref, cinPlan("2024-06-10", "2024-07-01")))}},
			Holds: [][]string{{ok(), "", nfa(episode(ref, ""))}}},
		{Rule: "4008", Fires: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, cinPlan("2024-08-01", "2024-08-02"))}},
			Also:  []string{"4009"}, // and so ends after it
			Holds: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, cinPlan("2024-07-20", "2024-07-31"))}}},
		{Rule: "4009", Fires: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, cinPlan("2024-06-10", "2024-08-01"))}}},
		{Rule: "4003", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlanReviewed(ref, "2024-06-20", "2024-07-05")+cinPlan("2024-07-01", "2024-09-01"))}},
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlanReviewed(ref, "2024-06-20", "2024-07-05")+cinPlan("2024-07-06", "2024-09-01"))},
				{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlanReviewed(ref, "2024-07-01", "2024-07-01")+cinPlan("2024-07-01", "2024-09-01"))}}}, // on the plan's last day
		{Rule: "8925", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-06-30"))}},
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-07-02"))}}},
		{Rule: "8720", Fires: [][]string{{ok(), "", episode(ref, s47(ref, "2025-04-01")+cpPlan("2025-04-01", ""))}},
			Also:  []string{"8715"}, // its conference is after the year too
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2025-03-31")+cpPlan("2025-03-31", ""))}}},
		{Rule: "8930", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2025-04-01"))}},
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2025-03-31"))}}},
		{Rule: "8915", Fires: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, el("DateOfInitialCPC", "2024-08-01")+cpPlan("2024-08-01", "2024-08-02"))}},
			Also:  []string{"8920"}, // and so ends after it
			Holds: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, el("DateOfInitialCPC", "2024-07-20")+cpPlan("2024-07-20", "2024-07-31"))}}},
		{Rule: "8920", Fires: [][]string{{ok(el("PersonDeathDate", "2024-07-15")), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-08-01"))}}},
		{Rule: "8840", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-07-01"))}}},
		{Rule: "1105", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-06-02")+cpPlan("2024-06-02", ""))}},
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", ref)+cpPlan(ref, ""))}}},
		{Rule: "8841", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlanReviewed("2024-07-01", "", "2024-07-01"))}},
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlanReviewed("2024-07-01", "", "2024-07-02"))}}},
		{Rule: "2885", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-02", ""))}},
			Holds: [][]string{{ok(), "", episode(ref, s47(ref, "2024-07-02")+cpPlan("2024-07-02", ""))},
				{ok(), "", episode("2024-01-10", cpPlan("2024-03-01", ""))}}}, // a plan from before the census year
		{Rule: "8940", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-09-02")+cpPlan("2024-07-01", "2024-09-02")+cpPlan("2024-09-02", "2024-10-01"))},
			{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+cpPlan("2024-07-01", "2024-08-01")+cpPlan("2024-07-01", "2024-08-01"))}}, // a plan twice
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-09-03")+cpPlan("2024-07-01", "2024-09-02")+cpPlan("2024-09-03", "2024-10-01"))}}},
		{Rule: "8935", Fires: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-08-01")+cpPlan("2024-07-01", "")+cpPlan("2024-08-01", ""))}},
			Also:  []string{"8940"}, // two open plans overlap
			Holds: [][]string{{ok(), "", episode(ref, el("DateOfInitialCPC", "2024-07-01")+s47(ref, "2024-08-01")+cpPlan("2024-07-01", "2024-07-31")+cpPlan("2024-08-01", ""))}}},
	}
}

// SSDA903Violations are the SSDA903 rules' injections. Rows are in the
// 2024-25 return unless their table's name ends in 23, 26 or 27 (the
// 2023-24, 2025-26 or 2026-27 return: injectedFile).
func SSDA903Violations() []Violation {
	return append(ssda903Base(), families(ssda903Families)...)
}

func ssda903Base() []Violation {
	ep := func(decom, dec, rec string) string {
		return "episodes|" + decom + ",S,C2,N1,U1,PR1," + dec + "," + rec + ",,,,"
	}
	ep23 := func(decom, dec, rec string) string {
		return "episodes23" + strings.TrimPrefix(ep(decom, dec, rec), "episodes")
	}
	// an episode going on from the one before (RNE P), which ended X1 on decom
	next := func(decom string) string { return "episodes|" + decom + ",P,C2,N1,U1,PR1,,,,,," }
	// an episode ending X1 with a reason for the change of placement (rule 225)
	moved := func(decom, dec string) string { return strings.Replace(ep(decom, dec, "X1"), ",X1,,", ",X1,CARPL,", 1) }
	header := func(dob string) string { return "header|1," + dob + ",WBRI," + knownUPN + ",," }
	return []Violation{
		{Rule: "356", Fires: [][]string{{"!" + ep("01/06/2024", "31/05/2024", "E13")}}, Holds: [][]string{{ep("01/06/2024", "02/06/2024", "E13")}}},
		{Rule: "355", Fires: [][]string{{"!" + ep("01/06/2024", "01/06/2024", "E13")}}},
		{Rule: "148", Fires: [][]string{{"!" + ep("01/06/2024", "", "E13")}, {"!" + ep("01/06/2024", "01/07/2024", "")}},
			Holds: [][]string{{ep("01/06/2024", "", "")}}},
		{Rule: "388", Fires: [][]string{{"!" + ep("01/05/2024", "01/08/2024", "X1"), ep("10/08/2024", "", "")}, {"!" + ep("01/05/2024", "01/08/2024", "X1")},
			{"!" + ep("01/05/2024", "01/08/2024", "E13"), alsoBreaks(ep("01/08/2024", "", ""), "431")}}, // care goes on the same day: X1 (and not a new period of care)
			Holds: [][]string{{moved("01/05/2024", "01/08/2024"), next("01/08/2024")}, {ep("01/05/2024", "01/08/2024", "E13"), ep("02/08/2024", "", "")}}},
		{Rule: "142", Fires: [][]string{{ep("01/05/2024", "", ""), "!" + ep("01/07/2024", "", "")}},
			Holds: [][]string{{moved("01/05/2024", "01/07/2024"), next("01/07/2024")}}},
		{Rule: "501", Fires: [][]string{{ep("01/05/2024", "01/08/2024", "E13"), "!" + ep("01/07/2024", "", "")}},
			Also:  []string{"431"}, // a new period of care (RNE S) before the last one ended
			Holds: [][]string{{moved("01/05/2024", "01/07/2024"), next("01/07/2024")}}},
		{Rule: "502", Fires: [][]string{{"!" + ep23("01/06/2023", "", "")}},
			Holds: [][]string{{ep23("01/05/2023", "", ""), ep("01/05/2023", "01/06/2024", "E13")}}},
		{Rule: "overlap_across_years", Fires: [][]string{{ep23("01/05/2023", "01/03/2024", "E13"), "!" + ep("01/02/2024", "", "")}},
			Also:  []string{"562"}, // and the 2023-24 return lacks the episode
			Holds: [][]string{{"episodes23" + strings.TrimPrefix(moved("01/05/2023", "01/03/2024"), "episodes"), "episodes23" + strings.TrimPrefix(next("01/03/2024"), "episodes"), next("01/03/2024")}}},
		{Rule: "562", Fires: [][]string{{"!" + ep("01/03/2024", "", "")}},
			Holds: [][]string{{ep23("01/03/2024", "", ""), ep("01/03/2024", "", "")}}},
		{Rule: "353", Fires: [][]string{{"!" + ep23("13/10/1991", "", ""), "!" + ep("13/10/1991", "", "")}},
			Holds: [][]string{{ep23("14/10/1991", "", ""), ep("14/10/1991", "", "")}}},
		{Rule: "born_after_start", Fires: [][]string{{header("01/08/2024"), "!" + ep("01/07/2024", "", "")}},
			Also:  []string{"302"}, // its first episode
			Holds: [][]string{{header("15/07/2024"), ep("01/07/2024", "", "")}}},
		{Rule: "duplicate_child", Fires: [][]string{{header("01/05/2015"), "!" + header("01/05/2015")}}, Holds: [][]string{{header("01/05/2015")}}},
		{Rule: "duplicate_episode", Fires: [][]string{{ep("01/05/2024", "01/06/2024", "E13"), "!" + ep("01/05/2024", "01/06/2024", "E13")}},
			Also: []string{"431"}}, // a new period of care starting before the first ended
		{Rule: "567", Fires: [][]string{{"!missing|01/05/2015,M,01/06/2024,31/05/2024"}},
			Holds: [][]string{{"missing|01/05/2015,M,01/06/2024,01/06/2024"}}},
		{Rule: "168", Fires: [][]string{{"!header|1,01/05/2015,WBRI,A35812345X780,,"}, {"!header|1,01/05/2015,WBRI,A35812345678I,,"}},
			Holds: [][]string{{"header|1,01/05/2015,WBRI," + ValidUPN(40) + ",,"}, {"header|1,01/05/2015,WBRI,UN2,,"}}},
		{Rule: "upn_check_letter", Fires: [][]string{{"!header|1,01/05/2015,WBRI," + WrongLetter(ValidUPN(41)) + ",,"}}},
		{Rule: "1000", Fires: [][]string{{ep("01/05/2024", "01/06/2024", "E2"), "!oc3|01/05/2006,YES,F1,B1"}},
			Also:  []string{"1016"}, // 18, and ceased after the 17th birthday
			Holds: [][]string{{ep("01/05/2024", "01/06/2024", "E13"), "oc3|01/05/2005,YES,F1,B1"}}},
		{Rule: "sw_end_before_start", Fires: [][]string{{"!sw_episodes|01/05/2015,SW1,01/06/2024,31/05/2024,MANAGE"}},
			Holds: [][]string{{"sw_episodes|01/05/2015,SW1,01/06/2024,02/06/2024,MANAGE"}}}, // ending on the day it starts is SW09STG2's
		{Rule: "dolo_end_before_start", Fires: [][]string{{"!DoLo|01/05/2015,01/06/2024,31/05/2024"}},
			Holds: [][]string{{"DoLo|01/05/2015,01/06/2024,01/06/2024"}}},
		{Rule: "333", Fires: [][]string{withAdoption("!ad1|01/05/2015,01/06/2024,31/05/2024,0,1,M1,L0")},
			Holds: [][]string{withAdoption("ad1|01/05/2015,01/06/2024,01/06/2024,0,1,M1,L0")}},
		{Rule: "522", Fires: [][]string{{"!placed_for_adoption|01/05/2015,01/06/2024,31/05/2024,RD1"}},
			Holds: [][]string{{"placed_for_adoption|01/05/2015,01/06/2024,01/06/2024,RD1"}}},
		{Rule: "119", Fires: [][]string{{"!placed_for_adoption|01/05/2015,01/06/2024,01/07/2024,"}, {"!placed_for_adoption|01/05/2015,01/06/2024,,RD1"}},
			Holds: [][]string{{"placed_for_adoption|01/05/2015,01/06/2024,,"}}},
		{Rule: "202", Fires: [][]string{{"header23|2,01/05/2015,WBRI," + knownUPN + ",0,", "!header|M,01/05/2015,WBRI," + knownUPN + ",,"}},
			Holds: [][]string{{"header23|2,01/05/2015,WBRI," + knownUPN + ",0,", "header|F,01/05/2015,WBRI," + knownUPN + ",0,"}}}, // 2 became F
		{Rule: "203", Fires: [][]string{{"header23|1,01/05/2015,WBRI," + knownUPN + ",,", "!header|1,01/06/2015,WBRI," + knownUPN + ",,"}},
			Holds: [][]string{{"header23|1,15/05/2015,WBRI," + knownUPN + ",,", "header|1,01/05/2015,WBRI," + knownUPN + ",,"}}}, // the same month: not certain
		{Rule: "204", Fires: [][]string{{"header23|1,01/05/2015,WBRI," + knownUPN + ",,", "!header|1,01/05/2015,WIRI," + knownUPN + ",,"}},
			Holds: [][]string{{"header23|1,01/05/2015,WBRI," + knownUPN + ",,", "header|1,01/05/2015,WBRI," + knownUPN + ",,"}}},
		{Rule: "208", Fires: [][]string{{"header23|1,01/05/2015,WBRI," + ValidUPN(50) + ",,", "!header|1,01/05/2015,WBRI," + ValidUPN(51) + ",,"}},
			Holds: [][]string{{"header23|1,01/05/2015,WBRI," + ValidUPN(52) + ",,", "header|1,01/05/2015,WBRI," + ValidUPN(52) + ",,"},
				{"header23|1,01/05/2021,WBRI,UN1,,", "header|1,01/05/2021,WBRI,UN3,,"}}}, // under school age: UN1 (rule 209)
		// school age: 4 by 31 August 2023
		{Rule: "209", Fires: [][]string{{"!header|1,01/08/2019,WBRI,UN1,,"}}, Holds: [][]string{{"header|1,01/09/2019,WBRI,UN1,,"}}},
		{Rule: "366", Fires: [][]string{{"!episodes|01/05/2024,P,V3,N1,U3,PR1,02/05/2024,E13,,,,"}},
			Also:  []string{"357"}, // the child's first episode
			Holds: [][]string{{"episodes|01/05/2024,S,V3,N1,U3,PR1,02/05/2024,E13,,,,"}}},
		{Rule: "393", Fires: [][]string{{"!header|F,01/05/2015,WBRI," + knownUPN + ",,", ep("01/05/2024", "", "")}},
			Holds: [][]string{{"header|F,01/05/2015,WBRI," + knownUPN + ",0,", ep("01/05/2024", "", "")},
				{"header|F,01/05/2015,WBRI," + knownUPN + ",,", "episodes|01/05/2024,S,V3,N1,U3,PR1,02/05/2024,E13,,,,"}}}, // a respite break only
		{Rule: "611", Fires: [][]string{{"!header|F,01/05/2008,WBRI," + knownUPN + ",1,"}},
			Holds: [][]string{{"header|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2024"}}},
		{Rule: "621", Fires: [][]string{{"!header|F,01/05/2008,WBRI," + knownUPN + ",1,30/04/2008"}},
			Holds: [][]string{{"header|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2008"}}}, // the same month: not certain
		{Rule: "571", Fires: [][]string{{"!missing|01/05/2015,M,01/03/2024,31/03/2024"}},
			Holds: [][]string{{"missing|01/05/2015,M,01/03/2024,01/04/2024"}}},
		{Rule: "213", Fires: [][]string{{"!episodes|01/05/2024,S,C2,N1,Z1,PR1,,,,,,"}},
			Holds: [][]string{{"episodes|01/05/2024,S,C2,N1,Z1,,,,,,,"}}},
		// freeing orders ended (not still open: rule 451), each with its
		// decision to place for adoption (555), ceased where the child left
		// care in 2023-24 (557)
		{Rule: "445", Fires: [][]string{{"!episodes|01/05/2024,S,D1,N1,U1,PR1,01/06/2024,E13,,,,", "placed_for_adoption|01/05/2015,01/05/2024,,"}},
			Holds: [][]string{{"episodes23|31/12/2005,S,D1,N1,U1,PR1,01/06/2023,E13,,,,", "placed_for_adoption23|01/05/2015,31/12/2005,01/06/2023,RD1"}}},
		// placement orders with their decisions to place for adoption (rule 553)
		{Rule: "446", Fires: [][]string{{"!episodes23|30/11/2005,S,E1,N1,U1,PR1,,,,,,", "!episodes|30/11/2005,S,E1,N1,U1,PR1,,,,,,",
			"placed_for_adoption23|01/05/2015,30/11/2005,,", "placed_for_adoption|01/05/2015,30/11/2005,,"}},
			Holds: [][]string{{"episodes23|01/12/2005,S,E1,N1,U1,PR1,,,,,,", "episodes|01/12/2005,S,E1,N1,U1,PR1,,,,,,",
				"placed_for_adoption23|01/05/2015,01/12/2005,,", "placed_for_adoption|01/05/2015,01/12/2005,,"}}},
		{Rule: "527", Fires: [][]string{{"!episodes|01/05/2024,S,C2,N1,P1,PR1,,,,,,"}}, Holds: [][]string{{"episodes|01/05/2024,S,C2,N1,P1,PR0,,,,,,"}}},
		{Rule: "528", Fires: [][]string{{"!episodes|01/05/2024,S,C2,N1,R2,PR2,,,,,,"}}, Holds: [][]string{{"episodes|01/05/2024,S,C2,N1,R2,PR3,,,,,,"}}},
		{Rule: "530", Fires: [][]string{{"!episodes|01/05/2024,S,C2,N1,P1,PR4,,,,,,"}}},
		{Rule: "531", Fires: [][]string{{"!episodes|01/05/2024,S,C2,N1,P1,PR5,,,,,,"}}},
		{Rule: "174", Fires: [][]string{{"!header|M,01/05/2008,WBRI," + knownUPN + ",,15/05/2024"}}, Holds: [][]string{{"header|F,01/05/2008,WBRI," + knownUPN + ",1,15/05/2024"}}},
		{Rule: "620", Fires: [][]string{{"!header|F,01/05/2014,WBRI," + knownUPN + ",1,15/05/2024"}}, Holds: [][]string{{"header|F,01/03/2013,WBRI," + knownUPN + ",1,15/05/2024"}}},
		{Rule: "586", Fires: [][]string{{"!missing|01/05/2015,M,30/04/2015,"}}, Holds: [][]string{{"missing|01/05/2015,M,15/05/2015,"}}}, // the same month: not certain
		{Rule: "570", Fires: [][]string{{"!missing|01/05/2015,M,01/04/2025,"}}, Holds: [][]string{{"missing|01/05/2015,M,31/03/2025,"}}},
		{Rule: "566", Fires: [][]string{{"!missing|01/05/2015,,01/06/2024,02/06/2024"}}, Also: []string{"565"}, // and its start is given
			Holds: [][]string{{"missing|01/05/2015,M,01/06/2024,02/06/2024"}}},
		{Rule: "574", Fires: [][]string{{"missing|01/05/2015,M,01/06/2024,10/06/2024", "!missing|01/05/2015,A,05/06/2024,12/06/2024"},
			{"missing|01/05/2015,M,01/06/2024,", "!missing|01/05/2015,M,10/06/2024,11/06/2024"}},
			Holds: [][]string{{"missing|01/05/2015,M,01/06/2024,05/06/2024", "missing|01/05/2015,A,05/06/2024,12/06/2024"}}},
		{Rule: "304", Fires: [][]string{{"!uasc|M,01/05/2006,01/06/2024"}}, Holds: [][]string{{"uasc|M,01/05/2006,31/05/2024"}}},
		{Rule: "153", Fires: [][]string{{"!oc3|01/05/2006,YES,,", leftCare23}}, Holds: [][]string{{"oc3|01/05/2006,,,", leftCare23}}},
		{Rule: "1011", Fires: [][]string{{ep("01/05/2024", "01/06/2024", "E3"), "!oc3|01/05/2006,YES,F1,B1"}},
			Also:  []string{"1016"}, // 18, and ceased after the 17th birthday
			Holds: [][]string{{ep("01/05/2024", "01/06/2024", "E4A"), "oc3|01/05/2005,YES,F1,B1"}}},
	}
}

// alsoBreaks marks an SSDA903 row of a case as one that rightly breaks these
// other rules, not the case's own.
func alsoBreaks(row string, rules ...string) string {
	return "+" + strings.Join(rules, ",") + ":" + row
}

// caseRow is a case's row's table and fields, without the marks that say
// which rules it breaks ("!" and alsoBreaks').
func caseRow(r string) (table string, fields []string) {
	if _, rest, ok := strings.Cut(r, ":"); ok && strings.HasPrefix(r, "+") {
		r = rest
	}
	table, f, _ := strings.Cut(strings.TrimPrefix(r, "!"), "|")
	return table, strings.Split(f, ",")
}

// SSDA903Headers are the header rows of the SSDA903 tables the violations
// use, by the table names of the rows.
var SSDA903Headers = map[string]string{
	"episodes":            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
	"episodes23":          "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
	"header":              "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
	"header23":            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
	"missing":             "CHILD,DOB,MISSING,MIS_START,MIS_END",
	"placed_for_adoption": "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
	"oc3":                 "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM",
	"sw_episodes":         "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
	"DoLo":                "CHILD,DOB,DOLO_START,DOLO_END",
	"ad1":                 "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
	"uasc":                "CHILD,SEX,DOB,DUC",
}

// ValidUPN is the n-th valid UPN of LA 358: the right check letter for its
// digits.
func ValidUPN(n int) string {
	digits := fmt.Sprintf("3581234%04d", n) + "0"
	l, _ := upn.CheckLetter("A" + digits)
	return string(l) + digits
}

// withCheckLetter is u with its first character made its check letter.
func withCheckLetter(u string) string {
	l, _ := upn.CheckLetter(u)
	return string(l) + u[1:]
}

// WrongLetter is u with a check letter that does not fit its digits.
func WrongLetter(u string) string {
	if u[0] == 'A' {
		return "B" + u[1:]
	}
	return "A" + u[1:]
}

// CINChild is a <Child>'s content for the violations: LAchildID id (none
// when empty), the identifiers, disabilities and CINdetails. The child's
// Sex is F, or U for an unborn child (an expected date of birth and none
// of birth, rule 8750), unless the identifiers give one.
func CINChild(id, ids, disabilities string, details ...string) string {
	if id != "" {
		id = el("LAchildID", id)
	}
	sex := el("Sex", "F")
	switch {
	case strings.Contains(ids, "<Sex>"): // the child's own
		sex = ""
	case strings.Contains(ids, "<ExpectedPersonBirthDate>") && !strings.Contains(ids, "<PersonBirthDate>"):
		sex = el("Sex", "U")
	}
	dis := ""
	if disabilities != "" {
		dis = "<Disabilities>" + disabilities + "</Disabilities>"
	}
	return "<ChildIdentifiers>" + id + ids + sex + "</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>" + dis +
		"</ChildCharacteristics>" + strings.Join(details, "")
}

// Episode is a <CINdetails> referred on ref, with more inside it (closure,
// assessments, plans).
func Episode(ref, more string) string { return episode(ref, more) }

// episode is a <CINdetails>; one with a section 47 enquiry and no
// assessment gets an assessment from its referral, authorised that day or
// on the census year's first (rule 2991Q).
func episode(ref, more string) string {
	if strings.Contains(more, "<Section47>") && !strings.Contains(more, "<Assessments>") {
		more = assessment(ref, max(ref, "2024-04-01")) + more
	}
	return cinDetails(ref, more)
}

// cinDetails is a <CINdetails> referred on ref with more inside it, as
// given.
func cinDetails(ref, more string) string {
	return "<CINdetails><CINreferralDate>" + ref + "</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>" +
		"<ReferralNFA>false</ReferralNFA>" + more + "</CINdetails>"
}

func el(name, v string) string { return "<" + name + ">" + v + "</" + name + ">" }

// closed closes an episode on day, for a reason (RC7: no longer in need).
func closed(day string) string { return el("CINclosureDate", day) + el("ReasonForClosure", "RC7") }

// nfa makes an episode a referral with no further action.
func nfa(episode string) string {
	return strings.Replace(episode, "<ReferralNFA>false", "<ReferralNFA>true", 1)
}

// withFactors is an assessment (as assessment makes it) with these factors.
func withFactors(a string, factors ...string) string {
	var fs string
	for _, f := range factors {
		fs += el("AssessmentFactors", f)
	}
	return strings.Replace(a, "<AssessmentFactors>1C</AssessmentFactors>", fs, 1)
}

// assessment is an <Assessments> group, authorised on auth with the
// factor 1C; an empty auth leaves it open, with no factors (rule 8614).
func assessment(start, auth string) string {
	if auth == "" {
		return "<Assessments>" + el("AssessmentActualStartDate", start) + "</Assessments>"
	}
	return "<Assessments>" + el("AssessmentActualStartDate", start) + el("AssessmentAuthorisationDate", auth) +
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

// injectCIN is the violations' CIN children for the census file (base
// name) of LA code, after its generated children: near misses first (for
// the duplicate rules, the first of two is the one that holds).
func injectCIN(code, file string, generated int) ([]string, []Injected) {
	var kids []string
	var inj []Injected
	for _, v := range CINViolations() {
		for _, fires := range []bool{false, true} {
			group := v.Holds
			if fires {
				group = v.Fires
			}
			for _, kid := range group {
				id := fmt.Sprintf("%sV%05d", code, len(kids)+1)
				switch {
				case v.Rule == "8500" && fires:
					id = ""
				case v.Rule == "8510":
					id = code + "V8510"
				}
				kids = append(kids, CINChild(id, kid[0], kid[1], kid[2:]...))
				inj = append(inj, Injected{File: file, Row: generated + len(kids), Rule: v.Rule, Fires: fires, Also: v.Also})
			}
		}
	}
	return kids, inj
}

// injectSSDA903 is the violations' SSDA903 rows by table, each child with
// a CHILD of its own; generated says how many rows the generated tables
// already have, so the rows' lines can be told.
func injectSSDA903(code, span string, generated map[string]int) (map[string][][]string, []Injected) {
	rows := map[string][][]string{}
	var inj []Injected
	n := 0
	for _, v := range SSDA903Violations() {
		for _, fires := range []bool{false, true} {
			group := v.Holds
			if fires {
				group = v.Fires
			}
			for _, kid := range group {
				n++
				if v.Rule != "SW01STG1" {
					kid = withSocialWorker(kid)
				}
				for _, r := range withPermanence(kid) {
					marked := strings.HasPrefix(r, "!")
					var other []string
					if rest, ok := strings.CutPrefix(r, "+"); ok {
						codes, row, _ := strings.Cut(rest, ":")
						other, r = strings.Split(codes, ","), row
					}
					table, fields, _ := strings.Cut(strings.TrimPrefix(r, "!"), "|")
					f := strings.Split(fields, ",")
					if strings.HasPrefix(table, "header") && len(f) > 3 && f[3] == knownUPN {
						// a UPN of the child's own, the same in every year
						// (rules 208, 444)
						f[3] = ValidUPN(5000 + n)
					}
					rows[table] = append(rows[table], append([]string{fmt.Sprintf("%s%06d", code, 900000+n)}, f...))
					in := Injected{File: injectedFile(table, span), Row: 1 + generated[table] + len(rows[table]), Rule: v.Rule, Other: other}
					if marked {
						in.Fires, in.Also = true, v.Also
					}
					inj = append(inj, in)
				}
			}
		}
	}
	return rows, inj
}

// withSocialWorker is a child's rows with a social worker episode for
// each return of 2023-24 and 2024-25 in which the child is looked after on
// 31 March (an episode without DEC, not a short break) and has none, as
// DfE's rule SW01STG1 asks: the same episode in both (SW16aSTG2 to
// SW16cSTG2), open, begun before the social worker reporting period. The
// returns of 2025-26 on get none: SW05STG1, as read from 2025-26, asks for
// an end on every episode, which SW17STG2 forbids on the latest.
func withSocialWorker(kid []string) []string {
	out := kid
	for _, suffix := range []string{"", "23"} {
		open, has := false, false
		for _, r := range kid {
			table, f := caseRow(r)
			switch {
			case table == "episodes"+suffix || suffix == "" && table == "episodes_dist":
				open = open || len(f) > 6 && f[6] == "" && f[2] != "V3" && f[2] != "V4" // DEC, LS
			case table == "sw_episodes"+suffix:
				has = true
			}
		}
		if open && !has {
			out = append(append([]string(nil), out...), "sw_episodes"+suffix+"|01/05/2015,SW0,01/01/2023,,MANAGE")
		}
	}
	return out
}

// injectedFile is the file an injected SSDA903 table goes to: the return's
// own, but a table named with 23 (episodes23, header23) to the 2023-24
// return's, and one named with 26 or 27 (oc326, DoLo27) to the 2025-26 or
// 2026-27 return's: a return of that year of its own, whole or part-year
// as its dates make it, read as that year from its file name.
func injectedFile(table, span string) string {
	for suffix, year := range otherReturns {
		if t, ok := strings.CutSuffix(table, suffix); ok {
			return "SSDA903_" + year + "_" + t + ".csv"
		}
	}
	return "SSDA903_" + span + "_" + table + ".csv"
}

// otherReturns are the returns other than 2024-25 the injections write, by
// the suffix of their tables' names.
var otherReturns = map[string]string{"23": "2023-24", "26": "2025-26", "27": "2026-27"}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// knownUPN is the UPN of the cases' header rows: a child looked after
// other than on short breaks must have one (rule 442).
var knownUPN = ValidUPN(60)

// leftCare23 is an episode of the 2023-24 return that ended in it: a
// young person with care leaver information was looked after (rule 1002).
var leftCare23 = "episodes23|01/05/2023,S,C2,N1,U1,PR1,01/06/2023,E13,,,,"

// withAdoption is an AD1 case's child with the adoption its details are
// of (rule 602), where the child has no episode this year and some detail
// is given:
// ended E11 in the year from a placement for adoption under a placement
// order (390, 408), with the kind of carer FOSTER_CARE says (335), begun on
// the decision that the child should be placed for adoption (DATE_INT, or 1
// May 2024 where it is not a date: 334, 521), which the placed for
// adoption table has on that day (523, 551, 553) unless it has one.
func withAdoption(rows ...string) []string {
	placed := false
	for _, r := range rows {
		switch {
		case strings.Contains(r, "episodes|"):
			return rows
		case strings.Contains(r, "placed_for_adoption|"):
			placed = true
		}
	}
	for _, r := range rows {
		table, fields, _ := strings.Cut(strings.TrimPrefix(r, "!"), "|")
		f := strings.Split(fields, ",")
		if table != "ad1" || len(f) < 7 || strings.Join(f[1:], "") == "" {
			continue
		}
		start := "01/05/2024"
		if _, err := time.Parse("02/01/2006", f[1]); err == nil {
			start = f[1]
		}
		place := "A6"
		if f[3] == "1" {
			place = "A5"
		}
		rows = append(rows, "episodes|"+start+",S,E1,N1,"+place+",PR1,15/03/2025,E11,,,,")
		if !placed {
			rows = append(rows, "placed_for_adoption|01/05/2015,"+start+",,")
		}
		return rows
	}
	return rows
}

// withPermanence is a case's child with a previous permanence row (Z1,
// none) where the child starts to be looked after in the year (an episode
// with RNE S from 1 April 2024) and the case gives none (rule 630).
func withPermanence(rows []string) []string {
	starts := false
	for _, r := range rows {
		table, f := caseRow(r)
		switch {
		case table == "previous_permanence":
			return rows
		case (table == "episodes" || table == "episodes_dist") && len(f) > 1 && f[1] == "S":
			if d, err := time.Parse("02/01/2006", f[0]); err == nil && !d.Before(time.Date(InjectionYear-1, 4, 1, 0, 0, 0, 0, time.UTC)) {
				starts = true
			}
		}
	}
	if !starts {
		return rows
	}
	return append(append([]string(nil), rows...), "previous_permanence|01/05/2015,Z1,,")
}
