package csvfile

import (
	"context"
	"os"
	"path/filepath"
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
