package childlevel

import (
	"context"
	"fmt"
	"time"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
)

// ReadSheet reads a table found on a sheet into spec's stage table: pos[i]
// is the sheet column of spec.Columns[i] (-1 when the sheet lacks it); LA and
// YEAR columns, when the sheet has them, win over the file's origin. Issues
// name the sheet, the Excel row and the column letter.
func ReadSheet(ctx context.Context, env *sources.Env, w sources.Writer, t *xlsx.Table, spec *Spec, pos []int, file Origin) (int64, error) {
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
		at := Place{Sheet: t.Sheet, Row: row}
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
	for _, sheet := range wb.Sheets() {
		t, err := wb.FindTable(sheet, match)
		if err != nil {
			return total, found, err
		}
		if t == nil {
			continue
		}
		spec, pos, what, err := pick(t.Header)
		if err != nil {
			return total, found, fmt.Errorf("sheet %q: %w", sheet, err)
		}
		found = append(found, fmt.Sprintf("%q is %s", sheet, what))
		n, err := ReadSheet(ctx, env, w, t, spec, pos, file)
		total += n
		if err != nil {
			return total, found, fmt.Errorf("sheet %q: %w", sheet, err)
		}
	}
	return total, found, nil
}
