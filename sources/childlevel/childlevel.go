// Package childlevel turns the cells of a child-level return (SSDA903, CIN
// census, Annex A) into typed, pseudonymised Arrow rows. The returns' readers
// find the cells; this package is the one place that decides what a child
// identifier, a date of birth, a postcode or a code becomes, and which
// problems are reported, so the rules are the same for CSV, xlsx and XML.
package childlevel

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/transforms/codeset"
	"github.com/yardstick-etl/yardstick/transforms/dates"
	"github.com/yardstick-etl/yardstick/transforms/postcode"
	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
	"github.com/yardstick-etl/yardstick/transforms/shape"
	"github.com/yardstick-etl/yardstick/transforms/upn"
)

// Kind is what a column holds and so what becomes of it.
type Kind int

const (
	ID          Kind = iota // a child (or family, or adopter) identifier: becomes a keyed pseudonym
	UPN                     // unique pupil number: a pseudonym, or the UN code when the UPN is unknown
	DOB                     // date of birth: kept to the first of the month
	Date                    // any other date
	Code                    // a code of Set, checked against the row's collection year
	Label                   // a code written as a spreadsheet label ("a) WBRI"), normalised to Set's code
	Int                     // whole number
	Float                   // number
	Postcode                // kept to the outward code
	Flag                    // yes/no: true/false
	UPNFault                // the DfE rule a UPN breaks (1510, 1530, 1540, 1550), never the UPN: for the validation rules
	URN                     // Ofsted's reference of a provider: 6 or 7 digits, SC and 6 digits, or XXXXXXX for none
	LACode                  // an LA: its old 3-digit code (or a code or name the geography resolves), or NUK, WAL, SCO, NIR
	PartialDate             // a date whose day or month may be unknown (zz/03/2014): kept to its month
	OpenCode                // a code of a list yardstick ships no set for: kept when it has a code's shape
	FreeText                // free text (a team, an organisation, a place): never read, so never stored
)

// There is no kind for text kept as written: a column's kind is the shape
// its values must have, so a name, an identifier or a date of birth typed
// into the wrong column cannot pass through it. A column no figure needs
// whose values have no shape is FreeText, and is dropped.

// Column is one column of a stage table.
type Column struct {
	Name     string // in the warehouse, lower snake_case
	Field    string // the return's own name for it (DECOM, CINreferralDate), for messages
	Kind     Kind
	Set      string // code set, for Code and Label
	Required bool   // a blank is reported
	// Validated: a UPN whose faults the validation rules report from its
	// UPNFault column, so the reader does not report them again.
	Validated bool
	// Optional: a file need not have it, because DfE derives it from other
	// fields (Spec.Derive) or only one of the return's formats has it.
	Optional bool
	// Doc, when set, is the column's comment in the warehouse, for a column
	// derived rather than read (its kind's wording says "the return's").
	Doc string
}

// Spec is a stage table of a return.
type Spec struct {
	Table   string
	Columns []Column
	// SheetNames are the names a sheet holding the table may have ("List 3",
	// "episodes"). A sheet named otherwise is recorded by its position, so a
	// sheet name cannot carry a child's name or identifier into the warehouse.
	SheetNames []string
	// Derive, when set, fills columns DfE derives from others of the row
	// (the SSDA903's PL_DISTANCE and PL_LA from its postcodes) before the
	// row is read; vals holds a value per column, raw as the file has it.
	// report says why a field could not be derived (rule, message: never
	// the values it was derived from).
	Derive func(env *sources.Env, vals []string, report func(field, rule, msg string))
}

