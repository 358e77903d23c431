package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/extract"
)

// ReturnAsAt is the date one of the council's returns reaches
// (stage.return_as_at): what the run summary and status say the own
// figures stand on, so a part-year return is never read as the year's.
type ReturnAsAt struct {
	LA       string    `json:"la"`
	Return   string    `json:"return"` // ssda903 | cin | annex_a
	Year     int       `json:"collection_year"`
	AsAt     time.Time `json:"as_at"`
	Basis    string    `json:"as_at_basis"` // config | data
	PartYear bool      `json:"part_year"`
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// returnsAsAt reads each LA's latest return of each kind. A warehouse from
// before as_at existed has no stage.return_as_at: nothing to say.
func returnsAsAt(ctx context.Context, db querier) ([]ReturnAsAt, error) {
	rows, err := db.QueryContext(ctx, `SELECT la_code, kind, collection_year, as_at, coalesce(as_at_basis, ''), part_year
		FROM stage.return_as_at WHERE as_at IS NOT NULL
		QUALIFY row_number() OVER (PARTITION BY la_code, kind ORDER BY collection_year DESC) = 1
		ORDER BY la_code, CASE kind WHEN 'ssda903' THEN 1 WHEN 'cin' THEN 2 ELSE 3 END`)
	if err != nil {
		if strings.Contains(err.Error(), "return_as_at") {
			return nil, nil
		}
		return nil, err
	}
	defer rows.Close()
	var out []ReturnAsAt
	for rows.Next() {
		var r ReturnAsAt
		if err := rows.Scan(&r.LA, &r.Return, &r.Year, &r.AsAt, &r.Basis, &r.PartYear); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

var returnNames = map[string]string{"ssda903": "SSDA903", "cin": "CIN census", "annex_a": "Annex A"}

// ReturnsLines says, one line per date, what the own figures stand on:
// "returns as at 30 Sep 2024 (part year: figures on and 12 months to that
// date): SSDA903 2024-25 of 358 (as_at from the config)". Returns of more
// than three LAs (a regional group's, a national load) get a line per kind
// of return instead, with the range of their dates.
func ReturnsLines(returns []ReturnAsAt) []string {
	las := map[string]bool{}
	for _, r := range returns {
		las[r.LA] = true
	}
	if len(las) > 3 {
		return pooledReturnsLines(returns)
	}
	names := returnNames
	type group struct {
		date     time.Time
		partYear bool
	}
	var order []group
	parts := map[group][]string{}
	for _, r := range returns {
		g := group{r.AsAt, r.PartYear}
		if _, ok := parts[g]; !ok {
			order = append(order, g)
		}
		how := "from its data"
		if r.Basis == "config" {
			how = "as_at from the config"
		}
		name := names[r.Return]
		if name == "" {
			name = r.Return
		}
		parts[g] = append(parts[g], fmt.Sprintf("%s %d-%02d of %s (%s)", name, r.Year-1, r.Year%100, r.LA, how))
	}
	var out []string
	for _, g := range order {
		what := "whole year"
		if g.partYear {
			what = "part year: figures on and 12 months to that date, not the year's"
		}
		out = append(out, fmt.Sprintf("returns as at %s (%s): %s", extract.Date(g.date), what, strings.Join(parts[g], "; ")))
	}
	return out
}

// pooledReturnsLines is ReturnsLines for many LAs: "returns of 153 LAs:
// SSDA903 2025-26 as at 20 Feb 2026 to 14 Mar 2026, 153 part year".
func pooledReturnsLines(returns []ReturnAsAt) []string {
	type group struct {
		kind          string
		year          int
		n, partYear   int
		first, latest time.Time
	}
	var order []string
	groups := map[string]*group{}
	las := map[string]bool{}
	for _, r := range returns {
		las[r.LA] = true
		k := fmt.Sprintf("%s %d", r.Return, r.Year)
		g := groups[k]
		if g == nil {
			g = &group{kind: r.Return, year: r.Year, first: r.AsAt, latest: r.AsAt}
			groups[k] = g
			order = append(order, k)
		}
		g.n++
		if r.PartYear {
			g.partYear++
		}
		if r.AsAt.Before(g.first) {
			g.first = r.AsAt
		}
		if r.AsAt.After(g.latest) {
			g.latest = r.AsAt
		}
	}
	var parts []string
	for _, k := range order {
		g := groups[k]
		name := returnNames[g.kind]
		if name == "" {
			name = g.kind
		}
		dates := "as at " + extract.Date(g.first)
		if !g.latest.Equal(g.first) {
			dates += " to " + extract.Date(g.latest)
		}
		part := "whole year"
		if g.partYear > 0 {
			part = fmt.Sprintf("%d part year", g.partYear)
		}
		of := fmt.Sprintf("%d LAs", g.n)
		if g.n == 1 {
			of = "1 LA"
		}
		parts = append(parts, fmt.Sprintf("%s %d-%02d of %s %s, %s", name, g.year-1, g.year%100, of, dates, part))
	}
	return []string{fmt.Sprintf("returns of %d LAs, each LA's latest (part year: figures on and 12 months to its date, not the year's): %s",
		len(las), strings.Join(parts, "; "))}
}
