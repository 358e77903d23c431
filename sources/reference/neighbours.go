package reference

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/xlsx"
)

// NeighbourTable is the staged table of statistical neighbours.
const NeighbourTable = "statistical_neighbour"

// NeighbourSchema is stage.statistical_neighbour, from which
// ref.statistical_neighbour is built.
var NeighbourSchema = arrow.NewSchema([]arrow.Field{
	{Name: "la_code", Type: arrow.BinaryTypes.String},
	{Name: "neighbour_code", Type: arrow.BinaryTypes.String},
	{Name: "neighbour_rank", Type: arrow.PrimitiveTypes.Int32},
	{Name: "closeness", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "model", Type: arrow.BinaryTypes.String},
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int64},
}, nil)

// Neighbours reads DfE's children's services statistical neighbours in the
// LAIT workbook layout: title rows, a header row with "LA number" and SN1..SN10
// each followed by its closeness (SNP), the LAs, then an "Old SNs:" block for
// pre-reorganisation LAs, which is read too.
type Neighbours struct{}

func (Neighbours) Kind() string { return "statistical_neighbours" }

func (Neighbours) Tables() []sources.Table {
	return []sources.Table{{Name: NeighbourTable, Schema: NeighbourSchema}}
}

func (Neighbours) Recognise(s *sources.Sample) bool {
	for _, rows := range s.Sheets {
		for _, r := range rows {
			if snHeader(r) != nil {
				return true
			}
		}
	}
	return false
}

// snHeader returns the column of "LA number" and of SN1..SN10 when row is the
// header row, else nil.
func snHeader(row []string) []int {
	la := -1
	sn := make([]int, 10)
	found := 0
	for i, c := range row {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "la number" {
			la = i
		}
		var k int
		if n, _ := fmt.Sscanf(c, "sn%d", &k); n == 1 && k >= 1 && k <= 10 && c == fmt.Sprintf("sn%d", k) {
			sn[k-1] = i
			found++
		}
	}
	if la < 0 || found != 10 {
		return nil
	}
	return append([]int{la}, sn...)
}

var yearRe = regexp.MustCompile(`(19|20)\d\d`)

// Model names the neighbour set by the year in the file name ("2025" for
// statistical_neighbours_2025.xlsx), else the file's base name.
func Model(path string) string {
	base := filepath.Base(path)
	if y := yearRe.FindString(base); y != "" {
		return y
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func (Neighbours) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	b := array.NewRecordBuilder(env.Alloc, NeighbourSchema)
	defer b.Release()
	model := Model(path)
	wb, err := xlsx.Open(path)
	if err != nil {
		return 0, err
	}
	defer wb.Close()
	var t *xlsx.Table
	for _, sheet := range wb.Sheets() {
		if t, err = wb.FindTable(sheet, func(h []string) bool { return snHeader(h) != nil }); err != nil || t != nil {
			break
		}
	}
	if err != nil {
		return 0, err
	}
	if t == nil {
		return 0, fmt.Errorf("no header row with \"LA number\" and SN1 to SN10")
	}
	cols := snHeader(t.Header)
	sheet := t.Sheet
	var rows int64
	seen := map[string]bool{}
	err = t.Each(ctx, func(row int, cells []string) error {
		cell := func(i int) string {
			if i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		la := cell(cols[0])
		if la == "" {
			return nil // blank rows and the "Old SNs:" label
		}
		issue := func(col int, msg string) {
			env.Issues.Add(sources.Issue{File: env.File, Sheet: sheet, Row: row, Column: sources.ColumnLetter(col), Rule: "bad_neighbour", Message: msg})
		}
		code, _, ok := env.Geography.Resolve(la, "", "")
		if !ok {
			issue(cols[0], fmt.Sprintf("LA number %q is not a known LA code; its neighbours are left out", la))
			return nil
		}
		if seen[code] {
			issue(cols[0], fmt.Sprintf("LA %s is listed twice; the first row is used", code))
			return nil
		}
		seen[code] = true
		got := 0
		for k, c := range cols[1:] {
			n := cell(c)
			if n == "" || n == "-" {
				continue
			}
			nc, _, ok := env.Geography.Resolve(n, "", "")
			if !ok {
				issue(c, fmt.Sprintf("neighbour %d of LA %s, %q, is not a known LA code; left out", k+1, code, n))
				continue
			}
			b.Field(0).(*array.StringBuilder).Append(code)
			b.Field(1).(*array.StringBuilder).Append(nc)
			b.Field(2).(*array.Int32Builder).Append(int32(k + 1))
			if cl := closeness(cell(c + 1)); cl != "" {
				b.Field(3).(*array.StringBuilder).Append(cl)
			} else {
				b.Field(3).(*array.StringBuilder).AppendNull()
			}
			b.Field(4).(*array.StringBuilder).Append(model)
			b.Field(5).(*array.Int64Builder).Append(int64(row))
			rows++
			got++
		}
		if got == 0 {
			issue(cols[0], fmt.Sprintf("LA %s has no statistical neighbours in this file", code))
		}
		return nil
	})
	if err != nil {
		return rows, err
	}
	rec := b.NewRecord()
	defer rec.Release()
	return rows, w.Write(NeighbourTable, rec)
}

// closeness normalises the label's capitalisation ("Very Close" and "Very
// close" are one label).
func closeness(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "-" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
