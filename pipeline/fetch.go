package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesapi"
)

// FetchConfig is the config's fetch: the data sets a council follows on
// DfE's statistics API, fetched into a folder at the start of every run.
type FetchConfig struct {
	BaseURL string `yaml:"base_url"` // default the live API
	Into    string `yaml:"into"`     // default ees-api, relative to the config; always among the inputs
	// Required makes a data set that cannot be fetched fail the run,
	// instead of the run going on with the version on disk.
	Required bool           `yaml:"required"`
	DataSets []FetchDataSet `yaml:"data_sets"`
	// Timeout is the longest one data set's download may take, its
	// attempts included, as a Go duration ("30m", "1h30m"); default 30m.
	Timeout string `yaml:"timeout"`
}

// FetchDataSet is one followed data set.
type FetchDataSet struct {
	ID      string `yaml:"id"`      // the API's data set id
	Version string `yaml:"version"` // "" latest, "2.*", "2.1"
	Name    string `yaml:"name"`    // the files' stem; default the id

	line int
}

// DefaultFetchInto is where fetched data sets go unless into says.
const DefaultFetchInto = "ees-api"

// fetchDefaults fills the fetch block and makes its folder an input.
func (c *Config) fetchDefaults() {
	f := c.Fetch
	if f == nil {
		return
	}
	if f.BaseURL == "" {
		f.BaseURL = eesapi.DefaultBaseURL
	}
	if f.Into == "" {
		f.Into = DefaultFetchInto
	}
	for _, in := range c.Inputs {
		if c.Abs(in) == c.Abs(f.Into) {
			return
		}
	}
	c.Inputs = append(c.Inputs, f.Into)
}

var (
	dataSetID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	fileStem  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
)

// checkFetch checks the fetch block: a usable address, ids shaped as the
// API's, versions it can pick, names that are plain file names, each once.
func (c *Config) checkFetch(k *checker) {
	f := c.Fetch
	if f == nil {
		return
	}
	if u, err := url.Parse(f.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		k.errs = append(k.errs, fmt.Errorf("%s: fetch: base_url %q is not an http(s) address like %s", c.path, f.BaseURL, eesapi.DefaultBaseURL))
	}
	if d, err := time.ParseDuration(f.Timeout); f.Timeout != "" && (err != nil || d <= 0) {
		k.errs = append(k.errs, fmt.Errorf("%s: fetch: timeout %q is not a length of time like 30m or 1h30m (the longest a download may take; default %s)", c.path, f.Timeout, eesapi.DefaultDownloadTimeout))
	}
	into := c.Abs(f.Into)
	within := func(dir string) bool { return into == dir || strings.HasPrefix(into, dir+string(filepath.Separator)) }
	own := within(c.Abs(c.Lake)) || into == c.Abs(c.Warehouse)
	for _, e := range c.Extracts {
		own = own || within(c.Abs(e.Out))
	}
	if own {
		k.errs = append(k.errs, fmt.Errorf("%s: fetch: into %q is the lake, the warehouse or an extracts folder, which a run does not read: give the fetched files a folder of their own", c.path, f.Into))
	}
	if len(f.DataSets) == 0 {
		k.errs = append(k.errs, fmt.Errorf("%s: fetch: data_sets is empty: list the data sets to follow (yardstick fetch --search WORDS finds their ids), or remove fetch", c.path))
	}
	ids, names := map[string]int{}, map[string]int{}
	for _, d := range f.DataSets {
		switch {
		case d.ID == "":
			k.bad(d.line, "fetch: data_sets: id is missing (the API's data set id, like 019d431f-519e-7527-999a-8019a8016012: yardstick fetch --search WORDS lists them)")
		case !dataSetID.MatchString(d.ID):
			k.bad(d.line, "fetch: data_sets: id %q is not a data set id (the API's ids look like 019d431f-519e-7527-999a-8019a8016012: yardstick fetch --search WORDS lists them)", d.ID)
		case ids[strings.ToLower(d.ID)] != 0:
			k.bad(d.line, "fetch: data_sets: data set %s is listed twice (first at line %d)", d.ID, ids[strings.ToLower(d.ID)])
		default:
			ids[strings.ToLower(d.ID)] = d.line
		}
		if _, err := eesapi.ParseWant(d.Version); err != nil {
			k.bad(d.line, "fetch: data_sets: %s: %v", d.ID, err)
		}
		stem := eesapi.Follow{ID: d.ID, Name: d.Name}.Stem()
		switch {
		case d.Name != "" && !fileStem.MatchString(d.Name):
			k.bad(d.line, "fetch: data_sets: name %q is not a plain file name: use letters, digits, _ . and -", d.Name)
		case strings.HasSuffix(strings.ToLower(d.Name), ".csv"), strings.HasSuffix(strings.ToLower(d.Name), ".meta"):
			k.bad(d.line, "fetch: data_sets: name %q: give the name without .csv or .meta (it names NAME.csv and NAME.meta.csv)", d.Name)
		case names[strings.ToLower(stem)] != 0:
			k.bad(d.line, "fetch: data_sets: name %q is used twice (first at line %d): the files would overwrite each other", stem, names[strings.ToLower(stem)])
		default:
			names[strings.ToLower(stem)] = d.line
		}
	}
}

