// Command yardstick builds a DuckDB warehouse of benchmarks from English
// councils' children's services data. Subcommands: run, demo, query.
package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline"
	"github.com/yardstick-etl/yardstick/pipeline/catalogue"
	"github.com/yardstick-etl/yardstick/pipeline/demo"
	"github.com/yardstick-etl/yardstick/pipeline/extract"
	"github.com/yardstick-etl/yardstick/pipeline/lareport"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
)

// exitUsage is the exit code for usage errors; 1 is a failed run.
const exitUsage = 2

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run runs a command. Everything it prints passes through one
// terminal.Writer per stream, made here, so text from the inputs (a zip
// member's name, a metadata label, a release title) reaches a terminal
// with its control characters escaped, whichever line prints it; only
// machine data on its way to a file or a pipe bypasses it (dataWriter).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	out, errs := terminal.NewWriter(stdout), terminal.NewWriter(stderr)
	defer errs.Flush()
	defer out.Flush()
	stdout, stderr = out, errs
	if len(args) == 0 {
		fmt.Fprint(stderr, overview())
		return exitUsage
	}
	return dispatch(ctx, args, stdout, stderr)
}

// dataWriter is where a command writes machine data (query's csv and
// json, catalogue's csv and yaml): escaped for a terminal, as everything
// else, but byte for byte what it is to a file or a pipe.
func dataWriter(stdout io.Writer) io.Writer {
	if isTerminal(stdout) {
		return stdout
	}
	return terminal.Raw(stdout)
}

// dispatch runs a command by name.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	switch args[0] {
	case "run":
		return cmdRun(ctx, args[1:], stdout, stderr)
	case "demo":
		return cmdDemo(ctx, args[1:], stdout, stderr)
	case "query":
		return cmdQuery(ctx, args[1:], stdout, stderr)
	case "schedule":
		return cmdSchedule(ctx, args[1:], stdout, stderr)
	case "extract":
		return cmdExtract(ctx, args[1:], stdout, stderr)
	case "status":
		return cmdStatus(ctx, args[1:], stdout, stderr)
	case "fetch":
		return cmdFetch(ctx, args[1:], stdout, stderr)
	case "catalogue":
		return cmdCatalogue(args[1:], stdout, stderr)
	case "headline":
		return cmdHeadline(ctx, args[1:], stdout, stderr)
	case "digest":
		return cmdDigest(ctx, args[1:], stdout, stderr)
	case "report":
		return cmdReport(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		return cmdVersion(stdout)
	case "help", "-h", "--help":
		return cmdHelp(args[1:], stdout, stderr)
	}
	return unknownCommand(args[0], stderr)
}

