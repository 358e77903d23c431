package pipeline

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/yardstick-etl/yardstick/pipeline/catalogue"
	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/childlevel"
	"github.com/yardstick-etl/yardstick/sources/eesapi"
	models "github.com/yardstick-etl/yardstick/sql"
	"github.com/yardstick-etl/yardstick/transforms/calendar"
	"github.com/yardstick-etl/yardstick/transforms/codeset"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/shape"
	"github.com/yardstick-etl/yardstick/validation"
)

// schemaDDL creates the tables the pipeline fills from Go; the models build
// the rest. Column names are the warehouse contract (docs/warehouse.md).
const schemaDDL = `
CREATE SCHEMA ref; CREATE SCHEMA stage; CREATE SCHEMA mart; CREATE SCHEMA meta;
CREATE TABLE ref.region (region_code VARCHAR, region_name VARCHAR, parent_region_code VARCHAR);
CREATE TABLE ref.la (la_code VARCHAR, la_code_new VARCHAR, la_name VARCHAR, region_code VARCHAR,
    region_name VARCHAR, valid_from DATE, valid_to DATE);
CREATE TABLE ref.indicator (indicator_id VARCHAR, label VARCHAR, unit VARCHAR, polarity VARCHAR,
    source VARCHAR, file_glob VARCHAR, measure VARCHAR, where_json VARCHAR, rate_of VARCHAR, theme VARCHAR, origin VARCHAR,
    polarity_reason VARCHAR, lait_code INTEGER, decimal_places INTEGER, numerator VARCHAR, denominator VARCHAR);
CREATE TABLE ref.headline (item_id VARCHAR, kind VARCHAR, sort_order INTEGER);
CREATE TABLE ref.indicator_source (indicator_id VARCHAR, source_no INTEGER, file_glob VARCHAR, measure VARCHAR, where_json VARCHAR);
CREATE TABLE ref.theme (theme_id VARCHAR, title VARCHAR, sort_order INTEGER);
CREATE TABLE ref.bank_holiday (date DATE, name VARCHAR);
CREATE TABLE ref.gap (gap_id VARCHAR, label VARCHAR, group_indicator_id VARCHAR, comparison_indicator_id VARCHAR,
    unit VARCHAR, source VARCHAR);
CREATE TABLE ref.group_label (file_glob VARCHAR, scope_json VARCHAR, group_column VARCHAR, label VARCHAR);
CREATE TABLE meta.run (run_id VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, status VARCHAR,
    inputs_loaded INTEGER, inputs_unchanged INTEGER, inputs_rejected INTEGER, rows BIGINT,
    version VARCHAR, message VARCHAR);
CREATE TABLE meta.input_file (path VARCHAR, sha256 VARCHAR, source_kind VARCHAR, status VARCHAR,
    rows BIGINT, reason VARCHAR, seconds DOUBLE, note VARCHAR,
    source_url VARCHAR, source_version VARCHAR, source_release VARCHAR, source_published TIMESTAMPTZ,
    as_at DATE, as_at_basis VARCHAR);
CREATE TABLE ref.code (code_set VARCHAR, code VARCHAR, meaning VARCHAR, from_year INTEGER, to_year INTEGER);
CREATE TABLE meta.issue (file VARCHAR, sheet VARCHAR, "row" INTEGER, "column" VARCHAR, field VARCHAR, rule VARCHAR, message VARCHAR);
CREATE TABLE stage.source_file (file_no INTEGER, source_file VARCHAR);
`

// stageTables are the tables sources write, loaded from the lake into stage:
// every table of every source, once.
var stageTables = func() []sources.Table {
	var out []sources.Table
	seen := map[string]bool{}
	for _, src := range Sources {
		for _, t := range src.Tables() {
			if !seen[t.Name] {
				seen[t.Name] = true
				out = append(out, t)
			}
		}
	}
	return out
}()

// The warehouse formats (config warehouse_format).
const (
	FormatCompatible = "compatible" // DuckDB 1.1's storage: every client from DuckDB 1.1 on opens it
	FormatLatest     = "latest"     // the newest storage of the driver's DuckDB (1.5.6): that release and later only
)

var WarehouseFormats = []string{FormatCompatible, FormatLatest}

// CompatibleStorage is the storage version of a compatible warehouse: the
// oldest DuckDB release the analysts' clients (Power BI and Excel through
// the ODBC driver, older CLIs, Python and R packages) may still carry.
const CompatibleStorage = "v1.1.0"

