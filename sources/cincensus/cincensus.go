// Package cincensus reads the children in need census (XML, the 2022 to
// 2026 layouts) into pseudonymised stage tables: stage.cin_child,
// stage.cin_episode, stage.cin_assessment, stage.cin_s47, stage.cin_cp_plan
// and the tables beneath them. The file is streamed: one <Child> is decoded
// at a time.
package cincensus

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/yardstick-etl/yardstick/sources"
	cl "github.com/yardstick-etl/yardstick/sources/childlevel"
	"github.com/yardstick-etl/yardstick/transforms/dates"
	"github.com/yardstick-etl/yardstick/transforms/shape"
)

// Source is the CIN census.
type Source struct{}

func (Source) Kind() string { return "cin_census" }
func (Source) ChildLevel()  {}

func (Source) Recognise(s *sources.Sample) bool {
	return s.Ext() == ".xml" && bytes.Contains(s.Head, []byte("<Message")) &&
		(bytes.Contains(s.Head, []byte("<Collection>CIN<")) || bytes.Contains(s.Head, []byte("<CINdetails")))
}

// Specs are the census's stage tables.
func Specs() []*cl.Spec { return specs }

func (Source) Tables() []sources.Table {
	var out []sources.Table
	for _, s := range specs {
		out = append(out, s.SourceTable())
	}
	return out
}

func c(field, name string, k cl.Kind, set string, required bool) cl.Column {
	return cl.Column{Name: name, Field: field, Kind: k, Set: set, Required: required}
}

// validated is a UPN column whose faults the validation rules report.
func validated(field, name string) cl.Column {
	col := c(field, name, cl.UPN, "", false)
	col.Validated = true
	return col
}

var (
	childID = c("LAchildID", "child_id", cl.ID, "", true)
	episode = c("CINdetails", "episode_number", cl.Int, "", true) // the n-th CINdetails of the child
)

