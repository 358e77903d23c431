package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/reference"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/postcode"
)

// loadPostcodes reads ONS's postcode directory, when it is among the
// inputs, for the SSDA903 returns' derived fields (PL_DISTANCE, PL_LA). It
// is read only when a return must be staged again: each return's lake key
// holds the directory's hash, so an unchanged return read with the same
// directory keeps its staged files and the directory, which is large, is
// left unread. ONS ships the directory as one file and again split by
// postcode area (Data/multi_csv): every file of it among the inputs is
// read into one directory, a postcode in two keeping the later by path.
func loadPostcodes(ctx context.Context, lake string, inputs []*input, geo *geography.Resolver, ret *sources.Returns, log *slog.Logger) {
	var dirs, returns []*input
	for _, in := range inputs {
		switch {
		case in.Status != "":
		case in.Kind == "postcodes":
			dirs = append(dirs, in)
		case in.Kind == "ssda903":
			returns = append(returns, in)
		}
	}
	if len(dirs) == 0 {
		return
	}
	if ret == nil || len(returns) == 0 {
		for _, in := range dirs {
			in.Status, in.Reason = "not_read", "ONS postcode directory: no SSDA903 return among the inputs needs it"
		}
		return
	}
	ret.PostcodesSHA = directorySHA(dirs)
	restage := false
	for _, in := range returns {
		if _, ok := stagedBefore(lake, lakeKey(in, geo, ret)); !ok {
			restage = true
			break
		}
	}
	if !restage {
		for _, in := range dirs {
			in.Status, in.Note = "unchanged", "ONS postcode directory: the SSDA903 returns were derived with it before"
		}
		return
	}
	dir := postcode.NewDirectory()
	var read []*input
	for _, in := range dirs {
		start := time.Now()
		issues := &sources.Issues{}
		n, err := reference.ReadPostcodes(ctx, in.Path, in.Rel, issues, dir)
		if err != nil {
			in.Status, in.Reason = "rejected", err.Error()
			continue
		}
		issues.Finish(in.Rel)
		in.Status, in.Rows, in.Issues, in.Seconds = "loaded", int64(n), issues.List, time.Since(start).Seconds()
		in.Note = "ONS postcode directory: the SSDA903 returns' PL_DISTANCE and PL_LA are derived with it"
		read = append(read, in)
	}
	// the returns are keyed by the files they were derived with
	ret.PostcodesSHA = directorySHA(read)
	if len(read) > 0 {
		ret.Postcodes = dir
		log.Info("postcode directory", "files", len(read), "postcodes", dir.Len())
	}
}

// directorySHA is one hash of the directory's files, "" for none.
func directorySHA(files []*input) string {
	if len(files) == 0 {
		return ""
	}
	h := sha256.New()
	for _, in := range files {
		fmt.Fprintln(h, in.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}
