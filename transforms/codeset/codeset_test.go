package codeset

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		set, code string
		year      int
		ok        bool
		reason    string
	}{
		{"PLACE", "K3", 2025, true, ""},
		{"PLACE", "K3", 2024, false, "only from the 2025"},
		{"PLACE", "H5", 2024, true, ""},
		{"PLACE", "H5", 2025, false, "withdrawn after the 2024"},
		{"PLACE", "P2", 2025, false, "withdrawn"},
		{"PLACE", "Z12", 2026, true, ""},
		{"PLACE", "Z12", 2025, false, "only from the 2026"},
		{"SEX", "1", 2023, true, ""},
		{"SEX", "1", 2024, false, "withdrawn"},
		{"SEX", "M", 2024, true, ""},
		{"SEX", "M", 2023, false, "only from"},
		{"ACTIV", "F3", 2021, true, ""},
		{"ACTIV", "F3", 2022, false, "withdrawn"},
		{"ACTIV", "F4", 2022, true, ""},
		{"ACTIV", "P5", 2021, false, "only from"},
		{"LS", "ZZ", 2020, false, "a 2-character value of letters is not a code of LS"},
		{"ETHNIC", "D051910639385", 2025, false, "a 13-character value of letters and digits is not a code of ETHNIC"},
		{"PLACE", "k3", 2025, true, ""},
		{"LS", "C2", 0, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.set+"/"+tt.code, func(t *testing.T) {
			got := Check(tt.set, tt.code, tt.year)
			if (got == "") != tt.ok || !strings.Contains(got, tt.reason) {
				t.Fatalf("Check(%s, %s, %d) = %q; want ok=%v containing %q", tt.set, tt.code, tt.year, got, tt.ok, tt.reason)
			}
		})
	}
}

func TestNormalise(t *testing.T) {
	tests := []struct {
		set, label string
		year       int
		want       string
		ok         bool
	}{
		{"ETHNIC", "a) WBRI", 2024, "WBRI", true},
		{"ETHNIC", "k) APKN", 2024, "APKN", true},
		{"SEX", "a) Male", 2024, "M", true},
		{"SEX", "b) Female", 2024, "F", true},
		{"SEX", "Female", 2024, "F", true},
		{"SEX", "1 - Male", 2024, "M", true},
		{"SEX", "M", 2024, "M", true},
		{"SEX", "c) Not stated/recorded", 2024, "U", true},
		{"SEX", "Male", 2020, "1", true},
		{"REFERRAL_SOURCE", "q) 6: Police", 2024, "6", true},
		{"REFERRAL_SOURCE", "b) 1B: Individual", 2024, "1B", true},
		{"LS", "E1: Placement order", 2024, "E1", true},
		{"PLACE", "f) U6: Foster placement - not FFA", 2024, "U6", true},
		{"PLACE_PROVIDER", "e) PR4 - Private provision", 2024, "PR4", true},
		{"CIN", "N1 - Abuse or Neglect", 2024, "N1", true},
		{"CATEGORY_OF_ABUSE", "Physical abuse", 2024, "PHY", true},
		{"YES_NO", "b) No", 2024, "0", true},
		{"CIN", "PSRMEM - Support with memory and cognition", 2024, "PSRMEM - Support with memory and cognition", false},
	}
	for _, tt := range tests {
		t.Run(tt.set+"/"+tt.label, func(t *testing.T) {
			got, ok := Normalise(tt.set, tt.label, tt.year)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("Normalise(%s, %q, %d) = %q, %v; want %q, %v", tt.set, tt.label, tt.year, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestData(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range All() {
		k := c.Set + "/" + c.Code
		if seen[k] {
			t.Errorf("%s appears twice", k)
		}
		seen[k] = true
		if c.Meaning == "" {
			t.Errorf("%s has no meaning", k)
		}
		if c.FromYear != 0 && c.ToYear != 0 && c.FromYear > c.ToYear {
			t.Errorf("%s: from %d after to %d", k, c.FromYear, c.ToYear)
		}
	}
	for _, s := range []string{"LS", "RNE", "CIN", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE", "IN_TOUCH", "ACTIV", "ACCOM", "SEX", "ETHNIC", "UASC", "UPN_UNKNOWN"} {
		if !Has(s) {
			t.Errorf("code set %s missing", s)
		}
	}
}