// isTerminal says whether f, or the writer it escapes for, is a character
// device (an interactive terminal).
func isTerminal(f any) bool {
	if w, ok := f.(io.Writer); ok {
		f = terminal.Raw(w)
	}
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func options(stderr io.Writer) pipeline.Options {
	opt := pipeline.Options{Log: slog.New(slog.NewTextHandler(stderr, nil))}
	if isTerminal(stderr) {
		opt.Progress = terminal.Redraw(stderr) // its own line-clearing passes, file names are escaped
		opt.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return opt
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("run", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file; paths in it are relative to its folder")
	force := fs.Bool("force", false, "rebuild and republish even when nothing changed")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	cfg, err := pipeline.LoadConfig(*config)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick run: %v\n", err)
		return exitUsage
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(stderr, "yardstick run: warning: %s\n", w)
	}
	opt := options(stderr)
	opt.Force = *force
	sum, err := pipeline.Run(ctx, cfg, opt)
	printSummary(stdout, sum)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick run: %v\n", err)
		var ce *pipeline.ConfigError
		if errors.As(err, &ce) {
			return exitUsage
		}
		return 1
	}
	return 0
}

func printSummary(w io.Writer, sum *pipeline.Summary) {
	if sum == nil {
		return
	}
	width := terminal.WidthOf(w)
	line := func(format string, a ...any) { terminal.Hang(w, fmt.Sprintf(format, a...), width) }
	printFetch(w, sum.Fetch, false)
	// Inputs rejected now whose last good version stands in come first:
	// the warehouse is not what the files in the inbox say.
	for _, in := range sum.Inputs {
		if in.Status == "kept_previous" {
			line("KEPT PREVIOUS  %s: %s", in.Path, in.Reason)
		}
	}
	for _, in := range sum.Inputs {
		if in.Status == "rejected" {
			line("rejected  %s: %s", in.Path, in.Reason)
		}
	}
	if notRead := pipeline.NotReadLine(sum.Inputs); notRead != "" {
		line("%s", notRead)
	}
	kept := ""
	if sum.Kept > 0 {
		kept = fmt.Sprintf(", %d rejected and kept at their last good version", sum.Kept)
	}
	line("run %s %s: %s loaded, %d unchanged, %d rejected%s",
		sum.RunID, sum.Status, terminal.Count(sum.Loaded, "input", "inputs"), sum.Unchanged, sum.Rejected, kept)
	line("  %s; %s (see meta.issue)", terminal.Count(sum.Rows, "observation", "observations"), terminal.Count(sum.Issues, "issue", "issues"))
	if u := sum.Unmatched; u.Definitions > 0 {
		what := "definition matches nothing in a file it takes"
		if u.Definitions > 1 {
			what = "definitions match nothing in a file they take; the first"
		}
		line("  %d indicator %s (meta.issue, rules indicator_*):", u.Definitions, what)
		line("    %s", u.First)
	}
	for _, l := range pipeline.ReturnsLines(sum.Returns) {
		line("%s", l)
	}
	if v := validationText(sum); v != "" {
		line("%s", v)
	}
	switch sum.Status {
	case "published":
		line("warehouse: %s", sum.Warehouse)
		if sum.Changes != "" {
			line("changes: %s (yardstick digest lists them)", sum.Changes)
		}
	case "unchanged":
		line("no changes since the last published run: warehouse %s kept as it is (--force rebuilds it)", sum.Warehouse)
	}
	printExtracts(w, sum.Extracts)
}

// validationText is the summary's line on the returns' validation
// failures, per LA when they are of several (pipeline.ValidationCounts,
// as headline counts them); "" when none.
func validationText(sum *pipeline.Summary) string {
	errs, queries := sum.ValidationErrors, sum.ValidationQueries
	if len(sum.Validation) > 0 {
		errs, queries = 0, 0
		for _, c := range sum.Validation {
			errs, queries = errs+c.Errors, queries+c.Queries
		}
	}
	if errs+queries == 0 {
		return ""
	}
	text := fmt.Sprintf("returns: %s break DfE's validation rules as errors, %s as queries", terminal.Count(errs, "row", "rows"), terminal.Thousands(int64(queries)))
	if len(sum.Validation) > 1 {
		var las []string
		for i, c := range sum.Validation {
			if i == 5 {
				las = append(las, fmt.Sprintf("%d more LAs", len(sum.Validation)-i))
				break
			}
			name := c.LA
			if c.Name != "" {
				name = fmt.Sprintf("%s (%s)", c.Name, c.LA)
			}
			las = append(las, fmt.Sprintf("%s %s, %s", name, terminal.Count(c.Errors, "error", "errors"), terminal.Count(c.Queries, "query", "queries")))
		}
		text += ": " + strings.Join(las, "; ")
	}
	return text + " (see mart.validation_summary)"
}

func printExtracts(w io.Writer, res []pipeline.ExtractResult) {
	for _, r := range res {
		for _, p := range r.Paths {
			state := "written"
			if r.Skipped {
				state = "up to date"
			}
			terminal.Hang(w, fmt.Sprintf("extract %s %-7s %s: %s", r.LA, r.Format, state, p), terminal.WidthOf(w))
		}
	}
}

// stdin is where query reads SQL when it is given none (tests replace it).
var stdin io.Reader = os.Stdin

// cmdQuery runs SQL against the published warehouse. Its flags may come
// before or after the SQL, and SQL that starts with a "--" comment is SQL,
// not a flag: the arguments are read by queryArgs, not package flag.
func cmdQuery(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("query", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file naming the warehouse")
	format := fs.String("format", "table", "output format: table, csv or json")
	file := fs.String("f", "", "read the SQL from this `FILE` (- for standard input)")
	tables := fs.Bool("tables", false, "list the warehouse's tables, with row counts and descriptions")
	safe := fs.Bool("safe", false, "reach the warehouse only: no files (COPY TO, read_csv, read_text), ATTACH, INSTALL, LOAD or SET (for a shared account)")
	flagArgs, sqlParts, err := queryArgs(args, fs)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick query: %v\nsee `yardstick help query`\n", err)
		return exitUsage
	}
	if code, ok := fs.parse(flagArgs, 0); !ok {
		return code
	}
	switch *format {
	case "table", "csv", "json":
	default:
		fmt.Fprintf(stderr, "yardstick query: --format %q: use table, csv or json\n", *format)
		return exitUsage
	}
	q := strings.Join(sqlParts, " ")
	switch {
	case *tables:
		if q != "" || *file != "" {
			fmt.Fprintln(stderr, "yardstick query: --tables takes no SQL")
			return exitUsage
		}
		q = pipeline.TablesSQL
	case *file != "" && q != "":
		fmt.Fprintln(stderr, "yardstick query: give the SQL as an argument or with -f, not both")
		return exitUsage
	case *file == "-", *file == "" && q == "" && !isTerminal(stdin):
		b, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "yardstick query: reading standard input: %v\n", err)
			return 1
		}
		q = string(b)
	case *file != "":
		b, err := os.ReadFile(*file)
		if err != nil {
			fmt.Fprintf(stderr, "yardstick query: %v\n", err)
			return exitUsage
		}
		q = string(b)
	}
	if strings.TrimSpace(q) == "" {
		fmt.Fprintln(stderr, "yardstick query: give SQL as an argument, with -f FILE, or on standard input\nsee `yardstick help query`")
		return exitUsage
	}
	cfg, err := pipeline.LoadConfig(*config)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick query: %v\n", err)
		return exitUsage
	}
	open := pipeline.OpenReadOnly
	if *safe {
		open = pipeline.OpenSafe
	}
	db, err := open(cfg.Abs(cfg.Warehouse))
	if err != nil {
		fmt.Fprintf(stderr, "yardstick query: %v\n", err)
		return 1
	}
	defer db.Close()
	w := stdout // a table is for people: escaped wherever it goes
	if *format != "table" {
		w = dataWriter(stdout)
	}
	if err := pipeline.Query(ctx, db, q, *format, w); err != nil {
		fmt.Fprintf(stderr, "yardstick query: %v\n", err)
		if *safe && pipeline.Refused(err) {
			fmt.Fprintln(stderr, "yardstick query: --safe: the SQL reaches the warehouse only, no other file, database, extension or setting")
		}
		return 1
	}
	return 0
}

