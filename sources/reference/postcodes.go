package reference

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/transforms/postcode"
)

// Postcodes reads ONS's postcode directory (ONSPD or NSPL, whole or a
// reduced extract of its columns) for the SSDA903 return's derived fields:
// a placement's distance from home (PL_DISTANCE) and its LA (PL_LA), which
// DfE derives from the two postcodes and which about twenty of its rules
// check. A run with one among its inputs reads it before the returns; it
// becomes no table: a child's full postcodes meet it only inside the
// reader, which keeps the derived fields and the outward codes.
type Postcodes struct{}

func (Postcodes) Kind() string { return "postcodes" }

func (Postcodes) Tables() []sources.Table { return nil }

// The directory's columns have been named differently over the years
// (oslaua in ONSPD, laua in NSPL, lad25cd from 2025): each is matched by
// any of its names, case aside.
var (
	postcodeColumn = regexp.MustCompile(`^(pcd|pcd2|pcd7|pcd8|pcds|postcode)$`)
	lowerTier      = regexp.MustCompile(`^(oslaua|laua|lad\d\dcd|ltla\d\dcd)$`)
	upperTier      = regexp.MustCompile(`^(oscty|cty|cty\d\dcd|utla|utla\d\dcd)$`)
	eastColumn     = regexp.MustCompile(`^(oseast1m|east1m|easting)$`)
	northColumn    = regexp.MustCompile(`^(osnrth1m|north1m|northing)$`)
)

type postcodeColumns struct{ pcd, lower, upper, east, north int }

func findPostcodeColumns(header []string) (postcodeColumns, bool) {
	c := postcodeColumns{-1, -1, -1, -1, -1}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for _, m := range []struct {
			re *regexp.Regexp
			at *int
		}{{postcodeColumn, &c.pcd}, {lowerTier, &c.lower}, {upperTier, &c.upper}, {eastColumn, &c.east}, {northColumn, &c.north}} {
			// the first of a kind wins: ONSPD has pcd, pcd2 and pcds, the same postcode three ways
			if *m.at < 0 && m.re.MatchString(h) {
				*m.at = i
			}
		}
	}
	return c, c.pcd >= 0 && c.lower >= 0 && c.east >= 0 && c.north >= 0
}

func (Postcodes) Recognise(s *sources.Sample) bool {
	_, ok := findPostcodeColumns(s.Header)
	return s.Ext() == ".csv" && ok
}

// Read is not how a run takes the directory (ReadPostcodes is, before the
// returns); it reads it all the same, so a file given alone is checked.
func (Postcodes) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	n, err := ReadPostcodes(ctx, path, env.File, env.Issues, postcode.NewDirectory())
	return int64(n), err
}

// noCounty is ONSPD's county code for a postcode outside a two-tier county:
// its lower-tier LA is then its upper tier too.
const noCounty = "E99999999"

// ReadPostcodes streams a postcode directory file into d and says how many
// postcodes it added. Postcodes without an LA of the UK are counted in an
// issue (never named) and left out; a postcode without a grid reference is
// kept for its LA only.
func ReadPostcodes(ctx context.Context, path, file string, issues *sources.Issues, d *postcode.Directory) (int, error) {
	r, err := csvfile.Open(path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	cols, ok := findPostcodeColumns(r.Header)
	if !ok {
		return 0, fmt.Errorf("the header lacks a postcode, LA or grid reference column (pcd, oslaua or laua, oseast1m, osnrth1m)")
	}
	var added, outside, noLA int
	err = r.Each(ctx, func(rec []string) error {
		pc := cell(rec, cols.pcd)
		if pc == "" {
			return nil
		}
		la := cell(rec, cols.lower)
		if up := cell(rec, cols.upper); up != noCounty && strings.HasPrefix(up, "E10") {
			la = up // a two-tier county's postcode: its county is the LA with children's services
		}
		switch {
		case strings.HasPrefix(la, "W"):
			la = "WAL"
		case strings.HasPrefix(la, "S"):
			la = "SCO"
		case strings.HasPrefix(la, "N"):
			la = "NIR"
		case strings.HasPrefix(la, "E"):
		case la == "":
			noLA++
			return nil
		default:
			outside++ // the Channel Islands and the Isle of Man (L99999999, M99999999)
			return nil
		}
		east, errE := strconv.ParseInt(cell(rec, cols.east), 10, 32)
		north, errN := strconv.ParseInt(cell(rec, cols.north), 10, 32)
		// ONSPD gives a postcode without a grid reference as blank or as
		// its "no reference" grid square (0, 1000000 and the like)
		grid := errE == nil && errN == nil && east > 0 && north > 0 && north < 1300000
		d.Add(pc, strings.Clone(la), int32(east), int32(north), grid)
		added++
		return nil
	})
	if err != nil {
		return 0, err
	}
	if added == 0 {
		return 0, fmt.Errorf("no postcode with an LA in it: is it ONS's postcode directory?")
	}
	if noLA > 0 {
		issues.Add(sources.Issue{File: file, Column: r.Header[cols.lower], Rule: "no_la",
			Message: fmt.Sprintf("%d postcodes have no LA code: left out, so a placement there gets no PL_LA or PL_DISTANCE", noLA)})
	}
	if outside > 0 {
		issues.Add(sources.Issue{File: file, Column: r.Header[cols.lower], Rule: "outside_uk",
			Message: fmt.Sprintf("%d postcodes are in the Channel Islands or the Isle of Man (no LA of the UK): left out", outside)})
	}
	return added, nil
}

// cell is a record's trimmed cell i, "" when i is -1 or beyond the record.
func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}
