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
	"encoding/json"
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/tabular"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/period"
	"github.com/yardstick-etl/yardstick/transforms/symbols"
)

// Table is the name of the table every EES file emits.
const Table = "observation"

// Schema is stage.observation as staged (source_file is added at load).
var Schema = arrow.NewSchema([]arrow.Field{
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int64},
	{Name: "time_period", Type: arrow.BinaryTypes.String},
	{Name: "time_identifier", Type: arrow.BinaryTypes.String},
	{Name: "period", Type: arrow.BinaryTypes.String},
	{Name: "year", Type: arrow.PrimitiveTypes.Int32},
	{Name: "geographic_level", Type: arrow.BinaryTypes.String},
	{Name: "geo_code", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "geo_name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "breakdown", Type: arrow.BinaryTypes.String},
	{Name: "measure", Type: arrow.BinaryTypes.String},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "symbol", Type: arrow.BinaryTypes.String, Nullable: true},
	// Added after the first release, so at the end: the workbook sheet (NULL
	// for CSV) and the LA a row below LA level (school, district) belongs to.
	{Name: "source_sheet", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "la_code", Type: arrow.BinaryTypes.String, Nullable: true},
	// A row published jointly for LAs sharing a service ("314 / 318") is
	// staged once per LA; shared_with names the other LAs (", " between).
	{Name: "shared_with", Type: arrow.BinaryTypes.String, Nullable: true},
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
	kind  string
	extra []string // further columns the header must have
}

// New returns the generic EES source.
func New() *Source { return &Source{kind: "ees"} }

// NewPopulation returns the source for ONS population estimates in EES
// layout (age_group, population_estimate), which ref.population is built from.
func NewPopulation() *Source {
	return &Source{kind: "population", extra: []string{"age_group", "population_estimate"}}
}

func (s *Source) Kind() string { return s.kind }

func (s *Source) Tables() []sources.Table { return []sources.Table{{Name: Table, Schema: Schema}} }

func (s *Source) Recognise(sm *sources.Sample) bool {
	switch sm.Ext() {
	case ".csv":
		return sm.Header != nil && s.isHeader(sm.Header)
	case ".xlsx":
		for _, rows := range sm.Sheets {
			for _, row := range rows {
				if s.isHeader(row) {
					return true
				}
			}
		}
	}
	return false
}

// isHeader says whether a row is an EES header this source takes.
func (s *Source) isHeader(row []string) bool {
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
	numbers, symbols, bad, filled int
}

// Read streams every table in the file (the CSV, or each sheet of a
// workbook with an EES header). Each table takes two passes: the first
// classifies columns (and rejects a ragged or non-UTF-8 file before anything
// is emitted), the second emits.
func (s *Source) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	tables, closeAll, err := tabular.Open(path, s.isHeader, "an EES header (time_period, time_identifier, geographic_level, country_code, ...)")
	if err != nil {
		return 0, err
	}
	defer closeAll()
	o := newObservations(env, w)
	defer o.b.Release()
	for _, t := range tables {
		if err := o.table(ctx, t); err != nil {
			if t.Sheet != "" {
				return o.rows, fmt.Errorf("sheet %q: %w", t.Sheet, err)
			}
			return o.rows, err
		}
	}
	return o.rows, o.flush()
}

// observations builds stage.observation batches across a file's tables.
type observations struct {
	env                                                     *sources.Env
	w                                                       sources.Writer
	b                                                       *array.RecordBuilder
	fRow                                                    *array.Int64Builder
	fYear                                                   *array.Int32Builder
	fTP, fTI, fPer, fLevel, fCode, fName, fBrk, fMeas, fSym *array.StringBuilder
	fSheet, fLA, fShared                                    *array.StringBuilder
	fVal                                                    *array.Float64Builder
	rows, pending                                           int64
	batch                                                   int64
	unknownLA, unknownLevel, badPeriod, unknownSchoolLA     map[string]bool
	shared                                                  map[string]bool
}