// The tables. Each row of a table below cin_child carries the child's
// pseudonym and the number of its CIN episode within the child.
var (
	// A header row per file: what DfE's header rules check.
	headerSpec = &cl.Spec{Table: "cin_header", Columns: []cl.Column{
		c("ReferenceDate", "reference_date", cl.Date, "", false), c("Year", "header_year", cl.Int, "", false)}}
	childSpec = &cl.Spec{Table: "cin_child", Columns: []cl.Column{childID,
		validated("UPN", "upn"), validated("FormerUPN", "former_upn"),
		c("UPN", "upn_fault", cl.UPNFault, "", false), c("FormerUPN", "former_upn_fault", cl.UPNFault, "", false),
		c("UPNunknown", "upn_unknown", cl.Code, "UPN_UNKNOWN", false),
		c("PersonBirthDate", "dob_month", cl.DOB, "", false), c("ExpectedPersonBirthDate", "expected_dob_month", cl.DOB, "", false),
		c("GenderCurrent", "gender_current", cl.Code, "GENDER_CURRENT", false), c("Sex", "sex", cl.Code, "SEX", false),
		c("PersonDeathDate", "death_month", cl.DOB, "", false), c("Ethnicity", "ethnicity", cl.Code, "ETHNIC", true)}}
	disabilitySpec = &cl.Spec{Table: "cin_disability", Columns: []cl.Column{childID,
		c("Disability", "disability", cl.Code, "DISABILITY", true)}}
	episodeSpec = &cl.Spec{Table: "cin_episode", Columns: []cl.Column{childID, episode,
		c("CINreferralDate", "referral_date", cl.Date, "", true), c("ReferralSource", "referral_source", cl.Code, "REFERRAL_SOURCE", true),
		c("PrimaryNeedCode", "primary_need", cl.Code, "PRIMARY_NEED", true), c("CINclosureDate", "closure_date", cl.Date, "", false),
		c("ReasonForClosure", "reason_for_closure", cl.Code, "REASON_FOR_CLOSURE", false),
		c("DateOfInitialCPC", "date_of_initial_cpc", cl.Date, "", false), c("ReferralNFA", "referral_nfa", cl.Flag, "", false)}}
	assessmentSpec = &cl.Spec{Table: "cin_assessment", Columns: []cl.Column{childID, episode,
		c("Assessments", "assessment_number", cl.Int, "", true),
		c("AssessmentActualStartDate", "start_date", cl.Date, "", true), c("AssessmentInternalReviewDate", "internal_review_date", cl.Date, "", false),
		c("AssessmentAuthorisationDate", "authorisation_date", cl.Date, "", false)}}
	factorSpec = &cl.Spec{Table: "cin_assessment_factor", Columns: []cl.Column{childID, episode,
		c("Assessments", "assessment_number", cl.Int, "", true), c("AssessmentFactors", "factor", cl.Code, "ASSESSMENT_FACTOR", true)}}
	planSpec = &cl.Spec{Table: "cin_plan", Columns: []cl.Column{childID, episode,
		c("CINPlanStartDate", "start_date", cl.Date, "", true), c("CINPlanEndDate", "end_date", cl.Date, "", false)}}
	s47Spec = &cl.Spec{Table: "cin_s47", Columns: []cl.Column{childID, episode,
		c("S47ActualStartDate", "start_date", cl.Date, "", true), c("InitialCPCtarget", "initial_cpc_target", cl.Date, "", false),
		c("DateOfInitialCPC", "date_of_initial_cpc", cl.Date, "", false), c("ICPCnotRequired", "icpc_not_required", cl.Flag, "", false)}}
	cpSpec = &cl.Spec{Table: "cin_cp_plan", Columns: []cl.Column{childID, episode,
		c("CPPstartDate", "start_date", cl.Date, "", true), c("CPPendDate", "end_date", cl.Date, "", false),
		c("InitialCategoryOfAbuse", "initial_category_of_abuse", cl.Code, "CATEGORY_OF_ABUSE", true),
		c("LatestCategoryOfAbuse", "latest_category_of_abuse", cl.Code, "CATEGORY_OF_ABUSE", true),
		c("NumberOfPreviousCPP", "number_of_previous_cpp", cl.Int, "", false)}}
	cpReviewSpec = &cl.Spec{Table: "cin_cp_review", Columns: []cl.Column{childID, episode,
		c("CPPstartDate", "cp_plan_start_date", cl.Date, "", false), c("CPPreviewDate", "review_date", cl.Date, "", true)}}
	preProceedingsSpec = &cl.Spec{Table: "cin_pre_proceedings", Columns: []cl.Column{childID, episode,
		c("PPStartDate", "start_date", cl.Date, "", true), c("LBPSentDate", "lbp_sent_date", cl.Date, "", false),
		c("FGDMMeetingOffer", "fgdm_meeting_offer", cl.Flag, "", false), c("FGDMMeetingFac", "fgdm_meeting_fac", cl.Flag, "", false),
		c("InitialPPMeetingDate", "initial_pp_meeting_date", cl.Date, "", false), c("ReviewMeetingsCount", "review_meetings_count", cl.Int, "", false),
		c("StepDecisionDate", "step_decision_date", cl.Date, "", false), c("PPOutcome", "pp_outcome", cl.OpenCode, "", false),
		c("CourtAppDate", "court_app_date", cl.Date, "", false), c("LetterInitCPDate", "letter_init_cp_date", cl.Date, "", false)}}
	specs = []*cl.Spec{headerSpec, childSpec, disabilitySpec, episodeSpec, assessmentSpec, factorSpec, planSpec, s47Spec, cpSpec, cpReviewSpec, preProceedingsSpec}
)

// The XML, as far as yardstick reads it. Names and free text are not in the
// census; anything not listed here is never read.
type xHeader struct {
	Collection    string `xml:"CollectionDetails>Collection"`
	Year          string `xml:"CollectionDetails>Year"`
	ReferenceDate string `xml:"CollectionDetails>ReferenceDate"`
	LEA           string `xml:"Source>LEA"`
}

