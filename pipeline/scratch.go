package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// newScratch empties and makes the lake's scratch folder, where a run puts
// plain text of the returns it reads (zips' members, excelize's temporary
// files): outside the lake, so no plain return is ever left in it, and
// named for the lake and the user, so the next run on the lake finds what
// a killed run left and removes it. left counts the files removed. The
// caller holds the lake's lock, and removes the folder when the run ends.
func newScratch(lake string) (dir string, left int, err error) {
	real := realPath(lake)
	sum := sha256.Sum256([]byte(real))
	dir = filepath.Join(os.TempDir(), fmt.Sprintf("yardstick-%d-%s", os.Getuid(), hex.EncodeToString(sum[:6])))
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left++
		}
		return nil
	})
	// RemoveAll removes a link put in the folder's place, never what it
	// points to; Mkdir then fails if anything takes the name meanwhile.
	if err := os.RemoveAll(dir); err != nil {
		return "", 0, fmt.Errorf("the scratch folder %s: %w", dir, err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return "", 0, fmt.Errorf("the scratch folder %s: %w", dir, err)
	}
	return dir, left, nil
}

// lakeLockPath is the lock in the lake: one run at a time writes a lake,
// whichever config names it.
func lakeLockPath(lake string) string { return filepath.Join(lake, ".lock") }
