package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// cmdSchedule runs the pipeline on the config's schedule until the context
// is cancelled (SIGTERM or SIGINT), logging JSON lines. The config is read
// again before each run, so a change to it needs no restart (except to
// the schedule itself).
func cmdSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("schedule", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file; paths in it are relative to its folder")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	cfg, err := pipeline.LoadConfig(*config)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick schedule: %v\n", err)
		return exitUsage
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil { // checked by LoadConfig
		fmt.Fprintf(stderr, "yardstick schedule: %v\n", err)
		return exitUsage
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	for _, w := range cfg.Warnings {
		log.Warn(w)
	}
	job := func(ctx context.Context) {
		runID := pipeline.NewRunID()
		cfg, err := pipeline.LoadConfig(*config)
		if err != nil {
			log.Error("config cannot be read; run skipped", "run_id", runID, "err", err)
			return
		}
		sum, err := pipeline.Run(ctx, cfg, pipeline.Options{Log: log, RunID: runID})
		if err != nil {
			log.Error("run ended with an error", "run_id", runID, "err", err)
			return
		}
		level := slog.LevelInfo
		failed := len(pipeline.FetchFailed(sum.Fetch))
		if sum.Kept > 0 || failed > 0 { // published, but not from every file as it is now, or not from DfE's newest
			level = slog.LevelError
		}
		log.Log(ctx, level, "run finished", "run_id", runID, "status", sum.Status, "inputs_loaded", sum.Loaded,
			"inputs_unchanged", sum.Unchanged, "inputs_rejected", sum.Rejected, "inputs_kept_previous", sum.Kept,
			"fetch_failed", failed, "rows", sum.Rows, "extracts", len(sum.Extracts))
	}
	if err := pipeline.Schedule(ctx, cfg.Schedule, loc, log, job); err != nil {
		fmt.Fprintf(stderr, "yardstick schedule: %v\n", err)
		return exitUsage
	}
	return 0
}

// cmdExtract writes extracts from the published warehouse: one LA's with
// --la, else every extract the config lists.
func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("extract", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file naming the warehouse")
	la := fs.String("la", "", "old 3-digit LA code (default: every extract in the config)")
	format := fs.String("format", "", "xlsx, csv, parquet or html, or several comma-separated (default: the config's, else xlsx)")
	out := fs.String("out", "", "folder to write to (default: the config's, else extracts)")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	cfg, err := pipeline.LoadConfig(*config)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick extract: %v\n", err)
		return exitUsage
	}
	code := ""
	if *la != "" {
		var ok bool
		if code, _, ok = geography.NewResolver(geography.Builtin()).Resolve(*la, *la, *la); !ok {
			fmt.Fprintf(stderr, "yardstick extract: --la %q is not an LA code or name yardstick knows (give the old 3-digit code, e.g. 358)\n", *la)
			return exitUsage
		}
	}
	var todo []pipeline.ExtractConfig
	for _, e := range cfg.Extracts {
		if code == "" || e.LA == code {
			todo = append(todo, e)
		}
	}
	if code != "" && len(todo) == 0 {
		todo = []pipeline.ExtractConfig{{LA: code, Formats: []string{"xlsx"}, Out: "extracts"}}
	}
	if len(todo) == 0 {
		fmt.Fprintln(stderr, "yardstick extract: give --la CODE, or list extracts in the config")
		return exitUsage
	}
	// a path on the command line is relative to where it is typed; the
	// config's own paths stay relative to the config's folder
	outDir := *out
	if outDir != "" {
		if outDir, err = filepath.Abs(outDir); err != nil {
			fmt.Fprintf(stderr, "yardstick extract: --out: %v\n", err)
			return exitUsage
		}
	}
	for i := range todo {
		if *format != "" {
			todo[i].Formats = formatList(*format)
		}
		if outDir != "" {
			todo[i].Out = outDir
		}
		for _, f := range todo[i].Formats {
			if !slices.Contains(pipeline.ExtractFormats, f) {
				fmt.Fprintf(stderr, "yardstick extract: --format %q: use xlsx, csv, parquet or html\n", f)
				return exitUsage
			}
		}
	}
	exit := 0
	for _, e := range todo {
		res, err := pipeline.Extract(ctx, cfg, e)
		printExtracts(stdout, res)
		if err != nil {
			fmt.Fprintf(stderr, "yardstick extract: %v\n", err)
			exit = 1
		}
	}
	return exit
}

// formatList reads --format: comma-separated, spaces around the names
// allowed, each once.
func formatList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.ToLower(strings.TrimSpace(f)); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// cmdReport writes one LA's HTML report from the published warehouse.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("report", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file naming the warehouse")
	laFlag := fs.String("la", "", "the LA (old 3-digit code, ONS code or name); default the config's home_la")
	out := fs.String("out", "", "the report's file (.html), or a folder for <code>_<name>_report.html; default the current folder")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	cfg, code, ok := configAndLA("report", *config, *laFlag, stderr)
	if !ok {
		return exitUsage
	}
	dir, file := *out, ""
	if strings.HasSuffix(strings.ToLower(*out), ".html") {
		dir, file = filepath.Dir(*out), *out
	}
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick report: %v\n", err)
		return exitUsage
	}
	res, err := pipeline.Extract(ctx, cfg, pipeline.ExtractConfig{LA: code, Formats: []string{"html"}, Out: abs})
	if err != nil {
		fmt.Fprintf(stderr, "yardstick report: %v\n", err)
		return 1
	}
	path := res[0].Paths[0]
	if file != "" {
		if err := os.Rename(path, file); err != nil {
			fmt.Fprintf(stderr, "yardstick report: %v\n", err)
			return 1
		}
		path = file
	}
	fmt.Fprintf(stdout, "report written: %s\n", path)
	return 0
}

