package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/yardstick-etl/yardstick/sources/eesapi"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// stageVersion changes whenever what a source writes changes, so staged
// files from an older yardstick are not reused.
// 9: SSDA903 episodes gain PL_DISTANCE and PL_LA (derived from the
// postcodes with ONS's postcode directory), the header its UASC flag. 8:
// children's returns' tables end with a faults column (DfE's field rules).
// 7: children's returns kept by each column's shape (free text dropped,
// sheets named by position); EES metadata's labels and units cut to 500
// characters. 6: EES metadata decides filters and measures; schools by
// laestab; weeks are periods.
const stageVersion = "10"

// input is one file of a run and what became of it.
type input struct {
	Path   string // absolute
	Rel    string // as reported
	SHA256 string
	Kind   string
	Key    string `json:"-"` // lakeKey, once staged
	source sources.Source

	Status  string            `json:"-"` // loaded | unchanged | rejected
	Note    string            `json:"note,omitempty"`
	Rows    int64             `json:"rows"`
	Reason  string            `json:"reason,omitempty"`
	Issues  []sources.Issue   `json:"issues,omitempty"`
	Parquet map[string]string `json:"parquet,omitempty"` // table -> file in the lake, relative to it
	Seconds float64           `json:"-"`

	seen fileState // the file as it was hashed
	// metaFile is an EES data file's metadata file (pairMeta), metaSHA
	// its content's hash.
	metaFile, metaSHA string
	// origin is where a file fetched from DfE's API came from.
	origin *eesapi.Entry
	// asAt is the date the config says the returns in the file reach
	// (zero: found from the data by stage_own_as_at.sql).
	asAt time.Time
}

// fileState is what a file looked like when it was hashed.
type fileState struct {
	size    int64
	modTime time.Time
}

// afterRead, when set (by tests), runs between reading an input and
// checking that it did not change meanwhile.
var afterRead func(path string)

// hashFile streams a file through SHA-256.
func hashFile(ctx context.Context, path string) (string, error) {
	sum, _, err := hashState(ctx, path)
	return sum, err
}

// hashState hashes a file and says how it looked (size and time) when it
// was opened. Only a regular file of a disk's file system is read (see
// openRegular), and the run's cancellation stops the read.
func hashState(ctx context.Context, path string) (string, fileState, error) {
	f, info, err := openRegular(path)
	if err != nil {
		return "", fileState{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, ctxReader{ctx, f})
	if err != nil {
		return "", fileState{}, err
	}
	if n != info.Size() {
		return "", fileState{}, errChanging
	}
	return hex.EncodeToString(h.Sum(nil)), fileState{info.Size(), info.ModTime()}, nil
}

// ctxReader is a reader that stops when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// errChanging rejects an input whose bytes changed while yardstick read it:
// a copy still arriving in the inbox. Its staged rows would not be the
// bytes its hash names, so nothing is kept; the next run reads it whole.
var errChanging = errors.New("the file changed while it was read (still being written?); it will be read on the next run")

// unchanged says whether the file at path is still the one hashed: same
// size and time, and the same bytes.
func unchanged(ctx context.Context, path string, sum string, was fileState) bool {
	info, err := os.Stat(path)
	if err != nil || info.Size() != was.size || !info.ModTime().Equal(was.modTime) {
		return false
	}
	now, _, err := hashState(ctx, path)
	return err == nil && now == sum
}

// lakeKey names an input's staged files: its content, its kind, the stage
// format, the geography it was resolved with and, for child-level returns,
// the key's fingerprint and the LA and year defaults it was read with, and
// for SSDA903 returns the postcode directory and provider list their
// derived fields came from.
func lakeKey(in *input, geo *geography.Resolver, ret *sources.Returns) string {
	parts := []string{in.SHA256, in.Kind, stageVersion, geo.Fingerprint()}
	if in.metaSHA != "" {
		parts = append(parts, "meta", in.metaSHA)
	}
	if _, child := in.source.(sources.ChildLevel); child && ret != nil && ret.Pseudo != nil {
		parts = append(parts, ret.Pseudo.Fingerprint(), ret.HomeLA, fmt.Sprint(ret.CollectionYear))
		if in.Kind == "ssda903" && ret.PostcodesSHA != "" {
			parts = append(parts, "postcodes", ret.PostcodesSHA)
		}
		if in.Kind == "ssda903" && ret.ProvidersSHA != "" {
			parts = append(parts, "providers", ret.ProvidersSHA)
		}
	}
	h := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return hex.EncodeToString(h[:16])
}

// stagedBefore is what an earlier run staged under key, if its manifest
// and every file it names are in the lake.
func stagedBefore(lake, key string) (*input, bool) {
	data, err := os.ReadFile(filepath.Join(lake, "inputs", key+".json"))
	if err != nil {
		return nil, false
	}
	var prev input
	if json.Unmarshal(data, &prev) != nil || prev.Reason != "" || !allExist(lake, prev.Parquet) {
		return nil, false
	}
	return &prev, true
}

// stage writes one input's tables to the lake as Parquet (zstd), one file per
// table, or reuses what an earlier run staged from the same content. A
// rejected input leaves no Parquet behind.
// in.Key must be set (lakeKey).
func stage(ctx context.Context, lake string, in *input, geo *geography.Resolver, ret *sources.Returns, alloc memory.Allocator, progress func(int64)) error {
	key := in.Key
	manifest := filepath.Join(lake, "inputs", key+".json")
	if prev, ok := stagedBefore(lake, key); ok {
		in.Rows, in.Issues, in.Parquet, in.Note, in.Status = prev.Rows, prev.Issues, prev.Parquet, prev.Note, "unchanged"
		for i := range in.Issues {
			in.Issues[i].File = in.Rel
		}
		return nil
	}
	w := &parquetWriter{lake: lake, key: key, files: map[string]*tableFile{}, tables: in.source.Tables()}
	env := &sources.Env{File: in.Rel, Geography: geo, Alloc: alloc, BatchRows: 64 * 1024, Issues: &sources.Issues{}, Progress: progress, Returns: ret,
		MetaFile: in.metaFile}
	rows, err := read(ctx, in, env, w)
	if cerr := ctx.Err(); cerr != nil {
		w.abort()
		return cerr
	}
	if afterRead != nil {
		afterRead(in.Path)
	}
	// The lake keys what it stages by the hash taken before the read: it
	// must be the hash of the bytes read.
	if err == nil && !unchanged(ctx, in.Path, in.SHA256, in.seen) {
		err = errChanging
	}
	if err == nil {
		err = w.close()
	}
	if err != nil {
		w.abort()
		in.Status, in.Reason, in.Rows = "rejected", err.Error(), 0
		return nil
	}
	env.Issues.Finish(in.Rel)
	in.Status, in.Rows, in.Issues, in.Parquet, in.Note = "loaded", rows, env.Issues.List, w.done, env.Note
	data, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return writeAtomic(manifest, data)
}

// read runs the input's source. A panic in a reader (a bug yardstick's
// fuzzing has not found) rejects that one input instead of ending the run.
func read(ctx context.Context, in *input, env *sources.Env, w sources.Writer) (rows int64, err error) {
	defer func() {
		if r := recover(); r != nil {
			// Only a runtime error's text is given: another panic's value
			// could quote a cell, and a cell could be a child's identifier.
			what := fmt.Sprintf("a panic of type %T", r)
			if re, ok := r.(runtime.Error); ok {
				what = re.Error()
			}
			rows, err = 0, fmt.Errorf("yardstick's %s reader failed on this file (%s); the other inputs are read. Please report it", in.Kind, what)
		}
	}()
	return in.source.Read(ctx, in.Path, env, w)
}

func allExist(lake string, files map[string]string) bool {
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(lake, f)); err != nil {
			return false
		}
	}
	return true
}

