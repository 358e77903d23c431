package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/extract"
)

// ExtractResult is what one extract format wrote.
type ExtractResult = extract.Result

// Extract writes one LA's extract from the published warehouse, on demand.
func Extract(ctx context.Context, cfg *Config, e ExtractConfig) ([]ExtractResult, error) {
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return extract.Write(ctx, db, extractOptions(cfg, e, time.Time{}))
}

func extractOptions(cfg *Config, e ExtractConfig, ifOlderThan time.Time) extract.Options {
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil { // checked when the config was loaded
		loc = time.UTC
	}
	return extract.Options{LA: e.LA, Formats: e.Formats, Out: cfg.Abs(e.Out), Now: time.Now().In(loc), IfOlderThan: ifOlderThan}
}

// writeConfiguredExtracts writes the config's extracts after a successful
// run. After a run that changed nothing, extracts already written since the
// warehouse was published are left as they are. The Parquet tree, the
// same for every LA, is written once per folder.
func writeConfiguredExtracts(ctx context.Context, cfg *Config, unchanged bool, log *slog.Logger) ([]ExtractResult, error) {
	if len(cfg.Extracts) == 0 {
		return nil, nil
	}
	warehouse := cfg.Abs(cfg.Warehouse)
	var since time.Time
	if unchanged {
		if st, err := os.Stat(warehouse); err == nil {
			since = st.ModTime()
		}
	}
	db, err := OpenReadOnly(warehouse)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var out []ExtractResult
	var errs []error
	parquetDone := map[string]bool{}
	for _, e := range cfg.Extracts {
		var formats []string
		for _, f := range e.Formats {
			if f == "parquet" {
				if parquetDone[cfg.Abs(e.Out)] {
					continue
				}
				parquetDone[cfg.Abs(e.Out)] = true
			}
			formats = append(formats, f)
		}
		e.Formats = formats
		res, err := writeExtract(ctx, db, cfg, e, since, log)
		out = append(out, res...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

func writeExtract(ctx context.Context, db *sql.DB, cfg *Config, e ExtractConfig, since time.Time, log *slog.Logger) ([]ExtractResult, error) {
	res, err := extract.Write(ctx, db, extractOptions(cfg, e, since))
	for _, r := range res {
		for _, p := range r.Paths {
			if r.Skipped {
				log.Info("extract up to date", "la", r.LA, "format", r.Format, "path", cfg.Rel(p))
			} else {
				log.Info("extract written", "la", r.LA, "format", r.Format, "path", cfg.Rel(p), "seconds", round2(r.Seconds))
			}
		}
	}
	if err != nil {
		log.Error("extract failed", "la", e.LA, "err", err)
	}
	return res, err
}
