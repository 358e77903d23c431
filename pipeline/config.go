package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zoneinfo database

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v4"

	"github.com/yardstick-etl/yardstick/pipeline/catalogue"
	"github.com/yardstick-etl/yardstick/pipeline/notify"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// Config is yardstick.yaml. Paths in it are relative to the file's folder.
type Config struct {
	Warehouse string `yaml:"warehouse"`
	Lake      string `yaml:"lake"`
	// Inputs are the files and folders read; an entry of inputs: may be a
	// path or a mapping {path, as_at} (InputEntry).
	Inputs     []string          `yaml:"-"`
	Entries    []InputEntry      `yaml:"inputs"`
	Indicators []IndicatorConfig `yaml:"indicators"`
	Gaps       []GapConfig       `yaml:"gaps"`
	// Headline lists the indicator and gap ids of the extract's front
	// sheet, replacing the built-in list.
	Headline []string `yaml:"headline"`

	// Child-level returns (SSDA903, CIN census, Annex A).
	Pseudonymisation Pseudonymisation `yaml:"pseudonymisation"`
	HomeLA           string           `yaml:"home_la"`         // the council's LA (code or name) for files without an LA column
	CollectionYear   int              `yaml:"collection_year"` // for files without a YEAR column or a year in their name
	// AsAt is the date every return reaches (an input's own as_at wins);
	// without it a return's as_at is found from its data (docs/own-figures.md, "In year").
	AsAt Date `yaml:"as_at"`

	// Nightly operation: `yardstick schedule` runs on Schedule (cron, in
	// Timezone), and every successful run writes the Extracts.
	Schedule string          `yaml:"schedule"`
	Timezone string          `yaml:"timezone"`
	Extracts []ExtractConfig `yaml:"extracts"`
	// Fetch lists the data sets followed on DfE's statistics API: fetched
	// at the start of every run into a folder that is among the inputs.
	Fetch *FetchConfig `yaml:"fetch"`
	// Notify sends each run's digest, or what failed, by e-mail.
	Notify *notify.Config `yaml:"notify"`
	// OnRejected is what a run does with an input that loaded before and
	// is rejected now: keep_last_good (default), drop or fail.
	OnRejected string `yaml:"on_rejected"`
	// WarehouseFormat is the published warehouse's storage: compatible
	// (default), which DuckDB 1.1 and later open, or latest, the newest
	// format of the DuckDB yardstick is built with (1.5.6), which only
	// that release and later open.
	WarehouseFormat string `yaml:"warehouse_format"`

	// Warnings are what the config allows but should not: a run or
	// schedule prints them.
	Warnings []string `yaml:"-"`

	dir  string // the config file's folder
	path string
}

// InputEntry is one entry of inputs: a file or folder, and optionally the
// date the returns in it reach (as_at), for returns a case system produced
// part way through a year.
type InputEntry struct {
	Path string `yaml:"path"`
	AsAt Date   `yaml:"as_at"`
	line int
}

// UnmarshalYAML takes a plain path or a mapping {path, as_at}.
func (e *InputEntry) UnmarshalYAML(n *yaml.Node) error {
	e.line = n.Line
	if n.Kind == yaml.ScalarNode {
		e.Path = n.Value
		return nil
	}
	var p inputEntryFields
	if err := n.Load(&p, yaml.WithKnownFields()); err != nil {
		return err
	}
	*e = InputEntry(p)
	e.line = n.Line
	return nil
}

// inputEntryFields is InputEntry without its UnmarshalYAML, to decode a
// mapping entry's fields.
type inputEntryFields InputEntry

// Date is a config date written YYYY-MM-DD.
type Date struct{ time.Time }

// UnmarshalYAML reads YYYY-MM-DD, saying what it needs otherwise.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil || n.Kind != yaml.ScalarNode {
		return errors.New("as_at must be a date written YYYY-MM-DD, like 2024-09-30 (the last day the returns cover)")
	}
	d.Time = t
	return nil
}

