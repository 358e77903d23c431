package digest

import (
	"database/sql"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/yardstick-etl/yardstick/pipeline/terminal"
)

// Formats are the formats Write writes.
var Formats = []string{"text", "md", "html"}

// section is one part of the digest as a table, the same for every
// format: rows under theme headings.
type section struct {
	Title, Legend string
	Cols          []terminal.Column
	Wrap          int // the column that wraps in text
	Rows          []line
}

type line struct {
	Heading string
	Cells   []string
}

// Write writes the digest in a format (Formats), text fitting width
// characters a line (0: no limit).
func (d *Digest) Write(w io.Writer, format string, width int) error {
	switch format {
	case "text":
		return d.text(w, width)
	case "md":
		return d.markdown(w)
	case "html":
		return d.html(w)
	}
	return fmt.Errorf("format %q: give one of %s", format, strings.Join(Formats, ", "))
}

// Title is the digest's first line: "What changed for Trafford (358) in
// run ..., against run ...", or, with nothing to list, the whole digest
// in one line.
func (d *Digest) Title() string {
	switch {
	case len(d.Runs) == 0:
		return d.name() + ": no run has recorded its changes yet; the next run that publishes will"
	case !d.anyCompared():
		last := d.Runs[len(d.Runs)-1]
		if last.Previous == "" && strings.HasPrefix(last.Note, "first run") {
			return fmt.Sprintf("%s: first run (%s), nothing to compare with yet", d.name(), last.ID)
		}
		return fmt.Sprintf("%s: run %s was not compared: %s", d.name(), last.ID, last.Note)
	case !d.Changed():
		return fmt.Sprintf("%s: nothing changed %s", d.name(), d.runsText())
	}
	return fmt.Sprintf("What changed for %s %s", d.name(), d.runsText())
}

// runsText says which runs the digest covers.
func (d *Digest) runsText() string {
	if len(d.Runs) == 1 {
		r := d.Runs[0]
		if r.Previous == "" {
			return "in run " + r.ID
		}
		return fmt.Sprintf("in run %s, against run %s", r.ID, r.Previous)
	}
	return fmt.Sprintf("in the %d runs from %s to %s", len(d.Runs), d.Runs[0].ID, d.Runs[len(d.Runs)-1].ID)
}

// notes are the runs' comparisons that were partial or not made (the
// title says so when none was made).
func (d *Digest) notes() []string {
	if !d.anyCompared() {
		return nil
	}
	var out []string
	for _, r := range d.Runs {
		if !r.Compared || strings.Contains(r.Note, "; ") {
			out = append(out, fmt.Sprintf("Run %s: %s.", r.ID, r.Note))
		}
	}
	return out
}

