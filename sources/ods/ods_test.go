package ods

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeODS writes an .ods whose content.xml body (inside office:spreadsheet)
// is sheets.
func writeODS(t *testing.T, sheets string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("mimetype")
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="%s" xmlns:table="%s" xmlns:text="%s"><office:body><office:spreadsheet>%s</office:spreadsheet></office:body></office:document-content>`,
		nsOffice, nsTable, nsText, sheets)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "f.ods")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func cell(v string) string {
	return `<table:table-cell office:value-type="string"><text:p>` + v + `</text:p></table:table-cell>`
}

func TestEach(t *testing.T) {
	p := writeODS(t, `<table:table table:name="Cover">`+
		`<table:table-row>`+cell("Title")+`<table:table-cell table:number-columns-repeated="16383"/></table:table-row>`+
		`</table:table>`+
		`<table:table table:name="Data">`+
		`<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>`+
		`<table:table-row>`+cell("Code")+cell("Date")+cell("Value")+cell("Note")+`</table:table-row>`+
		`<table:table-row>`+cell("E08000009")+
		`<table:table-cell office:value-type="date" office:date-value="2022-11-21T00:00:00"><text:p>21/11/2022</text:p></table:table-cell>`+
		`<table:table-cell office:value-type="float" office:value="85.7"><text:p>85.70</text:p></table:table-cell>`+
		`<table:table-cell office:value-type="string"><text:p>two<text:s text:c="2"/>spaces</text:p><text:p>second line</text:p></table:table-cell>`+
		`<table:table-cell table:number-columns-repeated="16380"/></table:table-row>`+
		`<table:table-row>`+cell("E08000001")+`<table:table-cell table:number-columns-repeated="2"/>`+cell("gap")+`</table:table-row>`+
		`<table:table-row table:number-rows-repeated="2">`+cell("same")+`<table:covered-table-cell/>`+cell("x")+`</table:table-row>`+
		`<table:table-row table:number-rows-repeated="1048565"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>`+
		`</table:table>`)
	f, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	err = f.Each(context.Background(), func(sheet string, row int, cells []string) error {
		got = append(got, fmt.Sprintf("%s %d %q", sheet, row, cells))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`Cover 1 ["Title"]`,
		`Data 3 ["Code" "Date" "Value" "Note"]`,
		`Data 4 ["E08000009" "2022-11-21" "85.7" "two  spaces\nsecond line"]`,
		`Data 5 ["E08000001" "" "" "gap"]`,
		`Data 6 ["same" "" "x"]`,
		`Data 7 ["same" "" "x"]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	s, order, err := Sample(p, 2)
	if err != nil || strings.Join(order, " ") != "Cover Data" || len(s["Data"]) != 2 || s["Data"][1][2] != "85.7" {
		t.Errorf("Sample: %v %v %v", s, order, err)
	}
}

func TestRefuses(t *testing.T) {
	t.Run("rows with values beyond the last row", func(t *testing.T) {
		p := writeODS(t, `<table:table table:name="S"><table:table-row table:number-rows-repeated="2000000">`+cell("v")+`</table:table-row></table:table>`)
		f, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		n := 0
		err = f.Each(context.Background(), func(string, int, []string) error { n++; return nil })
		if err == nil || !strings.Contains(err.Error(), "beyond row 1048576") || n != 0 {
			t.Errorf("got %v after %d rows", err, n)
		}
	})
	t.Run("not well-formed", func(t *testing.T) {
		p := writeODS(t, `<table:table table:name="S"><table:table-row>`)
		f, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Each(context.Background(), func(string, int, []string) error { return nil }); err == nil || !strings.Contains(err.Error(), "not well-formed") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("no content", func(t *testing.T) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		zw.Create("mimetype")
		zw.Close()
		p := filepath.Join(t.TempDir(), "x.ods")
		os.WriteFile(p, buf.Bytes(), 0o644)
		if _, err := Open(p); err == nil || !strings.Contains(err.Error(), "no content.xml") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("over the limit", func(t *testing.T) {
		was := MaxContent
		MaxContent = 10
		defer func() { MaxContent = was }()
		if _, err := Open(writeODS(t, "")); err == nil || !strings.Contains(err.Error(), "zip bomb") {
			t.Errorf("got %v", err)
		}
	})
}
