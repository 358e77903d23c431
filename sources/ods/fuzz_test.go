package ods

import (
	"context"
	"strings"
	"testing"
)

// FuzzRead feeds content.xml bodies to the reader: it may fail, never panic.
func FuzzRead(f *testing.F) {
	f.Add(`<table:table table:name="S"><table:table-row>` + cell("a") + `</table:table-row></table:table>`)
	f.Add(`<table:table table:name="S"><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="99999"/>` + cell("a") + `</table:table-row></table:table>`)
	f.Fuzz(func(t *testing.T, body string) {
		doc := `<office:document-content xmlns:office="` + nsOffice + `" xmlns:table="` + nsTable + `" xmlns:text="` + nsText + `">` + body + `</office:document-content>`
		rows := 0
		_ = read(context.Background(), strings.NewReader(doc), func(_ string, _ int, cells []string) error {
			if len(cells) > maxColumns {
				t.Fatalf("a row of %d cells", len(cells))
			}
			if rows++; rows > 10000 {
				return context.Canceled // enough: repeats are bounded by maxRows, not by the fuzzer's patience
			}
			return nil
		})
	})
}