func (d *Digest) sections() []section {
	if !d.anyCompared() || !d.Changed() {
		return nil
	}
	la := d.LAName
	if la == "" {
		la = "LA"
	}
	var out []section
	if len(d.NewReleases) > 0 {
		s := section{Title: "New releases", Wrap: 0,
			Legend: fmt.Sprintf("vs England: similar when England's value lies within %s's 95%% confidence interval, else better or worse (higher or lower without a polarity); Rank among the LAs ranked, 1 best; Q quartile, A best; Before: %s's figure, rank and quartile in the period before, as the run before published them.", la, la),
			Cols: []terminal.Column{{Header: "Indicator"}, {Header: "Period"}, {Header: la, Right: true}, {Header: "England", Right: true},
				{Header: "vs England"}, {Header: "Rank", Right: true}, {Header: "Q"}, {Header: "Before"}}}
		s.Rows = themed(d.NewReleases, func(f Figure) []string {
			return []string{f.Label, f.Period, num(f.New, f.Unit), num(f.England, f.Unit), f.VsEngland.String, rankOf(f.NewRank, f.Count), f.NewQuartile.String,
				joinSome(num(f.Old, f.Unit), rankOf(f.OldRank, sql.NullInt64{}), f.OldQuartile.String)}
		})
		out = append(out, s)
	}
	if len(d.Revisions) > 0 {
		s := section{Title: "Revisions", Legend: "Figures DfE published again with another value.",
			Cols: []terminal.Column{{Header: "Indicator"}, {Header: "Period"}, {Header: "Was", Right: true}, {Header: "Now", Right: true},
				{Header: "Rank"}, {Header: "Q"}}}
		s.Rows = themed(d.Revisions, func(f Figure) []string {
			return []string{f.Label, f.Period, num(f.Old, f.Unit), num(f.New, f.Unit), moved(rankText(f.OldRank), rankText(f.NewRank)),
				moved(f.OldQuartile.String, f.NewQuartile.String)}
		})
		out = append(out, s)
	}
	if len(d.Moves) > 0 {
		s := section{Title: "Rank and quartile moves", Legend: "In each indicator's latest period, from " + la + "'s own revision or other LAs'.",
			Cols: []terminal.Column{{Header: "Indicator"}, {Header: "Period"}, {Header: la, Right: true}, {Header: "Rank"}, {Header: "Q"}}}
		s.Rows = themed(d.Moves, func(f Figure) []string {
			return []string{f.Label, f.Period, num(f.New, f.Unit), moved(rankText(f.OldRank), rankText(f.NewRank)),
				moved(f.OldQuartile.String, f.NewQuartile.String)}
		})
		out = append(out, s)
	}
	if d.OwnMoved > 0 {
		count := fmt.Sprintf("%s from the council's returns moved (mart.provisional_position, mart.in_year)", terminal.Count(d.OwnMoved, "own figure", "own figures"))
		s := section{Title: "Own figures", Legend: count + "; none crossed a published quartile boundary."}
		if len(d.OwnCrossed) > 0 {
			s.Legend = count + "; these crossed a boundary of the latest published period's quartiles."
			s.Cols = []terminal.Column{{Header: "Indicator"}, {Header: "Period"}, {Header: "Was", Right: true}, {Header: "Now", Right: true}, {Header: "Q"}}
			s.Rows = themed(d.OwnCrossed, func(f Figure) []string {
				return []string{f.Label, f.Period, num(f.Old, f.Unit), num(f.New, f.Unit), moved(f.OldQuartile.String, f.NewQuartile.String)}
			})
		}
		out = append(out, s)
	}
	if len(d.Withdrawn) > 0 {
		s := section{Title: "Withdrawn", Legend: "Periods no input has any more.",
			Cols: []terminal.Column{{Header: "Indicator"}, {Header: "Period"}, {Header: "Was", Right: true}}}
		s.Rows = themed(d.Withdrawn, func(f Figure) []string { return []string{f.Label, f.Period, num(f.Old, f.Unit)} })
		out = append(out, s)
	}
	if len(d.Validation) > 0 || d.Resolved > 0 {
		s := section{Title: "Validation", Legend: "No new failures of DfE's rules in the returns."}
		if len(d.Validation) > 0 {
			s.Legend = "Rows of the returns that break a rule and did not before (mart.validation_summary lists them all)."
			s.Wrap = 3
			s.Cols = []terminal.Column{{Header: "Rule"}, {Header: "Year"}, {Header: "New", Right: true}, {Header: "What the rule checks"}}
			for _, v := range d.Validation {
				s.Rows = append(s.Rows, line{Cells: []string{v.Rule, v.Year, terminal.Thousands(int64(v.N)), v.Message}})
			}
		}
		if d.Resolved > 0 {
			s.Legend += " " + terminal.Count(d.Resolved, "failure", "failures") + " of the run before no longer break their rule."
		}
		out = append(out, s)
	}
	if len(d.Inputs) > 0 {
		s := section{Title: "Inputs", Legend: "Inputs a run rejected, and those it replaced by the version an earlier run loaded.", Wrap: 2,
			Cols: []terminal.Column{{Header: "What"}, {Header: "File"}, {Header: "Why"}}}
		for _, i := range d.Inputs {
			what := "rejected"
			if i.Kind == "input_kept" {
				what = "kept earlier version"
			}
			s.Rows = append(s.Rows, line{Cells: []string{what, i.Path, i.Reason}})
		}
		out = append(out, s)
	}
	return out
}

// themed lays figures out under their themes' headings.
func themed(fs []Figure, cells func(Figure) []string) []line {
	var out []line
	theme := ""
	for _, f := range fs {
		if f.Theme != theme {
			theme = f.Theme
			out = append(out, line{Heading: strings.ToUpper(theme[:1]) + theme[1:]})
		}
		out = append(out, line{Cells: cells(f)})
	}
	return out
}

