package ees

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

type obs struct {
	row                          int64
	period, level, code, brk, ms string
	year                         int32
	value                        float64
	valid                        bool
	symbol                       string
}

type collect struct{ rows []obs }

// collectObs turns what the reader wrote into observations.
func collectObs(t tables) *collect {
	c := &collect{}
	for _, r := range t.observations() {
		row, _ := strconv.ParseInt(r["source_row"], 10, 64)
		year, _ := strconv.ParseInt(r["year"], 10, 32)
		o := obs{row: row, period: r["period"], year: int32(year), level: r["geographic_level"], code: r["geo_code"],
			brk: r["breakdown"], ms: r["measure"], symbol: r["symbol"]}
		o.value, o.valid = num(r["value"])
		c.rows = append(c.rows, o)
	}
	return c
}

func read(t *testing.T, file string) (*collect, *sources.Issues, error) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer alloc.AssertSize(t, 0)
	env := &sources.Env{File: file, Geography: geography.NewResolver(geography.Builtin()), Alloc: alloc, BatchRows: 3, Issues: &sources.Issues{}}
	w := tables{}
	_, err := New().Read(context.Background(), filepath.Join("testdata", file), env, w)
	return collectObs(w), env.Issues, err
}

func TestRead(t *testing.T) {
	c, issues, err := read(t, "good.csv")
	if err != nil {
		t.Fatal(err)
	}
	// 11 data rows x 2 measures (count, rate_percent); category is a filter.
	if len(c.rows) != 22 {
		t.Fatalf("got %d observations, want 22", len(c.rows))
	}
	find := func(row int64, measure string) obs {
		for _, o := range c.rows {
			if o.row == row && o.ms == measure {
				return o
			}
		}
		t.Fatalf("no observation for row %d %s", row, measure)
		return obs{}
	}
	tests := []struct {
		name    string
		row     int64
		measure string
		want    obs
	}{
		{"national number", 2, "rate_percent", obs{level: "national", code: "E92000001", value: 24.5, valid: true, period: "2025", year: 2025}},
		{"inner london regional row keeps E13", 3, "count", obs{level: "regional", code: "E13000001", symbol: "c", period: "2025", year: 2025}},
		{"la symbol z", 4, "rate_percent", obs{level: "la", code: "202", symbol: "z", period: "2025", year: 2025}},
		{"resolved by name, academic year", 5, "count", obs{level: "la", code: "801", value: 12, valid: true, period: "2018/19", year: 2019}},
		{"bad cell is NULL without symbol", 5, "rate_percent", obs{level: "la", code: "801", period: "2018/19", year: 2019}},
		{"district row kept with its own code", 6, "rate_percent", obs{level: "lad", code: "E07000001", symbol: "low", period: "2025", year: 2025}},
		{"blank cell", 6, "count", obs{level: "lad", code: "E07000001", period: "2025", year: 2025}},
		{"unknown LA keeps raw code", 7, "count", obs{level: "la", code: "999", value: 5, valid: true, period: "2025", year: 2025}},
		{"float artefact", 8, "rate_percent", obs{level: "la", code: "358", value: 72.1, valid: true, period: "2025", year: 2025}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := find(tt.row, tt.measure)
			tt.want.row, tt.want.ms, tt.want.brk = tt.row, tt.measure, `{"category":"Children in Need"}`
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	var rules []string
	for _, i := range issues.List {
		rules = append(rules, i.Rule+"@"+i.Column)
		if i.File != "good.csv" || i.Row == 0 {
			t.Errorf("issue without place: %+v", i)
		}
	}
	if got := strings.Join(rules, " "); got != "not_a_value@rate_percent unknown_la@old_la_code" {
		t.Errorf("issues = %s", got)
	}
}

func TestReject(t *testing.T) {
	for file, want := range map[string]string{
		"ragged.csv": "row 3 has 6 fields but the header has 5",
		"latin1.csv": "row 2 column 5 is not UTF-8",
	} {
		t.Run(file, func(t *testing.T) {
			_, _, err := read(t, file)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want %q", err, want)
			}
		})
	}
}

func TestRecognise(t *testing.T) {
	tests := []struct {
		header []string
		ees    bool
		pop    bool
	}{
		{[]string{"time_period", "time_identifier", "geographic_level", "country_code", "x"}, true, false},
		{[]string{"time_period", "time_identifier", "geographic_level", "country_code", "age_group", "population_estimate"}, true, true},
		{[]string{"new_la_code", "la_name"}, false, false},
	}
	for _, tt := range tests {
		s := &sources.Sample{Path: "f.csv", Header: tt.header}
		if New().Recognise(s) != tt.ees || NewPopulation().Recognise(s) != tt.pop {
			t.Errorf("Recognise(%v) wrong", tt.header)
		}
	}
}

// With its .meta.csv, a file's filters and measures are the metadata's: a
// numeric code described as a filter stays a filter, a column it does not
// describe is neither, and the note says so. A metadata file that does not
// fit is reported and the cells decide.
func TestReadWithMeta(t *testing.T) {
	readWith := func(t *testing.T, meta string) (*collect, *sources.Env, error) {
		t.Helper()
		env := &sources.Env{File: "described.csv", Geography: geography.NewResolver(geography.Builtin()), Alloc: memory.NewGoAllocator(),
			BatchRows: 2, Issues: &sources.Issues{}, MetaFile: meta}
		w := tables{}
		_, err := New().Read(context.Background(), "testdata/described.csv", env, w)
		return collectObs(w), env, err
	}
	measures := func(c *collect) string {
		seen := map[string]bool{}
		var out []string
		for _, o := range c.rows {
			if !seen[o.ms] {
				seen[o.ms] = true
				out = append(out, o.ms)
			}
		}
		return strings.Join(out, " ")
	}
	t.Run("fits", func(t *testing.T) {
		c, env, err := readWith(t, "testdata/described.meta.csv")
		if err != nil {
			t.Fatal(err)
		}
		if got := measures(c); got != "enrolments absence_rate" {
			t.Errorf("measures %q", got)
		}
		if len(c.rows) != 6 || c.rows[0].brk != `{"phase_code":"1"}` || c.rows[3].symbol != "." {
			t.Errorf("rows %+v", c.rows)
		}
		if len(env.Issues.List) != 0 {
			t.Errorf("issues %+v", env.Issues.List)
		}
		if env.Note != "filters and measures from described.meta.csv; columns it does not describe, neither filter nor measure: academy_open_date" {
			t.Errorf("note %q", env.Note)
		}
	})
	t.Run("without it the cells decide", func(t *testing.T) {
		c, _, err := readWith(t, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := measures(c); got != "phase_code enrolments absence_rate" {
			t.Errorf("measures %q", got)
		}
	})
	t.Run("does not fit", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "described.meta.csv")
		if err := os.WriteFile(p, []byte("col_name,col_type,label\nenrolments,Indicator,Pupils\nsessions,Indicator,Sessions\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		c, env, err := readWith(t, p)
		if err != nil {
			t.Fatal(err)
		}
		if got := measures(c); got != "phase_code enrolments absence_rate" {
			t.Errorf("measures %q", got)
		}
		if len(env.Issues.List) != 1 || env.Issues.List[0].Rule != "ees_meta_mismatch" ||
			!strings.Contains(env.Issues.List[0].Message, "does not have (sessions)") {
			t.Errorf("issues %+v", env.Issues.List)
		}
	})
	t.Run("unreadable", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "described.meta.csv")
		if err := os.WriteFile(p, []byte("col_name,col_type\nenrolments,Measure\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, env, err := readWith(t, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(env.Issues.List) != 1 || env.Issues.List[0].Rule != "ees_meta_unusable" {
			t.Errorf("issues %+v", env.Issues.List)
		}
	})
}

// A pre-EES release table: geog_l/geog_c/geog_n rows, the year from the
// file name, measures named without it; a row without its level but with
// an LA code is an LA, reported.
func TestReadLegacy(t *testing.T) {
	env := &sources.Env{File: "SFR20_CLA2019.csv", Geography: geography.NewResolver(geography.Builtin()), Alloc: memory.NewGoAllocator(),
		BatchRows: 2, Issues: &sources.Issues{}}
	w := tables{}
	if _, err := NewLegacy().Read(context.Background(), "testdata/SFR20_CLA2019.csv", env, w); err != nil {
		t.Fatal(err)
	}
	c := collectObs(w)
	var got []string
	for _, o := range c.rows {
		v := o.symbol
		if o.valid {
			v = strconv.FormatFloat(o.value, 'f', -1, 64)
		}
		got = append(got, fmt.Sprintf("%d %s %s %s %s=%s", o.row, o.period, o.level, o.code, o.ms, v))
	}
	want := "2 2019 national E92000001 CLA_Mar=78150|2 2019 national E92000001 CLA_UASC=x|" +
		"3 2019 regional E12000002 CLA_Mar=14000|3 2019 regional E12000002 CLA_UASC=200|" +
		"4 2019 la 358 CLA_Mar=390|4 2019 la 358 CLA_UASC=8|" +
		"5 2019 la 420 CLA_Mar=0|5 2019 la 420 CLA_UASC=0"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
	if len(env.Issues.List) != 1 || env.Issues.List[0].Rule != "level_inferred" || env.Issues.List[0].Row != 5 || env.Issues.List[0].Column != "geog_l" {
		t.Errorf("issues %+v", env.Issues.List)
	}
	if env.Note != "a pre-EES release table: period 2019 (the year in its file name); 1 measure named without the year, e.g. CLA_Mar2019 as CLA_Mar" {
		t.Errorf("note %q", env.Note)
	}
	if !NewLegacy().Recognise(&sources.Sample{Path: "x.csv", Header: []string{"LA_order", "GEOG_L", "geog_c", "geog_n"}}) ||
		NewLegacy().Recognise(&sources.Sample{Path: "x.csv", Header: []string{"time_period", "geog_l"}}) {
		t.Error("Recognise")
	}
	// no year in its name: rejected, saying how to name it
	p := filepath.Join(t.TempDir(), "cla_release.csv")
	b, _ := os.ReadFile("testdata/SFR20_CLA2019.csv")
	os.WriteFile(p, b, 0o644)
	_, err := NewLegacy().Read(context.Background(), p, &sources.Env{File: p, Geography: env.Geography, Alloc: memory.NewGoAllocator(), Issues: &sources.Issues{}}, tables{})
	if err == nil || !strings.Contains(err.Error(), "name the file with the year") {
		t.Errorf("got %v", err)
	}
}
