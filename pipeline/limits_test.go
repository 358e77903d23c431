package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesapi/eesapitest"
)

// TestManyIdenticalInputs: 1,005 copies of one file (more than DuckDB's
// 1,000 nested expressions, which a SELECT per copy in a UNION passed)
// load, each as an input of its own sharing the first's staged files, in
// the inputs' order: for a table keyed by file_no and for one that names
// its source_file.
func TestManyIdenticalInputs(t *testing.T) {
	const copies = 1005
	tests := []struct {
		name, from, as string
		table, key     string // a stage table the file fills, and its input column
		value          string // one of its columns
		keyType        string
	}{
		{"data files", "../sources/ees/testdata/described.csv", "absence_%04d.csv", "observation_value", "file_no", "value", "INTEGER"},
		{"metadata files", "../sources/ees/testdata/described.meta.csv", "absence_%04d.meta.csv", "ees_column", "source_file", "label", "VARCHAR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "inputs")
			if err := os.MkdirAll(in, 0o755); err != nil {
				t.Fatal(err)
			}
			body := mustRead(t, tt.from)
			for i := range copies {
				if err := os.WriteFile(filepath.Join(in, fmt.Sprintf(tt.as, i)), body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg := runYAML(t, dir, "inputs: [inputs]\n")
			checkQueries(t, cfg, []queryCase{
				{"every copy an input", `SELECT count(*), count(DISTINCT path), count(DISTINCT sha256), count(*) FILTER (WHERE status = 'rejected'),
						count(DISTINCT rows), sum(rows) = 1005 * min(rows) AND min(rows) > 0
					FROM meta.input_file`, "1005,1005,1,0,1,true"},
				{"every copy numbered", `SELECT count(*), min(file_no), max(file_no) FROM stage.source_file`, "1005,0,1004"},
				{"every copy's rows, in order", fmt.Sprintf(`SELECT count(DISTINCT s.file_no), count(*) FILTER (WHERE s.file_no <> (n - 1) // (total // 1005))
					FROM (SELECT %[2]s, row_number() OVER (ORDER BY rowid) AS n, count(*) OVER () AS total FROM stage.%[1]s) t
					JOIN stage.source_file s USING (%[2]s)`, tt.table, tt.key), "1005,0"},
				{"the same rows in each", fmt.Sprintf(`SELECT count(DISTINCT rows) FROM (SELECT %[2]s, list(%[3]s ORDER BY rowid)::VARCHAR AS rows
					FROM stage.%[1]s GROUP BY %[2]s)`, tt.table, tt.key, tt.value), "1"},
				{"the input column's type", fmt.Sprintf(`SELECT data_type FROM information_schema.columns
					WHERE table_schema = 'stage' AND table_name = '%s' AND column_name = '%s'`, tt.table, tt.key), tt.keyType},
			})
		})
	}
}

// TestLongText: a label of 300,000 characters in a .meta.csv, or from the
// API with a release title as long, loads (it once filled DuckDB's memory
// on every build): each is cut to 500 characters, and an issue names the
// file, the row and the column it was cut in.
func TestLongText(t *testing.T) {
	long := strings.Repeat("ë", 300000) // two bytes a character: cut on a character
	cut := "500,…," + strings.Repeat("ë", 10)
	t.Run("metadata file", func(t *testing.T) {
		dir := t.TempDir()
		in := filepath.Join(dir, "inputs")
		if err := os.MkdirAll(in, 0o755); err != nil {
			t.Fatal(err)
		}
		meta := strings.Replace(string(mustRead(t, "../sources/ees/testdata/described.meta.csv")), "Overall absence rate", long, 1)
		for name, body := range map[string]string{"described.csv": string(mustRead(t, "../sources/ees/testdata/described.csv")), "described.meta.csv": meta} {
			if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cfg := runYAML(t, dir, "inputs: [inputs]\nindicators:\n  - {id: absence, file: described.csv, measure: absence_rate, where: {phase_code: \"1\"}, polarity: low}\n")
		checkQueries(t, cfg, []queryCase{
			{"staged", `SELECT length(label), right(label, 1), left(label, 10) FROM stage.ees_column WHERE col_name = 'absence_rate'`, cut},
			{"ref.indicator", `SELECT length(label), right(label, 1), left(label, 10) FROM ref.indicator WHERE indicator_id = 'absence'`, cut},
			{"mart", `SELECT value, length(label) FROM mart.la_benchmark WHERE indicator_id = 'absence' AND la_code = '358'`, "4.8,500"},
			{"issue", `SELECT file, "row", "column", message LIKE 'the label is 300000 characters long%' FROM meta.issue WHERE rule = 'text_too_long'`,
				"inputs/described.meta.csv,4,label,true"},
		})
	})
	t.Run("API", func(t *testing.T) {
		quickAPIClient(t)
		v := ks4Version(t, "1.0", "25.4", time.Date(2026, 3, 26, 9, 30, 0, 0, time.UTC))
		v.ReleaseTitle = long
		v.MetaJSON = strings.Replace(v.MetaJSON, "Average Attainment 8 score of all pupils", long, 1)
		srv := eesapitest.NewServer(eesapitest.DataSet{ID: cinKS4, Title: "LA - Key Stage 4 (KS4) - API", Versions: []eesapitest.Version{v}})
		defer srv.Close()
		cfg := runYAML(t, t.TempDir(), strings.Replace(fetchYAML, "%s", srv.URL, 1))
		checkQueries(t, cfg, []queryCase{
			{"release title", `SELECT path, length(source_release), right(source_release, 1) FROM meta.input_file ORDER BY path`,
				"ees-api/cin_outcomes_ks4_la.csv,500,…\nees-api/cin_outcomes_ks4_la.meta.csv,500,…"},
			{"indicator label", `SELECT length(label), right(label, 1), left(label, 10) FROM ref.indicator WHERE indicator_id = 'cin_a8'`, cut},
			{"mart", `SELECT value, length(label) FROM mart.la_benchmark WHERE indicator_id = 'cin_a8' AND la_code = '358'`, "25.4,500"},
			{"issues", `SELECT file, "row", "column", regexp_extract(message, '^the [a-z ]+ is 300000 characters long') <> '' FROM meta.issue
				WHERE rule = 'text_too_long' ORDER BY file, "column"`,
				"ees-api/cin_outcomes_ks4_la.csv,,source_release,true\n" +
					"ees-api/cin_outcomes_ks4_la.meta.csv,4,label,true\n" +
					"ees-api/cin_outcomes_ks4_la.meta.csv,,source_release,true"},
		})
	})
}
