package extract

import (
	"context"
	"database/sql"
)

// hasColumn says whether the warehouse has schema.table.column. mart.in_year
// and the as_at, basis and label_as_at of the provisional marts arrive with
// sql/mart_in_year.sql; until a warehouse built by it is the one read, the
// extracts leave them out rather than fail.
func hasColumn(ctx context.Context, db *sql.DB, schema, table, column string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_columns()
		WHERE schema_name = $1 AND table_name = $2 AND column_name = $3`, schema, table, column).Scan(&n)
	return n > 0, err
}
