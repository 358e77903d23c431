package pipeline

import (
	"context"
	"database/sql"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesapi"
)

// StatusReport is what `yardstick status` shows: the last runs, a run in
// progress, the published warehouse, inputs newer than it, and what it
// rejected.
type StatusReport struct {
	Runs      []RunRecord // newest last
	Running   *RunningRun
	Warehouse *PublishedWarehouse
	Stale     []StaleInput
	Rejected  []InputSummary
	Kept      []InputSummary // rejected, their last good version used
	NotRead   []InputSummary // files yardstick knows but does not use
	// Indicators: how many the published warehouse has values for.
	Indicators *IndicatorCoverage
	// Fetched is what the fetch folder holds of each followed data set;
	// FetchFailed the data sets the last run could not fetch.
	Fetched     []eesapi.Entry
	FetchFailed []FetchOutcome
	// Returns are the dates the published warehouse's returns reach.
	Returns []ReturnAsAt
}

// IndicatorCoverage counts the catalogue's indicators by whether the
// published warehouse has values for them. A built-in indicator with no
// input is not a fault (its publication is simply not among the inputs),
// so it is counted here rather than raised as an issue; a definition whose
// file is loaded but that matches nothing there is an issue (Unmatched).
type IndicatorCoverage struct {
	Builtin, BuiltinNoInput int
	Config, ConfigNoInput   int
	Unmatched               Unmatched
}

// Unmatched are the indicator definitions that take a loaded file but
// match nothing in it: the indicator_* rules of meta.issue
// (sql/stage_indicator_unmatched.sql), one issue or more each.
type Unmatched struct {
	Definitions int
	// First is the first one's issue, with its advice (the nearest
	// names the file has): the config's definitions first, then by id.
	First string
}

// UnmatchedDefinitions reads the definitions that match nothing: what
// the run's summary and status say of them.
func UnmatchedDefinitions(ctx context.Context, db *sql.DB) (Unmatched, error) {
	var u Unmatched
	// each issue's message begins "indicator <id> "
	err := db.QueryRowContext(ctx, `
WITH u AS (
    SELECT regexp_extract(m.message, '^indicator (\S+)', 1) AS indicator_id, m.message
    FROM meta.issue m WHERE m.rule LIKE 'indicator\_%' ESCAPE '\'
)
SELECT count(DISTINCT u.indicator_id),
       coalesce(arg_min(u.message, (coalesce(i.origin, '') <> 'config', u.indicator_id, u.message)), '')
FROM u LEFT JOIN ref.indicator i USING (indicator_id)`).Scan(&u.Definitions, &u.First)
	return u, err
}

// RunningRun is a run holding the lock now.
type RunningRun struct {
	PID   int
	RunID string
	Since time.Time
}

// PublishedWarehouse is the warehouse file in place.
type PublishedWarehouse struct {
	Path     string
	Modified time.Time
	Size     int64
	RunID    string
}

// StaleInput is an input the published warehouse does not reflect. A
// zip is one input: its members ("x.zip!member.csv" in meta.input_file)
// are reflected when it is, and stale only as it is.
type StaleInput struct {
	Path   string
	Reason string // changed since the warehouse was published | new | removed
}