// queryArgs separates query's flags from its SQL: an argument is a flag
// when it is -NAME or --NAME (or NAME=VALUE) for a flag query has, or
// -h/--help; a flag that takes a value takes the next argument. Anything
// else is SQL, in order, wherever it stands.
func queryArgs(args []string, fs *command) (flags, sql []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		f := fs.Lookup(name)
		isFlag := strings.HasPrefix(a, "-") && !strings.ContainsAny(a, " \t\n") && (f != nil || name == "h" || name == "help")
		if !isFlag {
			sql = append(sql, a)
			continue
		}
		flags = append(flags, a)
		if f == nil || hasValue {
			continue
		}
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			continue
		}
		if i+1 >= len(args) {
			return nil, nil, fmt.Errorf("flag %s needs a value", a)
		}
		i++
		flags = append(flags, args[i])
	}
	return flags, sql, nil
}

// cmdCatalogue prints the catalogue a run would use: the built-in one with
// the config's indicators and gaps (when the config file exists; an
// explicit --config must).
func cmdCatalogue(args []string, stdout, stderr io.Writer) int {
	fs := newCommand("catalogue", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file whose indicators and gaps are added (optional)")
	format := fs.String("format", "table", "output format: "+strings.Join(catalogue.Formats, ", "))
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	if !slices.Contains(catalogue.Formats, *format) {
		fmt.Fprintf(stderr, "yardstick catalogue: --format %q: use one of %s\n", *format, strings.Join(catalogue.Formats, ", "))
		return exitUsage
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	cat := catalogue.MustBuiltin()
	if _, err := os.Stat(*config); err == nil || explicit {
		cfg, err := pipeline.LoadConfig(*config)
		if err != nil {
			fmt.Fprintf(stderr, "yardstick catalogue: %v\n", err)
			return exitUsage
		}
		cat = pipeline.Effective(cfg)
	}
	w := stdout
	if *format != "table" {
		w = dataWriter(stdout)
	}
	if err := catalogue.Write(w, cat, *format); err != nil {
		fmt.Fprintf(stderr, "yardstick catalogue: %v\n", err)
		return 1
	}
	return 0
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("demo", stdout, stderr)
	dir := fs.String("dir", "yardstick-demo", "folder for the synthetic inputs, config and warehouse")
	laCode := fs.String("la", "358", "old 3-digit LA code whose headline table is shown (358 is Trafford)")
	years := fs.Int("years", demo.DefaultOptions.Years, "how many years of synthetic data")
	seed := fs.Uint64("seed", demo.DefaultOptions.Seed, "seed of the synthetic data")
	long := fs.Int("long", 0, "also write a long-layout file with this many measures on a measure_code filter, declared as indicators (the benchmark's long workload)")
	inject := fs.Bool("inject", false, "also inject into the LA's returns rows that break each validation rule once (the workbook's Validation sheet then lists them)")
	wide := fs.Bool("wide", false, "print the headline tables one line per row, however wide")
	force := fs.Bool("force", false, "replace a yardstick.yaml edited since the demo wrote it, and rebuild the warehouse even when nothing changed")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	dirSet := false
	fs.Visit(func(f *flag.Flag) { dirSet = dirSet || f.Name == "dir" })
	if _, err := os.Stat(demoMark); err == nil && !dirSet {
		*dir = "." // run from inside a demo folder: that folder, not a new one within it
	}
	if _, ok := geography.NewResolver(geography.Builtin()).Latest(*laCode); !ok {
		fmt.Fprintf(stderr, "yardstick demo: --la %q is not an LA code: give the old 3-digit DfE code, e.g. 358 for Trafford\n", *laCode)
		return exitUsage
	}
	opt := demo.DefaultOptions
	opt.Years, opt.Seed, opt.LongMeasures, opt.Inject = *years, *seed, *long, *inject
	if _, err := demo.Generate(*dir, opt); err != nil {
		fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
		return 1
	}
	if _, err := demo.GenerateReturns(*dir, *laCode, opt); err != nil {
		fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
		return 1
	}
	// and the next year's, as the case system gives them on 30 September:
	// the in-year position (mart.in_year)
	if _, err := demo.GenerateLiveReturns(*dir, *laCode, opt, time.Date(opt.LastYear, 9, 30, 0, 0, 0, 0, time.UTC)); err != nil {
		fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
		return 1
	}
	// The demo's own pseudonymisation key, kept from run to run so the
	// pseudonyms (and the staged files) stay the same.
	keyPath := filepath.Join(*dir, "yardstick.key")
	if _, err := os.Stat(keyPath); os.IsNotExist(err) {
		if err := pseudonym.NewKeyFile(keyPath); err != nil {
			fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
			return 1
		}
	}
	cfgPath := filepath.Join(*dir, "yardstick.yaml")
	conf := fmt.Sprintf(demoConfig, *laCode)
	if *long > 0 {
		conf += "indicators:\n" + demo.LongIndicatorsYAML(*long)
	}
	if err := writeDemoConfig(*dir, cfgPath, conf, *force, stderr); err != nil {
		fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
		return 1
	}
	cfg, err := pipeline.LoadConfig(cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
		return 1
	}
	runOpt := options(stderr)
	runOpt.Force = *force // --force rebuilds, as run's does, besides replacing the config
	sum, err := pipeline.Run(ctx, cfg, runOpt)
	printSummary(stdout, sum)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
		return 1
	}
	db, err := pipeline.OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
		return 1
	}
	defer db.Close()
	width := terminal.Width
	if *wide {
		width = 0
	}
	err = writeHeadline(ctx, stdout, db, *laCode, width)
	if err == nil {
		err = writeOwnReturns(ctx, stdout, db, *laCode, opt.LastYear)
	}
	if err == nil {
		err = writeOwnPositions(ctx, stdout, db, *laCode, width)
	}
	if err != nil {
		fmt.Fprintf(stderr, "yardstick demo: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "\nSynthetic data, not real figures. Query it:\n  go run ./cmd/yardstick query --config %s \"SELECT * FROM mart.la_benchmark LIMIT 5\"\n", cfgPath)
	return 0
}

// writeHeadline prints the LA's latest Ofsted judgement, its headline
// figures and its gaps, fitting width characters a line (0: no limit).
func writeHeadline(ctx context.Context, w io.Writer, db *sql.DB, la string, width int) error {
	rep, err := lareport.Build(ctx, db, la) // the LA's report, as the workbook and the HTML report have it
	if err != nil {
		return err
	}
	inspection, err := extract.InspectionText(ctx, db, la)
	if err != nil {
		return err
	}
	if err := pipeline.WriteHeadlines(w, pipeline.ReportName(rep), inspection, pipeline.HeadlinesOf(rep), width); err != nil {
		return err
	}
	gs, err := pipeline.GapLinesOf(ctx, db, rep)
	if err != nil {
		return err
	}
	return pipeline.WriteGaps(w, gs, width)
}

// writeOwnPositions prints the LA's own figures from its returns, where
// they would rank, its headline own figures in year, and how its returns
// fare against the validation rules.
func writeOwnPositions(ctx context.Context, w io.Writer, db *sql.DB, la string, width int) error {
	ps, err := pipeline.Positions(ctx, db, la)
	if err != nil {
		return err
	}
	if err := pipeline.WritePositions(w, ps, width); err != nil {
		return err
	}
	figs, err := extract.InYear(ctx, db, la)
	if err != nil {
		return err
	}
	if err := pipeline.WriteInYear(w, figs, width); err != nil {
		return err
	}
	line, err := pipeline.ValidationLine(ctx, db, la)
	if err == nil && line != "" {
		fmt.Fprintf(w, "\n%s\n", line)
	}
	return err
}

// configAndLA loads the config and resolves an --la flag (an old code, an
// ONS code or a name; the config's home_la when empty) to the LA's code,
// saying what is wrong on stderr when it cannot.
func configAndLA(cmd, config, la string, stderr io.Writer) (*pipeline.Config, string, bool) {
	cfg, err := pipeline.LoadConfig(config)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick %s: %v\n", cmd, err)
		return nil, "", false
	}
	if la == "" {
		la = cfg.HomeLA
	}
	code, ok := resolveLA(cmd, la, stderr)
	return cfg, code, ok
}

