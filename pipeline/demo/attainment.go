package demo

import (
	"math"
	"math/rand/v2"
)

// Attainment: each LA has a base level (better where practice is good and
// need is low) and its own disadvantage gap, which differs by key stage, so
// the demo's gap marts have something to rank. The groups add up: the
// disadvantaged and all other pupils make all pupils, with totals of points
// and passes so regional and national rows are true aggregates.

// attainment is one LA's pupils in one year: the disadvantaged (or FSM)
// group and the rest, each with an average score.
type attainment struct {
	n, nGroup   float64 // all pupils, and those in the group
	group, rest float64 // the two groups' scores
	all         float64 // all pupils' score: the weighted mean
}

// cohort draws an LA's year: the same draws for every breakdown of it, so
// its rows agree with each other. The gap is mostly the LA's own (its gap
// trait, need and practice), with a little noise from year to year.
func cohort(l la, r *rand.Rand, size, level, gap float64) attainment {
	a := attainment{n: math.Round(l.pop * size)}
	a.nGroup = math.Round(a.n * (0.12 + 0.3*l.need))
	a.rest = level + 6*(l.qual-0.5) - 4*(l.need-0.5) + 1.5*r.Float64()
	a.group = a.rest - gap*(0.6+0.6*l.gap+0.3*l.need-0.3*l.qual+0.1*r.Float64())
	a.all = (a.nGroup*a.group + (a.n-a.nGroup)*a.rest) / a.n
	return a
}

// narrower is the same cohort split by a narrower group (FSM within the
// disadvantaged): share of the group, a little further behind; the rest's
// score follows from all pupils' score, so every split adds up.
func (a attainment) narrower(share, behind float64) attainment {
	b := attainment{n: a.n, nGroup: math.Round(a.nGroup * share), all: a.all}
	b.group = a.group - behind
	b.rest = (a.n*a.all - b.nGroup*b.group) / (a.n - b.nGroup)
	return b
}

// scoreCells are a score (an average: points over pupils) and a percentage
// reaching a threshold, for n pupils.
func scoreCells(n, score, pct float64) []cell {
	return []cell{count(n), {v: n * score, den: n, kind: mean}, {v: math.Round(n * pct / 100), den: n, kind: ratio}}
}

// ks4Breakdowns are the KS4 characteristics file's rows: all pupils, then
// disadvantage and free school meals groups (filters breakdown, gender,
// free_school_meals, disadvantage, sen_description).
var ks4Breakdowns = []string{
	"Total\x00Total\x00Total\x00Total\x00Total",
	"disadvantage\x00Total\x00Total\x00Disadvantaged\x00Total",
	"disadvantage\x00Total\x00Total\x00Disadvantaged all other\x00Total",
	"Free school meals\x00Total\x00FSM\x00Total\x00Total",
	"Free school meals\x00Total\x00FSM all other\x00Total\x00Total",
}

// ks4 is a KS4 characteristics file: pupils, Attainment 8 and English and
// maths grade 4 or above.
func (g *gen) ks4() ([]string, func(func([]string))) {
	header := g.header("breakdown", "gender", "free_school_meals", "disadvantage", "sen_description",
		"t_pupils", "avg_att8", "pt_l2basics_94")
	return header, g.rows(ks4Breakdowns, func(l la, y int, bd string, r *rand.Rand) []cell {
		d := cohort(l, r, 0.05, 51, 14)
		pass := func(score float64) float64 { return math.Min(95, 20+1.05*score) }
		cells := func(n, score float64) []cell { return scoreCells(n, score, pass(score)) }
		f := d.narrower(0.75, 0.6)
		switch indexOf(ks4Breakdowns, bd) {
		case 1:
			return cells(d.nGroup, d.group)
		case 2:
			return cells(d.n-d.nGroup, d.rest)
		case 3:
			return cells(f.nGroup, f.group)
		case 4:
			return cells(f.n-f.nGroup, f.rest)
		}
		// all pupils: passes are the two groups' passes together
		passes := d.nGroup*pass(d.group) + (d.n-d.nGroup)*pass(d.rest)
		return scoreCells(d.n, d.all, passes/d.n)
	})
}

// eyfsBreakdowns: all children, and by free school meal eligibility
// (filters characteristic, characteristic_type, gender).
var eyfsBreakdowns = []string{
	"Total\x00Total\x00Total",
	"Free school meal eligibility\x00Known to be eligible for free school meals\x00Total",
	"Free school meal eligibility\x00Not known to be eligible for free school meals\x00Total",
}

// eyfs is an EYFS profile file: children and the percentage reaching a
// good level of development.
func (g *gen) eyfs() ([]string, func(func([]string))) {
	header := g.header("characteristic", "characteristic_type", "gender", "children_number", "gld_number", "gld_percentage")
	return header, g.rows(eyfsBreakdowns, func(l la, y int, bd string, r *rand.Rand) []cell {
		f := cohort(l, r, 0.055, 70, 18).narrower(0.8, 0)
		switch indexOf(eyfsBreakdowns, bd) {
		case 1:
			return pct(f.nGroup, f.nGroup*f.group/100)
		case 2:
			return pct(f.n-f.nGroup, (f.n-f.nGroup)*f.rest/100)
		}
		return pct(f.n, f.n*f.all/100)
	})
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
