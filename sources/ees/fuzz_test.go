package ees

import (
	"testing"

	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

// FuzzRead: any bytes as an EES CSV are read or rejected, never a panic.
func FuzzRead(f *testing.F) {
	// small seeds keep each run fast enough to explore in CI's 15 seconds
	sourcetest.Seed(f, "testdata/good.csv", "testdata/ragged.csv", "testdata/latin1.csv")
	f.Add([]byte("time_period,time_identifier,geographic_level,country_code,old_la_code,new_la_code,la_name,v\n2025,Reporting year,Local authority,E92000001,314 / 318,,,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sourcetest.FuzzRead(t, New(), data, ".csv", nil)
	})
}
