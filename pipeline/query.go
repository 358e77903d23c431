package pipeline

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/duckdb/duckdb-go/v2" // registers the duckdb driver; its DECIMAL and MAP types

	"github.com/yardstick-etl/yardstick/pipeline/terminal"
)

// OpenReadOnly opens the published warehouse for reading.
func OpenReadOnly(path string) (*sql.DB, error) {
	return openWarehouse(path, "access_mode=read_only")
}

// OpenSafe opens the published warehouse for reading SQL that must reach
// nothing else (`yardstick query --safe`, for a shared service account):
// DuckDB's external access is off, so COPY TO, EXPORT, read_csv,
// read_text, glob, ATTACH, INSTALL and LOAD of a file fail, and the
// configuration is locked, since a SET could otherwise still write files
// (SET log_query_path in DuckDB 1.1). Both are set when the database
// opens (the DSN is its config), not by SET, so no SQL can undo them:
// DuckDB refuses to turn external access back on while running.
func OpenSafe(path string) (*sql.DB, error) {
	return openWarehouse(path, "access_mode=read_only&enable_external_access=false&lock_configuration=true")
}

func openWarehouse(path, config string) (*sql.DB, error) {
	if err := Published(path); err != nil {
		return nil, err
	}
	return sql.Open("duckdb", path+"?"+config)
}

// Published says, as an error, that there is no published warehouse at
// path yet: what every command that reads the warehouse says first.
func Published(path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no published warehouse at %s: run `yardstick run` first", path)
	}
	return nil
}

// Refused says whether err is DuckDB refusing what OpenSafe turned off.
func Refused(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "Permission Error") || strings.Contains(err.Error(), "the configuration has been locked") ||
		strings.Contains(err.Error(), "disabled through configuration"))
}

// TablesSQL lists the warehouse's tables and views: schema.table, its
// rows (NULL for a view) and its description (its COMMENT).
const TablesSQL = `SELECT schema_name || '.' || table_name AS "table", estimated_size AS "rows", coalesce(comment, '') AS description
FROM duckdb_tables() WHERE NOT internal AND database_name = current_database() AND NOT temporary
UNION ALL
SELECT schema_name || '.' || view_name, NULL, coalesce(comment, '')
FROM duckdb_views() WHERE NOT internal AND database_name = current_database() AND NOT temporary
ORDER BY 1`

