package demo

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// The demo's Ofsted provider list: a MADE-UP list in the columns of
// Ofsted's combined list of children's social care providers, written to
// inputs/reference/ofsted_providers.csv beside the returns so that the
// rules on URNs (219 to 241) run on the demo as on a council's returns.
// Each URN the returns use gets the placement types, providers and
// placement postcodes they use it with, in the council's LA (another LA
// for a provider used as another LA's, PR2; the placement's LA for
// supported accommodation, K3): the generated returns break none of the
// rules. The cases of the rules (violations_ssda903_providers.go) use the
// URNs of caseProviders, whose rows are fixed.
const providerFile = "ofsted_providers.csv"

var providerHeader = []string{"URN", "Provider type", "Local authority", "Placement code", "Placement provider code",
	"Deregistration date", "Setting address postcode"}

// A provider of the list: what it takes, where, and when its registration
// ended ("" while registered). las are LA codes ("" for the council's own,
// "other" for another).
type provider struct {
	places, providers, las, postcodes map[string]bool
	regEnd                            string
}

// What the list holds: URNs, placement types and providers of their shapes.
var (
	listedURN      = regexp.MustCompile(`^(?:SC[0-9]{6}|[0-9]{6,7})$`)
	listedPlace    = regexp.MustCompile(`^[A-Z][0-9]{1,2}$`)
	listedProvider = regexp.MustCompile(`^PR[0-5]$`)
)

func newProvider() *provider {
	return &provider{places: map[string]bool{}, providers: map[string]bool{}, las: map[string]bool{}, postcodes: map[string]bool{}}
}

func set(s ...string) map[string]bool {
	m := map[string]bool{}
	for _, v := range s {
		m[v] = true
	}
	return m
}

// The cases' URNs (7 digits, which the generator, drawing SC and 6
// digits, never uses) and their fixed rows.
const (
	caseURNHome    = "9000001" // a children's home (K2, PR4) at casePlacement
	caseURNClosed  = "9000002" // foster care (U1, PR4) whose registration ended 30 June 2024
	caseURNOpen    = "9000003" // the same, registered to 31 March 2025
	caseURNLastDay = "9000004" // the same, registered to 30 March 2025
	caseURNOtherLA = "9000005" // foster care (U1, PR1 or PR2) in another LA
)

var caseProviders = map[string]*provider{
	caseURNHome:    {places: set("K2"), providers: set("PR4"), las: set(""), postcodes: set(casePlacement)},
	caseURNClosed:  {places: set("U1"), providers: set("PR4"), las: set(""), postcodes: set(casePlacement), regEnd: "30/06/2024"},
	caseURNOpen:    {places: set("U1"), providers: set("PR4"), las: set(""), postcodes: set(casePlacement), regEnd: "31/03/2025"},
	caseURNLastDay: {places: set("U1"), providers: set("PR4"), las: set(""), postcodes: set(casePlacement), regEnd: "30/03/2025"},
	caseURNOtherLA: {places: set("U1"), providers: set("PR1", "PR2"), las: set("other"), postcodes: set(casePlacement)},
}

// writeProviders adds to dir's provider list the URNs of these episodes
// rows (CHILD first), keeping the rows it has: the live year's returns,
// generated apart, add theirs to the year's.
func writeProviders(dir, code string, tables ...[][]string) error {
	used := map[string]*provider{}
	for _, rows := range tables {
		for _, r := range rows {
			if len(r) < 13 || !listedURN.MatchString(r[12]) {
				continue // none, XXXXXXX, or a case's URN of the wrong shape (rule 1008)
			}
			urn := r[12]
			if p, fixed := caseProviders[urn]; fixed {
				used[urn] = p
				continue
			}
			p := used[urn]
			if p == nil {
				p = newProvider()
				used[urn] = p
			}
			place, prov, pl := r[5], r[6], strings.ToUpper(strings.TrimSpace(r[11]))
			// a case's code of the wrong shape (rules 103 and 1000-range) is not Ofsted's
			if listedPlace.MatchString(place) {
				p.places[place] = true
			}
			if listedProvider.MatchString(prov) {
				p.providers[prov] = true
			}
			if pl != "" {
				p.postcodes[pl] = true
			}
			switch {
			case place == "K3" && pl != "":
				p.las[postcodeLA(pl)] = true
			case prov == "PR2":
				p.las["other"] = true
			default:
				p.las[""] = true
			}
		}
	}
	rows, err := providerRows(code, used)
	if err != nil {
		return err
	}
	return mergeProviders(dir, rows)
}

// postcodeLA is the LA of a postcode the returns use: a case postcode's
// own, else the council's ("").
func postcodeLA(pc string) string {
	if p, ok := casePostcodes[pc]; ok {
		return p.la
	}
	return ""
}

// providerRows are the list's rows: a row for each of a URN's LAs (and
// postcodes, paired), each with all its codes.
func providerRows(code string, used map[string]*provider) ([][]string, error) {
	names := map[string]string{} // ONS or old code -> name
	for _, l := range geography.Builtin() {
		if l.ValidTo == "" {
			names[l.Code], names[l.CodeNew] = l.Name, l.Name
		}
	}
	other := "352" // Manchester
	if code == other {
		other = "358"
	}
	name := func(la string) (string, error) {
		switch la {
		case "":
			la = code
		case "other":
			la = other
		}
		if n, ok := names[la]; ok {
			return n, nil
		}
		return "", fmt.Errorf("demo: no LA %s for the provider list", la)
	}
	var rows [][]string
	for _, urn := range sortedKeys(used) {
		p := used[urn]
		las, pcs := sortedKeys(p.las), sortedKeys(p.postcodes)
		if len(pcs) == 0 {
			pcs = []string{""}
		}
		typ := "Independent Fostering Agency"
		switch {
		case p.places["K1"] || p.places["K2"]:
			typ = "Children's Home"
		case p.places["H5"] || p.places["K3"]:
			typ = "Supported Accommodation"
		}
		for i := 0; i < max(len(las), len(pcs)); i++ {
			n, err := name(las[i%len(las)])
			if err != nil {
				return nil, err
			}
			rows = append(rows, []string{urn, typ, n, strings.Join(sortedKeys(p.places), "/"),
				strings.Join(sortedKeys(p.providers), "/"), p.regEnd, pcs[i%len(pcs)]})
		}
	}
	return rows, nil
}

// copyProviders adds the list written under from to the one under to.
func copyProviders(from, to string) error {
	_, rows, err := readAllCSV(filepath.Join(from, "inputs", "reference", providerFile))
	if err != nil {
		return err
	}
	return mergeProviders(to, rows)
}

// mergeProviders writes dir's list with these rows added, each row once: a
// URN used in both years has the rows of both, which the rules read
// together.
func mergeProviders(dir string, rows [][]string) error {
	return mergeReference(dir, providerFile, providerHeader, rows, func(r []string) string { return strings.Join(r, "|") })
}
