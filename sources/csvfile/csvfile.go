// Package csvfile streams CSV files the way published statistics need: a
// byte-order mark removed, every row checked for its field count and for
// UTF-8, and row numbers as a spreadsheet shows them (header = row 1).
package csvfile

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// MaxRecordBytes caps one record (one row, with any line breaks inside
// quotes): a published row is a few kilobytes, so a bigger one is a
// damaged file or a hostile one, refused before it is held in memory.
var MaxRecordBytes int64 = 8 << 20

// Reader reads records one at a time. The parsing (csv's quoting, the
// field count and UTF-8 checks) runs on a goroutine of its own, a batch of
// records ahead of the caller, so one large file uses two cores: parsing
// took two thirds of reading a 600,000-row file, the caller's work the
// rest.
type Reader struct {
	f      *os.File
	cr     *csv.Reader
	lim    *recordLimit
	Header []string
	row    int

	batches chan *batch   // parsed batches, in file order
	free    chan *batch   // batches the caller has finished with, for reuse
	done    chan struct{} // closed by Close: the parser stops
	cur     *batch
	pos     int
}

// batch is a run of parsed records: record i is fields[ends[i-1]:ends[i]].
// err, if not nil, follows the last record: the error the parser stopped
// on (io.EOF at the end of the file).
type batch struct {
	fields []string
	ends   []int
	err    error
}

// batchRecords is how many records the parser hands over at a time:
// enough that the handing over costs nothing, few enough that a batch is
// small (a few hundred kilobytes of the file).
const batchRecords = 1024

// recordLimit fails a read once more than MaxRecordBytes have been read
// since the last record ended (mark), so csv.Reader never buffers a field
// of hundreds of megabytes.
type recordLimit struct {
	r          io.Reader
	read, mark int64
}

var errRecordTooLong = errors.New("record too long")

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.read-l.mark > MaxRecordBytes {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// Open opens path and reads its header.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	lim := &recordLimit{r: br}
	cr := csv.NewReader(lim)
	cr.ReuseRecord = true
	r := &Reader{f: f, cr: cr, lim: lim}
	h, err := r.parseNext(1)
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("the file is empty: expected a header row")
		}
		return nil, err
	}
	r.Header = append([]string(nil), h...)
	r.row = 1
	return r, nil
}

// Row is the number of the record last returned, header = 1.
func (r *Reader) Row() int { return r.row }

// Next returns the next record (reused between calls) or io.EOF. Ragged rows
// and text that is not UTF-8 are errors naming the row.
func (r *Reader) Next() ([]string, error) {
	if r.batches == nil { // the parser starts on the first record, so reading a header alone parses nothing more
		r.batches, r.free, r.done = make(chan *batch, 4), make(chan *batch, 6), make(chan struct{})
		go r.parse(r.row)
	}
	r.row++
	for r.cur == nil || r.pos == len(r.cur.ends) {
		if r.cur != nil {
			if r.cur.err != nil {
				return nil, r.cur.err
			}
			r.free <- r.cur // never blocks: at most 6 batches exist
			r.cur = nil
		}
		b, ok := <-r.batches
		if !ok { // Close has stopped the parser
			return nil, io.EOF
		}
		r.cur, r.pos = b, 0
	}
	start := 0
	if r.pos > 0 {
		start = r.cur.ends[r.pos-1]
	}
	rec := r.cur.fields[start:r.cur.ends[r.pos]]
	r.pos++
	return rec, nil
}

// parse runs on its own goroutine: it parses records after row into
// batches until an error or the end of the file, or until Close.
func (r *Reader) parse(row int) {
	defer close(r.batches)
	for {
		var b *batch
		select {
		case b = <-r.free:
			b.fields, b.ends, b.err = b.fields[:0], b.ends[:0], nil
		default:
			b = &batch{}
		}
		for len(b.ends) < batchRecords {
			row++
			rec, err := r.parseNext(row)
			if err != nil {
				b.err = err
				break
			}
			b.fields = append(b.fields, rec...)
			b.ends = append(b.ends, len(b.fields))
		}
		select {
		case r.batches <- b:
		case <-r.done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// parseNext parses the record at row (header = 1), checking it.
func (r *Reader) parseNext(row int) ([]string, error) {
	rec, err := r.cr.Read()
	// a new record starts its budget here (what csv read ahead, under 4 KB, is not counted)
	r.lim.mark = r.lim.read
	if errors.Is(err, errRecordTooLong) {
		return nil, fmt.Errorf("row %d is longer than %d MiB (a field of that size is a damaged or hostile file)", row, MaxRecordBytes>>20)
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				return nil, fmt.Errorf("row %d has %d fields but the header has %d: the file is ragged (an unquoted comma, or a damaged export); re-export it as CSV", row, len(rec), len(r.Header))
			}
			return nil, fmt.Errorf("row %d: %v; re-export the file as CSV", row, pe.Err)
		}
		return nil, err
	}
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return nil, fmt.Errorf("row %d column %d is not UTF-8 text: save the file as \"CSV UTF-8\" and run again", row, i+1)
		}
	}
	return rec, nil
}

// Each calls fn with every remaining record (reused between calls) until the
// end of the file, checking ctx now and then so a cancelled run stops.
func (r *Reader) Each(ctx context.Context, fn func(rec []string) error) error {
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if r.row%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

// Close stops the parser and closes the file.
func (r *Reader) Close() error {
	if r.batches != nil {
		close(r.done)
		for range r.batches { // until the parser has stopped reading the file
		}
		r.batches = nil
	}
	return r.f.Close()
}

// ReadHeader returns just the header of a CSV file, for recognition.
func ReadHeader(path string) ([]string, error) {
	r, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.Header, nil
}
