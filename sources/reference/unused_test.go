package reference

import (
	"testing"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
)

// TestRecogniseUnused: the reference files published beside those
// yardstick reads are known by their headers; a file with more columns
// than a list of regions is not taken for one.
func TestRecogniseUnused(t *testing.T) {
	for file, kind := range map[string]string{
		"lait_data_dictionary.csv": "lait_data_dictionary",
		"lait_la_code_list.xlsx":   "lait_la_code_list",
		"region_la_hierarchy.csv":  "region_la_hierarchy",
		"regions.csv":              "regions",
		"las.csv":                  "",
	} {
		p := realFile(t, file)
		s := &sources.Sample{Path: p}
		var err error
		if s.Ext() == ".csv" {
			s.Header, err = csvfile.ReadHeader(p)
		} else {
			s.Sheets, err = xlsx.Sample(p, 20)
		}
		if err != nil {
			t.Fatal(err)
		}
		u, ok := RecogniseUnused(s)
		if u.Kind != kind || ok != (kind != "") {
			t.Errorf("%s: %q %v, want %q", file, u.Kind, ok, kind)
		}
		if ok && (u.Name == "" || u.Reason == "" || len(u.Reason) > 100) {
			t.Errorf("%s: name %q, reason %q (short, please)", file, u.Name, u.Reason)
		}
	}
	s := &sources.Sample{Path: "x.csv", Header: []string{"Region_Code", " region_name", "value"}}
	if u, ok := RecogniseUnused(s); ok {
		t.Errorf("a file with more columns taken for %s", u.Kind)
	}
	s.Header = s.Header[:2]
	if u, _ := RecogniseUnused(s); u.Kind != "regions" {
		t.Errorf("regions in another case: %q", u.Kind)
	}
}
