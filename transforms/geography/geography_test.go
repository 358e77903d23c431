package geography

import (
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	r := NewResolver(Builtin())
	tests := []struct {
		name             string
		old, new, laName string
		want, wantHow    string
		ok               bool
	}{
		{"old code", "358", "E08000009", "Trafford", "358", "old_la_code", true},
		{"old code wins over a disagreeing new code", "815", "E10000023", "North Yorkshire", "815", "old_la_code", true},
		{"new code of a recoded LA", "", "E08000038", "Barnsley", "370", "new_la_code", true},
		{"old new code still known", "", "E08000016", "", "370", "new_la_code", true},
		{"name with City of suffix", "", "", "Bristol, City of", "801", "la_name", true},
		{"name in other order", "", "", "City of Bristol", "801", "la_name", true},
		{"name with punctuation", "", "", "St Helens", "342", "la_name", true},
		{"alias", "", "", "Bedford Borough", "822", "la_name", true},
		{"terminated LA by code", "909", "", "", "909", "old_la_code", true},
		{"unknown", "999", "E99999999", "Atlantis", "", "", false},
		{"empty", "", "", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how, ok := r.Resolve(tt.old, tt.new, tt.laName)
			if got != tt.want || how != tt.wantHow || ok != tt.ok {
				t.Errorf("Resolve(%q,%q,%q) = %q,%q,%v; want %q,%q,%v", tt.old, tt.new, tt.laName, got, how, ok, tt.want, tt.wantHow, tt.ok)
			}
		})
	}
}

func TestBuiltin(t *testing.T) {
	r := NewResolver(Builtin())
	live := 0
	regions := map[string]int{}
	seen := map[string]bool{}
	for _, la := range r.LAs() {
		if la.ValidTo == "" && !seen[la.Code] {
			seen[la.Code] = true
			live++
			regions[la.RegionCode]++
		}
	}
	if live != 153 {
		t.Errorf("live LAs = %d, want 153", live)
	}
	if regions[London] != 33 || regions["E12000002"] != 24 {
		t.Errorf("London %d (want 33), North West %d (want 24)", regions[London], regions["E12000002"])
	}
	if la, _ := r.Latest("815"); la.CodeNew != "E06000065" {
		t.Errorf("latest 815 = %+v, want the 2023 unitary", la)
	}
}

func TestRankingRegion(t *testing.T) {
	for in, want := range map[string]string{"E13000001": London, "E13000002": London, "E12000002": "E12000002"} {
		if got := RankingRegion(in); got != want {
			t.Errorf("RankingRegion(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestRegionCode(t *testing.T) {
	tests := []struct{ code, name, want string }{
		{"E12000007", "London", "E12000007"},
		{"E12000007", "Inner London", "E13000001"}, // the KS4 characteristics file's way
		{"E12000007", "outer london ", "E13000002"},
		{"E13000001", "Inner London", "E13000001"},
		{"E12000002", "Inner London", "E12000002"}, // only London's own code is split
	}
	for _, tt := range tests {
		if got := RegionCode(tt.code, tt.name); got != tt.want {
			t.Errorf("RegionCode(%q, %q) = %s, want %s", tt.code, tt.name, got, tt.want)
		}
	}
}

func TestResolveShared(t *testing.T) {
	r := NewResolver(Builtin())
	tests := []struct {
		name             string
		old, new, laName string
		want             []string
		unresolved       int
	}{
		{"workforce file's Kingston and Richmond", "314 / 318", "E09000021 / E09000027", "Kingston upon Thames / Richmond upon Thames", []string{"314", "318"}, 0},
		{"Northamptonshire's two unitaries", "940 / 941", "E06000061 / E06000062", "North Northamptonshire / West Northamptonshire", []string{"940", "941"}, 0},
		{"names only", "", "", "Kingston upon Thames / Richmond upon Thames", []string{"314", "318"}, 0},
		{"no spaces round the slash", "314/318", "", "", []string{"314", "318"}, 0},
		{"second part unknown", "314 / 999", "", "", nil, 2},
		{"one LA is not shared", "358", "E08000009", "Trafford", nil, 0},
		{"the same LA twice", "358 / 358", "", "", nil, 0},
		{"blank", "", "", "", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, unresolved, ok := r.ResolveShared(tt.old, tt.new, tt.laName)
			if ok != (tt.want != nil) || unresolved != tt.unresolved || strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("ResolveShared(%q,%q,%q) = %v, %d, %v; want %v, %d", tt.old, tt.new, tt.laName, got, unresolved, ok, tt.want, tt.unresolved)
			}
		})
	}
}

func TestNearest(t *testing.T) {
	r := NewResolver(Builtin())
	tests := []struct{ typed, want string }{
		{"Traford", "Trafford"},
		{"manchestr", "Manchester"},
		{"Kingston upon Hul", "Kingston upon Hull, City of"},
		{"Atlantis", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			la, ok := r.Nearest(tt.typed)
			if la.Name != tt.want || ok != (tt.want != "") {
				t.Errorf("Nearest(%q) = %q, %v; want %q", tt.typed, la.Name, ok, tt.want)
			}
		})
	}
}
