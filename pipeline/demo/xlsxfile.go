package demo

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"sort"

	"github.com/xuri/excelize/v2"
)

// saveXLSX writes the workbook with its parts in a fixed order: excelize
// writes a streamed sheet's part wherever its map puts it, so the same
// workbook came out as different bytes from run to run, and the next run
// took an unchanged demo file for a new one ("1 input loaded").
func saveXLSX(f *excelize.File, path string) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return err
	}
	parts := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(parts, func(i, j int) bool {
		// [Content_Types].xml first, as Office writes it; then by name
		if ci, cj := parts[i].Name == "[Content_Types].xml", parts[j].Name == "[Content_Types].xml"; ci != cj {
			return ci
		}
		return parts[i].Name < parts[j].Name
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range parts {
		h := p.FileHeader
		w, err := zw.CreateHeader(&h)
		if err != nil {
			return err
		}
		r, err := p.Open()
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		r.Close()
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}