func num(v sql.NullFloat64, unit string) string {
	if !v.Valid {
		return ""
	}
	return terminal.Number(v.Float64, unit)
}

func rankOf(rank, count sql.NullInt64) string {
	switch {
	case !rank.Valid:
		return ""
	case !count.Valid:
		return fmt.Sprint(rank.Int64)
	}
	return fmt.Sprintf("%d/%d", rank.Int64, count.Int64)
}

func rankText(r sql.NullInt64) string { return rankOf(r, sql.NullInt64{}) }

// moved is "was → now", the side that is missing as a dash; now alone
// when it did not move, "" when neither is known.
func moved(was, now string) string {
	switch {
	case was == "" && now == "":
		return ""
	case was == now:
		return now
	}
	return fmt.Sprintf("%s → %s", orDash(was), orDash(now))
}

func orDash(s string) string {
	if s == "" {
		return terminal.NoData
	}
	return s
}

func joinSome(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

func (d *Digest) text(w io.Writer, width int) error {
	if err := terminal.Paragraph(w, d.Title(), width); err != nil {
		return err
	}
	for _, n := range d.notes() {
		terminal.Paragraph(w, n, width)
	}
	for _, s := range d.sections() {
		fmt.Fprintln(w)
		terminal.Paragraph(w, s.Title, width)
		terminal.Paragraph(w, s.Legend, width)
		if len(s.Cols) == 0 {
			continue
		}
		t := &terminal.Table{Columns: s.Cols, Wrap: s.Wrap}
		for _, r := range s.Rows {
			if r.Heading != "" {
				t.Heading(r.Heading)
				continue
			}
			t.Row(r.Cells...)
		}
		if err := t.Write(w, width); err != nil {
			return err
		}
	}
	return nil
}

func (d *Digest) markdown(w io.Writer) error {
	// text, never markup: a label from a config may hold any of these
	cell := strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "&", "&amp;").Replace
	fmt.Fprintf(w, "# %s\n", cell(d.Title()))
	for _, n := range d.notes() {
		fmt.Fprintf(w, "\n%s\n", cell(n))
	}
	for _, s := range d.sections() {
		fmt.Fprintf(w, "\n## %s\n\n%s\n", s.Title, cell(s.Legend))
		if len(s.Cols) == 0 {
			continue
		}
		fmt.Fprintln(w)
		var head, rule []string
		for _, c := range s.Cols {
			head = append(head, cell(c.Header))
			if c.Right {
				rule = append(rule, "---:")
			} else {
				rule = append(rule, "---")
			}
		}
		fmt.Fprintf(w, "| %s |\n| %s |\n", strings.Join(head, " | "), strings.Join(rule, " | "))
		for _, r := range s.Rows {
			if r.Heading != "" {
				cells := make([]string, len(s.Cols))
				cells[0] = "**" + cell(r.Heading) + "**"
				fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
				continue
			}
			cells := make([]string, len(r.Cells))
			for i, c := range r.Cells {
				cells[i] = cell(c)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
	}
	return nil
}

var page = template.Must(template.New("digest").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 1.5rem; color: #1b1b1b; max-width: 70rem; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
p.legend, p.note { color: #4b4b4b; font-size: .9rem; margin: .3rem 0 .6rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #d8d8d8; text-align: left; vertical-align: top; }
th { background: #f0f2f4; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.theme td { font-weight: 600; background: #fafafa; }
</style></head><body>
<h1>{{.Title}}</h1>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}{{range .Sections}}<h2>{{.Title}}</h2>
<p class="legend">{{.Legend}}</p>
{{if .Cols}}<table><thead><tr>{{range .Cols}}<th{{if .Right}} class="num"{{end}}>{{.Header}}</th>{{end}}</tr></thead><tbody>
{{$cols := .Cols}}{{range .Rows}}{{if .Heading}}<tr class="theme"><td colspan="{{len $cols}}">{{.Heading}}</td></tr>
{{else}}<tr>{{range $i, $c := .Cells}}<td{{if (index $cols $i).Right}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}{{end}}</tbody></table>{{end}}
{{end}}</body></html>
`))

func (d *Digest) html(w io.Writer) error {
	return page.Execute(w, struct {
		Title    string
		Notes    []string
		Sections []section
	}{d.Title(), d.notes(), d.sections()})
}
