package extract

import (
	"context"
	"database/sql"
	"fmt"
)

// validationRowsSQL lists every row of an LA's returns that breaks a
// validation rule ($1 the LA), as an analyst works through them: by rule
// code (in number order: 101 before 1000), then file and row. The child is
// its pseudonym; the fields are shown with their values, a date of birth as
// its month and year, identifiers never (meta.validation.field_values).
const validationRowsSQL = `SELECT v."return", v.collection_year, v.rule_code, v.rule_type, r.rule_source,
       regexp_extract(v.source_file, '[^/\\]+$') AS file, v.source_file AS path, v.source_sheet AS sheet,
       v.table_name, v.source_row, v.child_id, v.message, v.fields, v.field_values
FROM meta.validation v
JOIN ref.validation_rule r USING ("return", rule_code)
WHERE v.la_code = $1
ORDER BY v."return", try_cast(regexp_extract(v.rule_code, '^[0-9]+') AS INTEGER) NULLS LAST, v.rule_code,
         v.source_file, v.source_sheet NULLS FIRST, v.source_row NULLS FIRST`

// validationCSV writes the LA's failing rows (validationRowsSQL), each
// with its file's full path as the run read it.
func validationCSV(ctx context.Context, db *sql.DB, l la, path string) error {
	q := `SELECT "return", collection_year, rule_code, rule_type, rule_source, path AS source_file, sheet AS source_sheet,
	             table_name, source_row, child_id, message, fields, field_values
	      FROM (` + validationRowsSQL + `)`
	if err := martCSV(ctx, db, q, l.Code, path); err != nil {
		return fmt.Errorf("meta.validation: %w", err)
	}
	return nil
}

// notRunSQL lists the rules that did not run on the LA's returns, and why:
// those whose reference data no input loaded or whose SQL failed (for every
// LA), and those about 31 March on the LA's part-year returns.
const notRunSQL = `SELECT * FROM (
    SELECT "return", rule_code, rule_type, NULL::INTEGER AS collection_year, status_reason AS why
    FROM ref.validation_rule WHERE status = 'not_run'
    UNION ALL
    SELECT s."return", s.rule_code, r.rule_type, s.collection_year, 'not applied to the part-year return: ' || s.message
    FROM meta.validation_skipped s JOIN ref.validation_rule r USING ("return", rule_code)
    WHERE s.la_code = $1)
ORDER BY 1, try_cast(regexp_extract(rule_code, '^[0-9]+') AS INTEGER) NULLS LAST, 2, 4`