// resolveLA reads an --la flag (an old code, an ONS code or a name) as the
// LA's old code, saying on stderr when it cannot, with the nearest LA's
// name when one is near ("Traford": did you mean Trafford, 358?).
func resolveLA(cmd, la string, stderr io.Writer) (string, bool) {
	geo := geography.NewResolver(geography.Builtin())
	if code, _, ok := geo.Resolve(la, la, la); ok {
		return code, true
	}
	hint := "give the old 3-digit code, e.g. 358, the ONS code or the name"
	if near, ok := geo.Nearest(la); ok {
		hint = fmt.Sprintf("did you mean %s (%s)?", near.Name, near.Code)
	}
	fmt.Fprintf(stderr, "yardstick %s: --la %q is not an LA code or name yardstick knows: %s\n", cmd, la, hint)
	return "", false
}

// cmdHeadline prints one LA's headline table from the published warehouse,
// as the demo does for its LA.
func cmdHeadline(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("headline", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file naming the warehouse")
	laCode := fs.String("la", "", "the LA (old 3-digit code, ONS code or name); default the config's home_la")
	wide := fs.Bool("wide", false, "print every cell on one line, however wide")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	cfg, code, ok := configAndLA("headline", *config, *laCode, stderr)
	if !ok {
		return exitUsage
	}
	db, err := pipeline.OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		fmt.Fprintf(stderr, "yardstick headline: %v\n", err)
		return 1
	}
	defer db.Close()
	width := terminal.Width
	if *wide {
		width = 0
	}
	if err := writeHeadline(ctx, stdout, db, code, width); err == nil {
		err = writeOwnPositions(ctx, stdout, db, code, width)
		if err != nil {
			fmt.Fprintf(stderr, "yardstick headline: %v\n", err)
			return 1
		}
	} else {
		fmt.Fprintf(stderr, "yardstick headline: %v\n", err)
		return 1
	}
	return 0
}

