package extract

import "testing"

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

func TestFirstRows(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.xml|1;a.xml|2;a.xml|5", "a.xml rows 1, 2, 5"},
		{"a.xml|0", "a.xml header"},
		{"a.xml|all", "a.xml (the whole return)"},
		{"a.csv|3;b.csv|4;b.csv|9", "a.csv row 3; b.csv rows 4, 9"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := firstRows(tt.in); got != tt.want {
			t.Errorf("firstRows(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
