package upn

import "testing"

func TestCheckLetter(t *testing.T) {
	tests := []struct {
		upn   string
		wrong bool
	}{
		{"A950000178301", false},
		{"H243278544154", false},
		{"X845212818005", false},
		{"R247962919251", true},  // the letter should be another
		{"X428558133462", true},  // likewise
		{"Z801200001001", true},  // the guide's example of a wrong letter: H is right
		{"H801200001001", false}, // 8x2+1x4+2x5+1x10+1x13 = 53, 53 mod 23 = 7: H
		{"G80120000101A", false}, // the guide's temporary UPN: A counts 0, so 52 mod 23 = 6: G
		{"A80120000101A", true},  // the same with the wrong letter
		{"G80120000101I", false}, // I is not a UPN letter: the format check's to report
		{"R325", false},          // not a UPN: the format check reports it
	}
	for _, tt := range tests {
		t.Run(tt.upn, func(t *testing.T) {
			if got := WrongCheckLetter(tt.upn); got != tt.wrong {
				t.Errorf("WrongCheckLetter(%s) = %v, want %v", tt.upn, got, tt.wrong)
			}
		})
	}
}

func TestFault(t *testing.T) {
	withLetter := func(u string) string {
		l, _ := CheckLetter(u)
		return string(l) + u[1:]
	}
	tests := []struct{ upn, fault string }{
		{withLetter("?80120000100"), "1540"},  // 12 characters
		{withLetter("?8012000010X1"), "1540"}, // a letter among 2 to 12
		{withLetter("?80120000101I"), "1550"}, // I ends no UPN
		{"Z801200001001", "1510"},             // the wrong check letter
		{withLetter("?421962919251"), "1530"}, // 421: no LA's code
		{withLetter("?999000000001"), "1530"}, // 999 neither
		{"R421962919251", "1510"},             // both: the first it breaks
		{withLetter("?801200001001"), ""},     // Bristol
		{withLetter("?003278544154"), ""},     // a pseudo LA code
		{withLetter("?942000000001"), ""},     // Cumberland, from 2023
		{withLetter("?681000000001"), ""},     // the top of a range
		{withLetter("?682000000001"), "1530"}, // one past it
		{withLetter("?80120000101A"), ""},     // a temporary UPN
	}
	for _, tt := range tests {
		t.Run(tt.upn, func(t *testing.T) {
			if got := Fault(tt.upn); got != tt.fault {
				t.Errorf("Fault(%s) = %q, want %q", tt.upn, got, tt.fault)
			}
		})
	}
}
