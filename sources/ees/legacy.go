package ees

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/tabular"
)

// Pre-EES statistical releases (SFR tables, such as SFR50_CLA2017.csv)
// publish one row per geography and one column per measure: geog_l (the
// level: NATIONAL, REGION, LA), geog_c (the old LA code, or a region's
// letter), geog_n (the name), New_geog_code (the ONS code) and LA_order (a
// display order). They carry no time column: the year is in the file
// name, and in the measures' names (CLA_Mar2017). The legacy source reads
// them as EES rows of that year, each measure named without its year, so
// each year's table gives the same measures and older years join the same
// indicators.

// legacyRequired identifies a release table (case-insensitive).
var legacyRequired = []string{"geog_l", "geog_c", "geog_n"}

// legacyGeo are its geography and ordering columns: never measures.
var legacyGeo = map[string]bool{"geog_l": true, "geog_c": true, "geog_n": true, "new_geog_code": true, "la_order": true}

var (
	yearInName  = regexp.MustCompile(`(19|20)\d\d`)
	threeDigits = regexp.MustCompile(`^\d{3}$`)
)

// NewLegacy returns the source for pre-EES release tables.
func NewLegacy() *Source { return &Source{kind: "ees_legacy", legacy: true} }

func isLegacyHeader(row []string) bool {
	has := map[string]bool{}
	for _, h := range row {
		has[strings.ToLower(strings.TrimSpace(h))] = true
	}
	for _, c := range legacyRequired {
		if !has[c] {
			return false
		}
	}
	return true
}

// legacyYear is the release's year: the last year in its file name.
func legacyYear(file string) (string, error) {
	ys := yearInName.FindAllString(filepath.Base(file), -1)
	if len(ys) == 0 {
		return "", fmt.Errorf("a pre-EES release table (geog_l, geog_c, geog_n) has no time column, and its file name gives no year: name the file with the year its figures are for, as DfE did (SFR50_CLA2017.csv is the year ending 31 March 2017)")
	}
	return ys[len(ys)-1], nil
}

// legacyLevels maps geog_l to EES's geographic_level.
var legacyLevels = map[string]string{"national": "National", "england": "National", "region": "Regional", "regional": "Regional",
	"la": "Local authority", "local authority": "Local authority"}

// legacyTable reads a release table as an EES table of year: the EES
// time and geography columns, then every measure, named without the year.
func legacyTable(t *tabular.Table, year string, issue func(sources.Issue)) (*tabular.Table, []string) {
	idx := map[string]int{}
	for i, h := range t.Header {
		idx[strings.ToLower(strings.TrimSpace(h))] = i
	}
	col := func(name string) int {
		if i, ok := idx[name]; ok {
			return i
		}
		return -1
	}
	header := []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
		"region_code", "region_name", "old_la_code", "new_la_code", "la_name"}
	from := []int{-1, -1, col("geog_l"), -1, -1, col("new_geog_code"), col("geog_n"), col("geog_c"), col("new_geog_code"), col("geog_n")}
	var renamed []string
	taken := map[string]bool{}
	for _, h := range t.Header {
		taken[strings.TrimSpace(h)] = true
	}
	for i, h := range t.Header {
		name := strings.TrimSpace(h)
		if legacyGeo[strings.ToLower(name)] {
			continue
		}
		if short := strings.Trim(strings.ReplaceAll(name, year, ""), "_ "); short != name && short != "" && !taken[short] {
			renamed = append(renamed, name+" as "+short)
			taken[short] = true
			name = short
		}
		header = append(header, name)
		from = append(from, i)
	}
	out := make([]string, len(header))
	get := func(rec []string, i int) string {
		if i < 0 {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	inferred := map[int]bool{}
	m := t.Mapped(header, from, func(row int, rec []string) []string {
		raw := get(rec, from[2])
		level, ok := legacyLevels[strings.ToLower(raw)]
		switch {
		case raw == "" && threeDigits.MatchString(get(rec, from[7])):
			// a row left without its level (Isles of Scilly in SFR50_CLA2017)
			level = "Local authority"
			if inferred[row] {
				break // the table is read twice (classify, then emit): reported once
			}
			inferred[row] = true
			issue(sources.Issue{Sheet: t.Sheet, Row: row, Column: t.Column(from[2]), Rule: "level_inferred",
				Message: fmt.Sprintf("geog_l is blank; geog_c %q is an LA code, so the row is read as an LA", get(rec, from[7]))})
		case !ok:
			level = raw // reported by the EES reader as a level it does not rank
		}
		code, name := get(rec, from[5]), get(rec, from[6])
		out[0], out[1], out[2], out[3], out[4] = year, "Reporting year", level, "E92000001", "England"
		for i := 5; i < 10; i++ {
			out[i] = ""
		}
		switch level {
		case "Regional":
			out[5], out[6] = code, name
		case "Local authority":
			out[7], out[8], out[9] = get(rec, from[7]), code, name
		}
		for i := 10; i < len(header); i++ {
			out[i] = rec[from[i]]
		}
		return out
	})
	return m, renamed
}
