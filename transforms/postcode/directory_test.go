package postcode

import "testing"

func TestDirectory(t *testing.T) {
	d := NewDirectory()
	d.Add("M32 0TH", "E08000009", 378000, 396000, true)
	d.Add("M1 1AA", "E08000003", 384000, 398000, true)
	d.Add("CF10 1AA", "WAL", 318000, 176000, true)
	d.Add("ZZ9 9ZZ", "E08000003", 0, 0, false)
	tests := []struct {
		from, to string
		miles    float64
		ok       bool
	}{
		// sqrt(6000² + 2000²) = 6324.6 m = 3.93 miles
		{"M32 0TH", "M1 1AA", 3.9, true},
		{"m320th", " M1  1AA ", 3.9, true}, // case and spaces do not matter
		{"M1 1AA", "M1 1AA", 0, true},
		{"M1 1AA", "ZZ9 9ZZ", 0, false}, // no grid reference
		{"M1 1AA", "SW1A 1AA", 0, false},
		// sqrt(66000² + 222000²) = 231603 m = 143.9 miles
		{"M1 1AA", "CF10 1AA", 143.9, true},
	}
	for _, tt := range tests {
		t.Run(tt.from+" to "+tt.to, func(t *testing.T) {
			miles, ok := d.Miles(tt.from, tt.to)
			if miles != tt.miles || ok != tt.ok {
				t.Errorf("Miles = %v, %v; want %v, %v", miles, ok, tt.miles, tt.ok)
			}
		})
	}
	if got := d.LA("cf101aa"); got != "WAL" {
		t.Errorf("LA = %q, want WAL", got)
	}
	if got := d.LA("SW1A 1AA"); got != "" {
		t.Errorf("LA of a postcode not held = %q", got)
	}
	var none *Directory
	if _, ok := none.Miles("M1 1AA", "M1 1AA"); ok || none.LA("M1 1AA") != "" {
		t.Error("a nil directory holds nothing")
	}
}
