// Package period turns EES time_period codes into the label analysts quote and
// the calendar year the period ends in.
package period

import (
	"fmt"
	"strconv"
)

// Period is a parsed time_period.
type Period struct {
	Label string // "2025" or "2018/19"
	Year  int    // calendar year the period ends in: 2025, 2019
}

// Parse reads a time_period as published: 4 digits (a reporting, calendar or
// financial year ending that year) or 6 digits (an academic or financial year
// 201819, which ends in 2019).
func Parse(timePeriod string) (Period, error) {
	switch len(timePeriod) {
	case 4:
		y, err := strconv.Atoi(timePeriod)
		if err == nil && y >= 1900 && y < 2200 {
			return Period{Label: timePeriod, Year: y}, nil
		}
	case 6:
		y, err1 := strconv.Atoi(timePeriod[:4])
		e, err2 := strconv.Atoi(timePeriod[4:])
		if err1 == nil && err2 == nil && y >= 1900 && y < 2200 && e == (y+1)%100 {
			return Period{Label: fmt.Sprintf("%d/%02d", y, e), Year: y + 1}, nil
		}
	}
	return Period{}, fmt.Errorf("time_period %q is neither a year (2025) nor a two-year span (201819)", timePeriod)
}
