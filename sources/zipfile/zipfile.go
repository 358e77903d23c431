// Package zipfile opens the zips EES's "download all data" gives: each data
// file inside (and the .meta.csv beside it) becomes an input of its own,
// extracted to a file so every reader takes it as it takes any other file.
// Data guidance and other documents in the zip are not data and are left
// out, by name. A zip that would unzip to more than MaxUnzipped bytes, or a
// member bigger than its entry declares, is refused: a damaged file or a
// zip bomb.
package zipfile

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// MaxUnzipped caps what one zip may unzip to (all members together).
var MaxUnzipped int64 = 4 << 30

// dataExts are the members taken as inputs; anything else (a .txt or .pdf
// guide, a nested zip) is left out.
var dataExts = map[string]bool{".csv": true, ".xlsx": true, ".xml": true, ".ods": true}

// Member is one file in a zip.
type Member struct {
	Name   string // its path in the zip
	Path   string // where it was extracted; "" when it was not
	Reason string // why it could not be extracted ("" when it was)
}

// Contents is what Extract made of a zip.
type Contents struct {
	Members []Member // the data members, in the zip's order
	Skipped []string // members that are not data (guidance, documents, folders)
}

// Extract writes the zip's data members to files under dir (which must
// exist), each in a folder of its own so two members with one base name
// stay apart. An error is the whole zip unreadable; a member that cannot be
// extracted has its Reason and the others are still extracted.
func Extract(ctx context.Context, zipPath, dir string) (*Contents, error) {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return nil, fmt.Errorf("not a readable zip archive: %w", err)
	}
	defer zr.Close()
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	if total > uint64(MaxUnzipped) {
		return nil, fmt.Errorf("the zip would unzip to %d MiB, over the %d MiB limit: a damaged file or a zip bomb", total>>20, MaxUnzipped>>20)
	}
	c := &Contents{}
	for i, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !isData(f) {
			c.Skipped = append(c.Skipped, f.Name)
			continue
		}
		m := Member{Name: f.Name}
		out := filepath.Join(dir, fmt.Sprint(i), path.Base(f.Name))
		if err := extract(f, out); err != nil {
			os.Remove(out)
			m.Reason = err.Error()
		} else {
			m.Path = out
		}
		c.Members = append(c.Members, m)
	}
	return c, nil
}

// isData says whether a member is a data file (or an EES metadata file).
func isData(f *zip.File) bool {
	name := strings.ToLower(f.Name)
	if f.FileInfo().IsDir() || strings.HasPrefix(path.Base(name), ".") || strings.HasPrefix(name, "__macosx/") {
		return false
	}
	// EES puts its guidance in data-guidance/ (and supporting files beside it)
	for _, part := range strings.Split(path.Dir(name), "/") {
		if part == "data-guidance" || part == "supporting-files" {
			return false
		}
	}
	return dataExts[path.Ext(name)]
}

var errSize = errors.New("the member is not the size its zip entry declares: a damaged file or a zip bomb")

func extract(f *zip.File, out string) error {
	if f.Flags&0x1 != 0 {
		return errors.New("the member is encrypted: export the data without a password")
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("cannot be unzipped: %w", err)
	}
	defer rc.Close()
	if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
		return err
	}
	w, err := os.OpenFile(out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(w, io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	// archive/zip checks each member's size and CRC-32 as it is read: a
	// cut, altered or padded member fails here
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return errors.New("the member's checksum does not match its content: the zip is damaged; download it again")
	case errors.Is(err, zip.ErrFormat), err == nil && uint64(n) > f.UncompressedSize64:
		return errSize
	case err != nil:
		return fmt.Errorf("cannot be unzipped: %w", err)
	}
	return nil
}