// warehouseDSN is the DuckDB connection string that creates the warehouse
// at path in the format: the storage version is fixed when the file is
// created, so it is a setting of the connection that creates it.
func warehouseDSN(path, format string) string {
	version := CompatibleStorage
	if format == FormatLatest {
		version = "latest"
	}
	return path + "?storage_compatibility_version=" + version
}

// build creates the warehouse at path (which must not exist) from the run's
// inputs and runs the models, in the storage format, and records what it
// changes against the published warehouse at previous. It returns how many
// issues meta.issue holds: the sources' and the models' checks together.
func build(ctx context.Context, path, previous, format, lake string, run *RunRecord, history []RunRecord, inputs []*input,
	cat *catalogue.Catalogue, geo *geography.Resolver) (issues int, err error) {
	connector, err := duckdb.NewConnector(warehouseDSN(path, format), nil)
	if err != nil {
		return 0, err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	exec := func(what, q string, args ...any) error {
		start := time.Now()
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if os.Getenv("YARDSTICK_PROFILE") != "" { // where a build's time goes, per statement group
			fmt.Fprintf(os.Stderr, "profile %6.2fs %s\n", time.Since(start).Seconds(), what)
		}
		return nil
	}
	// DuckDB keeps up to 80% of the machine's memory as buffers by default;
	// half a gigabyte builds the 1.4M-observation benchmark as fast (it
	// spills to disk beyond that) and keeps a run under 1 GiB.
	if err := exec("memory limit", "SET memory_limit = '512MB'"); err != nil {
		return 0, err
	}
	if err := exec("creating schemas", schemaDDL+validation.Schema); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "region", regionRows()); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "la", laRows(geo)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "indicator", indicatorRows(cat.Indicators)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "indicator_source", indicatorSourceRows(cat.Indicators)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "headline", headlineRows(cat)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "bank_holiday", bankHolidayRows()); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "theme", themeRows(cat.Themes)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "gap", gapRows(cat.Indicators, cat.Gaps)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "group_label", groupLabelRows(cat.Indicators)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "ref", "code", codeRows()); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "meta", "input_file", inputRows(inputs)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "meta", "issue", issueRows(inputs)); err != nil {
		return 0, err
	}
	if err := appendRows(conn, "stage", "source_file", sourceFileRows(inputs)); err != nil {
		return 0, err
	}
	for _, t := range stageTables {
		if err := exec("loading stage."+t.Name, loadStageSQL(lake, t, inputs)); err != nil {
			return 0, err
		}
	}
	for _, name := range models.Models {
		if name == "validate_*.sql" {
			if err := validate(ctx, conn, exec); err != nil {
				return 0, err
			}
			continue
		}
		q, err := models.Read(name)
		if err != nil {
			return 0, err
		}
		if os.Getenv("YARDSTICK_DEBUG_SQL") == name { // one statement at a time, to find a failing one
			var st strings.Builder
			for _, line := range strings.SplitAfter(q, "\n") {
				st.WriteString(line)
				t := strings.TrimSpace(line)
				if strings.HasSuffix(t, ";") && !strings.HasPrefix(t, "--") {
					if err := exec(fmt.Sprintf("model %s: %s", name, firstStatementLine(st.String())), st.String()); err != nil {
						return 0, err
					}
					st.Reset()
				}
			}
			continue
		}
		if err := exec("model "+name, q); err != nil {
			return 0, err
		}
	}
	if run.Compared, err = recordChanges(ctx, conn, exec, previous, run.RunID, publishedFingerprint(inputs, cat, geo)); err != nil {
		return 0, fmt.Errorf("recording the changes: %w", err)
	}
	start := time.Now()
	if err := comment(ctx, conn); err != nil {
		return 0, err
	}
	if os.Getenv("YARDSTICK_PROFILE") != "" {
		fmt.Fprintf(os.Stderr, "profile %6.2fs comments\n", time.Since(start).Seconds())
	}
	var rows int64
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM stage.observation), (SELECT count(*) FROM meta.issue)`).Scan(&rows, &issues); err != nil {
		return 0, err
	}
	run.Rows = rows
	counts, err := ValidationCounts(ctx, conn, "")
	if err != nil {
		return 0, err
	}
	for _, c := range counts {
		run.ValidationErrors += c.Errors
		run.ValidationQueries += c.Queries
	}
	if run.Returns, err = returnsAsAt(ctx, conn); err != nil {
		return 0, err
	}
	run.FinishedAt = time.Now().UTC()
	if err := appendRows(conn, "meta", "run", runRows(append(history, *run))); err != nil {
		return 0, err
	}
	return issues, exec("checkpoint", "CHECKPOINT")
}

// loadStageSQL builds stage.<table> from the inputs' Parquet files in the
// lake, adding source_file (or, for a keyed table, file_no: the input's
// number in stage.source_file), in the inputs' order. Inputs with the same
// content share their Parquet; each is loaded as its own input: the first
// by one read_parquet of every file, the copies beyond it after, by one
// more of the files they share, joined to a list of the copies (a file
// listed twice in one read_parquet would be read twice under the first
// input's name, and a SELECT per copy in a UNION passed DuckDB's limit of
// 1,000 nested expressions at 1,001 copies). With no files it creates the
// empty table.
func loadStageSQL(lake string, t sources.Table, inputs []*input) string {
	key := "source_file"
	if t.Keyed {
		key = "file_no"
	}
	names := make([]string, 0, len(t.Schema.Fields()))
	for _, f := range t.Schema.Fields() {
		names = append(names, f.Name)
	}
	cols := strings.Join(names, ", ")
	var files, cases, copied, copies []string
	seen, seenCopied := map[string]bool{}, map[string]bool{}
	for no, in := range inputs {
		rel, ok := in.Parquet[t.Name]
		if !ok || in.Status == "rejected" {
			continue
		}
		full := quote(filepath.ToSlash(filepath.Join(lake, rel)))
		id := quote(in.Rel)
		if t.Keyed {
			id = fmt.Sprint(no)
		}
		if seen[full] {
			if !seenCopied[full] {
				seenCopied[full] = true
				copied = append(copied, full)
			}
			copies = append(copies, fmt.Sprintf("(%s, %s, %d)", full, id, len(copies)))
			continue
		}
		seen[full] = true
		files = append(files, full)
		cases = append(cases, fmt.Sprintf("WHEN %s THEN %s", full, id))
	}
	if len(files) == 0 {
		decl := []string{"source_file VARCHAR"}
		if t.Keyed {
			decl = []string{"file_no INTEGER"}
		}
		for _, f := range t.Schema.Fields() {
			decl = append(decl, fmt.Sprintf("%s %s", f.Name, duckType(f.Type)))
		}
		return fmt.Sprintf("CREATE TABLE stage.%s (%s)", t.Name, strings.Join(decl, ", "))
	}
	q := fmt.Sprintf(`CREATE TABLE stage.%s AS SELECT CASE filename %s END AS %s, %s FROM read_parquet([%s], filename = true)`,
		t.Name, strings.Join(cases, " "), key, cols, strings.Join(files, ", "))
	if len(copies) > 0 {
		// sorted by copy and row, as the first inputs are: a join keeps
		// no order
		q += fmt.Sprintf(`;
