// Package pipeline runs yardstick: it finds the inputs, recognises which
// source each is, stages them to Parquet in the lake, builds the DuckDB
// warehouse from the SQL models and publishes it atomically.
package pipeline

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/annexa"
	"github.com/yardstick-etl/yardstick/sources/cincensus"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/sources/ees"
	"github.com/yardstick-etl/yardstick/sources/ofsted"
	"github.com/yardstick-etl/yardstick/sources/reference"
	"github.com/yardstick-etl/yardstick/sources/ssda903"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
)

// Version is recorded in meta.run.
const Version = "0.1.0"

// Sources are tried in this order; the first that recognises a file reads it.
// Narrow kinds come before the generic EES reader.
var Sources = []sources.Source{
	ssda903.Source{},
	cincensus.Source{},
	annexa.Source{},
	reference.LAList{},
	ees.NewPopulation(),
	ees.New(),
	reference.Neighbours{},
	ofsted.Source{},
}

// RunRecord is one run, as meta.run keeps it.
type RunRecord struct {
	RunID      string    `json:"run_id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Status     string    `json:"status"` // published | failed
	Loaded     int       `json:"inputs_loaded"`
	Unchanged  int       `json:"inputs_unchanged"`
	Rejected   int       `json:"inputs_rejected"`
	Rows       int64     `json:"rows"`
	Version    string    `json:"version"`
	Message    string    `json:"message,omitempty"`
}

// Summary is what a run reports.
type Summary struct {
	RunRecord
	Warehouse string
	Issues    int
	Inputs    []InputSummary
}

// InputSummary is one input's outcome.
type InputSummary struct {
	Path, Kind, Status, Reason string
	Rows                       int64
	Issues                     int
}

// Options tune a run's reporting.
type Options struct {
	Log *slog.Logger
	// Progress, when set, gets a live line per input (rows, rows/s); set it
	// when stderr is a terminal.
	Progress io.Writer
}

// Run runs the pipeline once. The warehouse is published only when the build
// succeeds; on any error the previously published warehouse is untouched.
func Run(ctx context.Context, cfg *Config, opt Options) (*Summary, error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	rec := RunRecord{RunID: newRunID(), StartedAt: time.Now().UTC(), Version: Version}
	log = log.With("run_id", rec.RunID)
	warehouse, lake := cfg.Abs(cfg.Warehouse), cfg.Abs(cfg.Lake)
	history := readHistory(lake)

	sum, err := run(ctx, cfg, opt, log, &rec, history, warehouse, lake)
	if err != nil {
		rec.Status, rec.Message, rec.FinishedAt = "failed", err.Error(), time.Now().UTC()
		log.Error("run failed; the published warehouse is unchanged", "err", err)
	} else {
		rec.Status = "published"
	}
	if herr := appendHistory(lake, rec); herr != nil {
		log.Warn("could not record the run in the history", "err", herr)
	}
	if sum != nil {
		sum.RunRecord = rec
	}
	return sum, err
}

func run(ctx context.Context, cfg *Config, opt Options, log *slog.Logger, rec *RunRecord, history []RunRecord, warehouse, lake string) (*Summary, error) {
	paths, err := listInputs(cfg)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no input files found under %s", strings.Join(cfg.Inputs, ", "))
	}
	inputs := make([]*input, 0, len(paths))
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in := &input{Path: p, Rel: cfg.Rel(p)}
		if in.SHA256, err = hashFile(p); err != nil {
			return nil, fmt.Errorf("%s: %w", in.Rel, err)
		}
		recognise(in)
		inputs = append(inputs, in)
	}

	geo := geography.NewResolver(geography.Builtin())
	for _, in := range inputs {
		if in.Kind != "la_list" || in.Status == "rejected" {
			continue
		}
		issues := &sources.Issues{}
		las, err := reference.ReadLAList(in.Path, in.Rel, issues)
		if err != nil {
			in.Status, in.Reason = "rejected", err.Error()
			continue
		}
		issues.Finish(in.Rel)
		in.Status, in.Rows, in.Issues = "loaded", int64(len(las)), issues.List
		geo = geography.NewResolver(las) // the last list by path wins
		log.Info("geography from LA list", "file", in.Rel, "las", len(las))
	}

	ret, err := returnsConfig(cfg, inputs)
	if err != nil {
		return nil, err
	}
	alloc := memory.NewGoAllocator()
	for _, in := range inputs {
		if in.Status != "" { // rejected on sight, or the LA list read above
			reportInput(opt.Progress, log, in)
			continue
		}
		start := time.Now()
		prog := progressFunc(opt.Progress, in.Rel, start)
		if err := stage(ctx, lake, in, geo, ret, alloc, prog); err != nil {
			return nil, fmt.Errorf("%s: %w", in.Rel, err)
		}
		in.Seconds = time.Since(start).Seconds()
		reportInput(opt.Progress, log, in)
	}

	sum := &Summary{Warehouse: warehouse}
	for _, in := range inputs {
		switch in.Status {
		case "loaded":
			rec.Loaded++
		case "unchanged":
			rec.Unchanged++
		case "rejected":
			rec.Rejected++
		}
		sum.Issues += len(in.Issues)
		sum.Inputs = append(sum.Inputs, InputSummary{Path: in.Rel, Kind: in.Kind, Status: in.Status, Reason: in.Reason, Rows: in.Rows, Issues: len(in.Issues)})
	}
	if rec.Loaded+rec.Unchanged == 0 {
		return sum, fmt.Errorf("all %d inputs were rejected; nothing to publish", len(inputs))
	}

	if err := os.MkdirAll(filepath.Dir(warehouse), 0o755); err != nil {
		return sum, err
	}
	tmp := fmt.Sprintf("%s.%s.building", warehouse, rec.RunID)
	removeDB(tmp)
	start := time.Now()
	rec.Status = "published" // as meta.run will say once the rename below succeeds
	cat := Catalogue(cfg.Indicators)
	issues, err := build(ctx, tmp, lake, rec, history, inputs, cat, Gaps(cat, cfg.Gaps), geo)
	if err != nil {
		removeDB(tmp)
		return sum, fmt.Errorf("building the warehouse: %w", err)
	}
	if err := ctx.Err(); err != nil {
		removeDB(tmp)
		return sum, err
	}
	// rename is atomic on one filesystem: readers see the old file or the new.
	if err := os.Rename(tmp, warehouse); err != nil {
		removeDB(tmp)
		return sum, fmt.Errorf("publishing the warehouse: %w", err)
	}
	sum.Issues = issues           // with the models' checks across rows
	os.Remove(warehouse + ".wal") // a stale log of the replaced file must not replay into the new one
	log.Info("warehouse published", "path", cfg.Rel(warehouse), "rows", rec.Rows, "build_seconds", round2(time.Since(start).Seconds()))
	return sum, nil
}

// recognise sets in.Kind and in.source, or rejects the input with a reason.
func recognise(in *input) {
	s := &sources.Sample{Path: in.Path}
	switch s.Ext() {
	case ".csv":
		h, err := csvfile.ReadHeader(in.Path)
		if err != nil {
			in.Status, in.Reason = "rejected", "cannot read the header: "+err.Error()
			return
		}
		s.Header = h
	case ".xlsx":
		sh, err := xlsx.Sample(in.Path, 20)
		if err != nil {
			in.Status, in.Reason = "rejected", err.Error()
			return
		}
		s.Sheets = sh
	case ".xml":
		head, err := readHead(in.Path, 4096)
		if err != nil {
			in.Status, in.Reason = "rejected", err.Error()
			return
		}
		s.Head = head
	default:
		in.Status, in.Reason = "rejected", "not a .csv, .xlsx or .xml file; yardstick reads EES CSV files, DfE's LA list, the statistical-neighbours workbook and the SSDA903, CIN census and Annex A returns"
		return
	}
	for _, src := range Sources {
		if src.Recognise(s) {
			in.Kind, in.source = src.Kind(), src
			return
		}
	}
	in.Status, in.Reason = "rejected", "the header matches no source yardstick knows: an EES file needs time_period, time_identifier, geographic_level and country_code columns; a return's table needs its fields (e.g. SSDA903 episodes: CHILD, DECOM, RNE, LS, CIN, PLACE, ...)"
}

// readHead returns the first n bytes of a file.
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, n)
	k, err := io.ReadFull(f, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return b[:k], nil
}

// returnsConfig loads the pseudonymisation key when any input is a
// child-level return. Without a key such a run fails before reading a row:
// identifiers must never be staged in the clear.
func returnsConfig(cfg *Config, inputs []*input) (*sources.Returns, error) {
	var child []string
	for _, in := range inputs {
		if _, ok := in.source.(sources.ChildLevel); ok && in.Status == "" {
			child = append(child, in.Rel)
		}
	}
	if len(child) == 0 {
		return nil, nil
	}
	keyFile := ""
	if cfg.Pseudonymisation.KeyFile != "" {
		keyFile = cfg.Abs(cfg.Pseudonymisation.KeyFile)
	}
	p, err := pseudonym.Load(keyFile)
	if err != nil {
		return nil, fmt.Errorf("%d child-level inputs (%s) need pseudonymising and %w", len(child), child[0], err)
	}
	return &sources.Returns{Pseudo: p, HomeLA: cfg.HomeLA, CollectionYear: cfg.CollectionYear}, nil
}

// listInputs expands the config's inputs: files as given, folders scanned
// recursively (hidden files and folders skipped), sorted, without repeats.
func listInputs(cfg *Config) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, p := range cfg.Inputs {
		root := cfg.Abs(p)
		info, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("inputs: %w", err)
		}
		if !info.IsDir() {
			if !seen[root] {
				seen[root] = true
				out = append(out, root)
			}
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && path != root {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && !seen[path] {
				seen[path] = true
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("inputs: %w", err)
		}
	}
	sort.Strings(out)
	return out, nil
}

func newRunID() string {
	b := make([]byte, 3)
	rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

func historyPath(lake string) string { return filepath.Join(lake, "runs.jsonl") }

// readHistory returns the runs recorded so far; a damaged line is skipped,
// as the history is a record, not an input.
func readHistory(lake string) []RunRecord {
	f, err := os.Open(historyPath(lake))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []RunRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r RunRecord
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			out = append(out, r)
		}
	}
	return out
}

func appendHistory(lake string, r RunRecord) error {
	if err := os.MkdirAll(lake, 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(historyPath(lake), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(r) // plain struct: cannot fail
	_, err = f.Write(append(b, '\n'))
	return errors.Join(err, f.Close())
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// progressFunc returns a callback drawing a live line for one input.
func progressFunc(w io.Writer, name string, start time.Time) func(int64) {
	if w == nil {
		return nil
	}
	return func(rows int64) {
		fmt.Fprintf(w, "\r\033[K  %-60s %12d rows %10.0f rows/s", trim(name, 60), rows, float64(rows)/time.Since(start).Seconds())
	}
}

// reportInput ends an input's progress line, or logs it.
func reportInput(w io.Writer, log *slog.Logger, in *input) {
	rate := 0.0
	if in.Seconds > 0 {
		rate = float64(in.Rows) / in.Seconds
	}
	if w != nil {
		fmt.Fprintf(w, "\r\033[K  %-60s %12d rows %10.0f rows/s  %s", trim(in.Rel, 60), in.Rows, rate, in.Status)
		if len(in.Issues) > 0 {
			fmt.Fprintf(w, ", %d issues", len(in.Issues))
		}
		if in.Reason != "" {
			fmt.Fprintf(w, ": %s", in.Reason)
		}
		fmt.Fprintln(w)
		return
	}
	attrs := []any{"file", in.Rel, "kind", in.Kind, "status", in.Status, "rows", in.Rows, "rows_per_s", int64(rate), "issues", len(in.Issues)}
	if in.Reason != "" {
		log.Warn("input rejected", append(attrs, "reason", in.Reason)...)
		return
	}
	log.Info("input staged", attrs...)
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}