type xChild struct {
	ID struct {
		LAchildID, UPN, FormerUPN, UPNunknown, PersonBirthDate, ExpectedPersonBirthDate string
		GenderCurrent, Sex, PersonDeathDate                                             string
	} `xml:"ChildIdentifiers"`
	Ethnicity    string   `xml:"ChildCharacteristics>Ethnicity"`
	Disabilities []string `xml:"ChildCharacteristics>Disabilities>Disability"`
	Details      []struct {
		CINreferralDate, ReferralSource, PrimaryNeedCode, CINclosureDate, ReasonForClosure string
		DateOfInitialCPC, ReferralNFA                                                      string
		Assessments                                                                        []struct {
			AssessmentActualStartDate, AssessmentInternalReviewDate, AssessmentAuthorisationDate string
			Factors                                                                              []string `xml:"FactorsIdentifiedAtAssessment>AssessmentFactors"`
		}
		Plans []struct{ CINPlanStartDate, CINPlanEndDate string } `xml:"CINPlanDates"`
		S47   []struct {
			S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC, ICPCnotRequired string
		} `xml:"Section47"`
		CPPs []struct {
			CPPstartDate, CPPendDate, InitialCategoryOfAbuse, LatestCategoryOfAbuse, NumberOfPreviousCPP string
			Reviews                                                                                      []string `xml:"Reviews>CPPreviewDate"`
		} `xml:"ChildProtectionPlans"`
		PP []struct {
			PPStartDate, LBPSentDate, FGDMMeetingOffer, FGDMMeetingFac, InitialPPMeetingDate, ReviewMeetingsCount string
			StepDecisionDate, PPOutcome, CourtAppDate, LetterInitCPDate                                           string
		} `xml:"PreProceedingsandFGDM"`
	} `xml:"CINdetails"`
}

func (Source) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	o, notes := cl.FileOrigin(env, path)
	builders := map[*cl.Spec]*cl.Builder{}
	defer func() {
		for _, b := range builders {
			b.Release()
		}
	}()
	dec := cl.NewXMLDecoder(f)
	children := 0
	var head xHeader
	for {
		tok, err := cl.Token(dec)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "Header":
			var h xHeader
			if err := dec.DecodeElement(&h, &se); err != nil {
				return 0, fmt.Errorf("Header: %w", cl.XMLError(dec, err))
			}
			// a return of another collection in the same envelope
			if c := strings.TrimSpace(h.Collection); c != "" && !strings.EqualFold(c, "CIN") {
				return 0, fmt.Errorf("the header's <Collection> is %s, not CIN: this is not a CIN census", shape.Describe(c))
			}
			o, notes = headerOrigin(env, h, o, notes)
			head = h
		case "Child":
			if children == 0 {
				if err := cl.Check(env, o, false, false); err != nil {
					return 0, err
				}
				env.Note = notes.String()
				for _, s := range specs {
					builders[s] = cl.NewBuilder(s, env, w)
				}
				// the header as row 0, for the header rules
				if err := builders[headerSpec].Append(cl.Place{}, o, []string{head.ReferenceDate, head.Year}, nil); err != nil {
					return 0, err
				}
			}
			children++
			var ch xChild
			if err := dec.DecodeElement(&ch, &se); err != nil {
				return 0, fmt.Errorf("Child %d: %w", children, cl.XMLError(dec, err))
			}
			if err := emit(builders, o, children, &ch); err != nil {
				return 0, err
			}
			if children%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return 0, err
				}
				if env.Progress != nil {
					env.Progress(int64(children))
				}
			}
		}
	}
	if children == 0 {
		return 0, fmt.Errorf("no <Child> elements: not a CIN census file")
	}
	var total int64
	for _, s := range specs {
		if err := builders[s].Flush(); err != nil {
			return total, err
		}
		total += builders[s].Rows()
	}
	return total, nil
}

