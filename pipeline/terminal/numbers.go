package terminal

import (
	"math"
	"strconv"
	"strings"
)

// Number is a figure as text, in its unit: a count whole with thousands
// separators, a percentage to 1 decimal place with "%", anything else to 1
// decimal place with separators.
func Number(f float64, unit string) string {
	switch unit {
	case "count":
		return Thousands(int64(math.Round(f)))
	case "%":
		return decimal(f) + "%"
	}
	return decimal(f)
}

// decimal is a number to 1 decimal place with thousands separators.
func decimal(f float64) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', 1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := Thousands(n) + "." + frac
	if f < 0 && s != "0.0" {
		out = "-" + out
	}
	return out
}

// Signed is a change with its sign and unit: pp for a percentage or a gap
// in percentage points, pts for a score or a gap in points.
func Signed(f float64, unit string) string {
	var s string
	switch unit {
	case "count":
		s = Thousands(int64(math.Round(math.Abs(f))))
	default:
		s = decimal(math.Abs(f))
	}
	switch {
	case f > 0 && s != "0.0" && s != "0":
		s = "+" + s
	case f < 0 && s != "0.0" && s != "0":
		s = "-" + s
	}
	switch unit {
	case "%", "percentage points", "pp":
		s += "pp"
	case "score", "points":
		s += " pts"
	}
	return s
}
