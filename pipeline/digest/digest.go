// Package digest says, for one LA, what the nightly runs changed: the
// morning-after reading of meta.change (new releases with the LA's
// figure, revisions, rank and quartile moves, own figures that crossed a
// published quartile boundary, new validation failures, inputs rejected or
// kept), as text for a terminal, Markdown or HTML.
package digest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/yardstick-etl/yardstick/pipeline/terminal"
)

// Run is one publishing run's comparison (meta.change_run).
type Run struct {
	ID, Previous string
	Compared     bool
	Note         string
}

// Figure is one of the LA's figures that changed: across several runs
// the first run's old side and the last run's new one.
type Figure struct {
	Kind, IndicatorID, Label, Unit, Theme, Period string
	Old, New, England                             sql.NullFloat64
	OldRank, NewRank, Count                       sql.NullInt64
	OldQuartile, NewQuartile                      sql.NullString
	VsEngland                                     sql.NullString // by the figure's confidence interval, as mart.la_benchmark says
	themeOrder                                    int
}

// Failures is one rule's new validation failures for the LA and a year.
type Failures struct {
	Rule, Year, Message string
	N                   int
}

// Input is an input a run rejected or replaced by its last good version.
type Input struct {
	Kind, Path, Reason string
}

// Digest is what changed for one LA over one or more runs.
type Digest struct {
	LA, LAName string
	Runs       []Run
	// the LA's figures, by section
	NewReleases, Revisions, Moves, Withdrawn, OwnCrossed []Figure
	OwnMoved                                             int // own figures that moved, crossing or not
	Validation                                           []Failures
	Resolved                                             int // validation failures gone
	Inputs                                               []Input
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Read reads the digest of la from a published warehouse: the newest
// run's changes, or with since every run after a date (YYYY-MM-DD, runs
// on or after it) or after a run id.
func Read(ctx context.Context, db *sql.DB, la, since string) (*Digest, error) {
	d := &Digest{LA: la}
	// the LA's current name, as the extracts name their files
	err := db.QueryRowContext(ctx, `SELECT coalesce(la_name, '') FROM ref.la WHERE la_code = $1 ORDER BY valid_from DESC NULLS FIRST LIMIT 1`, la).Scan(&d.LAName)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	all, err := runs(ctx, db)
	if err != nil {
		return nil, err
	}
	if d.Runs, err = pick(all, since); err != nil {
		return nil, err
	}
	if len(d.Runs) == 0 {
		return d, nil
	}
	ids := make([]any, len(d.Runs))
	marks := make([]string, len(d.Runs))
	for i, r := range d.Runs {
		ids[i] = r.ID
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	in := strings.Join(marks, ", ")
	args := append([]any{la}, ids...)
	if err := d.readFigures(ctx, db, in, args); err != nil {
		return nil, err
	}
	if err := d.readValidation(ctx, db, in, args); err != nil {
		return nil, err
	}
	return d, d.readInputs(ctx, db, ids)
}

// runs lists the runs meta.change_run keeps, oldest first.
func runs(ctx context.Context, db *sql.DB) ([]Run, error) {
	rows, err := db.QueryContext(ctx, `SELECT run_id, coalesce(previous_run_id, ''), compared, note FROM meta.change_run ORDER BY run_id`)
	if err != nil {
		if strings.Contains(err.Error(), "change_run") {
			return nil, errors.New("the warehouse has no meta.change_run: it was published by a yardstick before the digest; the next run records its changes")
		}
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		if err := rows.Scan(&r.ID, &r.Previous, &r.Compared, &r.Note); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// pick chooses the runs since asks for: the newest (since ""), those on or
// after a date, or those after a run id.
func pick(all []Run, since string) ([]Run, error) {
	switch {
	case len(all) == 0:
		return nil, nil
	case since == "":
		return all[len(all)-1:], nil
	case dateRE.MatchString(since):
		day := strings.ReplaceAll(since, "-", "") // run ids begin with their UTC start, 20261207T...
		i := sort.Search(len(all), func(i int) bool { return all[i].ID >= day })
		return all[i:], nil
	}
	for i, r := range all {
		if r.ID == since {
			return all[i+1:], nil
		}
	}
	return nil, fmt.Errorf("--since %q is neither a date (YYYY-MM-DD) nor a run the warehouse keeps changes for (%s to %s)",
		since, all[0].ID, all[len(all)-1].ID)
}

// readFigures reads the LA's changed figures with their indicator's label,
// unit and theme, and England's value and the count ranked from the
// published marts, collapsing a figure changed in several runs into one.
func (d *Digest) readFigures(ctx context.Context, db *sql.DB, in string, args []any) error {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`
SELECT c.kind, c.indicator_id, coalesce(i.label, c.indicator_id), coalesce(i.unit, ''),
       coalesce(t.title, i.theme, 'other'), coalesce(t.sort_order, 999), c.period,
       c.old_value, c.new_value, b.england_value, c.old_rank, c.new_rank, b.national_count,
       c.old_quartile, c.new_quartile, b.vs_england
FROM meta.change c
LEFT JOIN ref.indicator i USING (indicator_id)
LEFT JOIN ref.theme t ON t.theme_id = i.theme
LEFT JOIN mart.la_benchmark b ON b.indicator_id = c.indicator_id AND b.period = c.period AND b.la_code = c.la_code
WHERE c.la_code = $1 AND c.run_id IN (%s) AND c.indicator_id IS NOT NULL
ORDER BY c.run_id`, in), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type key struct{ kind, ind, period string }
	seen := map[key]*Figure{}
	var order []key
	for rows.Next() {
		var f Figure
		if err := rows.Scan(&f.Kind, &f.IndicatorID, &f.Label, &f.Unit, &f.Theme, &f.themeOrder, &f.Period,
			&f.Old, &f.New, &f.England, &f.OldRank, &f.NewRank, &f.Count, &f.OldQuartile, &f.NewQuartile, &f.VsEngland); err != nil {
			return err
		}
		k := key{f.Kind, f.IndicatorID, f.Period}
		if was, ok := seen[k]; ok { // a later run: its new side, the first run's old
			f.Old, f.OldRank, f.OldQuartile = was.Old, was.OldRank, was.OldQuartile
			*was = f
			continue
		}
		seen[k] = &f
		order = append(order, k)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var moves []Figure
	for _, k := range order {
		f := *seen[k]
		if f.Kind != "new_period" && f.Kind != "withdrawn" && f.unmoved() {
			continue // moved and moved back within the runs
		}
		switch f.Kind {
		case "new_period":
			d.NewReleases = append(d.NewReleases, f)
		case "revised":
			d.Revisions = append(d.Revisions, f)
		case "rank", "quartile":
			moves = append(moves, f)
		case "withdrawn":
			d.Withdrawn = append(d.Withdrawn, f)
		case "own_changed":
			d.OwnMoved++
			if f.OldQuartile.Valid && f.NewQuartile.Valid && f.OldQuartile.String != f.NewQuartile.String {
				d.OwnCrossed = append(d.OwnCrossed, f)
			}
		}
	}
	d.Moves = mergeMoves(moves)
	for _, s := range []*[]Figure{&d.NewReleases, &d.Revisions, &d.Moves, &d.Withdrawn, &d.OwnCrossed} {
		sortFigures(*s)
	}
	return nil
}

// unmoved says whether a figure's first old side and last new side are
// the same.
func (f Figure) unmoved() bool {
	return f.Old == f.New && f.OldRank == f.NewRank && f.OldQuartile == f.NewQuartile
}

// mergeMoves makes one line of a figure's rank and quartile moves (both
// rows of meta.change carry both), blanking the one that did not move.
func mergeMoves(moves []Figure) []Figure {
	var out []Figure
	seen := map[[2]string]bool{}
	for _, f := range moves {
		k := [2]string{f.IndicatorID, f.Period}
		if seen[k] {
			continue
		}
		seen[k] = true
		f.Kind = "move"
		if f.OldQuartile.String == f.NewQuartile.String {
			f.OldQuartile, f.NewQuartile = sql.NullString{}, sql.NullString{}
		}
		if f.OldRank.Int64 == f.NewRank.Int64 {
			f.OldRank, f.NewRank = sql.NullInt64{}, sql.NullInt64{}
		}
		out = append(out, f)
	}
	return out
}

func sortFigures(fs []Figure) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.themeOrder != b.themeOrder {
			return a.themeOrder < b.themeOrder
		}
		if a.Theme != b.Theme {
			return a.Theme < b.Theme
		}
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		return a.Period < b.Period
	})
}

// readValidation reads the rules with new failures for the LA, per year.
func (d *Digest) readValidation(ctx context.Context, db *sql.DB, in string, args []any) error {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`
SELECT c.rule_code, c.period, sum(c.failures)::INTEGER,
       coalesce((SELECT any_value(r.message) FROM ref.validation_rule r WHERE r.rule_code = c.rule_code), '')
FROM meta.change c
WHERE c.la_code = $1 AND c.run_id IN (%s) AND c.kind = 'validation_new'
GROUP BY c.rule_code, c.period
ORDER BY c.period, sum(c.failures) DESC, c.rule_code`, in), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var f Failures
		if err := rows.Scan(&f.Rule, &f.Year, &f.N, &f.Message); err != nil {
			return err
		}
		d.Validation = append(d.Validation, f)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return db.QueryRowContext(ctx, fmt.Sprintf(`SELECT coalesce(sum(failures), 0)::INTEGER FROM meta.change
WHERE la_code = $1 AND run_id IN (%s) AND kind = 'validation_resolved'`, in), args...).Scan(&d.Resolved)
}

