package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/yardstick-etl/yardstick/pipeline"
)

// A command's help: what it does, its arguments, examples and exit codes.
// `yardstick help COMMAND` and `COMMAND --help` print it with every flag in
// its --flag form; the overview lists the commands in this order.
type help struct {
	name, args, summary string
	about               string
	examples            []string
	exits               string
}

var helps = []help{
	{name: "run", args: "[--config FILE] [--force]", summary: "build and publish the warehouse, then write the config's extracts",
		about:    "Reads the config's inputs, stages them, builds the warehouse in a new file and swaps it in, then writes the config's extracts. When nothing changed since the last published run it says so and neither rebuilds nor republishes (--force does).",
		examples: []string{"yardstick run", "yardstick run --config /srv/yardstick/yardstick.yaml --force"},
		exits:    "0 published or unchanged (also when some inputs were rejected); 1 the run failed, another run holds the lock, or an extract failed; 2 usage or config error"},
	{name: "schedule", args: "[--config FILE]", summary: "run on the config's schedule until SIGTERM",
		about:    "Stays running and runs the pipeline on the config's schedule (cron, default 30 5 * * * in Europe/London), one JSON log line per event; SIGTERM or SIGINT cancels a run in progress and exits.",
		examples: []string{"yardstick schedule --config /srv/yardstick/yardstick.yaml"},
		exits:    "0 on SIGTERM or SIGINT; 2 usage or config error"},
	{name: "extract", args: "[--config FILE] [--la CODE] [--format xlsx,csv,parquet,html] [--out DIR]", summary: "write extracts from the published warehouse",
		about:    "Writes one LA's extracts with --la, else every extract the config lists, from the published warehouse.",
		examples: []string{"yardstick extract --la 358", "yardstick extract --la Trafford --format xlsx,html --out papers"},
		exits:    "0; 1 an extract failed; 2 usage"},
	{name: "report", args: "[--config FILE] [--la CODE] [--out FILE]", summary: "one LA's HTML report, one self-contained file",
		about:    "Writes one LA's HTML report from the published warehouse: headline tables by theme with trend charts and rank strips, gaps, own figures and notes. --out is a .html file or a folder (default: the config's extracts folder, with the LA's other extracts).",
		examples: []string{"yardstick report --la 358 --out trafford.html"},
		exits:    "0; 1 the warehouse cannot be read or the report written; 2 usage or an unknown LA"},
	{name: "headline", args: "[--config FILE] [--la CODE] [--wide]", summary: "one LA's headline figures, gaps and own figures in the terminal",
		about:    "Prints one LA's committee-paper table from the published warehouse, fitting 120 columns (--wide: a row a line).",
		examples: []string{"yardstick headline --la Bolton", "yardstick headline --la 350 --wide > bolton.txt"},
		exits:    "0; 1 the warehouse cannot be read; 2 usage or an unknown LA"},
	{name: "digest", args: "[--config FILE] [--la CODE] [--since DATE|RUN] [--format text|md|html]", summary: "what the last runs changed for one LA",
		about:    "Prints, for one LA (default the config's home_la), what the newest run that published changed, from meta.change: new releases with the LA's figure, England's, rank and quartile; revisions; rank and quartile moves; own figures that crossed a published quartile boundary; new validation failures by rule; inputs rejected or kept from an earlier version. --since covers every run on or after a date (YYYY-MM-DD) or after a run id. With nothing changed it says so in one line.",
		examples: []string{"yardstick digest", "yardstick digest --la Bolton --since 2026-12-01", "yardstick digest --format html > digest.html"},
		exits:    "0; 1 the warehouse cannot be read; 2 usage, an unknown LA or an unknown run"},
	{name: "status", args: "[--config FILE] [--runs N]", summary: "last runs, stale inputs, rejected inputs",
		about:    "Shows the published warehouse, a run in progress, the last N runs, inputs the warehouse does not reflect, built-ins without input and rejected inputs.",
		examples: []string{"yardstick status --runs 20"},
		exits:    "0; 1 the warehouse cannot be read; 2 usage"},
	{name: "fetch", args: "[--config FILE] [--search WORDS] [--base-url URL]", summary: "fetch the followed data sets from DfE's statistics API",
		about:    "Fetches the data sets the config's fetch: lists from DfE's explore-education-statistics API into its folder (default ees-api), as every run does first: a version already there is not downloaded again. --search lists the publications the words find and their data sets with the ids to put in the config; it needs no config.",
		examples: []string{"yardstick fetch", `yardstick fetch --search "children in need"`},
		exits:    "0 every data set fetched or up to date; 1 a data set could not be fetched (the version on disk stays) or the search failed; 2 usage or config error"},
	{name: "query", args: "[--config FILE] [--format table|csv|json] [-f FILE] [--tables] [--safe] [SQL]", summary: "query the published warehouse (read-only)",
		about: "Runs SQL against the published warehouse, opened read-only: the SQL is the argument, the file given with -f, or standard input. Several statements run in order, each result printed. --tables lists the warehouse's tables with their row counts and descriptions. " +
			"The SQL runs with your own rights: it can read and write any file you can (COPY ... TO, read_text, read_csv), the pseudonymisation key included, and ATTACH other databases. " +
			"--safe turns that off (DuckDB's enable_external_access=false, its configuration locked): the SQL reaches the warehouse only, for a shared service account.",
		examples: []string{`yardstick query "SELECT * FROM mart.la_benchmark WHERE la_code = '358' LIMIT 5"`, "yardstick query -f checks.sql --format csv", "yardstick query --tables", "yardstick query --safe -f checks.sql"},
		exits:    "0; 1 an SQL error; 2 usage"},
	{name: "catalogue", args: "[--config FILE] [--format table|csv|yaml]", summary: "the indicators, gaps and themes: built in and the config's",
		about:    "Prints the catalogue a run uses: the built-in indicators, gaps and themes with the config's added. yaml prints entries in the config's schema, to copy one into a config.",
		examples: []string{"yardstick catalogue --format csv > catalogue.csv"},
		exits:    "0; 2 usage or config error"},
	{name: "demo", args: "[--dir DIR] [--la CODE] [--years N] [--seed N] [--long N] [--inject] [--wide]", summary: "generate demo inputs, run them, show one LA",
		about:    "Writes synthetic inputs in the real layouts and a yardstick.yaml into DIR, runs them and prints one LA's committee-paper table.",
		examples: []string{"yardstick demo", "yardstick demo --la 350 --years 10"},
		exits:    "as run"},
	{name: "version", summary: "yardstick's version", about: "Prints yardstick's version and the Go it was built with.", examples: []string{"yardstick version"}, exits: "0"},
	{name: "help", args: "[COMMAND]", summary: "this overview, or a command's help", about: "Prints the commands, or one command's help: its flags, examples and exit codes.", examples: []string{"yardstick help run"}, exits: "0; 2 an unknown command"},
}

