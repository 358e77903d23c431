package ofsted

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

const header = "URN,LAESTAB,School name,Ofsted phase,Local authority,Total number of pupils,Inspection start date,Publication date,Overall effectiveness"

func TestRead(t *testing.T) {
	body := header + "\n" +
		"111111,8054001,Alpha Primary,Primary,Hartlepool,200,01/05/2019,10/06/2019,1\n" +
		"111114,8054004,Delta New School,Primary,Hartlepool,100,,,Not judged\n" +
		"222221,,Epsilon Primary,Primary,Middlesbrough,NULL,2021-11-11,2022-01-05,Good\n" +
		"333334,3584004,Kappa Primary,Primary,Trafford,three hundred,03/03/2024,31/02/2024,5\n" +
		"444441,9994001,Nowhere School,Primary,Atlantis,10,03/03/2024,04/04/2024,2\n"
	p := filepath.Join(t.TempDir(), "Management_information_schools.csv")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if !(Source{}).Recognise(&sources.Sample{Path: p, Header: strings.Split(header, ",")}) {
		t.Fatal("the management information header is not recognised")
	}
	res := sourcetest.Run(t, Source{}, p, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	rows := res.Tables[Table]
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5 (none dropped)", len(rows))
	}
	tests := []struct {
		name string
		row  int
		col  string
		want string
	}{
		{"grade as a number", 0, "overall_effectiveness", "1"},
		{"LA from LAESTAB", 0, "la_code", "805"},
		{"pupils", 0, "pupils", "200"},
		{"dd/mm/yyyy date", 0, "publication_date", "2019-06-10"},
		{"not judged is ungraded", 1, "overall_effectiveness", ""},
		{"kept as published", 1, "judgement", "Not judged"},
		{"grade as a word", 2, "overall_effectiveness", "2"},
		{"LA from its name without LAESTAB", 2, "la_code", "806"},
		{"NULL pupils", 2, "pupils", ""},
		{"ISO date", 2, "inspection_start_date", "2021-11-11"},
		{"grade 5 is not counted", 3, "overall_effectiveness", ""},
		{"bad count is NULL", 3, "pupils", ""},
		{"bad date is NULL", 3, "publication_date", ""},
		{"unknown LA kept without a code", 4, "la_code", ""},
		{"row as the editor shows it", 4, "source_row", "6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rows[tt.row][tt.col]; got != tt.want {
				t.Errorf("row %d %s = %q, want %q", tt.row, tt.col, got, tt.want)
			}
		})
	}
	var got []string
	for _, i := range res.Issues {
		got = append(got, i.Rule+"@"+i.Column+":"+strconv.Itoa(i.Row))
	}
	want := "not_a_count@Total number of pupils:5 unknown_grade@Overall effectiveness:5 bad_date@Publication date:5 unknown_la@LAESTAB:6"
	if strings.Join(got, " ") != want {
		t.Errorf("issues %v\nwant %s", got, want)
	}
}

// TestReadWorkbook: the xlsx download, with dates as Excel serials and the
// header below a title.
func TestReadWorkbook(t *testing.T) {
	f := excelize.NewFile()
	var head []any
	for _, h := range strings.Split(header, ",") {
		head = append(head, h)
	}
	rows := [][]any{
		{"Management information: state-funded schools"},
		head,
		{"111113", "8054003", "Gamma Secondary", "Secondary", "Hartlepool", 1000, 45810, 45853, 2},
	}
	for r, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("Sheet1", "G3", "H3", style)
	p := filepath.Join(t.TempDir(), "mi.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	res := sourcetest.Run(t, Source{}, p, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	r := res.Tables[Table][0]
	for col, want := range map[string]string{"source_sheet": "Sheet1", "source_row": "3", "urn": "111113", "la_code": "805",
		"inspection_start_date": "2025-06-02", "publication_date": "2025-07-15", "overall_effectiveness": "2"} {
		if r[col] != want {
			t.Errorf("%s = %q, want %q", col, r[col], want)
		}
	}
}