// Schema is the Arrow schema: the row's LA and collection year, where it was
// read, then the columns. source_file is added when the warehouse loads it.
func (s *Spec) Schema() *arrow.Schema {
	fields := []arrow.Field{
		{Name: "la_code", Type: arrow.BinaryTypes.String, Nullable: true, Metadata: comment("The LA whose return it is (old 3-digit code)")},
		{Name: "collection_year", Type: arrow.PrimitiveTypes.Int32, Nullable: true, Metadata: comment("The year of the 31 March the return ends (2024-25 is 2025)")},
		{Name: "source_sheet", Type: arrow.BinaryTypes.String, Nullable: true, Metadata: comment("The sheet it was read from (NULL for CSV and XML)")},
		{Name: "source_row", Type: arrow.PrimitiveTypes.Int64, Metadata: comment("Its row in the file: the CSV line, the sheet's row, or for XML the n-th child")},
	}
	for _, c := range s.Columns {
		if c.Kind != FreeText {
			fields = append(fields, arrow.Field{Name: c.Name, Type: arrowType(c.Kind), Nullable: true, Metadata: comment(c.describe())})
		}
	}
	fields = append(fields, arrow.Field{Name: FaultsColumn, Type: arrow.BinaryTypes.String, Nullable: true,
		Metadata: comment("The row's fields that broke their rule as read, each |FIELD:rule| (|ETHNIC:invalid_code|), for DfE's field rules (ref.validation_rule); NULL when none")})
	return arrow.NewSchema(fields, nil)
}

// FaultsColumn is the last column of every table: the row's fields whose
// value broke its rule as it was read (blank but required, not in its code
// set, not a date), as |FIELD:rule|FIELD:rule|, so DfE's field rules can
// report every such row, not only the sample meta.issue keeps.
const FaultsColumn = "faults"

// CommentKey is the Arrow field metadata key of a column's description,
// which the warehouse sets as the column's COMMENT.
const CommentKey = "comment"

func comment(text string) arrow.Metadata {
	return arrow.NewMetadata([]string{CommentKey}, []string{text})
}

// describe says what a column holds, from the return's own field.
func (c Column) describe() string {
	if c.Doc != "" {
		return c.Doc
	}
	switch c.Kind {
	case ID:
		return fmt.Sprintf("Pseudonym (HMAC under the council's key) of the return's %s, never the identifier", c.Field)
	case UPN:
		return fmt.Sprintf("Pseudonym of the return's %s (a UPN), or its UN code when the UPN is unknown", c.Field)
	case DOB:
		return fmt.Sprintf("The return's %s, kept as the first of its month", c.Field)
	case Date:
		return fmt.Sprintf("The return's %s, a date", c.Field)
	case Code, Label:
		return fmt.Sprintf("The return's %s, a code of set %s (ref.code)", c.Field, c.Set)
	case Int, Float:
		return fmt.Sprintf("The return's %s, a number", c.Field)
	case Postcode:
		return fmt.Sprintf("The return's %s, its outward code only", c.Field)
	case Flag:
		return fmt.Sprintf("The return's %s, true or false", c.Field)
	case UPNFault:
		return fmt.Sprintf("DfE's rule the return's %s breaks (1510, 1530, 1540, 1550), never the UPN; NULL when it breaks none", c.Field)
	case URN:
		return fmt.Sprintf("The return's %s, Ofsted's URN of the provider (digits, or SC and digits; XXXXXXX for none)", c.Field)
	case LACode:
		return fmt.Sprintf("The return's %s, an LA's old 3-digit code, or NUK, WAL, SCO or NIR outside England", c.Field)
	case PartialDate:
		return fmt.Sprintf("The return's %s, kept to its month as yyyy-mm (yyyy when the month is unknown)", c.Field)
	case OpenCode:
		return fmt.Sprintf("The return's %s, a code of 1 to 3 letters or digits (its list is not in ref.code)", c.Field)
	}
	return fmt.Sprintf("The return's %s", c.Field)
}

// Shown is the SQL that shows the column's value of the row aliased s, as a
// validation report lists it: dates as dd/mm/yyyy, a date of birth as its
// month and year, codes and numbers as they are. Identifiers, UPNs (even as
// pseudonyms) and columns not kept are never shown: "".
func (c Column) Shown(s string) string {
	col := s + "." + c.Name
	switch c.Kind {
	case Date:
		return "strftime(" + col + ", '%d/%m/%Y')"
	case DOB:
		return "strftime(" + col + ", '%m/%Y')"
	case Code, Label, Postcode, URN, LACode, PartialDate, OpenCode:
		return col
	case Int, Float, Flag:
		return col + "::VARCHAR"
	}
	return ""
}

