package pipeline

import (
	"context"
	"os"
	"sort"
	"time"
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

// StaleInput is an input the published warehouse does not reflect.
type StaleInput struct {
	Path   string
	Reason string // newer than the warehouse | new | removed
}

// Status reads the history, the lock and the published warehouse. It
// changes nothing.
func Status(ctx context.Context, cfg *Config, lastRuns int) (*StatusReport, error) {
	warehouse, lake := cfg.Abs(cfg.Warehouse), cfg.Abs(cfg.Lake)
	rep := &StatusReport{}
	runs := readHistory(lake)
	if len(runs) > lastRuns {
		runs = runs[len(runs)-lastRuns:]
	}
	rep.Runs = runs
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
	rows, err := db.QueryContext(ctx, `SELECT path, coalesce(source_kind, ''), status, coalesce(reason, ''), sha256 FROM meta.input_file ORDER BY path`)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	published := map[string]string{} // path -> sha256
	for rows.Next() {
		var in InputSummary
		var sha string
		if err := rows.Scan(&in.Path, &in.Kind, &in.Status, &in.Reason, &sha); err != nil {
			return rep, err
		}
		published[in.Path] = sha
		if in.Status == "rejected" {
			rep.Rejected = append(rep.Rejected, in)
		}
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	paths, err := listInputs(cfg)
	if err != nil {
		return rep, err
	}
	for _, p := range paths {
		rel := cfg.Rel(p)
		sha, ok := published[rel]
		switch fi, err := os.Stat(p); {
		case !ok:
			rep.Stale = append(rep.Stale, StaleInput{Path: rel, Reason: "new"})
		case err == nil && fi.ModTime().After(st.ModTime()):
			// touched is not changed: only a new content is stale
			if h, err := hashFile(p); err != nil || h != sha {
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
