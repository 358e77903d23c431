package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"regexp"
	"strings"

	"github.com/yardstick-etl/yardstick/pipeline"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
	"github.com/yardstick-etl/yardstick/sources/eesapi"
)

// cmdFetch fetches the config's data sets from DfE's statistics API, or
// with --search lists publications and their data sets so an analyst can
// find the ids to follow.
func cmdFetch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := newCommand("fetch", stdout, stderr)
	config := cmd.String("config", "yardstick.yaml", "config file; paths in it are relative to its folder")
	search := cmd.String("search", "", "list the publications these words find and their data sets, with the ids to follow")
	baseURL := cmd.String("base-url", "", "the API's address (default the config's fetch.base_url, else "+eesapi.DefaultBaseURL+")")
	if code, ok := cmd.parse(args, 0); !ok {
		return code
	}
	if *search != "" {
		configGiven := false
		cmd.Visit(func(f *flag.Flag) { configGiven = configGiven || f.Name == "config" })
		return fetchSearch(ctx, *config, configGiven, *search, *baseURL, stdout, stderr)
	}
	cfg, err := pipeline.LoadConfig(*config)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick fetch: %v\n", err)
		return exitUsage
	}
	if cfg.Fetch == nil {
		fmt.Fprintf(stderr, "yardstick fetch: %s has no fetch: list the data sets to follow under fetch: data_sets: (yardstick fetch --search WORDS finds their ids)\n", *config)
		return exitUsage
	}
	if *baseURL != "" {
		cfg.Fetch.BaseURL = *baseURL
	}
	// every outcome, warning and failure is printed below, a line each
	log := slog.New(slog.DiscardHandler)
	outcomes, err := pipeline.Fetch(ctx, cfg, log)
	printFetch(stdout, outcomes, true)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick fetch: %v\n", err)
		return 1
	}
	if len(pipeline.FetchFailed(outcomes)) > 0 {
		return 1
	}
	return 0
}

// printFetch prints what fetching did, a line per data set; all=false
// leaves out the data sets that were up to date (a run's summary).
func printFetch(w io.Writer, outcomes []pipeline.FetchOutcome, all bool) {
	width := terminal.WidthOf(w)
	line := func(format string, a ...any) { terminal.Hang(w, fmt.Sprintf(format, a...), width) }
	upToDate := 0
	for _, o := range outcomes {
		switch o.Status {
		case "failed":
			line("FETCH FAILED  %s (%s): %s; %s", o.Name, o.ID, o.Reason, o.OnDisk())
		case "downloaded":
			was := ""
			if o.Previous != "" {
				was = " (was " + o.Previous + ")"
			}
			line("fetched       %s version %s%s: %s", o.Name, o.Version, was, o.Release)
		case "removed":
			line("removed       %s: no longer in the config's fetch", o.Name)
		case "left":
			line("LEFT          %s: no longer in the config's fetch, but its files were not removed (not all are yardstick's):", o.Name)
		default:
			upToDate++
			if all {
				line("up to date    %s version %s", o.Name, o.Version)
			}
		}
		for _, warn := range o.Warnings {
			line("  warning: %s", warn)
		}
	}
	if !all && upToDate > 0 {
		line("fetch: %s up to date", terminal.Count(upToDate, "data set", "data sets"))
	}
}

// fetchSearch lists publications and their data sets. The config gives the
// API's address when it has one; no config is needed to search.
func fetchSearch(ctx context.Context, config string, configGiven bool, words, baseURL string, stdout, stderr io.Writer) int {
	if len(strings.TrimSpace(words)) < 3 {
		fmt.Fprintln(stderr, "yardstick fetch: --search needs at least 3 characters (the API's minimum)")
		return exitUsage
	}
	if baseURL == "" {
		cfg, err := pipeline.LoadConfig(config)
		switch {
		case err == nil && cfg.Fetch != nil:
			baseURL = cfg.Fetch.BaseURL
		case err != nil && (configGiven || !errors.Is(err, fs.ErrNotExist)):
			fmt.Fprintf(stderr, "yardstick fetch: %v\n", err)
			return exitUsage
		}
	}
	c := pipeline.NewAPIClient(baseURL)
	pubs, err := c.Publications(ctx, strings.TrimSpace(words))
	if err != nil {
		fmt.Fprintf(stderr, "yardstick fetch: searching the API: %v\n", err)
		return 1
	}
	if len(pubs) == 0 {
		fmt.Fprintf(stdout, "no publication on the API matches %q: try fewer or other words\n", words)
		return 0
	}
	var first *eesapi.DataSet
	for _, p := range pubs {
		sets, err := c.PublicationDataSets(ctx, p.ID)
		if err != nil {
			fmt.Fprintf(stderr, "yardstick fetch: the data sets of %q: %v\n", p.Title, err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", p.Title)
		fmt.Fprintf(stdout, "  last published %s, %d data set(s) on the API\n", p.LastPublished.Format("2006-01-02"), len(sets))
		for i := range sets {
			d := &sets[i]
			version, published := "-", "-"
			if d.LatestVersion != nil {
				version, published = d.LatestVersion.Version, d.LatestVersion.Published.Format("2006-01-02")
			}
			status := ""
			if d.Status != "" && !strings.EqualFold(d.Status, "Published") {
				status = " [" + strings.ToLower(d.Status) + "]"
			}
			fmt.Fprintf(stdout, "  %s  %-6s %s  %s%s\n", d.ID, version, published, d.Title, status)
			if first == nil && d.LatestVersion != nil {
				first = d
			}
		}
		fmt.Fprintln(stdout)
	}
	if first != nil {
		fmt.Fprintf(stdout, "To follow a data set, add it to the config (name: the files' name; version: optional, default the latest):\n"+
			"fetch:\n  data_sets:\n    - id: %s\n      name: %s\n", first.ID, stemFor(first.Title))
	}
	return 0
}

var notStem = regexp.MustCompile(`[^a-z0-9]+`)

// stemFor suggests a file name for a data set from its title.
func stemFor(title string) string {
	s := strings.Trim(notStem.ReplaceAllString(strings.ToLower(title), "_"), "_")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "_")
	}
	if s == "" {
		return "data_set"
	}
	return s
}
