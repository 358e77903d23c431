package demo

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// Inspection is one synthetic ILACS inspection of an LA.
type Inspection struct {
	Date, Published time.Time
	Type            string
	Overall         string
	Sub             [4]string // leaders, help and protection, children in care, care leavers ("" before 2023)
}

var judgements = [...]string{"", "Outstanding", "Good", "Requires improvement to be good", "Inadequate"}

// inspections are an LA's ILACS inspections, oldest first: a standard
// inspection between 2018 and 2020, judged by its practice quality, and a
// second (short when the first was good or better) three to four years on,
// a grade better or worse, when it falls before the last year's 31 March.
func inspections(l la, o Options) []Inspection {
	r := rng(o.Seed, l.Code, -1) // a stream of its own: the other figures stay as they were
	grade := 1 + int(4*(1-l.qual))
	if grade > 4 {
		grade = 4
	}
	first := time.Date(2018+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	out := []Inspection{inspection(first, "ILACS Standard Inspection", grade, r.IntN(3)-1)}
	next := first.AddDate(3+r.IntN(2), r.IntN(6), 0)
	if next.Before(time.Date(o.LastYear, 3, 31, 0, 0, 0, 0, time.UTC)) {
		kind := "ILACS Standard Inspection"
		if grade <= 2 {
			kind = "ILACS Short Inspection"
		}
		grade = min(4, max(1, grade+r.IntN(3)-1))
		out = append(out, inspection(next, kind, grade, r.IntN(3)-1))
	}
	return out
}

func inspection(d time.Time, kind string, grade, shift int) Inspection {
	in := Inspection{Date: d, Published: d.AddDate(0, 0, 50), Type: kind, Overall: judgements[grade]}
	for i := range in.Sub {
		g := min(4, max(1, grade+shift*(i%2)))
		in.Sub[i] = judgements[g]
	}
	if d.Year() < 2023 { // care leavers were judged on their own from 2023
		in.Sub[3] = ""
	}
	return in
}

// LatestInspection is the LA's latest synthetic inspection, as the demo's
// ILACS file has it.
func LatestInspection(code string, o Options) (Inspection, bool) {
	for _, l := range liveLAs(o.Seed) {
		if l.Code == code {
			ins := inspections(l, o)
			return ins[len(ins)-1], true
		}
	}
	return Inspection{}, false
}

// writeILACS writes Ofsted's ILACS outcomes as Ofsted publishes them: an
// OpenDocument spreadsheet with title rows above the history table.
func writeILACS(path string, las []la, o Options) error {
	var rows strings.Builder
	row := func(cells ...string) {
		rows.WriteString("<table:table-row>")
		for _, c := range cells {
			if d, err := time.Parse("2006-01-02", c); err == nil {
				fmt.Fprintf(&rows, `<table:table-cell table:style-name="date" office:value-type="date" office:date-value="%s"><text:p>%s</text:p></table:table-cell>`,
					c, d.Format("02/01/2006"))
				continue
			}
			rows.WriteString(`<table:table-cell office:value-type="string"><text:p>`)
			xml.EscapeText(&rows, []byte(c))
			rows.WriteString("</text:p></table:table-cell>")
		}
		rows.WriteString("</table:table-row>")
	}
	row(fmt.Sprintf("ILACS inspection history from 2018-%d (synthetic)", o.LastYear))
	row("This worksheet contains one table. This table begins in cell A3.")
	row("Web link", "Local authority area code", "Local authority name", "Local authority status", "Ofsted region",
		"Inspection date", "Publication date", "Inspection type", "Overall effectiveness",
		"The impact of leaders on social work practice with children and families",
		"The experiences and progress of children who need help and protection",
		"The experiences and progress of children in care",
		"The experiences and progress of care leavers")
	for _, l := range las {
		for _, in := range inspections(l, o) {
			row("Ofsted Local Authority Webpage", l.CodeNew, l.Name, "Current", geography.RegionName(l.RegionCode),
				in.Date.Format("2006-01-02"), in.Published.Format("2006-01-02"), in.Type, in.Overall,
				in.Sub[0], in.Sub[1], in.Sub[2], in.Sub[3])
		}
	}
	const (
		office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
		table  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
		text   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	)
	// dates shown dd/mm/yyyy, as Ofsted's file shows them
	content := `<?xml version="1.0" encoding="UTF-8"?>` +
		`<office:document-content xmlns:office="` + office + `" xmlns:table="` + table + `" xmlns:text="` + text + `"` +
		` xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2">` +
		`<office:automatic-styles><number:date-style style:name="ddmmyyyy"><number:day number:style="long"/><number:text>/</number:text>` +
		`<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>` +
		`<style:style style:name="date" style:family="table-cell" style:data-style-name="ddmmyyyy"/></office:automatic-styles>` +
		`<office:body><office:spreadsheet><table:table table:name="ILACS_inspection_history">` + rows.String() +
		`</table:table></office:spreadsheet></office:body></office:document-content>`
	manifest := `<?xml version="1.0" encoding="UTF-8"?>` +
		`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
		`<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	// the mimetype comes first and uncompressed, so tools know the file by it
	parts := []struct {
		name, body string
		method     uint16
	}{
		{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", zip.Store},
		{"META-INF/manifest.xml", manifest, zip.Deflate},
		{"content.xml", content, zip.Deflate},
	}
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: p.method})
		if err == nil {
			_, err = w.Write([]byte(p.body))
		}
		if err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
