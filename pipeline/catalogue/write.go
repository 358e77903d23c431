package catalogue

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Formats are the formats Write knows.
var Formats = []string{"table", "csv", "yaml"}

// Write prints the catalogue: table (a line per indicator, then the gaps,
// for a terminal), csv (every field of every indicator, then nothing else:
// one table) or yaml (the config's schema, to copy entries from).
func Write(w io.Writer, c *Catalogue, format string) error {
	switch format {
	case "yaml":
		b, err := c.YAML()
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	case "csv":
		return writeCSV(w, c)
	case "table":
		return writeTable(w, c)
	}
	return fmt.Errorf("format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// from says where an indicator's values come from, in a few words.
func from(ind Indicator) string {
	switch {
	case ind.RateOf != "" && ind.File == "":
		return "rate of " + ind.RateOf
	case ind.ComputedBy != "" && ind.File == "":
		return "computed by " + ind.ComputedBy
	}
	var parts []string
	for _, a := range ind.Sources() {
		s := a.File + " " + a.Measure
		if len(a.Where) > 0 {
			s += " " + whereText(a.Where)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; or ")
}

// alsoText is an indicator's other sources, "; " between, for the CSV.
func alsoText(ind Indicator) string {
	var parts []string
	for _, a := range ind.Sources()[min(1, len(ind.Sources())):] {
		parts = append(parts, strings.TrimSpace(a.File+" "+a.Measure+" "+whereText(a.Where)))
	}
	return strings.Join(parts, "; ")
}

// whereText is a where as compact JSON, keys sorted.
func whereText(where map[string]string) string {
	if len(where) == 0 {
		return ""
	}
	b, _ := json.Marshal(where) // a map of strings: cannot fail
	return string(b)
}

func lait(code int) string {
	if code == 0 {
		return ""
	}
	return strconv.Itoa(code)
}

func writeTable(w io.Writer, c *Catalogue) error {
	counts := map[string]int{}
	for _, ind := range c.Indicators {
		counts[ind.Origin]++
	}
	fmt.Fprintf(w, "%d indicators (%d built in, %d from the config), %d gaps, %d themes\n\n",
		len(c.Indicators), counts["built-in"], counts["config"], len(c.Gaps), len(c.Themes))
	order := map[string]int{}
	for i, t := range c.Themes {
		order[t.ID] = i
	}
	inds := append([]Indicator(nil), c.Indicators...)
	sort.SliceStable(inds, func(i, j int) bool { return order[inds[i].Theme] < order[inds[j].Theme] })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "THEME\tID\tUNIT\tPOLARITY\tLAIT\tORIGIN\tFROM")
	for _, ind := range inds {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ind.Theme, ind.ID, ind.Unit, ind.Polarity, lait(ind.LAITCode), ind.Origin, from(ind))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(c.Gaps) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "GAP\tCOMPARISON\tMINUS GROUP\tORIGIN")
		for _, g := range c.Gaps {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", g.ID, g.Comparison, g.Group, g.Origin)
		}
		return tw.Flush()
	}
	return nil
}

func writeCSV(w io.Writer, c *Catalogue) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kind", "id", "label", "theme", "unit", "polarity", "polarity_reason", "lait_code",
		"file", "measure", "where", "also", "group_column", "rate_of", "computed_by", "group", "comparison", "source", "origin"})
	for _, ind := range c.Indicators {
		cw.Write([]string{"indicator", ind.ID, ind.Label, ind.Theme, ind.Unit, ind.Polarity, ind.PolarityReason, lait(ind.LAITCode),
			ind.File, ind.Measure, whereText(ind.Where), alsoText(ind), ind.GroupColumn, ind.RateOf, ind.ComputedBy, "", "", ind.Source, ind.Origin})
	}
	for _, g := range c.Gaps {
		cw.Write([]string{"gap", g.ID, g.Label, "", "", "", "", "", "", "", "", "", "", "", "", g.Group, g.Comparison, "", g.Origin})
	}
	cw.Flush()
	return cw.Error()
}
