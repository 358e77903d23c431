package reference

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/transforms/postcode"
)

func TestPostcodes(t *testing.T) {
	tests := []struct {
		name, csv string
		// postcode -> its LA ("" not held) and, for pairs, the miles from M1 1AA
		la     map[string]string
		miles  map[string]float64
		issues []string // rules
		err    string
	}{
		{name: "ONSPD", csv: "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,oseast1m,osnrth1m,osgrdind\n" +
			"M1  1AA,M1   1AA,M1 1AA,198001,,E99999999,E99999999,E08000003,E05011000,384000,398000,1\n" +
			"M32 0TH,M32  0TH,M32 0TH,198001,,E99999999,E99999999,E08000009,E05000800,378000,396000,1\n" +
			"CA1 1AA,CA1  1AA,CA1 1AA,198001,,E10000006,E58000100,E07000028,E05000100,340000,556000,1\n" +
			"CF101AA,CF10 1AA,CF10 1AA,198001,,W99999999,W99999999,W06000015,W05000100,318000,176000,1\n" +
			"JE2 3AB,JE2  3AB,JE2 3AB,198001,,L99999999,L99999999,L99999999,L99999999,,,9\n" +
			"M99 9ZZ,M99  9ZZ,M99 9ZZ,198001,,E99999999,E99999999,E08000003,E05011000,,,9\n" +
			"XX1 1XX,XX1  1XX,XX1 1XX,198001,,,,,,,,9\n",
			la:     map[string]string{"M1 1AA": "E08000003", "CA1 1AA": "E10000006", "CF10 1AA": "WAL", "JE2 3AB": "", "M99 9ZZ": "E08000003"},
			miles:  map[string]float64{"M32 0TH": 3.9, "M99 9ZZ": -1},
			issues: []string{"no_la", "outside_uk"}},
		{name: "NSPL", csv: "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa11,cty,ced,laua\n" +
			"M1  1AA,M1   1AA,M1 1AA,198001,,0,384000,398000,1,E00000001,E99999999,E99999999,E08000003\n" +
			"S1  1AA,S1   1AA,S1 1AA,198001,,0,435000,387000,1,E00000002,E99999999,E99999999,E08000019\n",
			la: map[string]string{"S1 1AA": "E08000019"}, miles: map[string]float64{"S1 1AA": 32.4}}, // sqrt(51000² + 11000²) m
		{name: "2025 names", csv: "pcd7,pcd8,pcds,east1m,north1m,cty25cd,lad25cd\n" +
			"M1  1AA,M1   1AA,M1 1AA,384000,398000,E99999999,E08000003\n" +
			"CA1 1AA,CA1  1AA,CA1 1AA,340000,556000,E10000006,E07000028\n",
			la: map[string]string{"CA1 1AA": "E10000006"}},
		{name: "a reduced extract", csv: "postcode,laua,oseast1m,osnrth1m\nM1 1AA,E08000003,384000,398000\n",
			la: map[string]string{"m11aa": "E08000003"}},
		{name: "no postcode with an LA", csv: "pcd,oslaua,oseast1m,osnrth1m\nJE2 3AB,L99999999,,\n", err: "no postcode with an LA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pc.csv")
			if err := os.WriteFile(path, []byte(tt.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			header := strings.Split(strings.SplitN(tt.csv, "\n", 2)[0], ",")
			if !(Postcodes{}).Recognise(&sources.Sample{Path: path, Header: header}) {
				t.Fatal("not recognised")
			}
			issues := &sources.Issues{}
			d := postcode.NewDirectory()
			_, err := ReadPostcodes(context.Background(), path, "pc.csv", issues, d)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for pc, want := range tt.la {
				if got := d.LA(pc); got != want {
					t.Errorf("LA(%s) = %q, want %q", pc, got, want)
				}
			}
			for pc, want := range tt.miles {
				got, ok := d.Miles("M1 1AA", pc)
				if !ok {
					got = -1
				}
				if got != want {
					t.Errorf("Miles(M1 1AA, %s) = %v, want %v", pc, got, want)
				}
			}
			issues.Finish("pc.csv")
			var rules []string
			for _, is := range issues.List {
				rules = append(rules, is.Rule)
				if strings.Contains(is.Message, "JE2") || strings.Contains(is.Message, "XX1") {
					t.Errorf("an issue quotes a postcode: %s", is.Message)
				}
			}
			if strings.Join(rules, " ") != strings.Join(tt.issues, " ") {
				t.Errorf("issues %v, want %v", rules, tt.issues)
			}
		})
	}
	t.Run("not a directory", func(t *testing.T) {
		for _, h := range []string{"pcd,oslaua,oseast1m", "time_period,time_identifier,geographic_level,country_code", "postcode,la"} {
			if (Postcodes{}).Recognise(&sources.Sample{Path: "x.csv", Header: strings.Split(h, ",")}) {
				t.Errorf("%s recognised as a postcode directory", h)
			}
		}
	})
}
