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
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/transforms/shape"
)

// MaxContent caps content.xml's size unzipped: a published workbook is a
// few megabytes; gigabytes mean a damaged file or a zip bomb.
var MaxContent int64 = 1 << 30

// MaxCells caps the cells with values a file's sheets may have once their
// repeats are expanded (a row of 1,000 values repeated a million times is a
// 4 KB file and a billion cells), as xlsx.MaxCells caps a workbook's: 20
// million is 20 times the largest published table seen.
var MaxCells int64 = 20_000_000

// MaxText caps, in bytes, the text a file's cells make: the text read (a
// run of spaces counted as long as it says it is) and the text passed on,
// each repeat of a cell or row counted. It is what content.xml itself may
// hold unzipped, so kilobytes of repeats cannot make gigabytes of text.
var MaxText int64 = 1 << 30

// maxColumns and maxRows are the most a sheet may have (as in Excel and
// Calc): cells repeated beyond them are formatting, and a row with values
// repeated beyond them a damaged or hostile file. maxCellChars is the most
// characters a cell holds (Excel's limit; Calc's is larger, but no
// published table comes near it).
const (
	maxColumns   = 16384
	maxRows      = 1 << 20
	maxCellChars = 32767
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
// sheets in order. It reads the whole file (the sheets' order needs every
// sheet), so a file over a limit is refused here, when it is recognised.
func Sample(ctx context.Context, path string, maxRows int) (map[string][][]string, []string, error) {
	f, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	out := map[string][][]string{}
	var order []string
	err = f.Each(ctx, func(sheet string, _ int, cells []string) error {
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

// reader is the state of one pass over content.xml. Every count in it is
// bounded: a repeat is read capped just past the sheet's edge, so sums of
// repeats cannot overflow, however large the file says they are.
type reader struct {
	sheet      string
	row        int      // rows passed in the sheet so far, at most maxRows+1
	cells      []string // the row being read
	blanks     int      // empty cells not yet appended (kept back in case nothing follows), at most maxColumns+1
	inCell     bool
	cellRepeat int
	value      string // the cell's typed value; "" for text
	text       []byte // the cell's text, the buffer kept from cell to cell
	chars      int    // characters in text
	paras      int
	rowRepeat  int
	rowText    int64 // bytes of text in cells, repeats counted

	totalCells int64 // cells with values passed to fn, repeats counted
	totalText  int64 // bytes of text read, and passed on with repeats counted
}

func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// errCount is a repeat count that is not a positive whole number.
var errCount = errors.New("not a positive whole number")

// count reads a repeat count (1 when absent), capped at limit: a count
// beyond it means the same as limit to the reader (past the sheet's edge,
// or past a cell's most characters), so a huge one, even one that
// overflows an int64, is read as limit rather than wrapped round.
func count(v string, limit int) (int, error) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "+") // xsd:positiveInteger allows both
	if v == "" {
		return 1, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	var ne *strconv.NumError
	switch {
	case errors.As(err, &ne) && ne.Err == strconv.ErrRange:
		return limit, nil
	case err != nil, n == 0:
		return 0, errCount
	case n > uint64(limit):
		return limit, nil
	}
	return int(n), nil
}

// where names the row being read, and the column when col >= 0 (0-based),
// for messages: the sheet by its name, unless the name is so long or odd
// that only its shape should be told.
func (st *reader) where(col int) string {
	sheet := fmt.Sprintf("sheet %q", st.sheet)
	if len(st.sheet) > 100 || !utf8.ValidString(st.sheet) {
		sheet = "the sheet named by " + shape.Describe(st.sheet)
	}
	w := fmt.Sprintf("%s row %d", sheet, min(st.row, maxRows)+1)
	if col >= 0 {
		w += " column " + sources.ColumnLetter(min(col, maxColumns))
	}
	return w
}

func (st *reader) repeat(se xml.StartElement, local string, limit int) (int, error) {
	v := attr(se, nsTable, local)
	n, err := count(v, limit)
	if err != nil {
		col := -1
		if local == "number-columns-repeated" {
			col = len(st.cells) + st.blanks
		}
		return 0, fmt.Errorf("%s: its table:%s is %s, not a positive whole number: a damaged file; open and re-save it in LibreOffice Calc",
			st.where(col), local, shape.Describe(v))
	}
	return n, nil
}

// addText counts n characters of size bytes about to be added to the cell
// being read, refusing a cell longer than a spreadsheet's cell can be, or
// text past MaxText (spaces in empty cells are work too).
func (st *reader) addText(n, size int) error {
	if st.chars+n > maxCellChars {
		return st.tooLong()
	}
	st.chars += n
	return st.charge(int64(size))
}

// charge counts size bytes of text made, against MaxText.
func (st *reader) charge(size int64) error {
	if st.totalText += size; st.totalText > MaxText {
		return fmt.Errorf("%s: the sheets make more than %d MiB of text once repeated cells and rows are counted, more than any table yardstick reads: "+
			"a damaged file, or one made to exhaust the reader; open it in LibreOffice Calc, delete the rows and columns beyond the table and save it again",
			st.where(-1), MaxText>>20)
	}
	return nil
}

func (st *reader) tooLong() error {
	return fmt.Errorf("%s: a cell of more than %d characters, more than a spreadsheet's cell holds: a damaged file, or one made to exhaust the reader",
		st.where(len(st.cells)+st.blanks), maxCellChars)
}

// spaces is the longest run of spaces a cell can hold.
var spaces = strings.Repeat(" ", maxCellChars)

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
				st.cells, st.blanks, st.rowText = st.cells[:0], 0, 0
				// past the last row means the same however far past it
				if st.rowRepeat, err = st.repeat(t, "number-rows-repeated", maxRows+1); err != nil {
					return err
				}
			case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				if st.cellRepeat, err = st.repeat(t, "number-columns-repeated", maxColumns+1); err != nil {
					return err
				}
				st.inCell, st.paras, st.chars, st.text = true, 0, 0, st.text[:0]
				st.value = typedValue(t)
			case st.inCell && t.Name.Space == nsText && t.Name.Local == "p":
				if st.paras > 0 {
					if err := st.addText(1, 1); err != nil {
						return err
					}
					st.text = append(st.text, '\n')
				}
				st.paras++
			case st.inCell && t.Name.Space == nsText && t.Name.Local == "s":
				v := attr(t, nsText, "c")
				n, err := count(v, maxCellChars+1)
				if err != nil {
					return fmt.Errorf("%s: a run of spaces (text:s) whose text:c is %s, not a positive whole number: a damaged file; open and re-save it in LibreOffice Calc",
						st.where(len(st.cells)+st.blanks), shape.Describe(v))
				}
				if err := st.addText(n, n); err != nil {
					return err
				}
				st.text = append(st.text, spaces[:n]...)
			case st.inCell && t.Name.Space == nsText && t.Name.Local == "line-break":
				if err := st.addText(1, 1); err != nil {
					return err
				}
				st.text = append(st.text, '\n')
			case st.inCell && t.Name.Space == nsText && t.Name.Local == "tab":
				if err := st.addText(1, 1); err != nil {
					return err
				}
				st.text = append(st.text, '\t')
			}
		case xml.CharData:
			if st.inCell && st.paras > 0 {
				if err := st.addText(utf8.RuneCount(t), len(t)); err != nil {
					return err
				}
				st.text = append(st.text, t...)
			}
		case xml.EndElement:
			switch {
			case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				if err := st.endCell(); err != nil {
					return err
				}
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				if err := st.endRow(ctx, fn); err != nil {
					return err
				}
			}
		}
	}
}