// Status reads the history, the lock and the published warehouse. It
// changes nothing.
func Status(ctx context.Context, cfg *Config, lastRuns int) (*StatusReport, error) {
	warehouse, lake := cfg.Abs(cfg.Warehouse), cfg.Abs(cfg.Lake)
	rep := &StatusReport{}
	all := readHistory(lake)
	rep.Runs = all
	if len(all) > lastRuns {
		rep.Runs = all[len(all)-lastRuns:]
	}
	if cfg.Fetch != nil {
		if man, err := eesapi.ReadManifest(cfg.Abs(cfg.Fetch.Into)); err == nil {
			rep.Fetched = man.DataSets
		}
		for i := len(all) - 1; i >= 0; i-- {
			if len(all[i].Fetch) > 0 {
				rep.FetchFailed = FetchFailed(all[i].Fetch)
				break
			}
		}
	}
	if pid, id, since, ok := LockHolder(warehouse); ok {
		rep.Running = &RunningRun{PID: pid, RunID: id, Since: since}
	}
	st, err := os.Stat(warehouse)
	if err != nil {
		return rep, nil // nothing published yet
	}
	rep.Warehouse = &PublishedWarehouse{Path: cfg.Rel(warehouse), Modified: st.ModTime(), Size: st.Size()}
	db, err := OpenReadOnly(warehouse)
	if err != nil {
		return rep, err
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, `SELECT run_id FROM meta.run WHERE status = 'published' ORDER BY started_at DESC LIMIT 1`).Scan(&rep.Warehouse.RunID); err != nil {
		return rep, err
	}
	rep.Indicators = indicatorCoverage(ctx, db)
	if rep.Returns, err = returnsAsAt(ctx, db); err != nil {
		return rep, err
	}
	rows, err := db.QueryContext(ctx, `SELECT path, coalesce(source_kind, ''), status, coalesce(reason, ''), sha256 FROM meta.input_file ORDER BY path`)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	published := map[string]string{} // path -> sha256
	var zips []string                // the zips among them, whose members follow them
	for rows.Next() {
		var in InputSummary
		var sha string
		if err := rows.Scan(&in.Path, &in.Kind, &in.Status, &in.Reason, &sha); err != nil {
			return rep, err
		}
		published[in.Path] = sha
		if in.Kind == "zip" {
			zips = append(zips, in.Path)
		}
		switch in.Status {
		case "rejected":
			rep.Rejected = append(rep.Rejected, in)
		case "kept_previous":
			rep.Kept = append(rep.Kept, in)
		case "not_read":
			rep.NotRead = append(rep.NotRead, in)
		}
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	// A zip's members are not files of the inputs' folders: each is
	// reflected as its zip is, which is compared below as any file is.
	for p := range published {
		for _, z := range zips {
			if strings.HasPrefix(p, z+"!") {
				delete(published, p)
				break
			}
		}
	}
	paths, bad := listInputs(cfg)
	for p := range bad {
		paths = append(paths, p)
	}
	for _, p := range paths {
		rel := displayPath(cfg.Rel(p))
		sha, ok := published[rel]
		switch fi, err := os.Stat(p); {
		case !ok:
			rep.Stale = append(rep.Stale, StaleInput{Path: rel, Reason: "new"})
		case err == nil && fi.ModTime().After(st.ModTime()):
			// touched is not changed: only a new content is stale
			if h, err := hashFile(ctx, p); err != nil || h != sha {
				rep.Stale = append(rep.Stale, StaleInput{Path: rel, Reason: "changed since the warehouse was published"})
			}
		}
		delete(published, rel)
	}
	for p := range published {
		rep.Stale = append(rep.Stale, StaleInput{Path: p, Reason: "removed"})
	}
	sort.Slice(rep.Stale, func(i, j int) bool { return rep.Stale[i].Path < rep.Stale[j].Path })
	return rep, nil
}

// indicatorCoverage counts indicators with and without values, published
// or the council's own. nil for a warehouse older than ref.indicator.origin.
func indicatorCoverage(ctx context.Context, db *sql.DB) *IndicatorCoverage {
	var c IndicatorCoverage
	err := db.QueryRowContext(ctx, `
WITH has AS (
    SELECT i.origin,
           EXISTS (SELECT 1 FROM stage.indicator_value v WHERE v.indicator_id = i.indicator_id)
           OR EXISTS (SELECT 1 FROM stage.own_indicator_value o WHERE o.indicator_id = i.indicator_id) AS has_values
    FROM ref.indicator i
)
SELECT count(*) FILTER (WHERE origin = 'built-in'), count(*) FILTER (WHERE origin = 'built-in' AND NOT has_values),
       count(*) FILTER (WHERE origin = 'config'), count(*) FILTER (WHERE origin = 'config' AND NOT has_values)
FROM has`).Scan(&c.Builtin, &c.BuiltinNoInput, &c.Config, &c.ConfigNoInput)
	if err != nil {
		return nil
	}
	if c.Unmatched, err = UnmatchedDefinitions(ctx, db); err != nil {
		return nil
	}
	return &c
}
