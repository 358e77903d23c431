// Package demo writes synthetic inputs in the real layouts: EES CSV files for
// every built-in indicator for all 153 live LAs (real codes, names and
// regions), school results by disadvantage and free school meals, ONS
// population, Ofsted's ILACS outcomes (OpenDocument) and a
// statistical-neighbours workbook. Output is
// deterministic for a seed. The demo runs on it; at a larger number of years
// it is the benchmark workload.
package demo

import (
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// Options size the synthetic data.
type Options struct {
	Seed     uint64
	LastYear int // the latest period (year ending 31 March)
	Years    int // how many periods, ending with LastYear
	// LongMeasures, when above 0, adds a file in the long layout of LAIT's
	// data and many EES files: one value column, the measure named by a
	// measure_code filter, with this many measures (LongIndicatorsYAML
	// declares them). It is the benchmark's long-layout workload.
	LongMeasures int
	// Inject adds to a council's returns (GenerateReturns) children and
	// rows that break each validation rule once, and near misses that break
	// none (violations.go); TrueFigures.Injected says where. For the
	// 2024-25 returns (LastYear 2025) only.
	Inject bool
	// idBase moves the children's ids (a later year's live returns hold
	// other children than the year's, so no cross-year rule mistakes one
	// synthetic child for another).
	idBase int
	// entrants makes the looked-after children all start in the year, a
	// quarter as many: the live year's new entrants, beside the children
	// carried on from the year before (GenerateLiveReturns).
	entrants bool
}

// ForYear is o with the returns of the collection year ending 31 March
// year (GenerateReturns), whose children are others than those of every
// other year's (ids moved by k x 50,000 for the k-th year before
// LastYear, below the live returns' 500,000), so no id stands for two
// unrelated children. The years are not continuous: the cross-year rules
// (502, 562) report every child still open at a year's end.
func (o Options) ForYear(year int) Options {
	if k := o.LastYear - year; k > 0 {
		o.idBase = k * 50000
	}
	o.LastYear = year
	return o
}

// DefaultOptions are the demo's.
var DefaultOptions = Options{Seed: 1, LastYear: 2025, Years: 5}

// la is a live LA with its synthetic traits.
type la struct {
	geography.LA
	pop  float64 // children aged 0-17
	need float64 // 0..1: deprivation-like driver of every rate
	qual float64 // 0..1: practice quality, drives outcomes
	gap  float64 // 0..1: how far behind its disadvantaged pupils are, beyond need
}

// Generate writes the inputs into dir/inputs and returns the files written.
func Generate(dir string, o Options) ([]string, error) {
	if o.Years < 1 || o.LastYear < 1900 {
		return nil, fmt.Errorf("demo: years must be at least 1 and the last year a real year")
	}
	in := filepath.Join(dir, "inputs")
	if err := os.MkdirAll(in, 0o755); err != nil {
		return nil, err
	}
	las := liveLAs(o.Seed)
	first := o.LastYear - o.Years + 1
	g := &gen{o: o, las: las, first: first}
	var files []string
	write := func(name string, header []string, rows func(emit func([]string))) error {
		p := filepath.Join(in, name)
		files = append(files, p)
		return writeCSV(p, header, rows)
	}
	span := fmt.Sprintf("%d_to_%d", first, o.LastYear)
	school := &gen{o: o, las: las, first: first, academic: true} // school results are by academic year
	steps := []func() error{
		func() error {
			return write("b1_children_in_need_"+span+".csv", g.header("category", "At31_episodes", "Started_episodes", "awaiting_assessment"),
				g.rows([]string{"Children in Need"}, func(l la, y int, _ string, r *rand.Rand) []cell {
					at31 := cinAt31(l, y)
					return []cell{count(at31), count(at31 * (0.9 + 0.2*r.Float64())), count(at31 * 0.04 * r.Float64())}
				}))
		},
		func() error {
			return write("c1_children_in_need_referrals_and_rereferrals_"+span+".csv", g.header("category", "referral_count", "rereferral_count", "rereferral_percent"),
				g.rows([]string{"Referrals and Re-referrals"}, func(l la, y int, _ string, r *rand.Rand) []cell {
					ref := l.pop * (0.04 + 0.03*l.need)
					return pct(ref, ref*(0.14+0.12*(1-l.qual)+0.04*r.Float64()))
				}))
		},
		func() error {
			return write("d3_cpps_subsequent_plan_"+span+".csv", g.header("category", "CPP_start", "CPP_subsequent", "CPP_subsequent_percent"),
				g.rows([]string{"Child Protection Plans which are a second or subsequent plan"}, func(l la, y int, _ string, r *rand.Rand) []cell {
					starts := l.pop * (0.004 + 0.004*l.need) * drift(y, 0.01)
					return pct(starts, starts*(0.16+0.14*(1-l.qual)+0.05*r.Float64())*drift(y, 0.01))
				}))
		},
		func() error {
			types := []string{"Children looked after on 31 March each year", "Children starting to be looked after each year", "Children ceasing to be looked after each year"}
			return write("cla_number_and_rate_per_10k_children.csv", g.header("population_type", "population_estimate", "children_count", "rate_per_10000"),
				g.rows(types, func(l la, y int, t string, r *rand.Rand) []cell {
					n := claAt31(l, y)
					if t != types[0] {
						n *= 0.4 + 0.05*r.Float64()
					}
					return []cell{{v: math.Round(l.pop), kind: sum}, count(n), {v: n, den: l.pop, kind: per10k}}
				}))
		},
		func() error {
			bds := []string{"Accommodation considered suitable", "Accommodation considered unsuitable", "No information", "Suitability total"}
			return write("la_care_leavers_accommodation_suitability.csv", g.header("care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent"),
				g.careLeavers(bds, func(l la, r *rand.Rand) []float64 {
					s := 0.8 + 0.15*l.qual + 0.04*r.Float64()
					u := (1 - s) * 0.6
					return []float64{s, u, 1 - s - u}
				}))
		},
		func() error {
			bds := []string{"Total in education, employment or training", "Total not in education, employment or training", "Total information not known", "Total"}
			return write("la_care_leavers_activity.csv", g.header("care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent"),
				g.careLeavers(bds, func(l la, r *rand.Rand) []float64 {
					e := 0.4 + 0.25*l.qual - 0.1*l.need + 0.06*r.Float64()
					n := (1 - e) * 0.85
					return []float64{e, n, 1 - e - n}
				}))
		},
		func() error {
			return write(fmt.Sprintf("UD_NEETNK_LA_dashboard_%d_final.csv", o.LastYear), g.header("Age", "cohort", "NEET_count", "NEET_percent", "NEET_not_known_count", "NEET_not_known_percent"),
				g.rows([]string{"16-17"}, func(l la, y int, _ string, r *rand.Rand) []cell {
					cohort := l.pop / 9
					neet := cohort * (0.015 + 0.03*l.need + 0.005*r.Float64())
					nk := neet + cohort*(0.01+0.03*(1-l.qual)*r.Float64())
					return append(pct(cohort, neet)[:], pct(cohort, nk)[1:]...)
				}))
		},
		func() error {
			header, rows := school.ks4()
			return write("ks4_"+span+"_LA_characteristics_disadv_fsm.csv", header, rows)
		},
		func() error {
			header, rows := school.eyfs()
			return write("eyfsp_headline_measures_"+span+"_la_fsm.csv", header, rows)
		},
		func() error {
			ys := g.years()
			popYears := make([]int, len(ys))
			for i, y := range ys {
				popYears[i] = y - 1 // rates for March Y use mid-year Y-1
			}
			pg := &gen{o: o, las: las, yearsOverride: popYears}
			return write(fmt.Sprintf("population_0_17_%d_to_%d.csv", popYears[0], popYears[len(popYears)-1]), g.header("age_group", "population_estimate"),
				pg.rows([]string{"Children aged 0 to 17 years"}, func(l la, y int, _ string, r *rand.Rand) []cell {
					return []cell{{v: math.Round(l.pop), kind: sum}}
				}))
		},
	}
	if o.LongMeasures > 0 {
		steps = append(steps, func() error {
			codes := make([]string, o.LongMeasures)
			for i := range codes {
				codes[i] = longCode(i)
			}
			return write("measures_long_"+span+".csv", g.header("measure_code", "value"),
				g.rows(codes, func(l la, y int, code string, r *rand.Rand) []cell {
					// every measure a share, each with its own spread across LAs
					k := float64(len(code)+int(code[len(code)-1])) / 200
					den := math.Round(l.pop * (0.002 + 0.01*k))
					return []cell{{v: den * (0.2 + 0.5*l.need*k + 0.3*r.Float64()), den: den, kind: ratio}}
				}))
		})
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return files, err
		}
	}
	ilacs := filepath.Join(in, fmt.Sprintf("ofsted_LA_Inspection_Outcomes_as_at_31_March_%d.ods", o.LastYear))
	files = append(files, ilacs)
	if err := writeILACS(ilacs, las, o); err != nil {
		return files, err
	}
	sn := filepath.Join(in, fmt.Sprintf("statistical_neighbours_%d.xlsx", o.LastYear))
	files = append(files, sn)
	return files, writeNeighbours(sn, las)
}