// WriteTables prints the warehouse's tables (TablesSQL) as a table fitting
// width characters a line, the descriptions wrapped (0: one line each).
func WriteTables(ctx context.Context, db *sql.DB, w io.Writer, width int) error {
	rows, err := db.QueryContext(ctx, TablesSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	t := &terminal.Table{Columns: []terminal.Column{{Header: "table"}, {Header: "rows", Right: true}, {Header: "description"}}, Wrap: 2}
	n := 0
	for rows.Next() {
		var name, desc string
		var count sql.NullInt64
		if err := rows.Scan(&name, &count, &desc); err != nil {
			return err
		}
		size := "view"
		if count.Valid {
			size = terminal.Thousands(count.Int64)
		}
		t.Row(name, size, desc)
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := t.Write(w, width); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "(%s)\n", terminal.Count(n, "table or view", "tables and views"))
	return err
}

// Query runs SQL against the warehouse and writes each statement's result
// as table, csv or json, in order: several statements (split at the
// semicolons outside quotes and comments) print several results.
func Query(ctx context.Context, db *sql.DB, q, format string, w io.Writer) error {
	if q == TablesSQL && format == "table" { // query --tables, for people
		return WriteTables(ctx, db, w, terminal.WidthOf(w))
	}
	stmts := SplitSQL(q)
	if len(stmts) == 0 {
		return fmt.Errorf("no SQL statement to run")
	}
	for i, stmt := range stmts {
		if i > 0 && format == "table" {
			fmt.Fprintln(w)
		}
		if err := queryOne(ctx, db, stmt, format, w); err != nil {
			if len(stmts) > 1 {
				return fmt.Errorf("statement %d: %w", i+1, err)
			}
			return err
		}
	}
	return nil
}

func queryOne(ctx context.Context, db *sql.DB, q, format string, w io.Writer) error {
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
		// an object per row, its keys in the columns' order (a Go map
		// would sort them)
		var b strings.Builder
		b.WriteString("[")
		for n, r := range out {
			if n > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n  {")
			for i, c := range cols {
				if i > 0 {
					b.WriteString(", ")
				}
				k, _ := json.Marshal(c)
				v, err := json.Marshal(jsonValue(r[i]))
				if err != nil {
					return fmt.Errorf("column %s: %w", c, err)
				}
				b.Write(k)
				b.WriteString(": ")
				b.Write(v)
			}
			b.WriteString("}")
		}
		if len(out) > 0 {
			b.WriteString("\n")
		}
		b.WriteString("]\n")
		_, err := io.WriteString(w, b.String())
		return err
	case "table", "":
		// a table is for people: its cells escaped (terminal.EscapeLine)
		// before tabwriter measures them, a tab or newline in a value
		// shown, not splitting a column or a row
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		header := make([]string, len(cols))
		for i, c := range cols {
			header[i] = terminal.EscapeLine(c)
		}
		fmt.Fprintln(tw, strings.Join(header, "\t"))
		for _, r := range out {
			rec := make([]string, len(r))
			for i, v := range r {
				rec[i] = terminal.EscapeLine(text(v))
			}
			fmt.Fprintln(tw, strings.Join(rec, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		noun := "rows"
		if len(out) == 1 {
			noun = "row"
		}
		if _, err := fmt.Fprintf(w, "(%d %s)\n", len(out), noun); err != nil {
			return err
		}
		if len(out) == 0 && showTables.MatchString(q) {
			_, err := fmt.Fprintln(w, "(SHOW TABLES lists the schema main, which is empty: the warehouse's tables are in mart, ref, stage and meta;\n"+
				" `yardstick query --tables` lists them with their descriptions, as SHOW ALL TABLES does)")
			return err
		}
		return nil
	}
	return fmt.Errorf("unknown format %q: use table, csv or json", format)
}

// showTables is DuckDB's SHOW TABLES (of the default schema only).
var showTables = regexp.MustCompile(`(?i)^\s*(SHOW\s+TABLES|PRAGMA\s+show_tables)\s*;?\s*$`)

// SplitSQL splits SQL into its statements at semicolons outside quotes
// ('...', "...") and comments (-- to the end of the line, /* ... */);
// statements that are only space or comments are dropped.
func SplitSQL(q string) []string {
	var out []string
	start, i := 0, 0
	code := false // the statement has more than space and comments
	flush := func(end int) {
		if code {
			out = append(out, strings.TrimSpace(q[start:end]))
		}
		start, code = end+1, false
	}
	for i < len(q) {
		switch c := q[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			i, code = j+1, true
			continue
		case c == '-' && strings.HasPrefix(q[i:], "--"):
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				i = len(q)
			} else {
				i += j + 1
			}
			continue
		case c == '/' && strings.HasPrefix(q[i:], "/*"):
			j := strings.Index(q[i+2:], "*/")
			if j < 0 {
				i = len(q)
			} else {
				i += j + 4
			}
			continue
		case c == ';':
			flush(i)
		case c != ' ' && c != '\t' && c != '\n' && c != '\r':
			code = true
		}
		i++
	}
	flush(len(q))
	return out
}

// text renders a value as an analyst expects: NULL as empty, numbers without
// float noise, DECIMAL at its scale, dates as ISO, lists as [a, b], structs
// and maps as {key: value}.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case duckdb.Decimal:
		return decimalText(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case []byte:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = quoted(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any: // a STRUCT
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + quoted(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case duckdb.OrderedMap: // a MAP, in its own key order
		keys, vals := x.Keys(), x.Values()
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = quoted(k) + ": " + quoted(vals[i])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	default:
		return fmt.Sprint(x)
	}
}

// quoted is a value inside a list, struct or map: text in quotes.
func quoted(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	if v == nil {
		return "NULL"
	}
	return text(v)
}

// decimalText is a DECIMAL at its scale: 1.50, not {2 1 15}.
func decimalText(d duckdb.Decimal) string {
	if d.Value == nil {
		return ""
	}
	s := new(big.Int).Abs(d.Value).String()
	scale := int(d.Scale)
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if d.Value.Sign() < 0 {
		s = "-" + s
	}
	return s
}

// jsonValue is a value as JSON: numbers as numbers (DECIMAL at its
// scale), NaN and infinities null, dates as ISO text, lists as arrays,
// structs and maps as objects.
func jsonValue(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case duckdb.Decimal:
		return json.Number(decimalText(x))
	case []byte:
		return string(x)
	case time.Time:
		return text(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	case duckdb.OrderedMap:
		keys, vals := x.Keys(), x.Values()
		out := make(map[string]any, len(keys))
		for i, k := range keys {
			out[text(k)] = jsonValue(vals[i])
		}
		return out
	}
	return v
}
