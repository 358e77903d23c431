package terminal

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCount(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{Count(0, "input", "inputs"), "0 inputs"},
		{Count(1, "input", "inputs"), "1 input"},
		{Count(4, "input", "inputs"), "4 inputs"},
		{Count(int64(1010), "row", "rows"), "1,010 rows"},
		{Count(1, "data set", "data sets"), "1 data set"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestTableFits: a table whose other columns leave the wrapping column
// less than its minimum narrows them too, so no line passes the width;
// a long heading wraps.
func TestTableFits(t *testing.T) {
	tab := &Table{Columns: []Column{{Header: "THEME"}, {Header: "ID"}, {Header: "UNIT"}, {Header: "N", Right: true}, {Header: "FROM"}}, Wrap: 4}
	tab.Heading(strings.Repeat("a heading that goes on ", 8))
	tab.Row("attendance_and_exclusions_of_pupils", strings.Repeat("persistent_absence_", 4)+"pct", "%", "12", strings.Repeat("file*.csv measure ", 6))
	tab.Row("short", "id", "count", "1,234", "x.csv y")
	for _, width := range []int{120, 80, 60} {
		var b strings.Builder
		if err := tab.Write(&b, width); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Errorf("width %d: a line of %d characters: %q", width, n, l)
			}
		}
		if !strings.Contains(b.String(), "1,234") {
			t.Errorf("width %d: a number was cut:\n%s", width, b.String())
		}
	}
}

// TestHang: continuation lines are indented two spaces more than the
// first; no line passes the width, a path longer than it is cut.
func TestHang(t *testing.T) {
	var b strings.Builder
	text := "rejected  inputs/" + strings.Repeat("long_name_", 14) + ".csv: " + strings.Repeat("a reason of many words ", 10)
	if err := Hang(&b, text, 60); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "rejected") {
		t.Fatalf("got\n%s", b.String())
	}
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > 60 {
			t.Errorf("a line of %d characters: %q", n, l)
		}
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "   ") {
			t.Errorf("continuation not indented by two: %q", l)
		}
	}
	// the spaces that align a summary's words are kept on a line
	b.Reset()
	Hang(&b, "FETCH FAILED  gone (1111): the API has no data set with this id: check the id\tin the config", 50)
	if want := "FETCH FAILED  gone (1111): the API has no data set\n  with this id: check the id in the config\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	b.Reset()
	Hang(&b, "  indented item that is short", 60)
	if b.String() != "  indented item that is short\n" {
		t.Errorf("short: %q", b.String())
	}
}

// TestWidthOf: what is not a terminal is fitted to Width.
func TestWidthOf(t *testing.T) {
	if got := WidthOf(&bytes.Buffer{}); got != Width {
		t.Errorf("a buffer: %d", got)
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := WidthOf(NewWriter(f)); got != Width {
		t.Errorf("a file: %d", got)
	}
}
