// Package extract writes benchmark extracts from the published warehouse
// for people who never open a database: one LA's workbook (xlsx), its rows
// of the marts (csv), and the whole marts as hive-partitioned Parquet.
// Every file is written under a temporary name and renamed into place, and
// no text cell can run as a spreadsheet formula.
package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/yardstick-etl/yardstick/pipeline/lareport"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options say what to extract.
type Options struct {
	LA      string   // old 3-digit DfE code
	Formats []string // xlsx | csv | parquet | html
	Out     string   // folder
	// Now is the time the extract says it was generated, in the zone to
	// show it in.
	Now time.Time
	// IfOlderThan, when set, skips a format whose files all exist and are
	// at least this new (a run that changed nothing rewrites nothing).
	IfOlderThan time.Time
}

// Result is what one format wrote, or why it wrote nothing.
type Result struct {
	LA, Format string
	Paths      []string
	Skipped    bool // up to date
	Seconds    float64
}

// runInfo is the published run the warehouse holds, for the notes.
type runInfo struct {
	RunID, Version string
	FinishedAt     time.Time
}

// Write writes opt.LA's extracts in each format. A failing format does not
// stop the others; their errors are joined.
func Write(ctx context.Context, db *sql.DB, opt Options) ([]Result, error) {
	la, err := lookupLA(ctx, db, opt.LA)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return nil, err
	}
	var out []Result
	var errs []error
	var model *lareport.Report // the LA's report, read once for the workbook and the HTML report
	report := func() (*lareport.Report, error) {
		if model != nil {
			return model, nil
		}
		m, err := lareport.Build(ctx, db, la.Code)
		if err == nil {
			model = m
		}
		return m, err
	}
	for _, format := range opt.Formats {
		paths := la.paths(opt.Out, format)
		res := Result{LA: la.Code, Format: format, Paths: paths}
		if fresh(paths, opt.IfOlderThan) {
			res.Skipped = true
			out = append(out, res)
			continue
		}
		start := time.Now()
		switch format {
		case "xlsx":
			var m *lareport.Report
			if m, err = report(); err == nil {
				err = writeWorkbook(ctx, db, la, m, paths[0], opt.Now)
			}
		case "csv":
			if err = writeCSV(ctx, db, la, paths[0], paths[1], paths[2]); err == nil {
				err = validationCSV(ctx, db, la, paths[3])
			}
		case "parquet":
			err = writeParquet(ctx, db, paths[0])
		case "html":
			var m *lareport.Report
			if m, err = report(); err == nil {
				err = writeReport(ctx, db, la, m, paths[0], opt.Now)
			}
		default:
			err = fmt.Errorf("unknown format %q: use xlsx, csv, parquet or html", format)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s extract for %s (%s): %w", format, la.Name, la.Code, err))
			continue
		}
		res.Seconds = time.Since(start).Seconds()
		out = append(out, res)
	}
	return out, errors.Join(errs...)
}

// la is the LA an extract is for, as the warehouse names it.
type la struct {
	Code, Name, RegionName string
}

func lookupLA(ctx context.Context, db *sql.DB, code string) (la, error) {
	l := la{Code: code}
	err := db.QueryRowContext(ctx, `SELECT la_name, coalesce(region_name, '') FROM ref.la WHERE la_code = $1
		ORDER BY valid_from DESC NULLS FIRST LIMIT 1`, code).Scan(&l.Name, &l.RegionName)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("LA %q is not in the warehouse's ref.la: give the old 3-digit DfE code, e.g. 358 for Trafford", code)
	}
	return l, err
}

// Base is the start of the name of an LA's files in out: its code and
// name, so a folder of extracts sorts and reads well ("358_trafford").
func Base(out, code, name string) string { return filepath.Join(out, code+"_"+slug(name)) }

// paths are the files a format writes, named from Base. Parquet is the
// whole marts, the same for every LA.
func (l la) paths(out, format string) []string {
	base := Base(out, l.Code, l.Name)
	switch format {
	case "xlsx":
		return []string{base + "_benchmarks.xlsx"}
	case "csv":
		return []string{base + "_la_benchmark.csv", base + "_gap.csv", base + "_in_year.csv", base + "_validation.csv"}
	case "parquet":
		return []string{filepath.Join(out, "parquet")}
	case "html":
		return []string{base + "_report.html"}
	}
	return nil
}

// maxSlug caps the LA's name in a file name: an LA name of 300 characters
// made every extract fail ("file name too long": most filesystems allow
// 255 bytes a name). The LA's code before it keeps names unique.
const maxSlug = 60

// slug is the LA's name for a file name: lower-case letters and digits,
// "_" between words, at most maxSlug characters (cut at a word's end when
// one ends there), never empty.
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	out := strings.TrimSuffix(b.String(), "_")
	if len(out) > maxSlug { // ASCII only: bytes are characters
		cut := strings.LastIndexByte(out[:maxSlug+1], '_')
		if cut <= 0 { // one word longer than the cap
			cut = maxSlug
		}
		out = strings.TrimSuffix(out[:cut], "_")
	}
	if out == "" {
		return "la"
	}
	return out
}

func fresh(paths []string, since time.Time) bool {
	if since.IsZero() {
		return false
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || st.ModTime().Before(since) {
			return false
		}
	}
	return true
}

// publishedRun is the run that published the warehouse.
func publishedRun(ctx context.Context, db *sql.DB) (runInfo, error) {
	var r runInfo
	err := db.QueryRowContext(ctx, `SELECT run_id, version, finished_at FROM meta.run
		WHERE status = 'published' ORDER BY started_at DESC LIMIT 1`).Scan(&r.RunID, &r.Version, &r.FinishedAt)
	return r, err
}

// tempPath is where a file is written before it is renamed to path: beside
// it, so the rename stays on one filesystem.
func tempPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+fmt.Sprintf(".%d.tmp", os.Getpid()))
}

// Escape makes text safe to open in a spreadsheet: text that a spreadsheet
// would run as a formula (starting =, +, -, @, tab or carriage return) gets
// a leading apostrophe, OWASP's advice for CSV.
func Escape(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
