// Command benchreturns writes the national-scale returns workload of
// testdata/bench.sh: every live LA's synthetic SSDA903 return and CIN
// census for the demo's last year, and the next year's as each case system
// gives them on 15 March (a part-year return: mart.in_year then has 23
// month ends and that date), as a regional group or DfE would load them.
// The SSDA903 tables are pooled, one CSV per table and year with LA and
// YEAR columns in front; each LA's census stays its own XML file (its
// header names the LA). Annex A is left out.
//
// Usage: go run ./testdata/benchreturns DIR [one-year | years=N]   (writes
// DIR/inputs; one-year leaves out the next year's returns, the workload
// before issue 24; years=N writes N collection years ending with the
// demo's last, each year's children others than every other year's, and
// no part-year return: the scale curve of testdata/bench.sh)
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/demo"
)

func main() {
	years, withLive := 1, true
	if len(os.Args) == 3 {
		withLive = false
		if n, ok := strings.CutPrefix(os.Args[2], "years="); ok {
			var err error
			if years, err = strconv.Atoi(n); err != nil || years < 1 {
				years = 0
			}
		} else if os.Args[2] != "one-year" {
			years = 0
		}
	}
	if len(os.Args) < 2 || len(os.Args) > 3 || years == 0 {
		fmt.Fprintln(os.Stderr, "usage: benchreturns DIR [one-year | years=N]")
		os.Exit(2)
	}
	if err := run(os.Args[1], years, withLive); err != nil {
		fmt.Fprintln(os.Stderr, "benchreturns:", err)
		os.Exit(1)
	}
}

func run(dir string, years int, withLive bool) error {
	o := demo.DefaultOptions
	in := filepath.Join(dir, "inputs")
	if err := os.MkdirAll(filepath.Join(in, "cin"), 0o755); err != nil {
		return err
	}
	pooled := map[string]*csv.Writer{} // year_table -> its pooled file
	live := time.Date(o.LastYear+1, 3, 15, 0, 0, 0, 0, time.UTC)
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	tmp := filepath.Join(dir, "tmp")
	for _, code := range demo.LiveCodes(o) {
		var written []string
		for y := o.LastYear - years + 1; y <= o.LastYear; y++ {
			w, err := demo.GenerateReturns(filepath.Join(tmp, code), code, o.ForYear(y))
			if err != nil {
				return err
			}
			written = append(written, w...)
		}
		var cut []string
		var err error
		if withLive {
			if cut, err = demo.GenerateLiveReturns(filepath.Join(tmp, code), code, o, live); err != nil {
				return err
			}
		}
		for _, p := range append(written, cut...) {
			name := filepath.Base(p)
			switch {
			case strings.HasPrefix(name, "CIN_Census_"):
				if err := os.Rename(p, filepath.Join(in, "cin", code+"_"+name)); err != nil {
					return err
				}
			case strings.HasPrefix(name, "SSDA903_"):
				// SSDA903_2024-25_episodes.csv
				span, table, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(name, "SSDA903_"), ".csv"), "_")
				if err := appendPooled(p, table, code, span, in, pooled, &files); err != nil {
					return err
				}
			}
		}
		if err := os.RemoveAll(filepath.Join(tmp, code)); err != nil {
			return err
		}
	}
	for _, w := range pooled {
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
	}
	return os.RemoveAll(tmp)
}

// appendPooled adds one LA's table to the pooled file, with the LA and
// YEAR in front; the first LA's header starts the file.
func appendPooled(path, table, code, span, in string, pooled map[string]*csv.Writer, files *[]*os.File) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	w := pooled[span+"_"+table]
	if w == nil {
		out, err := os.Create(filepath.Join(in, fmt.Sprintf("SSDA903_%s_%s_all_LAs.csv", span, table)))
		if err != nil {
			return err
		}
		*files = append(*files, out)
		w = csv.NewWriter(out) // buffered; Flush at the end writes it out
		pooled[span+"_"+table] = w
		if err := w.Write(append([]string{"LA", "YEAR"}, head...)); err != nil {
			return err
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := w.Write(append([]string{code, span}, rec...)); err != nil {
			return err
		}
	}
}
