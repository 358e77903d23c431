package ees

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/eesmeta"
	"github.com/yardstick-etl/yardstick/sources/tabular"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/period"
	"github.com/yardstick-etl/yardstick/transforms/symbols"
)

// observations builds a file's four tables across its sheets. Series,
// places and times are interned: each distinct one is resolved (and any
// issue about it raised) once, when first seen, and rows carry its id.
type observations struct {
	env *sources.Env
	w   sources.Writer

	val                          *array.RecordBuilder
	vRow                         *array.Int64Builder
	vSeries, vPlace, vTime       *array.Int32Builder
	vValue                       *array.Float64Builder
	vSymbol                      *array.StringBuilder
	series, place, time          *array.RecordBuilder
	breakdowns                   map[string][]int32 // sheet and filter values -> series id of each measure
	places                       map[string][]int32 // the row's geography columns -> its place ids (several for a shared service)
	times                        map[string]int32
	nSeries, nPlace, nTime       int32
	rows, pending, batch         int64
	unknownLevel, badPeriod      map[string]bool
	key                          []byte // reused to build map keys
	unknownLA, shared, schoolLAs map[string]bool
	meta                         *eesmeta.Meta // the file's metadata; nil: none, or unusable
	metaName                     string
}

func newObservations(env *sources.Env, w sources.Writer) *observations {
	val := array.NewRecordBuilder(env.Alloc, ValueSchema)
	return &observations{env: env, w: w, val: val,
		vRow: val.Field(0).(*array.Int64Builder), vSeries: val.Field(1).(*array.Int32Builder),
		vPlace: val.Field(2).(*array.Int32Builder), vTime: val.Field(3).(*array.Int32Builder),
		vValue: val.Field(4).(*array.Float64Builder), vSymbol: val.Field(5).(*array.StringBuilder),
		series:     array.NewRecordBuilder(env.Alloc, SeriesSchema),
		place:      array.NewRecordBuilder(env.Alloc, PlaceSchema),
		time:       array.NewRecordBuilder(env.Alloc, TimeSchema),
		breakdowns: map[string][]int32{}, places: map[string][]int32{}, times: map[string]int32{},
		batch:        int64(env.Batch()),
		unknownLevel: map[string]bool{}, badPeriod: map[string]bool{},
		unknownLA: map[string]bool{}, shared: map[string]bool{}, schoolLAs: map[string]bool{},
	}
}

func (o *observations) release() {
	o.val.Release()
	o.series.Release()
	o.place.Release()
	o.time.Release()
}

// useMeta decides the table's filters and measures by the file's metadata
// when it has one that fits the header, and says so in the input's note;
// one that does not fit is reported and the cells decide.
func (o *observations) useMeta(t *tabular.Table, cols []column) {
	if o.meta == nil {
		return
	}
	where := ""
	if t.Sheet != "" {
		where = fmt.Sprintf(" (sheet %q)", t.Sheet)
	}
	if why := o.meta.Mismatch(t.Header); why != "" {
		o.env.Issues.Add(sources.Issue{File: o.env.File, Sheet: t.Sheet, Row: 1, Rule: "ees_meta_mismatch",
			Message: fmt.Sprintf("%s does not fit this file%s: %s; filters and measures are told apart by their cells instead. Use the metadata file published with this data file", o.metaName, where, why)})
		o.note(fmt.Sprintf("filters and measures told apart by their cells (%s does not fit)", o.metaName))
		return
	}
	msg := "filters and measures from " + o.metaName
	if ignored := byMeta(cols, o.meta); len(ignored) > 0 {
		msg += fmt.Sprintf("; columns it does not describe, neither filter nor measure: %s", strings.Join(ignored, ", "))
	}
	o.note(msg + where)
}

// note adds to the input's note.
func (o *observations) note(s string) {
	if o.env.Note != "" {
		o.env.Note += "; "
	}
	o.env.Note += s
}

// flush writes the values built so far as one batch.
func (o *observations) flush() error {
	if o.pending == 0 {
		return nil
	}
	rec := o.val.NewRecord()
	defer rec.Release()
	o.pending = 0
	return o.w.Write(TableValue, rec)
}

