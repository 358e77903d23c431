// Package period turns EES time_period codes into the label analysts quote and
// the calendar year the period ends in.
package period

import (
	"fmt"
	"regexp"
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

var week = regexp.MustCompile(`(?i)^week\s*(\d{1,2})$`)

// WithIdentifier reads a time_period with its time_identifier. A period of
// weeks ("Week 29" of 2025, as DfE's attendance statistics publish them) is
// a period of its own, "2025 week 29" (two digits, so weeks sort in order),
// in the year the period names; it never merges with the year's other
// weeks. Other identifiers (Reporting year, Academic year, ...) leave the
// period as Parse reads it.
func WithIdentifier(timePeriod, timeIdentifier string) (Period, error) {
	p, err := Parse(timePeriod)
	if err != nil {
		return p, err
	}
	if m := week.FindStringSubmatch(timeIdentifier); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > 53 {
			return Period{}, fmt.Errorf("time_identifier %q is not a week of the year (1 to 53)", timeIdentifier)
		}
		p.Label = fmt.Sprintf("%s week %02d", p.Label, n)
	}
	return p, nil
}
