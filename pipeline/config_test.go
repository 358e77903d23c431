package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/pipeline/catalogue"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error; none means valid
	}{
		{"defaults", "inputs: [data]\n", nil},
		{"unknown top-level key names its line", "inputs: [data]\nwarehose: x.duckdb\n", []string{"line 2", "warehose"}},
		{"unknown indicator key", "inputs: [data]\nindicators:\n  - id: a\n    label: A\n    file: a.csv\n    measure: m\n    unit: count\n    polarity: none\n    colour: red\n", []string{"line 9", "colour"}},
		{"missing fields", "inputs: [data]\nindicators:\n  - id: a_b\n    label: A\n", []string{"line 3", "a_b: file is missing", "a_b: measure is missing", "a_b: unit is missing", "a_b: polarity is missing"}},
		{"invalid values", "inputs: [data]\nindicators:\n  - id: Bad-Id\n    label: A\n    file: \"[\"\n    measure: m\n    unit: percent\n    polarity: up\n", []string{"line 3", "lower snake_case", "not a valid glob", `unit "percent" is not one of count, %, rate, score, value`, `polarity "up" is not one of high, low, none`}},
		{"duplicate id", "inputs: [data]\nindicators:\n  - {id: a, label: A, file: a.csv, measure: m, unit: count, polarity: none}\n  - {id: a, label: A, file: a.csv, measure: m, unit: count, polarity: none}\n", []string{"line 4", `"a" is declared twice (also line 3)`}},
		{"no inputs", "warehouse: w.duckdb\n", []string{"inputs: at least one"}},
		// as_at for all returns or per input (issue 24)
		{"as_at on an input", "inputs:\n  - data\n  - {path: returns/2024-25, as_at: 2024-09-30}\nas_at: 2025-03-31\n", nil},
		{"as_at not a date", "inputs:\n  - {path: returns, as_at: 30/09/2024}\n", []string{"line 2: as_at: as_at must be a date written YYYY-MM-DD"}},
		{"unknown key in an input", "inputs:\n  - {path: returns, as_of: 2024-09-30}\n", []string{"line 2: as_of: unknown key; the keys here are as_at, path"}},
		{"an input with no path", "inputs:\n  - {as_at: 2024-09-30}\n", []string{"line 2: inputs: an entry has no path"}},
		{"as_at for all returns out of range", "inputs: [data]\nas_at: 1924-09-30\n", []string{"as_at 1924-09-30 is not a date a return could reach"}},
		// YAML errors read FILE line N: key: message (issue 18)
		{"unknown top-level key", "inputz: [data]\n", []string{"yardstick.yaml line 1: inputz: unknown key; the keys here are as_at, collection_year, extracts,"}},
		{"unknown key in an extract", "inputs: [data]\nextracts:\n  - {la: \"358\", formatz: [csv]}\n", []string{"line 3: formatz: unknown key; the keys here are formats, la, out"}},
		{"a list given as text", "inputs: data\n", []string{"line 1: inputs: expected a list (- item per line, or [a, b]), got text \"data\""}},
		{"a number given as text", "inputs: [data]\ncollection_year: soon\n", []string{"line 2: collection_year: expected a whole number, got text \"soon\""}},
		{"empty", "# nothing yet\n", []string{"yardstick.yaml is empty: a minimal config names the inputs", "inputs:\n    - inbox"}},
		{"headline of known ids", "inputs: [data]\nheadline: [cin_rate_per_10k, ks4_att8_fsm_gap]\n", nil},
		{"headline of unknown ids", "inputs: [data]\nheadline: [cin_rate, cin_rate_per_10k, cin_rate_per_10k]\n", []string{`headline: "cin_rate" is not an indicator or gap id`, `"cin_rate_per_10k" is listed twice`}},
		{"label and unit left to the file's EES metadata", "inputs: [data]\nindicators:\n  - {id: a, file: a.csv, measure: m, polarity: none}\n", nil},
		{"gap on built-in indicators", "inputs: [data]\ngaps:\n  - {id: my_gap, label: Mine, group: ks4_att8_cla, comparison: ks4_att8_all}\n", nil},
		{"gap on a declared indicator", "inputs: [data]\nindicators:\n  - {id: a, label: A, file: a.csv, measure: m, unit: score, polarity: high}\ngaps:\n  - {id: g, label: G, group: a, comparison: ks4_att8_all}\n", nil},
		{"gap naming unknown indicators", "inputs: [data]\ngaps:\n  - id: g\n    label: G\n    group: ks4_att8_nobody\n    comparison: \"\"\n", []string{"line 3", `g: group "ks4_att8_nobody" is not an indicator`, "g: comparison is missing"}},
		{"gap across units", "inputs: [data]\ngaps:\n  - {id: g, label: G, group: ks4_att8_fsm, comparison: ks4_basics_4plus_not_fsm}\n", []string{"line 3", "a gap needs the same unit on both sides"}},
		{"gap unknown key", "inputs: [data]\ngaps:\n  - {id: g, label: G, group: ks4_att8_fsm, comparison: ks4_att8_not_fsm, polarity: low}\n", []string{"line 3", "polarity"}},
		{"not yaml", "inputs: [\n", []string{"yardstick.yaml"}},
		{"schedule, zone and extracts", "inputs: [data]\nschedule: \"@every 10m\"\ntimezone: Europe/London\nextracts:\n  - {la: \"358\", formats: [xlsx, csv, parquet], out: ex}\n", nil},
		{"bad schedule", "inputs: [data]\nschedule: \"every night\"\n", []string{`schedule "every night"`, "five cron fields"}},
		{"bad time zone", "inputs: [data]\ntimezone: Europe/Londinium\n", []string{`timezone "Europe/Londinium"`}},
		{"bad extracts", "inputs: [data]\nextracts:\n  - {la: \"999\"}\n  - {la: \"358\", formats: [pdf]}\n  - {formats: [csv]}\n", []string{"line 3", `la "999" is not an LA code`, "line 4", `format "pdf" is not one of xlsx, csv, parquet`, "line 5", "la is missing"}},
		{"a built-in entry copied in, with its catalogue fields", "inputs: [data]\nindicators:\n  - id: rereferral_pct\n    label: Re-referrals (%)\n    file: \"c1_*.csv\"\n    measure: rereferral_percent\n    unit: \"%\"\n    polarity: low\n    polarity_reason: a re-referral suggests the first response did not hold\n    lait_code: 271\n    theme: children_in_need\n    source: DfE table C1\n", nil},
		{"a rate needs no file", "inputs: [data]\nindicators:\n  - {id: my_rate, label: R, rate_of: cin_at_31_march, unit: rate, polarity: none}\n", nil},
		{"a rate of what is not a count", "inputs: [data]\nindicators:\n  - {id: my_rate, label: R, rate_of: rereferral_pct, unit: rate, polarity: none}\n  - {id: r2, label: R, rate_of: nothing, unit: rate, polarity: none}\n", []string{"line 3", `rate_of "rereferral_pct" is in %`, "line 4", `rate_of "nothing" is not an indicator`}},
		{"a share with its numerator and denominator", "inputs: [data]\nindicators:\n  - {id: a, label: A, file: a.csv, measure: pct, numerator: n, denominator: d, unit: \"%\", polarity: low}\n", nil},
		{"numerator and denominator wrong", "inputs: [data]\nindicators:\n  - {id: a, label: A, file: a.csv, measure: pct, numerator: n, unit: \"%\", polarity: low}\n  - {id: b, label: B, file: a.csv, measure: s, numerator: n, denominator: d, unit: score, polarity: high}\n  - {id: c, label: C, computed_by: stage_own_indicator.sql, numerator: n, denominator: d, unit: \"%\", polarity: high}\n  - {id: e, label: E, file: a.csv, measure: pct, numerator: n, denominator: n, unit: \"%\", polarity: low}\n",
			[]string{"line 3", `a: numerator "n" is given without a denominator`, "line 4", "b: numerator and denominator give a confidence interval to a share (unit %) or a rate (unit rate), not to unit score", "line 5", "c: numerator and denominator are measure columns of the entry's own file", "line 6", `e: numerator and denominator are both "n"`}},
		{"computed by an unknown model", "inputs: [data]\nindicators:\n  - {id: c, label: C, computed_by: my_model.sql, unit: count, polarity: none}\n", []string{"line 3", `computed_by "my_model.sql" is not one of yardstick's models`}},
		{"group column not in where", "inputs: [data]\nindicators:\n  - {id: g, label: G, file: a.csv, measure: m, where: {a: b}, group_column: c, unit: count, polarity: none}\n", []string{"line 3", `group_column "c" is not a filter of its where`}},
		{"warehouse over the key", "inputs: [data]\nwarehouse: council.key\npseudonymisation: {key_file: council.key}\n", []string{`warehouse "council.key" is the pseudonymisation key file`}},
		{"warehouse over an input", "inputs: [data, data/b1.csv]\nwarehouse: data/b1.csv\n", []string{`warehouse "data/b1.csv" is the input "data/b1.csv"`}},
		{"warehouse in the lake", "inputs: [data]\nlake: lake\nwarehouse: lake/w.duckdb\n", []string{`warehouse "lake/w.duckdb" is the lake "lake" or inside it`}},
		{"unknown home_la", "inputs: [data]\nhome_la: Atlantis\n", []string{`home_la "Atlantis" is not an LA code or name`}},
		{"home_la by name", "inputs: [data]\nhome_la: Trafford\n", nil},
		// e-mail (issue 29)
		{"notify", "inputs: [data]\nnotify:\n  smtp: {host: smtp.example.org, username: ys, password_env: SMTP_PASSWORD}\n  from: ys@example.org\n  to: [a@example.org]\n", nil},
		{"notify with problems", "inputs: [data]\nnotify:\n  smtp: {port: 70000, username: ys}\n  from: nobody\n  when: sometimes\n", []string{"smtp: host is missing", "port 70000 is not a TCP port",
			"username is given but password_env is not", `from "nobody" is not an e-mail address`, "to: give at least one address", `when "sometimes" is not one of changes, always, failures`}},
		{"notify with the password in it", "inputs: [data]\nnotify:\n  smtp: {host: h, password: hunter2}\n", []string{"line 3", "password: unknown key"}},
		{"an extract's la by name", "inputs: [data]\nextracts:\n  - {la: Trafford}\n  - {la: E08000001}\n", nil},
		{"bad on_rejected", "inputs: [data]\non_rejected: ignore\n", []string{`on_rejected "ignore" is not one of keep_last_good, drop, fail`}},
		{"bad warehouse_format", "inputs: [data]\nwarehouse_format: v2\n", []string{`warehouse_format "v2" is not one of compatible, latest`}},
		{"unknown theme", "inputs: [data]\nindicators:\n  - {id: a, label: A, file: a.csv, measure: m, unit: count, polarity: none, theme: sport}\n", []string{"line 3", `theme "sport" is not one of children_in_need, looked_after, education, attendance_exclusions, send, workforce, other`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "yardstick.yaml")
			if err := os.WriteFile(p, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(p)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Warehouse != "yardstick.duckdb" || cfg.Lake != "lake" || cfg.Abs("data") != filepath.Join(filepath.Dir(p), "data") || cfg.Timezone != "Europe/London" {
					t.Errorf("defaults: %+v", cfg)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %v", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), "yardstick.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestCatalogueOverride(t *testing.T) {
	builtin := catalogue.MustBuiltin()
	cat := Catalogue([]IndicatorConfig{{ID: "neet_pct", Label: "Mine", File: "x.csv", Measure: "m", Unit: "%", Polarity: "high"}, {ID: "zz_new", Label: "New", File: "y.csv", Measure: "n", Unit: "count", Polarity: "none"}})
	if want := len(builtin.Indicators) + 1; len(cat) != want {
		t.Fatalf("catalogue has %d indicators, want %d: a built-in id is repeated", len(cat), want)
	}
	for _, ind := range cat {
		if ind.ID == "neet_pct" && (ind.Label != "Mine" || ind.Polarity != "high" || ind.Origin != "config") {
			t.Errorf("config did not override the built-in: %+v", ind)
		}
		if ind.ID == "zz_new" && ind.Theme != "other" {
			t.Errorf("a config indicator without a theme is in %q, not other", ind.Theme)
		}
		if !slices.Contains(builtin.ThemeIDs(), ind.Theme) {
			t.Errorf("%s has theme %q, not one of the themes", ind.ID, ind.Theme)
		}
	}
}

// A schedule in the hour the clocks change loads, with a warning.
func TestScheduleWarning(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ schedule, want string }{
		{"30 1 * * *", `schedule "30 1 * * *" fires at 01:30 Europe/London, in the hour the clocks change`},
		{"0 * * * *", `fires at 01:00 Europe/London`},
		{"30 5 * * *", ""},
		{"@every 6h", ""}, // an interval from the start, not a time of day
	}
	for _, tt := range tests {
		p := filepath.Join(dir, "yardstick.yaml")
		if err := os.WriteFile(p, []byte("inputs: [data]\nschedule: \""+tt.schedule+"\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(p)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(cfg.Warnings, "\n")
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: warnings %q, want %q", tt.schedule, got, tt.want)
		}
	}
}