// RowPerPlace says whether each row of the table has a place of its own:
// false for the CIN census's tables below a child, whose rows share the
// child's number.
func (s *Spec) RowPerPlace() bool {
	for _, c := range s.Columns {
		if c.Name == "episode_number" {
			return false
		}
	}
	return true
}

// SourceTable is the table as a source declares it.
func (s *Spec) SourceTable() sources.Table { return sources.Table{Name: s.Table, Schema: s.Schema()} }

func arrowType(k Kind) arrow.DataType {
	switch k {
	case DOB, Date:
		return arrow.FixedWidthTypes.Date32
	case Int:
		return arrow.PrimitiveTypes.Int32
	case Float:
		return arrow.PrimitiveTypes.Float64
	case Flag:
		return arrow.FixedWidthTypes.Boolean
	default:
		return arrow.BinaryTypes.String
	}
}

// Place is where a row was read: the sheet (empty for CSV and XML) and the
// row as the file shows it (line for CSV, Excel row, element count for XML).
type Place struct {
	Sheet string
	Row   int
}

// Builder appends rows of one table and writes them in batches.
type Builder struct {
	spec  *Spec
	field []int // the record field of each of spec's columns; -1 for FreeText, which is not kept
	rb    *array.RecordBuilder
	env   *sources.Env
	w     sources.Writer
	p     *pseudonym.Pseudonymiser
	rows  int
	Dates func(raw string) (time.Time, error) // how to read a date cell; text by default, serials too for xlsx
	// faults is the row being appended's FaultsColumn; faultsAt its field
	faults   strings.Builder
	faultsAt int
}

// NewBuilder starts a table. env.Returns must carry the key.
func NewBuilder(spec *Spec, env *sources.Env, w sources.Writer) *Builder {
	field, next := make([]int, len(spec.Columns)), 4
	for i, c := range spec.Columns {
		field[i] = -1
		if c.Kind != FreeText {
			field[i], next = next, next+1
		}
	}
	return &Builder{spec: spec, field: field, rb: array.NewRecordBuilder(env.Alloc, spec.Schema()), env: env, w: w,
		p: env.Returns.Pseudo.Clone(), Dates: dates.Parse, faultsAt: next}
}

// Origin is the LA and collection year a row belongs to.
type Origin struct {
	LA   string // old 3-digit code, "" when unknown
	Year int    // 0 when unknown
	// YearIsStart: a YEAR cell written as one year (2017) names the year
	// the collection starts, so the return's year is the next (PooledYear).
	YearIsStart bool
}

// Append adds one row. vals[i] is the raw text of spec.Columns[i] ("" when
// absent); labels[i] names the column as the file does (a header, an Excel
// column letter, an element) for messages.
func (b *Builder) Append(at Place, o Origin, vals, labels []string) error {
	f := b.rb.Fields()
	if o.LA == "" {
		f[0].(*array.StringBuilder).AppendNull()
	} else {
		f[0].(*array.StringBuilder).Append(o.LA)
	}
	if o.Year == 0 {
		f[1].(*array.Int32Builder).AppendNull()
	} else {
		f[1].(*array.Int32Builder).Append(int32(o.Year))
	}
	if at.Sheet == "" {
		f[2].(*array.StringBuilder).AppendNull()
	} else {
		f[2].(*array.StringBuilder).Append(at.Sheet)
	}
	f[3].(*array.Int64Builder).Append(int64(at.Row))
	if b.spec.Derive != nil {
		if len(vals) < len(b.spec.Columns) {
			vals = append(vals, make([]string, len(b.spec.Columns)-len(vals))...)
		}
		b.spec.Derive(b.env, vals, func(field, rule, msg string) {
			b.env.Issues.Add(sources.Issue{File: b.env.File, Sheet: at.Sheet, Row: at.Row, Column: field, Field: field, Rule: rule, Message: msg})
			b.faults.WriteString("|" + field + ":" + rule)
		})
	}
	for i, c := range b.spec.Columns {
		if b.field[i] < 0 {
			continue // free text: not read
		}
		var v, label string
		if i < len(vals) {
			v = strings.TrimSpace(vals[i])
		}
		if i < len(labels) && labels[i] != "" {
			label = labels[i]
		} else {
			label = c.Field
		}
		b.cell(f[b.field[i]], c, v, at, label, o.Year)
	}
	if b.faults.Len() == 0 {
		f[b.faultsAt].(*array.StringBuilder).AppendNull()
	} else {
		b.faults.WriteByte('|')
		f[b.faultsAt].(*array.StringBuilder).Append(b.faults.String())
		b.faults.Reset()
	}
	b.rows++
	if b.rows%b.env.Batch() == 0 {
		return b.Flush()
	}
	return nil
}

