package childlevel

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/sources"
)

// A pooled file (several LAs' or years' returns in one table) carries a
// YEAR column. Written as a range (2024-25) it is plain; written as one year
// (2017) it may be the year the collection starts or the year it ends, and
// exports differ. The rows' own dates decide: a return for April Y to March
// Y+1 has its events in that span.

// plainYear is a YEAR written as one year.
var plainYear = regexp.MustCompile(`^\s*(19|20)\d\d\s*$`)

// YearVotes counts, for each plain YEAR value, the rows with a date (not a
// date of birth) in the year starting 1 April YEAR and in the year ending
// 31 March YEAR.
type YearVotes map[int]*[2]int

// Add counts one row: its YEAR cell and its dates.
func (v YearVotes) Add(year string, dates []time.Time) {
	if !plainYear.MatchString(year) {
		return
	}
	y, ok := ParseYear(year)
	if !ok {
		return
	}
	c := v[y]
	if c == nil {
		c = &[2]int{}
		v[y] = c
	}
	start := time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC)
	for _, d := range dates {
		if !d.Before(start) && d.Before(start.AddDate(1, 0, 0)) {
			c[0]++
			return
		}
		if !d.Before(start.AddDate(-1, 0, 0)) && d.Before(start) {
			c[1]++
			return
		}
	}
}

// Decide says whether plain YEARs are the years collections start (so the
// return ends the year after) and a note saying so; problem is set when
// the dates fit neither reading, and the YEARs are then taken as the years
// returns end, as yardstick reads them elsewhere.
func (v YearVotes) Decide() (start bool, note, problem string) {
	if len(v) == 0 {
		return false, "", ""
	}
	var s, e int
	years := make([]int, 0, len(v))
	for y, c := range v {
		s, e = s+c[0], e+c[1]
		years = append(years, y)
	}
	sort.Ints(years)
	span := fmt.Sprintf("YEAR %d", years[0])
	if len(years) > 1 {
		span = fmt.Sprintf("YEAR %d to %d", years[0], years[len(years)-1])
	}
	switch {
	case s > e:
		y := years[0]
		return true, fmt.Sprintf("%s read as the year each return starts (%d rows dated April YEAR to March YEAR+1, %d the year before): YEAR %d is the %d-%02d return, collection year %d", span, s, e, y, y, (y+1)%100, y+1), ""
	case e > s:
		return false, fmt.Sprintf("%s read as the year each return ends (%d rows dated April YEAR-1 to March YEAR, %d the year after)", span, e, s), ""
	case s == 0:
		return false, fmt.Sprintf("%s read as the year each return ends: no dates in the rows to test it against", span), ""
	default:
		return false, fmt.Sprintf("%s read as the year each return ends", span),
			fmt.Sprintf("the rows' dates fit neither reading of %s (%d rows in the year it would start, %d in the year it would end); it is read as the year each return ends: check the file's YEAR", span, s, e)
	}
}

// PooledYear reads a file's rows once to decide what its YEAR column
// means, with each(fn) calling fn for every row's YEAR cell and dates.
// It sets file.YearIsStart, and returns the note (and reports a problem as
// an issue at the YEAR column).
func PooledYear(env *sources.Env, file *Origin, yearLabel string, each func(fn func(year string, dates []time.Time)) error) (string, error) {
	votes := YearVotes{}
	if err := each(func(year string, dates []time.Time) { votes.Add(year, dates) }); err != nil {
		return "", err
	}
	start, note, problem := votes.Decide()
	file.YearIsStart = start
	if problem != "" {
		env.Issues.Add(sources.Issue{File: env.File, Column: yearLabel, Rule: "ambiguous_year", Message: problem})
	}
	return note, nil
}

// ColumnOrigin is what a file's own LA and YEAR columns (-1 when absent)
// make of its origin: a YEAR column is read as PooledYear decides (each
// reads the rows for it), and env.Note says, per part, where the LA and
// the year come from: the columns, or what FileOrigin found.
func ColumnOrigin(env *sources.Env, file *Origin, laCol, yearCol int, yearLabel string, each func(fn func(year string, dates []time.Time)) error) error {
	notes := noteParts(env.Note)
	if yearCol >= 0 {
		note, err := PooledYear(env, file, yearLabel, each)
		if err != nil {
			return err
		}
		notes.Year = "collection year from the YEAR column"
		if note != "" {
			notes.Year += ": " + note
		}
	}
	if laCol >= 0 {
		notes.LA = "LA from the LA column"
	}
	env.Note = notes.String()
	return nil
}

// noteParts splits a FileOrigin note back into its parts.
func noteParts(note string) Notes {
	var n Notes
	for _, p := range strings.Split(note, "; ") {
		switch {
		case strings.HasPrefix(p, "collection year"):
			n.Year = p
		case strings.HasPrefix(p, "LA "):
			n.LA = p
		}
	}
	return n
}

// dateColumns are the positions of a spec's event dates (not dates of
// birth), which PooledYear tests YEAR against.
func dateColumns(spec *Spec, pos []int) []int {
	var out []int
	for i, c := range spec.Columns {
		if c.Kind == Date && i < len(pos) && pos[i] >= 0 {
			out = append(out, pos[i])
		}
	}
	return out
}

// RowDates parses a row's event-date cells (those that parse), for
// PooledYear.
func RowDates(spec *Spec, pos []int, cells []string, parse func(string) (time.Time, error)) []time.Time {
	var out []time.Time
	for _, p := range dateColumns(spec, pos) {
		if t, err := parse(strings.TrimSpace(Cell(cells, p))); err == nil {
			out = append(out, t)
		}
	}
	return out
}