// readInputs reads the inputs the runs rejected or kept from an earlier
// version, with the reason the newest warehouse gives.
func (d *Digest) readInputs(ctx context.Context, db *sql.DB, ids []any) error {
	marks := make([]string, len(ids))
	for i := range ids {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`
SELECT DISTINCT c.kind, c.source_file, coalesce(f.reason, '')
FROM meta.change c
LEFT JOIN meta.input_file f ON f.path = c.source_file
WHERE c.run_id IN (%s) AND c.kind IN ('input_rejected', 'input_kept')
ORDER BY c.kind, c.source_file`, strings.Join(marks, ", ")), ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var i Input
		if err := rows.Scan(&i.Kind, &i.Path, &i.Reason); err != nil {
			return err
		}
		d.Inputs = append(d.Inputs, i)
	}
	return rows.Err()
}

// Changed says whether anything is in the digest.
func (d *Digest) Changed() bool {
	return len(d.NewReleases)+len(d.Revisions)+len(d.Moves)+len(d.Withdrawn)+d.OwnMoved+len(d.Validation)+d.Resolved+len(d.Inputs) > 0
}

// name is the LA as the digest names it: "Trafford (358)".
func (d *Digest) name() string {
	if d.LAName == "" {
		return "LA " + d.LA
	}
	return fmt.Sprintf("%s (%s)", d.LAName, d.LA)
}

