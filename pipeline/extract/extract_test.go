package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1", "'+1"},
		{"-1+2", "'-1+2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"Trafford", "Trafford"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int64]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th",
		21: "21st", 22: "22nd", 23: "23rd", 101: "101st", 111: "111th", 112: "112th", 153: "153rd"} {
		if got := Ordinal(n); got != want {
			t.Errorf("Ordinal(%d) = %q, want %q", n, got, want)
		}
	}
	if got := RegionalPosition(2, 24, "North West"); got != "2nd of 24 in North West" {
		t.Errorf("RegionalPosition = %q", got)
	}
}

func TestFileNames(t *testing.T) {
	l := la{Code: "867", Name: "Bracknell Forest"}
	for format, want := range map[string]string{
		"xlsx": "out/867_bracknell_forest_benchmarks.xlsx",
		"csv":  "out/867_bracknell_forest_la_benchmark.csv",
	} {
		if got := l.paths("out", format)[0]; got != want {
			t.Errorf("%s: %s, want %s", format, got, want)
		}
	}
	for name, want := range map[string]string{"Bristol, City of": "bristol_city_of", "St. Helens": "st_helens", "Kingston upon Hull, City of": "kingston_upon_hull_city_of"} {
		if got := slug(name); got != want {
			t.Errorf("slug(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestLongLAName: an LA name of 300 characters gives file names a
// filesystem takes (it made every extract fail: "file name too long"),
// cut at a word, the code before them; a name with no letters still names
// a file.
func TestLongLAName(t *testing.T) {
	long := strings.Repeat("Borough Council of the Royal ", 11)[:300]
	tests := []struct{ name, in, want string }{
		{"300 characters, cut at a word", long, "borough_council_of_the_royal_borough_council_of_the_royal"},
		{"one word longer than the cap", strings.Repeat("x", 300), strings.Repeat("x", maxSlug)},
		{"a word ends at the cap", strings.Repeat("a", 30) + " " + strings.Repeat("b", 29) + " more", strings.Repeat("a", 30) + "_" + strings.Repeat("b", 29)},
		{"short names are as they were", "Bracknell Forest", "bracknell_forest"},
		{"no letters or digits", "—«»", "la"},
		{"empty", "", "la"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slug(tt.in)
			if got != tt.want {
				t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if len(got) > maxSlug || got == "" || strings.HasSuffix(got, "_") {
				t.Errorf("slug %q: longer than %d, empty or ending in _", got, maxSlug)
			}
		})
	}
	t.Run("every format's files can be written", func(t *testing.T) {
		dir := t.TempDir()
		l := la{Code: "999", Name: long}
		for _, format := range []string{"xlsx", "csv", "html"} {
			for _, p := range l.paths(dir, format) {
				if !strings.HasPrefix(filepath.Base(p), "999_borough_council_of_the_royal_") {
					t.Errorf("%s: %s", format, p)
				}
				// as written: under the temporary name, then renamed
				if err := os.WriteFile(tempPath(p), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(tempPath(p), p); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