// demoMark is the file in a demo folder holding the hash of the
// yardstick.yaml the demo last wrote there (hidden, so never an input).
const demoMark = ".yardstick-demo"

// writeDemoConfig writes the demo's config, unless the one there was
// edited since the demo wrote it (its hash is not the one demoMark
// records): then it is kept, and the demo says so, unless force.
func writeDemoConfig(dir, path, conf string, force bool, stderr io.Writer) error {
	mark := filepath.Join(dir, demoMark)
	if old, err := os.ReadFile(path); err == nil && !force {
		wrote, _ := os.ReadFile(mark)
		sum := sha256.Sum256(old)
		if string(old) == conf {
			return nil
		}
		if strings.TrimSpace(string(wrote)) != hex.EncodeToString(sum[:]) {
			fmt.Fprintf(stderr, "yardstick demo: %s was edited since the demo wrote it: it is kept and used as it is (--force replaces it)\n", path)
			return nil
		}
	}
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(conf))
	return os.WriteFile(mark, []byte(hex.EncodeToString(sum[:])+"\n"), 0o644)
}

// demoConfig is the yardstick.yaml the demo writes beside its inputs; %[1]s
// is the LA whose own returns are in inputs/returns and whose extract it
// writes.
const demoConfig = `# yardstick demo: synthetic inputs in the real layouts (see README)
warehouse: yardstick.duckdb
lake: lake
inputs:
  - inputs
pseudonymisation:
  key_file: yardstick.key
home_la: "%[1]s"
extracts:                      # written after each successful run
  - la: "%[1]s"
    formats: [xlsx, csv]
    out: extracts
`

