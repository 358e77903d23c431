// Package annexa reads Ofsted's Annex A workbook (Lists 1 to 11: contacts,
// early help, referrals, assessments, S47 enquiries, children in need, child
// protection, children looked after, care leavers, adoption, adopters) into
// stage.annex_a_list_1 .. stage.annex_a_list_11. Lists are matched by their
// headers, not sheet names, which vary across years and councils; labels
// such as "a) WBRI" become codes.
package annexa

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/yardstick-etl/yardstick/sources"
	cl "github.com/yardstick-etl/yardstick/sources/childlevel"
)

// Source is the Annex A workbook.
type Source struct{}

func (Source) Kind() string { return "annex_a" }
func (Source) ChildLevel()  {}

// Table names the stage table of list n.
func Table(n int) string { return "annex_a_list_" + strconv.Itoa(n) }

var specs = func() map[int]*cl.Spec {
	m := map[int]*cl.Spec{}
	for _, l := range lists {
		s := &cl.Spec{Table: Table(l.n), SheetNames: []string{"List " + strconv.Itoa(l.n), "Annex A List " + strconv.Itoa(l.n)}}
		for _, c := range l.columns {
			s.Columns = append(s.Columns, c.Column)
		}
		m[l.n] = s
	}
	return m
}()

func (Source) Tables() []sources.Table {
	var out []sources.Table
	for _, l := range lists {
		out = append(out, specs[l.n].SourceTable())
	}
	return out
}

// match returns the list whose key headers a header row has, or nil.
func match(header []string) *list {
	idx := cl.Index(header)
	for i := range lists {
		ok := true
		for _, k := range lists[i].keys {
			if _, found := idx[cl.Key(k)]; !found {
				ok = false
				break
			}
		}
		if ok {
			return &lists[i]
		}
	}
	return nil
}

func (Source) Recognise(s *sources.Sample) bool {
	if s.Ext() != ".xlsx" {
		return false
	}
	for _, rows := range s.Sheets {
		for _, r := range rows {
			if match(r) != nil {
				return true
			}
		}
	}
	return false
}

// positions maps a list's columns to the header's (-1 when the workbook
// leaves a column out; the stage column is then NULL).
func positions(l *list, header []string) []int {
	idx := cl.Index(header)
	pos := make([]int, len(l.columns))
	for i, c := range l.columns {
		pos[i] = -1
		for _, h := range c.headers {
			if p, ok := idx[cl.Key(h)]; ok {
				pos[i] = p
				break
			}
		}
	}
	return pos
}

func (Source) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	file, notes := cl.FileOrigin(env, path)
	env.Note = notes.String()
	total, found, err := cl.ReadWorkbook(ctx, path, env, w, file, func(h []string) bool { return match(h) != nil },
		func(h []string) (*cl.Spec, []int, string, error) {
			l := match(h)
			return specs[l.n], positions(l, h), fmt.Sprintf("List %d", l.n), nil
		})
	if err != nil {
		return total, err
	}
	if len(found) == 0 {
		return 0, fmt.Errorf("no sheet has the header of an Annex A list")
	}
	env.Note = strings.Join(append([]string{env.Note}, found...), "; ")
	return total, nil
}
