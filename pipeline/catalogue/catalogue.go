// Package catalogue is yardstick's indicator catalogue as data: the
// built-in indicators, gaps and themes live in the embedded YAML files
// beside this one, one per publication, written in the config's schema
// (indicators:, gaps:), so an analyst can read an entry and copy it into a
// config. Go keeps the loader, the merge with the config and the checks,
// which are the same for a built-in entry and a config one.
package catalogue

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v4"
)

// Indicator is one benchmarked measure: where its values come from and how
// to rank them. It becomes a row of ref.indicator, and the SQL models select
// its values from stage.observation by file glob, measure and where.
type Indicator struct {
	ID      string            `yaml:"id" json:"id"`
	Label   string            `yaml:"label" json:"label"`
	File    string            `yaml:"file,omitempty" json:"file,omitempty"` // glob on the input file's base name
	Measure string            `yaml:"measure,omitempty" json:"measure,omitempty"`
	Where   map[string]string `yaml:"where,omitempty" json:"where,omitempty"`
	// Also lists other places the same figure is published under: a measure
	// renamed between releases, a filter label reworded, an older
	// publication's file. Each takes the entry's file, measure or where for
	// what it does not give itself; the values of every one of them are the
	// indicator's (the entry's own first where two give the same period).
	Also []Alternative `yaml:"also,omitempty" json:"also,omitempty"`
	// GroupColumn is the filter whose value in Where names a pupil group:
	// other values of it in the file are reported, never guessed into a
	// group (ref.group_label).
	GroupColumn string `yaml:"group_column,omitempty" json:"group_column,omitempty"`
	// RateOf names a count indicator: where no file gives this indicator,
	// its value is that count per 10,000 children aged 0-17 (ONS mid-year
	// estimate for the year before the period ends: 31 March 2025 uses
	// mid-2024), rounded to 1 decimal place as DfE publishes rates.
	RateOf string `yaml:"rate_of,omitempty" json:"rate_of,omitempty"`
	// Numerator and Denominator name the measure columns of the same file,
	// picked under the same where from the same published row as Measure,
	// that the figure is the one of the other: a share (unit %) of them
	// gets Wilson's score interval, a rate per 10,000 children (unit rate)
	// Byar's on the count over the population. A rate made from rate_of
	// needs neither: its count and the ONS population are its numerator
	// and denominator.
	Numerator   string `yaml:"numerator,omitempty" json:"numerator,omitempty"`
	Denominator string `yaml:"denominator,omitempty" json:"denominator,omitempty"`
	// ComputedBy names the SQL model that computes the values when they
	// are not a column of a published file.
	ComputedBy     string `yaml:"computed_by,omitempty" json:"computed_by,omitempty"`
	Unit           string `yaml:"unit" json:"unit"`         // count | % | rate | score | value
	Polarity       string `yaml:"polarity" json:"polarity"` // high | low | none
	PolarityReason string `yaml:"polarity_reason,omitempty" json:"polarity_reason,omitempty"`
	LAITCode       int    `yaml:"lait_code,omitempty" json:"lait_code,omitempty"` // DfE LAIT's measure code
	Theme          string `yaml:"theme,omitempty" json:"theme,omitempty"`         // the extract's sheet; default other
	Source         string `yaml:"source,omitempty" json:"source,omitempty"`       // the publication

	// Where the entry came from: a built-in file or the config, and its
	// line there (for messages).
	Origin string `yaml:"-" json:"origin,omitempty"` // "built-in" | "config"
	At     string `yaml:"-" json:"-"`                // file name
	Line   int    `yaml:"-" json:"-"`
}

// Alternative is another file, measure or where an indicator's values are
// published under (Indicator.Also).
type Alternative struct {
	File    string            `yaml:"file,omitempty" json:"file,omitempty"`
	Measure string            `yaml:"measure,omitempty" json:"measure,omitempty"`
	Where   map[string]string `yaml:"where,omitempty" json:"where,omitempty"`
}

