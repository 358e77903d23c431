package csvfile

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// A row longer than MaxRecordBytes (one huge field) is refused naming the
// row, without reading the rest of it into memory; rows before it are read.
func TestRecordTooLong(t *testing.T) {
	old := MaxRecordBytes
	MaxRecordBytes = 1 << 20
	defer func() { MaxRecordBytes = old }()
	path := filepath.Join(t.TempDir(), "big.csv")
	body := "a,b\n1,2\n3,\"" + strings.Repeat("x", 3<<20) + "\"\n5,6\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var rows int
	err = r.Each(context.Background(), func([]string) error { rows++; return nil })
	if rows != 1 || err == nil || !strings.Contains(err.Error(), "row 3 is longer than 1 MiB") {
		t.Errorf("rows %d, err %v", rows, err)
	}
	// a file of many ordinary rows is not limited by its total size
	var b strings.Builder
	b.WriteString("a,b\n")
	for i := 0; i < 200_000; i++ {
		b.WriteString("12345678,abcdefgh\n")
	}
	os.WriteFile(path, []byte(b.String()), 0o644)
	r2, _ := Open(path)
	defer r2.Close()
	rows = 0
	if err := r2.Each(context.Background(), func([]string) error { rows++; return nil }); err != nil || rows != 200_000 {
		t.Errorf("a 3.6 MB file of short rows: %d rows, %v", rows, err)
	}
}

// Records come back in file order with their rows across the parser's
// batches; an error after many rows names its row after the rows before it
// are read; closing a reader part-way stops its parser.
func TestBatches(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, n, ragged int) string {
		var b strings.Builder
		b.WriteString("a,b\n")
		for i := 2; i <= n+1; i++ {
			if i == ragged {
				b.WriteString("x\n")
				continue
			}
			fmt.Fprintf(&b, "%d,\"r%d\"\n", i, i)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	t.Run("order", func(t *testing.T) {
		r, err := Open(write("order.csv", 5000, 0))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		rows := 0
		err = r.Each(context.Background(), func(rec []string) error {
			rows++
			if want := strconv.Itoa(r.Row()); rec[0] != want || rec[1] != "r"+want {
				return fmt.Errorf("row %d reads %q", r.Row(), rec)
			}
			return nil
		})
		if err != nil || rows != 5000 {
			t.Errorf("%d rows, %v", rows, err)
		}
	})
	t.Run("error after many rows", func(t *testing.T) {
		r, err := Open(write("ragged.csv", 5000, 3000))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		rows := 0
		err = r.Each(context.Background(), func([]string) error { rows++; return nil })
		if rows != 2998 || err == nil || !strings.Contains(err.Error(), "row 3000 has 1 fields") {
			t.Errorf("%d rows, %v", rows, err)
		}
	})
	t.Run("closed part-way", func(t *testing.T) {
		path := write("big.csv", 50000, 0)
		before := runtime.NumGoroutine()
		for i := 0; i < 20; i++ {
			r, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Next(); err != nil {
				t.Fatal(err)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if after := runtime.NumGoroutine(); after > before {
			t.Errorf("%d goroutines before, %d after closing 20 readers part-way", before, after)
		}
	})
}