// endRow passes a row with values to fn, once for each time it repeats,
// after checking the file's totals: the repeats are counted before any is
// passed on, so a row repeated past a limit costs nothing.
func (st *reader) endRow(ctx context.Context, fn func(sheet string, row int, cells []string) error) error {
	defer func() { st.row = min(st.row+st.rowRepeat, maxRows+1) }()
	if len(st.cells) == 0 {
		return nil
	}
	if st.row+st.rowRepeat > maxRows {
		return fmt.Errorf("%s: the sheet has values in rows beyond row %d, the most a sheet can have: a damaged file", st.where(-1), maxRows)
	}
	// at most 16,384 cells of 32,767 characters, a million times: no
	// product here comes near overflowing an int64
	cells := int64(len(st.cells)) * int64(st.rowRepeat)
	if st.totalCells += cells; st.totalCells > MaxCells {
		return fmt.Errorf("%s: the sheets have more than %d cells with values once repeated rows and columns are counted, more than any table yardstick reads: "+
			"a damaged file, or one made to exhaust the reader; open it in LibreOffice Calc, delete the rows and columns beyond the table and save it again",
			st.where(-1), MaxCells)
	}
	if err := st.charge(st.rowText * int64(st.rowRepeat)); err != nil {
		return err
	}
	// a repeated row with values is the same row again
	for i := 0; i < st.rowRepeat; i++ {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(st.sheet, st.row+i+1, st.cells); err != nil {
			return err
		}
	}
	return nil
}

func (st *reader) endCell() error {
	st.inCell = false
	v := st.value
	switch {
	case v == "" && len(bytes.TrimSpace(st.text)) == 0, v != "" && strings.TrimSpace(v) == "":
		st.blanks = min(st.blanks+st.cellRepeat, maxColumns+1)
		return nil
	case v == "":
		v = string(st.text)
	case utf8.RuneCountInString(v) > maxCellChars:
		return st.tooLong()
	}
	// empty cells before a value are columns; after the last value they
	// are formatting and are never appended
	col := len(st.cells) + st.blanks
	if col+st.cellRepeat > maxColumns {
		return fmt.Errorf("%s: the row has values in columns beyond column %s, the most a sheet can have: a damaged file",
			st.where(-1), sources.ColumnLetter(maxColumns-1))
	}
	for ; st.blanks > 0; st.blanks-- {
		st.cells = append(st.cells, "")
	}
	for range st.cellRepeat {
		st.cells = append(st.cells, v)
	}
	st.rowText += int64(len(v)) * int64(st.cellRepeat)
	return nil
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