// AsAtOf is the as_at the config gives the returns in the file at path
// (absolute): the as_at of the innermost inputs entry holding it, else the
// config's as_at; zero when neither gives one.
func (c *Config) AsAtOf(path string) time.Time {
	best, depth := c.AsAt.Time, -1
	for _, e := range c.Entries {
		if e.AsAt.IsZero() {
			continue
		}
		root := filepath.Clean(c.Abs(e.Path))
		if path == root || strings.HasPrefix(path, root+string(filepath.Separator)) {
			if len(root) > depth {
				best, depth = e.AsAt.Time, len(root)
			}
		}
	}
	return best
}

// Pseudonymisation says where the council's key is. Without key_file the
// key comes from the YARDSTICK_PSEUDO_KEY environment variable.
type Pseudonymisation struct {
	KeyFile string `yaml:"key_file"`
}

// IndicatorConfig is a user-declared indicator, in the built-in
// catalogue's schema (pipeline/catalogue): the value column (measure) of
// files whose base name matches the glob, on rows whose filter columns
// equal where.
type IndicatorConfig = catalogue.Indicator

// ExtractConfig is one council's extract: its LA's benchmarks in the given
// formats, written under Out after each successful run.
type ExtractConfig struct {
	LA      string   `yaml:"la"`
	Formats []string `yaml:"formats"` // xlsx | csv | parquet | html; default xlsx
	Out     string   `yaml:"out"`     // default extracts

	line int
}

// Schedule defaults: early morning, clear of the 01:00-02:00 hour that
// daylight saving skips or repeats, in England's time zone.
const (
	DefaultSchedule = "30 5 * * *"
	DefaultTimezone = "Europe/London"
)

// ExtractFormats are the formats an extract can be written in.
var ExtractFormats = []string{"xlsx", "csv", "parquet", "html"}

// GapConfig is a user-declared gap: comparison minus group, each the id of
// an indicator (built-in or declared above), for every period and LA.
type GapConfig = catalogue.Gap

// LoadConfig reads and checks a config file. Unknown keys, missing fields and
// invalid values are errors naming the key, the file and the line.
func LoadConfig(path string) (*Config, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		path = filepath.Join(path, ConfigName) // --config FOLDER: the config in it
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, missingConfig(path)
	}
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if emptyConfig(data) {
		return nil, fmt.Errorf("%s is empty: %s", path, minimalConfig)
	}
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		if line := tabIndent(data); line > 0 {
			return nil, fmt.Errorf("%s line %d: a tab in the indentation; YAML allows only spaces there: indent with spaces", path, line)
		}
		return nil, yamlError(path, nil, err)
	}
	cfg := &Config{}
	if len(doc.Content) > 0 {
		if err := doc.Load(cfg, yaml.WithKnownFields()); err != nil {
			return nil, yamlError(path, &doc, err)
		}
		recordLines(&doc, cfg)
	}
	cfg.dir, cfg.path = filepath.Dir(abs), path
	for _, e := range cfg.Entries {
		cfg.Inputs = append(cfg.Inputs, e.Path)
	}
	cfg.defaults()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if w := cfg.scheduleWarning(); w != "" {
		cfg.Warnings = append(cfg.Warnings, w)
	}
	return cfg, nil
}

// defaults fills what the config leaves out.
func (c *Config) defaults() {
	if c.Warehouse == "" {
		c.Warehouse = "yardstick.duckdb"
	}
	if c.Lake == "" {
		c.Lake = "lake"
	}
	if c.Schedule == "" {
		c.Schedule = DefaultSchedule
	}
	if c.OnRejected == "" {
		c.OnRejected = KeepLastGood
	}
	if c.WarehouseFormat == "" {
		c.WarehouseFormat = FormatCompatible
	}
	if c.Timezone == "" {
		c.Timezone = DefaultTimezone
	}
	c.fetchDefaults()
	if c.Notify != nil {
		c.Notify.Defaults()
		if f := c.Notify.SMTP.CAFile; f != "" {
			c.Notify.SMTP.CAFile = c.Abs(f)
		}
	}
	for i := range c.Extracts {
		if len(c.Extracts[i].Formats) == 0 {
			c.Extracts[i].Formats = []string{"xlsx"}
		}
		if c.Extracts[i].Out == "" {
			c.Extracts[i].Out = "extracts"
		}
	}
}

