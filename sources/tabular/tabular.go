// Package tabular reads a table that may come as a CSV file or as a sheet
// of an xlsx workbook, the same way: a header, then rows padded to its
// width, numbered as the editor or Excel shows them. Sources whose
// publishers use either format (EES files, Ofsted's management
// information) read through it.
package tabular

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/sources/ods"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
	"github.com/yardstick-etl/yardstick/transforms/dates"
)

// Table is one table to read: a CSV file, or a sheet of a workbook.
type Table struct {
	Sheet  string // "" for CSV
	Header []string
	each   func(ctx context.Context, fn func(row int, rec []string) error) error
	sheet  *xlsx.Table
	column func(i int) string // a mapped table's column names (Mapped)
}

// Date reads a date cell: text (dd/mm/yyyy or ISO), or in a workbook an
// Excel serial in the workbook's date system.
func (t *Table) Date(raw string) (time.Time, error) {
	if t.sheet != nil {
		return t.sheet.Date(raw)
	}
	return dates.Parse(raw)
}

// Each calls fn with every data row, padded to the header's width (reused
// between calls), and its row number. It may be called more than once.
func (t *Table) Each(ctx context.Context, fn func(row int, rec []string) error) error {
	return t.each(ctx, fn)
}

// Column names column i in an issue: the header name for CSV, the letter
// for a workbook, as DESIGN.md asks.
func (t *Table) Column(i int) string {
	if t.column != nil {
		return t.column(i)
	}
	if t.Sheet == "" {
		return strings.TrimSpace(t.Header[i])
	}
	return sources.ColumnLetter(i)
}

// Open opens a CSV file as one table, or an xlsx workbook or OpenDocument
// spreadsheet as its sheets
// whose header isHeader accepts (looked for below title rows; a sheet
// without one, such as a notes sheet, is skipped; a workbook with none is
// an error naming what was sought). Call close when done.
func Open(path string, isHeader func([]string) bool, sought string) (tables []*Table, close func(), err error) {
	if strings.EqualFold(filepath.Ext(path), ".ods") {
		return openODS(path, isHeader, sought)
	}
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		r, err := csvfile.Open(path)
		if err != nil {
			return nil, nil, err
		}
		header := r.Header
		r.Close()
		t := &Table{Header: header, each: func(ctx context.Context, fn func(int, []string) error) error {
			r, err := csvfile.Open(path)
			if err != nil {
				return err
			}
			defer r.Close()
			return r.Each(ctx, func(rec []string) error { return fn(r.Row(), rec) })
		}}
		return []*Table{t}, func() {}, nil
	}
	wb, err := xlsx.Open(path)
	if err != nil {
		return nil, nil, err
	}
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
		return nil, nil, fmt.Errorf("no sheet has %s", sought)
	}
	return tables, func() { wb.Close() }, nil
}

// sheetTable reads a sheet's rows as records of the header's width (Excel
// leaves trailing empty cells out).
func sheetTable(xt *xlsx.Table) *Table {
	width := len(xt.Header)
	t := &Table{Sheet: xt.Sheet, Header: xt.Header, sheet: xt}
	t.each = func(ctx context.Context, fn func(int, []string) error) error {
		rec := make([]string, width)
		return xt.Each(ctx, func(row int, cells []string) error {
			if err := fill(rec, row, cells); err != nil {
				return err
			}
			return fn(row, rec)
		})
	}
	return t
}

// fill sets rec (the header's width) to a sheet row's cells, blank where
// the row stops early. A value to the right of the header has no column to
// go to, so it is an error naming the cell.
func fill(rec []string, row int, cells []string) error {
	for i := range rec {
		rec[i] = ""
	}
	for i, c := range cells {
		if i >= len(rec) {
			if strings.TrimSpace(c) != "" {
				return fmt.Errorf("row %d column %s has a value but the header has no column there", row, sources.ColumnLetter(i))
			}
			continue
		}
		rec[i] = c
	}
	return nil
}

// headerRows is how far down a sheet a header is looked for (title rows
// and notes above it).
const headerRows = 30

// openODS opens an OpenDocument spreadsheet's sheets that have a header
// isHeader accepts, as openXLSX does a workbook's. Each table streams the
// file's content again, keeping its sheet's rows below the header.
func openODS(path string, isHeader func([]string) bool, sought string) ([]*Table, func(), error) {
	f, err := ods.Open(path)
	if err != nil {
		return nil, nil, err
	}
	type found struct {
		sheet  string
		row    int
		header []string
	}
	var heads []found
	seen := map[string]int{} // rows with values looked at, per sheet
	err = f.Each(context.Background(), func(sheet string, row int, cells []string) error {
		if seen[sheet] < 0 || seen[sheet] >= headerRows {
			return nil
		}
		seen[sheet]++
		if isHeader(cells) {
			seen[sheet] = -1 // found
			heads = append(heads, found{sheet, row, append([]string(nil), cells...)})
		}
		return nil
	})
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if len(heads) == 0 {
		f.Close()
		return nil, nil, fmt.Errorf("no sheet has %s", sought)
	}
	var tables []*Table
	for _, h := range heads {
		width := len(h.header)
		t := &Table{Sheet: h.sheet, Header: h.header}
		t.each = func(ctx context.Context, fn func(int, []string) error) error {
			rec := make([]string, width)
			return f.Each(ctx, func(sheet string, row int, cells []string) error {
				if sheet != h.sheet || row <= h.row {
					return nil
				}
				if err := fill(rec, row, cells); err != nil {
					return err
				}
				return fn(row, rec)
			})
		}
		tables = append(tables, t)
	}
	return tables, func() { f.Close() }, nil
}

// Mapped is the table read through fn, which makes each row of the new
// header from a row of t (it may reuse its output). from[i] is the column
// of t that column i comes from, so issues name the file's own column;
// -1 for a column fn makes up (a constant), named by its new name.
func (t *Table) Mapped(header []string, from []int, fn func(row int, rec []string) []string) *Table {
	m := &Table{Sheet: t.Sheet, Header: header, sheet: t.sheet}
	m.each = func(ctx context.Context, f func(int, []string) error) error {
		return t.each(ctx, func(row int, rec []string) error { return f(row, fn(row, rec)) })
	}
	m.column = func(i int) string {
		if i < len(from) && from[i] >= 0 {
			return t.Column(from[i])
		}
		return header[i]
	}
	return m
}

// HeaderIndex maps a header's names, lower-cased with runs of spaces made
// one, to their columns (the first of a repeated name).
func HeaderIndex(row []string) map[string]int {
	idx := map[string]int{}
	for i, h := range row {
		k := strings.ToLower(strings.Join(strings.Fields(h), " "))
		if _, ok := idx[k]; !ok && k != "" {
			idx[k] = i
		}
	}
	return idx
}

// Find is the column of the first of names in a HeaderIndex, or -1. A name
// ending in "*" matches a header that starts with it (the leftmost such),
// for headers that are whole sentences.
func Find(idx map[string]int, names []string) int {
	for _, n := range names {
		if p, ok := strings.CutSuffix(n, "*"); ok {
			best := -1
			for h, i := range idx {
				if strings.HasPrefix(h, p) && (best < 0 || i < best) {
					best = i
				}
			}
			if best >= 0 {
				return best
			}
			continue
		}
		if i, ok := idx[n]; ok {
			return i
		}
	}
	return -1
}
