package eesapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesmeta"
)

// Follow is a data set a council follows.
type Follow struct {
	ID      string
	Version Want
	Name    string // the files' stem; "" names them by the id
}

// Stem is the name of the data set's files, without .csv.
func (f Follow) Stem() string {
	if f.Name != "" {
		return f.Name
	}
	return f.ID
}

// Entry is what the folder holds of one data set: the version and where
// it came from. The manifest keeps one per data set.
type Entry struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	Version      string     `json:"version"`
	ReleaseTitle string     `json:"release_title"`
	ReleaseSlug  string     `json:"release_slug,omitempty"`
	Published    *time.Time `json:"published,omitempty"`
	SourceURL    string     `json:"source_url"`
	CSV          string     `json:"csv"`      // file name in the folder
	MetaCSV      string     `json:"meta_csv"` // file name in the folder
	SHA256       string     `json:"sha256"`
	Bytes        int64      `json:"bytes"`
	ModTime      time.Time  `json:"mod_time"`
	FetchedAt    time.Time  `json:"fetched_at"`
}

// ManifestName is the manifest's file in the folder. Its name starts with
// a dot, so yardstick does not take it for an input.
const ManifestName = ".yardstick-fetch.json"

// Manifest lists what the folder holds.
type Manifest struct {
	DataSets []Entry `json:"data_sets"`
}

// ReadManifest reads a folder's manifest; a folder never fetched into has
// an empty one.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{}, nil
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w (delete it and every file will be fetched again)", filepath.Join(dir, ManifestName), err)
	}
	return &m, nil
}

// ByFile maps each file the manifest names (CSV and metadata) to its entry.
func (m *Manifest) ByFile() map[string]Entry {
	out := map[string]Entry{}
	for _, e := range m.DataSets {
		out[e.CSV], out[e.MetaCSV] = e, e
	}
	return out
}

func (m *Manifest) entry(id string) (Entry, bool) {
	for _, e := range m.DataSets {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

func (m *Manifest) set(e Entry) {
	for i := range m.DataSets {
		if m.DataSets[i].ID == e.ID {
			m.DataSets[i] = e
			return
		}
	}
	m.DataSets = append(m.DataSets, e)
}

// write replaces the manifest atomically.
func (m *Manifest) write(dir string) error {
	slices.SortFunc(m.DataSets, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, ManifestName), data)
}

// Result is what Sync did for one data set.
type Result struct {
	ID, Name string
	// Status: downloaded (a new version is on disk), up_to_date, failed
	// (what was on disk, if anything, stays), removed (no longer followed).
	Status   string
	Version  string // the version on disk now; "" when there is none
	Previous string // the version on disk before a download
	Err      error
	Warnings []string
	Entry    *Entry
}

// Sync makes dir hold the wanted version of each followed data set, as
// NAME.csv and NAME.meta.csv, and removes the files of data sets no longer
// followed. A data set that cannot be fetched keeps what the folder held;
// the others still go ahead. The error is for the folder itself (it cannot
// be created, or its manifest written).
func (c *Client) Sync(ctx context.Context, dir string, follow []Follow) ([]Result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("the fetch folder: %w", err)
	}
	removeTemporary(dir)
	man, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	before, _ := json.Marshal(man)
	var results []Result
	followed := map[string]bool{}
	for _, f := range follow {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		followed[f.ID] = true
		r := c.syncOne(ctx, dir, man, f)
		if r.Status == "downloaded" {
			if err := man.write(dir); err != nil {
				return append(results, r), fmt.Errorf("the fetch folder's manifest: %w", err)
			}
		}
		results = append(results, r)
	}
	var kept []Entry
	for _, e := range man.DataSets {
		if followed[e.ID] {
			kept = append(kept, e)
			continue
		}
		os.Remove(filepath.Join(dir, e.CSV))
		os.Remove(filepath.Join(dir, e.MetaCSV))
		results = append(results, Result{ID: e.ID, Name: e.Name, Status: "removed", Previous: e.Version})
	}
	man.DataSets = kept
	// also when only a copy's time changed (touched, not changed), so it
	// is not hashed again next time
	if after, _ := json.Marshal(man); string(after) != string(before) {
		if err := man.write(dir); err != nil {
			return results, fmt.Errorf("the fetch folder's manifest: %w", err)
		}
	}
	return results, nil
}

