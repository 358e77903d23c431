// Package xlsx is yardstick's spreadsheet reader. It streams worksheet rows
// with excelize's row iterator and raw cell values, as DESIGN.md fixes (never
// GetRows on a big sheet), and finds a table's header below title rows,
// including headers merged across columns or spread over two rows. Rows and
// columns are numbered as Excel shows them.
package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/transforms/dates"
)

// MaxUnzipped caps the uncompressed size of a workbook. A real return of a
// few hundred thousand rows is tens of megabytes; gigabytes mean a damaged
// file or a zip bomb.
var MaxUnzipped int64 = 1 << 30

// MaxCells caps the cells of a workbook's sheets, counted while its parts
// are checked and before excelize reads them: bytes alone do not bound the
// work, as a 3 MB file of empty cells can unzip to just under MaxUnzipped.
// 20 million is 20 times the largest published table seen.
var MaxCells int64 = 20_000_000

// TmpDir is where excelize puts the temporary files of large sheets ("" for
// the system's); the pipeline sets it under the lake, and empties it at
// the start of each run, so a killed run's files do not pile up.
var TmpDir string

// maxHeaderRows is how far down a sheet the header is looked for.
const maxHeaderRows = 30

// Workbook is an open xlsx file.
type Workbook struct {
	f        *excelize.File
	Date1904 bool // serials count from 1904-01-01 (old Mac workbooks)
}

// Open opens a workbook, refusing files that are not xlsx, are encrypted, or
// would unzip to more than MaxUnzipped bytes, with a reason a user can act on.
//
// Open also reads every part of the zip to its end once, before excelize
// does: excelize's row iterator takes a read error for the end of the
// sheet, so a sheet cut short, a part failing its checksum or a part
// longer than its declared size would load some rows and pass for whole.
func Open(path string) (*Workbook, error) {
	return open(path, true)
}

func open(path string, verifyParts bool) (*Workbook, error) {
	if err := precheck(path, verifyParts); err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: 16 << 20, TmpDir: TmpDir})
	if err != nil {
		return nil, fmt.Errorf("not a readable xlsx workbook: %w", err)
	}
	wb := &Workbook{f: f}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		wb.Date1904 = *p.Date1904
	}
	return wb, nil
}

// precheck looks at the file's first bytes and its zip directory before
// excelize reads anything, and with verifyParts every part's content.
func precheck(path string, verifyParts bool) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(fh, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return errors.New("the workbook is password-protected (encrypted) or an old .xls file: save it in Excel as .xlsx without a password")
	case !bytes.HasPrefix(head, []byte("PK")):
		return errors.New("not an xlsx workbook (an xlsx file is a zip archive; this one is not): save it in Excel as .xlsx")
	}
	info, err := fh.Stat()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(fh, info.Size())
	if err != nil {
		return fmt.Errorf("the workbook is damaged (its zip structure cannot be read: %v): open and re-save it in Excel", err)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
	}
	if total > uint64(MaxUnzipped) {
		return fmt.Errorf("the workbook would unzip to %d MiB, over the %d MiB limit: a damaged file or a zip bomb", total>>20, MaxUnzipped>>20)
	}
	if !verifyParts {
		return nil
	}
	var cells int64
	for _, zf := range zr.File {
		if err := verifyPart(zf, &cells); err != nil {
			if errors.Is(err, errTooManyCells) {
				return fmt.Errorf("the workbook has more than %d cells, more than any table yardstick reads: a damaged file or a zip bomb", MaxCells)
			}
			return fmt.Errorf("the workbook is damaged: part %s %v; open and re-save it in Excel, or ask for it again", zf.Name, err)
		}
	}
	return nil
}

var errTooManyCells = errors.New("too many cells")

