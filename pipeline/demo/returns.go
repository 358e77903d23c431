package demo

import (
	"encoding/xml"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/transforms/codeset"
	"github.com/yardstick-etl/yardstick/transforms/upn"
)

// ReturnFigures are the council's published figures its synthetic returns
// reproduce: children looked after on 31 March (SSDA903) and children in
// need on 31 March (CIN census), for the last year.
type ReturnFigures struct {
	CLAAt31, CINAt31 int
}

// TrueFigures are what the synthetic returns hold by construction, for the
// own-figure SQL to find: children looked after on 31 March, those with 3
// or more placements during the year, children starting and ceasing to be
// looked after in the year.
type TrueFigures struct {
	CLAAt31, ThreePlusPlacements, Started, Ceased int
	// Injected are the rows Options.Inject added: each firing row with the
	// rule it breaks, each other injected row with none.
	Injected []Injected
}

// Injected is one injected row: the file (its base name) and its row (a
// CIN census's n-th <Child>, a CSV's line), the rule it tests, whether it
// breaks it (and Also), or is a near miss or a firing child's other row
// that breaks nothing (or, Other, only the other rules it rightly breaks).
type Injected struct {
	File  string
	Row   int
	Rule  string
	Fires bool
	Also  []string
	// Other: a row of the case that is not the one its rule reports but
	// rightly breaks these other rules (the case cannot do without it).
	Other []string
}

// Figures is what the published demo files say for LA code in the last year.
func Figures(code string, o Options) (ReturnFigures, bool) {
	for _, l := range liveLAs(o.Seed) {
		if l.Code == code {
			y := o.LastYear
			return ReturnFigures{CLAAt31: int(math.Round(claAt31(l, y))), CINAt31: int(math.Round(cinAt31(l, y)))}, true
		}
	}
	return ReturnFigures{}, false
}

// child is a synthetic child: identifiers made up, consistent across the
// three returns so their pseudonyms link.
type child struct {
	id, upn string
	dob     time.Time
	sex     string
	ethnic  string
}

// GenerateReturns writes one council's child-level returns for the last
// year into dir/inputs/returns: the SSDA903 tables as CSV, the CIN census
// as XML and an Annex A workbook. The number of children looked after and
// in need on 31 March match the published demo files for that LA.
func GenerateReturns(dir, code string, o Options) ([]string, error) {
	files, _, err := generateReturns(dir, code, o)
	return files, err
}

// GenerateReturnsWithTruth is GenerateReturns, also saying what the
// returns hold by construction.
func GenerateReturnsWithTruth(dir, code string, o Options) ([]string, TrueFigures, error) {
	return generateReturns(dir, code, o)
}

