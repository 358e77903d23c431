// Package pipeline runs yardstick: it finds the inputs, recognises which
// source each is, stages them to Parquet in the lake, builds the DuckDB
// warehouse from the SQL models and publishes it atomically.
package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/yardstick-etl/yardstick/pipeline/catalogue"
	"github.com/yardstick-etl/yardstick/pipeline/digest"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/annexa"
	"github.com/yardstick-etl/yardstick/sources/cincensus"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/sources/ees"
	"github.com/yardstick-etl/yardstick/sources/eesmeta"
	"github.com/yardstick-etl/yardstick/sources/ilacs"
	"github.com/yardstick-etl/yardstick/sources/ods"
	"github.com/yardstick-etl/yardstick/sources/ofsted"
	"github.com/yardstick-etl/yardstick/sources/reference"
	"github.com/yardstick-etl/yardstick/sources/ssda903"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
	models "github.com/yardstick-etl/yardstick/sql"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
)

// Sources are tried in this order; the first that recognises a file reads it.
// Narrow kinds come before the generic EES reader.
var Sources = []sources.Source{
	ssda903.Source{},
	cincensus.Source{},
	annexa.Source{},
	reference.LAList{},
	reference.Postcodes{},
	reference.Providers{}, // before Ofsted's schools list: both have URNs
	eesmeta.Source{},      // before the EES source: a .meta.csv is metadata, not a data file
	eesmeta.Guide{},
	ees.NewPopulation(),
	ees.New(),
	ees.NewLegacy(),
	reference.Neighbours{},
	ofsted.Source{},
	ilacs.Source{},
}

