package period

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in    string
		label string
		year  int
		bad   bool
	}{
		{"2025", "2025", 2025, false},
		{"201819", "2018/19", 2019, false},
		{"199900", "1999/00", 2000, false},
		{"202425", "2024/25", 2025, false},
		{"201820", "", 0, true},
		{"25", "", 0, true},
		{"20x5", "", 0, true},
		{"", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := Parse(tt.in)
			if tt.bad {
				if err == nil {
					t.Fatalf("Parse(%q) = %+v, want error", tt.in, p)
				}
				return
			}
			if err != nil || p.Label != tt.label || p.Year != tt.year {
				t.Errorf("Parse(%q) = %+v, %v; want %s %d", tt.in, p, err, tt.label, tt.year)
			}
		})
	}
}

func TestWithIdentifier(t *testing.T) {
	tests := []struct {
		tp, ti, label string
		year          int
		err           bool
	}{
		{"2025", "Week 29", "2025 week 29", 2025, false},
		{"2025", "week 8", "2025 week 08", 2025, false},
		{"2025", "Reporting year", "2025", 2025, false},
		{"202425", "Academic year", "2024/25", 2025, false},
		{"2025", "Week 60", "", 0, true},
		{"20x5", "Week 1", "", 0, true},
	}
	for _, tt := range tests {
		p, err := WithIdentifier(tt.tp, tt.ti)
		if (err != nil) != tt.err || p.Label != tt.label || p.Year != tt.year {
			t.Errorf("WithIdentifier(%q, %q) = %+v, %v", tt.tp, tt.ti, p, err)
		}
	}
}