// headerOrigin: the census names its LA (LEA, the old 3-digit code) and its
// reference date; both are the file's own and win over names and config.
func headerOrigin(env *sources.Env, h xHeader, o cl.Origin, n cl.Notes) (cl.Origin, cl.Notes) {
	if t, err := dates.Parse(h.ReferenceDate); err == nil {
		o.Year = t.Year()
		if t.Month() > 8 { // a census dated in the autumn counts towards the next March
			o.Year++
		}
		n.Year = fmt.Sprintf("collection year %d from the header's ReferenceDate", o.Year)
		// A ReferenceDate other than 31 March, or a Year that disagrees,
		// is reported by the validation rules (100, header_year) from the
		// cin_header table.
	} else if y, err := strconv.Atoi(strings.TrimSpace(h.Year)); err == nil {
		o.Year = y
		n.Year = fmt.Sprintf("collection year %d from the header's Year", o.Year)
	}
	if lea := strings.TrimSpace(h.LEA); lea != "" {
		if code, _, ok := env.Geography.Resolve(lea, lea, lea); ok {
			o.LA = code
			n.LA = fmt.Sprintf("LA %s from the header's LEA", code)
		} else {
			env.Issues.Add(sources.Issue{File: env.File, Column: "LEA", Rule: "unknown_la",
				Message: fmt.Sprintf("the header's LEA holds %s, not a known LA code; config home_la is used if set", shape.Describe(lea))})
		}
	}
	return o, n
}

// emit writes one child's rows. A row's number is its Child's: 1 for the
// first child in the file.
func emit(b map[*cl.Spec]*cl.Builder, o cl.Origin, n int, ch *xChild) error {
	at := cl.Place{Row: n}
	id := ch.ID.LAchildID
	put := func(s *cl.Spec, vals ...string) error {
		labels := make([]string, len(s.Columns))
		for i, col := range s.Columns {
			labels[i] = col.Field
		}
		return b[s].Append(at, o, vals, labels)
	}
	i := ch.ID
	if err := put(childSpec, id, i.UPN, i.FormerUPN, i.UPN, i.FormerUPN, i.UPNunknown, i.PersonBirthDate, i.ExpectedPersonBirthDate,
		i.GenderCurrent, i.Sex, i.PersonDeathDate, ch.Ethnicity); err != nil {
		return err
	}
	for _, d := range ch.Disabilities {
		if err := put(disabilitySpec, id, d); err != nil {
			return err
		}
	}
	for e, d := range ch.Details {
		ep := strconv.Itoa(e + 1)
		if err := put(episodeSpec, id, ep, d.CINreferralDate, d.ReferralSource, d.PrimaryNeedCode, d.CINclosureDate,
			d.ReasonForClosure, d.DateOfInitialCPC, d.ReferralNFA); err != nil {
			return err
		}
		for k, a := range d.Assessments {
			an := strconv.Itoa(k + 1)
			if err := put(assessmentSpec, id, ep, an, a.AssessmentActualStartDate, a.AssessmentInternalReviewDate, a.AssessmentAuthorisationDate); err != nil {
				return err
			}
			for _, f := range a.Factors {
				if err := put(factorSpec, id, ep, an, f); err != nil {
					return err
				}
			}
		}
		for _, p := range d.Plans {
			if err := put(planSpec, id, ep, p.CINPlanStartDate, p.CINPlanEndDate); err != nil {
				return err
			}
		}
		for _, s := range d.S47 {
			if err := put(s47Spec, id, ep, s.S47ActualStartDate, s.InitialCPCtarget, s.DateOfInitialCPC, s.ICPCnotRequired); err != nil {
				return err
			}
		}
		for _, p := range d.CPPs {
			if err := put(cpSpec, id, ep, p.CPPstartDate, p.CPPendDate, p.InitialCategoryOfAbuse, p.LatestCategoryOfAbuse, p.NumberOfPreviousCPP); err != nil {
				return err
			}
			for _, r := range p.Reviews {
				if err := put(cpReviewSpec, id, ep, p.CPPstartDate, r); err != nil {
					return err
				}
			}
		}
		for _, p := range d.PP {
			if err := put(preProceedingsSpec, id, ep, p.PPStartDate, p.LBPSentDate, p.FGDMMeetingOffer, p.FGDMMeetingFac,
				p.InitialPPMeetingDate, p.ReviewMeetingsCount, p.StepDecisionDate, p.PPOutcome, p.CourtAppDate, p.LetterInitCPDate); err != nil {
				return err
			}
		}
	}
	return nil
}
