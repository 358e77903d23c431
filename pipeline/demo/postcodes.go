package demo

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// The demo's postcode directory: a MADE-UP extract in the layout of ONS's
// postcode directory (pcds, oscty, oslaua, oseast1m, osnrth1m), written to
// inputs/reference/postcodes.csv beside the returns so that the SSDA903
// reader derives each episode's PL_LA and PL_DISTANCE as it would from
// ONS's. Its postcodes are those the generated returns use, each put in the
// council's own LA (so every placement the LA provides itself is in the LA:
// rule 1015) at a grid reference drawn from the postcode, within a few
// miles of a centre drawn from the LA's code: neither the places nor the
// distances are real. The cases injected for the postcode rules
// (violations_ssda903_postcodes.go) choose from a few more, placed on
// purpose (casePostcodes).
const postcodeFile = "postcodes.csv"

var postcodeHeader = []string{"pcds", "oscty", "oslaua", "oseast1m", "osnrth1m"}

// A case postcode's place: its LA's ONS code ("" for the council's own) and
// its grid reference from the centre of the council's own LA, in metres.
type casePlace struct {
	la          string
	east, north int
	what, miles string // what it is for, and its distance from caseHome
}

// caseHome is the home postcode of the injected cases; casePlacement the
// placement postcode an injected episode without postcodes is given.
const caseHome, casePlacement, caseURN = "OL1 1HA", "OL1 1PA", "SC999999"

// casePostcodes are made-up postcodes in areas the generator does not draw
// (OL, BL, WN, CF, KW), so none is also a generated child's.
var casePostcodes = map[string]casePlace{
	caseHome:   {"", 0, 0, "home", "0"},
	"OL1 1PA":  {"", 8047, 0, "in the LA", "5.0"},
	"OL1 1PB":  {"", 8207, 0, "in the LA", "5.1"},
	"OL1 1PC":  {"", 8368, 0, "in the LA", "5.2"},
	"BL1 1PA":  {"E08000003", 20000, 0, "another English LA (Manchester, 352)", "12.4"},
	"BL1 1PB":  {"E08000003", 0, 8047, "another English LA (Manchester, 352)", "5.0"},
	"WN1 1PA":  {"E08000010", -8047, 0, "a third English LA (Wigan, 359)", "5.0"},
	"CF10 1PA": {"W06000015", -60000, -220000, "Wales", "141.7"},
	"KW1 1PA":  {"S12000017", 0, 563255, "Scotland", "350.0"},
	"KW1 1PB":  {"S12000017", 0, 570000, "Scotland", "354.2"},
}