// Summary is the digest in one line, for a run's log: "3 new periods, 1
// revision, 2 rank moves for Trafford".
func (d *Digest) Summary() string {
	if len(d.Runs) == 0 || !d.anyCompared() {
		return "first run: nothing to compare with for " + d.nameShort()
	}
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, terminal.Count(n, one, many))
		}
	}
	add(periods(d.NewReleases), "new period", "new periods")
	add(len(d.Revisions), "revision", "revisions")
	ranks, quartiles := 0, 0
	for _, m := range d.Moves {
		if m.NewRank.Valid {
			ranks++
		}
		if m.NewQuartile.Valid {
			quartiles++
		}
	}
	add(ranks, "rank move", "rank moves")
	add(quartiles, "quartile move", "quartile moves")
	add(len(d.Withdrawn), "withdrawn period", "withdrawn periods")
	add(d.OwnMoved, "own figure moved", "own figures moved")
	n := 0
	for _, v := range d.Validation {
		n += v.N
	}
	add(n, "new validation failure", "new validation failures")
	add(d.Resolved, "validation failure resolved", "validation failures resolved")
	rejected, kept := 0, 0
	for _, i := range d.Inputs {
		if i.Kind == "input_rejected" {
			rejected++
		} else {
			kept++
		}
	}
	add(rejected, "input rejected", "inputs rejected")
	add(kept, "input kept from an earlier version", "inputs kept from an earlier version")
	if len(parts) == 0 {
		return "nothing changed for " + d.nameShort()
	}
	return strings.Join(parts, ", ") + " for " + d.nameShort()
}

func (d *Digest) nameShort() string {
	if d.LAName == "" {
		return "LA " + d.LA
	}
	return d.LAName
}

func (d *Digest) anyCompared() bool {
	for _, r := range d.Runs {
		if r.Compared {
			return true
		}
	}
	return false
}

// periods counts the distinct indicator-periods among figures.
func periods(fs []Figure) int {
	seen := map[[2]string]bool{}
	for _, f := range fs {
		seen[[2]string{f.IndicatorID, f.Period}] = true
	}
	return len(seen)
}
