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