// syncOne fetches one data set if the folder does not hold the version
// wanted.
func (c *Client) syncOne(ctx context.Context, dir string, man *Manifest, f Follow) Result {
	r := Result{ID: f.ID, Name: f.Stem(), Status: "failed"}
	have, had := man.entry(f.ID)
	if had {
		r.Version = have.Version
	}
	fail := func(err error) Result {
		r.Err = err
		return r
	}
	ds, err := c.DataSet(ctx, f.ID)
	if NotFound(err) {
		return fail(errors.New("the API has no data set with this id: check the id in the config (yardstick fetch --search WORDS lists data sets and their ids)"))
	}
	if err != nil {
		return fail(err)
	}
	if !strings.EqualFold(ds.Status, "Published") && ds.Status != "" {
		w := fmt.Sprintf("DfE marks data set %s (%s) %s", f.ID, ds.Title, strings.ToLower(ds.Status))
		if ds.SupersedingDataSetID != "" {
			w += fmt.Sprintf("; data set %s supersedes it: follow that one instead", ds.SupersedingDataSetID)
		}
		r.Warnings = append(r.Warnings, w)
	}
	// picked as the pages come, so a long list is never held whole
	p := newPicker(f.Version)
	if err := c.EachVersion(ctx, f.ID, p.add); err != nil {
		return fail(err)
	}
	v, err := p.pick()
	if err != nil {
		return fail(err)
	}
	if strings.EqualFold(v.Status, "Deprecated") {
		r.Warnings = append(r.Warnings, fmt.Sprintf("version %s of data set %s is deprecated: DfE will stop serving it", v.Version, f.ID))
	}
	csvName, metaName := f.Stem()+".csv", f.Stem()+eesmeta.Suffix
	if had && have.Version == v.Version && have.CSV == csvName && have.MetaCSV == metaName && intact(dir, &have) {
		r.Status, r.Entry = "up_to_date", &have
		man.set(have) // intact may have refreshed its time
		return r
	}
	if !had || have.CSV != csvName {
		// never overwrite a file yardstick did not fetch for this data set
		// (into: may be a folder analysts drop files in)
		for _, name := range []string{csvName, metaName} {
			if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
				return fail(fmt.Errorf("%s is already in %s and is not this data set's: give the data set another name: in the config, or move the file", name, dir))
			}
		}
	}

	meta, err := c.Meta(ctx, f.ID, v.Version)
	if err != nil {
		return fail(err)
	}
	var mb strings.Builder
	if err := eesmeta.Write(&mb, metaColumns(meta)); err != nil {
		return fail(err)
	}
	d, err := c.DownloadCSV(ctx, f.ID, v.Version, dir)
	if err != nil {
		return fail(err)
	}
	defer os.Remove(d.Path) // nothing, once renamed
	// the metadata first: a CSV in place always has its metadata beside it
	if err := writeAtomic(filepath.Join(dir, metaName), []byte(mb.String())); err != nil {
		return fail(fmt.Errorf("writing %s: %w", metaName, err))
	}
	csvPath := filepath.Join(dir, csvName)
	if err := os.Rename(d.Path, csvPath); err != nil {
		return fail(fmt.Errorf("writing %s: %w", csvName, err))
	}
	if had && have.CSV != csvName {
		os.Remove(filepath.Join(dir, have.CSV))
		os.Remove(filepath.Join(dir, have.MetaCSV))
	}
	e := Entry{ID: f.ID, Name: f.Stem(), Version: v.Version, ReleaseTitle: v.Release.Title, ReleaseSlug: v.Release.Slug,
		Published: v.Published, SourceURL: c.CSVURL(f.ID, v.Version), CSV: csvName, MetaCSV: metaName,
		SHA256: d.SHA256, Bytes: d.Bytes, FetchedAt: time.Now().UTC()}
	if st, err := os.Stat(csvPath); err == nil {
		e.ModTime = st.ModTime()
	}
	man.set(e)
	r.Status, r.Version, r.Entry = "downloaded", v.Version, &e
	if had {
		r.Previous = have.Version
	}
	return r
}

// intact says whether the folder's copy of a data set is the one fetched:
// its metadata is there and its CSV has the size and time it was written
// with, or else the content it was fetched with (a copy touched but not
// changed).
func intact(dir string, e *Entry) bool {
	if _, err := os.Stat(filepath.Join(dir, e.MetaCSV)); err != nil {
		return false
	}
	p := filepath.Join(dir, e.CSV)
	st, err := os.Stat(p)
	if err != nil || st.Size() != e.Bytes {
		return false
	}
	if st.ModTime().Equal(e.ModTime) {
		return true
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil || hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
		return false
	}
	e.ModTime = st.ModTime()
	return true
}

// metaColumns are a version's filters and indicators as EES metadata rows.
func metaColumns(m *Meta) []eesmeta.Column {
	var cols []eesmeta.Column
	for _, f := range m.Filters {
		cols = append(cols, eesmeta.Column{Name: f.Column, Type: "Filter", Label: f.Label, Hint: f.Hint, DecimalPlaces: -1})
	}
	for _, i := range m.Indicators {
		c := eesmeta.Column{Name: i.Column, Type: "Indicator", Label: i.Label, DecimalPlaces: -1}
		if i.Unit != nil {
			c.Unit = *i.Unit
		}
		if i.DecimalPlaces != nil {
			c.DecimalPlaces = *i.DecimalPlaces
		}
		cols = append(cols, c)
	}
	return cols
}

// writeAtomic writes a file by a temporary file renamed into place.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".write-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// removeTemporary deletes what a fetch killed mid-download left.
func removeTemporary(dir string) {
	for _, pat := range []string{".download-*.csv", ".write-*"} {
		left, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, p := range left {
			os.Remove(p)
		}
	}
}
