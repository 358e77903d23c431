package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/yardstick-etl/yardstick/sources/eesmeta"
	"github.com/yardstick-etl/yardstick/sources/zipfile"
)

// expandZips opens each zip among the inputs and adds its data members,
// after it, as inputs of their own, shown as "file.zip!member.csv" and
// staged by their own content. The zip itself stays in the list: loaded,
// with a note of what it held, or rejected with the reason (and then none
// of its members is read).
func expandZips(ctx context.Context, inputs []*input, dir string) ([]*input, error) {
	out := make([]*input, 0, len(inputs))
	for i, in := range inputs {
		out = append(out, in)
		if in.Kind != "zip" || in.Status != "" {
			continue
		}
		c, err := zipfile.Extract(ctx, in.Path, filepath.Join(dir, fmt.Sprint(i)))
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			in.Status, in.Reason = "rejected", err.Error()
			continue
		}
		var names []string
		same := map[string]int{}
		for _, m := range c.Members {
			same[m.Name]++
		}
		for j, m := range c.Members {
			names = append(names, m.Name)
			member := &input{Path: m.Path, Rel: displayPath(in.Rel + "!" + m.Name), asAt: in.asAt}
			switch {
			case same[m.Name] > 1:
				// Which of two members of one name is meant cannot be
				// told, and both would be one input path: neither is read.
				member.Rel = displayPath(fmt.Sprintf("%s!%s (data file %d of the zip)", in.Rel, m.Name, j+1))
				member.Status, member.Reason = "rejected", fmt.Sprintf("the zip holds %d members of this name, so which is meant cannot be told: none is read; make the zip again with distinct names", same[m.Name])
			case m.Reason != "":
				member.Status, member.Reason = "rejected", m.Reason
			default:
				if member.SHA256, member.seen, err = hashState(ctx, m.Path); err != nil {
					member.Status, member.Reason = "rejected", "cannot be read once unzipped: "+unreadable(err)
				} else {
					recognise(ctx, member)
				}
			}
			out = append(out, member)
		}
		in.Status, in.Rows = "loaded", int64(len(c.Members))
		in.Note = fmt.Sprintf("a zip of %d data files (%s)", len(c.Members), strings.Join(names, ", "))
		if len(c.Skipped) > 0 {
			in.Note += fmt.Sprintf("; left out as not data: %s", strings.Join(c.Skipped, ", "))
		}
		if len(c.Members) == 0 {
			in.Status, in.Reason = "rejected", "the zip holds no data file (.csv, .xlsx, .xml or .ods)"
		}
	}
	return out, nil
}

// settleZips says a zip is unchanged when none of its members was staged
// anew (each was staged before from the same content, or is rejected as
// it was), as a file would be.
func settleZips(inputs []*input) {
	for _, z := range inputs {
		if z.Kind != "zip" || z.Status != "loaded" {
			continue
		}
		fresh := false
		for _, m := range inputs {
			fresh = fresh || strings.HasPrefix(m.Rel, z.Rel+"!") && m.Status == "loaded"
		}
		if !fresh {
			z.Status = "unchanged"
		}
	}
}

// pairMeta gives each EES data file the metadata file published beside it
// (NAME.meta.csv in the same folder or zip), so its reader takes filters
// and measures from it; the metadata's content is part of the data file's
// lake key.
func pairMeta(inputs []*input) {
	byRel := map[string]*input{}
	for _, in := range inputs {
		byRel[in.Rel] = in
	}
	for _, in := range inputs {
		if in.Status != "" || (in.Kind != "ees" && in.Kind != "population") || eesmeta.IsMeta(in.Rel) {
			continue
		}
		if m, ok := byRel[eesmeta.MetaName(in.Rel)]; ok && m.Kind == "ees_meta" && m.Status == "" {
			in.metaFile, in.metaSHA = m.Path, m.SHA256
		}
	}
}
