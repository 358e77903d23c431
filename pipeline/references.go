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

// loadReferences reads what the SSDA903 returns' derived fields come
// from, when it is among the inputs: ONS's postcode directory (PL_DISTANCE,
// PL_LA) and the setting postcodes of Ofsted's provider list (whether a
// placement is at its provider's postcode, rule 221). They are read only
// when a return must be staged again: each return's lake key holds their
// hashes, so an unchanged return read with the same files keeps its staged
// files and the directory, which is large, is left unread. ONS ships the
// directory as one file and again split by postcode area
// (Data/multi_csv): every file of it among the inputs is read into one
// directory, a postcode in two keeping the later by path. The provider
// list is staged as an input of its own as well (stage.ofsted_provider),
// for the rules on its other columns.
func loadReferences(ctx context.Context, lake string, inputs []*input, geo *geography.Resolver, ret *sources.Returns, log *slog.Logger) {
	var dirs, lists, returns []*input
	for _, in := range inputs {
		switch {
		case in.Status != "":
		case in.Kind == "postcodes":
			dirs = append(dirs, in)
		case in.Kind == "ofsted_providers":
			lists = append(lists, in)
		case in.Kind == "ssda903":
			returns = append(returns, in)
		}
	}
	if len(dirs)+len(lists) == 0 {
		return
	}
	if ret == nil || len(returns) == 0 {
		for _, in := range dirs {
			in.Status, in.Reason = "not_read", "ONS postcode directory: no SSDA903 return among the inputs needs it"
		}
		return
	}
	ret.PostcodesSHA, ret.ProvidersSHA = inputsSHA(dirs), inputsSHA(lists)
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
	if len(dirs) > 0 {
		loadPostcodes(ctx, dirs, ret, log)
	}
	if len(lists) > 0 {
		loadProviderPostcodes(ctx, lists, ret, log)
	}
}

// loadPostcodes reads the directory's files into one.
func loadPostcodes(ctx context.Context, dirs []*input, ret *sources.Returns, log *slog.Logger) {
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
	ret.PostcodesSHA = inputsSHA(read)
	if len(read) > 0 {
		ret.Postcodes = dir
		log.Info("postcode directory", "files", len(read), "postcodes", dir.Len())
	}
}

// loadProviderPostcodes reads the provider lists' setting postcodes by
// URN. A list that cannot be read here is rejected when it is staged, with
// the reason; the returns are then keyed by the lists that were read.
func loadProviderPostcodes(ctx context.Context, lists []*input, ret *sources.Returns, log *slog.Logger) {
	all := map[string][]string{}
	var read []*input
	for _, in := range lists {
		m, err := reference.ProviderPostcodes(ctx, in.Path)
		if err != nil {
			continue
		}
		for urn, pcs := range m {
			all[urn] = append(all[urn], pcs...)
		}
		read = append(read, in)
	}
	ret.ProvidersSHA = inputsSHA(read)
	if len(read) > 0 {
		ret.ProviderPostcodes = all
		log.Info("Ofsted provider list", "files", len(read), "urns_with_postcodes", len(all))
	}
}

// inputsSHA is one hash of a reference's files, "" for none.
func inputsSHA(files []*input) string {
	if len(files) == 0 {
		return ""
	}
	h := sha256.New()
	for _, in := range files {
		fmt.Fprintln(h, in.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}