// writeOwnReturns shows what the council's own returns say beside the
// published figure for the same year.
func writeOwnReturns(ctx context.Context, w io.Writer, db *sql.DB, la string, year int) error {
	var cla, cin int64
	var pubCLA, pubCIN float64
	err := db.QueryRowContext(ctx, `SELECT
		(SELECT count(DISTINCT child_id) FROM stage.cla_episode WHERE la_code = $1 AND collection_year = $2 AND dec IS NULL),
		(SELECT count(DISTINCT child_id) FROM stage.cin_episode WHERE la_code = $1 AND collection_year = $2 AND closure_date IS NULL),
		(SELECT coalesce(max(value), 0) FROM stage.indicator_value WHERE indicator_id = 'cla_at_31_march' AND geo_code = $1 AND year = $2),
		(SELECT coalesce(max(value), 0) FROM stage.indicator_value WHERE indicator_id = 'cin_at_31_march' AND geo_code = $1 AND year = $2)`,
		la, year).Scan(&cla, &cin, &pubCLA, &pubCIN)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nOwn returns (SSDA903, CIN census, Annex A; pseudonymised in stage.cla_*, stage.cin_*, stage.annex_a_*):\n"+
		"  %d looked after and %d in need on 31 March %d (published: %.0f and %.0f)\n", cla, cin, year, pubCLA, pubCIN)
	return nil
}
