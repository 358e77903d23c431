package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/reference"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// loadPostcodes reads ONS's postcode directory, when one is among the
// inputs, for the SSDA903 returns' derived fields (PL_DISTANCE, PL_LA). It
// is read only when a return must be staged again: each return's lake key
// holds the directory's hash, so an unchanged return read with the same
// directory keeps its staged files and the directory, which is large, is
// left unread. Two directories are one too many: the later by path is
// used, and the other is rejected saying so.
func loadPostcodes(ctx context.Context, lake string, inputs []*input, geo *geography.Resolver, ret *sources.Returns, log *slog.Logger) {
	var dirs []*input
	for _, in := range inputs {
		if in.Kind == "postcodes" && in.Status == "" {
			dirs = append(dirs, in)
		}
	}
	if len(dirs) == 0 {
		return
	}
	use := dirs[len(dirs)-1]
	for _, in := range dirs[:len(dirs)-1] {
		in.Status, in.Reason = "rejected", fmt.Sprintf("a second postcode directory: %s is the one used; give one", use.Rel)
	}
	var returns []*input
	for _, in := range inputs {
		if in.Kind == "ssda903" && in.Status == "" {
			returns = append(returns, in)
		}
	}
	if ret == nil || len(returns) == 0 {
		use.Status, use.Reason = "not_read", "ONS postcode directory: no SSDA903 return among the inputs needs it"
		return
	}
	ret.PostcodesSHA = use.SHA256
	restage := false
	for _, in := range returns {
		if _, ok := stagedBefore(lake, lakeKey(in, geo, ret)); !ok {
			restage = true
			break
		}
	}
	if !restage {
		use.Status, use.Note = "unchanged", "ONS postcode directory: the SSDA903 returns were derived with it before"
		return
	}
	start := time.Now()
	issues := &sources.Issues{}
	dir, err := reference.ReadPostcodes(ctx, use.Path, use.Rel, issues)
	if err != nil {
		// the returns are read without it: their lake key must say so
		ret.PostcodesSHA = ""
		use.Status, use.Reason = "rejected", err.Error()
		return
	}
	issues.Finish(use.Rel)
	ret.Postcodes = dir
	use.Status, use.Rows, use.Issues, use.Seconds = "loaded", int64(dir.Len()), issues.List, time.Since(start).Seconds()
	use.Note = "ONS postcode directory: the SSDA903 returns' PL_DISTANCE and PL_LA are derived with it"
	log.Info("postcode directory", "file", use.Rel, "postcodes", dir.Len())
}
