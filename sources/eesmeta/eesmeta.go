// Package eesmeta reads the metadata file that explore-education-statistics
// publishes beside each data file (NAME.meta.csv, in the same folder or zip):
// one row per column of the data file that is a filter or an indicator,
// with its label and, for an indicator, its unit and decimal places. The
// EES reader takes filters and measures from it instead of guessing them
// from the cells, and ref.indicator takes labels and units from it for
// config indicators that give none.
package eesmeta

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/transforms/shape"
)

// Suffix ends a metadata file's name.
const Suffix = ".meta.csv"

// IsMeta says whether a file name is an EES metadata file's.
func IsMeta(name string) bool { return strings.HasSuffix(strings.ToLower(name), Suffix) }

// DataName is the data file a metadata file describes: a.meta.csv
// describes a.csv.
func DataName(metaName string) string {
	return metaName[:len(metaName)-len(Suffix)] + ".csv"
}

// MetaName is the metadata file that describes a data file.
func MetaName(dataName string) string {
	return strings.TrimSuffix(dataName, path.Ext(dataName)) + Suffix
}

// Column is one described column.
type Column struct {
	Name          string
	Type          string // Filter or Indicator
	Label         string
	Unit          string // an indicator's unit as EES writes it: "", "%", "£", ...
	DecimalPlaces int    // -1: not given
	Hint          string // a filter's hint (filter_hint), written by Write
	Row           int    // in the metadata file (header = 1)
}

// Meta is a data file's metadata.
type Meta struct {
	Columns []Column
	byName  map[string]int
}

// Column returns the description of a column, by name.
func (m *Meta) Column(name string) (Column, bool) {
	i, ok := m.byName[name]
	if !ok {
		return Column{}, false
	}
	return m.Columns[i], true
}

// the metadata file's own columns
const (
	colName = "col_name"
	colType = "col_type"
	colLbl  = "label"
	colUnit = "indicator_unit"
	colDP   = "indicator_dp"
)

// isHeader says whether a CSV header is a metadata file's.
func isHeader(h []string) bool {
	has := map[string]bool{}
	for _, c := range h {
		has[strings.ToLower(strings.TrimSpace(c))] = true
	}
	return has[colName] && has[colType]
}

