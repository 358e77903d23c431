package tabular

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
)

// Cells puts a table's cells into a record builder: the helpers the
// sources that read published tables by column name share.
type Cells struct {
	T        *Table
	B        *array.RecordBuilder
	Env      *sources.Env
	Blank    func(s string) bool // a cell that means no value; nil: only ""
	DateRule string              // the issue rule for a cell that is not a date
}

// Get is the trimmed text of column i, "" when the table lacks it (i < 0).
func (c Cells) Get(rec []string, i int) string {
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// Issue reports a cell of the table.
func (c Cells) Issue(row, col int, rule, msg string) {
	c.Env.Issues.Add(sources.Issue{File: c.Env.File, Sheet: c.T.Sheet, Row: row, Column: c.T.Column(col), Rule: rule, Message: msg})
}

func (c Cells) blank(s string) bool {
	if c.Blank != nil {
		return c.Blank(s)
	}
	return s == ""
}

// Text appends s to string field f, NULL for "".
func (c Cells) Text(f int, s string) {
	if s == "" {
		c.B.Field(f).AppendNull()
		return
	}
	c.B.Field(f).(*array.StringBuilder).Append(s)
}

// Date appends column col of rec to date field f: NULL when blank, and
// NULL with an issue when it is not a date.
func (c Cells) Date(f, col int, rec []string, row int) {
	s := c.Get(rec, col)
	if c.blank(s) {
		c.B.Field(f).AppendNull()
		return
	}
	d, err := c.T.Date(s)
	if err != nil {
		c.Issue(row, col, c.DateRule, fmt.Sprintf("%q is not a date; loaded as NULL", s))
		c.B.Field(f).AppendNull()
		return
	}
	c.B.Field(f).(*array.Date32Builder).Append(arrow.Date32FromTime(d))
}
