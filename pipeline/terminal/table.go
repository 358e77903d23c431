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
		others := 2 * (n - 1) // the gaps between columns
		for i, cw := range widths {
			if i != t.Wrap {
				others += cw
			}
		}
		widths[t.Wrap] = min(widths[t.Wrap], max(20, width-others))
	}
	var b strings.Builder
	header := make([]string, n)
	for i, c := range t.Columns {
		header[i] = EscapeLine(c.Header)
	}
	t.print(&b, widths, header)
	for _, r := range t.rows {
		if r.cells == nil {
			fmt.Fprintf(&b, "%s\n", EscapeLine(r.heading))
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

// print writes one row, its wrapping cell over as many lines as it needs.
func (t *Table) print(b *strings.Builder, widths []int, cells []string) {
	lines := wrap(cells[t.Wrap], widths[t.Wrap])
	for k, text := range lines {
		var parts []string
		for i, c := range cells {
			switch {
			case i == t.Wrap:
				c = text
			case k > 0:
				c = ""
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
func wrap(text string, width int) []string {
	if runes(text) <= width {
		return []string{text}
	}
	var out []string
	cur := ""
	for _, word := range strings.Fields(text) {
		for runes(word) > width { // a word longer than the column
			if cur != "" {
				out, cur = append(out, cur), ""
			}
			r := []rune(word)
			out, word = append(out, string(r[:width])), string(r[width:])
		}
		switch {
		case cur == "":
			cur = word
		case runes(cur)+1+runes(word) <= width:
			cur += " " + word
		default:
			out, cur = append(out, cur), word
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// Paragraph prints text wrapped at spaces to width characters a line (0:
// one line), continuation lines indented as the first line is; control
// characters escaped (Escape).
func Paragraph(w io.Writer, text string, width int) error {
	text = Escape(text) // before measuring: an escape is wider than what it stands for
	indent := text[:len(text)-len(strings.TrimLeft(text, " "))]
	if width <= 0 {
		_, err := fmt.Fprintln(w, text)
		return err
	}
	var b strings.Builder
	for _, l := range wrap(strings.TrimLeft(text, " "), max(20, width-runes(indent))) {
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
