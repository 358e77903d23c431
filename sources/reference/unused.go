package reference

import (
	"strings"

	"github.com/yardstick-etl/yardstick/sources"
)

// Unused is a reference file yardstick knows but does not read: published
// beside the files it reads (DfE's reference folders hold them together),
// so a folder of inputs often has it. A run says so once, in a line, rather
// than rejecting it as a file it does not recognise.
type Unused struct {
	Kind   string   // meta.input_file's source_kind
	Name   string   // as a run's summary names it
	Ext    string   // ".csv", ".xlsx"
	Header []string // columns its header has (a CSV's first row, a sheet's row), any case
	Exact  bool     // the header has these columns and no other
	Reason string   // why yardstick does not read it, in a few words
}

// Unuseds are the reference files yardstick knows and does not read.
// Recognition tries them only for a file that no source recognises, so an
// EES file that happens to have a region_code and region_name is read as
// one.
var Unuseds = []Unused{
	{Kind: "lait_data_dictionary", Name: "LAIT data dictionary", Ext: ".csv",
		Header: []string{"Measure_code", "Measure", "Polarity", "No_Quartile"},
		Reason: "LAIT's list of its measures: yardstick's indicators are its own catalogue (yardstick catalogue)"},
	{Kind: "lait_la_code_list", Name: "LAIT LA codes", Ext: ".xlsx",
		Header: []string{"LA Number", "LA Name", "Region", "Type"},
		Reason: "LAIT's LA numbers and types: yardstick takes LAs from DfE's LA list (las.csv) or its own"},
	{Kind: "region_la_hierarchy", Name: "LAs by region", Ext: ".csv",
		Header: []string{"region_code", "region_name", "old_la_code", "la_name", "new_la_code"}, Exact: true,
		Reason: "which LA is in which region: DfE's LA list (las.csv) says so too"},
	{Kind: "regions", Name: "regions list", Ext: ".csv",
		Header: []string{"region_code", "region_name"}, Exact: true,
		Reason: "the regions: yardstick knows them (ref.region)"},
}

// RecogniseUnused says which of Unuseds a file is, if any.
func RecogniseUnused(s *sources.Sample) (Unused, bool) {
	for _, u := range Unuseds {
		if s.Ext() != u.Ext {
			continue
		}
		if u.Ext == ".csv" && u.matches(s.Header) || u.Ext != ".csv" && s.AnySheetRow(u.matches) {
			return u, true
		}
	}
	return Unused{}, false
}

// UnusedKind is the Unused of a source_kind.
func UnusedKind(kind string) (Unused, bool) {
	for _, u := range Unuseds {
		if u.Kind == kind {
			return u, true
		}
	}
	return Unused{}, false
}

// matches says whether a header has the columns (blank cells aside).
func (u Unused) matches(header []string) bool {
	have := map[string]bool{}
	for _, h := range header {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			have[h] = true
		}
	}
	for _, c := range u.Header {
		if !have[strings.ToLower(c)] {
			return false
		}
	}
	return !u.Exact || len(have) == len(u.Header)
}
