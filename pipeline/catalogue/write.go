package catalogue

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/yardstick-etl/yardstick/pipeline/terminal"
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

// writeTable prints the indicators under their themes' headings, then the
// gaps, each table fitting the width of w (terminal.WidthOf), the sources
// (FROM) wrapped.
func writeTable(w io.Writer, c *Catalogue) error {
	width := terminal.WidthOf(w)
	counts := map[string]int{}
	for _, ind := range c.Indicators {
		counts[ind.Origin]++
	}
	terminal.Paragraph(w, fmt.Sprintf("%s (%d built in, %d from the config), %s, %s",
		terminal.Count(len(c.Indicators), "indicator", "indicators"), counts["built-in"], counts["config"],
		terminal.Count(len(c.Gaps), "gap", "gaps"), terminal.Count(len(c.Themes), "theme", "themes")), width)
	fmt.Fprintln(w)
	order := map[string]int{}
	titles := map[string]string{}
	for i, t := range c.Themes {
		order[t.ID], titles[t.ID] = i, t.Title
	}
	inds := append([]Indicator(nil), c.Indicators...)
	sort.SliceStable(inds, func(i, j int) bool { return order[inds[i].Theme] < order[inds[j].Theme] })
	t := &terminal.Table{Columns: []terminal.Column{{Header: "ID"}, {Header: "UNIT"}, {Header: "POLARITY"}, {Header: "LAIT", Right: true},
		{Header: "ORIGIN"}, {Header: "FROM"}}, Wrap: 5}
	theme := "\x00"
	for _, ind := range inds {
		if ind.Theme != theme {
			theme = ind.Theme
			heading := "theme " + theme
			if titles[theme] != "" {
				heading += ": " + titles[theme]
			}
			t.Heading(heading)
		}
		t.Row(ind.ID, ind.Unit, ind.Polarity, lait(ind.LAITCode), ind.Origin, from(ind))
	}
	if err := t.Write(w, width); err != nil {
		return err
	}
	if len(c.Gaps) > 0 {
		fmt.Fprintln(w)
		t = &terminal.Table{Columns: []terminal.Column{{Header: "GAP"}, {Header: "COMPARISON"}, {Header: "MINUS GROUP"}, {Header: "ORIGIN"}}}
		for _, g := range c.Gaps {
			t.Row(g.ID, g.Comparison, g.Group, g.Origin)
		}
		return t.Write(w, width)
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
