package shape

import (
	"strings"
	"testing"
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
