package childlevel

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
)

// ReadSheet reads a table found on a sheet into spec's stage table: pos[i]
// is the sheet column of spec.Columns[i] (-1 when the sheet lacks it); LA and
// YEAR columns, when the sheet has them, win over the file's origin. Issues
// name the sheet (as label gives it, see SheetLabel), the Excel row and the
// column letter.
func ReadSheet(ctx context.Context, env *sources.Env, w sources.Writer, t *xlsx.Table, label string, spec *Spec, pos []int, file Origin) (int64, error) {
	laCol, yearCol := OriginColumns(Index(t.Header))
	if err := Check(env, file, laCol >= 0, yearCol >= 0); err != nil {
		return 0, err
	}
	if err := ColumnOrigin(env, &file, laCol, yearCol, sources.ColumnLetter(yearCol), func(fn func(string, []time.Time)) error {
		return t.Each(ctx, func(_ int, cells []string) error {
			fn(Cell(cells, yearCol), RowDates(spec, pos, cells, t.Date))
			return nil
		})
	}); err != nil {
		return 0, err
	}
	b := NewBuilder(spec, env, w)
	defer b.Release()
	b.Dates = t.Date
	labels := make([]string, len(pos))
	for i, p := range pos {
		labels[i] = sources.ColumnLetter(p)
	}
	vals := make([]string, len(pos))
	err := t.Each(ctx, func(row int, cells []string) error {
		at := Place{Sheet: label, Row: row}
		for i, p := range pos {
			vals[i] = Cell(cells, p)
		}
		o := RowOrigin(env, file, Cell(cells, laCol), Cell(cells, yearCol), at, sources.ColumnLetter(laCol), sources.ColumnLetter(yearCol))
		return b.Append(at, o, vals, labels)
	})
	if err != nil {
		return b.Rows(), err
	}
	return b.Rows(), b.Flush()
}

// ReadWorkbook reads every sheet of a workbook whose header pick accepts,
// with ReadSheet; other sheets (notes, lookups) are skipped. pick returns the
// table, the sheet column of each of its columns, and how to describe the
// sheet in the file's note; a nil Spec means "not this sheet". It returns the
// descriptions of the sheets read, and fails when there are none.
func ReadWorkbook(ctx context.Context, path string, env *sources.Env, w sources.Writer, file Origin,
	match xlsx.Match, pick func(header []string) (*Spec, []int, string, error)) (int64, []string, error) {
	wb, err := xlsx.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer wb.Close()
	var total int64
	var found []string
	for i, sheet := range wb.Sheets() {
		t, err := wb.FindTable(sheet, match)
		if err != nil {
			return total, found, sheetError(SheetLabel(sheet, i, nil), err)
		}
		if t == nil {
			continue
		}
		spec, pos, what, err := pick(t.Header)
		if err != nil {
			return total, found, fmt.Errorf("%s: %w", SheetLabel(sheet, i, nil), err)
		}
		label := SheetLabel(sheet, i, spec.SheetNames)
		found = append(found, fmt.Sprintf("%s is %s", label, what))
		n, err := ReadSheet(ctx, env, w, t, label, spec, pos, file)
		total += n
		if err != nil {
			return total, found, sheetError(label, err)
		}
	}
	return total, found, nil
}

// sheetError names the sheet of err by its label, in place of the name
// the xlsx reader gives it.
func sheetError(label string, err error) error {
	var se *xlsx.SheetError
	switch {
	case errors.As(err, &se) && se.Row > 0:
		return fmt.Errorf("%s row %d: %w", label, se.Row, se.Err)
	case errors.As(err, &se):
		return fmt.Errorf("%s: %w", label, se.Err)
	}
	return fmt.Errorf("%s: %w", label, err)
}

// SheetLabel is how a sheet of a return is named in the warehouse and in
// messages: the name expected for the table's sheet ("List 3",
// "episodes") when the sheet has it, give or take case, spaces and
// punctuation; else the sheet's position ("sheet 4"). A sheet's
// name is the council's own text, and could be a child's name or UPN.
func SheetLabel(name string, index int, expected []string) string {
	for _, e := range expected {
		if looseName(name) == looseName(e) {
			return e
		}
	}
	return fmt.Sprintf("sheet %d", index+1)
}

// looseName is a name in lower case with only its letters and digits.
func looseName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
