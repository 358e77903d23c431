// Package ilacs reads Ofsted's outcomes of its inspections of local
// authority children's services (ILACS), as Ofsted publishes them: an
// OpenDocument spreadsheet (or the same sheets saved as xlsx) with title
// rows above each table and several sheets (the latest judgement of every
// LA as at 31 March, the year's inspections and visits, the history since
// 2018). Every sheet with a judgement table is staged, row by row; the
// mart picks each LA's latest and previous judgements from them.
package ilacs

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/tabular"
)

// Table is stage.ilacs_judgement.
const Table = "ilacs_judgement"

// Schema is stage.ilacs_judgement: one row per inspection or visit row of a
// sheet, judgements as published ("Requires improvement to be good") and
// the overall one as a grade too (1 outstanding .. 4 inadequate; NULL for a
// visit, which makes no judgement).
var Schema = arrow.NewSchema([]arrow.Field{
	{Name: "source_sheet", Type: arrow.BinaryTypes.String},
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int64},
	{Name: "la_code", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "la_code_new", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "la_name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "inspection_date", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: "publication_date", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: "inspection_type", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "overall_effectiveness", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "overall_grade", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "leadership", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "help_and_protection", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "children_in_care", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "care_leavers", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// columns by their published header, lower-cased with spaces collapsed; a
// name ending in "*" matches a header that starts with it (Ofsted's
// sub-judgement headers are whole sentences).
var (
	colLACode  = []string{"local authority area code", "la code", "new la code"}
	colLAName  = []string{"local authority name", "local authority"}
	colDate    = []string{"inspection date", "inspection/visit date", "inspection start date"}
	colPublish = []string{"publication date", "published date"}
	colType    = []string{"inspection type", "inspection/visit type"}
	colOverall = []string{"overall effectiveness"}
	colLeaders = []string{"the impact of leaders*"}
	colHelp    = []string{"the experiences and progress of children who need help and protection*"}
	colInCare  = []string{"the experiences and progress of children in care*"}
	colLeavers = []string{"the experiences and progress of care leavers*"}
)

// grades are ILACS's four judgements; "Requires improvement" is the
// earlier framework's name for the third.
var grades = map[string]int32{"outstanding": 1, "good": 2, "requires improvement to be good": 3,
	"requires improvement": 3, "inadequate": 4}

// Source reads ILACS outcomes.
type Source struct{}

func (Source) Kind() string { return "ofsted_ilacs" }

func (Source) Tables() []sources.Table { return []sources.Table{{Name: Table, Schema: Schema}} }

func (Source) Recognise(s *sources.Sample) bool {
	return (s.Ext() == ".ods" || s.Ext() == ".xlsx") && s.AnySheetRow(isHeader)
}

// isHeader: an LA, an inspection date and the overall judgement.
func isHeader(row []string) bool {
	idx := tabular.HeaderIndex(row)
	return tabular.Find(idx, colLACode) >= 0 && tabular.Find(idx, colDate) >= 0 && tabular.Find(idx, colOverall) >= 0
}

func (Source) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	tables, closeAll, err := tabular.Open(path, isHeader, "an ILACS judgement table (Local authority area code, Inspection date, Overall effectiveness)")
	if err != nil {
		return 0, err
	}
	defer closeAll()
	b := array.NewRecordBuilder(env.Alloc, Schema)
	defer b.Release()
	var rows int64
	var sheets []string
	for _, t := range tables {
		n, err := readTable(ctx, t, env, b)
		rows += n
		if err != nil {
			return rows, fmt.Errorf("sheet %q: %w", t.Sheet, err)
		}
		sheets = append(sheets, fmt.Sprintf("%s (%d rows)", t.Sheet, n))
	}
	rec := b.NewRecord()
	defer rec.Release()
	if err := w.Write(Table, rec); err != nil {
		return rows, err
	}
	env.Note = "ILACS judgements from sheets " + strings.Join(sheets, ", ")
	return rows, nil
}

func readTable(ctx context.Context, t *tabular.Table, env *sources.Env, b *array.RecordBuilder) (int64, error) {
	idx := tabular.HeaderIndex(t.Header)
	c := func(names []string) int { return tabular.Find(idx, names) }
	iCode, iName, iDate, iPublish, iType := c(colLACode), c(colLAName), c(colDate), c(colPublish), c(colType)
	iOverall := c(colOverall)
	subs := []int{c(colLeaders), c(colHelp), c(colInCare), c(colLeavers)}
	cells := tabular.Cells{T: t, B: b, Env: env, DateRule: "invalid_date"}
	get, issue, str, date := cells.Get, cells.Issue, cells.Text, cells.Date
	judgement := func(i, col int, rec []string, row int) int32 {
		s := get(rec, col)
		str(i, s)
		if s == "" {
			return 0
		}
		g, ok := grades[strings.ToLower(strings.Join(strings.Fields(s), " "))]
		if !ok {
			issue(row, col, "unknown_judgement", fmt.Sprintf("%q is not an ILACS judgement (Outstanding, Good, Requires improvement to be good, Inadequate); kept as published, not graded", s))
		}
		return g
	}
	unknownLA := map[string]bool{}
	var rows int64
	err := t.Each(ctx, func(row int, rec []string) error {
		newCode, name := get(rec, iCode), get(rec, iName)
		if newCode == "" && name == "" {
			return nil // a note or total row below the table
		}
		code, _, ok := env.Geography.Resolve("", newCode, name)
		if !ok {
			code = ""
			if k := newCode + "|" + name; !unknownLA[k] {
				unknownLA[k] = true
				issue(row, iCode, "unknown_la", fmt.Sprintf("LA not recognised (code %q, name %q); its judgements are kept in stage.ilacs_judgement without an la_code. If it is a real LA (new, or renamed), add it to a las.csv among the inputs", newCode, name))
			}
		}
		str(0, t.Sheet)
		b.Field(1).(*array.Int64Builder).Append(int64(row))
		str(2, code)
		str(3, newCode)
		str(4, name)
		date(5, iDate, rec, row)
		date(6, iPublish, rec, row)
		str(7, get(rec, iType))
		if g := judgement(8, iOverall, rec, row); g > 0 {
			b.Field(9).(*array.Int32Builder).Append(g)
		} else {
			b.Field(9).AppendNull()
		}
		for k, col := range subs {
			judgement(10+k, col, rec, row)
		}
		rows++
		return nil
	})
	return rows, err
}
