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
		"t_pupils", "avg_att8", "pt_l2basics_94", "avg_p8score", "pt_l2basics_95", "pt_ebacc_e_ptq_ee", "avg_ebaccaps")
	return header, g.rows(ks4Breakdowns, func(l la, y int, bd string, r *rand.Rand) []cell {
		d := cohort(l, r, 0.05, 51, 14)
		f := d.narrower(0.75, 0.6)
		switch indexOf(ks4Breakdowns, bd) {
		case 1:
			return ks4Cells(pupils{d.nGroup, d.group})
		case 2:
			return ks4Cells(pupils{d.n - d.nGroup, d.rest})
		case 3:
			return ks4Cells(pupils{f.nGroup, f.group})
		case 4:
			return ks4Cells(pupils{f.n - f.nGroup, f.rest})
		}
		// all pupils: both groups together
		return ks4Cells(pupils{d.nGroup, d.group}, pupils{d.n - d.nGroup, d.rest})
	})
}

// pupils is a group of pupils and its Attainment 8 score.
type pupils struct{ n, score float64 }

// ks4Cells are the KS4 measures of one or more groups together: pupils,
// Attainment 8, the basics at grade 4 and 5, Progress 8, EBacc entry and
// EBacc average point score, each following from Attainment 8 so groups add
// up to all pupils and regions to England.
func ks4Cells(groups ...pupils) []cell {
	var n, att8, basics4, p8, basics5, entry, aps float64
	for _, g := range groups {
		n += g.n
		att8 += g.n * g.score
		basics4 += g.n * math.Min(95, 20+1.05*g.score) / 100
		p8 += g.n * (g.score - 46) / 10
		basics5 += g.n * math.Min(90, 1.2*g.score-12) / 100
		entry += g.n * math.Min(80, 0.9*g.score-8) / 100
		aps += g.n * g.score / 11
	}
	return []cell{count(n), {v: att8, den: n, kind: mean}, {v: math.Round(basics4), den: n, kind: ratio},
		{v: p8, den: n, kind: mean}, {v: math.Round(basics5), den: n, kind: ratio},
		{v: math.Round(entry), den: n, kind: ratio}, {v: aps, den: n, kind: mean}}
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
	header := g.header("characteristic", "characteristic_type", "gender", "children_number", "gld_number", "gld_percentage",
		"elg_number", "elg_percentage", "average_elgs", "comm_lang_lit_number", "comm_lang_lit_percentage")
	return header, g.rows(eyfsBreakdowns, func(l la, y int, bd string, r *rand.Rand) []cell {
		f := cohort(l, r, 0.055, 70, 18).narrower(0.8, 0)
		switch indexOf(eyfsBreakdowns, bd) {
		case 1:
			return eyfsCells(f.nGroup, f.group)
		case 2:
			return eyfsCells(f.n-f.nGroup, f.rest)
		}
		return eyfsCells(f.n, f.all)
	})
}

// eyfsCells: children, a good level of development (the number and %),
// the expected level in all early learning goals (the number and %), the
// average number of the 17 goals at the expected level, and communication,
// language and literacy (the number and %), each following from the GLD
// share. The numbers are there as in DfE's file: the built-in indicators
// name them as their numerators.
func eyfsCells(n, gld float64) []cell {
	n = math.Round(n)
	elg, cll := math.Round(n*(gld-3)/100), math.Round(n*math.Min(100, gld+4)/100)
	return append(pct(n, n*gld/100), cell{v: elg, kind: sum}, cell{v: elg, den: n, kind: ratio},
		cell{v: n * 17 * math.Min(1, gld/100+0.08), den: n, kind: mean},
		cell{v: cll, kind: sum}, cell{v: cll, den: n, kind: ratio})
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
