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

// Reader reads records one at a time.
type Reader struct {
	f      *os.File
	cr     *csv.Reader
	lim    *recordLimit
	Header []string
	row    int
}

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
	h, err := r.Next()
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("the file is empty: expected a header row")
		}
		return nil, err
	}
	r.Header = append([]string(nil), h...)
	return r, nil
}

// Row is the number of the record last returned, header = 1.
func (r *Reader) Row() int { return r.row }

// Next returns the next record (reused between calls) or io.EOF. Ragged rows
// and text that is not UTF-8 are errors naming the row.
func (r *Reader) Next() ([]string, error) {
	rec, err := r.cr.Read()
	r.row++
	// a new record starts its budget here (what csv read ahead, under 4 KB, is not counted)
	r.lim.mark = r.lim.read
	if errors.Is(err, errRecordTooLong) {
		return nil, fmt.Errorf("row %d is longer than %d MiB (a field of that size is a damaged or hostile file)", r.row, MaxRecordBytes>>20)
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				return nil, fmt.Errorf("row %d has %d fields but the header has %d: the file is ragged (an unquoted comma, or a damaged export); re-export it as CSV", r.row, len(rec), len(r.Header))
			}
			return nil, fmt.Errorf("row %d: %v; re-export the file as CSV", r.row, pe.Err)
		}
		return nil, err
	}
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return nil, fmt.Errorf("row %d column %d is not UTF-8 text: save the file as \"CSV UTF-8\" and run again", r.row, i+1)
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

// Close closes the file.
func (r *Reader) Close() error { return r.f.Close() }

// ReadHeader returns just the header of a CSV file, for recognition.
func ReadHeader(path string) ([]string, error) {
	r, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.Header, nil
}
