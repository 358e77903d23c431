package pipeline

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	_ "github.com/marcboeker/go-duckdb" // registers the duckdb driver
)

// OpenReadOnly opens the published warehouse for reading.
func OpenReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no published warehouse at %s: run `yardstick run` first", path)
	}
	return sql.Open("duckdb", path+"?access_mode=read_only")
}

// Query runs q against the warehouse and writes the result as table, csv or
// json.
func Query(ctx context.Context, db *sql.DB, q, format string, w io.Writer) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(cols)
		for _, r := range out {
			rec := make([]string, len(r))
			for i, v := range r {
				rec[i] = text(v)
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	case "json":
		objs := make([]map[string]any, 0, len(out))
		for _, r := range out {
			o := make(map[string]any, len(cols))
			for i, c := range cols {
				o[c] = jsonValue(r[i])
			}
			objs = append(objs, o)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(objs)
	case "table", "":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
		for _, r := range out {
			rec := make([]string, len(r))
			for i, v := range r {
				rec[i] = text(v)
			}
			fmt.Fprintln(tw, strings.Join(rec, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "(%d rows)\n", len(out))
		return err
	}
	return fmt.Errorf("unknown format %q: use table, csv or json", format)
}

// text renders a value as an analyst expects: NULL as empty, numbers without
// float noise, dates as ISO.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case []byte:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case []byte:
		return string(x)
	case time.Time:
		return text(x)
	}
	return v
}
