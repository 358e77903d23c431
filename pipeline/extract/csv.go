package extract

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"time"
)

// writeCSV writes the LA's rows of mart.la_benchmark_with_own (the
// published rows of mart.la_benchmark and the LA's own figures, source
// provisional, in the same columns), mart.gap and mart.in_year (its own
// figures in year, aggregates only), every column as the warehouse has it.
// Text that a spreadsheet would run as a formula is escaped (Escape);
// numbers are written in full.
func writeCSV(ctx context.Context, db *sql.DB, l la, benchmarkPath, gapPath, inYearPath string) error {
	if err := martCSV(ctx, db, `SELECT * FROM mart.la_benchmark_with_own WHERE la_code = $1 ORDER BY indicator_id, year, period, source`, l.Code, benchmarkPath); err != nil {
		return fmt.Errorf("mart.la_benchmark_with_own: %w", err)
	}
	if err := martCSV(ctx, db, `SELECT * FROM mart.gap WHERE la_code = $1 ORDER BY gap_id, year`, l.Code, gapPath); err != nil {
		return fmt.Errorf("mart.gap: %w", err)
	}
	return inYearCSV(ctx, db, l, inYearPath)
}

// inYearCSV writes the LA's rows of mart.in_year, each figure's months in
// order.
func inYearCSV(ctx context.Context, db *sql.DB, l la, path string) error {
	if err := martCSV(ctx, db, `SELECT * FROM mart.in_year WHERE la_code = $1 ORDER BY indicator_id, window_months, month_end`, l.Code, path); err != nil {
		return fmt.Errorf("mart.in_year: %w", err)
	}
	return nil
}

func martCSV(ctx context.Context, db *sql.DB, q, la, path string) (err error) {
	rows, err := db.QueryContext(ctx, q, la)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	tmp := tempPath(path)
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := csv.NewWriter(f)
	if err := w.Write(cols); err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			rec[i] = csvText(v)
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// csvText writes a value as text: numbers in full (a negative change is a
// number, not escaped), dates as ISO, text escaped.
func csvText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case time.Time:
		return x.Format("2006-01-02")
	case string:
		return Escape(x)
	case []byte:
		return Escape(string(x))
	}
	return Escape(fmt.Sprint(v))
}
