// Package codeset holds the code sets of the statutory returns (SSDA903, CIN
// census, Annex A) as data, in codes.csv: each code with its meaning and the
// collection years it is valid for. It is the one place a code is defined;
// the warehouse gets the same rows as ref.code.
package codeset

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/yardstick-etl/yardstick/transforms/shape"
)

//go:embed codes.csv
var codesCSV string

// Code is one code of a set, valid from FromYear to ToYear (collection
// years, the year of the 31 March the return ends; 0 = open).
type Code struct {
	Set, Code, Meaning string
	FromYear, ToYear   int
	Aliases            []string
}

// ValidIn reports whether the code is valid in collection year y. An
// unknown year (0) accepts every code the set ever had.
func (c Code) ValidIn(y int) bool {
	return y == 0 || ((c.FromYear == 0 || y >= c.FromYear) && (c.ToYear == 0 || y <= c.ToYear))
}

var all = load()

// byKey indexes codes by set and upper-cased code; a code may appear more
// than once in a set only with different years.
var byKey = func() map[string][]Code {
	m := map[string][]Code{}
	for _, c := range all {
		k := c.Set + "\x00" + strings.ToUpper(c.Code)
		m[k] = append(m[k], c)
	}
	return m
}()

// byLabel indexes codes by set and upper-cased meaning or alias, in file
// order, for Normalise: a label is looked up per cell of a spreadsheet.
var byLabel = func() map[string][]Code {
	m := map[string][]Code{}
	for _, c := range all {
		for _, l := range append([]string{c.Meaning}, c.Aliases...) {
			k := c.Set + "\x00" + strings.ToUpper(l)
			m[k] = append(m[k], c)
		}
	}
	return m
}()

func load() []Code {
	rows, err := csv.NewReader(strings.NewReader(codesCSV)).ReadAll()
	if err != nil {
		panic("codes.csv: " + err.Error()) // embedded; a test reads it
	}
	var out []Code
	for i, r := range rows[1:] {
		c := Code{Set: r[0], Code: r[1], Meaning: r[2]}
		var errs [2]error
		if r[3] != "" {
			c.FromYear, errs[0] = strconv.Atoi(r[3])
		}
		if r[4] != "" {
			c.ToYear, errs[1] = strconv.Atoi(r[4])
		}
		if errs[0] != nil || errs[1] != nil {
			panic(fmt.Sprintf("codes.csv row %d: bad year", i+2))
		}
		if r[5] != "" {
			c.Aliases = strings.Split(r[5], "|")
		}
		out = append(out, c)
	}
	return out
}

// All returns every code of every set, for ref.code.
func All() []Code { return all }

// Has reports whether set is a known code set.
func Has(set string) bool {
	for _, c := range all {
		if c.Set == set {
			return true
		}
	}
	return false
}

// Check says whether code is valid in set for collection year y. It returns
// "" when it is, else the reason, safe to put in an issue: a code of the set
// is named (codes are not identifying), anything else is described by its
// shape only, as it may be an identifier in the wrong column.
func Check(set, code string, year int) string {
	cs := byKey[set+"\x00"+strings.ToUpper(strings.TrimSpace(code))]
	if len(cs) == 0 {
		return fmt.Sprintf("%s is not a code of %s", shape.Describe(code), set)
	}
	for _, c := range cs {
		if c.ValidIn(year) {
			return ""
		}
	}
	c := cs[0]
	switch {
	case c.FromYear != 0 && year < c.FromYear:
		return fmt.Sprintf("%s code %q is valid only from the %d collection, not %d", set, c.Code, c.FromYear, year)
	default:
		return fmt.Sprintf("%s code %q was withdrawn after the %d collection; this row is %d", set, c.Code, c.ToYear, year)
	}
}

// Known says whether code is a code of set in any year.
func Known(set, code string) bool {
	return len(byKey[set+"\x00"+strings.ToUpper(strings.TrimSpace(code))]) > 0
}

// labelPrefix is the "a) " or "q) " list letter Annex A puts before options.
var labelPrefix = regexp.MustCompile(`^[a-z]{1,2}\)\s*`)

// codeThenText splits "6: Police", "PR4 - Private provision", "N1 - Abuse".
var codeThenText = regexp.MustCompile(`^([A-Za-z0-9]{1,6})\s*(?::|-|–)\s*(.*)$`)

// Normalise turns a label as spreadsheets write it ("a) WBRI", "q) 6:
// Police", "E1: Placement order", "1 - Male", "b) Female") into the set's
// code for collection year y. ok is false when nothing matches; the caller
// keeps the label and reports it.
func Normalise(set, label string, year int) (code string, ok bool) {
	s := strings.TrimSpace(strings.ReplaceAll(label, "\u00a0", " "))
	s = labelPrefix.ReplaceAllString(s, "")
	if c, ok := lookup(set, s, year); ok {
		return c, true
	}
	if m := codeThenText.FindStringSubmatch(s); m != nil {
		if c, ok := lookup(set, m[1], year); ok {
			return c, true
		}
		if c, ok := lookup(set, m[2], year); ok {
			return c, true
		}
	}
	return s, false
}

// lookup finds s as a code, an alias or a meaning of a code valid in year y.
func lookup(set, s string, year int) (string, bool) {
	if s == "" {
		return "", false
	}
	for _, c := range byKey[set+"\x00"+strings.ToUpper(s)] {
		if c.ValidIn(year) {
			return c.Code, true
		}
	}
	for _, c := range byLabel[set+"\x00"+strings.ToUpper(s)] {
		if c.ValidIn(year) {
			return c.Code, true
		}
	}
	return "", false
}
