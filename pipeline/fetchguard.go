package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/yardstick-etl/yardstick/sources/eesapi"
	"github.com/yardstick-etl/yardstick/sources/eesmeta"
)

// guardManifest stands between the fetch folder's manifest and
// eesapi.Sync. Sync removes the files the manifest names for a data set
// no longer followed, or followed under another name, trusting the names:
// a tampered .yardstick-fetch.json naming ../victim.txt, an absolute path
// or a path through a symlink had yardstick delete a file outside the
// folder. So before Sync runs, every entry whose files Sync would remove
// is checked (removable): a file outside the folder, not a plain file, one
// another data set uses, or not the one yardstick wrote (its hash is not
// the one recorded) is left. An entry with such a file is taken out of the
// manifest, so Sync leaves all its files, and each left file is reported:
// as a warning on the data set's outcome (left, by data set id), or, for a
// data set no longer followed, in an outcome of its own with status
// "left". The error is the manifest's, which could not be rewritten: then
// nothing is fetched.
func guardManifest(dir string, follow []eesapi.Follow, log *slog.Logger) (left map[string][]string, disowned []FetchOutcome, err error) {
	man, err := eesapi.ReadManifest(dir)
	if err != nil || len(man.DataSets) == 0 {
		return nil, nil, nil // a manifest that cannot be read is Sync's to report
	}
	stems := map[string]string{} // data set id -> the files' stem now
	inUse := map[string]bool{}   // the files the followed data sets are fetched into
	for _, f := range follow {
		stems[f.ID] = f.Stem()
		inUse[strings.ToLower(f.Stem()+".csv")] = true
		inUse[strings.ToLower(f.Stem()+eesmeta.Suffix)] = true
	}
	left = map[string][]string{}
	var kept []eesapi.Entry
	for _, e := range man.DataSets {
		stem, followed := stems[e.ID]
		if followed && e.CSV == stem+".csv" {
			kept = append(kept, e) // Sync removes none of its files
			continue
		}
		var why []string
		for _, name := range []string{e.CSV, e.MetaCSV} {
			if err := removable(dir, name, &e, inUse); err != nil {
				why = append(why, fmt.Sprintf("%s was left, not removed: %v", name, err))
				log.Warn("a file the fetch folder's manifest names was left, not removed", "data_set", e.ID, "name", e.Name, "file", name, "reason", err.Error())
			}
		}
		if len(why) == 0 {
			kept = append(kept, e)
			continue
		}
		if followed {
			left[e.ID] = append(left[e.ID], why...)
			continue
		}
		disowned = append(disowned, FetchOutcome{ID: e.ID, Name: e.Name, Status: "left", Previous: e.Version, Warnings: why})
	}
	if len(kept) == len(man.DataSets) {
		return nil, nil, nil
	}
	man.DataSets = kept
	if err := writeManifest(dir, man); err != nil {
		return nil, nil, fmt.Errorf("the fetch folder's manifest: %w", err)
	}
	return left, disowned, nil
}

// removable says why yardstick may not remove the file a manifest entry
// names, or nil when it may (or there is no such file). It may remove a
// plain file inside dir (the path resolved: not absolute, no "..", no
// folder on the way a symlink out of dir) that no followed data set uses,
// and only the one it wrote: the CSV with the size and sha256 the entry
// records, the metadata named after that CSV and readable as metadata (the
// manifest records no hash of it).
func removable(dir, name string, e *eesapi.Entry, inUse map[string]bool) error {
	if name == "" {
		return errors.New("the manifest names no file")
	}
	if filepath.IsAbs(name) || filepath.VolumeName(name) != "" {
		return errors.New("an absolute path, outside the fetch folder")
	}
	clean := filepath.Clean(name)
	if !filepath.IsLocal(clean) {
		return errors.New("outside the fetch folder")
	}
	p := filepath.Join(dir, clean)
	if rel, err := filepath.Rel(dir, p); err != nil || !filepath.IsLocal(rel) || rel == "." {
		return errors.New("outside the fetch folder")
	}
	// a folder on the way may be a symlink out of the fetch folder (the
	// fetch folder itself may be one: both are resolved)
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return fmt.Errorf("the fetch folder: %w", err)
	}
	realParent, err := filepath.EvalSymlinks(filepath.Dir(p))
	if errors.Is(err, fs.ErrNotExist) {
		return nil // nothing there to remove
	}
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(realDir, realParent); err != nil || !(rel == "." || filepath.IsLocal(rel)) {
		return errors.New("through a symlink out of the fetch folder")
	}
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errors.New("not a plain file (a symlink or a folder), so not one yardstick wrote")
	}
	if inUse[strings.ToLower(clean)] {
		return errors.New("a followed data set's file")
	}
	switch name {
	case e.CSV:
		if e.SHA256 == "" {
			return errors.New("the manifest records no sha256 for it")
		}
		if st.Size() != e.Bytes {
			return fmt.Errorf("changed since it was fetched (%d bytes, fetched %d)", st.Size(), e.Bytes)
		}
		h, err := sha256File(p)
		if err != nil {
			return err
		}
		if !strings.EqualFold(h, e.SHA256) {
			return errors.New("changed since it was fetched (its sha256 is not the one recorded)")
		}
	default:
		if name != eesmeta.MetaName(e.CSV) {
			return fmt.Errorf("not the metadata of %s", e.CSV)
		}
		if _, err := eesmeta.Read(p); err != nil {
			return fmt.Errorf("not metadata yardstick wrote: %w", err)
		}
	}
	return nil
}

// sha256File is a file's SHA-256, in hex as the manifest records it.
func sha256File(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeManifest replaces the fetch folder's manifest atomically, as
// eesapi writes it (an interrupted write's .write-* file is removed by the
// next Sync).
func writeManifest(dir string, man *eesapi.Manifest) error {
	data, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".write-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, eesapi.ManifestName))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