// ConfigError is a run that cannot start because of its configuration (the
// pseudonymisation key): the command line exits 2 for it, as for a config
// file error.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// RunRecord is one run, as meta.run keeps it.
type RunRecord struct {
	RunID      string    `json:"run_id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// published | unchanged (nothing changed: nothing rebuilt) | failed |
	// cancelled | killed (the process died mid-run; found by a later run)
	Status    string `json:"status"`
	Loaded    int    `json:"inputs_loaded"`
	Unchanged int    `json:"inputs_unchanged"`
	Rejected  int    `json:"inputs_rejected"`
	Kept      int    `json:"inputs_kept_previous,omitempty"` // rejected, their last good version used
	Rows      int64  `json:"rows"`
	Version   string `json:"version"`
	Message   string `json:"message,omitempty"`
	// Fingerprint identifies what a published warehouse was built from:
	// the inputs' staged content, the catalogue, the models and yardstick.
	Fingerprint string `json:"fingerprint,omitempty"`
	IssueCount  int    `json:"issues"` // rows of the published meta.issue
	// Failures of the validation rules in the published meta.validation.
	ValidationErrors  int `json:"validation_errors,omitempty"`
	ValidationQueries int `json:"validation_queries,omitempty"`
	// Fetch is what fetching the followed data sets did at the run's start.
	Fetch []FetchOutcome `json:"fetch,omitempty"`
	// Returns are the dates the council's latest returns reach.
	Returns []ReturnAsAt `json:"returns,omitempty"`
	// Compared says what the published warehouse was compared with to
	// record its changes (meta.change_run.note).
	Compared string `json:"compared,omitempty"`
}

// Summary is what a run reports.
type Summary struct {
	RunRecord
	Warehouse string
	Issues    int
	Inputs    []InputSummary // status loaded, unchanged, rejected, kept_previous or not_read
	Extracts  []ExtractResult
	// From the published warehouse, as status and headline read them:
	// the rows of the returns that break the validation rules, per LA
	// (ValidationCounts), and the indicator definitions that take a loaded
	// file but match nothing in it (UnmatchedDefinitions).
	Validation []ValidationCount
	Unmatched  Unmatched
	// Changes is what the run changed for the home LA, in one line (a run
	// that published; digest.Summary).
	Changes string
	digest  *digest.Digest // the e-mail's LA's (notifyLA), read by writeDigests
}

// InputSummary is one input's outcome.
type InputSummary struct {
	Path, Kind, Status, Reason string
	Rows                       int64
	Issues                     int
}

// Options tune a run.
type Options struct {
	Log *slog.Logger
	// Progress, when set, gets a live line per input (rows, rows/s); set it
	// when stderr is a terminal.
	Progress io.Writer
	// Force rebuilds and republishes even when nothing changed.
	Force bool
	// RunID names the run; empty makes a new one.
	RunID string

	scratch string // the run's scratch folder (see newScratch)
}

// Run runs the pipeline once, holding the warehouse's lock. The warehouse is
// published only when the build succeeds; on any error, cancellation or
// kill the previously published warehouse is untouched. When no input,
// setting or model changed since the last published run it neither
// rebuilds nor republishes (status unchanged) unless opt.Force. After a
// successful run it writes the config's extracts.
func Run(ctx context.Context, cfg *Config, opt Options) (sum *Summary, err error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	rec := RunRecord{RunID: opt.RunID, StartedAt: time.Now().UTC(), Version: Version}
	if rec.RunID == "" {
		rec.RunID = NewRunID()
	}
	log = log.With("run_id", rec.RunID)
	warehouse, lake := cfg.Abs(cfg.Warehouse), cfg.Abs(cfg.Lake)

	lk, stale, err := acquireLock(lockPath(warehouse), rec.RunID)
	if err != nil {
		return nil, err
	}
	defer lk.release()
	// Two configs may share a lake (and so its scratch folder) with
	// warehouses of their own: the lake has its lock too.
	llk, _, err := acquireLock(lakeLockPath(lake), rec.RunID)
	if err != nil {
		return nil, err
	}
	defer llk.release()
	history := readHistory(lake)
	if stale != nil {
		history = recordKilled(lake, history, *stale, log)
	}
	removeStaleBuilds(warehouse, log)
	// Plain text of the returns (zips' members, excelize's temporary files
	// of large sheets) is written only to a scratch folder outside the
	// lake, emptied when a run starts and when it ends: a run killed while
	// reading leaves it, and the next one, holding the lake's lock, removes it.
	scratch, left, err := newScratch(lake)
	if err != nil {
		return nil, err
	}
	for _, old := range []string{".xlsx-tmp", ".unzipped"} { // where earlier builds put them, plain text under the lake
		if files, _ := os.ReadDir(filepath.Join(lake, old)); len(files) > 0 {
			left += len(files)
		}
		os.RemoveAll(filepath.Join(lake, old))
	}
	defer os.RemoveAll(scratch)
	if left > 0 {
		log.Info("removed temporary files an interrupted run left", "files", left)
	}
	xlsx.TmpDir = filepath.Join(scratch, "xlsx")
	if err := os.Mkdir(xlsx.TmpDir, 0o700); err != nil {
		return nil, fmt.Errorf("the scratch folder: %w", err)
	}
	opt.scratch = scratch

	finish := func() {
		rec.FinishedAt = time.Now().UTC()
		if herr := appendHistory(lake, rec); herr != nil {
			log.Warn("could not record the run in the history", "err", herr)
		}
		if sum != nil {
			sum.RunRecord = rec
		}
	}
	// A panic is recorded as a failed run, then passed on (the scheduler
	// logs it and carries on); the deferred unlock and clean-ups still run.
	defer func() {
		if r := recover(); r != nil {
			rec.Status, rec.Message = "failed", fmt.Sprintf("panic: %v", r)
			log.Error("run panicked; the published warehouse is unchanged", "panic", fmt.Sprint(r))
			finish()
			panic(r)
		}
	}()

	sum, err = run(ctx, cfg, opt, log, &rec, history, warehouse, lake)
	switch {
	case err != nil && ctx.Err() != nil:
		rec.Status, rec.Message = "cancelled", err.Error()
		log.Warn("run cancelled; the published warehouse is unchanged")
	case err != nil:
		rec.Status, rec.Message = "failed", err.Error()
		log.Error("run failed; the published warehouse is unchanged", "err", err)
	}
	finish()
	if err != nil {
		notifyRun(ctx, cfg, sum, err, log)
		return sum, err
	}
	sum.Extracts, err = writeConfiguredExtracts(ctx, cfg, rec.Status == "unchanged", log)
	if rec.Status == "published" {
		err = errors.Join(err, writeDigests(ctx, cfg, sum, log))
	}
	notifyRun(ctx, cfg, sum, err, log)
	return sum, err
}

// recordKilled adds a run whose process died holding the lock to the
// history, once, so meta.run keeps every run.
func recordKilled(lake string, history []RunRecord, stale lockInfo, log *slog.Logger) []RunRecord {
	log.Warn("a previous run ended without finishing (its process died); its lock is taken over",
		"stale_run_id", stale.RunID, "stale_pid", stale.PID)
	for _, r := range history {
		if r.RunID == stale.RunID {
			return history
		}
	}
	r := RunRecord{RunID: stale.RunID, StartedAt: stale.StartedAt, Status: "killed", Version: Version,
		Message: fmt.Sprintf("process %d on %s ended before the run finished; the published warehouse was left as it was", stale.PID, stale.Host)}
	if err := appendHistory(lake, r); err != nil {
		log.Warn("could not record the killed run in the history", "err", err)
	}
	return append(history, r)
}

// removeStaleBuilds deletes warehouses half-built by runs that were killed.
// Only called under the lock, so no live run is building one.
func removeStaleBuilds(warehouse string, log *slog.Logger) {
	matches, _ := filepath.Glob(warehouse + ".*.building")
	for _, m := range matches {
		removeDB(m)
		log.Info("removed a half-built warehouse left by an interrupted run", "path", filepath.Base(m))
	}
}

func run(ctx context.Context, cfg *Config, opt Options, log *slog.Logger, rec *RunRecord, history []RunRecord, warehouse, lake string) (*Summary, error) {
	if cfg.Fetch != nil {
		// A data set that cannot be fetched keeps its version on disk and
		// the run goes on, unless fetch.required.
		outcomes, err := fetchFollowed(ctx, cfg, log)
		rec.Fetch = outcomes
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil && cfg.Fetch.Required {
			return nil, fmt.Errorf("fetch.required is set and the fetch folder cannot be written: %w", err)
		}
		if failed := FetchFailed(outcomes); len(failed) > 0 && cfg.Fetch.Required {
			return nil, fetchError(failed)
		}
	}
	origins := fetchedOrigins(cfg)
	paths, bad := listInputs(cfg)
	if len(paths)+len(bad) == 0 {
		return nil, fmt.Errorf("no input files found under %s", strings.Join(cfg.Inputs, ", "))
	}
	for p := range bad {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	inputs := make([]*input, 0, len(paths))
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in := &input{Path: p, Rel: displayPath(cfg.Rel(p)), asAt: cfg.AsAtOf(p)}
		if o, ok := origins[p]; ok {
			in.origin = &o
		}
		var err error
		switch why, isBad := bad[p]; {
		case isBad:
			in.Status, in.Reason = "rejected", why
		default:
			if in.SHA256, in.seen, err = hashState(ctx, p); errors.Is(err, errChanging) {
				in.Status, in.Reason = "rejected", err.Error()
			} else if err != nil {
				in.Status, in.Reason = "rejected", "cannot be read: "+unreadable(err)
			} else {
				recognise(ctx, in)
			}
		}
		inputs = append(inputs, in)
	}
	inputs, err := expandZips(ctx, inputs, filepath.Join(opt.scratch, "unzipped"))
	if err != nil {
		return nil, err
	}
	pairMeta(inputs)

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

	ret, err := returnsConfig(cfg, inputs, log)
	if err != nil {
		return nil, err
	}
	loadReferences(ctx, lake, inputs, geo, ret, log)
	if err := stageAll(ctx, lake, inputs, geo, ret, opt.Progress, log); err != nil {
		return nil, err
	}
	settleZips(inputs)
	good := readLastGood(lake)
	if err := applyOnRejected(cfg.OnRejected, lake, inputs, good, log); err != nil {
		return nil, err
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
		case "kept_previous":
			rec.Kept++
		}
		sum.Issues += len(in.Issues)
		sum.Inputs = append(sum.Inputs, InputSummary{Path: in.Rel, Kind: in.Kind, Status: in.Status, Reason: in.Reason, Rows: in.Rows, Issues: len(in.Issues)})
	}
	if rec.Loaded+rec.Unchanged+rec.Kept == 0 {
		if notRead := len(inputs) - rec.Rejected; notRead > 0 {
			return sum, fmt.Errorf("no input to publish: %s rejected and %s yardstick knows but does not use", terminal.Count(rec.Rejected, "input", "inputs"),
				terminal.Count(notRead, "file", "files"))
		}
		return sum, fmt.Errorf("every input was rejected (%s); nothing to publish", terminal.Count(len(inputs), "input", "inputs"))
	}

	cat := Effective(cfg)
	rec.Fingerprint = buildFingerprint(inputs, cat, geo)
	if last, ok := lastPublished(history); ok && !opt.Force && last.Fingerprint == rec.Fingerprint && publishedRunID(warehouse) == last.RunID {
		rec.Status, rec.Rows = "unchanged", last.Rows
		rec.ValidationErrors, rec.ValidationQueries = last.ValidationErrors, last.ValidationQueries
		rec.Returns = last.Returns
		sum.Issues = last.IssueCount
		log.Info("no changes since the last published run; the warehouse is kept as it is", "published_run_id", last.RunID)
		if err := writeLastGood(lake, good, inputs, rec.StartedAt); err != nil {
			log.Warn("could not record the inputs' last good versions", "err", err)
		}
		summarise(ctx, warehouse, sum, log)
		return sum, nil
	}

	if err := os.MkdirAll(filepath.Dir(warehouse), 0o755); err != nil {
		return sum, err
	}
	tmp := fmt.Sprintf("%s.%s.building", warehouse, rec.RunID)
	removeDB(tmp)
	defer removeDB(tmp) // nothing once renamed; the half-built file on any error or panic
	start := time.Now()
	rec.Status = "published" // as meta.run will say once the rename below succeeds
	issues, err := build(ctx, tmp, warehouse, cfg.WarehouseFormat, lake, rec, history, inputs, cat, geo)
	if err != nil {
		return sum, fmt.Errorf("building the warehouse: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	// rename is atomic on one filesystem: readers see the old file or the new,
	// and a reader holding the old file open keeps reading it.
	if err := os.Rename(tmp, warehouse); err != nil {
		return sum, fmt.Errorf("publishing the warehouse: %w", err)
	}
	rec.IssueCount = issues
	sum.Issues = issues // with the models' checks across rows
	if err := writeLastGood(lake, good, inputs, rec.StartedAt); err != nil {
		log.Warn("could not record the inputs' last good versions", "err", err)
	}
	os.Remove(warehouse + ".wal") // a stale log of the replaced file must not replay into the new one
	log.Info("warehouse published", "path", cfg.Rel(warehouse), "rows", rec.Rows, "validation_errors", rec.ValidationErrors,
		"validation_queries", rec.ValidationQueries, "build_seconds", round2(time.Since(start).Seconds()))
	summarise(ctx, warehouse, sum, log)
	return sum, nil
}

// summarise adds to a run's summary what the published warehouse says, by
// the functions status and headline read it with, so the three agree: the
// validation failures per LA and the definitions that match nothing.
func summarise(ctx context.Context, warehouse string, sum *Summary, log *slog.Logger) {
	db, err := OpenReadOnly(warehouse)
	if err == nil {
		defer db.Close()
		if sum.Validation, err = ValidationCounts(ctx, db, ""); err == nil {
			sum.Unmatched, err = UnmatchedDefinitions(ctx, db)
		}
	}
	if err != nil {
		log.Warn("could not read the published warehouse for the run's summary", "err", err)
	}
}

// NotReadLine is the summary's line on the inputs yardstick knows but does
// not read (sources/reference.Unuseds), naming each kind once; "" when
// there are none. Each one's reason is in meta.input_file.
func NotReadLine(inputs []InputSummary) string {
	var names []string
	n := 0
	for _, in := range inputs {
		if in.Status != "not_read" {
			continue
		}
		n++
		name := in.Kind
		if u, ok := reference.UnusedKind(in.Kind); ok {
			name = u.Name
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("not read: %s yardstick knows but does not use (%s)", terminal.Count(n, "file", "files"), strings.Join(names, ", "))
}

// stageAll stages the inputs, as many at once as there are cores: each
// input is read by one goroutine, start to finish, so a file's rows and
// issues stay in order; inputs are independent until the build. The first
// error (a cancelled run, a lake that cannot be written) stops the rest.
func stageAll(ctx context.Context, lake string, inputs []*input, geo *geography.Resolver, ret *sources.Returns, progress io.Writer, log *slog.Logger) error {
	var mu sync.Mutex // one progress line or log line at a time
	report := func(in *input) {
		mu.Lock()
		defer mu.Unlock()
		reportInput(progress, log, in)
	}
	// Inputs with the same content (a copy, a second link) share a lake
	// key: the first is staged with the others, the copies after, when they
	// find its files.
	var todo, copies []*input
	keys := map[string]bool{}
	for _, in := range inputs {
		if in.Status != "" { // rejected on sight, or the LA list read above
			report(in)
			continue
		}
		in.Key = lakeKey(in, geo, ret) // the key's fingerprint is not safe to take concurrently
		if keys[in.Key] {
			copies = append(copies, in)
			continue
		}
		keys[in.Key] = true
		todo = append(todo, in)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	alloc := memory.NewGoAllocator() // safe for concurrent use
	errs := make(chan error, len(todo)+len(copies))
	// stageEach stages list with n workers; the first error cancels the rest.
	stageEach := func(list []*input, n int) {
		next := make(chan *input)
		var wg sync.WaitGroup
		for w := 0; w < min(n, max(len(list), 1)); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for in := range next {
					start := time.Now()
					prog := progressFunc(progress, &mu, in.Rel, start)
					if err := stage(ctx, lake, in, geo, ret, alloc, prog); err != nil {
						errs <- fmt.Errorf("%s: %w", in.Rel, err)
						cancel()
						continue
					}
					in.Seconds = time.Since(start).Seconds()
					report(in)
				}
			}()
		}
	feed:
		for _, in := range list {
			select {
			case next <- in:
			case <-ctx.Done():
				break feed
			}
		}
		close(next)
		wg.Wait()
	}
	stageEach(todo, runtime.GOMAXPROCS(0))
	stageEach(copies, 1)
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return ctx.Err()
}

// buildFingerprint identifies everything a warehouse is built from: each
// input's path, staged content (its lake key: content, kind, stage format,
// geography and, for returns, the pseudonymisation key and LA and year
// defaults) and outcome, the catalogue and gaps, the models' SQL and
// yardstick's version. Equal fingerprints build equal warehouses.
func buildFingerprint(inputs []*input, cat *catalogue.Catalogue, geo *geography.Resolver) string {
	return fingerprint(inputs, cat, geo, false)
}

// publishedFingerprint is buildFingerprint without the council's
// child-level returns: equal ones give equal published marts
// (mart.la_benchmark holds DfE's figures only), so a nightly run whose
// returns alone changed need not compare them.
func publishedFingerprint(inputs []*input, cat *catalogue.Catalogue, geo *geography.Resolver) string {
	return fingerprint(inputs, cat, geo, true)
}

func fingerprint(inputs []*input, cat *catalogue.Catalogue, geo *geography.Resolver, published bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s\n", Version, stageVersion, geo.Fingerprint())
	if published {
		io.WriteString(h, "published\n")
	}
	for _, in := range inputs {
		if _, child := in.source.(sources.ChildLevel); child && published {
			continue
		}
		fmt.Fprintf(h, "%s|%s|%s|%s|%t|%s|%s\n", in.Rel, in.SHA256, in.Key, in.Kind, in.Status == "rejected", in.Reason, in.asAt.Format(time.DateOnly))
	}
	json.NewEncoder(h).Encode(cat) // plain structs: cannot fail
	for _, name := range append(models.All(), "meta_change.sql") {
		q, _ := models.Read(name) // embedded: present
		io.WriteString(h, q)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// lastPublished is the newest run that published a warehouse.
func lastPublished(history []RunRecord) (RunRecord, bool) {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Status == "published" {
			return history[i], true
		}
	}
	return RunRecord{}, false
}

// publishedRunID is the run that published the warehouse file now in place
// ("" when there is none or it cannot be read), so a warehouse replaced or
// deleted by hand is rebuilt rather than trusted.
func publishedRunID(warehouse string) string {
	if _, err := os.Stat(warehouse); err != nil {
		return ""
	}
	db, err := OpenReadOnly(warehouse)
	if err != nil {
		return ""
	}
	defer db.Close()
	var id string
	if db.QueryRow(`SELECT run_id FROM meta.run WHERE status = 'published' ORDER BY started_at DESC LIMIT 1`).Scan(&id) != nil {
		return ""
	}
	return id
}

// recognise sets in.Kind and in.source, or rejects the input with a reason.
func recognise(ctx context.Context, in *input) {
	s := &sources.Sample{Path: in.Path}
	switch s.Ext() {
	case ".csv":
		if why := notCSV(in.Path); why != "" {
			in.Status, in.Reason = "rejected", why
			return
		}
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
	case ".zip":
		in.Kind = "zip" // opened by expandZips
		return
	case ".txt":
		head, err := readHead(in.Path, 64*1024)
		if err != nil {
			in.Status, in.Reason = "rejected", err.Error()
			return
		}
		s.Head = head
	case ".ods":
		sh, _, err := ods.Sample(ctx, in.Path, 20)
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
		in.Status, in.Reason = "rejected", "not a .csv, .xlsx, .ods, .xml, .zip or .txt file; "+notRecognised
		return
	}
	for _, src := range Sources {
		if src.Recognise(s) {
			in.Kind, in.source = src.Kind(), src
			return
		}
	}
	// a reference file yardstick knows and does not read: not rejected,
	// said once in the run's summary (NotReadLine)
	if u, ok := reference.RecogniseUnused(s); ok {
		in.Kind, in.Status, in.Reason = u.Kind, "not_read", u.Name+": "+u.Reason
		return
	}
	if s.Ext() == ".txt" {
		in.Status, in.Reason = "rejected", "a text file that is not a release guide (a .txt that lists a release table's columns, geog_l first): "+notRecognised
		return
	}
	if s.Ext() == ".ods" {
		in.Status, in.Reason = "rejected", "an OpenDocument spreadsheet with no sheet whose header yardstick knows: Ofsted's ILACS outcomes need Local authority area code, Inspection date and Overall effectiveness columns; an EES table needs time_period, time_identifier, geographic_level and country_code"
		return
	}
	if s.Ext() == ".xml" {
		in.Status, in.Reason = "rejected", "an XML file that is neither an SSDA903 export (<EXPSSDA903>) nor a CIN census (<Message> with <Collection>CIN</Collection>)"
		return
	}
	in.Status, in.Reason = "rejected", "the header matches no source yardstick knows: an EES file needs time_period, time_identifier, geographic_level and country_code columns; a return's table needs its fields (e.g. SSDA903 episodes: CHILD, DECOM, RNE, LS, CIN, PLACE, ...)"
}

// notRecognised says what yardstick reads, for a file it does not.
const notRecognised = "yardstick reads EES CSV files (and EES's zips of them, with their .meta.csv), pre-EES release tables and their guides, DfE's LA list, ONS's postcode directory, the statistical-neighbours workbook, Ofsted's ILACS outcomes and the SSDA903, CIN census and Annex A returns"

// notCSV says what a .csv file holds when it is plainly not CSV text in
// UTF-8 (so the reason is not the EES header's): UTF-16 text (a byte-order
// mark, or NUL bytes between the letters), XML, or a workbook or other
// binary renamed .csv. "" when it looks like text.
func notCSV(path string) string {
	head, err := readHead(path, 512)
	if err != nil {
		return ""
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) ||
		(len(head) > 3 && head[1] == 0 && head[3] == 0) || (len(head) > 2 && head[0] == 0 && head[2] == 0):
		return "the file is UTF-16 text, not UTF-8: save it from Excel as \"CSV UTF-8 (Comma delimited)\""
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n"), []byte("<")):
		return "the file holds XML (or HTML), not CSV: give it the extension of what it is (.xml for a return)"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "the file is a zip archive (an xlsx workbook?) named .csv: give it its own extension"
	case bytes.IndexByte(head, 0) >= 0:
		return "the file is binary, not CSV text"
	}
	return ""
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
func returnsConfig(cfg *Config, inputs []*input, log *slog.Logger) (*sources.Returns, error) {
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
		return nil, &ConfigError{fmt.Errorf("%d child-level inputs (%s) need pseudonymising and %w", len(child), child[0], err)}
	}
	if keyFile != "" {
		if info, err := os.Stat(keyFile); err == nil && info.Mode().Perm()&0o077 != 0 {
			log.Warn("the pseudonymisation key file can be read by others than its owner: make it private (chmod 600)",
				"key_file", cfg.Pseudonymisation.KeyFile, "mode", fmt.Sprintf("%04o", info.Mode().Perm()))
		}
	}
	return &sources.Returns{Pseudo: p, HomeLA: cfg.HomeLA, CollectionYear: cfg.CollectionYear}, nil
}

// listInputs expands the config's inputs: files as given, folders scanned
// recursively (hidden files and folders skipped, and yardstick's own
// outputs: the lake, the warehouse and its lock and building files, the
// extracts), sorted, without repeats. Symbolic links are followed, to
// files and folders alike; each real file is listed once (by the first
// path that reaches it) and a folder reached twice, as by a link loop, is
// scanned once. What cannot be read (a dangling link, a folder or file
// without permission, a socket) is returned in bad with the reason, so it
// is rejected on its own and the rest still load.
func listInputs(cfg *Config) (paths []string, bad map[string]string) {
	bad = map[string]string{}
	// checkPaths keeps outputs out of input folders; this is the second
	// line, on real paths, for the warehouse's lock, log and building files.
	own := []string{realPath(cfg.Abs(cfg.Lake))}
	for _, e := range cfg.Extracts {
		own = append(own, realPath(cfg.Abs(e.Out)))
	}
	warehouse := realPath(cfg.Abs(cfg.Warehouse))
	isOwn := func(real string) bool {
		if real == warehouse || strings.HasPrefix(real, warehouse+".") {
			return true
		}
		for _, o := range own {
			if within(real, o) {
				return true
			}
		}
		return false
	}
	files := map[string]bool{} // real paths listed
	dirs := map[string]bool{}  // real folders scanned
	var visit func(path string)
	visit = func(path string) {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			bad[path] = "cannot be read: " + unreadable(err)
			return
		}
		if isOwn(real) {
			return
		}
		info, err := os.Stat(real)
		if err != nil {
			bad[path] = "cannot be read: " + unreadable(err)
			return
		}
		switch {
		case info.IsDir():
			if dirs[real] {
				return
			}
			dirs[real] = true
			entries, err := os.ReadDir(path)
			if err != nil {
				bad[path] = "the folder cannot be read: " + unreadable(err)
				return
			}
			for _, e := range entries {
				child := filepath.Join(path, e.Name())
				if strings.HasPrefix(e.Name(), ".") {
					continue
				}
				visit(child)
			}
		case info.Mode().IsRegular():
			if !files[real] {
				files[real] = true
				paths = append(paths, path)
			}
		default:
			bad[path] = "not a regular file (a device, pipe or socket): nothing to read"
		}
	}
	seenTop := map[string]bool{}
	for _, p := range cfg.Inputs {
		if root := cfg.Abs(p); !seenTop[root] {
			seenTop[root] = true
			visit(root)
		}
	}
	sort.Strings(paths)
	return paths, bad
}

// unreadable says why a path cannot be read, without the path again.
func unreadable(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "it does not exist (a link to a file that is gone, or a path mistyped in the config)"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied (let the account that runs yardstick read it)"
	}
	return err.Error()
}

// displayPath is a path as messages, logs and the warehouse show it: as it
// is, unless it holds bytes that are not UTF-8 or control characters (a
// newline, an escape code), which are written as Go escapes (\xff, \n) so
// a name can neither break a log line nor fail the warehouse's text.
func displayPath(p string) string {
	clean := utf8.ValidString(p)
	for _, r := range p {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			clean = false
		}
	}
	if clean {
		return p
	}
	q := strconv.QuoteToGraphic(p)
	return q[1 : len(q)-1]
}

// NewRunID makes a run id: the UTC start time and a random suffix.
func NewRunID() string {
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

// progressFunc returns a callback drawing a live line for one input (the
// inputs being staged at the same time take turns on it, under mu).
func progressFunc(w io.Writer, mu *sync.Mutex, name string, start time.Time) func(int64) {
	if w == nil {
		return nil
	}
	return func(rows int64) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "\r\033[K  %-60s %12d rows %10.0f rows/s", trim(name, 60), rows, float64(rows)/time.Since(start).Seconds())
	}
}

// reportInput ends an input's progress line, or logs it.
func reportInput(w io.Writer, log *slog.Logger, in *input) {
	rate := 0.0
	if in.Seconds > 0 && in.Status == "loaded" { // an unchanged input was not read
		rate = float64(in.Rows) / in.Seconds
	}
	if w != nil {
		// the status only: a rejected input's reason is said once, in the
		// run's summary that follows (a terminal showed it twice)
		fmt.Fprintf(w, "\r\033[K  %-60s %12d rows %10.0f rows/s  %s", trim(in.Rel, 60), in.Rows, rate, strings.ReplaceAll(in.Status, "_", " "))
		if len(in.Issues) > 0 {
			fmt.Fprintf(w, ", %s", terminal.Count(len(in.Issues), "issue", "issues"))
		}
		fmt.Fprintln(w)
		return
	}
	attrs := []any{"file", in.Rel, "kind", in.Kind, "status", in.Status, "rows", in.Rows, "rows_per_s", int64(rate), "issues", len(in.Issues)}
	switch {
	case in.Status == "not_read":
		log.Info("input not read: yardstick knows the file but does not use it", append(attrs, "reason", in.Reason)...)
		return
	case in.Reason != "":
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