// Sources are where the indicator's values are taken from: its own file,
// measure and where, then each of Also with the entry's for what it leaves
// out. None for a rate or a computed indicator without a file.
func (ind Indicator) Sources() []Alternative {
	if ind.File == "" || ind.Measure == "" {
		return nil
	}
	out := []Alternative{{File: ind.File, Measure: ind.Measure, Where: ind.Where}}
	for _, a := range ind.Also {
		if a.File == "" {
			a.File = ind.File
		}
		if a.Measure == "" {
			a.Measure = ind.Measure
		}
		if a.Where == nil {
			a.Where = ind.Where
		}
		out = append(out, a)
	}
	return out
}

// FromConfig says the entry was declared in the config.
func (ind Indicator) FromConfig() bool { return ind.Origin == "config" }

// Gap is a gap: the comparison indicator's value minus the group's.
type Gap struct {
	ID         string `yaml:"id" json:"id"`
	Label      string `yaml:"label" json:"label"`
	Group      string `yaml:"group" json:"group"`
	Comparison string `yaml:"comparison" json:"comparison"`

	Origin string `yaml:"-" json:"origin,omitempty"`
	At     string `yaml:"-" json:"-"`
	Line   int    `yaml:"-" json:"-"`
}

// Theme groups indicators as a committee paper does: the extract has a
// sheet per theme, titled by it, and the Parquet extract is partitioned by
// it.
type Theme struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
}

// Catalogue is a set of themes, indicators and gaps.
type Catalogue struct {
	Themes     []Theme     `yaml:"themes,omitempty" json:"themes,omitempty"`
	Indicators []Indicator `yaml:"indicators,omitempty" json:"indicators,omitempty"`
	Gaps       []Gap       `yaml:"gaps,omitempty" json:"gaps,omitempty"`
	// Headline lists the indicator and gap ids of the extract's front
	// sheet, in order within their themes (headline.yaml; a config's
	// headline: replaces it).
	Headline []string `yaml:"headline,omitempty" json:"headline,omitempty"`
}

// Units, polarities and the default theme an indicator may declare.
var (
	Units        = []string{"count", "%", "rate", "score", "value"}
	Polarities   = []string{"high", "low", "none"}
	DefaultTheme = "other"
)

//go:embed *.yaml
var files embed.FS

var (
	builtin     *Catalogue
	builtinErr  error
	builtinOnce sync.Once
)

// Builtin is the catalogue built into yardstick, loaded and checked once.
// An error means an embedded file is wrong (a test keeps that from
// shipping).
func Builtin() (*Catalogue, error) {
	builtinOnce.Do(func() { builtin, builtinErr = load(files) })
	return builtin, builtinErr
}

// MustBuiltin is Builtin for callers that cannot go on without it.
func MustBuiltin() *Catalogue {
	c, err := Builtin()
	if err != nil {
		panic("catalogue: " + err.Error())
	}
	return c
}

// load reads every YAML file of fsys, in name order, as one catalogue, and
// checks it.
func load(fsys fs.FS) (*Catalogue, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	all := &Catalogue{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		c, err := Parse(name, data, "built-in")
		if err != nil {
			return nil, err
		}
		all.Themes = append(all.Themes, c.Themes...)
		all.Indicators = append(all.Indicators, c.Indicators...)
		all.Gaps = append(all.Gaps, c.Gaps...)
		all.Headline = append(all.Headline, c.Headline...)
	}
	if err := all.Check(); err != nil {
		return nil, err
	}
	return all, nil
}

// Parse decodes one catalogue file (unknown keys are errors with their
// line) and marks its entries with their origin, file and line.
func Parse(name string, data []byte, origin string) (*Catalogue, error) {
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &Catalogue{}
	if len(doc.Content) == 0 {
		return c, nil
	}
	if err := doc.Load(c, yaml.WithKnownFields()); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		for j, item := range root.Content[i+1].Content {
			switch root.Content[i].Value {
			case "indicators":
				c.Indicators[j].Origin, c.Indicators[j].At, c.Indicators[j].Line = origin, name, item.Line
			case "gaps":
				c.Gaps[j].Origin, c.Gaps[j].At, c.Gaps[j].Line = origin, name, item.Line
			}
		}
	}
	return c, nil
}