INSERT INTO stage.%s SELECT c.id, r.%s FROM read_parquet([%s], filename = true, file_row_number = true) r
JOIN (VALUES %s) c(file, id, copy_no) ON r.filename = c.file ORDER BY c.copy_no, r.file_row_number`,
			t.Name, strings.Join(names, ", r."), strings.Join(copied, ", "), strings.Join(copies, ", "))
	}
	return q
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func duckType(t arrow.DataType) string {
	switch t.ID() {
	case arrow.INT32:
		return "INTEGER"
	case arrow.INT64:
		return "BIGINT"
	case arrow.FLOAT64:
		return "DOUBLE"
	case arrow.BOOL:
		return "BOOLEAN"
	case arrow.DATE32:
		return "DATE"
	default:
		return "VARCHAR"
	}
}

// appendRows loads rows with DuckDB's appender (fine for small tables).
func appendRows(conn *sql.Conn, schema, table string, rows [][]driver.Value) error {
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), schema, table)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", schema, table, err)
		}
		for _, r := range rows {
			if err := a.AppendRow(r...); err != nil {
				a.Close()
				return fmt.Errorf("%s.%s: %w", schema, table, err)
			}
		}
		return a.Close()
	})
}

func nullable(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func date(s string) driver.Value {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t
	}
	return nil
}

func regionRows() [][]driver.Value {
	var out [][]driver.Value
	for _, r := range geography.Regions {
		out = append(out, []driver.Value{r.Code, r.Name, nullable(r.Parent)})
	}
	return out
}

func laRows(geo *geography.Resolver) [][]driver.Value {
	var out [][]driver.Value
	for _, la := range geo.LAs() {
		out = append(out, []driver.Value{la.Code, nullable(la.CodeNew), la.Name, la.RegionCode,
			geography.RegionName(la.RegionCode), date(la.ValidFrom), date(la.ValidTo)})
	}
	return out
}

func groupLabelRows(cat []Indicator) [][]driver.Value {
	var out [][]driver.Value
	for _, g := range groupLabels(cat) {
		scope, _ := json.Marshal(g.Scope) // a map of strings always marshals
		out = append(out, []driver.Value{g.File, string(scope), g.Column, g.Label})
	}
	return out
}

// gapRows are ref.gap: a gap's unit is percentage points between
// percentages, points otherwise.
func gapRows(cat []Indicator, gaps []Gap) [][]driver.Value {
	unit := map[string]string{}
	for _, ind := range cat {
		unit[ind.ID] = ind.Unit
	}
	var out [][]driver.Value
	for _, g := range gaps {
		u := "points"
		if unit[g.Group] == "%" {
			u = "percentage points"
		}
		source := "built-in"
		if g.Origin == "config" {
			source = "declared in the config"
		}
		out = append(out, []driver.Value{g.ID, g.Label, g.Group, g.Comparison, u, source})
	}
	return out
}

// headlineRows are ref.headline: the front sheet's ids, kind and order.
func headlineRows(cat *catalogue.Catalogue) [][]driver.Value {
	gaps := map[string]bool{}
	for _, g := range cat.Gaps {
		gaps[g.ID] = true
	}
	var out [][]driver.Value
	for i, id := range cat.Headline {
		kind := "indicator"
		if gaps[id] {
			kind = "gap"
		}
		out = append(out, []driver.Value{id, kind, int32(i + 1)})
	}
	return out
}

// indicatorSourceRows are ref.indicator_source: each place an indicator's
// values are taken from, its own (source_no 1) then its also entries.
func indicatorSourceRows(cat []Indicator) [][]driver.Value {
	var out [][]driver.Value
	for _, ind := range cat {
		for i, a := range ind.Sources() {
			where := a.Where
			if where == nil {
				where = map[string]string{}
			}
			w, _ := json.Marshal(where) // a map of strings always marshals
			out = append(out, []driver.Value{ind.ID, int32(i + 1), a.File, a.Measure, string(w)})
		}
	}
	return out
}

func indicatorRows(cat []Indicator) [][]driver.Value {
	var out [][]driver.Value
	for _, ind := range cat {
		where := ind.Where
		if where == nil {
			where = map[string]string{}
		}
		w, _ := json.Marshal(where) // a map of strings always marshals
		source := ind.Source
		if source == "" && ind.FromConfig() {
			source = "declared in the config"
		}
		var lait driver.Value
		if ind.LAITCode > 0 {
			lait = int32(ind.LAITCode)
		}
		out = append(out, []driver.Value{ind.ID, ind.Label, ind.Unit, ind.Polarity, source,
			nullable(ind.File), nullable(ind.Measure), string(w), nullable(ind.RateOf), ind.Theme, ind.Origin,
			nullable(ind.PolarityReason), lait, nil, // decimal_places: from EES metadata (sql/ref_indicator_meta.sql)
			nullable(ind.Numerator), nullable(ind.Denominator)})
	}
	return out
}

func bankHolidayRows() [][]driver.Value {
	var out [][]driver.Value
	for _, h := range calendar.BankHolidays() {
		out = append(out, []driver.Value{h.Date, h.Name})
	}
	return out
}

func themeRows(themes []Theme) [][]driver.Value {
	var out [][]driver.Value
	for i, t := range themes {
		out = append(out, []driver.Value{t.ID, t.Title, int32(i + 1)})
	}
	return out
}

func codeRows() [][]driver.Value {
	var out [][]driver.Value
	year := func(y int) driver.Value {
		if y == 0 {
			return nil
		}
		return int32(y)
	}
	for _, c := range codeset.All() {
		out = append(out, []driver.Value{c.Set, c.Code, c.Meaning, year(c.FromYear), year(c.ToYear)})
	}
	return out
}

func inputRows(inputs []*input) [][]driver.Value {
	var out [][]driver.Value
	for _, in := range inputs {
		var url, version, release, published driver.Value
		if o := in.origin; o != nil {
			url, version, release = o.SourceURL, o.Version, nullable(releaseTitle(o))
			if o.Published != nil {
				published = *o.Published
			}
		}
		// A return's as_at from the config; stage_own_as_at.sql fills the
		// others' from their data.
		var asAt, basis driver.Value
		if !in.asAt.IsZero() {
			asAt, basis = in.asAt, "config"
		}
		out = append(out, []driver.Value{in.Rel, in.SHA256, nullable(in.Kind), in.Status, in.Rows, nullable(in.Reason), in.Seconds, nullable(in.Note),
			url, version, release, published, asAt, basis})
	}
	return out
}

// releaseTitle is the release title meta.input_file keeps of a file fetched
// from DfE's API: cut to shape.MaxText characters, as labels are.
func releaseTitle(o *eesapi.Entry) string {
	title, _ := shape.Clip(o.ReleaseTitle, shape.MaxText)
	return title
}

// inputIssues are an input's issues in meta.issue: its source's, and one
// for a release title releaseTitle cut.
func inputIssues(in *input) []sources.Issue {
	o := in.origin
	if o == nil {
		return in.Issues
	}
	if _, cut := shape.Clip(o.ReleaseTitle, shape.MaxText); !cut {
		return in.Issues
	}
	return append(in.Issues[:len(in.Issues):len(in.Issues)], sources.Issue{File: in.Rel, Column: "source_release", Rule: shape.TooLong,
		Message: shape.Clipped("release title", utf8.RuneCountInString(o.ReleaseTitle), shape.MaxText) + " (as DfE's API gave it for this data set's version)"})
}

// sourceFileRows number the inputs for keyed stage tables (file_no).
func sourceFileRows(inputs []*input) [][]driver.Value {
	var out [][]driver.Value
	for no, in := range inputs {
		out = append(out, []driver.Value{int32(no), in.Rel})
	}
	return out
}

func issueRows(inputs []*input) [][]driver.Value {
	var out [][]driver.Value
	for _, in := range inputs {
		for _, is := range inputIssues(in) {
			var row driver.Value
			if is.Row > 0 {
				row = int32(is.Row)
			}
			out = append(out, []driver.Value{is.File, nullable(is.Sheet), row, nullable(is.Column), nullable(is.Field), is.Rule, is.Message})
		}
	}
	return out
}

func runRows(runs []RunRecord) [][]driver.Value {
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].StartedAt.Before(runs[j].StartedAt) })
	var out [][]driver.Value
	for _, r := range runs {
		var fin driver.Value
		if !r.FinishedAt.IsZero() {
			fin = r.FinishedAt
		}
		out = append(out, []driver.Value{r.RunID, r.StartedAt, fin, r.Status, int32(r.Loaded), int32(r.Unchanged),
			int32(r.Rejected), r.Rows, r.Version, nullable(r.Message)})
	}
	return out
}

// removeDB removes a DuckDB file and its write-ahead log.
func removeDB(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
}

// comment sets the warehouse's descriptions (sql/comments.csv) as its
// tables' and columns' COMMENTs.
func comment(ctx context.Context, conn *sql.Conn) error {
	cs, err := models.Comments()
	if err != nil {
		return err
	}
	views := map[string]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE NOT internal`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		views[v] = true
	}
	rows.Close()
	// the stage tables' columns a source describes (child-level returns'
	// fields, from their specs)
	for _, t := range stageTables {
		for _, f := range t.Schema.Fields() {
			if text, ok := f.Metadata.GetValue(childlevel.CommentKey); ok {
				cs = append(cs, models.Comment{Table: "stage." + t.Name, Column: f.Name, Text: text})
			}
		}
	}
	// the columns the warehouse adds to every stage table it loads
	added, err := conn.QueryContext(ctx, `SELECT table_name, column_name FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name = 'stage' AND column_name IN ('source_file', 'file_no')`)
	if err != nil {
		return err
	}
	for added.Next() {
		var t, col string
		if err := added.Scan(&t, &col); err != nil {
			added.Close()
			return err
		}
		text := "The input file the row came from (meta.input_file.path)"
		if col == "file_no" {
			text = "The input's number: stage.source_file names it"
		}
		cs = append(cs, models.Comment{Table: "stage." + t, Column: col, Text: text})
	}
	added.Close()
	var b strings.Builder
	for _, c := range cs {
		text := "'" + strings.ReplaceAll(c.Text, "'", "''") + "'"
		switch {
		case c.Column != "":
			fmt.Fprintf(&b, "COMMENT ON COLUMN %s.%q IS %s;\n", c.Table, c.Column, text)
		case views[c.Table]:
			fmt.Fprintf(&b, "COMMENT ON VIEW %s IS %s;\n", c.Table, text)
		default:
			fmt.Fprintf(&b, "COMMENT ON TABLE %s IS %s;\n", c.Table, text)
		}
	}
	// one transaction, not one per statement: a thousand COMMENT
	// statements committed one by one took 0.5 to 0.8 s
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION;\n"+b.String()+"COMMIT;"); err != nil {
		if _, rerr := conn.ExecContext(ctx, "ROLLBACK"); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return fmt.Errorf("comments: %w", err)
	}
	return nil
}

// firstStatementLine is a statement's first line that is not a comment.
func firstStatementLine(q string) string {
	for _, l := range strings.Split(q, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
			return t
		}
	}
	return ""
}
