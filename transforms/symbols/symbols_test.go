package symbols

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Cell
		bad  bool
	}{
		{"24.5", Cell{Value: 24.5, Number: true}, false},
		{" 61840 ", Cell{Value: 61840, Number: true}, false},
		{"-0.4", Cell{Value: -0.4, Number: true}, false},
		{"72.099999999999994", Cell{Value: 72.1, Number: true}, false},
		{"1e3", Cell{Value: 1000, Number: true}, false},
		// float artefacts are the published figure, so equal figures tie
		{"99.100000000000009", Cell{Value: 99.1, Number: true}, false},
		{"85.700000000000", Cell{Value: 85.7, Number: true}, false},
		{"0.30000000000000004", Cell{Value: 0.3, Number: true}, false},
		{"-14.299999999999997", Cell{Value: -14.3, Number: true}, false},
		{"36.799999999999997", Cell{Value: 36.8, Number: true}, false},
		// real digits are kept, up to 15 significant
		{"5.193840549", Cell{Value: 5.193840549, Number: true}, false},
		{"0.000123456789012345", Cell{Value: 0.000123456789012345, Number: true}, false},
		{"123456789012345", Cell{Value: 123456789012345, Number: true}, false},
		{"12183016", Cell{Value: 12183016, Number: true}, false},
		{"c", Cell{Symbol: "c"}, false},
		{"x", Cell{Symbol: "x"}, false},
		{"z", Cell{Symbol: "z"}, false},
		{"LOW", Cell{Symbol: "low"}, false},
		{"k", Cell{Symbol: "k"}, false},
		{"u", Cell{Symbol: "u"}, false},
		{":", Cell{Symbol: ":"}, false},
		{"~", Cell{Symbol: "~"}, false},
		{"", Cell{Blank: true}, false},
		{"   ", Cell{Blank: true}, false},
		{"NaN", Cell{}, true},
		{"Inf", Cell{}, true},
		{"0x10", Cell{}, true},
		{"1,234", Cell{}, true},
		{"twelve", Cell{}, true},
		{"-", Cell{Symbol: "-"}, false},
		{"e", Cell{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.bad {
				var nv *ErrNotValue
				if !errors.As(err, &nv) {
					t.Fatalf("Parse(%q) error = %v, want ErrNotValue", tt.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSymbolNeverZero(t *testing.T) {
	for _, s := range Table {
		c, err := Parse(s.Code)
		if err != nil || c.Number || c.Value != 0 || c.Symbol != s.Code {
			t.Errorf("symbol %q parsed as %+v, %v", s.Code, c, err)
		}
	}
}