// errorCell is an Excel error value (#N/A): missing, and reported.
var errorCell = regexp.MustCompile(`^#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NULL!|NUM!|GETTING_DATA|SPILL!|CALC!)$`)

func (b *Builder) cell(fb array.Builder, c Column, v string, at Place, label string, year int) {
	issue := func(rule, msg string) {
		b.env.Issues.Add(sources.Issue{File: b.env.File, Sheet: at.Sheet, Row: at.Row, Column: label, Field: c.Field, Rule: rule, Message: msg})
		b.faults.WriteString("|" + c.Field + ":" + rule)
	}
	// A value that breaks its column's rule is described by its shape and
	// never kept: it may be an identifier, a date of birth or a name typed
	// or pasted into the wrong column.
	shown := func() string { return shape.Describe(v) }
	if errorCell.MatchString(v) {
		issue("error_cell", fmt.Sprintf("%s holds the spreadsheet error %s; kept as missing", c.Field, v))
		v = ""
	}
	if v == "" {
		if c.Required {
			issue("missing_value", fmt.Sprintf("%s is blank but the return requires it", c.Field))
		}
		fb.AppendNull()
		return
	}
	switch c.Kind {
	case ID:
		fb.(*array.StringBuilder).Append(b.p.ID(v))
	case UPN:
		if codeset.Check("UPN_UNKNOWN", v, 0) == "" {
			fb.(*array.StringBuilder).Append(strings.ToUpper(v))
			return
		}
		switch u := strings.ToUpper(v); {
		case c.Validated:
		case !upnRe.MatchString(u):
			issue("invalid_upn", fmt.Sprintf("%s is not a 13-character UPN (a letter, 11 digits, a digit or letter); pseudonymised as given", c.Field))
		case upn.WrongCheckLetter(u):
			// Said by shape only: the check letter is wrong, so the UPN was
			// mistyped and will not link to the same child in other returns.
			issue("invalid_upn", fmt.Sprintf("%s has the wrong check letter for its digits (DfE rule 1510), so it was mistyped and will not link to the child's other records; pseudonymised as given", c.Field))
		}
		fb.(*array.StringBuilder).Append(b.p.UPN(v))
	case UPNFault:
		if f := upn.Fault(strings.ToUpper(v)); f != "" && codeset.Check("UPN_UNKNOWN", v, 0) != "" {
			fb.(*array.StringBuilder).Append(f)
			return
		}
		fb.AppendNull()
	case DOB, Date:
		t, err := b.Dates(v)
		if err != nil {
			issue("invalid_date", fmt.Sprintf("%s is not a date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel date); kept as missing", c.Field))
			fb.AppendNull()
			return
		}
		if c.Kind == DOB {
			t = dates.Month(t)
			if c.Name == "dob_month" {
				if why := implausibleBirth(t, year); why != "" {
					issue("implausible_dob", fmt.Sprintf("%s %s; kept, check it", c.Field, why))
				}
			}
		}
		// Any other date (an event, an expected birth, a child's own baby's
		// birth) that falls before the oldest child of the return was born
		// is mistyped: said here, at its cell, rather than left to surface
		// as a year the bank-holiday calendar lacks. (Dates after the
		// return's end are not checked here: the sector's sample returns
		// carry many, and where a late date is wrong is rule by rule.)
		if c.Name != "dob_month" && beforeAnyChild(t, year) {
			issue("implausible_date", fmt.Sprintf("%s is before any child of the %d return was born (more than %d years before its end); kept, check it", c.Field, year, oldestInReturn))
		}
		fb.(*array.Date32Builder).Append(arrow.Date32(dates.Days(t)))
	case Code:
		code := strings.ToUpper(v)
		if reason := codeset.Check(c.Set, code, year); reason != "" {
			if !codeset.Known(c.Set, code) {
				issue("invalid_code", fmt.Sprintf("%s: %s; kept as missing", c.Field, reason))
				fb.AppendNull()
				return
			}
			// a code of the set, not valid in this year: a code, so kept
			issue("invalid_code", fmt.Sprintf("%s: %s; kept as written", c.Field, reason))
		}
		fb.(*array.StringBuilder).Append(code)
	case Label:
		code, ok := codeset.Normalise(c.Set, v, year)
		if !ok {
			issue("invalid_code", fmt.Sprintf("%s: %s matches no %s code for %d; kept as missing", c.Field, shown(), c.Set, year))
			fb.AppendNull()
			return
		}
		fb.(*array.StringBuilder).Append(code)
	case Int:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n != float64(int32(n)) {
			issue("invalid_number", fmt.Sprintf("%s: %s is not a whole number; kept as missing", c.Field, shown()))
			fb.AppendNull()
			return
		}
		fb.(*array.Int32Builder).Append(int32(n))
	case Float:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			issue("invalid_number", fmt.Sprintf("%s: %s is not a number; kept as missing", c.Field, shown()))
			fb.AppendNull()
			return
		}
		fb.(*array.Float64Builder).Append(n)
	case Postcode:
		out, err := postcode.Outward(v)
		if err != nil {
			issue("invalid_postcode", fmt.Sprintf("%s is not a UK postcode; kept as missing", c.Field))
			fb.AppendNull()
			return
		}
		fb.(*array.StringBuilder).Append(out)
	case URN, LACode, PartialDate, OpenCode:
		kept, want := b.shaped(c.Kind, v)
		if kept == "" {
			issue("invalid_"+kindRule[c.Kind], fmt.Sprintf("%s: %s is not %s; kept as missing", c.Field, shown(), want))
			fb.AppendNull()
			return
		}
		fb.(*array.StringBuilder).Append(kept)
	case Flag:
		switch strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(v), "a) "), "b) ") {
		case "1", "1.0", "true", "yes", "y":
			fb.(*array.BooleanBuilder).Append(true)
		case "0", "0.0", "false", "no", "n":
			fb.(*array.BooleanBuilder).Append(false)
		default:
			issue("invalid_flag", fmt.Sprintf("%s: %s is not yes/no, true/false or 1/0; kept as missing", c.Field, shown()))
			fb.AppendNull()
		}
	default:
		// a kind without a rule keeps nothing: no text passes unshaped
		fb.AppendNull()
	}
}

