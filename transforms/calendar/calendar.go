// Package calendar is England's working-day calendar: weekends and the bank
// holidays of England and Wales, kept as data (bank_holidays.csv, from
// GOV.UK's published list) so a new year is a line added, not code.
package calendar

import (
	_ "embed"
	"encoding/csv"
	"strings"
	"time"
)

//go:embed bank_holidays.csv
var data string

// Holiday is one bank holiday.
type Holiday struct {
	Date time.Time
	Name string
}

var holidays = func() []Holiday {
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		panic("bank_holidays.csv: " + err.Error()) // embedded; a test reads it
	}
	var out []Holiday
	for _, r := range recs[1:] {
		d, err := time.Parse("2006-01-02", r[0])
		if err != nil {
			panic("bank_holidays.csv: " + err.Error())
		}
		out = append(out, Holiday{Date: d, Name: r[1]})
	}
	return out
}()

// BankHolidays lists England's bank holidays, oldest first.
func BankHolidays() []Holiday { return holidays }

// Covered is the span of years the list holds; working days outside it
// would miss bank holidays.
func Covered() (first, last int) {
	return holidays[0].Date.Year(), holidays[len(holidays)-1].Date.Year()
}
