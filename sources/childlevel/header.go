package childlevel

import (
	"strings"
	"unicode"
)

// Key normalises a header or element name for matching: case, spaces and
// punctuation do not matter ("Child Unique ID" = "child_unique_id").
func Key(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Index maps the keys of a header to their column positions (first wins).
func Index(header []string) map[string]int {
	m := make(map[string]int, len(header))
	for i, h := range header {
		k := Key(h)
		if _, dup := m[k]; !dup && k != "" {
			m[k] = i
		}
	}
	return m
}

// LA and YEAR columns a pooled file may carry, by key.
var (
	laKeys   = []string{"la", "lacode", "localauthority", "la_code", "oldlacode", "lea"}
	yearKeys = []string{"year", "collectionyear", "returnyear"}
)

// OriginColumns finds a header's LA and YEAR columns (-1 when absent).
func OriginColumns(idx map[string]int) (la, year int) {
	la, year = -1, -1
	for _, k := range laKeys {
		if i, ok := idx[Key(k)]; ok {
			la = i
			break
		}
	}
	for _, k := range yearKeys {
		if i, ok := idx[k]; ok {
			year = i
			break
		}
	}
	return la, year
}

// Cell is cells[i], or "" when the row is shorter or i < 0.
func Cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}
