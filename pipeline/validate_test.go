package pipeline

import (
	"context"
	"database/sql"
	"testing"

	"github.com/duckdb/duckdb-go/v2"

	models "github.com/yardstick-etl/yardstick/sql"
	"github.com/yardstick-etl/yardstick/validation"
)

// TestRulesThatCannotRun: a rule whose SQL fails on the returns is
// recorded as not run with the kind of error (never its text, which may
// quote a value), a rule whose reference data is not loaded is not run,
// and the others run; a rule about 31 March skips a part-year return and
// says so; a field rule reports the cell and takes its meta.issue row.
func TestRulesThatCannotRun(t *testing.T) {
	ctx := context.Background()
	conn := memoryConn(ctx, t)
	exec := func(what, q string, args ...any) error {
		_, err := conn.ExecContext(ctx, q, args...)
		return err
	}
	setup := `CREATE SCHEMA meta; CREATE SCHEMA ref; CREATE SCHEMA stage;` + validation.Schema + `
		CREATE TABLE meta.input_file (path VARCHAR, source_kind VARCHAR, status VARCHAR);
		INSERT INTO meta.input_file VALUES ('pc.csv', 'postcodes', 'rejected');
		CREATE TABLE meta.issue (file VARCHAR, sheet VARCHAR, "row" INTEGER, "column" VARCHAR, field VARCHAR, rule VARCHAR, message VARCHAR);
		CREATE TABLE stage.return_as_at (kind VARCHAR, la_code VARCHAR, collection_year INTEGER, as_at DATE, part_year BOOLEAN);
		CREATE TABLE stage.return_file (kind VARCHAR, la_code VARCHAR, collection_year INTEGER, source_file VARCHAR);
		CREATE TABLE stage.cla_episode (la_code VARCHAR, collection_year INTEGER, source_file VARCHAR, source_sheet VARCHAR,
			source_row BIGINT, child_id VARCHAR, rne VARCHAR, pl_post_outward VARCHAR, faults VARCHAR);
		INSERT INTO stage.cla_episode VALUES ('358', 2025, 'a.csv', NULL, 2, 'c1', 'S', NULL, NULL), ('358', 2025, 'a.csv', NULL, 3, 'c2', NULL, NULL, '|RNE:invalid_code|'),
			('359', 2025, 'b.csv', NULL, 2, 'c3', 'S', NULL, NULL);
		INSERT INTO meta.issue VALUES ('a.csv', NULL, 3, 'RNE', 'RNE', 'invalid_code', 'RNE: not a code'), ('a.csv', NULL, 4, 'LS', 'LS', 'invalid_code', 'LS: not a code');
		INSERT INTO stage.return_file VALUES ('ssda903', '358', 2019, 'old.csv'), ('ssda903', '358', 2028, 'new.csv'), ('cin', '358', 2027, 'new.xml'), ('ssda903', '358', 2025, 'a.csv');
		INSERT INTO stage.return_as_at VALUES ('ssda903', '359', 2025, DATE '2024-09-30', true), ('ssda903', '358', 2025, DATE '2025-03-31', false);`
	if err := exec("setup", setup); err != nil {
		t.Fatal(err)
	}
	rules, err := validation.Parse("ssda903", "t.sql", `
-- rule: 1
-- table: cla_episode
-- fields: RNE
-- message: Runs.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL FROM stage.cla_episode WHERE rne = 'S'
-- rule: 2
-- table: cla_episode
-- fields: RNE
-- message: Fails.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL FROM stage.cla_episode WHERE CAST(rne AS INTEGER) = 1
-- rule: 3
-- table: cla_episode
-- fields: PL_POST
-- needs: postcodes
-- message: Needs postcodes.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL FROM stage.cla_episode
-- rule: 4
-- table: cla_episode
-- fields: RNE
-- year_end: true
-- message: At 31 March.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL FROM stage.cla_episode WHERE rne = 'S'
-- rule: 5
-- table: cla_episode
-- fields: RNE
-- issue: invalid_code
-- message: RNE is not a code.
`)
	if err != nil {
		t.Fatal(err)
	}
	if err := validateRules(ctx, conn, exec, rules); err != nil {
		t.Fatal(err)
	}
	query := func(q string) string {
		rows, err := conn.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out += s + "\n"
		}
		return out
	}
	tests := []struct{ name, q, want string }{
		{"status", `SELECT rule_code || ' ' || status || coalesce(': ' || status_reason, '') FROM ref.validation_rule ORDER BY 1`,
			"1 run\n2 not_run: its SQL failed on these returns (Conversion Error); the other rules ran\n" +
				"3 not_run: needs postcodes, which no input loaded (see docs/validation.md)\n4 run\n5 run\n"},
		{"failures", `SELECT rule_code || ' ' || la_code || ' ' || source_row FROM meta.validation ORDER BY 1`,
			"1 358 2\n1 359 2\n4 358 2\n5 358 3\n"},
		{"part year", `SELECT rule_code || ' ' || la_code || ' ' || reason FROM meta.validation_skipped`, "4 359 part_year\n"},
		{"issues the field rule took", `SELECT field FROM meta.issue WHERE field IS NOT NULL`, "LS\n"},
		{"years without a specification", `SELECT file || ': ' || message FROM meta.issue WHERE rule = 'validation_year' ORDER BY 1`,
			"new.csv: a return of 2027-28, after the newest specification yardstick has (2026-27): checked with the 2026-27 rules; a newer yardstick may have that year's\n" +
				"new.xml: a return of 2026-27, after the newest specification yardstick has (2025-26): checked with the 2025-26 rules; a newer yardstick may have that year's\n" +
				"old.csv: a return of 2018-19, before the first specification yardstick has (2022-23): checked with the 2022-23 rules\n"},
		{"values", `SELECT rule_code || ': ' || field_values FROM meta.validation WHERE rule_code IN ('1', '5') ORDER BY ALL`,
			"1: RNE S\n1: RNE S\n5: RNE (not valid)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := query(tt.q); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// memoryConn is a connection to an in-memory DuckDB database, closed when
// the test ends: for tests of one model or rule set on rows they write.
func memoryConn(ctx context.Context, t *testing.T) *sql.Conn {
	t.Helper()
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// runModel runs one of package sql's model files on conn.
func runModel(ctx context.Context, t *testing.T, conn *sql.Conn, name string) {
	t.Helper()
	q, err := models.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, q); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}
