package validation

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

//go:embed left_out.csv
var leftOutCSV string

// LeftOut is a DfE rule yardstick does not run, and why.
type LeftOut struct{ Return, Code, Reason string }

// LeftOuts reads left_out.csv: the DfE rules of the specifications
// yardstick follows (Specs) that it does not run, each with its reason.
func LeftOuts() ([]LeftOut, error) {
	recs, err := csv.NewReader(strings.NewReader(leftOutCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("left_out.csv: %w", err)
	}
	var out []LeftOut
	for i, r := range recs[1:] {
		if len(r) != 3 || Specs[r[0]] == (Spec{}) || !codeRe.MatchString(r[1]) || r[2] == "" {
			return nil, fmt.Errorf("left_out.csv line %d: want return (%s), code, reason", i+2, strings.Join(Returns, " or "))
		}
		out = append(out, LeftOut{r[0], r[1], r[2]})
	}
	return out, nil
}

var leadingNumber = regexp.MustCompile(`^[0-9]+`)

// codeLess orders codes as DfE lists them: by number (101 before 1000),
// then by the rest.
func codeLess(a, b string) bool {
	na, _ := strconv.Atoi(leadingNumber.FindString(a))
	nb, _ := strconv.Atoi(leadingNumber.FindString(b))
	ha, hb := leadingNumber.MatchString(a), leadingNumber.MatchString(b)
	if ha != hb {
		return ha
	}
	if na != nb {
		return na < nb
	}
	return a < b
}

// Table is the Markdown table of every rule, run or left out, by return
// and code: docs/validation.md carries it (TestRuleTable).
func Table(rules []Rule, left []LeftOut) string {
	type row struct{ ret, code, cells string }
	var rows []row
	for _, r := range rules {
		years := "all"
		switch {
		case r.FromYear > 0 && r.ToYear > 0:
			years = span(r.FromYear) + " to " + span(r.ToYear)
		case r.FromYear > 0:
			years = "from " + span(r.FromYear)
		case r.ToYear > 0:
			years = "to " + span(r.ToYear)
		}
		state := "runs"
		switch {
		case r.Needs != "":
			state = "runs when " + strings.Join(r.NeedsList(), " and ") + " are loaded"
			if len(r.NeedsList()) == 1 {
				state = "runs when " + r.Needs + " is loaded"
			}
		case r.YearEnd:
			state = "runs; not on a part-year return"
		}
		code := r.Code
		if r.Source != "DfE" {
			code += " (yardstick)"
		}
		rows = append(rows, row{r.Return, r.Code, fmt.Sprintf("| %s | %s | %s | %s | %s | %s |", Name(r.Return), code, r.Type, years,
			strings.ReplaceAll(r.Message, "|", "/"), state)})
	}
	for _, l := range left {
		typ := "error"
		if strings.HasSuffix(l.Code, "Q") {
			typ = "query"
		}
		rows = append(rows, row{l.Return, l.Code, fmt.Sprintf("| %s | %s | %s | | | left out: %s |", Name(l.Return), l.Code, typ, l.Reason)})
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].ret != rows[j].ret {
			return rows[i].ret < rows[j].ret
		}
		return codeLess(rows[i].code, rows[j].code)
	})
	var b strings.Builder
	b.WriteString("| return | rule | type | years | what is wrong | state |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		b.WriteString(r.cells + "\n")
	}
	return b.String()
}
