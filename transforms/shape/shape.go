// Package shape describes a value by its shape, never its text: how long it
// is and what kinds of character it holds. Messages about child-level
// returns use it wherever a value may not be what its column says (a UPN in
// an ethnicity column, a date of birth in a sex column), so a report can
// help the analyst find the cell without repeating what was in it.
package shape

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Describe says what v looks like: "a 13-character value of letters and
// digits", "a 10-character value of digits and other characters".
func Describe(v string) string {
	n := utf8.RuneCountInString(v)
	var letters, digits, spaces, other bool
	for _, r := range v {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		case unicode.IsSpace(r):
			spaces = true
		default:
			other = true
		}
	}
	var kinds []string
	for _, k := range []struct {
		on   bool
		name string
	}{{letters, "letters"}, {digits, "digits"}, {spaces, "spaces"}, {other, "other characters"}} {
		if k.on {
			kinds = append(kinds, k.name)
		}
	}
	unit := "characters"
	if n == 1 {
		unit = "character"
	}
	switch len(kinds) {
	case 0:
		return fmt.Sprintf("a %d-%s value", n, strings.TrimSuffix(unit, "s"))
	case 1:
		return fmt.Sprintf("a %d-%s value of %s", n, strings.TrimSuffix(unit, "s"), kinds[0])
	default:
		return fmt.Sprintf("a %d-%s value of %s and %s", n, strings.TrimSuffix(unit, "s"),
			strings.Join(kinds[:len(kinds)-1], ", "), kinds[len(kinds)-1])
	}
}

// Cap shortens a message to at most n runes, ending it with "…" and how
// much was cut, so no report carries a 30,000-character cell.
func Cap(msg string, n int) string {
	if utf8.RuneCountInString(msg) <= n {
		return msg
	}
	r := []rune(msg)
	return string(r[:n]) + fmt.Sprintf("… (%d more characters)", len(r)-n)
}

// MaxText is the most characters yardstick stores of a label, a unit or a
// title that comes from an input. The warehouse repeats a label on every
// row it describes, so one of 300,000 characters (a cell pasted into the
// wrong column) would fill DuckDB's memory on every build.
const MaxText = 500

// TooLong is the rule of the issue that says a text was cut to MaxText.
const TooLong = "text_too_long"

// Clip cuts s to n characters, the last of them "…", on a character
// boundary, and says whether it cut; s of n characters or fewer is kept
// whole.
func Clip(s string, n int) (string, bool) {
	if len(s) <= n || utf8.RuneCountInString(s) <= n { // bytes are never fewer than characters
		return s, false
	}
	if n < 1 {
		return "", true
	}
	end := 0
	for range n - 1 {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	return s[:end] + "…", true
}

// Clipped is the message of the TooLong issue about a what ("label") of
// had characters that Clip cut to n. It says how long the text was, never
// what it said.
func Clipped(what string, had, n int) string {
	return fmt.Sprintf("the %s is %d characters long, more than any %s needs; the warehouse keeps its first %d characters and an ellipsis, %d in all",
		what, had, what, n-1, n)
}
