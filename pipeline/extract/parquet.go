package extract

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// partitioned are the marts written as hive-partitioned Parquet, each with
// the theme it is partitioned by (a gap takes its group indicator's).
var partitioned = []struct{ name, query string }{
	{"la_benchmark", `SELECT b.*, i.theme FROM mart.la_benchmark b JOIN ref.indicator i USING (indicator_id)`},
	{"gap", `SELECT g.*, i.theme FROM mart.gap g JOIN ref.gap rg USING (gap_id)
		JOIN ref.indicator i ON i.indicator_id = rg.group_indicator_id`},
	{"school_result", `SELECT s.*, 'education' AS theme FROM mart.school_result s`},
	// the council's own figures where the returns' years end, and where
	// each would rank (mart.la_benchmark holds published figures only)
	{"provisional_position", `SELECT p.*, i.theme FROM mart.provisional_position p JOIN ref.indicator i USING (indicator_id)`},
	// the council's own figures in year: partitioned by the calendar year
	// of the date each is at
	{"in_year", `SELECT y.*, i.theme, year(y.month_end)::INTEGER AS year FROM mart.in_year y JOIN ref.indicator i USING (indicator_id)`},
}

// writeParquet writes the whole marts under dir as
// <mart>/theme=<theme>/year=<year>/*.parquet, the layout Spark, Trino and
// DuckDB read as a partitioned table. It is written beside dir and swapped
// in, so a reader sees the old tree or the new one.
func writeParquet(ctx context.Context, db *sql.DB, dir string) error {
	tmp := tempPath(dir)
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	// One connection, so its setting holds for every COPY: a partitioned
	// COPY keeps each partition's rows until this many, and at DuckDB's
	// default (524,288) the schools' results (1.9 million rows in 11
	// years) took 780 MB; at 65,536, 290 MB, and less time.
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET partitioned_write_flush_threshold = 65536"); err != nil {
		return err
	}
	for _, m := range partitioned {
		target := filepath.ToSlash(filepath.Join(tmp, m.name))
		q := fmt.Sprintf(`COPY (%s) TO '%s' (FORMAT PARQUET, COMPRESSION ZSTD, PARTITION_BY (theme, year))`,
			m.query, strings.ReplaceAll(target, "'", "''"))
		if _, err := conn.ExecContext(ctx, q); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("mart.%s: %w", m.name, err)
		}
		// An empty mart writes no partition: its folder still gets a
		// file of no rows with the mart's columns, so a reader's
		// CREATE TABLE or read_parquet over the folder works on any
		// warehouse.
		if files, _ := filepath.Glob(filepath.Join(target, "*", "*", "*.parquet")); len(files) == 0 {
			if err := os.MkdirAll(target, 0o755); err != nil {
				os.RemoveAll(tmp)
				return err
			}
			empty := filepath.ToSlash(filepath.Join(target, "empty.parquet"))
			q := fmt.Sprintf(`COPY (SELECT * EXCLUDE (theme, year) FROM (%s) LIMIT 0) TO '%s' (FORMAT PARQUET)`,
				m.query, strings.ReplaceAll(empty, "'", "''"))
			if _, err := conn.ExecContext(ctx, q); err != nil {
				os.RemoveAll(tmp)
				return fmt.Errorf("mart.%s (empty): %w", m.name, err)
			}
		}
	}
	old := dir + ".old"
	os.RemoveAll(old)
	if err := os.Rename(dir, old); err != nil && !os.IsNotExist(err) {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir) // put the previous tree back
		os.RemoveAll(tmp)
		return err
	}
	return os.RemoveAll(old)
}