func generateReturns(dir, code string, o Options) ([]string, TrueFigures, error) {
	var truth TrueFigures
	fig, ok := Figures(code, o)
	if !ok {
		return nil, truth, fmt.Errorf("demo: %s is not a live LA code", code)
	}
	out := filepath.Join(dir, "inputs", "returns")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, truth, err
	}
	if o.entrants {
		fig.CLAAt31 /= 4
	}
	y := o.LastYear
	r := rng(o.Seed, code+"/returns", y)
	march31 := time.Date(y, 3, 31, 0, 0, 0, 0, time.UTC)
	yearStart := time.Date(y-1, 4, 1, 0, 0, 0, 0, time.UTC)
	newChild := func(i int) child {
		dob := march31.AddDate(0, 0, -r.IntN(17*365+300))
		return child{
			id:     fmt.Sprintf("%s%06d", code, 100000+o.idBase+i),
			upn:    demoUPN(r),
			dob:    dob,
			sex:    pick(r, "SEX", y),
			ethnic: pick(r, "ETHNIC", y),
		}
	}
	// Looked after: fig.CLAAt31 still in care on 31 March, a third as many
	// again who left during the year.
	var cla []child
	for i := 0; i < fig.CLAAt31+fig.CLAAt31/3; i++ {
		cla = append(cla, newChild(i))
	}
	// In need: fig.CINAt31 open on 31 March (including those in care), a
	// half as many again closed in the year.
	cin := append([]child(nil), cla[:fig.CLAAt31]...)
	for i := len(cla); len(cin) < fig.CINAt31+fig.CINAt31/2; i++ {
		cin = append(cin, newChild(i))
	}
	span := fmt.Sprintf("%d-%02d", y-1, y%100)
	var files []string
	csv := func(name string, header []string, rows [][]string) error {
		p := filepath.Join(out, "SSDA903_"+span+"_"+name+".csv")
		files = append(files, p)
		return writeCSV(p, header, func(emit func([]string)) {
			for _, row := range rows {
				emit(row)
			}
		})
	}
	d := func(t time.Time) string { return t.Format("02/01/2006") }
	var header, episodes, reviews [][]string
	// Each child's social worker episode (SW01STG1): one, open since the
	// child came into care, for a child looked after on 31 March. None in a
	// return from 2025-26, whose social worker rules are not settled: the
	// validator's SW05STG1 asks every episode for an end, SW17STG2 forbids
	// one on the latest (see SW05STG1's ref).
	socialWorker := map[string][]string{}
	var socialWorkers [][]string
	truth.CLAAt31, truth.Ceased = fig.CLAAt31, len(cla)-fig.CLAAt31
	dobOf := map[string]string{} // by CHILD
	for i, c := range cla {
		dobOf[c.id] = d(c.dob)
		sex := c.sex
		if sex == "U" { // a looked-after child's sex is known (rule 232)
			sex = map[bool]string{true: "F", false: "M"}[i%2 == 0]
		}
		mother := "" // for a girl, whether she is a mother (rule 393)
		if sex == "2" || sex == "F" {
			mother = "0"
		}
		header = append(header, []string{c.id, sex, d(c.dob), c.ethnic, c.upn, mother, ""})
		first := yearStart.AddDate(-3, 0, 0)
		if o.entrants {
			first = yearStart
		}
		start := between(r, maxTime(c.dob, first), march31.AddDate(0, 0, -30))
		careStart, careEnd := start, march31 // the period of care, for its reviews
		if y <= 2025 {
			socialWorker[c.id] = []string{c.id, d(c.dob), fmt.Sprintf("SW%03d", i%97), d(careStart), "", "MANAGE"}
			if i < fig.CLAAt31 {
				socialWorkers = append(socialWorkers, socialWorker[c.id])
			}
		}
		if !start.Before(yearStart) {
			truth.Started++
		}
		n := 1 + r.IntN(4)
		placements := 0 // during the year: the one held on 1 April or started in, then each change of carer
		for k := 0; k < n; k++ {
			end := ""
			rec := ""
			next := between(r, start.AddDate(0, 0, 1), march31)
			last := k == n-1 || !start.Before(march31) // no episode begins after 31 March
			switch {
			case !last:
				end, rec = d(next), "X1"
			case i >= fig.CLAAt31: // left care during the year
				left := between(r, maxTime(start, yearStart), march31)
				if left.Equal(start) && start.Before(march31) { // at least a day after it began (rule 355)
					left = left.AddDate(0, 0, 1)
				}
				end, rec = d(left), pickOf(r, "E4A", "E13", "E4B", "E41", "E8") // not E45: foster carers only (rule 516); not adopted (E11): no placement for adoption (rule 390)
				careEnd = left
			}
			rne := "S"
			if k > 0 {
				rne = pickOf(r, "P", "L", "T")
			}
			// Counted as a placement during the year: an episode running on 1
			// April or after, the first such or one that changes carers.
			endsBeforeYear := !last && next.Before(yearStart)
			if !endsBeforeYear && (placements == 0 || rne != "L") {
				placements++
			}
			reason := ""
			if !last {
				reason = pick(r, "REASON_PLACE_CHANGE", y)
				if reason == "CUSTOD" && next.Before(c.dob.AddDate(10, 0, 0)) { // no custody under 10 (rule 234)
					reason = "CARPL"
				}
			}
			// Legal statuses and placements without the special cases of the
			// counting rules (short breaks V3/V4, temporary placements T0-T4,
			// adoption with the current carers A3/A5), so the true figures
			// above are plain counts.
			// No placement orders (E1): they need a decision to place for
			// adoption (rules 553, 557). No emergency protection order (L2,
			// at most 21 days: rule 362); remand (J1) only from the age of 10
			// (rule 358).
			ls, cat := pickOf(r, "C1", "C2", "C1", "V2", "J1", "C1"), pick(r, "CIN", y)
			if ls == "J1" && !start.After(c.dob.AddDate(10, 0, 0)) {
				ls = "C2"
			}
			place, provider := pickOf(r, "U1", "U3", "U4", "U6", "K2", "R1", "P1", "Z1"), pick(r, "PLACE_PROVIDER", y)
			switch place {
			case "Z1": // no provider for an "other" placement (rule 213)
				provider = ""
			case "P1": // with parents: the parents provide it (rules 527, 528, 530, 531), not under section 20 (rule 378)
				provider = "PR0"
				if ls == "V2" {
					ls = "C2"
				}
			default: // PR0 is parents only, PR3 not foster care or a children's home (rules 550, 529)
				if provider == "PR0" || provider == "PR3" && place != "R1" {
					provider = "PR1"
				}
			}
			home, pl, urn := postcode(r), postcode(r), fmt.Sprintf("SC%06d", r.IntN(1e6))
			row := []string{c.id, d(start), rne, ls, cat, place, provider, end, rec, reason, home, pl, urn}
			if place == "P1" || place == "R1" || place == "Z1" { // placements Ofsted does not register have no URN (rule 222)
				row[12] = ""
			}
			if k > 0 { // care goes on from the episode before (rules 504, 434, 435)
				p := episodes[len(episodes)-1]
				row[4] = p[4]
				switch rne {
				case "L": // the legal status changes, the placement does not
					row[5], row[6], row[11], row[12] = p[5], p[6], p[11], p[12]
					if row[3] == p[3] || row[5] == "P1" && row[3] == "V2" { // a change, and not section 20 at home (rule 378)
						row[3] = map[bool]string{true: "C1", false: "C2"}[p[3] == "C2"]
					}
				case "P": // the placement changes, the legal status does not
					row[3] = p[3]
					if row[5] == "P1" && row[3] == "V2" { // not with parents under section 20 (rule 378), in foster care with its URN (rule 218)
						row[5], row[6], row[12] = "U1", "PR1", urn
					}
				}
			}
			if last && i >= fig.CLAAt31 && k > 0 && start.Equal(march31) {
				// A last episode would begin and end on 31 March (rule
				// 355): the child leaves care at the end of the one before.
				prev := episodes[len(episodes)-1]
				prev[8], prev[9] = rec, ""
			} else {
				episodes = append(episodes, row)
			}
			if last {
				break
			}
			start = next
		}
		if i < fig.CLAAt31 && placements >= 3 {
			truth.ThreePlusPlacements++
		}
		// Reviews as the regulations time them (the first within 20 working
		// days of coming into care, the second 3 months later, then every 6
		// months), one in eight a few weeks late; those in the year.
		for k, due := 0, careStart.AddDate(0, 0, 14); !due.After(careEnd); k++ {
			held := due
			if r.IntN(8) == 0 {
				held = held.AddDate(0, 0, 10+r.IntN(30))
			}
			if held.After(careEnd) {
				break
			}
			if !held.Before(yearStart) {
				code := pick(r, "REVIEW_CODE", y)
				if held.Before(c.dob.AddDate(4, 0, 0)) { // PN0 is under 4 (rules 440, 441)
					code = "PN0"
				} else if code == "PN0" {
					code = "PN1"
				}
				reviews = append(reviews, []string{c.id, d(c.dob), d(held), code})
			}
			if k == 0 {
				due = held.AddDate(0, 3, 0)
			} else {
				due = held.AddDate(0, 6, 0)
			}
		}
	}
	var extra map[string][][]string // injected SSDA903 rows by table
	if o.Inject {
		if y != InjectionYear {
			return files, truth, fmt.Errorf("demo: the injected violations are written for %d, not %d", InjectionYear, y)
		}
		// The injections load a 2023-24 return for the rules across years,
		// so the generated children's episodes go in it too, as that
		// return had them on 31 March 2024: those begun by then, the ones
		// still going then open (rules 502, 562).
		var prev, prevSW [][]string
		for _, e := range episodes {
			decom, _ := time.Parse("02/01/2006", e[1])
			if !decom.Before(yearStart) {
				continue
			}
			row := append([]string(nil), e...)
			if dec, err := time.Parse("02/01/2006", e[7]); err != nil || !dec.Before(yearStart) {
				row[7], row[8], row[9] = "", "", ""
				if sw := socialWorker[e[0]]; sw != nil { // looked after on 31 March 2024
					prevSW = append(prevSW, sw)
				}
			}
			prev = append(prev, row)
		}
		// The injections load a previous permanence table (rule 630): each
		// generated child who started to be looked after in the year has a
		// row, no previous permanence order (Z1).
		var perm [][]string
		for _, e := range episodes {
			if decom, _ := time.Parse("02/01/2006", e[1]); e[2] == "S" && !decom.Before(yearStart) {
				perm = append(perm, []string{e[0], dobOf[e[0]], "Z1", "", ""})
			}
		}
		var inj []Injected
		extra, inj = injectSSDA903(code, span, map[string]int{"header": len(header), "episodes": len(episodes), "episodes23": len(prev),
			"previous_permanence": len(perm), "sw_episodes": len(socialWorkers), "sw_episodes23": len(prevSW)})
		fillPostcodes(extra)
		truth.Injected = append(truth.Injected, inj...)
		header, episodes = append(header, extra["header"]...), append(episodes, extra["episodes"]...)
		extra["episodes23"] = append(prev, extra["episodes23"]...)
		extra["previous_permanence"] = append(perm, extra["previous_permanence"]...)
		extra["sw_episodes"] = append(socialWorkers, extra["sw_episodes"]...)
		extra["sw_episodes23"] = append(prevSW, extra["sw_episodes23"]...)
		socialWorkers = nil // written with the injections
		for _, table := range sortedKeys(extra) {
			if table == "header" || table == "episodes" {
				continue
			}
			p := filepath.Join(out, injectedFile(table, span))
			files = append(files, p)
			rows := extra[table]
			if err := writeCSV(p, strings.Split(SSDA903Headers[table], ","), func(emit func([]string)) {
				for _, row := range rows {
					emit(row)
				}
			}); err != nil {
				return files, truth, err
			}
		}
	}
	if err := writePostcodes(dir, code, append([][][]string{episodes}, episodeTables(extra)...)...); err != nil {
		return files, truth, err
	}
	if err := writeProviders(dir, code, append([][][]string{episodes}, episodeTables(extra)...)...); err != nil {
		return files, truth, err
	}
	socialWorkerCSV := func() error {
		if len(socialWorkers) == 0 {
			return nil
		}
		return csv("sw_episodes", strings.Split(SSDA903Headers["sw_episodes"], ","), socialWorkers)
	}
	for _, step := range []error{
		csv("header", []string{"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}, header),
		csv("episodes", []string{"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}, recodeOther(episodes, y)),
		csv("reviews", []string{"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}, reviews),
		socialWorkerCSV(),
	} {
		if step != nil {
			return files, truth, step
		}
	}
	p := filepath.Join(out, fmt.Sprintf("CIN_Census_%d.xml", y))
	files = append(files, p)
	var injected []string // whole <Child> contents
	if o.Inject {
		var inj []Injected
		injected, inj = injectCIN(code, filepath.Base(p), len(cin))
		truth.Injected = append(truth.Injected, inj...)
	}
	if err := writeCIN(p, code, march31, yearStart, cin, fig.CINAt31, r, y, injected); err != nil {
		return files, truth, err
	}
	p = filepath.Join(out, fmt.Sprintf("Annex_A_%d.xlsx", y))
	files = append(files, p)
	return files, truth, writeAnnexA(p, cla[:fig.CLAAt31], cin, r, y)
}

// postcode makes a made-up postcode in the right shape.
func postcode(r *rand.Rand) string {
	const letters = "ABDEFGHJLNPQRSTUWXYZ"
	return fmt.Sprintf("%s%d %d%c%c", pickOf(r, "M", "WA", "SK", "B", "LS", "NE"), 1+r.IntN(40), r.IntN(10),
		letters[r.IntN(len(letters))], letters[r.IntN(len(letters))])
}

func pick(r *rand.Rand, set string, year int) string {
	var codes []string
	for _, c := range codeset.All() {
		if c.Set == set && c.ValidIn(year) && !queried[set+" "+c.Code] {
			codes = append(codes, c.Code)
		}
	}
	return codes[r.IntN(len(codes))]
}

// queried are codes DfE's rules query wherever they are used: the
// assessment factors 18A and 19A (rules 8945Q and 8950Q).
var queried = map[string]bool{"ASSESSMENT_FACTOR 18A": true, "ASSESSMENT_FACTOR 19A": true}

func pickOf(r *rand.Rand, opts ...string) string { return opts[r.IntN(len(opts))] }

func between(r *rand.Rand, a, b time.Time) time.Time {
	days := int(b.Sub(a).Hours() / 24)
	if days <= 0 {
		return a
	}
	return a.AddDate(0, 0, r.IntN(days))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// writeCIN writes the census: a Header naming the LA and 31 March, then one
// <Child> each, the first open children with no closure date.
func writeCIN(path, code string, march31, yearStart time.Time, kids []child, open int, r *rand.Rand, y int, injected []string) error {
	type el struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
		Inner   string `xml:",innerxml"` // an injected child, written as it is
		Kids    []el
	}
	f := func(name, text string) el { return el{XMLName: xml.Name{Local: name}, Text: text} }
	g := func(name string, kids ...el) el { return el{XMLName: xml.Name{Local: name}, Kids: kids} }
	iso := func(t time.Time) string { return t.Format("2006-01-02") }
	var children []el
	for i, c := range kids {
		// A case still open on 31 March may have been open for years (so the
		// number in need is about as large on any day of the year as on 31
		// March, as in a real council); one closed in the year began within
		// the year before it.
		since := yearStart.AddDate(-1, 0, 0)
		if i < open {
			since = yearStart.AddDate(-3, 0, 0)
		}
		ref := between(r, maxTime(c.dob, since), march31.AddDate(0, 0, -20))
		// the demo's children have no date of death, so none closes as died (RC2, rule 8585Q)
		closeReason := func() string {
			if c := pick(r, "REASON_FOR_CLOSURE", y); c != "RC2" {
				return c
			}
			return "RC7"
		}
		details := []el{f("CINreferralDate", iso(ref)), f("ReferralSource", pick(r, "REFERRAL_SOURCE", y)), f("PrimaryNeedCode", pick(r, "PRIMARY_NEED", y))}
		var again []el // a closed case referred again within the year, and closed again
		// assessed from the day after the referral, by 31 March (rule 8736)
		assessed, authorised := minTime(ref.AddDate(0, 0, 1), march31), ref.AddDate(0, 0, 15)
		var closed time.Time
		if i >= open {
			// closed within the census year: a case closed before it
			// began is not in this census (DfE rule 8620)
			closed = between(r, maxTime(ref, yearStart), march31)
			// An assessment starts and is authorised by the time the case
			// closes, at the latest (DfE's rules on date order).
			assessed, authorised = minTime(assessed, closed), minTime(authorised, closed)
			details = append(details, f("CINclosureDate", iso(closed)), f("ReasonForClosure", closeReason()))
			if r.IntN(4) == 0 && closed.AddDate(0, 0, 10).Before(march31) {
				ref2 := between(r, closed.AddDate(0, 0, 1), march31.AddDate(0, 0, -5))
				again = []el{f("CINreferralDate", iso(ref2)), f("ReferralSource", pick(r, "REFERRAL_SOURCE", y)),
					f("PrimaryNeedCode", pick(r, "PRIMARY_NEED", y)), f("CINclosureDate", iso(between(r, ref2, march31))),
					f("ReasonForClosure", closeReason()), f("ReferralNFA", "false")}
			}
		}
		details = append(details, f("ReferralNFA", "false"))
		nfa := false // closed after assessment with no further action (RC8): no plan follows (rule 2990)
		// An assessment finished before the census year is not in it, and a
		// baby referred at birth late in March is still being assessed on 31
		// March, with no authorisation date yet (rule 8696).
		if factor := pick(r, "ASSESSMENT_FACTOR", y); !authorised.Before(yearStart) {
			a := []el{f("AssessmentActualStartDate", iso(assessed))}
			if !authorised.After(march31) {
				a = append(a, f("AssessmentAuthorisationDate", iso(authorised)))
			}
			// An assessment that found no factors (21) closes the case with
			// RC8 (rule 8873) on the day it is authorised, so a return cut
			// part way through the year has no open case awaiting it; an
			// open case found some.
			if factor == "21" {
				factor = "1C"
				for k := range details {
					if details[k].XMLName.Local == "ReasonForClosure" {
						details[k].Text, factor = "RC8", "21"
					}
				}
				for k := range details {
					if factor == "21" && details[k].XMLName.Local == "CINclosureDate" && !authorised.After(march31) {
						details[k].Text = iso(authorised)
					}
				}
			}
			// factors are recorded when the assessment is authorised (rule 8614)
			if !authorised.After(march31) {
				a = append(a, g("FactorsIdentifiedAtAssessment", f("AssessmentFactors", factor)))
			}
			details = append(details, g("Assessments", a...))
		}
		for _, d := range details {
			nfa = nfa || d.XMLName.Local == "ReasonForClosure" && d.Text == "RC8"
		}
		// A plan, in a case still open on its day: it starts on the day of
		// the initial conference (rule 2885), and nothing happens after a
		// case closes (rule 8565), and not after the census year (rule 8720).
		if icpc := ref.AddDate(0, 0, 10); r.IntN(5) == 0 && !nfa && !icpc.After(march31) && (closed.IsZero() || !closed.Before(icpc)) {
			details = append(details, f("DateOfInitialCPC", iso(icpc)), g("ChildProtectionPlans", f("CPPstartDate", iso(icpc)),
				f("InitialCategoryOfAbuse", pick(r, "CATEGORY_OF_ABUSE", y)), f("LatestCategoryOfAbuse", pick(r, "CATEGORY_OF_ABUSE", y)),
				f("NumberOfPreviousCPP", fmt.Sprint(max(0, r.IntN(6)-4)))))
		}
		// None for most, one of the twelve codes for about one child in
		// seven, and a second for about a third of those (rule 2888Q
		// queries a census where no child has more than one).
		disability := "NONE"
		disabilities := []el{f("Disability", disability)}
		if r.IntN(7) == 0 {
			codes := []string{"MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
			k := r.IntN(len(codes))
			disability = codes[k]
			disabilities = []el{f("Disability", disability)}
			if i%3 == 0 {
				disabilities = append(disabilities, f("Disability", codes[(k+1)%len(codes)]))
			}
		}
		// a disabled child's authorised assessment records the disability (6A, rule 8899Q)
		for k := range details {
			if a := details[k].Kids; disability != "NONE" && details[k].XMLName.Local == "Assessments" &&
				a[len(a)-1].XMLName.Local == "FactorsIdentifiedAtAssessment" {
				a[len(a)-1] = g("FactorsIdentifiedAtAssessment", f("AssessmentFactors", "6A"))
			}
		}
		// A case closed after assessment (RC8, RC9) has one (rule 8825Q): one
		// closed before its assessment was due is closed as no longer in
		// need (RC7), and so is a second referral, never assessed.
		hasAssessment := false
		for _, d := range details {
			hasAssessment = hasAssessment || d.XMLName.Local == "Assessments"
		}
		unassessed := func(ds []el) {
			for k := range ds {
				if ds[k].XMLName.Local == "ReasonForClosure" && (ds[k].Text == "RC8" || ds[k].Text == "RC9") {
					ds[k].Text = "RC7"
				}
			}
		}
		if !hasAssessment {
			unassessed(details)
		}
		unassessed(again)
		// The census's sex is known for a born child: Sex U is rare (rule
		// 2886Q queries more than 2% of children without it), so the
		// generator's U is written as M or F here.
		sex := c.sex
		if sex == "U" {
			sex = []string{"M", "F"}[i%2]
		}
		// Before 2024-25 the census gave GenderCurrent (1 male, 2 female)
		// in place of Sex (rule 4180 reads the field of the return's
		// year); the generator's SEX code of those years is already 1 or 2.
		sexField := f("Sex", sex)
		if y < 2025 {
			switch sex {
			case "M":
				sex = "1"
			case "F":
				sex = "2"
			}
			sexField = f("GenderCurrent", sex)
		}
		child := []el{
			g("ChildIdentifiers", f("LAchildID", c.id), f("UPN", c.upn), f("PersonBirthDate", iso(c.dob)), sexField),
			g("ChildCharacteristics", f("Ethnicity", c.ethnic), g("Disabilities", disabilities...)),
			g("CINdetails", details...)}
		if again != nil {
			child = append(child, g("CINdetails", again...))
		}
		children = append(children, g("Child", child...))
	}
	for _, c := range injected {
		children = append(children, el{XMLName: xml.Name{Local: "Child"}, Inner: c})
	}
	msg := g("Message",
		g("Header", g("CollectionDetails", f("Collection", "CIN"), f("Year", fmt.Sprint(y)), f("ReferenceDate", iso(march31))),
			g("Source", f("SourceLevel", "L"), f("LEA", code), f("SoftwareCode", "yardstick demo"))),
		g("Children", children...))
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := xml.NewEncoder(fh)
	enc.Indent("", "  ")
	if err := enc.Encode(msg); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// writeAnnexA writes Lists 6 (children in need) and 8 (looked after) with
// Ofsted's labels ("a) Male", "a) WBRI") and Excel dates, streamed.
func writeAnnexA(path string, cla, cin []child, r *rand.Rand, y int) error {
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	label := map[string]string{"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded", "1": "a) Male", "2": "b) Female"}
	write := func(sheet string, header []string, rows [][]any) error {
		if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return err
		}
		h := make([]any, len(header))
		for i, s := range header {
			h[i] = s
		}
		if err := sw.SetRow("A1", h); err != nil {
			return err
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			for j, v := range row {
				if t, ok := v.(time.Time); ok {
					row[j] = excelize.Cell{StyleID: style, Value: t}
				}
			}
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	march31 := time.Date(y, 3, 31, 0, 0, 0, 0, time.UTC)
	age := func(c child) float64 { return math.Round(march31.Sub(c.dob).Hours()/24/365.25*10) / 10 }
	var l6, l8 [][]any
	for _, c := range cin {
		l6 = append(l6, []any{c.id, label[c.sex], "a) " + c.ethnic, c.dob, age(c), "b) No", between(r, march31.AddDate(-1, 0, 0), march31),
			pick(r, "PRIMARY_NEED", y) + " - need", "", "", "", "c) Child in need plan", "Locality Team"})
	}
	for _, c := range cla {
		l8 = append(l8, []any{c.id, label[c.sex], "a) " + c.ethnic, c.dob, age(c), "b) No", "b) No", between(r, march31.AddDate(-2, 0, 0), march31),
			pick(r, "CIN", y) + " - need", "b) No", pick(r, "LS", y) + ": legal status", pick(r, "PLACE", y) + ": placement"})
	}
	if err := write("List 6", []string{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "CIN Start Date",
		"Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status", "Allocated Team"}, l6); err != nil {
		return err
	}
	if err := write("List 8", []string{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
		"Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))", "Does the Child have a Disability",
		"Date Started to be Looked After", "Child's Category of Need",
		"Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
		"Child's Legal Status", "Placement Type"}, l8); err != nil {
		return err
	}
	f.DeleteSheet("Sheet1")
	return saveXLSX(f, path)
}

// demoUPN is a permanent UPN with a correct check letter and an LA code
// UPNs are issued under (rule 1530), so the demo raises no invalid_upn of
// its own. The letter draw is kept (and discarded) so the rest of the
// demo's random sequence, and so its figures, are unchanged; the drawn
// digits 2 to 4 choose the LA code.
func demoUPN(r *rand.Rand) string {
	_ = r.IntN(26)
	u := fmt.Sprintf("?%012d", r.Int64N(1e12))
	n, _ := strconv.Atoi(u[1:4])
	u = "?" + issuingLAs[n%len(issuingLAs)] + u[4:]
	letter, _ := upn.CheckLetter(u)
	return string(letter) + u[1:]
}

var issuingLAs = upn.IssuingLAs()

// LiveCodes are the old codes of the LAs the demo generates, in order.
func LiveCodes(o Options) []string {
	var out []string
	for _, l := range liveLAs(o.Seed) {
		out = append(out, l.Code)
	}
	return out
}

// recodeOther writes an "other" placement (Z1) as Z11 in a return from
// 2025-26, which splits Z1 into Z11 to Z14 (rule 146), episodes carried
// over from the year before included.
func recodeOther(episodes [][]string, y int) [][]string {
	if y < 2026 {
		return episodes
	}
	out := make([][]string, len(episodes))
	for i, e := range episodes {
		out[i] = e
		if len(e) > 5 && e[5] == "Z1" {
			out[i] = append([]string(nil), e...)
			out[i][5] = "Z11"
		}
	}
	return out
}
