package reference

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/sourcetest"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
)

// writeWorkbook writes sheets (name, then rows) to an xlsx file; a cell
// "date:yyyy-mm-dd" is written as an Excel date.
func writeWorkbook(t *testing.T, path string, sheets ...[][]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sheets {
		name := s[0][0]
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s[1:] {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if d, ok := strings.CutPrefix(v, "date:"); ok {
					tm, err := time.Parse("2006-01-02", d)
					if err != nil {
						t.Fatal(err)
					}
					f.SetCellValue(name, cell, tm)
					f.SetCellStyle(name, cell, cell, style)
					continue
				}
				f.SetCellValue(name, cell, v)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestProviders(t *testing.T) {
	combined := [][]string{{"Providers"},
		{"URN", "Provider type", "Local authority", "Placement code", "Placement provider code", "Deregistration date", "Setting address postcode"},
		{"SC123456", "Children's Home", "Trafford", "K2", "PR4/PR5", "", "M32 0TH"},
		{"1234567", "Independent Fostering Agency", "Manchester", "U4, U5 ,U6", "PR4", "date:2024-09-30", "m1 1aa"},
		{" sc654321 ", "Children's Home", "Nowhere Borough", "K2;R3", "PR0,PR9", "", ""},
		{"ABC", "Children's Home", "Trafford", "K2", "PR4", "", "M1 1AA"},
	}
	supported := [][]string{{"Supported accommodation"},
		{"URN", "Provider local authority", "Placement provider code", "Closed date", "Setting address postcode"},
		{"2000001", "Trafford", "PR4", "", "M33 7AA"},
		{"2000001", "Manchester", "PR4", "", "M1 2AB"},
	}
	tests := []struct {
		name   string
		file   string
		sheets [][][]string
		csv    string
		rows   []string // urn|place|provider|reg_end|la_code
		pcs    map[string][]string
		issues []string // rules
		err    string
	}{
		{name: "the combined list, with its supported accommodation sheet", file: "SCPCH list.xlsx", sheets: [][][]string{combined, supported},
			rows: []string{"SC123456|K2|PR4,PR5||358", "1234567|U4,U5,U6|PR4|2024-09-30|352", "SC654321|K2,R3|PR0||",
				"2000001|H5,K3|PR4||358", "2000001|H5,K3|PR4||352"},
			pcs:    map[string][]string{"SC123456": {"M320TH"}, "1234567": {"M11AA"}, "2000001": {"M337AA", "M12AB"}},
			issues: []string{"invalid_code", "invalid_urn", "unknown_la"}},
		{name: "the children's homes list's names", file: "ch.csv",
			csv:  "URN,Local Authority,Provider Code,Provider Placement Code,Closed Date,Setting Postcode\nSC111111,Trafford,K2,PR1,31/03/2025,M32 0TH\n",
			rows: []string{"SC111111|K2|PR1|2025-03-31|358"}, pcs: map[string][]string{"SC111111": {"M320TH"}}},
		{name: "no placement types", file: "scp.csv",
			csv:  "URN,Local authority,Placement provider code,Setting postcode\n1111111,Trafford,PR4,M32 0TH\n",
			rows: []string{"1111111||PR4||358"}, pcs: map[string][]string{"1111111": {"M320TH"}}, issues: []string{"no_place_codes"}},
		{name: "no URN of a URN's shape", file: "bad.csv", csv: "URN,Placement code\nABC,K2\n", err: "no provider with a URN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			s := &sources.Sample{Path: path}
			if tt.sheets != nil {
				writeWorkbook(t, path, tt.sheets...)
				sheets, err := xlsx.Sample(path, 20)
				if err != nil {
					t.Fatal(err)
				}
				s.Sheets = sheets
			} else {
				if err := os.WriteFile(path, []byte(tt.csv), 0o644); err != nil {
					t.Fatal(err)
				}
				s.Header = strings.Split(strings.SplitN(tt.csv, "\n", 2)[0], ",")
			}
			if !(Providers{}).Recognise(s) {
				t.Fatal("not recognised")
			}
			res := sourcetest.Run(t, Providers{}, path, nil)
			if tt.err != "" {
				if res.Err == nil || !strings.Contains(res.Err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", res.Err, tt.err)
				}
				return
			}
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			var got []string
			for _, r := range res.Tables[ProviderTable] {
				got = append(got, strings.Join([]string{r["urn"], r["place_codes"], r["provider_codes"], r["reg_end"], r["la_code"]}, "|"))
			}
			if !reflect.DeepEqual(got, tt.rows) {
				t.Errorf("rows\n got %q\nwant %q", got, tt.rows)
			}
			var rules []string
			for _, is := range res.Issues {
				rules = append(rules, is.Rule)
				if strings.Contains(is.Message, "M32") || strings.Contains(is.Message, "M1 1AA") || strings.Contains(is.Message, "Nowhere") {
					t.Errorf("an issue quotes a cell: %s", is.Message)
				}
			}
			sort.Strings(rules)
			if !reflect.DeepEqual(rules, tt.issues) {
				t.Errorf("issues %q, want %q (%v)", rules, tt.issues, res.Issues)
			}
			pcs, err := ProviderPostcodes(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(pcs, tt.pcs) {
				t.Errorf("postcodes %v, want %v", pcs, tt.pcs)
			}
		})
	}
}

// Ofsted's schools list has URNs and a local authority but no placement
// codes: it is not a provider list.
func TestProvidersNotSchools(t *testing.T) {
	h := strings.Split("URN,LAESTAB,School name,Local authority,Overall effectiveness,Postcode", ",")
	if (Providers{}).Recognise(&sources.Sample{Path: "mi.csv", Header: h}) {
		t.Error("the schools list is taken for a provider list")
	}
}
