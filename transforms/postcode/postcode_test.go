package postcode

import "testing"

func TestOutward(t *testing.T) {
	tests := []struct{ in, want string }{
		{"EG19 7TT", "EG19"},
		{"wv27 9fw", "WV27"},
		{"M320TH", "M32"},
		{"E7 5YR", "E7"},
		{"SW1A 1AA", "SW1A"},
		{" B15  8PZ ", "B15"},
		{"M32", "M32"},
		{"nope", ""},
		{"12345", ""},
		{"T28 2WBX", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Outward(tt.in)
			if got != tt.want || (err != nil) != (tt.want == "") {
				t.Fatalf("Outward(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}
