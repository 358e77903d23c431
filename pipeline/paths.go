package pipeline

import (
	"fmt"
	"path/filepath"
	"strings"
)

// realPath is p with its links resolved: p's own, or, for a path that does
// not exist yet (a warehouse before its first run), its nearest existing
// folder's, so two names of one place compare equal.
func realPath(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(realPath(parent), filepath.Base(p))
}

// within says whether real path p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkPaths refuses a config whose outputs (the warehouse, the lake, the
// extracts' folders) would overwrite or hide what a run reads (the config
// itself, the pseudonymisation key, the inputs), compared as real paths,
// links resolved, so a second name for a place cannot get round it. An
// output inside an input folder would be read back as an input, or write
// over one; an input folder inside an output one would be skipped as the
// run's own file, and its inputs never read.
func (c *Config) checkPaths() []error {
	type place struct{ name, real string }
	var reads []place
	reads = append(reads, place{"the config file", realPath(c.Abs(filepath.Base(c.path)))})
	if c.Pseudonymisation.KeyFile != "" {
		reads = append(reads, place{"the pseudonymisation key file (it would be overwritten and every pseudonym change)", realPath(c.Abs(c.Pseudonymisation.KeyFile))})
	}
	var inputs []place
	for _, in := range c.Inputs {
		if in != "" {
			inputs = append(inputs, place{fmt.Sprintf("the input %q", in), realPath(c.Abs(in))})
		}
	}
	var errs []error
	bad := func(key, value, what, fix string) {
		errs = append(errs, fmt.Errorf("%s: %s %q is %s: %s", c.path, key, value, what, fix))
	}
	const ownPath = "give it a path of its own, outside the input folders"
	wh, lake := realPath(c.Abs(c.Warehouse)), realPath(c.Abs(c.Lake))
	outputs := []struct {
		key, value, real string
		folder           bool
	}{{"warehouse", c.Warehouse, wh, false}, {"lake", c.Lake, lake, true}}
	for _, e := range c.Extracts {
		outputs = append(outputs, struct {
			key, value, real string
			folder           bool
		}{"extracts: out", e.Out, realPath(c.Abs(e.Out)), true})
	}
	for _, o := range outputs {
		for _, r := range reads {
			if o.real == r.real {
				bad(o.key, o.value, r.name, ownPath)
			}
		}
		for _, in := range inputs {
			switch {
			case o.real == in.real:
				bad(o.key, o.value, in.name, ownPath)
			case within(o.real, in.real):
				bad(o.key, o.value, "inside "+in.name, ownPath+" (a run would read its own output back, or write over an input)")
			case o.folder && within(in.real, o.real):
				bad(o.key, o.value, "a folder holding "+in.name, ownPath+" (the run skips its own folders, so those inputs would never be read)")
			}
		}
	}
	// The warehouse's lock, log and building files are named from it.
	for _, r := range append(reads, inputs...) {
		if strings.HasPrefix(r.real, wh+".") && !strings.ContainsRune(r.real[len(wh):], filepath.Separator) {
			bad("warehouse", c.Warehouse, "named so that its lock, log or building file would be "+r.name, "give the warehouse another name")
		}
	}
	if within(wh, lake) {
		bad("warehouse", c.Warehouse, fmt.Sprintf("the lake %q or inside it", c.Lake), "give the warehouse a path of its own")
	}
	return errs
}
