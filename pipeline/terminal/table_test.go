package terminal

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrite(t *testing.T) {
	tab := &Table{Columns: []Column{{Header: "Indicator"}, {Header: "Value", Right: true}, {Header: "Change"}}}
	tab.Heading("Children in need")
	tab.Row("Children in need at 31 March per 10,000 children", "343.1", "+1.4")
	tab.Row("Re-referrals within 12 months of a previous referral (%)", "", "-1.2pp better")
	tab.Row("Anextraordinarilylongwordthatdoesnotfit", "1,234", "")
	var b strings.Builder
	if err := tab.Write(&b, 42); err != nil {
		t.Fatal(err)
	}
	want := `Indicator             Value  Change
Children in need
Children in need at   343.1  +1.4
31 March per 10,000
children
Re-referrals within       –  -1.2pp better
12 months of a
previous referral
(%)
Anextraordinarilylon  1,234  –
gwordthatdoesnotfit
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if n := utf8.RuneCountInString(l); n > 42 {
			t.Errorf("a line of %d characters: %q", n, l)
		}
	}
	b.Reset()
	if err := tab.Write(&b, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Children in need at 31 March per 10,000 children  ") {
		t.Errorf("wide: %s", b.String())
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		f          float64
		unit, want string
		signed     string
	}{
		{402400, "count", "402,400", "+402,400"},
		{27.45, "%", "27.4%", "+27.4pp"},
		{-1.6, "%", "-1.6%", "-1.6pp"},
		{1234.56, "rate", "1,234.6", "+1,234.6"},
		{-0.04, "score", "0.0", "0.0 pts"},
		{1.2, "score", "1.2", "+1.2 pts"},
	}
	for _, tt := range tests {
		if got := Number(tt.f, tt.unit); got != tt.want {
			t.Errorf("Number(%v, %s) = %q, want %q", tt.f, tt.unit, got, tt.want)
		}
		if got := Signed(tt.f, tt.unit); got != tt.signed {
			t.Errorf("Signed(%v, %s) = %q, want %q", tt.f, tt.unit, got, tt.signed)
		}
	}
}
