package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	models "github.com/yardstick-etl/yardstick/sql"
)

// changeDDL creates the tables a run's comparison with the warehouse it
// replaces fills (sql/meta_change.sql); a first run leaves meta.change
// empty and says so in meta.change_run.
const changeDDL = `
CREATE TABLE meta.change (run_id VARCHAR, previous_run_id VARCHAR, la_code VARCHAR, indicator_id VARCHAR,
    period VARCHAR, kind VARCHAR, old_value DOUBLE, new_value DOUBLE, old_rank BIGINT, new_rank BIGINT,
    old_quartile VARCHAR, new_quartile VARCHAR, source_file VARCHAR, rule_code VARCHAR, failures INTEGER);
CREATE TABLE meta.change_run (run_id VARCHAR, previous_run_id VARCHAR, compared BOOLEAN, note VARCHAR,
    published_fingerprint VARCHAR);
`

// keptChangeRuns is how many publishing runs' changes meta.change keeps,
// this one included: three months of nightly runs, so a week's changes
// can always be read back.
const keptChangeRuns = 90

// prevColumn is a column the comparison reads from the previous
// warehouse, with this warehouse's type for when the older one lacks it.
type prevColumn struct {
	name, typ string
	required  bool // without it the table cannot be compared at all
}

// prevTable is one of the previous warehouse's tables as the comparison
// reads it: the temporary view meta_change.sql names, over from.
type prevTable struct {
	view, from, what string
	cols             []prevColumn
}

var prevTables = []prevTable{
	{view: "prev_benchmark", from: "mart.la_benchmark", what: "published figures", cols: []prevColumn{
		{"indicator_id", "VARCHAR", true}, {"period", "VARCHAR", true}, {"year", "INTEGER", true},
		{"la_code", "VARCHAR", true}, {"value", "DOUBLE", true}, {"national_rank", "BIGINT", false},
		{"quartile", "VARCHAR", false}, {"source_file", "VARCHAR", false}}},
	{view: "prev_own", from: "mart.provisional_position", what: "own figures", cols: []prevColumn{
		{"indicator_id", "VARCHAR", true}, {"period", "VARCHAR", true}, {"la_code", "VARCHAR", true},
		{"value", "DOUBLE", true}, {"national_rank", "BIGINT", false}, {"quartile", "VARCHAR", false},
		{"source_files", "VARCHAR", false}}},
	{view: "prev_in_year", from: "mart.in_year", what: "in-year figures", cols: []prevColumn{
		{"indicator_id", "VARCHAR", true}, {"la_code", "VARCHAR", true}, {"month_end", "DATE", true},
		{"window_months", "INTEGER", true}, {"value", "DOUBLE", true}, {"basis", "VARCHAR", false},
		{"national_rank", "BIGINT", false}, {"quartile", "VARCHAR", false}, {"source_files", "VARCHAR", false}}},
	{view: "prev_validation", from: "meta.validation", what: "validation failures", cols: []prevColumn{
		{"return", "VARCHAR", true}, {"collection_year", "INTEGER", true}, {"la_code", "VARCHAR", true},
		{"rule_code", "VARCHAR", true}, {"table_name", "VARCHAR", false}, {"child_id", "VARCHAR", false},
		{"source_file", "VARCHAR", false}}},
}