// finish writes the last values and the three small tables.
func (o *observations) finish() error {
	if err := o.flush(); err != nil {
		return err
	}
	for _, t := range []struct {
		name string
		b    *array.RecordBuilder
	}{{TableSeries, o.series}, {TablePlace, o.place}, {TableTime, o.time}} {
		if err := o.write(t.name, t.b.NewRecord()); err != nil {
			return err
		}
	}
	return nil
}

func (o *observations) write(table string, rec arrow.Record) error {
	defer rec.Release()
	if rec.NumRows() == 0 {
		return nil
	}
	return o.w.Write(table, rec)
}

// rowReader is one table's columns, found once.
type rowReader struct {
	t                  *tabular.Table
	idx                map[string]int
	filters, measures  []column
	sheet              string
	issue              func(row int, col, rule, msg string)
	filterVals         map[string]string
	filterCols         []int
	levelCols, timeCol []int
}

func (r *rowReader) get(rec []string, name string) string {
	if i, ok := r.idx[name]; ok {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (r *rowReader) colOf(name string) string {
	if i, ok := r.idx[name]; ok {
		return r.t.Column(i)
	}
	return name
}

// placeColumns are the columns a row's place is resolved from.
var placeColumns = []string{"geographic_level", "country_code", "country_name", "region_code", "region_name",
	"old_la_code", "new_la_code", "la_name", "lad_code", "lad_name", "pcon_code", "pcon_name",
	"ward_code", "ward_name", "school_urn", "school_name", "school_laestab", "laestab"}

// table emits one table's observations.
func (o *observations) table(ctx context.Context, t *tabular.Table) error {
	cols, err := classify(ctx, t)
	if err != nil {
		return err
	}
	o.useMeta(t, cols)
	r := &rowReader{t: t, idx: map[string]int{}, sheet: t.Sheet, filterVals: map[string]string{}}
	for i, h := range t.Header {
		r.idx[strings.TrimSpace(h)] = i
	}
	for _, c := range cols {
		if c.ignored {
			continue
		}
		if c.measure {
			r.measures = append(r.measures, c)
		} else {
			r.filters = append(r.filters, c)
			r.filterCols = append(r.filterCols, c.idx)
		}
	}
	if len(r.measures) == 0 {
		return fmt.Errorf("no measure columns: every column besides time and geography holds text, so there is nothing to load")
	}
	for _, name := range placeColumns {
		if i, ok := r.idx[name]; ok {
			r.levelCols = append(r.levelCols, i)
		}
	}
	for _, name := range []string{"time_period", "time_identifier"} {
		if i, ok := r.idx[name]; ok {
			r.timeCol = append(r.timeCol, i)
		}
	}
	env := o.env
	r.issue = func(row int, col, rule, msg string) {
		env.Issues.Add(sources.Issue{File: env.File, Sheet: t.Sheet, Row: row, Column: col, Rule: rule, Message: msg})
	}
	return t.Each(ctx, func(row int, rec []string) error {
		timeID := o.timeOf(r, row, rec)
		places := o.placesOf(r, row, rec)
		series, err := o.seriesOf(r, rec)
		if err != nil {
			return err
		}
		// A shared service's row is a value for each of its LAs; a bad
		// cell is reported once, with the first.
		for pi, place := range places {
			for mi, m := range r.measures {
				cell, cerr := symbols.Parse(rec[m.idx])
				o.vRow.Append(int64(row))
				o.vSeries.Append(series[mi])
				o.vPlace.Append(place)
				o.vTime.Append(timeID)
				switch {
				case cerr != nil:
					if pi == 0 {
						r.issue(row, t.Column(m.idx), "not_a_value", cerr.Error()+"; loaded as NULL")
					}
					o.vValue.AppendNull()
					o.vSymbol.AppendNull()
				case cell.Number:
					o.vValue.Append(cell.Value)
					o.vSymbol.AppendNull()
				case cell.Symbol != "":
					o.vValue.AppendNull()
					o.vSymbol.Append(cell.Symbol)
				default: // blank: no value and no symbol
					o.vValue.AppendNull()
					o.vSymbol.AppendNull()
				}
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

// keyOf builds a map key from some of a record's cells (reusing o.key).
func (o *observations) keyOf(prefix string, rec []string, cols []int) []byte {
	k := append(o.key[:0], prefix...)
	for _, i := range cols {
		k = append(k, 0)
		k = append(k, rec[i]...)
	}
	o.key = k
	return k
}

// seriesOf returns the series id of each measure of the row's breakdown,
// adding the series when the breakdown is new.
func (o *observations) seriesOf(r *rowReader, rec []string) ([]int32, error) {
	k := o.keyOf(r.sheet, rec, r.filterCols)
	if ids, ok := o.breakdowns[string(k)]; ok { // no allocation on a hit
		return ids, nil
	}
	for _, f := range r.filters {
		r.filterVals[f.name] = strings.TrimSpace(rec[f.idx])
	}
	brk, err := json.Marshal(r.filterVals) // map keys sorted: canonical
	if err != nil {
		return nil, err
	}
	ids := make([]int32, len(r.measures))
	sb := o.series
	for i, m := range r.measures {
		ids[i] = o.nSeries
		sb.Field(0).(*array.Int32Builder).Append(o.nSeries)
		appendOpt(sb.Field(1).(*array.StringBuilder), r.sheet)
		sb.Field(2).(*array.StringBuilder).Append(m.name)
		sb.Field(3).(*array.StringBuilder).BinaryBuilder.Append(brk)
		o.nSeries++
	}
	o.breakdowns[string(k)] = ids
	return ids, nil
}

// timeOf returns the row's time id, adding it when new. A time_period that
// cannot be read is reported once; its rows keep it as their period, with
// no year, and are never ranked.
func (o *observations) timeOf(r *rowReader, row int, rec []string) int32 {
	k := o.keyOf("", rec, r.timeCol)
	if id, ok := o.times[string(k)]; ok {
		return id
	}
	tp, ti := r.get(rec, "time_period"), r.get(rec, "time_identifier")
	tb := o.time
	tb.Field(0).(*array.Int32Builder).Append(o.nTime)
	tb.Field(1).(*array.StringBuilder).Append(tp)
	tb.Field(2).(*array.StringBuilder).Append(ti)
	per, err := period.WithIdentifier(tp, ti)
	if err != nil {
		if !o.badPeriod[tp+"\x00"+ti] {
			o.badPeriod[tp+"\x00"+ti] = true
			r.issue(row, r.colOf("time_period"), "bad_time_period", err.Error()+"; rows with it are kept without a period and never ranked")
		}
		tb.Field(3).(*array.StringBuilder).Append(tp)
		tb.Field(4).(*array.Int32Builder).AppendNull()
	} else {
		tb.Field(3).(*array.StringBuilder).Append(per.Label)
		tb.Field(4).(*array.Int32Builder).Append(int32(per.Year))
	}
	id := o.nTime
	o.times[string(k)] = id
	o.nTime++
	return id
}

// placesOf returns the row's place ids (one, or one per LA of a shared
// service), resolving the geography when it is new.
func (o *observations) placesOf(r *rowReader, row int, rec []string) []int32 {
	k := o.keyOf("", rec, r.levelCols)
	if ids, ok := o.places[string(k)]; ok {
		return ids
	}
	ids := o.resolvePlace(r, row, rec)
	o.places[string(k)] = ids
	return ids
}

func (o *observations) addPlace(level, geoCode, geoName, laCode, sharedWith string) int32 {
	pb := o.place
	pb.Field(0).(*array.Int32Builder).Append(o.nPlace)
	pb.Field(1).(*array.StringBuilder).Append(level)
	appendOpt(pb.Field(2).(*array.StringBuilder), geoCode)
	appendOpt(pb.Field(3).(*array.StringBuilder), geoName)
	appendOpt(pb.Field(4).(*array.StringBuilder), laCode)
	appendOpt(pb.Field(5).(*array.StringBuilder), sharedWith)
	o.nPlace++
	return o.nPlace - 1
}

// resolvePlace resolves a geography seen for the first time: England, a
// region (Inner and Outer London by name when published under London's
// code), an LA (by old code, new code, then name; a " / " list as a shared
// service), or a row below LA level with the LA it belongs to.
func (o *observations) resolvePlace(r *rowReader, row int, rec []string) []int32 {
	levelText := r.get(rec, "geographic_level")
	lv, known := levels[strings.ToLower(levelText)]
	if !known {
		if !o.unknownLevel[levelText] {
			o.unknownLevel[levelText] = true
			r.issue(row, r.colOf("geographic_level"), "unknown_level", fmt.Sprintf(
				"geographic_level %q is not one yardstick ranks; its rows are kept in stage.observation without a geo_code", levelText))
		}
		return []int32{o.addPlace(strings.ReplaceAll(strings.ToLower(levelText), " ", "_"), "", "", "", "")}
	}
	geoCode, geoName := r.get(rec, lv.code), r.get(rec, lv.label)
	switch lv.name {
	case "national":
		if geoCode == "" {
			geoCode = geography.England
		}
		return []int32{o.addPlace(lv.name, geoCode, geoName, "", "")}
	case "regional":
		return []int32{o.addPlace(lv.name, geography.RegionCode(geoCode, geoName), geoName, "", "")}
	case "la":
		oldCode, newCode := geoCode, r.get(rec, "new_la_code")
		if code, _, ok := o.env.Geography.Resolve(oldCode, newCode, geoName); ok {
			return []int32{o.addPlace(lv.name, code, geoName, code, "")}
		}
		key := oldCode + "|" + newCode + "|" + geoName
		codes, part, shared := o.env.Geography.ResolveShared(oldCode, newCode, geoName)
		if !shared {
			if !o.unknownLA[key] {
				o.unknownLA[key] = true
				r.issue(row, r.colOf("old_la_code"), "unknown_la", unknownLAMessage(oldCode, newCode, geoName, part))
			}
			if geoCode == "" {
				geoCode = newCode
			}
			return []int32{o.addPlace(lv.name, geoCode, geoName, "", "")}
		}
		if !o.shared[key] {
			o.shared[key] = true
			r.issue(row, r.colOf("old_la_code"), "shared_service", fmt.Sprintf(
				"%q (old_la_code %q) is published jointly for LAs %s, which share a service: each of them is given the shared value, marked in shared_with, and ranked with it, as LAIT does",
				geoName, oldCode, strings.Join(codes, " and ")))
		}
		ids := make([]int32, len(codes))
		for i, c := range codes {
			others := append(append([]string(nil), codes[:i]...), codes[i+1:]...)
			ids[i] = o.addPlace(lv.name, c, geoName, c, strings.Join(others, ", "))
		}
		return ids
	default:
		if lv.name == "school" && geoCode == "" {
			// older files name a school by its LA and establishment number only
			geoCode = cmp.Or(r.get(rec, "school_laestab"), r.get(rec, "laestab"))
		}
		return []int32{o.addPlace(lv.name, geoCode, geoName, o.parentLA(r, row, rec), "")}
	}
}

// parentLA resolves the LA of a row below LA level (a school, a district)
// from its LA columns, or for a school from the first three digits of its
// LAESTAB (the DfE LA number). An LA that cannot be resolved is an issue
// once per code; the row is kept without one.
func (o *observations) parentLA(r *rowReader, row int, rec []string) string {
	oldCode, newCode, name := r.get(rec, "old_la_code"), r.get(rec, "new_la_code"), r.get(rec, "la_name")
	col := "old_la_code"
	if oldCode == "" && newCode == "" && name == "" {
		laestab := r.get(rec, "school_laestab")
		if len(laestab) < 3 {
			return ""
		}
		oldCode, col = laestab[:3], "school_laestab"
	}
	if code, _, ok := o.env.Geography.Resolve(oldCode, newCode, name); ok {
		return code
	}
	key := oldCode + "|" + newCode + "|" + name
	if !o.schoolLAs[key] {
		o.schoolLAs[key] = true
		r.issue(row, r.colOf(col), "unknown_la", fmt.Sprintf(
			"the LA of this row is not recognised (LA code %q, new code %q, name %q); its rows are kept in stage.observation without an la_code", oldCode, newCode, name))
	}
	return ""
}
