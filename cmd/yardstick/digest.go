package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/yardstick-etl/yardstick/pipeline"
	"github.com/yardstick-etl/yardstick/pipeline/digest"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
)

// cmdDigest prints what the newest runs changed for one LA (meta.change).
func cmdDigest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("digest", stdout, stderr)
	config := fs.String("config", "yardstick.yaml", "config file naming the warehouse")
	laCode := fs.String("la", "", "the LA (old 3-digit code, ONS code or name); default the config's home_la")
	since := fs.String("since", "", "every run on or after a date (YYYY-MM-DD) or after a run id; default the newest run")
	format := fs.String("format", "text", "text, md or html")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	if !slices.Contains(digest.Formats, *format) {
		fmt.Fprintf(stderr, "yardstick digest: --format %q: give one of %s\n", *format, strings.Join(digest.Formats, ", "))
		return exitUsage
	}
	cfg, code, ok := configAndLA("digest", *config, *laCode, stderr)
	if !ok {
		return exitUsage
	}
	db, err := pipeline.OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		fmt.Fprintf(stderr, "yardstick digest: %v\n", err)
		return 1
	}
	defer db.Close()
	d, err := digest.Read(ctx, db, code, *since)
	if err != nil {
		fmt.Fprintf(stderr, "yardstick digest: %v\n", err)
		if strings.HasPrefix(err.Error(), "--since") {
			return exitUsage
		}
		return 1
	}
	w := stdout
	if *format != "text" { // a file's bytes, not a terminal's text
		w = dataWriter(stdout)
	}
	if err := d.Write(w, *format, terminal.Width); err != nil {
		fmt.Fprintf(stderr, "yardstick digest: %v\n", err)
		return 1
	}
	return 0
}