func liveLAs(seed uint64) []la {
	var out []la
	seen := map[string]bool{}
	for _, l := range geography.Builtin() {
		if l.ValidTo != "" || seen[l.Code] {
			continue
		}
		seen[l.Code] = true
		r := rng(seed, l.Code, 0)
		pop := math.Exp(10.5 + 1.3*r.Float64()) // ~36,000 to ~130,000 children
		if l.Code == "201" || l.Code == "420" { // City of London, Isles of Scilly
			pop = 500 + 1000*r.Float64()
		}
		// gap is drawn last so the earlier traits (and every figure made
		// from them) stay as they were before it was added.
		out = append(out, la{LA: l, pop: pop, need: r.Float64(), qual: r.Float64(), gap: r.Float64()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// rng is a generator seeded by the seed, the LA and the year, so each value
// is stable whatever else is generated.
func rng(seed uint64, code string, year int) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%d", code, year)
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// cinAt31 and claAt31 are an LA's children in need and looked after on 31
// March: the published files and the council's own returns both use them.
func cinAt31(l la, y int) float64 { return l.pop * (0.025 + 0.025*l.need) * drift(y, 0.004) }
func claAt31(l la, y int) float64 { return l.pop * (0.004 + 0.008*l.need) * drift(y, 0.01) }

// drift is a gentle trend by year.
func drift(year int, perYear float64) float64 { return 1 + perYear*float64(year-2020) }

type cellKind int

const (
	sum    cellKind = iota // a count: regions and England are sums
	ratio                  // v/den as a percentage
	per10k                 // v/den per 10,000
	mean                   // v/den: an average score (total points over pupils)
)

// cell is one measure's value; ratios keep numerator and denominator so
// regional and national values are true aggregates.
type cell struct {
	v, den float64
	kind   cellKind
}

func count(v float64) cell { return cell{v: math.Round(v), kind: sum} }

// pct gives the denominator count, numerator count and percentage.
func pct(den, num float64) []cell {
	den, num = math.Round(den), math.Round(num)
	return []cell{{v: den, kind: sum}, {v: num, kind: sum}, {v: num, den: den, kind: ratio}}
}

type gen struct {
	o             Options
	las           []la
	first         int
	yearsOverride []int
	academic      bool // time_period as an academic year (202425)
}

func (g *gen) years() []int {
	if g.yearsOverride != nil {
		return g.yearsOverride
	}
	var ys []int
	for y := g.first; y <= g.o.LastYear; y++ {
		ys = append(ys, y)
	}
	return ys
}

var geoHeader = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
	"region_code", "region_name", "old_la_code", "new_la_code", "la_name"}

func (g *gen) header(cols ...string) []string {
	return append(append([]string(nil), geoHeader...), cols...)
}

// rows emits national, regional and LA rows for every year and breakdown.
// About 2% of LA cells are suppressed ("c") and a few LAs have no return
// in a year ("x"), as in the real files.
func (g *gen) rows(breakdowns []string, f func(l la, year int, bd string, r *rand.Rand) []cell) func(func([]string)) {
	return func(emit func([]string)) {
		for _, y := range g.years() {
			for _, bd := range breakdowns {
				var national []cell
				regional := map[string][]cell{}
				var laRows [][]string
				for _, l := range g.las {
					r := rng(g.o.Seed, l.Code, y)
					cells := f(l, y, bd, r)
					national = add(national, cells)
					regional[l.RegionCode] = add(regional[l.RegionCode], cells)
					vals := make([]string, len(cells))
					missing := r.Float64() < 0.005
					for i, c := range cells {
						switch {
						case missing:
							vals[i] = "x"
						case r.Float64() < 0.02 || (c.kind == sum && c.v > 0 && c.v < 3):
							vals[i] = "c"
						default:
							vals[i] = format(c)
						}
					}
					laRows = append(laRows, append(g.geoCols(y, "Local authority", l.RegionCode, l.LA), append(filters(bd), vals...)...))
				}
				emit(append(g.geoCols(y, "National", "", geography.LA{}), append(filters(bd), formatAll(national)...)...))
				for _, reg := range geography.Regions {
					if c, ok := regional[reg.Code]; ok {
						emit(append(g.geoCols(y, "Regional", reg.Code, geography.LA{}), append(filters(bd), formatAll(c)...)...))
					}
				}
				for _, row := range laRows {
					emit(row)
				}
			}
		}
	}
}

// careLeavers emits both age groups with breakdown shares from f (the last
// breakdown is the total).
func (g *gen) careLeavers(bds []string, f func(l la, r *rand.Rand) []float64) func(func([]string)) {
	ages := []string{"17 to 18 years", "19 to 21 years"}
	var combos []string
	for _, a := range ages {
		for _, b := range bds {
			combos = append(combos, a+"\x00"+b)
		}
	}
	return g.rows(combos, func(l la, y int, combo string, r *rand.Rand) []cell {
		total := math.Round(l.pop * (0.001 + 0.002*l.need))
		shares := f(l, r)
		for i, b := range bds {
			if strings.HasSuffix(combo, "\x00"+b) {
				if i == len(bds)-1 {
					return []cell{{v: total, kind: sum}, {v: total, den: total, kind: ratio}}
				}
				n := math.Round(total * shares[i])
				return []cell{{v: n, kind: sum}, {v: n, den: total, kind: ratio}}
			}
		}
		return nil
	})
}

func add(acc, cells []cell) []cell {
	if acc == nil {
		acc = make([]cell, len(cells))
		copy(acc, cells)
		return acc
	}
	for i, c := range cells {
		acc[i].v += c.v
		acc[i].den += c.den
	}
	return acc
}

func format(c cell) string {
	switch c.kind {
	case ratio:
		if c.den == 0 {
			return "z"
		}
		return strconv.FormatFloat(math.Round(c.v/c.den*1000)/10, 'f', -1, 64)
	case per10k:
		return strconv.FormatFloat(math.Round(c.v/c.den*10000), 'f', -1, 64)
	case mean:
		if c.den == 0 {
			return "z"
		}
		return strconv.FormatFloat(math.Round(c.v/c.den*10)/10, 'f', -1, 64)
	}
	return strconv.FormatFloat(c.v, 'f', -1, 64)
}

func formatAll(cells []cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = format(c)
	}
	return out
}

// geoCols are a row's time and geography columns. School results are
// published by academic year (202425 for the year ending in 2025).
func (g *gen) geoCols(year int, level, region string, l geography.LA) []string {
	country, cname := "E92000001", "England"
	tp, ti := strconv.Itoa(year), "Reporting year"
	if g.academic {
		tp, ti = fmt.Sprintf("%d%02d", year-1, year%100), "Academic year"
	}
	return []string{tp, ti, level, country, cname, region, geography.RegionName(region), l.Code, l.CodeNew, l.Name}
}

// filters splits a breakdown into its filter columns: several filters are
// joined with \x00 ("19 to 21 years\x00Total").
func filters(bd string) []string { return strings.Split(bd, "\x00") }

func writeCSV(path string, header []string, rows func(emit func([]string))) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(header)
	rows(func(r []string) { w.Write(r) })
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeNeighbours writes the LAIT workbook layout: a title row, a blank row,
// the header (LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, ... SN10,
// SNP), one row per LA with its ten nearest by need and size.
func writeNeighbours(path string, las []la) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "LA SN Groups"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetRow("A1", []any{"Children's services statistical neighbours (synthetic, for the yardstick demo)"})
	header := []any{"LA num", "LA Name", "LA number", "GOInd", "GOReg"}
	for k := 1; k <= 10; k++ {
		header = append(header, fmt.Sprintf("SN%d", k), "SNP")
	}
	sw.SetRow("A3", header)
	for i, l := range las {
		type d struct {
			code string
			dist float64
		}
		var ds []d
		for _, m := range las {
			if m.Code != l.Code {
				dn, dp := l.need-m.need, math.Log(l.pop)-math.Log(m.pop)
				ds = append(ds, d{m.Code, math.Sqrt(dn*dn + 0.1*dp*dp)})
			}
		}
		sort.Slice(ds, func(a, b int) bool {
			return ds[a].dist < ds[b].dist || (ds[a].dist == ds[b].dist && ds[a].code < ds[b].code)
		})
		code, _ := strconv.Atoi(l.Code)
		row := []any{code, l.Name, code, 0, geography.RegionName(l.RegionCode)}
		for _, n := range ds[:10] {
			nc, _ := strconv.Atoi(n.code)
			label := "Very close"
			if n.dist > 0.05 {
				label = "Close"
			}
			row = append(row, nc, label)
		}
		cellRef, _ := excelize.CoordinatesToCellName(1, 4+i)
		if err := sw.SetRow(cellRef, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return saveXLSX(f, path)
}

// longCode names the i-th measure of the long-layout file (M0001, ...).
func longCode(i int) string { return fmt.Sprintf("M%04d", i+1) }

// LongIndicatorsYAML declares the long-layout file's measures as config
// indicators (indicators: entries), alternating polarity high and low.
func LongIndicatorsYAML(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		pol := "high"
		if i%2 == 1 {
			pol = "low"
		}
		code := longCode(i)
		fmt.Fprintf(&b, "  - {id: long_%s, label: \"Long-layout measure %s (%%)\", file: \"measures_long_*.csv\", measure: value, where: {measure_code: %s}, unit: \"%%\", polarity: %s}\n",
			strings.ToLower(code), code, code, pol)
	}
	return b.String()
}