// Read reads a metadata file whole (they are a few kilobytes). Problems
// with a row fail the whole file: a metadata file half used would decide
// some columns by it and others by guessing.
func Read(p string) (*Meta, error) {
	r, err := csvfile.Open(p)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if !isHeader(r.Header) {
		return nil, fmt.Errorf("the header has no %s and %s columns, so it is not EES metadata", colName, colType)
	}
	idx := map[string]int{}
	for i, h := range r.Header {
		idx[strings.ToLower(strings.TrimSpace(h))] = i
	}
	get := func(rec []string, name string) string {
		if i, ok := idx[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	m := &Meta{byName: map[string]int{}}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		c := Column{Name: get(rec, colName), Label: get(rec, colLbl), Unit: get(rec, colUnit), DecimalPlaces: -1, Row: r.Row()}
		switch t := strings.ToLower(get(rec, colType)); t {
		case "filter":
			c.Type = "Filter"
		case "indicator":
			c.Type = "Indicator"
		default:
			return nil, fmt.Errorf("row %d: col_type is %q; EES metadata says Filter or Indicator", r.Row(), get(rec, colType))
		}
		if c.Name == "" {
			return nil, fmt.Errorf("row %d: col_name is blank", r.Row())
		}
		if _, dup := m.byName[c.Name]; dup {
			return nil, fmt.Errorf("row %d: column %q is described twice", r.Row(), c.Name)
		}
		if dp := get(rec, colDP); dp != "" {
			n, err := strconv.Atoi(dp)
			if err != nil || n < 0 || n > 15 {
				return nil, fmt.Errorf("row %d: indicator_dp %q is not a number of decimal places (0 to 15)", r.Row(), dp)
			}
			c.DecimalPlaces = n
		}
		m.byName[c.Name] = len(m.Columns)
		m.Columns = append(m.Columns, c)
	}
	if len(m.Columns) == 0 {
		return nil, fmt.Errorf("the metadata describes no columns")
	}
	return m, nil
}

// Mismatch says how a data file's header disagrees with its metadata: the
// described columns it lacks. "" when every described column is there.
// Columns of the data file that are not described (geography, or a school's
// attributes such as laestab) are neither filters nor indicators.
func (m *Meta) Mismatch(header []string) string {
	has := map[string]bool{}
	for _, h := range header {
		has[strings.TrimSpace(h)] = true
	}
	var missing []string
	for _, c := range m.Columns {
		if !has[c.Name] {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return fmt.Sprintf("the metadata describes %d columns the data file does not have (%s)", len(missing), strings.Join(missing, ", "))
}

// Table is stage.ees_column: a data file's described columns.
const Table = "ees_column"

// Schema is stage.ees_column. data_file is the data file as reported (the
// metadata file's name with .meta.csv made .csv), which stage.source_file
// names too.
var Schema = arrow.NewSchema([]arrow.Field{
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int64},
	{Name: "data_file", Type: arrow.BinaryTypes.String},
	{Name: "col_name", Type: arrow.BinaryTypes.String},
	{Name: "col_type", Type: arrow.BinaryTypes.String},
	{Name: "label", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "unit", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "decimal_places", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
}, nil)

// Source stages metadata files, so they are inputs of their own (kind
// ees_meta), never rejected as a header no source knows.
type Source struct{}

func (Source) Kind() string { return "ees_meta" }

func (Source) Tables() []sources.Table { return []sources.Table{{Name: Table, Schema: Schema}} }

func (Source) Recognise(s *sources.Sample) bool {
	return s.Ext() == ".csv" && IsMeta(s.Path) && isHeader(s.Header)
}

func (Source) Read(ctx context.Context, p string, env *sources.Env, w sources.Writer) (int64, error) {
	m, err := Read(p)
	if err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data := DataName(env.File)
	if err := writeColumns(env, w, colLbl, colUnit, func(add func(dataFile string, c Column)) {
		for _, c := range m.Columns {
			add(data, c)
		}
	}); err != nil {
		return 0, err
	}
	env.Note = fmt.Sprintf("EES metadata of %s: %d columns described", path.Base(data), len(m.Columns))
	return int64(len(m.Columns)), nil
}

// writeColumns writes the stage.ees_column rows that each calls add with.
// A label or unit longer than shape.MaxText characters is cut to it, with
// an issue at its row and column (labelCol, unitCol: the file's names for
// them; "" when it has none): the label goes to ref.indicator and on to
// every row of the marts it describes.
func writeColumns(env *sources.Env, w sources.Writer, labelCol, unitCol string, each func(add func(dataFile string, c Column))) error {
	b := array.NewRecordBuilder(env.Alloc, Schema)
	defer b.Release()
	text := func(f int, s string) {
		if s == "" {
			b.Field(f).AppendNull()
		} else {
			b.Field(f).(*array.StringBuilder).Append(s)
		}
	}
	clip := func(s, what, col string, row int) string {
		cut, ok := shape.Clip(s, shape.MaxText)
		if ok {
			env.Issues.Add(sources.Issue{File: env.File, Row: row, Column: col, Rule: shape.TooLong,
				Message: shape.Clipped(what, utf8.RuneCountInString(s), shape.MaxText) + " (a cell pasted into the wrong column?)"})
		}
		return cut
	}
	each(func(dataFile string, c Column) {
		b.Field(0).(*array.Int64Builder).Append(int64(c.Row))
		text(1, dataFile)
		text(2, c.Name)
		text(3, c.Type)
		text(4, clip(c.Label, "label", labelCol, c.Row))
		text(5, clip(c.Unit, "unit", unitCol, c.Row))
		if c.DecimalPlaces < 0 {
			b.Field(6).AppendNull()
		} else {
			b.Field(6).(*array.Int32Builder).Append(int32(c.DecimalPlaces))
		}
	})
	rec := b.NewRecord()
	defer rec.Release()
	return w.Write(Table, rec)
}

// Write writes columns as an EES metadata file, in the columns EES itself
// publishes, so a file written here reads back with Read like one from a
// release. A column's hint goes to filter_hint; a DecimalPlaces below 0 is
// left blank.
func Write(w io.Writer, cols []Column) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{colName, colType, colLbl, "indicator_grouping", colUnit, colDP, "filter_hint", "filter_grouping_column"})
	for _, c := range cols {
		dp := ""
		if c.Type == "Indicator" && c.DecimalPlaces >= 0 {
			dp = strconv.Itoa(c.DecimalPlaces)
		}
		cw.Write([]string{c.Name, c.Type, c.Label, "", c.Unit, dp, c.Hint, ""})
	}
	cw.Flush()
	return cw.Error()
}
