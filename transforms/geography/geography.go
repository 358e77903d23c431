// Package geography resolves the local authorities and regions named in
// published files to yardstick's stable key, the old 3-digit DfE LA code.
//
// New ONS codes change with boundary changes and files disagree on them, and
// names vary in spelling, so resolution goes old code first, then new code,
// then name. The built-in list (la.csv, derived from DfE's LA list) makes a
// fresh install work without reference files; a las.csv among the inputs
// replaces it.
package geography

import (
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// England is the country code of national rows.
const England = "E92000001"

// London is the region code that Inner and Outer London roll up to.
const London = "E12000007"

// LA is one local authority over one span of time: an old code can have
// several new codes across boundary changes (815 North Yorkshire was E10000023
// and is E06000065).
type LA struct {
	Code       string // old 3-digit DfE code, e.g. "358"
	CodeNew    string // 9-character ONS code
	Name       string
	RegionCode string // E12...
	ValidFrom  string // ISO date, may be empty
	ValidTo    string // ISO date, empty while live
}

// Region is an English region or a London sub-region.
type Region struct {
	Code   string
	Name   string
	Parent string // the region an E13 sub-region rolls up to; empty for E12
}

// Regions are the nine regions and Inner/Outer London, which count as London.
var Regions = []Region{
	{"E12000001", "North East", ""},
	{"E12000002", "North West", ""},
	{"E12000003", "Yorkshire and The Humber", ""},
	{"E12000004", "East Midlands", ""},
	{"E12000005", "West Midlands", ""},
	{"E12000006", "East of England", ""},
	{"E12000007", "London", ""},
	{"E12000008", "South East", ""},
	{"E12000009", "South West", ""},
	{"E13000001", "Inner London", London},
	{"E13000002", "Outer London", London},
}

// RankingRegion is the region an LA is ranked within: Inner and Outer London
// both count as London.
func RankingRegion(code string) string {
	for _, r := range Regions {
		if r.Code == code && r.Parent != "" {
			return r.Parent
		}
	}
	return code
}

// RegionCode is a regional row's code: some files publish Inner and Outer
// London under London's code (E12000007) with only the name telling them
// apart, which would make three rows for London; the name then gives the
// sub-region's own code.
func RegionCode(code, name string) string {
	for _, r := range Regions {
		if r.Parent != "" && r.Parent == code && strings.EqualFold(r.Name, strings.TrimSpace(name)) {
			return r.Code
		}
	}
	return code
}

// RegionName returns the name of a region code, or "" when unknown.
func RegionName(code string) string {
	for _, r := range Regions {
		if r.Code == code {
			return r.Name
		}
	}
	return ""
}

//go:embed la.csv
var builtinCSV string

// Builtin returns the LA list built into yardstick.
func Builtin() []LA {
	las, err := ReadList(strings.NewReader(builtinCSV))
	if err != nil {
		panic("geography: built-in la.csv: " + err.Error())
	}
	return las
}

// ReadList reads the built-in layout: la_code, la_code_new, la_name,
// region_code, valid_from, valid_to.
func ReadList(r io.Reader) ([]LA, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 6
	if _, err := cr.Read(); err != nil {
		return nil, err
	}
	var out []LA
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, LA{rec[0], rec[1], rec[2], RankingRegion(rec[3]), rec[4], rec[5]})
	}
}

// Resolver maps the geography columns of a row to an old LA code.
type Resolver struct {
	las    []LA
	latest map[string]LA // old code -> its latest span
	byNew  map[string]string
	byName map[string]string
	fp     string
}

// NewResolver indexes a list of LAs.
func NewResolver(las []LA) *Resolver {
	r := &Resolver{
		las:    las,
		latest: make(map[string]LA),
		byNew:  make(map[string]string),
		byName: make(map[string]string),
	}
	h := sha256.New()
	for _, la := range las {
		fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s\n", la.Code, la.CodeNew, la.Name, la.RegionCode, la.ValidFrom, la.ValidTo)
		if cur, ok := r.latest[la.Code]; !ok || later(la, cur) {
			r.latest[la.Code] = la
		}
		if la.CodeNew != "" {
			r.byNew[la.CodeNew] = la.Code
		}
	}
	// Names: a live LA's name wins over a terminated one of the same name.
	for _, la := range las {
		k := nameKey(la.Name)
		if _, ok := r.byName[k]; !ok || la.ValidTo == "" {
			r.byName[k] = la.Code
		}
	}
	for alias, code := range aliases {
		if _, ok := r.latest[code]; ok {
			r.byName[nameKey(alias)] = code
		}
	}
	r.fp = hex.EncodeToString(h.Sum(nil))
	return r
}