// recordLines notes the line of each indicators, gaps and extracts entry
// for messages.
func recordLines(doc *yaml.Node, cfg *Config) {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		for j, item := range root.Content[i+1].Content {
			switch root.Content[i].Value {
			case "indicators":
				if j < len(cfg.Indicators) {
					cfg.Indicators[j].Line = item.Line
				}
			case "gaps":
				if j < len(cfg.Gaps) {
					cfg.Gaps[j].Line = item.Line
				}
			case "extracts":
				if j < len(cfg.Extracts) {
					cfg.Extracts[j].line = item.Line
				}
			}
		}
		if root.Content[i].Value == "fetch" && cfg.Fetch != nil {
			f := root.Content[i+1]
			for k := 0; k+1 < len(f.Content); k += 2 {
				if f.Content[k].Value != "data_sets" {
					continue
				}
				for j, item := range f.Content[k+1].Content {
					if j < len(cfg.Fetch.DataSets) {
						cfg.Fetch.DataSets[j].line = item.Line
					}
				}
			}
		}
	}
}

// checker collects a config's errors, each naming the file and line.
type checker struct {
	path string
	errs []error
}

func (k *checker) bad(line int, format string, a ...any) {
	k.errs = append(k.errs, fmt.Errorf("%s line %d: %s", k.path, line, fmt.Sprintf(format, a...)))
}

func (c *Config) check() error {
	k := &checker{path: c.path}
	var errs []error
	if len(c.Inputs) == 0 {
		errs = append(errs, fmt.Errorf("%s: inputs: at least one file or folder is needed", c.path))
	}
	errs = append(errs, c.checkPaths()...)
	for _, e := range c.Entries {
		if strings.TrimSpace(e.Path) == "" {
			k.bad(e.line, "inputs: an entry has no path (give a file or folder, or {path: ..., as_at: YYYY-MM-DD})")
		}
		if !e.AsAt.IsZero() && (e.AsAt.Year() < 2000 || e.AsAt.Year() > 2100) {
			k.bad(e.line, "inputs: %s: as_at %s is not a date a return could reach", e.Path, e.AsAt.Format(time.DateOnly))
		}
	}
	if !c.AsAt.IsZero() && (c.AsAt.Year() < 2000 || c.AsAt.Year() > 2100) {
		errs = append(errs, fmt.Errorf("%s: as_at %s is not a date a return could reach", c.path, c.AsAt.Format(time.DateOnly)))
	}
	if h := strings.TrimSpace(c.HomeLA); h != "" {
		if _, _, ok := geography.NewResolver(geography.Builtin()).Resolve(h, h, h); !ok {
			errs = append(errs, fmt.Errorf("%s: home_la %q is not an LA code or name yardstick knows: give the old 3-digit DfE code (358 for Trafford) or the LA's name", c.path, c.HomeLA))
		}
	}
	if !slices.Contains(OnRejected, c.OnRejected) {
		errs = append(errs, fmt.Errorf("%s: on_rejected %q is not one of %s", c.path, c.OnRejected, strings.Join(OnRejected, ", ")))
	}
	if !slices.Contains(WarehouseFormats, c.WarehouseFormat) {
		errs = append(errs, fmt.Errorf("%s: warehouse_format %q is not one of %s", c.path, c.WarehouseFormat, strings.Join(WarehouseFormats, ", ")))
	}
	if c.CollectionYear != 0 && (c.CollectionYear < 2000 || c.CollectionYear > 2100) {
		errs = append(errs, fmt.Errorf("%s: collection_year %d is not a year like 2025 (the year of the 31 March the return ends)", c.path, c.CollectionYear))
	}
	for i := range c.Indicators {
		c.Indicators[i].Origin, c.Indicators[i].At = "config", c.path
	}
	for i := range c.Gaps {
		c.Gaps[i].Origin, c.Gaps[i].At = "config", c.path
	}
	// The same checks as the built-in entries get, on the built-in entries
	// with the config's after them (a gap or a rate may name a built-in
	// indicator, and a config entry may replace one); only the config's own
	// entries can be at fault.
	b := catalogue.MustBuiltin()
	all := &catalogue.Catalogue{Themes: b.Themes,
		Indicators: append(slices.Clone(b.Indicators), c.Indicators...), Gaps: append(slices.Clone(b.Gaps), c.Gaps...)}
	for _, err := range all.Problems() {
		var p catalogue.Problem
		if errors.As(err, &p) && p.At == c.path {
			k.errs = append(k.errs, err)
		}
	}
	if len(c.Headline) > 0 {
		all.Headline = c.Headline
		if p := all.HeadlineProblem(); p != "" {
			errs = append(errs, fmt.Errorf("%s: %s", c.path, p))
		}
	}
	errs = append(errs, c.checkSchedule()...)
	c.checkExtracts(k)
	c.checkFetch(k)
	if c.Notify != nil {
		for _, p := range c.Notify.Problems() {
			errs = append(errs, fmt.Errorf("%s: %s", c.path, p))
		}
	}
	return errors.Join(append(errs, k.errs...)...)
}

