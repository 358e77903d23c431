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
	if err := pipeline.Published(cfg.Abs(cfg.Warehouse)); err != nil {
		fmt.Fprintf(stderr, "yardstick extract: %v\n", err)
		return 1
	}
	code := ""
	if *la != "" {
		var ok bool
		if code, ok = resolveLA("extract", *la, stderr); !ok {
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

// extractsFolder is where the config puts the LA's extracts (its own
// extract's out, else the first extract's, else extracts/ beside the
// config): a report without --out goes there, with the other extracts,
// not into whatever folder the command was typed in.
func extractsFolder(cfg *pipeline.Config, la string) string {
	for _, e := range cfg.Extracts {
		if e.LA == la {
			return cfg.Abs(e.Out)
		}
	}
	if len(cfg.Extracts) > 0 {
		return cfg.Abs(cfg.Extracts[0].Out)
	}
	return cfg.Abs("extracts")
}

// cmdReport writes one LA's HTML report from the published warehouse.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("report", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file naming the warehouse")
	laFlag := fs.String("la", "", "the LA (old 3-digit code, ONS code or name); default the config's home_la")
	out := fs.String("out", "", "the report's file (.html), or a folder for <code>_<name>_report.html; default the config's extracts folder")
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
		dir = extractsFolder(cfg, code)
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
	width := terminal.WidthOf(w)
	line := func(format string, a ...any) { terminal.Hang(w, fmt.Sprintf(format, a...), width) }
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Local().Format("2006-01-02 15:04:05")
	}
	switch wh := rep.Warehouse; {
	case wh == nil:
		line("warehouse: none published yet")
	default:
		line("warehouse: %s, published %s by run %s (%.1f MB)", wh.Path, when(wh.Modified), wh.RunID, float64(wh.Size)/1e6)
	}
	if len(rep.Kept) > 0 {
		line("KEPT PREVIOUS: %s rejected by the published run, each used at its last good version:", terminal.Count(len(rep.Kept), "input", "inputs"))
		for _, k := range rep.Kept {
			line("  %s: %s", k.Path, k.Reason)
		}
	}
	if len(rep.FetchFailed) > 0 {
		line("FETCH FAILED: the last run could not fetch %s from DfE's API:", terminal.Count(len(rep.FetchFailed), "data set", "data sets"))
		for _, o := range rep.FetchFailed {
			line("  %s (%s): %s; %s", o.Name, o.ID, o.Reason, o.OnDisk())
		}
	}
	for _, l := range pipeline.ReturnsLines(rep.Returns) {
		line("%s", l)
	}
	if r := rep.Running; r != nil {
		line("running now: run %s, pid %d, since %s", r.RunID, r.PID, when(r.Since))
	}
	fmt.Fprintln(w)
	line("last %s:", terminal.Count(len(rep.Runs), "run", "runs"))
	for _, r := range rep.Runs {
		dur := ""
		if !r.FinishedAt.IsZero() {
			dur = r.FinishedAt.Sub(r.StartedAt).Round(100 * time.Millisecond).String()
		}
		text := fmt.Sprintf("  %s  %s  %-9s %8s  loaded %d, unchanged %d, rejected %d",
			r.RunID, when(r.StartedAt), r.Status, dur, r.Loaded, r.Unchanged, r.Rejected)
		if r.Kept > 0 {
			text += fmt.Sprintf(", kept previous %d", r.Kept)
		}
		text += "; " + terminal.Count(r.Rows, "row", "rows")
		if r.ValidationErrors+r.ValidationQueries > 0 {
			text += fmt.Sprintf("; returns break validation rules: %s, %s", terminal.Count(r.ValidationErrors, "error", "errors"),
				terminal.Count(r.ValidationQueries, "query", "queries"))
		}
		if r.Message != "" {
			text += "  " + r.Message
		}
		line("%s", text)
	}
	if len(rep.Stale) > 0 {
		fmt.Fprintln(w)
		line("stale: %s the warehouse does not reflect yet (the next run picks them up):", terminal.Count(len(rep.Stale), "input", "inputs"))
		for _, s := range rep.Stale {
			line("  %s: %s", s.Path, s.Reason)
		}
	} else if rep.Warehouse != nil {
		fmt.Fprintln(w)
		line("stale: nothing; the warehouse reflects every input")
	}
	if notRead := pipeline.NotReadLine(rep.NotRead); notRead != "" {
		line("%s", notRead)
	}
	if c := rep.Indicators; c != nil {
		text := fmt.Sprintf("indicators: %d built in, %d of them with no input (their publications are not among the inputs)",
			c.Builtin, c.BuiltinNoInput)
		if c.Config > 0 {
			text += fmt.Sprintf("; %d from the config, %d of them with no values", c.Config, c.ConfigNoInput)
		}
		fmt.Fprintln(w)
		line("%s", text)
		if u := c.Unmatched; u.Definitions > 0 {
			what := "definition takes a loaded file but matches nothing in it"
			if u.Definitions > 1 {
				what = "definitions take a loaded file but match nothing in it; the first"
			}
			line("  %d indicator %s (SELECT * FROM meta.issue WHERE rule LIKE 'indicator_%%'):", u.Definitions, what)
			line("    %s", u.First)
		}
	}
	if len(rep.Fetched) > 0 {
		fmt.Fprintln(w)
		line("fetched from DfE's API (%s):", terminal.Count(len(rep.Fetched), "data set", "data sets"))
		for _, e := range rep.Fetched {
			published := ""
			if e.Published != nil {
				published = ", published " + e.Published.Format("2006-01-02")
			}
			line("  %s version %s: %s%s; fetched %s", e.Name, e.Version, e.ReleaseTitle, published, when(e.FetchedAt))
		}
	}
	if len(rep.Rejected) > 0 {
		fmt.Fprintln(w)
		line("rejected by the published run (%d):", len(rep.Rejected))
		for _, r := range rep.Rejected {
			line("  %s: %s", r.Path, r.Reason)
		}
	}
}