// With is the catalogue with the config's indicators and gaps added; an
// entry with an id already there replaces it. Indicators without a theme
// go under DefaultTheme. Both lists come out ordered by id.
func (c *Catalogue) With(indicators []Indicator, gaps []Gap) *Catalogue {
	byID := map[string]Indicator{}
	for _, ind := range c.Indicators {
		byID[ind.ID] = ind
	}
	for _, ind := range indicators {
		if ind.Theme == "" {
			ind.Theme = DefaultTheme
		}
		if ind.Origin == "" {
			ind.Origin = "config"
		}
		byID[ind.ID] = ind
	}
	gapByID := map[string]Gap{}
	for _, g := range c.Gaps {
		gapByID[g.ID] = g
	}
	for _, g := range gaps {
		if g.Origin == "" {
			g.Origin = "config"
		}
		gapByID[g.ID] = g
	}
	out := &Catalogue{Themes: c.Themes, Headline: c.Headline}
	for _, ind := range byID {
		out.Indicators = append(out.Indicators, ind)
	}
	for _, g := range gapByID {
		out.Gaps = append(out.Gaps, g)
	}
	sort.Slice(out.Indicators, func(i, j int) bool { return out.Indicators[i].ID < out.Indicators[j].ID })
	sort.Slice(out.Gaps, func(i, j int) bool { return out.Gaps[i].ID < out.Gaps[j].ID })
	return out
}

// ThemeIDs lists the themes' ids in order.
func (c *Catalogue) ThemeIDs() []string {
	ids := make([]string, len(c.Themes))
	for i, t := range c.Themes {
		ids[i] = t.ID
	}
	return ids
}

// Indicator returns the indicator with an id.
func (c *Catalogue) Indicator(id string) (Indicator, bool) {
	for _, ind := range c.Indicators {
		if ind.ID == id {
			return ind, true
		}
	}
	return Indicator{}, false
}

var idRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Models are the SQL models a computed_by may name (set by the package
// that holds them, to keep this one free of the SQL).
var Models []string

// Problem is one thing wrong with an entry, at its file and line.
type Problem struct {
	At   string
	Line int
	Msg  string
}

func (p Problem) Error() string { return fmt.Sprintf("%s line %d: %s", p.At, p.Line, p.Msg) }

// Check checks every entry: ids (lower snake_case, declared once), the
// fields each kind of indicator needs, units, polarities, themes, the
// indicators a rate or a gap names, and that a gap's two sides share a
// unit. It returns every problem, joined.
func (c *Catalogue) Check() error {
	return errors.Join(c.Problems()...)
}

// Problems is Check's list.
func (c *Catalogue) Problems() []error {
	var out []error
	bad := func(at string, line int, format string, a ...any) {
		out = append(out, Problem{at, line, fmt.Sprintf(format, a...)})
	}
	themes := c.ThemeIDs()
	units := map[string]string{} // the last entry of an id wins, as in With
	ids := idChecker{bad: bad, kind: "indicators"}
	for _, ind := range c.Indicators {
		ids.check(ind.ID, ind.Origin, ind.At, ind.Line)
		units[ind.ID] = ind.Unit
	}
	for _, ind := range c.Indicators {
		need := map[string]string{"label": ind.Label, "unit": ind.Unit, "polarity": ind.Polarity}
		// A figure from a file needs the file and its column; a rate or a
		// computed figure names where it comes from instead.
		if ind.RateOf == "" && ind.ComputedBy == "" {
			need["file"], need["measure"] = ind.File, ind.Measure
		}
		// A config entry over a published file may leave its label and
		// unit to the file's EES metadata (sql/ref_indicator_meta.sql).
		if ind.FromConfig() && ind.RateOf == "" && ind.ComputedBy == "" && ind.File != "" && ind.Measure != "" {
			delete(need, "label")
			delete(need, "unit")
		}
		for _, key := range []string{"label", "file", "measure", "unit", "polarity"} {
			if v, ok := need[key]; ok && strings.TrimSpace(v) == "" {
				bad(ind.At, ind.Line, "indicators: %s: %s is missing", ind.ID, key)
			}
		}
		if ind.File != "" {
			if _, err := filepath.Match(ind.File, ""); err != nil {
				bad(ind.At, ind.Line, "indicators: %s: file %q is not a valid glob: %v", ind.ID, ind.File, err)
			}
		}
		if len(ind.Also) > 0 && (ind.File == "" || ind.Measure == "") {
			bad(ind.At, ind.Line, "indicators: %s: also lists other places of a published figure: give the entry's own file and measure first", ind.ID)
		}
		for i, a := range ind.Also {
			if a.File == "" && a.Measure == "" && a.Where == nil {
				bad(ind.At, ind.Line, "indicators: %s: also entry %d gives no file, measure or where", ind.ID, i+1)
			}
			if _, err := filepath.Match(a.File, ""); err != nil {
				bad(ind.At, ind.Line, "indicators: %s: also entry %d: file %q is not a valid glob: %v", ind.ID, i+1, a.File, err)
			}
		}
		if ind.Unit != "" && !slices.Contains(Units, ind.Unit) {
			bad(ind.At, ind.Line, "indicators: %s: unit %q is not one of %s", ind.ID, ind.Unit, strings.Join(Units, ", "))
		}
		if ind.Polarity != "" && !slices.Contains(Polarities, ind.Polarity) {
			bad(ind.At, ind.Line, "indicators: %s: polarity %q is not one of %s", ind.ID, ind.Polarity, strings.Join(Polarities, ", "))
		}
		if ind.Theme != "" && !slices.Contains(themes, ind.Theme) {
			bad(ind.At, ind.Line, "indicators: %s: theme %q is not one of %s", ind.ID, ind.Theme, strings.Join(themes, ", "))
		}
		if ind.RateOf != "" {
			if u, ok := units[ind.RateOf]; !ok {
				bad(ind.At, ind.Line, "indicators: %s: rate_of %q is not an indicator", ind.ID, ind.RateOf)
			} else if u != "count" {
				bad(ind.At, ind.Line, "indicators: %s: rate_of %q is in %s; a rate per 10,000 children is of a count", ind.ID, ind.RateOf, u)
			}
		}
		out = append(out, ind.intervalProblems()...)
		if ind.ComputedBy != "" && len(Models) > 0 && !slices.Contains(Models, ind.ComputedBy) {
			bad(ind.At, ind.Line, "indicators: %s: computed_by %q is not one of yardstick's models (%s)", ind.ID, ind.ComputedBy, strings.Join(Models, ", "))
		}
		if ind.GroupColumn != "" {
			if _, ok := ind.Where[ind.GroupColumn]; !ok {
				bad(ind.At, ind.Line, "indicators: %s: group_column %q is not a filter of its where", ind.ID, ind.GroupColumn)
			}
		}
		if ind.LAITCode < 0 {
			bad(ind.At, ind.Line, "indicators: %s: lait_code %d is not a LAIT measure code", ind.ID, ind.LAITCode)
		}
	}
	if p := c.HeadlineProblem(); p != "" {
		bad("headline.yaml", 0, "%s", p)
	}
	gapIDs := idChecker{bad: bad, kind: "gaps"}
	for _, g := range c.Gaps {
		gapIDs.check(g.ID, g.Origin, g.At, g.Line)
		if strings.TrimSpace(g.Label) == "" {
			bad(g.At, g.Line, "gaps: %s: label is missing", g.ID)
		}
		for _, side := range [][2]string{{"group", g.Group}, {"comparison", g.Comparison}} {
			key, id := side[0], side[1]
			if id == "" {
				bad(g.At, g.Line, "gaps: %s: %s is missing (an indicator id)", g.ID, key)
			} else if _, ok := units[id]; !ok {
				bad(g.At, g.Line, "gaps: %s: %s %q is not an indicator: use a built-in id (yardstick catalogue lists them) or one declared under indicators", g.ID, key, id)
			}
		}
		if ug, uc := units[g.Group], units[g.Comparison]; ug != "" && uc != "" && ug != uc {
			bad(g.At, g.Line, "gaps: %s: group %s is in %s but comparison %s is in %s; a gap needs the same unit on both sides", g.ID, g.Group, ug, g.Comparison, uc)
		}
	}
	return out
}

// intervalProblems checks numerator and denominator: both or neither,
// measures of the entry's own file (not a computed figure's or a rate's
// made from rate_of alone), on a share or a rate, the only units an
// interval is made for.
func (ind Indicator) intervalProblems() []error {
	if ind.Numerator == "" && ind.Denominator == "" {
		return nil
	}
	var out []error
	bad := func(format string, a ...any) {
		out = append(out, Problem{ind.At, ind.Line, fmt.Sprintf("indicators: %s: ", ind.ID) + fmt.Sprintf(format, a...)})
	}
	switch {
	case strings.TrimSpace(ind.Numerator) == "":
		bad("denominator %q is given without a numerator: name both measure columns, or neither", ind.Denominator)
	case strings.TrimSpace(ind.Denominator) == "":
		bad("numerator %q is given without a denominator: name both measure columns, or neither", ind.Numerator)
	case ind.Numerator == ind.Denominator:
		bad("numerator and denominator are both %q: name the count and the total it is out of", ind.Numerator)
	}
	if ind.File == "" || ind.Measure == "" {
		bad("numerator and denominator are measure columns of the entry's own file, picked from the row its measure is: give file and measure too")
	}
	if ind.Unit != "" && ind.Unit != "%" && ind.Unit != "rate" {
		bad("numerator and denominator give a confidence interval to a share (unit %%) or a rate (unit rate), not to unit %s: leave them out", ind.Unit)
	}
	return out
}

// idChecker checks one list's ids: present, lower snake_case, declared
// once by each origin (a config entry may replace a built-in one).
type idChecker struct {
	bad  func(at string, line int, format string, a ...any)
	kind string
	seen map[string]struct {
		at   string
		line int
	}
}

func (k *idChecker) check(id, origin, at string, line int) {
	switch {
	case id == "":
		k.bad(at, line, "%s: id is missing", k.kind)
		return
	case !idRe.MatchString(id):
		k.bad(at, line, "%s: id %q must be lower snake_case (a-z, 0-9, _)", k.kind, id)
	}
	if k.seen == nil {
		k.seen = map[string]struct {
			at   string
			line int
		}{}
	}
	key := origin + "\x00" + id
	if prev, ok := k.seen[key]; ok {
		where := prev.at + " line"
		if prev.at == at {
			where = "line"
		}
		k.bad(at, line, "%s: id %q is declared twice (also %s %d)", k.kind, id, where, prev.line)
	}
	k.seen[key] = struct {
		at   string
		line int
	}{at, line}
}

// YAML writes the catalogue in the config's schema.
func (c *Catalogue) YAML() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// HeadlineProblem says what is wrong with the headline list: an id that is
// neither an indicator nor a gap, or one listed twice. "" when nothing is.
func (c *Catalogue) HeadlineProblem() string {
	known := map[string]bool{}
	for _, ind := range c.Indicators {
		known[ind.ID] = true
	}
	for _, g := range c.Gaps {
		known[g.ID] = true
	}
	seen := map[string]bool{}
	var bad []string
	for _, id := range c.Headline {
		switch {
		case !known[id]:
			bad = append(bad, fmt.Sprintf("%q is not an indicator or gap id (yardstick catalogue lists them)", id))
		case seen[id]:
			bad = append(bad, fmt.Sprintf("%q is listed twice", id))
		}
		seen[id] = true
	}
	if len(bad) == 0 {
		return ""
	}
	return "headline: " + strings.Join(bad, "; ")
}
