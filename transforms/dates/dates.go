// Package dates parses the dates of statutory returns: dd/mm/yyyy (903 CSV
// and XML), ISO yyyy-mm-dd (CIN census), and Excel serials (xlsx), and
// coarsens a date of birth to its month.
package dates

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Layouts are tried in order. Day-first only: English returns never use
// month-first dates, and guessing would turn 03/04 into the wrong month.
var layouts = []string{
	"02/01/2006", "2/1/2006", "2006-01-02", "02-01-2006", "02.01.2006",
	"2006-01-02T15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05", "02/01/2006 15:04:05",
	"02/01/2006 15:04", "2/1/2006 15:04", "02-Jan-2006", "2 January 2006", "2 Jan 2006",
}

// Parse reads a date written as text. The empty string is not a date: check
// for it first.
func Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date (expected dd/mm/yyyy or yyyy-mm-dd)")
}

// FromSerial turns an Excel serial day number into a date, in the 1900 date
// system (Windows Excel, with its phantom 29 Feb 1900) or the 1904 system
// (old Mac workbooks; 0 = 1904-01-01), with excelize's ExcelDateToTime as
// DESIGN.md fixes. The time of day is dropped.
func FromSerial(serial float64, date1904 bool) (time.Time, error) {
	if math.IsNaN(serial) || serial < 0 || serial > 2958465 || (serial < 1 && !date1904) {
		return time.Time{}, fmt.Errorf("serial %v is outside Excel's dates", serial)
	}
	if !date1904 && serial < 61 {
		// excelize counts these a day early; no child's date falls here,
		// but a wrong date is worse than a slow one.
		return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(serial)), nil
	}
	t, err := excelize.ExcelDateToTime(math.Floor(serial), date1904)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

// Month is the first day of t's month: a date of birth kept to the month.
func Month(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Days is t as days since 1970-01-01, Arrow's date32.
func Days(t time.Time) int32 {
	return int32(t.Unix() / 86400)
}
