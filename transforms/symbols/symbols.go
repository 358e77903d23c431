// Package symbols parses the value cells of DfE's published statistics: a
// number, or one of the published symbols that stand in for one. It is the
// single place that knows the symbol table; a symbol never becomes a number.
package symbols

import (
	"fmt"
	"strconv"
	"strings"
)

// Symbol is one published symbol and what it means.
type Symbol struct {
	Code    string
	Meaning string
}

// Table lists every symbol yardstick accepts, in the form DfE publishes it.
// Matching is case-insensitive ("LOW" and "low" are the same symbol).
var Table = []Symbol{
	{"c", "confidential: suppressed to protect individuals"},
	{"x", "not available"},
	{"z", "not applicable"},
	{"low", "rounds to zero but is not zero"},
	{"k", "rounds to zero but is not zero"},
	{"u", "low reliability"},
	{":", "not available (legacy)"},
	{"~", "rounds to zero (legacy)"},
	{"..", "not available (legacy)"},
	{".", "not applicable (legacy: older EES files)"},
	{"-", "nil or not applicable (legacy)"},
}

var byCode = func() map[string]string {
	m := make(map[string]string, len(Table))
	for _, s := range Table {
		m[s.Code] = s.Code
	}
	return m
}()

// Cell is a parsed value cell: Value is valid when Number is true; Symbol is
// set when the cell held a published symbol. Blank cells have neither.
type Cell struct {
	Value  float64
	Number bool
	Symbol string
	Blank  bool
}

// ErrNotValue says a cell is neither a number nor a known symbol.
type ErrNotValue struct{ Text string }

func (e *ErrNotValue) Error() string {
	return fmt.Sprintf("%q is neither a number nor a published symbol (%s)", e.Text, Codes())
}

// Codes lists the accepted symbols for messages.
func Codes() string {
	codes := make([]string, len(Table))
	for i, s := range Table {
		codes[i] = s.Code
	}
	return strings.Join(codes, " ")
}

// Parse reads one value cell. Surrounding spaces are ignored; numbers may use
// a leading sign, decimals and exponents, and are kept at published
// precision (Published: 99.100000000000009 is 99.1). Thousands
// separators are not accepted: EES files never use them, so a comma means the
// column is not what it seems.
func Parse(text string) (Cell, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return Cell{Blank: true}, nil
	}
	if c, ok := byCode[strings.ToLower(t)]; ok {
		return Cell{Symbol: c}, nil
	}
	if isNumeric(t) {
		v, err := strconv.ParseFloat(t, 64)
		if err == nil {
			return Cell{Value: Published(v, t), Number: true}, nil
		}
	}
	return Cell{}, &ErrNotValue{Text: t}
}

// PublishedDigits is the precision a published figure is kept to: 15
// significant digits, the most a spreadsheet stores or shows. Digits beyond
// it are binary float noise from the publisher's software
// (99.100000000000009, Excel's 72.099999999999994), not part of the figure.
const PublishedDigits = 15

// Published returns the figure text was written as: v rounded to
// PublishedDigits significant digits, so 99.100000000000009 and 99.1 are
// the same double and tie in every rank and quartile. text (the cell as
// written, or "" when unknown) lets the common case of a short figure skip
// the rounding.
func Published(v float64, text string) float64 {
	if text != "" && significantDigits(text) <= PublishedDigits {
		return v // ParseFloat already gave the nearest double to the text
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', PublishedDigits, 64), 64)
	if err != nil { // cannot happen for a finite v; keep what was read
		return v
	}
	return r
}

// significantDigits counts the digits of a number's mantissa, leading
// zeros left out (an upper bound: trailing zeros count, which only sends a
// figure like 85.700000000000 through the rounding, harmlessly).
func significantDigits(t string) int {
	n, leading := 0, true
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == 'e' || c == 'E' {
			break
		}
		if c < '0' || c > '9' {
			continue
		}
		if c == '0' && leading {
			continue
		}
		leading = false
		n++
	}
	return n
}

// isNumeric rejects what ParseFloat would accept but a published figure never
// is: "NaN", "Inf", hex floats and underscores.
func isNumeric(t string) bool {
	digits := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E':
		default:
			return false
		}
	}
	return digits
}