// verifyPart reads one part of the zip to its end, which makes archive/zip
// check its CRC-32 and its declared size, and walks an XML part's elements
// to the end, so a part cut short or not well-formed is found. The error
// says what is wrong and where, never the text there (a workbook may be a
// child-level return).
func verifyPart(zf *zip.File, cells *int64) error {
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("cannot be opened (%v)", err)
	}
	defer rc.Close()
	if !strings.HasSuffix(zf.Name, ".xml") && !strings.HasSuffix(zf.Name, ".rels") {
		if _, err := io.Copy(io.Discard, io.LimitReader(rc, MaxUnzipped+1)); err != nil {
			return zipError(err)
		}
		return nil
	}
	dec := xml.NewDecoder(io.LimitReader(rc, MaxUnzipped+1))
	depth := 0
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			if depth != 0 {
				line, _ := dec.InputPos()
				return fmt.Errorf("ends at line %d inside an element: it is cut short", line)
			}
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("is not well-formed XML at line %d", se.Line)
			}
			return zipError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "c" || t.Name.Local == "si" { // cells, and the shared strings they may point to
				if *cells++; *cells > MaxCells {
					return errTooManyCells
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

// zipError says what a read error of a zip part means.
func zipError(err error) error {
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return errors.New("fails its checksum (its bytes are not the ones written)")
	case errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("is not the size its zip entry declares, or is cut short")
	default:
		return fmt.Errorf("cannot be read (%v)", err)
	}
}

// Close releases the workbook and its temporary files.
func (w *Workbook) Close() error { return w.f.Close() }

// Sheets lists the sheet names in workbook order.
func (w *Workbook) Sheets() []string { return w.f.GetSheetList() }

// SheetError is a sheet that could not be read, at a row (0 when it could
// not be opened). A reader of children's returns names the sheet its own
// way (see childlevel.SheetLabel): a sheet's name is the council's text.
type SheetError struct {
	Sheet string
	Row   int
	Err   error
}

func (e *SheetError) Error() string {
	if e.Row == 0 {
		return fmt.Sprintf("sheet %q: %v", e.Sheet, e.Err)
	}
	return fmt.Sprintf("sheet %q row %d: %v", e.Sheet, e.Row, e.Err)
}

func (e *SheetError) Unwrap() error { return e.Err }

// Stop ends a walk early without an error.
var Stop = errors.New("stop")

// rows calls fn for each row of sheet with raw (or formatted) cell values and
// the row number as Excel shows it.
func (w *Workbook) rows(ctx context.Context, sheet string, raw bool, fn func(row int, cells []string) error) error {
	it, err := w.f.Rows(sheet)
	if err != nil {
		return &SheetError{Sheet: sheet, Err: err}
	}
	defer it.Close()
	n := 0
	for it.Next() {
		n++
		if n%4096 == 0 && ctx != nil {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		cells, err := it.Columns(excelize.Options{RawCellValue: raw})
		if err != nil {
			return &SheetError{Sheet: sheet, Row: n, Err: err}
		}
		if err := fn(n, cells); err != nil {
			if err == Stop {
				return nil
			}
			return err
		}
	}
	return it.Error()
}

// Sample returns the first maxRows rows of each sheet, for recognition.
func Sample(path string, maxRows int) (map[string][][]string, error) {
	wb, err := open(path, false) // recognition reads a few rows; Open checks the parts when the file is read
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	return sample(wb, maxRows)
}

func sample(wb *Workbook, maxRows int) (map[string][][]string, error) {
	out := map[string][][]string{}
	for _, sheet := range wb.Sheets() {
		err := wb.rows(nil, sheet, true, func(row int, cells []string) error {
			if row > maxRows {
				return Stop
			}
			out[sheet] = append(out[sheet], append([]string(nil), cells...))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Table is a table found on a sheet: its header and where its data starts.
type Table struct {
	wb        *Workbook
	Sheet     string
	HeaderRow int      // the (last) header row, as Excel numbers it
	Header    []string // one name per column; merged and two-row headers combined
	dateCol   []bool
}

// Match says whether a header row is the one sought.
type Match func(header []string) bool

// FindTable looks in the first rows of sheet for a header that match
// accepts: a single row, or two rows combined ("Dates" merged over "Start"
// and "End" gives "Dates Start" and "Dates End"). It returns nil when no
// header matches.
func (w *Workbook) FindTable(sheet string, match Match) (*Table, error) {
	var top [][]string
	err := w.rows(nil, sheet, true, func(row int, cells []string) error {
		if row > maxHeaderRows+1 {
			return Stop
		}
		top = append(top, append([]string(nil), cells...))
		return nil
	})
	if err != nil {
		return nil, err
	}
	var merges []excelize.MergeCell
	mergesRead := false
	for r := range top {
		if match(clean(top[r])) {
			return w.table(sheet, r+1, clean(top[r]))
		}
		if r+1 >= len(top) || len(nonEmpty(top[r])) == 0 || match(clean(top[r+1])) {
			continue // a title above a header is not half of a two-row header
		}
		upper := top[r]
		if hasGaps(upper) && !mergesRead {
			// Only now read the merge list: excelize loads the whole sheet for
			// it, which a plain table never needs.
			merges, _ = w.f.GetMergeCells(sheet)
			mergesRead = true
		}
		upper = fillMerged(upper, r+1, merges)
		if h := combine(upper, top[r+1]); match(h) {
			return w.table(sheet, r+2, h)
		}
	}
	return nil, nil
}

func (w *Workbook) table(sheet string, headerRow int, header []string) (*Table, error) {
	t := &Table{wb: w, Sheet: sheet, HeaderRow: headerRow, Header: header, dateCol: make([]bool, len(header))}
	// Dates are numbers in a cell whose number format is a date: read the first
	// data rows formatted as Excel shows them and see which columns become dates.
	var raw [][]string
	err := w.rows(nil, sheet, true, func(row int, cells []string) error {
		if row > headerRow+50 {
			return Stop
		}
		if row > headerRow {
			raw = append(raw, append([]string(nil), cells...))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = w.rows(nil, sheet, false, func(row int, cells []string) error {
		if row > headerRow+50 {
			return Stop
		}
		i := row - headerRow - 1
		if i < 0 || i >= len(raw) {
			return nil
		}
		for c, f := range cells {
			if c < len(t.dateCol) && c < len(raw[i]) && looksLikeDate(raw[i][c], f) {
				t.dateCol[c] = true
			}
		}
		return nil
	})
	return t, err
}

// IsDate reports whether column c holds dates by its number format.
func (t *Table) IsDate(c int) bool { return c < len(t.dateCol) && t.dateCol[c] }

// Each calls fn for every row below the header that has any value, with the
// raw cells (a date is its serial; trailing empty cells may be missing).
func (t *Table) Each(ctx context.Context, fn func(row int, cells []string) error) error {
	return t.wb.rows(ctx, t.Sheet, true, func(row int, cells []string) error {
		if row <= t.HeaderRow || len(nonEmpty(cells)) == 0 {
			return nil
		}
		return fn(row, cells)
	})
}

// Date reads a date cell: a serial number (in the workbook's date system) or
// a date written as text.
func (t *Table) Date(raw string) (time.Time, error) {
	raw = strings.TrimSpace(raw)
	if f, err := strconv.ParseFloat(raw, 64); err == nil {
		return dates.FromSerial(f, t.wb.Date1904)
	}
	return dates.Parse(raw)
}

// errorValues are what Excel shows in a cell whose formula failed.
var errorValues = map[string]bool{"#N/A": true, "#REF!": true, "#VALUE!": true, "#DIV/0!": true,
	"#NAME?": true, "#NULL!": true, "#NUM!": true, "#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true}

// IsError reports whether a cell holds an Excel error value such as #N/A.
func IsError(raw string) bool { return errorValues[strings.TrimSpace(raw)] }

var dateText = regexp.MustCompile(`^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b`)

// looksLikeDate: a number that Excel's number format shows as a date.
func looksLikeDate(raw, formatted string) bool {
	if _, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); err != nil {
		return false
	}
	return formatted != raw && dateText.MatchString(strings.TrimSpace(formatted))
}

// clean trims header cells and turns non-breaking spaces into spaces.
func clean(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.Join(strings.Fields(strings.ReplaceAll(c, "\u00a0", " ")), " ")
	}
	return out
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			out = append(out, c)
		}
	}
	return out
}

// hasGaps: an empty cell between two labels, the mark of a merged header.
func hasGaps(cells []string) bool {
	seen, gap := false, false
	for _, c := range cells {
		switch {
		case strings.TrimSpace(c) != "" && gap && seen:
			return true
		case strings.TrimSpace(c) != "":
			seen = true
		case seen:
			gap = true
		}
	}
	return gap // a label followed only by empties may be merged to the right
}

// fillMerged copies a merged cell's value into every column it spans on row.
func fillMerged(cells []string, row int, merges []excelize.MergeCell) []string {
	out := append([]string(nil), cells...)
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || row < r1 || row > r2 {
			continue
		}
		for len(out) < c2 {
			out = append(out, "")
		}
		for c := c1; c <= c2; c++ {
			out[c-1] = m.GetCellValue()
		}
	}
	return out
}

// combine joins a two-row header column by column.
func combine(upper, lower []string) []string {
	upper, lower = clean(upper), clean(lower)
	n := max(len(upper), len(lower))
	out := make([]string, n)
	for i := range out {
		var u, l string
		if i < len(upper) {
			u = upper[i]
		}
		if i < len(lower) {
			l = lower[i]
		}
		switch {
		case u == "" || u == l:
			out[i] = l
		case l == "":
			out[i] = u
		default:
			out[i] = u + " " + l
		}
	}
	return out
}