func newObservations(env *sources.Env, w sources.Writer) *observations {
	b := array.NewRecordBuilder(env.Alloc, Schema)
	o := &observations{env: env, w: w, b: b,
		fRow: b.Field(0).(*array.Int64Builder), fTP: b.Field(1).(*array.StringBuilder), fTI: b.Field(2).(*array.StringBuilder),
		fPer: b.Field(3).(*array.StringBuilder), fYear: b.Field(4).(*array.Int32Builder), fLevel: b.Field(5).(*array.StringBuilder),
		fCode: b.Field(6).(*array.StringBuilder), fName: b.Field(7).(*array.StringBuilder),
		fBrk: b.Field(8).(*array.StringBuilder), fMeas: b.Field(9).(*array.StringBuilder),
		fVal: b.Field(10).(*array.Float64Builder), fSym: b.Field(11).(*array.StringBuilder),
		fSheet: b.Field(12).(*array.StringBuilder), fLA: b.Field(13).(*array.StringBuilder),
		fShared:   b.Field(14).(*array.StringBuilder),
		batch:     int64(env.Batch()),
		unknownLA: map[string]bool{}, unknownLevel: map[string]bool{}, badPeriod: map[string]bool{}, unknownSchoolLA: map[string]bool{},
		shared: map[string]bool{},
	}
	return o
}

func (o *observations) flush() error {
	if o.pending == 0 {
		return nil
	}
	rec := o.b.NewRecord()
	defer rec.Release()
	o.pending = 0
	return o.w.Write(Table, rec)
}

