package ods

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	s, order, err := Sample(context.Background(), p, 2)
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

// TestHostile: files made to exhaust a reader, each small, each refused
// with a reason before it costs much, and repeats that are formatting,
// however large, still read. The deadline is only a safety net, so a
// regression fails rather than hangs.
func TestHostile(t *testing.T) {
	row := func(attrs, cells string) string {
		return `<table:table-row ` + attrs + `>` + cells + `</table:table-row>`
	}
	sheet := func(rows ...string) string {
		return `<table:table table:name="S">` + strings.Join(rows, "") + `</table:table>`
	}
	float := `<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>`
	const maxInt64 = "9223372036854775807"
	long := strings.Repeat("a", 32000)
	for _, tc := range []struct {
		name    string
		content string
		want    string // "" reads; else in the error
		rows    int    // rows with values read, when it reads
	}{
		{"rows repeated as many times as an int64 holds", sheet(row(`table:number-rows-repeated="`+maxInt64+`"`, cell("v"))), "beyond row 1048576", 0},
		{"rows repeated past an int64", sheet(row(`table:number-rows-repeated="99999999999999999999999999"`, cell("v"))), "beyond row 1048576", 0},
		{"a value below empty rows repeated past an int64", sheet(row(`table:number-rows-repeated="`+maxInt64+`"`, ""), row("", cell("v"))), "sheet \"S\" row 1048577: the sheet has values in rows beyond row 1048576", 0},
		{"empty rows repeated past an int64 are formatting", sheet(row("", cell("v")), row(`table:number-rows-repeated="`+maxInt64+`"`, `<table:table-cell table:number-columns-repeated="`+maxInt64+`"/>`)), "", 1},
		{"a value repeated across an int64 of columns", sheet(row("", `<table:table-cell table:number-columns-repeated="`+maxInt64+`" office:value-type="string"><text:p>v</text:p></table:table-cell>`)), "beyond column XFD", 0},
		{"a value after empty cells repeated past an int64", sheet(row("", `<table:table-cell table:number-columns-repeated="18446744073709551616"/>`+cell("v"))), "beyond column XFD", 0},
		{"a negative row repeat", sheet(row(`table:number-rows-repeated="-1"`, cell("v"))), "sheet \"S\" row 1: its table:number-rows-repeated is a 2-character value of digits and other characters, not a positive whole number", 0},
		{"a zero column repeat", sheet(row("", cell("v")+`<table:table-cell table:number-columns-repeated="0"/>`)), "sheet \"S\" row 1 column B: its table:number-columns-repeated is a 1-character value of digits", 0},
		{"a column repeat that is not a number", sheet(row("", `<table:table-cell table:number-columns-repeated="1e9"/>`)), "not a positive whole number", 0},
		{"1,000 values repeated a million rows", sheet(row(`table:number-rows-repeated="1000000"`, strings.Repeat(float, 1000))), "more than 20000000 cells with values", 0},
		{"spaces repeated to gigabytes", sheet(row("", `<table:table-cell office:value-type="string"><text:p>`+strings.Repeat(`<text:s text:c="1000"/>`, 5000)+`</text:p></table:table-cell>`)), "sheet \"S\" row 1 column A: a cell of more than 32767 characters", 0},
		{"spaces counted past an int64", sheet(row("", `<table:table-cell office:value-type="string"><text:p>a<text:s text:c="`+maxInt64+`0"/></text:p></table:table-cell>`)), "a cell of more than 32767 characters", 0},
		{"a negative count of spaces", sheet(row("", cell("a")+`<table:table-cell office:value-type="string"><text:p>a<text:s text:c="-5"/></text:p></table:table-cell>`)), "sheet \"S\" row 1 column B: a run of spaces (text:s) whose text:c is a 2-character value", 0},
		{"a cell's text too long", sheet(row("", cell(long+long))), "a cell of more than 32767 characters", 0},
		{"a typed value too long", sheet(row("", `<table:table-cell office:value-type="float" office:value="`+long+long+`"/>`)), "a cell of more than 32767 characters", 0},
		{"long text repeated across columns and rows", sheet(row(`table:number-rows-repeated="3"`, `<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>`+long+`</text:p></table:table-cell>`)), "more than 1024 MiB of text", 0},
		{"long text repeated within the limits", sheet(row(`table:number-rows-repeated="2"`, `<table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>`+long+`</text:p></table:table-cell>`)), "", 2},
		{"values repeated up to the edges", sheet(row(`table:number-rows-repeated="1048575"`, float), row("", `<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>v</text:p></table:table-cell>`)), "", 1048576},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeODS(t, tc.content)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			f, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows := 0
			err = f.Each(ctx, func(_ string, _ int, cells []string) error {
				rows++
				return nil
			})
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want == "" && rows != tc.rows:
				t.Errorf("%d rows, want %d", rows, tc.rows)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v\nwant %q", err, tc.want)
			case tc.want != "" && rows != 0:
				t.Errorf("%d rows passed on before the error", rows)
			}
			// recognition reads the same file and stops with the same error
			if _, _, err2 := Sample(ctx, p, 20); (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
				t.Errorf("Sample: %v, Each: %v", err2, err)
			}
		})
	}
	t.Run("spaces in empty cells count towards the text made", func(t *testing.T) {
		was := MaxText
		MaxText = 1 << 20
		defer func() { MaxText = was }()
		blank := `<table:table-cell><text:p><text:s text:c="32767"/></text:p></table:table-cell>`
		p := writeODS(t, sheet(row("", strings.Repeat(blank, 40))))
		if _, _, err := Sample(context.Background(), p, 20); err == nil || !strings.Contains(err.Error(), "more than 1 MiB of text") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("no error quotes the file's text", func(t *testing.T) {
		p := writeODS(t, sheet(row(`table:number-rows-repeated="SECRET"`, cell("v"))))
		_, _, err := Sample(context.Background(), p, 20)
		if err == nil || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("got %v", err)
		}
	})
}

// TestContext: a read stops when its context ends, also inside a row
// repeated a million times.
func TestContext(t *testing.T) {
	p := writeODS(t, `<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000">`+cell("v")+`</table:table-row></table:table>`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	err = f.Each(ctx, func(string, int, []string) error {
		if rows++; rows == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || rows > 2000 {
		t.Errorf("got %v after %d rows", err, rows)
	}
	cancel()
	if _, _, err := Sample(ctx, p, 20); !errors.Is(err, context.Canceled) {
		t.Errorf("Sample: %v", err)
	}
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		bad  bool
	}{
		{"", 1, false}, {"1", 1, false}, {" 7 ", 7, false}, {"+3", 3, false}, {"007", 7, false},
		{"100", 100, false}, {"101", 100, false}, {"9223372036854775807", 100, false},
		{"9223372036854775808", 100, false}, {"18446744073709551616", 100, false}, {"99999999999999999999999999999", 100, false},
		{"0", 0, true}, {"-1", 0, true}, {"-9223372036854775808", 0, true}, {"1.5", 0, true}, {"1e3", 0, true}, {"x", 0, true}, {"++1", 0, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			n, err := count(tc.in, 100)
			if (err != nil) != tc.bad || n != tc.want {
				t.Errorf("count(%q) = %d, %v", tc.in, n, err)
			}
		})
	}
}
