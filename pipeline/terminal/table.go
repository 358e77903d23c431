// Package terminal prints tables for a terminal: columns sized to their
// contents, numbers right-aligned, one text column (the indicator's name)
// wrapped so the table fits a width, and headings between groups of rows.
// text/tabwriter cannot wrap a cell, so a table of long labels ran to 260
// characters a line.
package terminal

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Width is the width tables fit by default: a terminal window or a
// committee paper's fixed-width text.
const Width = 120

// NoData stands in a cell without a value.
const NoData = "–"

// Column is a table column.
type Column struct {
	Header string
	Right  bool // numbers: right-aligned
}

// Table is a table being built.
type Table struct {
	Columns []Column
	Wrap    int // the column that wraps (its text split over lines)
	rows    []line
}

type line struct {
	heading string // a group's heading, printed across the table; cells nil
	cells   []string
}

// Row adds a row; a blank cell prints as NoData.
func (t *Table) Row(cells ...string) {
	t.rows = append(t.rows, line{cells: cells})
}

// Heading adds a group's heading before the rows that follow.
func (t *Table) Heading(title string) {
	t.rows = append(t.rows, line{heading: title})
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// Write prints the table to fit width characters a line, wrapping the Wrap
// column's text (at spaces, or mid-word when a word is longer than the
// column); width 0 prints every cell on one line. Cells are escaped
// (EscapeLine) before they are measured.
func (t *Table) Write(w io.Writer, width int) error {
	n := len(t.Columns)
	widths := make([]int, n)
	for i, c := range t.Columns {
		widths[i] = runes(EscapeLine(c.Header))
	}
	for _, r := range t.rows {
		for i, c := range r.cells {
			if i < n {
				widths[i] = max(widths[i], runes(cell(c)))
			}
		}
	}
	if width > 0 {
		fit(widths, t.Columns, t.Wrap, width)
	}
	var b strings.Builder
	header := make([]string, n)
	for i, c := range t.Columns {
		header[i] = EscapeLine(c.Header)
	}
	t.print(&b, widths, header)
	for _, r := range t.rows {
		if r.cells == nil {
			heading := []string{EscapeLine(r.heading)}
			if width > 0 {
				heading = wrap(heading[0], width)
			}
			for _, h := range heading {
				fmt.Fprintf(&b, "%s\n", h)
			}
			continue
		}
		cells := make([]string, n)
		for i := range cells {
			if i < len(r.cells) {
				cells[i] = cell(r.cells[i])
			}
		}
		t.print(&b, widths, cells)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell is a cell's text as printed: escaped (EscapeLine) before it is
// measured, so the escapes a terminal shows are the characters counted.
func cell(s string) string {
	if strings.TrimSpace(s) == "" {
		return NoData
	}
	return EscapeLine(s)
}

// minWrap and minCell are how narrow fit makes the wrapping column and
// then the other text columns.
const minWrap, minCell = 20, 8

// fit narrows the columns until the table fits width characters a line:
// the wrapping column first, down to minWrap; then, one character at a
// time, the widest other text (left-aligned) column, down to minCell, its
// cells wrapped in turn. Numbers (right-aligned) keep their width: a table
// of more numbers than width holds is left wider.
func fit(widths []int, cols []Column, wrapCol, width int) {
	over := 2*(len(widths)-1) - width // the gaps between columns
	for _, w := range widths {
		over += w
	}
	if over <= 0 {
		return
	}
	cut := min(over, max(0, widths[wrapCol]-minWrap))
	widths[wrapCol] -= cut
	over -= cut
	for ; over > 0; over-- {
		widest := -1
		for i, w := range widths {
			if !cols[i].Right && w > minCell && (widest < 0 || w > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return
		}
		widths[widest]--
	}
}

// print writes one row, each cell wider than its column over as many
// lines as it needs (the wrapping column's, or any fit narrowed).
func (t *Table) print(b *strings.Builder, widths []int, cells []string) {
	split := make([][]string, len(cells))
	lines := 1
	for i, c := range cells {
		split[i] = wrap(c, widths[i])
		lines = max(lines, len(split[i]))
	}
	for k := 0; k < lines; k++ {
		var parts []string
		for i := range cells {
			c := ""
			if k < len(split[i]) {
				c = split[i][k]
			}
			pad := strings.Repeat(" ", max(0, widths[i]-runes(c)))
			if t.Columns[i].Right {
				parts = append(parts, pad+c)
			} else {
				parts = append(parts, c+pad)
			}
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, "  "), " "))
		b.WriteByte('\n')
	}
}

// wrap splits text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string { return wrapHanging(text, width, width) }

// wrapHanging splits text into lines at spaces: the first of at most
// first characters, the others of at most rest; a word longer than its
// line is cut, its start filling the line. Spaces between words on a line
// are kept as they are (a summary's aligned "rejected  "); those where a
// line breaks are dropped. A width under 1 leaves the text on one line.
func wrapHanging(text string, first, rest int) []string {
	if runes(text) <= first || first < 1 || rest < 1 {
		return []string{text}
	}
	var out []string
	cur := ""
	width := first
	next := func() {
		out, cur, width = append(out, cur), "", rest
	}
	for _, t := range words(text) {
		word, gap := t[1], t[0]
		for runes(word) > width { // a word longer than a line: cut, its start filling this one
			if cur == "" {
				gap = ""
			}
			r := []rune(word)
			room := width - runes(cur) - runes(gap)
			if room < 1 {
				next()
				continue
			}
			cur, word = cur+gap+string(r[:room]), string(r[room:])
			next()
		}
		switch {
		case cur == "":
			cur = word
		case runes(cur)+runes(gap)+runes(word) <= width:
			cur += gap + word
		default:
			next()
			cur = word
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// words splits text into its words, each with the spaces before it:
// {gap, word} pairs.
func words(text string) [][2]string {
	var out [][2]string
	for text != "" {
		word := strings.TrimLeftFunc(text, unicode.IsSpace)
		gap := text[:len(text)-len(word)]
		end := strings.IndexFunc(word, unicode.IsSpace)
		if end < 0 {
			end = len(word)
		}
		if strings.Trim(gap, " ") != "" { // a newline or tab: a space on a line
			gap = " "
		}
		if end > 0 {
			out = append(out, [2]string{gap, word[:end]})
		}
		text = word[end:]
	}
	return out
}

// Paragraph prints text wrapped at spaces to width characters a line (0:
// one line), continuation lines indented as the first line is; control
// characters escaped (Escape).
func Paragraph(w io.Writer, text string, width int) error {
	return paragraph(w, text, width, 0)
}

// Hang prints text as Paragraph does, but its continuation lines indented
// two spaces more than its first, so each item of a list stands out: a
// rejected input's line with its reason, a run's line. Each line of a
// text of several lines is its own item.
func Hang(w io.Writer, text string, width int) error {
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if err := paragraph(w, line, width, 2); err != nil {
			return err
		}
	}
	return nil
}

func paragraph(w io.Writer, text string, width, hang int) error {
	text = Escape(text) // before measuring: an escape is wider than what it stands for
	indent := text[:len(text)-len(strings.TrimLeft(text, " "))]
	if width <= 0 {
		_, err := fmt.Fprintln(w, text)
		return err
	}
	first := max(20, width-runes(indent))
	var b strings.Builder
	for i, l := range wrapHanging(strings.TrimLeft(text, " "), first, max(20, first-hang)) {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", hang))
		}
		b.WriteString(indent + l + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Thousands is n with a comma between each three digits: 402,400.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
