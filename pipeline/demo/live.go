package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// GenerateLiveReturns writes into dir/inputs/returns the council's returns
// of the year after o.LastYear as its case system would give them on at,
// part way through that year (CutReturns): what an analyst extracts to
// report in year. The year's own returns (GenerateReturns) stay beside
// them, so the 12 months to at read October to March from those.
func GenerateLiveReturns(dir, code string, o Options, at time.Time) ([]string, error) {
	year := at.Year() // the collection year at falls in
	if at.Month() > 3 {
		year++
	}
	if year != o.LastYear+1 {
		return nil, fmt.Errorf("demo: %s is not in the year after 31 March %d", at.Format(time.DateOnly), o.LastYear)
	}
	tmp, err := os.MkdirTemp("", "yardstick-demo-live-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	live := o
	live.LastYear++
	live.Inject = false
	live.idBase, live.entrants = 500000, true
	if _, _, err := generateReturns(tmp, code, live); err != nil {
		return nil, err
	}
	if err := copyPostcodes(tmp, dir); err != nil { // the live year's postcodes too
		return nil, err
	}
	if err := copyProviders(tmp, dir); err != nil { // and its providers
		return nil, err
	}
	// The children still looked after on 31 March carry on into the live
	// year's return: their header rows and open episodes, as the year's
	// return has them (DfE's rules 502 and 562 check the two agree).
	prev := filepath.Join(dir, "inputs", "returns", "SSDA903_"+span(o.LastYear)+"_")
	next := filepath.Join(tmp, "inputs", "returns", "SSDA903_"+span(live.LastYear)+"_")
	_, episodes, err := readAllCSV(prev + "episodes.csv")
	if err != nil {
		return nil, err
	}
	open := map[string]bool{}
	var carried [][]string
	for _, e := range episodes {
		if e[7] == "" { // DEC
			open[e[0]] = true
			carried = append(carried, e)
		}
	}
	_, header, err := readAllCSV(prev + "header.csv")
	if err != nil {
		return nil, err
	}
	var children [][]string
	for _, h := range header {
		if open[h[0]] {
			children = append(children, h)
		}
	}
	if err := appendCSV(next+"header.csv", children); err != nil {
		return nil, err
	}
	if err := appendCSV(next+"episodes.csv", recodeOther(carried, live.LastYear)); err != nil {
		return nil, err
	}
	if o.Inject {
		// The injections' 2026-27 return holds their cases only: beside a
		// live 2025-26 return, every episode it leaves open would break
		// rule 502 against it. Those cases are the tests' (TestValidationRules).
		later, err := filepath.Glob(filepath.Join(dir, "inputs", "returns", "SSDA903_"+span(live.LastYear+1)+"_*"))
		if err != nil {
			return nil, err
		}
		for _, p := range later {
			if err := os.Remove(p); err != nil {
				return nil, err
			}
		}
	}
	return CutReturns(filepath.Join(tmp, "inputs", "returns"), filepath.Join(dir, "inputs", "returns"), at)
}

func span(y int) string { return fmt.Sprintf("%d-%02d", y-1, y%100) }

// appendCSV adds rows to a generated CSV.
func appendCSV(path string, rows [][]string) error {
	head, old, err := readAllCSV(path)
	if err != nil {
		return err
	}
	return writeAllCSV(path, head, append(old, rows...))
}
