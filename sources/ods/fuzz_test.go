package ods

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileCounts are repeat and space counts a file may hold: huge,
// negative, past an int64, not numbers.
var hostileCounts = []string{"9223372036854775807", "9223372036854775808", "18446744073709551616", "-1", "0", "1048577", "16385", "32768", "1e9", ""}

// FuzzRead feeds content.xml bodies to the reader: it may fail, never panic,
// and never passes on a row wider than a sheet or a cell longer than one holds.
func FuzzRead(f *testing.F) {
	f.Add(`<table:table table:name="S"><table:table-row>` + cell("a") + `</table:table-row></table:table>`)
	f.Add(`<table:table table:name="S"><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="99999"/>` + cell("a") + `</table:table-row></table:table>`)
	for _, n := range hostileCounts {
		f.Add(`<table:table table:name="S"><table:table-row table:number-rows-repeated="` + n + `">` + cell("a") + `</table:table-row></table:table>`)
		f.Add(`<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-repeated="` + n + `" office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row></table:table>`)
		f.Add(`<table:table table:name="S"><table:table-row>` + cell(`a<text:s text:c="`+n+`"/>b`) + `</table:table-row></table:table>`)
	}
	f.Fuzz(func(t *testing.T, body string) {
		doc := `<office:document-content xmlns:office="` + nsOffice + `" xmlns:table="` + nsTable + `" xmlns:text="` + nsText + `">` + body + `</office:document-content>`
		readChecked(t, doc)
	})
}

// FuzzRepeats builds sheets from fuzzed counts (rows and columns repeated,
// spaces) around a value: whatever the counts, the read ends, within the
// limits.
func FuzzRepeats(f *testing.F) {
	for i, n := range hostileCounts {
		m := hostileCounts[(i+3)%len(hostileCounts)]
		f.Add(n, m, "1", "v", uint16(1))
		f.Add("1", n, m, "v", uint16(1000))
		f.Add(m, "1", n, "", uint16(3))
	}
	f.Add("1000000", "1", "1", "1", uint16(1000))
	f.Add("3", "16384", "32767", "a", uint16(1))
	// Caps small enough that every input ends in milliseconds: at the
	// real ones (20 million cells, 1 GiB of text) an input the fuzzer makes
	// can take seconds to reach them, and the fuzzer takes a worker that
	// slow for a hung one. The limits' arithmetic is the same at any size.
	cells, text := MaxCells, MaxText
	MaxCells, MaxText = 1<<18, 1<<22
	f.Cleanup(func() { MaxCells, MaxText = cells, text })
	f.Fuzz(func(t *testing.T, rows, cols, spaces, text string, cells uint16) {
		esc := func(s string) string {
			var b strings.Builder
			xml.EscapeText(&b, []byte(s))
			return strings.ReplaceAll(b.String(), `"`, "&#34;")
		}
		c := `<table:table-cell table:number-columns-repeated="` + esc(cols) + `" office:value-type="string"><text:p>` + esc(text) + `<text:s text:c="` + esc(spaces) + `"/></text:p></table:table-cell>`
		n := min(int(cells%2000), 4<<20/len(c)) // a document of a few MB at most: the repeats make it large
		doc := `<office:document-content xmlns:office="` + nsOffice + `" xmlns:table="` + nsTable + `" xmlns:text="` + nsText + `"><office:body><office:spreadsheet>` +
			`<table:table table:name="S"><table:table-row table:number-rows-repeated="` + esc(rows) + `">` + strings.Repeat(c, n) + `</table:table-row>` +
			`<table:table-row table:number-rows-repeated="` + esc(spaces) + `"><table:table-cell table:number-columns-repeated="` + esc(rows) + `"/>` + cell("after") + `</table:table-row>` +
			`</table:table></office:spreadsheet></office:body></office:document-content>`
		readChecked(t, doc)
	})
}

// readChecked reads a content.xml, checking what is passed on; it stops
// after enough rows, as repeats are bounded by maxRows and MaxCells, not by
// the fuzzer's patience.
func readChecked(t *testing.T, doc string) {
	rows, cellCount := 0, int64(0)
	_ = read(context.Background(), strings.NewReader(doc), func(_ string, row int, cells []string) error {
		if len(cells) > maxColumns || row < 1 || row > maxRows {
			t.Fatalf("row %d of %d cells", row, len(cells))
		}
		for _, c := range cells[:min(len(cells), 100)] { // the check's own cost bounded
			if len(c) > maxCellChars && utf8.RuneCountInString(c) > maxCellChars {
				t.Fatalf("a cell of %d characters", utf8.RuneCountInString(c))
			}
		}
		if cellCount += int64(len(cells)); cellCount > MaxCells {
			t.Fatalf("more than %d cells", MaxCells)
		}
		if rows++; rows > 10000 {
			return context.Canceled
		}
		return nil
	})
}
