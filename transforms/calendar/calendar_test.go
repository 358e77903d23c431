package calendar

import (
	"testing"
	"time"
)

// TestBankHolidays: each year has its eight (or more, with a jubilee,
// coronation or state funeral), none falls on a weekend (substitute days
// are listed instead), and they are in order without repeats.
func TestBankHolidays(t *testing.T) {
	perYear := map[int]int{}
	var prev time.Time
	for _, h := range BankHolidays() {
		perYear[h.Date.Year()]++
		if wd := h.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("%s %s falls on a %s", h.Date.Format("2006-01-02"), h.Name, wd)
		}
		if !h.Date.After(prev) {
			t.Errorf("%s is out of order or repeated", h.Date.Format("2006-01-02"))
		}
		prev = h.Date
	}
	first, last := Covered()
	for y := first; y <= last; y++ {
		if perYear[y] < 8 {
			t.Errorf("%d has %d bank holidays, want at least 8", y, perYear[y])
		}
	}
	for _, y := range []int{2012, 2022, 2023} {
		if perYear[y] != 9 && y == 2012 || perYear[y] != 10 && y == 2022 || perYear[y] != 9 && y == 2023 {
			t.Errorf("%d has %d bank holidays (2012 9 with the Diamond Jubilee, 2022 10 with the Platinum Jubilee and the state funeral, 2023 9 with the Coronation)", y, perYear[y])
		}
	}
}
