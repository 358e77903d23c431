package postcode

import (
	"math"
	"strings"
)

// Directory is ONS's postcode directory as the SSDA903 return's derived
// fields need it: each full postcode's upper-tier LA (or the country, for
// Wales, Scotland and Northern Ireland) and its grid reference. It is held
// in memory while returns are read and never written anywhere: with it a
// reader turns a child's home and placement postcodes into PL_DISTANCE and
// PL_LA, and the full postcodes are then dropped.
type Directory struct {
	places map[string]place
	las    []string // the LA codes, so that each place holds an index
	laIdx  map[string]uint16
}

type place struct {
	la          uint16
	east, north int32
	grid        bool // false when ONS gives the postcode no grid reference
}

// NewDirectory returns an empty directory; Add fills it.
func NewDirectory() *Directory {
	return &Directory{places: map[string]place{}, laIdx: map[string]uint16{}}
}

// Add records a postcode. la is its upper-tier LA's ONS code (E06000001),
// or WAL, SCO or NIR; grid is false when it has no grid reference. A
// postcode added twice keeps its last entry.
func (d *Directory) Add(postcode, la string, east, north int32, grid bool) {
	i, ok := d.laIdx[la]
	if !ok {
		i = uint16(len(d.las))
		d.las = append(d.las, la)
		d.laIdx[la] = i
	}
	d.places[key(postcode)] = place{la: i, east: east, north: north, grid: grid}
}

// Len is how many postcodes the directory holds.
func (d *Directory) Len() int { return len(d.places) }

// key is a postcode without spaces, in capitals: "M32 0TH" and "m320th"
// are one postcode.
func key(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// LA is the upper-tier LA (or WAL, SCO, NIR) of a postcode, "" when the
// directory does not hold it.
func (d *Directory) LA(postcode string) string {
	if d == nil {
		return ""
	}
	if p, ok := d.places[key(postcode)]; ok {
		return d.las[p.la]
	}
	return ""
}

// Miles is the straight-line distance between two postcodes' grid
// references in miles, to one decimal place, as DfE derives PL_DISTANCE
// (metres / 1000 / 1.6093); ok is false when either is not held or has no
// grid reference.
func (d *Directory) Miles(from, to string) (miles float64, ok bool) {
	if d == nil {
		return 0, false
	}
	a, okA := d.places[key(from)]
	b, okB := d.places[key(to)]
	if !okA || !okB || !a.grid || !b.grid {
		return 0, false
	}
	de, dn := float64(a.east-b.east), float64(a.north-b.north)
	return math.Round(math.Sqrt(de*de+dn*dn)/1000/1.6093*10) / 10, true
}