// kindRule names the issue rule of a shaped kind's bad value.
var kindRule = map[Kind]string{URN: "urn", LACode: "la_code", PartialDate: "date", OpenCode: "code"}

var (
	urnRe          = regexp.MustCompile(`^(?:SC[0-9]{6}|[0-9]{6,7}|X{7})$`)
	partialDateRe  = regexp.MustCompile(`^([0-9]{1,2}|ZZ)/([0-9]{1,2}|ZZ)/([0-9]{4})$`)
	openCodeRe     = regexp.MustCompile(`^[A-Z0-9]{1,3}$`)
	outsideEngland = map[string]bool{"NUK": true, "WAL": true, "SCO": true, "NIR": true}
)

// shaped is v as a column of kind k keeps it, or "" with the shape it
// should have had.
func (b *Builder) shaped(k Kind, v string) (kept, want string) {
	u := strings.ToUpper(strings.Join(strings.Fields(v), ""))
	switch k {
	case URN:
		if urnRe.MatchString(u) {
			return u, ""
		}
		return "", "an Ofsted URN (6 or 7 digits, SC and 6 digits, or XXXXXXX)"
	case LACode:
		switch {
		case len(u) == 3 && strings.Trim(u, "0123456789") == "", outsideEngland[u]:
			return u, ""
		}
		if code, _, ok := b.env.Geography.Resolve(v, v, v); ok {
			return code, ""
		}
		return "", "an LA's 3-digit code, a code or name of an English LA, or NUK, WAL, SCO or NIR"
	case PartialDate:
		if m := partialDateRe.FindStringSubmatch(u); m != nil {
			return partialMonth(m[2], m[3])
		}
		if t, err := b.Dates(v); err == nil { // yyyy-mm-dd, or an Excel date
			return t.Format("2006-01"), ""
		}
		return "", "a date (dd/mm/yyyy, with zz for an unknown day or month)"
	case OpenCode:
		if openCodeRe.MatchString(u) {
			return u, ""
		}
		return "", "a code of 1 to 3 letters or digits"
	}
	return "", "a value of a known shape"
}