func later(a, b LA) bool {
	if a.ValidTo == "" || b.ValidTo == "" {
		return a.ValidTo == "" && b.ValidTo != ""
	}
	return a.ValidTo > b.ValidTo
}

// aliases are spellings seen in DfE and LAIT files that normalising alone does
// not reconcile.
var aliases = map[string]string{
	"Bedford Borough":                "822",
	"Durham":                         "840",
	"County Durham":                  "840",
	"Southend":                       "882",
	"Kingston upon Hull":             "810",
	"Hull":                           "810",
	"Bristol":                        "801",
	"Herefordshire":                  "884",
	"Telford and the Wrekin":         "894",
	"Bournemouth Christchurch Poole": "839",
}

// nameKey folds the spelling differences seen across files: case,
// punctuation, "&" for "and", and the ", City of" / ", County of" suffixes.
func nameKey(name string) string {
	s := strings.ToLower(name)
	s = strings.ReplaceAll(s, "&", " and ")
	s = strings.Map(func(r rune) rune {
		switch r {
		case ',', '.', '\'', '’', '(', ')', '-':
			return ' '
		}
		return r
	}, s)
	f := strings.Fields(s)
	if n := len(f); n > 2 && f[n-1] == "of" && (f[n-2] == "city" || f[n-2] == "county") {
		f = f[:n-2]
	}
	if len(f) > 2 && (f[0] == "city" || f[0] == "county") && f[1] == "of" {
		f = f[2:]
	}
	return strings.Join(f, " ")
}

// Resolve returns the old LA code for a row's old code, new code and name.
// how says which of them resolved it ("old_la_code", "new_la_code",
// "la_name"); ok is false when none did.
func (r *Resolver) Resolve(oldCode, newCode, name string) (code, how string, ok bool) {
	oldCode, newCode = strings.TrimSpace(oldCode), strings.TrimSpace(newCode)
	if _, found := r.latest[oldCode]; found {
		return oldCode, "old_la_code", true
	}
	if c, found := r.byNew[newCode]; found {
		return c, "new_la_code", true
	}
	if c, found := r.byName[nameKey(name)]; found && strings.TrimSpace(name) != "" {
		return c, "la_name", true
	}
	return "", "", false
}

// Nearest is the LA whose name is nearest to name as typed ("Traford"):
// the fewest edits between the names as nameKey folds them, and no more
// than a quarter of the name's letters (at least two), so a name that is
// no LA's gets none.
func (r *Resolver) Nearest(name string) (LA, bool) {
	key := nameKey(name)
	best, dist := "", max(2, len([]rune(key))/4)+1
	keys := make([]string, 0, len(r.byName))
	for k := range r.byName {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same answer on a tie, every time
	for _, k := range keys {
		if d := levenshtein.ComputeDistance(key, k); d < dist {
			best, dist = k, d
		}
	}
	if best == "" {
		return LA{}, false
	}
	return r.Latest(r.byName[best])
}

// Latest returns the current (or last) span of an old code.
func (r *Resolver) Latest(code string) (LA, bool) {
	la, ok := r.latest[code]
	return la, ok
}

// LAs returns every span in the list, ordered by code then start date.
func (r *Resolver) LAs() []LA {
	out := append([]LA(nil), r.las...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Code != out[j].Code {
			return out[i].Code < out[j].Code
		}
		return out[i].ValidFrom < out[j].ValidFrom
	})
	return out
}

// Fingerprint identifies the list, so staged files resolved under another
// list are not reused.
func (r *Resolver) Fingerprint() string { return r.fp }

// ResolveShared resolves a row published jointly for LAs that share a
// service: its codes and names list each LA with " / " between them ("314
// / 318", "E09000021 / E09000027", "Kingston upon Thames / Richmond upon
// Thames"). The n-th part of each column names the n-th LA. It returns the
// LAs' old codes in the order given; ok is false unless the row lists two
// or more distinct LAs and every part resolves. unresolved is the 1-based
// part that did not (0 when the row is not a list at all).
func (r *Resolver) ResolveShared(oldCode, newCode, name string) (codes []string, unresolved int, ok bool) {
	olds, news, names := splitShared(oldCode), splitShared(newCode), splitShared(name)
	n := max(len(olds), len(news), len(names))
	if n < 2 {
		return nil, 0, false
	}
	part := func(p []string, i int) string {
		if i < len(p) {
			return p[i]
		}
		return ""
	}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		code, _, found := r.Resolve(part(olds, i), part(news, i), part(names, i))
		if !found {
			return nil, i + 1, false
		}
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	if len(codes) < 2 {
		return nil, 0, false
	}
	return codes, 0, true
}

// splitShared splits a joint code or name on "/"; a value without one is a
// single part (nil when blank).
func splitShared(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "/")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
