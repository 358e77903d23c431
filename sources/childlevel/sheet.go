package childlevel

import (
	"context"

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
