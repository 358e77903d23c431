package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/yardstick-etl/yardstick/pipeline/digest"
	"github.com/yardstick-etl/yardstick/pipeline/extract"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// writeDigests follows a run that published: it logs what the run
// changed for the home LA in one line ("3 new periods, 1 revision, 2 rank
// moves for Trafford", also the summary's Changes) and writes each
// configured extract's LA digest, Markdown and HTML, beside its extract
// (358_trafford_digest.md and .html: extracts for several LAs may share a
// folder).
func writeDigests(ctx context.Context, cfg *Config, sum *Summary, log *slog.Logger) error {
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		return err
	}
	defer db.Close()
	geo := geography.NewResolver(geography.Builtin())
	var errs []error
	read := map[string]*digest.Digest{} // each LA's read once: home_la is most often an extract's LA too
	digestOf := func(code string) *digest.Digest {
		if d, ok := read[code]; ok {
			return d
		}
		d, err := digest.Read(ctx, db, code, "")
		if err != nil {
			errs = append(errs, fmt.Errorf("the digest of %s: %w", code, err))
		}
		read[code] = d
		return d
	}
	if h := cfg.HomeLA; h != "" {
		if code, _, ok := geo.Resolve(h, h, h); ok { // checked when the config was loaded
			if d := digestOf(code); d != nil {
				sum.Changes = d.Summary()
				log.Info("changes", "summary", sum.Changes)
			}
		}
	}
	done := map[string]bool{}
	for _, e := range cfg.Extracts {
		code, _, ok := geo.Resolve(e.LA, e.LA, e.LA)
		out := cfg.Abs(e.Out)
		if !ok || done[out+"\x00"+code] {
			continue // an unknown LA fails its extract, which says so
		}
		done[out+"\x00"+code] = true
		_, logged := read[code]
		d := digestOf(code)
		if d == nil {
			continue
		}
		if cfg.HomeLA == "" && !logged {
			log.Info("changes", "summary", d.Summary())
		}
		base := extract.Base(out, code, d.LAName)
		for _, f := range []struct{ format, ext string }{{"md", ".md"}, {"html", ".html"}} {
			var b bytes.Buffer
			if err := d.Write(&b, f.format, 0); err != nil {
				errs = append(errs, err)
				continue
			}
			path := base + "_digest" + f.ext
			if err := writeAtomic(path, b.Bytes()); err != nil {
				errs = append(errs, fmt.Errorf("writing %s: %w", cfg.Rel(path), err))
				continue
			}
			log.Info("digest written", "la", code, "path", cfg.Rel(path))
		}
	}
	sum.digest = read[notifyLA(cfg)] // the e-mail's (notifyRun)
	if err := errors.Join(errs...); err != nil {
		log.Error("digest failed", "err", err)
		return err
	}
	return nil
}