// table emits one table's observations.
func (o *observations) table(ctx context.Context, t *tabular.Table) error {
	cols, err := classify(ctx, t)
	if err != nil {
		return err
	}
	idx := map[string]int{}
	for i, h := range t.Header {
		idx[strings.TrimSpace(h)] = i
	}
	get := func(rec []string, name string) string {
		if i, ok := idx[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	colOf := func(name string) string {
		if i, ok := idx[name]; ok {
			return t.Column(i)
		}
		return name
	}
	var filters, measures []column
	for _, c := range cols {
		if c.measure {
			measures = append(measures, c)
		} else {
			filters = append(filters, c)
		}
	}
	if len(measures) == 0 {
		return fmt.Errorf("no measure columns: every column besides time and geography holds text, so there is nothing to load")
	}
	env := o.env
	issue := func(row int, col, rule, msg string) {
		env.Issues.Add(sources.Issue{File: env.File, Sheet: t.Sheet, Row: row, Column: col, Rule: rule, Message: msg})
	}
	filterVals := make(map[string]string, len(filters))
	return t.Each(ctx, func(row int, rec []string) error {
		tp := get(rec, "time_period")
		per, perr := period.Parse(tp)
		if perr != nil {
			// The row is kept (period and year NULL-like) so nothing disappears.
			if !o.badPeriod[tp] {
				o.badPeriod[tp] = true
				issue(row, colOf("time_period"), "bad_time_period", perr.Error()+"; rows with it are kept without a period and never ranked")
			}
		}
		levelText := get(rec, "geographic_level")
		lv, known := levels[strings.ToLower(levelText)]
		var geoCode, geoName, laCode string
		var sharedLAs []string // a shared service's LAs: the row is staged once for each
		level := strings.ReplaceAll(strings.ToLower(levelText), " ", "_")
		if known {
			level = lv.name
			geoCode, geoName = get(rec, lv.code), get(rec, lv.label)
			switch lv.name {
			case "national":
				if geoCode == "" {
					geoCode = geography.England
				}
			case "regional":
				geoCode = geography.RegionCode(geoCode, geoName)
			case "la":
				oldCode, newCode := geoCode, get(rec, "new_la_code")
				if code, _, ok := env.Geography.Resolve(oldCode, newCode, geoName); ok {
					geoCode, laCode = code, code
					break
				}
				codes, part, shared := env.Geography.ResolveShared(oldCode, newCode, geoName)
				key := oldCode + "|" + newCode + "|" + geoName
				if shared {
					sharedLAs = codes
					if !o.shared[key] {
						o.shared[key] = true
						issue(row, colOf("old_la_code"), "shared_service", fmt.Sprintf(
							"%q (old_la_code %q) is published jointly for LAs %s, which share a service: each of them is given the shared value, marked in shared_with, and ranked with it, as LAIT does",
							geoName, oldCode, strings.Join(codes, " and ")))
					}
					break
				}
				if !o.unknownLA[key] {
					o.unknownLA[key] = true
					issue(row, colOf("old_la_code"), "unknown_la", unknownLAMessage(oldCode, newCode, geoName, part))
				}
				if geoCode == "" {
					geoCode = newCode
				}
			default:
				laCode = o.parentLA(rec, get, row, issue, colOf)
			}
		} else if !o.unknownLevel[levelText] {
			o.unknownLevel[levelText] = true
			issue(row, colOf("geographic_level"), "unknown_level", fmt.Sprintf(
				"geographic_level %q is not one yardstick ranks; its rows are kept in stage.observation without a geo_code", levelText))
		}
		for _, f := range filters {
			filterVals[f.name] = strings.TrimSpace(rec[f.idx])
		}
		brk, err := json.Marshal(filterVals) // map keys sorted: canonical
		if err != nil {
			return err
		}
		ti := get(rec, "time_identifier") // once per row, not per measure cell
		// A shared service's row is staged once per LA, each with the others
		// in shared_with; a bad cell is reported once, with the first.
		places := []string{laCode}
		if sharedLAs != nil {
			places = sharedLAs
		}
		for pi, place := range places {
			var with string
			if sharedLAs != nil {
				geoCode, laCode = place, place
				with = strings.Join(append(append([]string(nil), places[:pi]...), places[pi+1:]...), ", ")
			}
			for _, m := range measures {
				cell, cerr := symbols.Parse(rec[m.idx])
				o.fRow.Append(int64(row))
				o.fTP.Append(tp)
				o.fTI.Append(ti)
				if perr == nil {
					o.fPer.Append(per.Label)
					o.fYear.Append(int32(per.Year))
				} else {
					o.fPer.Append(tp)
					o.fYear.AppendNull()
				}
				o.fLevel.Append(level)
				appendOpt(o.fCode, geoCode)
				appendOpt(o.fName, geoName)
				o.fBrk.BinaryBuilder.Append(brk)
				o.fMeas.Append(m.name)
				switch {
				case cerr != nil:
					if pi == 0 {
						issue(row, t.Column(m.idx), "not_a_value", cerr.Error()+"; loaded as NULL")
					}
					o.fVal.AppendNull()
					o.fSym.AppendNull()
				case cell.Number:
					o.fVal.Append(cell.Value)
					o.fSym.AppendNull()
				case cell.Symbol != "":
					o.fVal.AppendNull()
					o.fSym.Append(cell.Symbol)
				default: // blank: no value and no symbol
					o.fVal.AppendNull()
					o.fSym.AppendNull()
				}
				appendOpt(o.fSheet, t.Sheet)
				appendOpt(o.fLA, laCode)
				appendOpt(o.fShared, with)
				o.rows++
				o.pending++
			}
		}
		if o.pending >= o.batch {
			if err := o.flush(); err != nil {
				return err
			}
			if env.Progress != nil {
				env.Progress(o.rows)
			}
		}
		return nil
	})
}

// parentLA resolves the LA of a row below LA level (a school, a district)
// from its LA columns, or for a school from the first three digits of its
// LAESTAB (the DfE LA number). An LA that cannot be resolved is an issue
// once per code; the row is kept without one.
func (o *observations) parentLA(rec []string, get func([]string, string) string, row int, issue func(int, string, string, string), colOf func(string) string) string {
	oldCode, newCode, name := get(rec, "old_la_code"), get(rec, "new_la_code"), get(rec, "la_name")
	col := "old_la_code"
	if oldCode == "" && newCode == "" && name == "" {
		laestab := get(rec, "school_laestab")
		if len(laestab) < 3 {
			return ""
		}
		oldCode, col = laestab[:3], "school_laestab"
	}
	if code, _, ok := o.env.Geography.Resolve(oldCode, newCode, name); ok {
		return code
	}
	key := oldCode + "|" + newCode + "|" + name
	if !o.unknownSchoolLA[key] {
		o.unknownSchoolLA[key] = true
		issue(row, colOf(col), "unknown_la", fmt.Sprintf(
			"the LA of this row is not recognised (LA code %q, new code %q, name %q); its rows are kept in stage.observation without an la_code", oldCode, newCode, name))
	}
	return ""
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