// partialMonth is a partial date's month ("2014-03") or, when its month is
// unknown, its year.
func partialMonth(month, year string) (string, string) {
	const want = "a date (dd/mm/yyyy, with zz for an unknown day or month)"
	y, _ := strconv.Atoi(year)
	if y < 1900 || y > 2100 {
		return "", want
	}
	if month == "ZZ" {
		return year, ""
	}
	m, _ := strconv.Atoi(month)
	if m < 1 || m > 12 {
		return "", want
	}
	return fmt.Sprintf("%s-%02d", year, m), ""
}

var upnRe = regexp.MustCompile(`^[A-Z][0-9]{11}[0-9A-Z]$`)

// oldestInReturn is the age no child of a return reaches by the end of its
// year: care leavers are followed to 25.
const oldestInReturn = 26

// beforeAnyChild says whether t is before 1 April of the year the oldest
// child of the return could have been born (or before 1900 when the year
// is unknown).
func beforeAnyChild(t time.Time, year int) bool {
	if year <= 0 {
		return t.Year() < 1900
	}
	return t.Before(time.Date(year-oldestInReturn, time.April, 1, 0, 0, 0, 0, time.UTC))
}

// implausibleBirth says why a child's date of birth (its month) cannot be
// right, or "": in the future, before 1900, or too long before the
// collection year for a child of the return.
func implausibleBirth(month time.Time, year int) string {
	switch {
	case month.After(time.Now()):
		return "is in the future"
	case month.Year() < 1900:
		return "is before 1900"
	case year > 0 && month.Before(time.Date(year-oldestInReturn, time.April, 1, 0, 0, 0, 0, time.UTC)):
		return fmt.Sprintf("makes the child %d or older at the end of the %d return, older than any child in it", oldestInReturn, year)
	}
	return ""
}

// Flush writes the rows appended so far.
func (b *Builder) Flush() error {
	rec := b.rb.NewRecord()
	defer rec.Release()
	if rec.NumRows() == 0 {
		return nil
	}
	return b.w.Write(b.spec.Table, rec)
}

// Rows is how many rows were appended.
func (b *Builder) Rows() int64 { return int64(b.rows) }

// Release frees the builder.
func (b *Builder) Release() { b.rb.Release() }

// Notes say where a file's LA and collection year came from; the run
// reports them (meta.input_file.note).
type Notes struct{ Year, LA string }

func (n Notes) String() string {
	var parts []string
	for _, p := range []string{n.Year, n.LA} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "; ")
}

