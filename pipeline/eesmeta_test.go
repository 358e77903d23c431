package pipeline

import (
	"os"
	"path/filepath"
	"testing"
)

// TestIndicatorFromMeta: a config indicator over a file published with
// its .meta.csv may leave its label and unit to the metadata; one over a
// file without metadata that gives neither gets its id and "value", and
// an issue saying what to add.
func TestIndicatorFromMeta(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "inputs")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"described.csv", "described.meta.csv"} {
		b, err := os.ReadFile(filepath.Join("../sources/ees/testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if f == "described.csv" { // the same data without metadata
			if err := os.WriteFile(filepath.Join(in, "plain.csv"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	yaml := `inputs: [inputs]
indicators:
  - {id: absence, file: described.csv, measure: absence_rate, where: {phase_code: "1"}, polarity: low}
  - {id: pupils, label: Pupils on roll, file: described.csv, measure: enrolments, where: {phase_code: "1"}, polarity: none}
  - {id: plain_absence, file: plain.csv, measure: absence_rate, where: {phase_code: "1"}, polarity: low}
`
	cfg := runYAML(t, dir, yaml)
	got := queryCSV(t, cfg, `SELECT indicator_id, label, unit, decimal_places FROM ref.indicator WHERE origin = 'config' ORDER BY 1`)
	want := "indicator_id,label,unit,decimal_places\n" +
		"absence,Overall absence rate,%,1\n" +
		"plain_absence,plain_absence,value,\n" +
		"pupils,Pupils on roll,value,0\n"
	if got != want {
		t.Errorf("ref.indicator:\n%s\nwant\n%s", got, want)
	}
	got = queryCSV(t, cfg, `SELECT rule, message FROM meta.issue WHERE rule = 'indicator_no_label'`)
	want = "rule,message\nindicator_no_label,\"indicator plain_absence (declared in the config) gives no label or unit and no loaded file's EES metadata describes its measure absence_rate; its id and the unit \"\"value\"\" are shown instead. Add label: and unit: to its entry in the config.\"\n"
	if got != want {
		t.Errorf("issues:\n%s\nwant\n%s", got, want)
	}
	// the figures themselves: Trafford's 4.8, England's 5.2
	got = queryCSV(t, cfg, `SELECT value, england_value, unit FROM mart.la_benchmark WHERE indicator_id = 'absence' AND la_code = '358'`)
	if got != "value,england_value,unit\n4.8,5.2,%\n" {
		t.Errorf("mart: %s", got)
	}
}
