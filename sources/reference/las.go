// Package reference reads the reference files yardstick benchmarks with:
// DfE's LA list and the LAIT statistical-neighbours workbook. (ONS population
// comes in EES layout and is read by sources/ees.)
package reference

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// LAList reads DfE's LA list (new_la_code, la_name, date_of_operation,
// date_of_termination, parent_geography_code, ..., old_la_code). A run with
// one among its inputs resolves geography with it instead of the built-in list.
type LAList struct{}

var laListColumns = []string{"new_la_code", "la_name", "date_of_operation", "date_of_termination", "parent_geography_code", "old_la_code"}

func (LAList) Kind() string { return "la_list" }

func (LAList) Tables() []sources.Table { return nil } // becomes ref.la directly

func (LAList) Recognise(s *sources.Sample) bool {
	return s.Ext() == ".csv" && hasAll(s.Header, laListColumns)
}

func (LAList) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	las, err := ReadLAList(path, env.File, env.Issues)
	return int64(len(las)), err
}

// ReadLAList returns the LAs of a las.csv. Rows that are not one LA (the
// combined "940 / 941" rows, pre-2009 rows coded x, overseas establishments)
// are left out, each with an issue saying so.
func ReadLAList(path, file string, issues *sources.Issues) ([]geography.LA, error) {
	r, err := csvfile.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	idx := index(r.Header)
	var out []geography.LA
	err = r.Each(context.Background(), func(rec []string) error {
		get := func(c string) string { return strings.TrimSpace(rec[idx[c]]) }
		code := get("old_la_code")
		region := get("parent_geography_code")
		if !isOldCode(code) || geography.RegionName(region) == "" {
			issues.Add(sources.Issue{File: file, Row: r.Row(), Column: "old_la_code", Rule: "not_an_la",
				Message: fmt.Sprintf("%q (old_la_code %q, region %q) is not a single English LA; left out of ref.la", get("la_name"), code, region)})
			return nil
		}
		from, err1 := isoDate(get("date_of_operation"))
		to, err2 := isoDate(get("date_of_termination"))
		if err := errors.Join(err1, err2); err != nil {
			return fmt.Errorf("row %d: %w", r.Row(), err)
		}
		out = append(out, geography.LA{Code: code, CodeNew: get("new_la_code"), Name: get("la_name"),
			RegionCode: geography.RankingRegion(region), ValidFrom: from, ValidTo: to})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no LA rows with a 3-digit old_la_code")
	}
	return out, nil
}

func isOldCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isoDate turns dd/mm/yyyy (or ISO) into ISO; empty stays empty.
func isoDate(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	for _, layout := range []string{"02/01/2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return "", fmt.Errorf("date %q is neither dd/mm/yyyy nor yyyy-mm-dd", s)
}

func index(header []string) map[string]int {
	m := make(map[string]int, len(header))
	for i, h := range header {
		m[strings.TrimSpace(h)] = i
	}
	return m
}

func hasAll(header []string, cols []string) bool {
	m := index(header)
	for _, c := range cols {
		if _, ok := m[c]; !ok {
			return false
		}
	}
	return true
}
