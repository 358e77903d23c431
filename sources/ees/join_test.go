package ees

import (
	"fmt"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
)

// tables collects what the reader wrote, as text, table by table.
type tables map[string][]map[string]string

func (t tables) Write(table string, rec arrow.Record) error {
	for r := 0; r < int(rec.NumRows()); r++ {
		row := map[string]string{}
		for c, f := range rec.Schema().Fields() {
			if col := rec.Column(c); !col.IsNull(r) {
				row[f.Name] = fmt.Sprint(col.GetOneForMarshal(r))
			}
		}
		t[table] = append(t[table], row)
	}
	return nil
}

// observations joins the values to their series, places and times, as
// stage.observation does: one map per value with every column of the view.
func (t tables) observations() []map[string]string {
	index := func(table, key string) map[string]map[string]string {
		m := map[string]map[string]string{}
		for _, r := range t[table] {
			m[r[key]] = r
		}
		return m
	}
	series, places, times := index(TableSeries, "series"), index(TablePlace, "place"), index(TableTime, "time")
	var out []map[string]string
	for _, v := range t[TableValue] {
		row := map[string]string{}
		for _, part := range []map[string]string{v, series[v["series"]], places[v["place"]], times[v["time"]]} {
			for k, x := range part {
				row[k] = x
			}
		}
		out = append(out, row)
	}
	return out
}

// num reads a value column: the number and whether there is one.
func num(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