var fullPostcode = regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$`)

// laCentre is a made-up grid reference for the LA's centre, drawn from
// its code: somewhere in England's range of eastings and northings.
func laCentre(code string) (east, north int) {
	h := fnv.New64a()
	fmt.Fprintf(h, "centre|%s", code)
	v := h.Sum64()
	return 350000 + int(v%150000), 200000 + int((v>>24)%250000)
}

// postcodeRows are the directory's rows for the council's LA code and the
// postcodes the returns use: the cases' own, then each other one of a
// postcode's shape in the council's LA, within 6 km of its centre on each
// axis.
func postcodeRows(code string, used map[string]bool) ([][]string, error) {
	ons := ""
	for _, l := range geography.Builtin() {
		if l.Code == code && l.ValidTo == "" {
			ons = l.CodeNew
		}
	}
	if ons == "" {
		return nil, fmt.Errorf("demo: no ONS code for LA %s", code)
	}
	ce, cn := laCentre(code)
	var rows [][]string
	row := func(pc, la string, east, north int) {
		rows = append(rows, []string{pc, "E99999999", la, fmt.Sprint(east), fmt.Sprint(north)})
	}
	for pc, p := range casePostcodes {
		la := p.la
		if la == "" {
			la = ons
		}
		row(pc, la, ce+p.east, cn+p.north)
	}
	for pc := range used {
		if _, ok := casePostcodes[pc]; ok || !fullPostcode.MatchString(pc) {
			continue
		}
		h := fnv.New64a()
		fmt.Fprintf(h, "postcode|%s", pc)
		v := h.Sum64()
		row(pc, ons, ce-6000+int(v%12000), cn-6000+int((v>>20)%12000))
	}
	return rows, nil
}

// writePostcodes adds to dir/inputs/reference/postcodes.csv the postcodes
// (HOME_POST, PL_POST) of these episodes rows (CHILD first), keeping those
// it has: the live year's returns, generated apart, add theirs to the
// year's.
func writePostcodes(dir, code string, tables ...[][]string) error {
	used := map[string]bool{}
	for _, rows := range tables {
		for _, r := range rows {
			if len(r) > 11 {
				used[strings.ToUpper(strings.TrimSpace(r[10]))] = true
				used[strings.ToUpper(strings.TrimSpace(r[11]))] = true
			}
		}
	}
	rows, err := postcodeRows(code, used)
	if err != nil {
		return err
	}
	return mergePostcodes(dir, rows)
}

// copyPostcodes adds the directory written under from to the one under to.
func copyPostcodes(from, to string) error {
	_, rows, err := readAllCSV(filepath.Join(from, "inputs", "reference", postcodeFile))
	if err != nil {
		return err
	}
	return mergePostcodes(to, rows)
}

// mergePostcodes writes dir's directory with these rows added; a postcode
// it holds keeps its row.
func mergePostcodes(dir string, rows [][]string) error {
	return mergeReference(dir, postcodeFile, postcodeHeader, rows, func(r []string) string { return r[0] })
}

// mergeReference writes dir/inputs/reference/file with these rows added,
// in key order; a key it holds keeps its row.
func mergeReference(dir, file string, header []string, rows [][]string, key func([]string) string) error {
	p := filepath.Join(dir, "inputs", "reference", file)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	have := map[string][]string{}
	if _, old, err := readAllCSV(p); err == nil {
		for _, r := range old {
			have[key(r)] = r
		}
	}
	for _, r := range rows {
		if _, ok := have[key(r)]; !ok {
			have[key(r)] = r
		}
	}
	all := make([][]string, 0, len(have))
	for _, k := range sortedKeys(have) {
		all = append(all, have[k])
	}
	return writeAllCSV(p, header, all)
}

// episodeTables are the injected tables with the episodes' fields.
func episodeTables(extra map[string][][]string) [][][]string {
	var out [][][]string
	for _, table := range sortedKeys(extra) {
		if strings.HasPrefix(SSDA903Headers[table], SSDA903Headers["episodes"]) {
			out = append(out, extra[table])
		}
	}
	return out
}

// noURN are the placement types that take no Ofsted URN in the injected
// years, 2023-24 and 2024-25 (rules 218 and 222).
var noURN = map[string]bool{"P1": true, "P3": true, "R1": true, "R2": true, "R5": true, "T0": true, "T1": true, "T2": true,
	"T3": true, "T4": true, "Z1": true}

// fillPostcodes gives an injected episode (of any table with the episodes'
// fields) that has neither postcode the cases' home and placement
// postcodes, in the LA, and a URN where it has none and its placement type
// takes one (noURN), unless it is a short break (V3, V4), which has no
// placement postcode: the cases of other rules then break none of the
// postcode rules (169, 218, 1015). The cases of the postcode rules give
// their postcodes themselves.
func fillPostcodes(rows map[string][][]string) {
	// a child UASC in the year or the one before (a uasc row giving SEX or
	// DUC) has no home postcode (rules 392A, 406)
	uasc := map[string]map[string]bool{"": {}, "23": {}} // by the tables' year suffix
	for _, t := range []string{"uasc", "uasc23"} {
		for _, r := range rows[t] {
			if len(r) > 3 && (r[1] != "" || r[3] != "") {
				uasc[""][r[0]] = true
				if t == "uasc23" {
					uasc["23"][r[0]] = true
				}
			}
		}
	}
	for table, rs := range rows {
		if !strings.HasPrefix(SSDA903Headers[table], SSDA903Headers["episodes"]) {
			continue
		}
		for _, r := range rs {
			if len(r) < 13 || r[10] != "" || r[11] != "" || r[3] == "V3" || r[3] == "V4" {
				continue
			}
			r[10], r[11] = caseHome, casePlacement
			if _, y, _ := strings.Cut(table, "episodes"); uasc[y][r[0]] {
				r[10] = ""
			}
			switch {
			case r[12] != "" || noURN[r[5]]:
			case r[5] == "P2" && strings.HasSuffix(table, "23"):
				// 2023-24's P2 needs a URN (218) but takes no Ofsted one (222)
				r[12] = "XXXXXXX"
			default:
				r[12] = caseURN
			}
		}
	}
}