// recordChanges compares the warehouse being built (conn) with the
// published one at previous, which it is about to replace, and records the
// differences in meta.change (sql/meta_change.sql), with the changes of
// the runs before it that the previous warehouse kept. A previous
// warehouse from an older yardstick is compared on the columns both have;
// one that cannot be read, or lacks a table, is reported in meta.issue and
// meta.change_run, never a failed run. It returns the note it recorded.
//
// published is the run's publishedFingerprint: when the previous run's is
// the same, only the council's returns changed, so its published figures
// are the same and are not compared (on a national warehouse that is most
// of the comparison's time).
func recordChanges(ctx context.Context, conn *sql.Conn, exec func(what, q string, args ...any) error, previous, runID, published string) (string, error) {
	if err := exec("meta.change tables", changeDDL); err != nil {
		return "", err
	}
	record := func(prevRun sql.NullString, compared bool, note string) (string, error) {
		_, err := conn.ExecContext(ctx, `INSERT INTO meta.change_run VALUES (?, ?, ?, ?, ?)`, runID, prevRun, compared, note, published)
		return note, err
	}
	if _, err := os.Stat(previous); err != nil {
		return record(sql.NullString{}, false, "first run: there is no published warehouse to compare with, so no changes are recorded")
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("ATTACH %s AS prev (READ_ONLY)", quote(previous))); err != nil {
		note := fmt.Sprintf("the published warehouse could not be opened to compare with (%s), so no changes are recorded this run; the next run compares with this one",
			firstLine(err.Error()))
		if err := changeIssue(ctx, conn, note); err != nil {
			return "", err
		}
		return record(sql.NullString{}, false, note)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "DETACH prev")

	have, err := prevColumns(ctx, conn)
	if err != nil {
		return "", err
	}
	var prevRun sql.NullString
	if have["meta.run"]["run_id"] && have["meta.run"]["status"] && have["meta.run"]["started_at"] {
		if err := conn.QueryRowContext(ctx, `SELECT run_id FROM prev.meta.run WHERE status = 'published' ORDER BY started_at DESC LIMIT 1`).Scan(&prevRun); err != nil && err != sql.ErrNoRows {
			return "", fmt.Errorf("reading the previous warehouse's run: %w", err)
		}
	}
	var gaps []string
	for _, t := range prevTables {
		q, gap := prevView(t, have[t.from])
		if gap != "" {
			gaps = append(gaps, gap)
		}
		if err := exec("comparing: "+t.view, q); err != nil {
			return "", err
		}
	}
	samePublished := false
	if prevRun.Valid && have["meta.change_run"]["published_fingerprint"] {
		var fp sql.NullString
		err := conn.QueryRowContext(ctx, `SELECT any_value(published_fingerprint) FROM prev.meta.change_run WHERE run_id = ?`, prevRun.String).Scan(&fp)
		if err != nil {
			return "", fmt.Errorf("reading the previous warehouse's comparison: %w", err)
		}
		samePublished = fp.Valid && fp.String == published
	}
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE change_this_run AS
SELECT ?::VARCHAR AS run_id, ?::VARCHAR AS previous_run_id, ?::BOOLEAN AS compare_published`, runID, prevRun, !samePublished); err != nil {
		return "", err
	}
	q, err := models.Read("meta_change.sql")
	if err != nil {
		return "", err
	}
	if err := exec("model meta_change.sql", q); err != nil {
		// a previous warehouse this one cannot be compared with (a column
		// of another type, say) is said, never a failed run
		if ctx.Err() != nil {
			return "", err
		}
		if _, derr := conn.ExecContext(ctx, `DELETE FROM meta.change WHERE run_id = ?`, runID); derr != nil {
			return "", derr
		}
		note := fmt.Sprintf("the published warehouse could not be compared with (%s), so no changes are recorded this run; the next run compares with this one",
			firstLine(err.Error()))
		if err := changeIssue(ctx, conn, note); err != nil {
			return "", err
		}
		return record(prevRun, false, note)
	}
	if err := keepEarlierChanges(ctx, conn, have); err != nil {
		if ctx.Err() != nil {
			return "", err
		}
		for _, q := range []string{`DELETE FROM meta.change WHERE run_id <> ?`, `DELETE FROM meta.change_run WHERE run_id <> ?`} {
			if _, derr := conn.ExecContext(ctx, q, runID); derr != nil {
				return "", derr
			}
		}
		gaps = append(gaps, fmt.Sprintf("the earlier runs' changes could not be kept (%s): meta.change starts again from this run", firstLine(err.Error())))
	}
	for _, g := range gaps {
		if err := changeIssue(ctx, conn, g); err != nil {
			return "", err
		}
	}
	note := "compared with the published warehouse"
	if prevRun.Valid {
		note += " of run " + prevRun.String
	}
	if samePublished {
		note += " (the published statistics the same: the council's returns compared)"
	}
	if len(gaps) > 0 {
		note += "; " + strings.Join(gaps, "; ")
	}
	return record(prevRun, true, note)
}

// prevColumns lists the previous warehouse's tables and views and their
// columns.
func prevColumns(ctx context.Context, conn *sql.Conn) (map[string]map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, `SELECT schema_name || '.' || table_name, column_name FROM duckdb_columns() WHERE database_name = 'prev'`)
	if err != nil {
		return nil, fmt.Errorf("reading the previous warehouse's columns: %w", err)
	}
	defer rows.Close()
	have := map[string]map[string]bool{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, err
		}
		if have[table] == nil {
			have[table] = map[string]bool{}
		}
		have[table][col] = true
	}
	return have, rows.Err()
}

// prevView is the statement creating t's view over the previous
// warehouse, with what the comparison misses ("" when nothing): a column
// the older warehouse lacks is NULL; without a required one, or the table,
// the view is empty and that part is not compared.
func prevView(t prevTable, have map[string]bool) (q, gap string) {
	var sel, missing, lacking []string
	for _, c := range t.cols {
		if have[c.name] {
			sel = append(sel, fmt.Sprintf("%q::%s AS %q", c.name, c.typ, c.name))
			continue
		}
		sel = append(sel, fmt.Sprintf("NULL::%s AS %q", c.typ, c.name))
		if c.required {
			missing = append(missing, c.name)
		} else {
			lacking = append(lacking, c.name)
		}
	}
	switch {
	case have == nil:
		return fmt.Sprintf("CREATE TEMP VIEW %s AS SELECT %s WHERE false", t.view, strings.Join(sel, ", ")),
			fmt.Sprintf("the published warehouse has no %s (an older yardstick), so its %s are not compared this run", t.from, t.what)
	case len(missing) > 0:
		return fmt.Sprintf("CREATE TEMP VIEW %s AS SELECT %s WHERE false", t.view, strings.Join(sel, ", ")),
			fmt.Sprintf("the published warehouse's %s lacks %s (an older yardstick), so its %s are not compared this run", t.from, strings.Join(missing, ", "), t.what)
	}
	q = fmt.Sprintf("CREATE TEMP VIEW %s AS SELECT %s FROM prev.%s", t.view, strings.Join(sel, ", "), t.from)
	if len(lacking) > 0 {
		gap = fmt.Sprintf("the published warehouse's %s lacks %s (an older yardstick): compared without", t.from, strings.Join(lacking, ", "))
	}
	return q, gap
}

// keepEarlierChanges copies the previous warehouse's meta.change and
// meta.change_run rows of the newest runs, so they hold keptChangeRuns
// runs with this one, on the columns both warehouses have.
func keepEarlierChanges(ctx context.Context, conn *sql.Conn, have map[string]map[string]bool) error {
	for _, t := range []struct {
		table string
		cols  []string
	}{
		{"meta.change", []string{"run_id", "previous_run_id", "la_code", "indicator_id", "period", "kind", "old_value", "new_value",
			"old_rank", "new_rank", "old_quartile", "new_quartile", "source_file", "rule_code", "failures"}},
		{"meta.change_run", []string{"run_id", "previous_run_id", "compared", "note", "published_fingerprint"}},
	} {
		if !have[t.table]["run_id"] {
			continue // a warehouse from before meta.change
		}
		var cols []string
		for _, c := range t.cols {
			if have[t.table][c] {
				cols = append(cols, fmt.Sprintf("%q", c))
			}
		}
		list := strings.Join(cols, ", ")
		// run ids begin with their start time, so they sort in run order
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM prev.%s
WHERE run_id IN (SELECT DISTINCT run_id FROM prev.%s ORDER BY run_id DESC LIMIT %d)`,
			t.table, list, list, t.table, t.table, keptChangeRuns-1)); err != nil {
			return fmt.Errorf("keeping the earlier runs' %s: %w", t.table, err)
		}
	}
	return nil
}

func changeIssue(ctx context.Context, conn *sql.Conn, msg string) error {
	_, err := conn.ExecContext(ctx, `INSERT INTO meta.issue (rule, message) VALUES ('change_not_compared', ?)`, msg)
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
