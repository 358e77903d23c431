// Package ofsted reads Ofsted's state-funded schools inspections and
// outcomes management information (CSV or xlsx): one row per school with
// its URN, LAESTAB, phase, pupils and latest overall effectiveness grade
// (1 outstanding, 2 good, 3 requires improvement, 4 inadequate). From it the
// warehouse ranks LAs by the share of schools, and of pupils, in good or
// outstanding schools.
package ofsted

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/tabular"
)

// Table is stage.school_inspection.
const Table = "school_inspection"

// Schema is stage.school_inspection: one row per school as published.
var Schema = arrow.NewSchema([]arrow.Field{
	{Name: "source_sheet", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int64},
	{Name: "urn", Type: arrow.BinaryTypes.String},
	{Name: "laestab", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "school_name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "phase", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "la_code", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "pupils", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "overall_effectiveness", Type: arrow.PrimitiveTypes.Int32, Nullable: true}, // 1..4; NULL when not graded
	{Name: "judgement", Type: arrow.BinaryTypes.String, Nullable: true},               // as published ("2", "Not judged", ...)
	{Name: "inspection_start_date", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: "publication_date", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
}, nil)

// Columns by their published names, lower-cased. The first name found wins.
var (
	colURN     = []string{"urn"}
	colLAESTAB = []string{"laestab"}
	colName    = []string{"school name"}
	colPhase   = []string{"ofsted phase", "phase"}
	colLA      = []string{"local authority"}
	colPupils  = []string{"total number of pupils", "number of pupils"}
	colOverall = []string{"overall effectiveness"}
	colStart   = []string{"inspection start date"}
	colPublish = []string{"publication date", "inspection publication date"}
	// blank is what the file writes for no value, in any column.
	blank = map[string]bool{"": true, "null": true, "n/a": true}
	// An overall effectiveness that is no grade: blank, "Not judged", or
	// Ofsted's 9 for not applicable.
	notJudged   = map[string]bool{"not judged": true, "9": true}
	gradeLabels = map[string]int32{"outstanding": 1, "good": 2, "requires improvement": 3, "inadequate": 4}
)

// Source reads the management information file.
type Source struct{}

func (Source) Kind() string { return "ofsted_schools" }

func (Source) Tables() []sources.Table { return []sources.Table{{Name: Table, Schema: Schema}} }

func (Source) Recognise(s *sources.Sample) bool {
	switch s.Ext() {
	case ".csv":
		return isHeader(s.Header)
	case ".xlsx":
		return s.AnySheetRow(isHeader)
	}
	return false
}

// isHeader: URN and the overall effectiveness grade, with an LA to put the
// school in.
func isHeader(row []string) bool {
	idx := tabular.HeaderIndex(row)
	return tabular.Find(idx, colURN) >= 0 && tabular.Find(idx, colOverall) >= 0 && (tabular.Find(idx, colLAESTAB) >= 0 || tabular.Find(idx, colLA) >= 0)
}

func (Source) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	tables, closeAll, err := tabular.Open(path, isHeader, "Ofsted's columns (URN, LAESTAB or Local authority, Overall effectiveness)")
	if err != nil {
		return 0, err
	}
	defer closeAll()
	b := array.NewRecordBuilder(env.Alloc, Schema)
	defer b.Release()
	var rows int64
	for _, t := range tables {
		n, err := readTable(ctx, t, env, b, w)
		rows += n
		if err != nil {
			if t.Sheet != "" {
				return rows, fmt.Errorf("sheet %q: %w", t.Sheet, err)
			}
			return rows, err
		}
	}
	return rows, nil
}

func readTable(ctx context.Context, t *tabular.Table, env *sources.Env, b *array.RecordBuilder, w sources.Writer) (int64, error) {
	idx := tabular.HeaderIndex(t.Header)
	c := func(names []string) int { return tabular.Find(idx, names) }
	iURN, iLAESTAB, iName, iPhase, iLA := c(colURN), c(colLAESTAB), c(colName), c(colPhase), c(colLA)
	iPupils, iOverall, iStart, iPublish := c(colPupils), c(colOverall), c(colStart), c(colPublish)
	cells := tabular.Cells{T: t, B: b, Env: env, DateRule: "bad_date", Blank: func(s string) bool { return blank[strings.ToLower(s)] }}
	get, issue, str, date := cells.Get, cells.Issue, cells.Text, cells.Date
	unknownLA := map[string]bool{}
	var rows, pending int64
	flush := func() error {
		if pending == 0 {
			return nil
		}
		rec := b.NewRecord()
		defer rec.Release()
		pending = 0
		return w.Write(Table, rec)
	}
	err := t.Each(ctx, func(row int, rec []string) error {
		urn := get(rec, iURN)
		if urn == "" {
			issue(row, iURN, "missing_urn", "the row has no URN; kept, but it cannot be matched to school results")
		}
		laestab := get(rec, iLAESTAB)
		laName := get(rec, iLA)
		oldCode := ""
		if len(laestab) >= 3 {
			oldCode = laestab[:3] // DfE number: LA code then establishment
		}
		code, _, ok := env.Geography.Resolve(oldCode, "", laName)
		if !ok {
			code = ""
			if k := oldCode + "|" + laName; !unknownLA[k] {
				unknownLA[k] = true
				col := iLAESTAB
				if col < 0 {
					col = iLA
				}
				issue(row, col, "unknown_la", fmt.Sprintf("the school's LA is not recognised (LAESTAB starts %q, local authority %q); kept without an la_code and left out of LA shares", oldCode, laName))
			}
		}
		str(0, t.Sheet)
		b.Field(1).(*array.Int64Builder).Append(int64(row))
		b.Field(2).(*array.StringBuilder).Append(urn)
		str(3, laestab)
		str(4, get(rec, iName))
		str(5, get(rec, iPhase))
		str(6, code)
		pupils := get(rec, iPupils)
		if n, err := strconv.ParseInt(pupils, 10, 64); err == nil && n >= 0 {
			b.Field(7).(*array.Int64Builder).Append(n)
		} else {
			if !blank[strings.ToLower(pupils)] {
				issue(row, iPupils, "not_a_count", fmt.Sprintf("%q is not a number of pupils; loaded as NULL", pupils))
			}
			b.Field(7).AppendNull()
		}
		j := get(rec, iOverall)
		grade, known := parseGrade(j)
		switch {
		case known && grade > 0:
			b.Field(8).(*array.Int32Builder).Append(grade)
		case known:
			b.Field(8).AppendNull()
		default:
			issue(row, iOverall, "unknown_grade", fmt.Sprintf("overall effectiveness %q is not 1-4, a grade name or \"Not judged\"; kept as published, not counted", j))
			b.Field(8).AppendNull()
		}
		str(9, j)
		date(10, iStart, rec, row)
		date(11, iPublish, rec, row)
		rows++
		pending++
		if pending >= int64(env.Batch()) {
			return flush()
		}
		return nil
	})
	if err != nil {
		return rows, err
	}
	return rows, flush()
}

// parseGrade reads an overall effectiveness judgement: 1-4 or its name;
// "Not judged", blank or NULL are known and ungraded (0).
func parseGrade(s string) (int32, bool) {
	l := strings.ToLower(strings.TrimSpace(s))
	if blank[l] || notJudged[l] {
		return 0, true
	}
	if g, ok := gradeLabels[l]; ok {
		return g, true
	}
	if n, err := strconv.Atoi(l); err == nil && n >= 1 && n <= 4 {
		return int32(n), true
	}
	return 0, false
}
