package zipfile

import (
	"archive/zip"
	"bytes"
	"context"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type entry struct {
	name, body string
	// raw: written as stored with these declared size and CRC instead
	// of the body's (a damaged or hostile zip)
	raw        bool
	size       uint64
	crc        uint32
	compressed bool
}

func writeZip(t *testing.T, entries ...entry) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.raw {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Store, UncompressedSize64: e.size,
				CompressedSize64: uint64(len(e.body)), CRC32: e.crc})
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(e.body))
			continue
		}
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "data.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExtract(t *testing.T) {
	const data = "time_period,geographic_level\n2024,National\n"
	z := writeZip(t,
		entry{name: "data/absence.csv", body: data},
		entry{name: "data/absence.meta.csv", body: "col_name,col_type\n"},
		entry{name: "data-guidance/data-guidance.txt", body: "guide"},
		entry{name: "supporting-files/notes.csv", body: "a,b\n"},
		entry{name: "data/", body: ""},
		entry{name: "readme.pdf", body: "%PDF"},
		entry{name: "other/absence.csv", body: data}, // same base name, another folder
	)
	dir := t.TempDir()
	c, err := Extract(context.Background(), z, dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range c.Members {
		names = append(names, m.Name)
		if m.Reason != "" {
			t.Errorf("%s: %s", m.Name, m.Reason)
		}
		if filepath.Base(m.Path) != filepath.Base(m.Name) {
			t.Errorf("%s extracted as %s: the base name must stay", m.Name, m.Path)
		}
	}
	if got := strings.Join(names, " "); got != "data/absence.csv data/absence.meta.csv other/absence.csv" {
		t.Errorf("members %s", got)
	}
	if got := strings.Join(c.Skipped, " "); got != "data-guidance/data-guidance.txt supporting-files/notes.csv data/ readme.pdf" {
		t.Errorf("skipped %s", got)
	}
	b, err := os.ReadFile(c.Members[2].Path)
	if err != nil || string(b) != data || c.Members[0].Path == c.Members[2].Path {
		t.Errorf("other/absence.csv: %q %v", b, err)
	}
}

func TestExtractRefuses(t *testing.T) {
	body := "time_period\n2024\n"
	good := crc32.ChecksumIEEE([]byte(body))
	t.Run("bigger than declared", func(t *testing.T) {
		z := writeZip(t, entry{name: "a.csv", body: body, raw: true, size: 5, crc: good}, entry{name: "b.csv", body: body})
		c, err := Extract(context.Background(), z, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if c.Members[0].Reason != errSize.Error() || c.Members[0].Path != "" {
			t.Errorf("a.csv: %+v", c.Members[0])
		}
		if c.Members[1].Reason != "" {
			t.Errorf("the other member is still extracted: %+v", c.Members[1])
		}
	})
	t.Run("checksum", func(t *testing.T) {
		z := writeZip(t, entry{name: "a.csv", body: body, raw: true, size: uint64(len(body)), crc: good + 1})
		c, err := Extract(context.Background(), z, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(c.Members[0].Reason, "checksum") {
			t.Errorf("a.csv: %+v", c.Members[0])
		}
	})
	t.Run("over the limit", func(t *testing.T) {
		was := MaxUnzipped
		MaxUnzipped = 10
		defer func() { MaxUnzipped = was }()
		_, err := Extract(context.Background(), writeZip(t, entry{name: "a.csv", body: body}), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "zip bomb") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("not a zip", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "x.zip")
		os.WriteFile(p, []byte("time_period\n"), 0o644)
		_, err := Extract(context.Background(), p, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "not a readable zip") {
			t.Errorf("got %v", err)
		}
	})
}
