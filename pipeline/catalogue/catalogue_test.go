package catalogue

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// The embedded catalogue loads and passes its own checks, and every entry
// says where it comes from and why its polarity is what it is.
func TestBuiltin(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Indicators); got != 139 {
		t.Errorf("%d built-in indicators, want 139", got)
	}
	if got := len(c.Gaps); got != 22 {
		t.Errorf("%d built-in gaps, want 22", got)
	}
	if got := strings.Join(c.ThemeIDs(), ","); got != "children_in_need,looked_after,education,attendance_exclusions,send,workforce,other" {
		t.Errorf("themes %s", got)
	}
	for _, ind := range c.Indicators {
		if ind.Source == "" || ind.PolarityReason == "" || ind.Theme == "" {
			t.Errorf("%s (%s line %d): source, polarity_reason and theme are needed on a built-in", ind.ID, ind.At, ind.Line)
		}
		if ind.Origin != "built-in" || ind.At == "" || ind.Line == 0 {
			t.Errorf("%s: origin %q at %q line %d", ind.ID, ind.Origin, ind.At, ind.Line)
		}
	}
	if ind, ok := c.Indicator("rereferral_pct"); !ok || ind.LAITCode != 271 || ind.Polarity != "low" || ind.At != "children_in_need.yaml" {
		t.Errorf("rereferral_pct: %+v", ind)
	}
}

// The built-ins' LAIT codes and polarities agree with LAIT's data
// dictionary: a code names a LAIT measure, and the polarity is one LAIT
// gives under that code ("-" is none; LAIT lists a count and a percentage
// under one code, with different polarities).
func TestLAITCodes(t *testing.T) {
	path, _ := filepath.Abs("../../../shared/data/reference/lait_data_dictionary.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("LAIT's data dictionary not found at %s: skipping", path)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	polarities := map[int][]string{}
	for _, row := range rows[1:] {
		code, err := strconv.Atoi(row[0])
		if err != nil {
			continue
		}
		p := strings.ToLower(row[5])
		if p == "-" {
			p = "none"
		}
		polarities[code] = append(polarities[code], p)
	}
	coded := 0
	for _, ind := range MustBuiltin().Indicators {
		if ind.LAITCode == 0 {
			continue
		}
		coded++
		ps, ok := polarities[ind.LAITCode]
		switch {
		case !ok:
			t.Errorf("%s: lait_code %d is not in LAIT's data dictionary", ind.ID, ind.LAITCode)
		case !slices.Contains(ps, ind.Polarity):
			t.Errorf("%s: polarity %s, but LAIT's %d is %v", ind.ID, ind.Polarity, ind.LAITCode, ps)
		}
	}
	if coded < 15 {
		t.Errorf("only %d built-ins carry a LAIT code", coded)
	}
}

func TestParseUnknownKey(t *testing.T) {
	_, err := Parse("x.yaml", []byte("indicators:\n  - id: a\n    label: A\n    colour: red\n"), "built-in")
	if err == nil || !strings.Contains(err.Error(), "x.yaml") || !strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), "colour") {
		t.Errorf("err = %v", err)
	}
}

// load checks what it loads: a broken file is an error naming it and the
// line, never a catalogue with a silently missing entry.
func TestLoadChecks(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte("themes:\n  - {id: other, title: Other}\nindicators:\n  - {id: ok, label: OK, file: a.csv, measure: m, unit: count, polarity: none}\n")},
		"b.yaml": {Data: []byte("indicators:\n  - {id: ok, label: Again, file: b.csv, measure: m, unit: count, polarity: none}\n  - {id: bad, label: B, file: b.csv, measure: m, unit: percent, polarity: none, theme: sport}\ngaps:\n  - {id: g, label: G, group: ok, comparison: nobody}\n")},
	}
	_, err := load(fsys)
	for _, want := range []string{
		`b.yaml line 2: indicators: id "ok" is declared twice (also a.yaml line 4)`,
		`b.yaml line 3: indicators: bad: unit "percent" is not one of`,
		`b.yaml line 3: indicators: bad: theme "sport" is not one of other`,
		`b.yaml line 5: gaps: g: comparison "nobody" is not an indicator`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\ndoes not say %q", err, want)
		}
	}
	var p Problem
	if !errors.As(err, &p) {
		t.Errorf("the problems are not Problems: %T", err)
	}
}

