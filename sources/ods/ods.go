// Package ods reads OpenDocument spreadsheets (.ods), as Ofsted publishes
// its statistics, streaming: the sheets are one XML part (content.xml) in
// a zip, read token by token, so a sheet's rows are never all in memory.
// There is no well-kept Go library for reading ODS (the ones that exist
// load the whole document), so this is a small reader of the parts of the
// format a published table uses: sheets, rows, cells, repeats, and the
// cell's value by its type.
package ods

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxContent caps content.xml's size unzipped: a published workbook is a
// few megabytes; gigabytes mean a damaged file or a zip bomb.
var MaxContent int64 = 1 << 30

// maxColumns and maxRows are the most a sheet may have (as in Excel and
// Calc): cells repeated beyond them are formatting, and a row with values
// repeated beyond them a damaged or hostile file.
const (
	maxColumns = 16384
	maxRows    = 1 << 20
)

const (
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

// File is an open ODS file.
type File struct {
	zr      *zip.ReadCloser
	content *zip.File
}

// Open opens an ODS file and finds its content part.
func Open(path string) (*File, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("not a readable OpenDocument spreadsheet (an .ods is a zip): %w", err)
	}
	f := &File{zr: zr}
	for _, zf := range zr.File {
		if zf.Name == "content.xml" {
			f.content = zf
		}
	}
	switch {
	case f.content == nil:
		zr.Close()
		return nil, errors.New("the file has no content.xml, so it is not an OpenDocument spreadsheet")
	case f.content.UncompressedSize64 > uint64(MaxContent):
		zr.Close()
		return nil, fmt.Errorf("its sheets would unzip to %d MiB, over the %d MiB limit: a damaged file or a zip bomb",
			f.content.UncompressedSize64>>20, MaxContent>>20)
	}
	return f, nil
}

// Close closes the file.
func (f *File) Close() error { return f.zr.Close() }

// Each calls fn with every row that has a value, sheet by sheet, in order:
// the sheet's name, the row's number as Calc shows it (1 = first) and its
// cells up to the last with a value (reused between calls). A cell's text
// is its value: a number as written in office:value, a date as yyyy-mm-dd
// (with the time when it has one), a boolean as true or false, text as its
// paragraphs joined by a line break. Returning a non-nil error from fn stops
// the read with that error.
func (f *File) Each(ctx context.Context, fn func(sheet string, row int, cells []string) error) error {
	rc, err := f.content.Open()
	if err != nil {
		return fmt.Errorf("content.xml cannot be unzipped: %w", err)
	}
	defer rc.Close()
	return read(ctx, io.LimitReader(rc, MaxContent+1), fn)
}

// Sample is the first maxRows rows with a value of each sheet, and the
// sheets in order.
func Sample(path string, maxRows int) (map[string][][]string, []string, error) {
	f, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	out := map[string][][]string{}
	var order []string
	err = f.Each(context.Background(), func(sheet string, _ int, cells []string) error {
		if _, ok := out[sheet]; !ok {
			order = append(order, sheet)
			out[sheet] = nil
		}
		if len(out[sheet]) < maxRows {
			out[sheet] = append(out[sheet], append([]string(nil), cells...))
		}
		return nil
	})
	return out, order, err
}

// reader is the state of one pass over content.xml.
type reader struct {
	sheet      string
	row        int      // rows passed in the sheet so far
	cells      []string // the row being read
	blanks     int      // empty cells not yet appended (kept back in case nothing follows)
	inCell     bool
	cellRepeat int
	value      string // the cell's typed value; "" for text
	text       strings.Builder
	paras      int
	rowRepeat  int
}

func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func repeat(se xml.StartElement, local string) int {
	n := 1
	if v := attr(se, nsTable, local); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil || n < 1 {
			n = 1
		}
	}
	return n
}

func read(ctx context.Context, r io.Reader, fn func(sheet string, row int, cells []string) error) error {
	dec := xml.NewDecoder(r)
	st := &reader{}
	tokens := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("content.xml is not well-formed XML: %w", err)
		}
		if tokens++; tokens%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == nsTable && t.Name.Local == "table":
				st.sheet, st.row = attr(t, nsTable, "name"), 0
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				st.cells, st.blanks, st.rowRepeat = st.cells[:0], 0, repeat(t, "number-rows-repeated")
			case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				st.inCell, st.cellRepeat, st.paras = true, repeat(t, "number-columns-repeated"), 0
				st.text.Reset()
				st.value = typedValue(t)
			case st.inCell && t.Name.Space == nsText && t.Name.Local == "p":
				if st.paras > 0 {
					st.text.WriteByte('\n')
				}
				st.paras++
			case st.inCell && t.Name.Space == nsText && t.Name.Local == "s":
				st.text.WriteString(strings.Repeat(" ", min(repeatText(t), 1000)))
			case st.inCell && t.Name.Space == nsText && t.Name.Local == "line-break":
				st.text.WriteByte('\n')
			case st.inCell && t.Name.Space == nsText && t.Name.Local == "tab":
				st.text.WriteByte('\t')
			}
		case xml.CharData:
			if st.inCell && st.paras > 0 {
				st.text.Write(t)
			}
		case xml.EndElement:
			switch {
			case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				st.endCell()
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				if len(st.cells) > 0 {
					if st.row+st.rowRepeat > maxRows {
						return fmt.Errorf("sheet %q has values in rows beyond row %d, the most a sheet can have: a damaged file", st.sheet, maxRows)
					}
					// a repeated row with values is the same row again
					for i := 0; i < st.rowRepeat; i++ {
						if err := fn(st.sheet, st.row+i+1, st.cells); err != nil {
							return err
						}
					}
				}
				st.row += st.rowRepeat
			}
		}
	}
}

func (st *reader) endCell() {
	st.inCell = false
	v := st.value
	if v == "" {
		v = st.text.String()
	}
	if strings.TrimSpace(v) == "" {
		st.blanks += st.cellRepeat
		return
	}
	// empty cells before a value are columns; after the last value they
	// are formatting and are never appended
	for ; st.blanks > 0 && len(st.cells) < maxColumns; st.blanks-- {
		st.cells = append(st.cells, "")
	}
	st.blanks = 0
	for i := 0; i < st.cellRepeat && len(st.cells) < maxColumns; i++ {
		st.cells = append(st.cells, v)
	}
}

func repeatText(se xml.StartElement) int {
	n := 1
	if v := attr(se, nsText, "c"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil || n < 1 {
			n = 1
		}
	}
	return n
}

// typedValue is a cell's value from its attributes, for the types that
// carry one; "" for text (read from its paragraphs).
func typedValue(se xml.StartElement) string {
	switch attr(se, nsOffice, "value-type") {
	case "float", "percentage", "currency":
		return attr(se, nsOffice, "value")
	case "date":
		return strings.TrimSuffix(attr(se, nsOffice, "date-value"), "T00:00:00")
	case "boolean":
		return attr(se, nsOffice, "boolean-value")
	case "time":
		return attr(se, nsOffice, "time-value")
	}
	return ""
}