// checkSchedule checks the cron expression and the time zone.
func (c *Config) checkSchedule() []error {
	var errs []error
	if _, err := cron.ParseStandard(c.Schedule); err != nil {
		errs = append(errs, fmt.Errorf("%s: schedule %q: %w (use five cron fields like \"30 5 * * *\" or a descriptor like \"@daily\" or \"@every 6h\")", c.path, c.Schedule, err))
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		errs = append(errs, fmt.Errorf("%s: timezone %q: %w (use an IANA name like Europe/London)", c.path, c.Timezone, err))
	}
	return errs
}

// checkExtracts checks each extract names a known LA by its old code and
// known formats.
func (c *Config) checkExtracts(k *checker) {
	geo := geography.NewResolver(geography.Builtin())
	for i := range c.Extracts {
		e := &c.Extracts[i]
		if e.LA == "" {
			k.bad(e.line, "extracts: la is missing (the old 3-digit DfE code, e.g. \"358\" for Trafford, its ONS code or its name)")
		} else if code, _, ok := geo.Resolve(e.LA, e.LA, e.LA); ok {
			e.LA = code // an ONS code or a name, as home_la may be
		} else {
			k.bad(e.line, "extracts: la %q is not an LA code or name: give the old 3-digit DfE code, e.g. \"358\" for Trafford, its ONS code or its name", e.LA)
		}
		for _, f := range e.Formats {
			if !slices.Contains(ExtractFormats, f) {
				k.bad(e.line, "extracts: %s: format %q is not one of %s", e.LA, f, strings.Join(ExtractFormats, ", "))
			}
		}
	}
}

// Abs resolves a path from the config against the config's folder.
func (c *Config) Abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

// Rel gives a path as reported in meta and messages: relative to the config's
// folder where it lies below it.
func (c *Config) Rel(p string) string {
	if r, err := filepath.Rel(c.dir, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return p
}

// Dir is the folder the config's paths are relative to.
func (c *Config) Dir() string { return c.dir }

// ConfigName is the config a command reads when --config is not given, or
// gives a folder.
const ConfigName = "yardstick.yaml"

// missingConfig says there is no config at path, naming the configs in
// the folders beside it (the demo's yardstick-demo/yardstick.yaml, after
// `yardstick demo` from a repository's root) so the next command works.
func missingConfig(path string) error {
	var found []string
	if filepath.Base(path) == ConfigName {
		dir := filepath.Dir(path)
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				if _, err := os.Stat(filepath.Join(dir, e.Name(), ConfigName)); err == nil {
					found = append(found, filepath.Join(dir, e.Name(), ConfigName))
				}
			}
		}
	}
	switch {
	case len(found) == 1:
		return fmt.Errorf("no config at %s; try --config %s", path, found[0])
	case len(found) > 1:
		return fmt.Errorf("no config at %s; try --config with one of %s", path, strings.Join(found[:min(len(found), 5)], ", "))
	}
	return fmt.Errorf("no config at %s: write one (README, \"Your own data\") or give --config FILE", path)
}

// tabIndent is the first line (1-based) whose indentation holds a tab, or
// 0: go-yaml says only that it found "a character that cannot start any
// token".
func tabIndent(data []byte) int {
	for i, line := range strings.Split(string(data), "\n") {
		if indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]; strings.ContainsRune(indent, '\t') {
			return i + 1
		}
	}
	return 0
}
