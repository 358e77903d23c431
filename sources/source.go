// Package sources holds yardstick's input sources: each says how to recognise
// its files, reads them as a stream, and emits Arrow record batches of declared
// tables. Generic readers (CSV, xlsx) live in sub-packages beside them.
package sources

import (
	"context"
	"fmt"
	"github.com/yardstick-etl/yardstick/transforms/postcode"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
	"github.com/yardstick-etl/yardstick/transforms/shape"
)

// Sample is what recognition looks at: the file's name and its first rows
// (the CSV header, or the first rows of each sheet of a workbook).
type Sample struct {
	Path   string
	Header []string              // CSV: first record, byte-order mark removed
	Sheets map[string][][]string // xlsx: first rows of each sheet
	Head   []byte                // XML: the first bytes of the file
}

// AnySheetRow says whether a row among the sampled sheets' first rows
// matches (a header below title rows).
func (s *Sample) AnySheetRow(match func(row []string) bool) bool {
	for _, rows := range s.Sheets {
		for _, r := range rows {
			if match(r) {
				return true
			}
		}
	}
	return false
}

// Ext is the lower-case extension with its dot.
func (s *Sample) Ext() string { return strings.ToLower(filepath.Ext(s.Path)) }

// Table is a table a source emits, by name, with its Arrow schema.
type Table struct {
	Name   string
	Schema *arrow.Schema
	// Keyed tables are loaded with the input's number (file_no, an
	// INTEGER; stage.source_file names it) instead of its path as text:
	// for tables of millions of rows whose ids are the file's own.
	Keyed bool
}

// Writer takes a source's record batches, table by table.
type Writer interface {
	Write(table string, rec arrow.Record) error
}

// Env is what a source reads with.
type Env struct {
	File      string // the path as reported in messages (relative to the config)
	Geography *geography.Resolver
	Alloc     memory.Allocator
	BatchRows int
	Issues    *Issues
	Progress  func(rows int64) // called now and then with rows read so far; may be nil
	Returns   *Returns         // for child-level sources; nil when no key is configured
	Note      string           // set by a source: how it took the file (e.g. where its collection year came from)
	// MetaFile is an EES data file's metadata (NAME.meta.csv beside it, or
	// in the same zip); "" when it has none.
	MetaFile string
}

// Batch is how many rows a source puts in one record batch: BatchRows,
// or 64k when it is not set.
func (e *Env) Batch() int {
	if e.BatchRows > 0 {
		return e.BatchRows
	}
	return 64 * 1024
}

// Returns is what child-level sources need beyond a file: the council's
// pseudonymisation key and the defaults for files without LA or YEAR columns.
type Returns struct {
	Pseudo         *pseudonym.Pseudonymiser
	HomeLA         string // config home_la, a code or a name
	CollectionYear int    // config collection_year; 0 = not set
	// Postcodes is ONS's postcode directory when one is among the inputs,
	// for the SSDA903 fields DfE derives from postcodes; nil otherwise.
	// PostcodesSHA is its file's hash: what a return read with it is keyed by.
	Postcodes    *postcode.Directory
	PostcodesSHA string
	// ProviderPostcodes is each Ofsted URN's setting postcodes (capitals,
	// no spaces) from Ofsted's provider list when one is among the inputs,
	// for whether a placement is at its provider's postcode (rule 221); nil
	// otherwise. ProvidersSHA is the lists' hash, as PostcodesSHA.
	ProviderPostcodes map[string][]string
	ProvidersSHA      string
}

// ChildLevel marks sources that read child-level returns: they need a
// pseudonymisation key and their rows never leave staging unpseudonymised.
type ChildLevel interface {
	ChildLevel()
}

// Source is one kind of input.
type Source interface {
	Kind() string
	Recognise(s *Sample) bool
	Tables() []Table
	// Read streams the file into w. An error rejects the whole file; cell
	// problems go to env.Issues and the row is kept.
	Read(ctx context.Context, path string, env *Env, w Writer) (rows int64, err error)
}

// Issue is a problem with one cell, row or sheet. It names the place, never
// the value of an identifier.
type Issue struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet,omitempty"`
	Row     int    `json:"row,omitempty"`    // as the spreadsheet or editor shows it (header = 1)
	Column  string `json:"column,omitempty"` // letter for xlsx, header name for CSV
	Field   string `json:"field,omitempty"`  // the return's own field (ETHNIC, DECOM) a child-level cell is of
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// Issues collects a file's issues. Repeats of one rule for one column are
// counted after the first maxPerKey, so a column of 10,000 bad cells reports
// a sample and a total rather than flooding meta.issue.
type Issues struct {
	List    []Issue
	counts  map[string]int
	dropped map[string]int
	fields  map[string]string // the Field of a key's issues
}

const maxPerKey = 20

// MaxMessage is the longest message an issue keeps, in characters: a cell
// quoted in a message must not carry 30,000 characters into meta.issue.
const MaxMessage = 500

// Add records an issue.
func (is *Issues) Add(i Issue) {
	i.Message = shape.Cap(i.Message, MaxMessage)
	if is.counts == nil {
		is.counts = map[string]int{}
		is.dropped = map[string]int{}
	}
	k := i.Rule + "\x00" + i.Sheet + "\x00" + i.Column
	is.counts[k]++
	if i.Field != "" {
		if is.fields == nil {
			is.fields = map[string]string{}
		}
		is.fields[k] = i.Field
	}
	if is.counts[k] > maxPerKey {
		is.dropped[k]++
		return
	}
	is.List = append(is.List, i)
}

// Finish appends one summary issue per rule and column whose repeats were
// not listed one by one.
func (is *Issues) Finish(file string) {
	keys := make([]string, 0, len(is.dropped))
	for k := range is.dropped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n := is.dropped[k]
		p := strings.SplitN(k, "\x00", 3)
		is.List = append(is.List, Issue{File: file, Sheet: p[1], Column: p[2], Field: is.fields[k], Rule: p[0],
			Message: fmt.Sprintf("%d more cells broke rule %s in this column; the first %d are listed", n, p[0], maxPerKey)})
	}
	is.dropped = map[string]int{}
}

// ColumnLetter turns a 0-based column index into Excel's letters (0 -> A);
// a negative index (a column the sheet lacks) is "".
func ColumnLetter(i int) string {
	if i < 0 {
		return ""
	}
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
