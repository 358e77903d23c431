package ees

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
)

// table is one EES table to read: a CSV file, or a sheet of a workbook.
// each may be called more than once (Read makes two passes); it gives every
// data row padded to the header's width, with its row number as the editor
// or Excel shows it.
type table struct {
	sheet  string // "" for CSV
	header []string
	each   func(ctx context.Context, fn func(row int, rec []string) error) error
}

// column names column i in an issue: the header name for CSV, the letter
// for a workbook, as DESIGN.md asks.
func (t *table) column(i int) string {
	if t.sheet == "" {
		return strings.TrimSpace(t.header[i])
	}
	return sources.ColumnLetter(i)
}

// openTables opens a CSV file as one table, or an xlsx workbook as its
// sheets whose header isHeader accepts (a sheet without one, such as a
// notes sheet, is skipped; a workbook with none is an error).
func openTables(path string, isHeader func([]string) bool) ([]*table, func(), error) {
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		r, err := csvfile.Open(path)
		if err != nil {
			return nil, nil, err
		}
		header := r.Header
		r.Close()
		t := &table{header: header, each: func(ctx context.Context, fn func(int, []string) error) error {
			r, err := csvfile.Open(path)
			if err != nil {
				return err
			}
			defer r.Close()
			return r.Each(ctx, func(rec []string) error { return fn(r.Row(), rec) })
		}}
		return []*table{t}, func() {}, nil
	}
	wb, err := xlsx.Open(path)
	if err != nil {
		return nil, nil, err
	}
	var tables []*table
	for _, sheet := range wb.Sheets() {
		xt, err := wb.FindTable(sheet, isHeader)
		if err != nil {
			wb.Close()
			return nil, nil, err
		}
		if xt == nil {
			continue
		}
		tables = append(tables, sheetTable(xt))
	}
	if len(tables) == 0 {
		wb.Close()
		return nil, nil, fmt.Errorf("no sheet has an EES header (time_period, time_identifier, geographic_level, country_code, ...)")
	}
	return tables, func() { wb.Close() }, nil
}

// sheetTable reads a sheet's rows as records of the header's width: Excel
// leaves trailing empty cells out; a value to the right of the header has
// no column to go to, so it is an error naming the cell.
func sheetTable(xt *xlsx.Table) *table {
	width := len(xt.Header)
	t := &table{sheet: xt.Sheet, header: xt.Header}
	t.each = func(ctx context.Context, fn func(int, []string) error) error {
		rec := make([]string, width)
		return xt.Each(ctx, func(row int, cells []string) error {
			for i := range rec {
				rec[i] = ""
			}
			for i, c := range cells {
				if i >= width {
					if strings.TrimSpace(c) != "" {
						return fmt.Errorf("row %d column %s has a value but the header has no column there", row, sources.ColumnLetter(i))
					}
					continue
				}
				rec[i] = c
			}
			return fn(row, rec)
		})
	}
	return t
}
