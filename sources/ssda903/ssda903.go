// Package ssda903 reads the SSDA903 return (children looked after) from its
// CSV tables, from xlsx sheets, and from the XML export, into pseudonymised
// stage tables (stage.cla_child, stage.cla_episode, ...).
package ssda903

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/sources"
	cl "github.com/yardstick-etl/yardstick/sources/childlevel"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/transforms/dates"
)

// Source is the SSDA903 return.
type Source struct{}

func (Source) Kind() string { return "ssda903" }
func (Source) ChildLevel()  {}

func (Source) Tables() []sources.Table {
	out := make([]sources.Table, 0, len(Tables))
	for _, t := range Tables {
		out = append(out, t.Spec.SourceTable())
	}
	return out
}

// aliases are the XML export's names for CSV fields, and UASC_STATUS,
// DfE's later name for the header's UASC flag.
var aliases = map[string]string{"childid": "child", "pl": "place", "uascstatus": "uasc"}

func key(name string) string {
	k := cl.Key(name)
	if a, ok := aliases[k]; ok {
		return a
	}
	return k
}

// Match names the table (header, episodes, ...) a CSV header is of, as the
// reader matches it; "" when it is of none.
func Match(header []string) string {
	if spec := match(header); spec != nil {
		for _, t := range Tables {
			if t.Spec == spec {
				return t.Return
			}
		}
	}
	return ""
}

// match returns the table whose fields a header has all of (but the
// optional ones), preferring the
// one with most fields (uasc's four fields are not mistaken for header's).
func match(header []string) *cl.Spec {
	have := map[string]bool{}
	for _, h := range header {
		have[key(h)] = true
	}
	var best *cl.Spec
	for _, t := range Tables {
		ok := true
		for _, c := range t.Spec.Columns {
			if !have[cl.Key(c.Field)] && !c.Optional {
				ok = false
				break
			}
		}
		if ok && (best == nil || len(t.Spec.Columns) > len(best.Columns)) {
			best = t.Spec
		}
	}
	return best
}

func (Source) Recognise(s *sources.Sample) bool {
	switch s.Ext() {
	case ".csv":
		return match(s.Header) != nil
	case ".xlsx":
		for _, rows := range s.Sheets {
			for _, r := range rows {
				if match(r) != nil {
					return true
				}
			}
		}
	case ".xml":
		return strings.Contains(string(s.Head), "<EXPSSDA903") || strings.Contains(string(s.Head), "<SSDA903")
	}
	return false
}

func (Source) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	file, notes := cl.FileOrigin(env, path)
	env.Note = notes.String()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return readCSV(ctx, path, env, w, file)
	case ".xlsx":
		return readXLSX(ctx, path, env, w, file)
	default:
		return readXML(ctx, path, env, w, file)
	}
}

// columns maps a spec's columns to header positions (-1 when absent). A
// field the header names twice is an error: which of the two columns holds
// it cannot be told, and taking the first would load the other silently.
func columns(spec *cl.Spec, header []string) ([]int, error) {
	idx := map[string]int{}
	for i, h := range header {
		if first, dup := idx[key(h)]; dup {
			for _, c := range spec.Columns {
				if cl.Key(c.Field) == key(h) {
					return nil, fmt.Errorf("the header names %s twice (columns %d and %d): remove or rename one", c.Field, first+1, i+1)
				}
			}
			continue
		}
		idx[key(h)] = i
	}
	pos := make([]int, len(spec.Columns))
	for i, c := range spec.Columns {
		p, ok := idx[cl.Key(c.Field)]
		if !ok {
			p = -1
		}
		pos[i] = p
	}
	return pos, nil
}

func readCSV(ctx context.Context, path string, env *sources.Env, w sources.Writer, file cl.Origin) (int64, error) {
	r, err := csvfile.Open(path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	spec := match(r.Header)
	if spec == nil {
		return 0, fmt.Errorf("the header matches no SSDA903 table")
	}
	laCol, yearCol := cl.OriginColumns(cl.Index(r.Header))
	if err := cl.Check(env, file, laCol >= 0, yearCol >= 0); err != nil {
		return 0, err
	}
	b := cl.NewBuilder(spec, env, w)
	defer b.Release()
	pos, err := columns(spec, r.Header)
	if err != nil {
		return 0, err
	}
	if err := cl.ColumnOrigin(env, &file, laCol, yearCol, cl.Cell(r.Header, yearCol), func(fn func(string, []time.Time)) error {
		pr, err := csvfile.Open(path)
		if err != nil {
			return err
		}
		defer pr.Close()
		return pr.Each(ctx, func(rec []string) error {
			fn(cl.Cell(rec, yearCol), cl.RowDates(spec, pos, rec, dates.Parse))
			return nil
		})
	}); err != nil {
		return 0, err
	}
	labels := make([]string, len(pos))
	for i, p := range pos {
		labels[i] = cl.Cell(r.Header, p)
	}
	vals := make([]string, len(pos))
	err = r.Each(ctx, func(rec []string) error {
		at := cl.Place{Row: r.Row()}
		for i, p := range pos {
			vals[i] = cl.Cell(rec, p)
		}
		o := cl.RowOrigin(env, file, cl.Cell(rec, laCol), cl.Cell(rec, yearCol), at, cl.Cell(r.Header, laCol), cl.Cell(r.Header, yearCol))
		if env.Progress != nil && r.Row()%65536 == 0 {
			env.Progress(b.Rows())
		}
		return b.Append(at, o, vals, labels)
	})
	if err != nil {
		return b.Rows(), err
	}
	return b.Rows(), b.Flush()
}

// readXLSX reads every sheet that is a table of the return; sheets that are
// not (notes, lookups) are skipped.
func readXLSX(ctx context.Context, path string, env *sources.Env, w sources.Writer, file cl.Origin) (int64, error) {
	total, found, err := cl.ReadWorkbook(ctx, path, env, w, file, func(h []string) bool { return match(h) != nil },
		func(h []string) (*cl.Spec, []int, string, error) {
			spec := match(h)
			pos, err := columns(spec, h)
			return spec, pos, spec.Table, err
		})
	if err == nil && len(found) == 0 {
		err = fmt.Errorf("no sheet has the header of an SSDA903 table")
	}
	return total, err
}
