package shape

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDescribe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"D051910639385", "a 13-character value of letters and digits"},
		{"12/03/2011", "a 10-character value of digits and other characters"},
		{"RND000471630058", "a 15-character value of letters and digits"},
		{"M", "a 1-character value of letters"},
		{"M32 0RS", "a 7-character value of letters, digits and spaces"},
		{"", "a 0-character value"},
		{"Zoë", "a 3-character value of letters"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Describe(tt.in)
			if got != tt.want {
				t.Errorf("Describe(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if tt.in != "" && strings.Contains(got, tt.in) && len(tt.in) > 1 {
				t.Errorf("the description repeats the value")
			}
		})
	}
}

func TestCap(t *testing.T) {
	long := strings.Repeat("x", 32803)
	got := Cap("value "+long, 100)
	if len([]rune(got)) > 140 || !strings.HasSuffix(got, "(32709 more characters)") {
		t.Errorf("Cap gave %d runes: ...%s", len([]rune(got)), got[len(got)-40:])
	}
	if Cap("short", 100) != "short" {
		t.Error("a short message was changed")
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
		cut      bool
	}{
		{"short", "Overall absence rate", 500, "Overall absence rate", false},
		{"exactly n", strings.Repeat("a", 500), 500, strings.Repeat("a", 500), false},
		{"n characters of more bytes", strings.Repeat("é", 500), 500, strings.Repeat("é", 500), false},
		{"one over", strings.Repeat("a", 501), 500, strings.Repeat("a", 499) + "…", true},
		{"multi-byte, cut on a character", strings.Repeat("ë", 300000), 500, strings.Repeat("ë", 499) + "…", true},
		{"mixed widths", "ab€€€€", 4, "ab€…", true},
		{"nothing kept", "abc", 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := Clip(tt.in, tt.n)
			if got != tt.want || cut != tt.cut {
				t.Errorf("Clip(%d characters, %d) = %d characters %q..., %v; want %d characters, %v",
					utf8.RuneCountInString(tt.in), tt.n, utf8.RuneCountInString(got), Cap(got, 10), cut, utf8.RuneCountInString(tt.want), tt.cut)
			}
			if n := utf8.RuneCountInString(got); n > tt.n || !utf8.ValidString(got) {
				t.Errorf("%d characters, valid UTF-8 %v", n, utf8.ValidString(got))
			}
		})
	}
}

func TestClipped(t *testing.T) {
	got := Clipped("label", 300000, 500)
	want := "the label is 300000 characters long, more than any label needs; the warehouse keeps its first 499 characters and an ellipsis, 500 in all"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
