// Package xlsx streams worksheet rows with excelize's row iterator and raw
// cell values, as DESIGN.md fixes: never GetRows on a big sheet.
package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Rows calls fn for every row of every sheet, in workbook order, with the row
// number as Excel shows it. Cells are raw values (a date is its serial);
// trailing empty cells are trimmed by excelize. fn may return Stop to end
// the walk early without an error.
func Rows(path string, fn func(sheet string, row int, cells []string) error) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return fmt.Errorf("not a readable xlsx workbook: %w", err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		if err := sheetRows(f, sheet, fn); err != nil {
			if err == Stop {
				return nil
			}
			return err
		}
	}
	return nil
}

// Stop ends a walk early.
var Stop = fmt.Errorf("stop")

// errNextSheet moves a Sample walk on to the next sheet.
var errNextSheet = fmt.Errorf("next sheet")

func sheetRows(f *excelize.File, sheet string, fn func(sheet string, row int, cells []string) error) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("sheet %q row %d: %w", sheet, n, err)
		}
		if err := fn(sheet, n, cells); err != nil {
			if err == errNextSheet {
				return nil
			}
			return err
		}
	}
	return rows.Error()
}

// Sample returns the first maxRows rows of each sheet, for recognition.
func Sample(path string, maxRows int) (map[string][][]string, error) {
	out := map[string][][]string{}
	err := Rows(path, func(sheet string, row int, cells []string) error {
		if row > maxRows {
			return errNextSheet
		}
		out[sheet] = append(out[sheet], append([]string(nil), cells...))
		return nil
	})
	return out, err
}