// cmdStatus shows the last runs, a run in progress, and what the published
// warehouse does not reflect.
func cmdStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("status", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file")
	n := fs.Int("runs", 10, "how many recent runs to show")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	if *n < 0 {
		fmt.Fprintf(stderr, "yardstick status: --runs %d: give how many runs to show, 0 or more\n", *n)
		return exitUsage
	}
	cfg, err := pipeline.LoadConfig(*config)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick status: %v\n", err)
		return exitUsage
	}
	rep, err := pipeline.Status(ctx, cfg, *n)
	if rep != nil {
		writeStatus(stdout, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "yardstick status: %v\n", err)
		return 1
	}
	return 0
}

func writeStatus(w io.Writer, rep *pipeline.StatusReport) {
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Local().Format("2006-01-02 15:04:05")
	}
	switch wh := rep.Warehouse; {
	case wh == nil:
		fmt.Fprintln(w, "warehouse: none published yet")
	default:
		fmt.Fprintf(w, "warehouse: %s, published %s by run %s (%.1f MB)\n", wh.Path, when(wh.Modified), wh.RunID, float64(wh.Size)/1e6)
	}
	if len(rep.Kept) > 0 {
		fmt.Fprintf(w, "KEPT PREVIOUS: %d input(s) rejected by the published run, each used at its last good version:\n", len(rep.Kept))
		for _, k := range rep.Kept {
			fmt.Fprintf(w, "  %s: %s\n", k.Path, k.Reason)
		}
	}
	if len(rep.FetchFailed) > 0 {
		fmt.Fprintf(w, "FETCH FAILED: the last run could not fetch %d data set(s) from DfE's API:\n", len(rep.FetchFailed))
		for _, o := range rep.FetchFailed {
			fmt.Fprintf(w, "  %s (%s): %s; %s\n", o.Name, o.ID, o.Reason, o.OnDisk())
		}
	}
	for _, line := range pipeline.ReturnsLines(rep.Returns) {
		terminal.Paragraph(w, line, 120)
	}
	if r := rep.Running; r != nil {
		fmt.Fprintf(w, "running now: run %s, pid %d, since %s\n", r.RunID, r.PID, when(r.Since))
	}
	fmt.Fprintf(w, "\nlast %d runs:\n", len(rep.Runs))
	for _, r := range rep.Runs {
		dur := ""
		if !r.FinishedAt.IsZero() {
			dur = r.FinishedAt.Sub(r.StartedAt).Round(100 * time.Millisecond).String()
		}
		fmt.Fprintf(w, "  %s  %s  %-9s %8s  loaded %d, unchanged %d, rejected %d",
			r.RunID, when(r.StartedAt), r.Status, dur, r.Loaded, r.Unchanged, r.Rejected)
		if r.Kept > 0 {
			fmt.Fprintf(w, ", kept previous %d", r.Kept)
		}
		fmt.Fprintf(w, "; %d rows", r.Rows)
		if r.ValidationErrors+r.ValidationQueries > 0 {
			fmt.Fprintf(w, "; returns break validation rules: %d errors, %d queries", r.ValidationErrors, r.ValidationQueries)
		}
		if r.Message != "" {
			fmt.Fprintf(w, "  %s", r.Message)
		}
		fmt.Fprintln(w)
	}
	if len(rep.Stale) > 0 {
		fmt.Fprintf(w, "\nstale: %d inputs the warehouse does not reflect yet (the next run picks them up):\n", len(rep.Stale))
		for _, s := range rep.Stale {
			fmt.Fprintf(w, "  %s: %s\n", s.Path, s.Reason)
		}
	} else if rep.Warehouse != nil {
		fmt.Fprintln(w, "\nstale: nothing; the warehouse reflects every input")
	}
	if c := rep.Indicators; c != nil {
		fmt.Fprintf(w, "\nindicators: %d built in, %d of them with no input (their publications are not among the inputs)",
			c.Builtin, c.BuiltinNoInput)
		if c.Config > 0 {
			fmt.Fprintf(w, "; %d from the config, %d of them with no values", c.Config, c.ConfigNoInput)
		}
		fmt.Fprintln(w)
		if c.Unmatched > 0 {
			fmt.Fprintf(w, "  %d definitions take a loaded file but match nothing in it: SELECT * FROM meta.issue WHERE rule LIKE 'indicator_%%'\n", c.Unmatched)
		}
	}
	if len(rep.Fetched) > 0 {
		fmt.Fprintf(w, "\nfetched from DfE's API (%d data sets):\n", len(rep.Fetched))
		for _, e := range rep.Fetched {
			published := ""
			if e.Published != nil {
				published = ", published " + e.Published.Format("2006-01-02")
			}
			fmt.Fprintf(w, "  %s version %s: %s%s; fetched %s\n", e.Name, e.Version, e.ReleaseTitle, published, when(e.FetchedAt))
		}
	}
	if len(rep.Rejected) > 0 {
		fmt.Fprintf(w, "\nrejected by the published run (%d):\n", len(rep.Rejected))
		for _, r := range rep.Rejected {
			fmt.Fprintf(w, "  %s: %s\n", r.Path, r.Reason)
		}
	}
}