// FileOrigin works out the LA and collection year for a file's rows when
// they carry no LA or YEAR column: the year from the file name, else config
// collection_year; the LA from config home_la.
func FileOrigin(env *sources.Env, path string) (Origin, Notes) {
	var o Origin
	var n Notes
	if env.Returns == nil {
		return o, n
	}
	if y := YearFromName(filepath.Base(path)); y != 0 {
		o.Year = y
		n.Year = fmt.Sprintf("collection year %d from the file name", y)
	} else if env.Returns.CollectionYear != 0 {
		o.Year = env.Returns.CollectionYear
		n.Year = fmt.Sprintf("collection year %d from config collection_year", o.Year)
	}
	if env.Returns.HomeLA != "" {
		if code, _, ok := env.Geography.Resolve(env.Returns.HomeLA, env.Returns.HomeLA, env.Returns.HomeLA); ok {
			o.LA = code
			n.LA = fmt.Sprintf("LA %s from config home_la", code)
		}
	}
	return o, n
}

var (
	yearSpan   = regexp.MustCompile(`(?:^|[^0-9])(20\d\d)[-_ ]?(\d\d)(?:[^0-9]|$)`)
	yearSingle = regexp.MustCompile(`(?:^|[^0-9])(20\d\d)(?:[^0-9]|$)`)
)

// YearFromName reads a collection year from a file name: "2024-25" or
// "202425" is the year ending 31 March 2025; a lone "2025" is 2025.
func YearFromName(name string) int {
	if m := yearSpan.FindStringSubmatch(name); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if (a+1)%100 == b {
			return a + 1
		}
	}
	if m := yearSingle.FindStringSubmatch(name); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// ParseYear reads a YEAR column: "2025", "2024-25", "2024/25", "202425".
func ParseYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if y, err := strconv.Atoi(s); err == nil && y >= 2000 && y < 2100 {
		return y, true
	}
	if y := YearFromName(s); y != 0 {
		return y, true
	}
	return 0, false
}

// RowOrigin applies a row's own LA and YEAR cells (either may be "") over
// the file's origin, reporting values that do not resolve.
func RowOrigin(env *sources.Env, file Origin, la, year string, at Place, laLabel, yearLabel string) Origin {
	o := file
	if la = strings.TrimSpace(la); la != "" {
		if code, _, ok := env.Geography.Resolve(la, la, la); ok {
			o.LA = code
		} else {
			env.Issues.Add(sources.Issue{File: env.File, Sheet: at.Sheet, Row: at.Row, Column: laLabel, Rule: "unknown_la",
				Message: fmt.Sprintf("the LA column holds %s, not a known LA code or name; the row is kept without an LA", shape.Describe(la))})
			o.LA = ""
		}
	}
	if year = strings.TrimSpace(year); year != "" {
		if y, ok := ParseYear(year); ok {
			if o.YearIsStart && plainYear.MatchString(year) {
				y++
			}
			o.Year = y
		} else {
			env.Issues.Add(sources.Issue{File: env.File, Sheet: at.Sheet, Row: at.Row, Column: yearLabel, Rule: "invalid_year",
				Message: fmt.Sprintf("YEAR holds %s, not a collection year (2025 or 2024-25); the file's year is used", shape.Describe(year))})
		}
	}
	return o
}

// Check is what a file needs before its rows can be read: a key, and a
// collection year and LA from somewhere.
func Check(env *sources.Env, o Origin, hasLA, hasYear bool) error {
	if env.Returns == nil || env.Returns.Pseudo == nil {
		return pseudonym.ErrNoKey
	}
	if o.Year == 0 && !hasYear {
		return fmt.Errorf("no collection year: add a YEAR column, put the year in the file name (e.g. 2024-25) or set collection_year in the config")
	}
	if o.LA == "" && !hasLA {
		if env.Returns.HomeLA != "" {
			return fmt.Errorf("config home_la is not a known LA code or name: give the old 3-digit DfE code, e.g. 358 for Trafford, its ONS code or its name")
		}
		return fmt.Errorf("no LA: add an LA column or set home_la in the config")
	}
	return nil
}