func TestWith(t *testing.T) {
	c := MustBuiltin().With([]Indicator{
		{ID: "neet_pct", Label: "Mine", File: "x.csv", Measure: "m", Unit: "%", Polarity: "high"},
		{ID: "zz_new", Label: "New", File: "y.csv", Measure: "n", Unit: "count", Polarity: "none"},
	}, []Gap{{ID: "zz_gap", Label: "G", Group: "ks4_att8_fsm", Comparison: "ks4_att8_all"}})
	if len(c.Indicators) != len(MustBuiltin().Indicators)+1 || len(c.Gaps) != len(MustBuiltin().Gaps)+1 {
		t.Fatalf("%d indicators, %d gaps", len(c.Indicators), len(c.Gaps))
	}
	neet, _ := c.Indicator("neet_pct")
	if neet.Label != "Mine" || neet.Origin != "config" || neet.Theme != DefaultTheme {
		t.Errorf("override: %+v", neet)
	}
	if err := c.Check(); err != nil {
		t.Error(err)
	}
	if b, _ := MustBuiltin().Indicator("neet_pct"); b.Label == "Mine" {
		t.Error("With changed the built-in catalogue")
	}
}

// What `yardstick catalogue --format yaml` writes reads back as the same
// catalogue.
func TestYAMLRoundTrip(t *testing.T) {
	b := MustBuiltin()
	data, err := b.YAML()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("printed.yaml", data, "built-in")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Indicators) != len(b.Indicators) || len(back.Gaps) != len(b.Gaps) || len(back.Themes) != len(b.Themes) {
		t.Fatalf("read back %d/%d/%d", len(back.Indicators), len(back.Gaps), len(back.Themes))
	}
	for i, ind := range back.Indicators {
		want := b.Indicators[i]
		ind.At, ind.Line, want.At, want.Line = "", 0, "", 0
		if ind.ID != want.ID || ind.Label != want.Label || ind.LAITCode != want.LAITCode || ind.PolarityReason != want.PolarityReason ||
			ind.File != want.File || ind.Measure != want.Measure || len(ind.Where) != len(want.Where) || ind.RateOf != want.RateOf {
			t.Errorf("%s read back as %+v", want.ID, ind)
		}
	}
}

// An indicator's also entries take its file, measure and where for what
// they leave out; an entry that gives nothing, or also on an indicator
// without its own file and measure, is an error.
func TestAlso(t *testing.T) {
	c, err := Parse("x.yaml", []byte(`indicators:
  - id: turnover
    label: T
    file: "csww_*.csv"
    measure: turnover_rate_fte
    where: {a: b}
    also:
      - {measure: "turnover_rate_fte_%"}
      - {file: "SFR*.csv", measure: TO, where: {}}
    unit: "%"
    polarity: low
`), "config")
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(c.Indicators[0].Sources())
	if want := "[{csww_*.csv turnover_rate_fte map[a:b]} {csww_*.csv turnover_rate_fte_% map[a:b]} {SFR*.csv TO map[]}]"; got != want {
		t.Errorf("Sources() = %s, want %s", got, want)
	}
	bad, err := Parse("x.yaml", []byte(`indicators:
  - {id: r, label: R, rate_of: c, unit: rate, polarity: none, also: [{measure: m}]}
  - {id: c, label: C, file: a.csv, measure: m, unit: count, polarity: none, also: [{}, {file: "["}]}
`), "config")
	if err != nil {
		t.Fatal(err)
	}
	msg := fmt.Sprint(bad.Problems())
	for _, want := range []string{"r: also lists other places of a published figure: give the entry's own file and measure first",
		"c: also entry 1 gives no file, measure or where", `c: also entry 2: file "[" is not a valid glob`} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems lack %q: %s", want, msg)
		}
	}
}