// FetchOutcome is what fetching did for one data set; runs.jsonl keeps
// them with the run, for status.
type FetchOutcome struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Status   string   `json:"status"` // downloaded | up_to_date | failed | removed | left (no longer followed; files left, see Warnings)
	Version  string   `json:"version,omitempty"`
	Previous string   `json:"previous,omitempty"`
	Release  string   `json:"release,omitempty"`
	Reason   string   `json:"reason,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

// OnDisk says what a run uses of a data set that could not be fetched.
func (o FetchOutcome) OnDisk() string {
	if o.Version == "" {
		return "nothing on disk for it yet"
	}
	return "version " + o.Version + " on disk is used"
}

// FetchFailed lists the data sets that could not be fetched.
func FetchFailed(outcomes []FetchOutcome) []FetchOutcome {
	var out []FetchOutcome
	for _, o := range outcomes {
		if o.Status == "failed" {
			out = append(out, o)
		}
	}
	return out
}

// newAPIClient makes the API client (tests shorten its waits).
var newAPIClient = func(baseURL string) *eesapi.Client {
	return eesapi.New(baseURL, "yardstick/"+Version+" (children's services benchmarks)")
}

// NewAPIClient is a client of DfE's statistics API at baseURL ("" the
// live API), as runs use it.
func NewAPIClient(baseURL string) *eesapi.Client { return newAPIClient(baseURL) }

// Fetch fetches the config's data sets on its own, holding the
// warehouse's lock as a run does, so a run never reads a folder being
// written.
func Fetch(ctx context.Context, cfg *Config, log *slog.Logger) ([]FetchOutcome, error) {
	if cfg.Fetch == nil {
		return nil, fmt.Errorf("%s has no fetch: add the data sets to follow (yardstick fetch --search WORDS finds their ids)", cfg.path)
	}
	lk, _, err := acquireLock(lockPath(cfg.Abs(cfg.Warehouse)), "fetch-"+NewRunID())
	if err != nil {
		return nil, err
	}
	defer lk.release()
	return fetchFollowed(ctx, cfg, log)
}

// fetchFollowed brings the fetch folder up to date, logging each data set:
// a failure at ERROR (the version on disk is used), a new version at INFO.
// The error is for the folder itself; a data set that failed is an outcome.
func fetchFollowed(ctx context.Context, cfg *Config, log *slog.Logger) ([]FetchOutcome, error) {
	f := cfg.Fetch
	if f == nil {
		return nil, nil
	}
	follow := make([]eesapi.Follow, 0, len(f.DataSets))
	for _, d := range f.DataSets {
		want, _ := eesapi.ParseWant(d.Version) // checked with the config
		follow = append(follow, eesapi.Follow{ID: d.ID, Version: want, Name: d.Name})
	}
	client := newAPIClient(f.BaseURL)
	if d, err := time.ParseDuration(f.Timeout); err == nil && d > 0 { // checked with the config
		client.DownloadTimeout = d
	}
	defer client.HTTP.CloseIdleConnections() // a schedule makes a client per run
	// the files a tampered or stale manifest names that yardstick may not
	// remove are taken out of Sync's sight first, and reported
	left, disowned, err := guardManifest(cfg.Abs(f.Into), follow, log)
	if err != nil {
		log.Error("fetching failed", "err", err)
		return nil, err
	}
	results, err := client.Sync(ctx, cfg.Abs(f.Into), follow)
	var out []FetchOutcome
	for _, r := range results {
		o := FetchOutcome{ID: r.ID, Name: r.Name, Status: r.Status, Version: r.Version, Previous: r.Previous, Warnings: r.Warnings}
		o.Warnings = append(o.Warnings[:len(o.Warnings):len(o.Warnings)], left[r.ID]...)
		if r.Entry != nil {
			o.Release = r.Entry.ReleaseTitle
		}
		for _, w := range r.Warnings {
			log.Warn(w, "data_set", r.ID, "name", r.Name)
		}
		switch r.Status {
		case "failed":
			o.Reason = r.Err.Error()
			onDisk := "nothing is on disk for it yet"
			if r.Version != "" {
				onDisk = "version " + r.Version + " on disk is used"
			}
			log.Error("a data set could not be fetched; "+onDisk, "data_set", r.ID, "name", r.Name, "err", r.Err)
		case "downloaded":
			log.Info("fetched a new version", "data_set", r.ID, "name", r.Name, "version", r.Version, "previous", r.Previous, "release", o.Release)
		case "removed":
			log.Info("a data set no longer followed: its files were removed", "data_set", r.ID, "name", r.Name)
		default:
			log.Debug("data set up to date", "data_set", r.ID, "name", r.Name, "version", r.Version)
		}
		out = append(out, o)
	}
	out = append(out, disowned...)
	if err != nil {
		log.Error("fetching failed", "err", err)
	}
	return out, err
}

// fetchError is a run stopped because fetch.required and a data set could
// not be fetched.
func fetchError(failed []FetchOutcome) error {
	var errs []error
	for _, o := range failed {
		errs = append(errs, fmt.Errorf("%s (%s): %s", o.Name, o.ID, o.Reason))
	}
	return fmt.Errorf("fetch.required is set and %d data set(s) could not be fetched: %w", len(failed), errors.Join(errs...))
}

// fetchedOrigins maps each file of the fetch folder to where it came
// from, for meta.input_file.
func fetchedOrigins(cfg *Config) map[string]eesapi.Entry {
	if cfg.Fetch == nil {
		return nil
	}
	dir := cfg.Abs(cfg.Fetch.Into)
	man, err := eesapi.ReadManifest(dir)
	if err != nil {
		return nil
	}
	out := map[string]eesapi.Entry{}
	for name, e := range man.ByFile() {
		if filepath.IsLocal(name) { // a tampered manifest may name a file elsewhere
			out[filepath.Join(dir, name)] = e
		}
	}
	return out
}