func helpFor(name string) (help, bool) {
	for _, h := range helps {
		if h.name == name {
			return h, true
		}
	}
	return help{}, false
}

// overview is the general usage: every command with its summary.
func overview() string {
	var b strings.Builder
	b.WriteString("yardstick: children's services benchmarks in a DuckDB warehouse\n\nusage: yardstick COMMAND [flags]\n\ncommands:\n")
	for _, h := range helps {
		fmt.Fprintf(&b, "  %-10s %s\n", h.name, h.summary)
	}
	b.WriteString("\n`yardstick help COMMAND` or `yardstick COMMAND --help` shows a command's flags, examples and exit codes.\n")
	return b.String()
}

// writeHelp prints a command's help, with its flags (fs may be nil).
func writeHelp(w io.Writer, h help, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: yardstick %s %s\n\n%s\n", h.name, h.args, h.about)
	if fs != nil {
		var flags []string
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			arg := "--" + f.Name
			if len(f.Name) == 1 {
				arg = "-" + f.Name
			}
			switch name {
			case "":
			case "string":
				arg += " VALUE"
			case "int", "uint", "int64", "uint64":
				arg += " N"
			default:
				arg += " " + strings.ToUpper(name)
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
			flags = append(flags, fmt.Sprintf("  %-22s %s", arg, usage))
		})
		if len(flags) > 0 {
			fmt.Fprintf(w, "\nflags:\n%s\n", strings.Join(flags, "\n"))
		}
	}
	if len(h.examples) > 0 {
		fmt.Fprintf(w, "\nexamples:\n  %s\n", strings.Join(h.examples, "\n  "))
	}
	fmt.Fprintf(w, "\nexit codes: %s\n", h.exits)
}

// command is a command's flags and where it writes.
type command struct {
	*flag.FlagSet
	name           string
	stdout, stderr io.Writer
}

func newCommand(name string, stdout, stderr io.Writer) *command {
	fs := flag.NewFlagSet("yardstick "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors and help are printed here, not by package flag
	fs.Usage = func() {}
	return &command{FlagSet: fs, name: name, stdout: stdout, stderr: stderr}
}

// parse reads the flags; at most maxArgs positional arguments may follow.
// When ok is false the command exits with code: 0 after --help, 2 for a
// usage error, said on stderr with where to look.
func (c *command) parse(args []string, maxArgs int) (code int, ok bool) {
	err := c.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		h, _ := helpFor(c.name)
		writeHelp(c.stdout, h, c.FlagSet)
		return 0, false
	case err != nil:
		fmt.Fprintf(c.stderr, "yardstick %s: %v\nsee `yardstick help %s`\n", c.name, err, c.name)
		return exitUsage, false
	case c.NArg() > maxArgs:
		fmt.Fprintf(c.stderr, "yardstick %s: unexpected argument %q\nsee `yardstick help %s`\n", c.name, c.Arg(maxArgs), c.name)
		return exitUsage, false
	}
	return 0, true
}

// cmdHelp prints the overview, or a command's help with its flags (got by
// asking the command itself for --help).
func cmdHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, overview())
		return 0
	}
	h, ok := helpFor(args[0])
	if !ok {
		return unknownCommand(args[0], stderr)
	}
	if h.name == "help" || h.name == "version" {
		writeHelp(stdout, h, nil)
		return 0
	}
	return dispatch(nil, append([]string{h.name, "--help"}, args[1:]...), stdout, stderr)
}

// unknownCommand says so, with the nearest command when one is close.
func unknownCommand(name string, stderr io.Writer) int {
	best, dist := "", 3
	for _, h := range helps {
		if d := levenshtein.ComputeDistance(strings.ToLower(name), h.name); d < dist {
			best, dist = h.name, d
		}
	}
	if best != "" {
		fmt.Fprintf(stderr, "yardstick: unknown command %q; did you mean %q?\n\n", name, best)
	} else {
		fmt.Fprintf(stderr, "yardstick: unknown command %q\n\n", name)
	}
	fmt.Fprint(stderr, overview())
	return exitUsage
}

func cmdVersion(stdout io.Writer) int {
	fmt.Fprintf(stdout, "yardstick %s (%s)\n", pipeline.Version, runtime.Version())
	return 0
}