// writeAtomic writes data under a temporary name and renames it into place.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// parquetWriter implements sources.Writer, opening a Parquet file per table
// on its first batch.
type parquetWriter struct {
	lake, key string
	tables    []sources.Table
	files     map[string]*tableFile
	done      map[string]string
}

type tableFile struct {
	f    *os.File
	w    *pqarrow.FileWriter
	path string // final, relative to the lake
}

var writerProps = parquet.NewWriterProperties(
	parquet.WithCompression(compress.Codecs.Zstd),
	parquet.WithDictionaryDefault(true),
)

func (p *parquetWriter) Write(table string, rec arrow.Record) error {
	tf, ok := p.files[table]
	if !ok {
		declared := false
		for _, t := range p.tables {
			if t.Name == table {
				declared = rec.Schema().Equal(t.Schema)
			}
		}
		if !declared {
			return fmt.Errorf("source wrote table %q with an undeclared schema", table)
		}
		rel := filepath.Join(table, p.key+".parquet")
		full := filepath.Join(p.lake, rel)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		f, err := os.Create(full + ".tmp")
		if err != nil {
			return err
		}
		w, err := pqarrow.NewFileWriter(rec.Schema(), f, writerProps, pqarrow.DefaultWriterProps())
		if err != nil {
			f.Close()
			return err
		}
		tf = &tableFile{f: f, w: w, path: rel}
		p.files[table] = tf
	}
	return tf.w.Write(rec)
}

// close finishes every file and renames it into place.
func (p *parquetWriter) close() error {
	p.done = map[string]string{}
	var errs []error
	for table, tf := range p.files {
		if err := tf.w.Close(); err != nil { // closes the *os.File too
			errs = append(errs, err)
			continue
		}
		full := filepath.Join(p.lake, tf.path)
		if err := os.Rename(full+".tmp", full); err != nil {
			errs = append(errs, err)
			continue
		}
		p.done[table] = tf.path
	}
	p.files = map[string]*tableFile{}
	return errors.Join(errs...)
}

// abort removes whatever was written.
func (p *parquetWriter) abort() {
	for _, tf := range p.files {
		tf.w.Close()
		os.Remove(filepath.Join(p.lake, tf.path) + ".tmp")
	}
	for _, rel := range p.done {
		os.Remove(filepath.Join(p.lake, rel))
	}
	p.files = map[string]*tableFile{}
}
