// Package ees reads explore-education-statistics (EES) tidy files, the
// layout of DfE's published statistics, generically: time and geography
// columns are known; every other column is a filter when it holds text and a
// measure when it holds numbers or published symbols. Every measure cell
// becomes one row of stage.observation. The same layout is read from a CSV
// file or from the sheets of an xlsx workbook (DfE publishes some
// attainment tables that way).
package ees

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/eesmeta"
	"github.com/yardstick-etl/yardstick/sources/tabular"
	"github.com/yardstick-etl/yardstick/transforms/symbols"
)

// An EES file is staged as one table of values and three small tables
// that name what each value is: its series (sheet, measure column and
// breakdown), its place (geographic level and code, the LA it belongs to)
// and its time. Their ids are the file's own (from 0, in order of first
// appearance). stage.observation, the view analysts and the models read,
// joins them back into one long row per value; keeping the repeated text
// out of the 2 million-row table makes the warehouse several times faster
// to load and to match against the catalogue (by series, not by row).
const (
	TableValue  = "observation_value"
	TableSeries = "observation_series"
	TablePlace  = "observation_place"
	TableTime   = "observation_time"
)

// ValueSchema is one row per published value cell.
var ValueSchema = arrow.NewSchema([]arrow.Field{
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int64},
	{Name: "series", Type: arrow.PrimitiveTypes.Int32},
	{Name: "place", Type: arrow.PrimitiveTypes.Int32},
	{Name: "time", Type: arrow.PrimitiveTypes.Int32},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "symbol", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// SeriesSchema: a measure column under one breakdown (the file's filter
// columns as canonical JSON, keys sorted) in one sheet (NULL for CSV).
var SeriesSchema = arrow.NewSchema([]arrow.Field{
	{Name: "series", Type: arrow.PrimitiveTypes.Int32},
	{Name: "source_sheet", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "measure", Type: arrow.BinaryTypes.String},
	{Name: "breakdown", Type: arrow.BinaryTypes.String},
}, nil)

// PlaceSchema: a geography as resolved. la_code is the LA of an LA row or
// of a row below LA level (school, district); a row published jointly for
// LAs sharing a service ("314 / 318") is one place per LA, and shared_with
// names the other LAs (", " between).
var PlaceSchema = arrow.NewSchema([]arrow.Field{
	{Name: "place", Type: arrow.PrimitiveTypes.Int32},
	{Name: "geographic_level", Type: arrow.BinaryTypes.String},
	{Name: "geo_code", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "geo_name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "la_code", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "shared_with", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// TimeSchema: time_period and time_identifier as published, the period's
// label and the calendar year it ends in (NULL when it cannot be read).
var TimeSchema = arrow.NewSchema([]arrow.Field{
	{Name: "time", Type: arrow.PrimitiveTypes.Int32},
	{Name: "time_period", Type: arrow.BinaryTypes.String},
	{Name: "time_identifier", Type: arrow.BinaryTypes.String},
	{Name: "period", Type: arrow.BinaryTypes.String},
	{Name: "year", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
}, nil)

// required columns identify an EES file.
var required = []string{"time_period", "time_identifier", "geographic_level", "country_code"}

// geoColumns are EES's standard geography columns: never filters or measures.
var geoColumns = map[string]bool{
	"time_period": true, "time_identifier": true, "geographic_level": true,
	"country_code": true, "country_name": true, "region_code": true, "region_name": true,
	"old_la_code": true, "new_la_code": true, "la_name": true, "la_code": true,
	"lad_code": true, "lad_name": true, "pcon_code": true, "pcon_name": true,
	"ward_code": true, "ward_name": true, "lsip_code": true, "lsip_name": true,
	"english_devolved_area_code": true, "english_devolved_area_name": true,
	"opportunity_area_code": true, "opportunity_area_name": true,
	"local_enterprise_partnership_code": true, "local_enterprise_partnership_name": true,
	"school_urn": true, "school_laestab": true, "school_name": true,
	"laestab": true, "estab": true, // a school's number in older files
}

// levels maps EES geographic_level labels to stage's names and the columns
// that hold the code and name at that level.
var levels = map[string]struct{ name, code, label string }{
	"national":                   {"national", "country_code", "country_name"},
	"regional":                   {"regional", "region_code", "region_name"},
	"local authority":            {"la", "old_la_code", "la_name"},
	"local authority district":   {"lad", "lad_code", "lad_name"},
	"parliamentary constituency": {"pcon", "pcon_code", "pcon_name"},
	"ward":                       {"ward", "ward_code", "ward_name"},
	"school":                     {"school", "school_urn", "school_name"},
}

// Source reads EES files. Kind "ees" takes any EES file; a narrower kind
// (such as population) is the same reader with an extra header test.
type Source struct {
	kind   string
	extra  []string // further columns the header must have
	legacy bool     // a pre-EES release table (legacy.go)
}

// New returns the generic EES source.
func New() *Source { return &Source{kind: "ees"} }

// NewPopulation returns the source for ONS population estimates in EES
// layout (age_group, population_estimate), which ref.population is built from.
func NewPopulation() *Source {
	return &Source{kind: "population", extra: []string{"age_group", "population_estimate"}}
}

func (s *Source) Kind() string { return s.kind }

func (s *Source) Tables() []sources.Table {
	return []sources.Table{
		{Name: TableValue, Schema: ValueSchema, Keyed: true},
		{Name: TableSeries, Schema: SeriesSchema, Keyed: true},
		{Name: TablePlace, Schema: PlaceSchema, Keyed: true},
		{Name: TableTime, Schema: TimeSchema, Keyed: true},
	}
}

func (s *Source) Recognise(sm *sources.Sample) bool {
	switch sm.Ext() {
	case ".csv":
		return sm.Header != nil && s.isHeader(sm.Header)
	case ".xlsx", ".ods":
		return sm.AnySheetRow(s.isHeader)
	}
	return false
}

// isHeader says whether a row is an EES header this source takes.
func (s *Source) isHeader(row []string) bool {
	if s.legacy {
		return isLegacyHeader(row)
	}
	has := map[string]bool{}
	for _, h := range row {
		has[strings.TrimSpace(h)] = true
	}
	for _, c := range append(required, s.extra...) {
		if !has[c] {
			return false
		}
	}
	return true
}

// column is one header column and what the first pass found in it.
type column struct {
	name                          string
	idx                           int
	measure                       bool
	ignored                       bool // not described by the file's metadata: neither filter nor measure
	numbers, symbols, bad, filled int
}

// Read streams every table in the file (the CSV, or each sheet of a
// workbook with an EES header). Each table takes two passes: the first
// classifies columns (and rejects a ragged or non-UTF-8 file before anything
// is emitted), the second emits.
func (s *Source) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	sought := "an EES header (time_period, time_identifier, geographic_level, country_code, ...)"
	if s.legacy {
		sought = "a release table's header (geog_l, geog_c, geog_n, ...)"
	}
	tables, closeAll, err := tabular.Open(path, s.isHeader, sought)
	if err != nil {
		return 0, err
	}
	defer closeAll()
	if s.legacy {
		year, err := legacyYear(path)
		if err != nil {
			return 0, err
		}
		var renamed []string
		for i, t := range tables {
			tables[i], renamed = legacyTable(t, year, func(is sources.Issue) {
				is.File = env.File
				env.Issues.Add(is)
			})
		}
		env.Note = fmt.Sprintf("a pre-EES release table: period %s (the year in its file name)", year)
		if len(renamed) > 0 {
			what := "measures"
			if len(renamed) == 1 {
				what = "measure"
			}
			env.Note += fmt.Sprintf("; %d %s named without the year, e.g. %s", len(renamed), what, strings.Join(renamed[:min(3, len(renamed))], ", "))
		}
	}
	o := newObservations(env, w)
	defer o.release()
	if env.MetaFile != "" {
		meta, err := eesmeta.Read(env.MetaFile)
		if err != nil {
			env.Issues.Add(sources.Issue{File: env.File, Rule: "ees_meta_unusable",
				Message: fmt.Sprintf("its metadata file %s cannot be used (%v), so filters and measures are told apart by their cells instead; correct the metadata or remove it", filepath.Base(env.MetaFile), err)})
		} else {
			o.meta, o.metaName = meta, filepath.Base(env.MetaFile)
		}
	}
	for _, t := range tables {
		if err := o.table(ctx, t); err != nil {
			if t.Sheet != "" {
				return o.rows, fmt.Errorf("sheet %q: %w", t.Sheet, err)
			}
			return o.rows, err
		}
	}
	return o.rows, o.finish()
}

// unknownLAMessage says why an LA row could not be resolved, with advice
// that fits the case. part is the 1-based part of a " / " list that did
// not resolve (0 when the row is not a list).
func unknownLAMessage(oldCode, newCode, name string, part int) string {
	what := fmt.Sprintf("old_la_code %q, new_la_code %q, la_name %q", oldCode, newCode, name)
	const kept = "its rows are kept in stage.observation but not ranked"
	switch {
	case part > 0:
		return fmt.Sprintf("LA row lists several LAs (%s), as a shared service does, but part %d of the list is not an LA yardstick knows; %s. Check that part's code and name; add the LA to a las.csv among the inputs if it is new",
			what, part, kept)
	case oldCode == "" && newCode == "" && name == "":
		return "LA row with no old_la_code, new_la_code or la_name; " + kept + ". The file is incomplete: correct it or ask its publisher"
	case oldCode == "" && newCode != "":
		return fmt.Sprintf("LA not recognised (%s): the new code is not in the LA list and there is no old code; %s. If the LA was created or recoded recently, put DfE's current las.csv among the inputs", what, kept)
	default:
		return fmt.Sprintf("LA not recognised (%s); %s. If it is a real LA (new, or renamed), add it to a las.csv among the inputs", what, kept)
	}
}

func appendOpt(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.Append(s)
}

// classify reads a table once to decide which columns are measures. A
// column is a measure when its cells are numbers, symbols or blank, with at
// least one number or symbol; a few bad cells (under 10%) among numbers
// still make it a measure, so the bad cells are reported rather than
// the column silently becoming a filter.
func classify(ctx context.Context, t *tabular.Table) ([]column, error) {
	var cols []column
	seen := map[string]bool{}
	for i, h := range t.Header {
		name := strings.TrimSpace(h)
		if name == "" {
			return nil, fmt.Errorf("header column %s is empty: every column needs a name", t.Column(i))
		}
		if seen[name] {
			return nil, fmt.Errorf("header names column %q twice", name)
		}
		seen[name] = true
		if !geoColumns[name] {
			cols = append(cols, column{name: name, idx: i})
		}
	}
	dataRows := 0
	err := t.Each(ctx, func(_ int, rec []string) error {
		dataRows++
		for i := range cols {
			c := &cols[i]
			cell, err := symbols.Parse(rec[c.idx])
			switch {
			case err != nil:
				c.bad++
				c.filled++
			case cell.Number:
				c.numbers++
				c.filled++
			case cell.Symbol != "":
				c.symbols++
				c.filled++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if dataRows == 0 {
		return nil, fmt.Errorf("the table has a header but no data rows")
	}
	for i := range cols {
		c := &cols[i]
		good := c.numbers + c.symbols
		c.measure = good > 0 && (c.bad == 0 || (c.numbers > 0 && c.bad*10 < c.filled))
	}
	return cols, nil
}

// byMeta sets the columns' roles from the file's metadata: its Filter rows
// are filters, its Indicator rows measures, and a column it does not
// describe (a school's laestab, an academy's opening date) is neither.
func byMeta(cols []column, meta *eesmeta.Meta) (ignored []string) {
	for i := range cols {
		c := &cols[i]
		d, ok := meta.Column(c.name)
		c.measure, c.ignored = ok && d.Type == "Indicator", !ok
		if !ok {
			ignored = append(ignored, c.name)
		}
	}
	return ignored
}
