package reference

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/tabular"
	"github.com/yardstick-etl/yardstick/transforms/shape"
)

// ProviderTable is the staged table of Ofsted's provider list.
const ProviderTable = "ofsted_provider"

// ProviderSchema is stage.ofsted_provider: one row per provider row of the
// list, as DfE's URN lookup reads it: codes, a date and an LA code, no
// text as written. The setting's postcode is not kept: the SSDA903 reader
// compares each episode's placement postcode with it (ProviderPostcodes)
// and keeps only whether they agree.
var ProviderSchema = arrow.NewSchema([]arrow.Field{
	{Name: "source_sheet", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int64},
	{Name: "urn", Type: arrow.BinaryTypes.String},
	{Name: "place_codes", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "provider_codes", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "reg_end", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: "la_code", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// Providers reads Ofsted's list of children's social care providers, which
// Ofsted sends LAs for the SSDA903 return and DfE's validator reads as its
// URN lookup: each registered setting's URN, the placement types (PLACE)
// and placement providers (PLACE_PROVIDER) it may take, the date its
// registration ended, its LA and its postcode. It comes as Ofsted's
// combined list (one sheet, or a second of supported accommodation), as
// the children's homes list and the social care providers list apart, or
// as a CSV with the same column names; each is recognised by its header.
// Rules 219, 221, 224, 227, 228, 229 and 241 need it.
type Providers struct{}

func (Providers) Kind() string { return "ofsted_providers" }

func (Providers) Tables() []sources.Table {
	return []sources.Table{{Name: ProviderTable, Schema: ProviderSchema}}
}

// The lists' columns by their names, lower-cased. The children's homes list
// calls the placement types "Provider Code" and the placement providers
// "Provider Placement Code", as DfE's validator reads it; the other lists
// say "Placement code" and "Placement provider code".
var (
	provURN      = []string{"urn"}
	provType     = []string{"provider type"}
	provPlace    = []string{"placement code", "placement codes", "provider code"}
	provProvider = []string{"placement provider code", "placement provider codes", "provider placement code"}
	provClosed   = []string{"deregistration date", "closed date", "registration end date", "date closed"}
	provLA       = []string{"local authority", "provider local authority", "setting local authority"}
	provPostcode = []string{"setting address postcode", "setting postcode", "postcode"}
)

type providerColumns struct{ urn, typ, place, provider, closed, la, postcode int }

func providerColumnsOf(header []string) providerColumns {
	idx := tabular.HeaderIndex(header)
	f := func(names []string) int { return tabular.Find(idx, names) }
	return providerColumns{f(provURN), f(provType), f(provPlace), f(provProvider), f(provClosed), f(provLA), f(provPostcode)}
}

// isProviderHeader: a URN with the placement types or providers it takes.
// Ofsted's schools list has URNs too, but neither code.
func isProviderHeader(row []string) bool {
	c := providerColumnsOf(row)
	return c.urn >= 0 && (c.place >= 0 || c.provider >= 0)
}

// isPostcodeSheet: a sheet of URNs and postcodes alone (the children's
// homes list's "Address Details"), read only for the postcodes.
func isPostcodeSheet(row []string) bool {
	c := providerColumnsOf(row)
	return isProviderHeader(row) || c.urn >= 0 && c.postcode >= 0
}

func (Providers) Recognise(s *sources.Sample) bool {
	switch s.Ext() {
	case ".csv":
		return isProviderHeader(s.Header)
	case ".xlsx", ".ods":
		return s.AnySheetRow(isProviderHeader)
	}
	return false
}

var (
	providerURN = regexp.MustCompile(`^(?:SC[0-9]{6}|[0-9]{6,7})$`)
	codeSep     = regexp.MustCompile(`[\s,;/]+`)
	placeCode   = regexp.MustCompile(`^[A-Z][0-9]{1,2}$`)
	providerCd  = regexp.MustCompile(`^PR[0-5]$`) // PR0 to PR5
)

// normalURN is a URN as the SSDA903 reader keeps it: capitals, no spaces
// (and no ".0" a spreadsheet may add to a number).
func normalURN(s string) string {
	return strings.TrimSuffix(strings.ToUpper(strings.Join(strings.Fields(s), "")), ".0")
}

// codes reads a cell of codes ("K2/R3", "PR1, PR2") into a sorted,
// comma-separated list, with the ones not of want's shape apart.
func codes(s string, want *regexp.Regexp) (list string, bad int) {
	seen := map[string]bool{}
	for _, c := range codeSep.Split(strings.ToUpper(s), -1) {
		switch {
		case c == "":
		case want.MatchString(c):
			seen[c] = true
		default:
			bad++
		}
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return strings.Join(out, ","), bad
}

// supportedAccommodation: a sheet of the combined list without placement
// types, which holds the supported accommodation providers; DfE's
// validator gives them H5 and K3, the placement types of supported
// accommodation.
func supportedAccommodation(t *tabular.Table, rec []string, c providerColumns) bool {
	s := strings.ToLower(t.Sheet)
	if c.typ >= 0 {
		s += " " + strings.ToLower(rec[c.typ])
	}
	return strings.Contains(s, "supported accommodation")
}

const providerSought = "Ofsted's provider list columns (URN, with Placement code or Placement provider code)"

func (Providers) Read(ctx context.Context, path string, env *sources.Env, w sources.Writer) (int64, error) {
	tables, closeAll, err := tabular.Open(path, isProviderHeader, providerSought)
	if err != nil {
		return 0, err
	}
	defer closeAll()
	b := array.NewRecordBuilder(env.Alloc, ProviderSchema)
	defer b.Release()
	var rows int64
	for _, t := range tables {
		n, err := readProviders(ctx, t, env, b)
		rows += n
		if err != nil {
			if t.Sheet != "" {
				return rows, fmt.Errorf("sheet %q: %w", t.Sheet, err)
			}
			return rows, err
		}
	}
	if rows == 0 {
		return 0, fmt.Errorf("no provider with a URN in it: is it Ofsted's provider list?")
	}
	rec := b.NewRecord()
	defer rec.Release()
	return rows, w.Write(ProviderTable, rec)
}

func readProviders(ctx context.Context, t *tabular.Table, env *sources.Env, b *array.RecordBuilder) (int64, error) {
	c := providerColumnsOf(t.Header)
	cells := tabular.Cells{T: t, B: b, Env: env, DateRule: "bad_date",
		Blank: func(s string) bool { return s == "" || strings.EqualFold(s, "null") || strings.EqualFold(s, "n/a") }}
	get, issue, str := cells.Get, cells.Issue, cells.Text
	unknownLA := map[string]int{}
	firstRow := map[string]int{}
	var rows, noPlace, badCodes int64
	badRow := 0
	err := t.Each(ctx, func(row int, rec []string) error {
		raw := get(rec, c.urn)
		urn := normalURN(raw)
		if !providerURN.MatchString(urn) {
			if raw != "" {
				issue(row, c.urn, "invalid_urn", "the URN is not an Ofsted URN (6 or 7 digits, or SC and 6 digits); the row is left out")
			}
			return nil
		}
		place, bad1 := codes(get(rec, c.place), placeCode)
		if c.place < 0 && supportedAccommodation(t, rec, c) {
			place = "H5,K3"
		}
		provider, bad2 := codes(get(rec, c.provider), providerCd)
		if bad1+bad2 > 0 {
			if badCodes == 0 {
				badRow = row
			}
			badCodes++
		}
		if place == "" {
			noPlace++
		}
		laName := get(rec, c.la)
		la := ""
		if laName != "" {
			if code, _, ok := env.Geography.Resolve("", "", laName); ok {
				la = code
			} else {
				if unknownLA[laName] == 0 {
					firstRow[laName] = row
				}
				unknownLA[laName]++
			}
		}
		str(0, t.Sheet)
		b.Field(1).(*array.Int64Builder).Append(int64(row))
		b.Field(2).(*array.StringBuilder).Append(urn)
		str(3, place)
		str(4, provider)
		cells.Date(5, c.closed, rec, row)
		str(6, la)
		rows++
		return nil
	})
	if err != nil {
		return rows, err
	}
	if badCodes > 0 {
		issue(badRow, max(c.place, c.provider), "invalid_code",
			fmt.Sprintf("placement or provider codes not of a code's shape (K2, PR1) in %s, the first here: those codes are left out, so rules 219 and 224 may fire for their URNs", plural(int(badCodes), "row")))
	}
	if noPlace > 0 {
		col := c.place
		if col < 0 {
			col = c.urn
		}
		issue(0, col, "no_place_codes", fmt.Sprintf("no placement types (PLACE codes) for %s: rule 219 fires for every episode placed with them (DfE's lookup has no PLACE they may take); give the list with its Placement code column", plural(int(noPlace), "provider")))
	}
	for _, name := range sortedNames(unknownLA) {
		// said by its shape, as any cell a reader cannot use: the list is
		// Ofsted's, but a column of it may hold what it should not
		issue(firstRow[name], c.la, "unknown_la", fmt.Sprintf("the local authority here (%s; %s, the first here) is not a known LA: its providers have no LA code, and rules 229 (PR1) and 241 fire for episodes placed with them", shape.Describe(name), plural(unknownLA[name], "row")))
	}
	return rows, nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func sortedNames(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ProviderPostcodes reads the list's setting postcodes by URN (without
// spaces, in capitals), for the SSDA903 reader to say whether a
// placement's postcode is its provider's (rule 221). A URN with premises
// in several places has each postcode. The postcodes never leave memory.
func ProviderPostcodes(ctx context.Context, path string) (map[string][]string, error) {
	tables, closeAll, err := tabular.Open(path, isPostcodeSheet, providerSought)
	if err != nil {
		return nil, err
	}
	defer closeAll()
	out := map[string][]string{}
	for _, t := range tables {
		c := providerColumnsOf(t.Header)
		if c.postcode < 0 {
			continue
		}
		err := t.Each(ctx, func(row int, rec []string) error {
			urn := normalURN(rec[c.urn])
			pc := strings.ToUpper(strings.Join(strings.Fields(rec[c.postcode]), ""))
			if !providerURN.MatchString(urn) || pc == "" {
				return nil
			}
			for _, have := range out[urn] {
				if have == pc {
					return nil
				}
			}
			out[urn] = append(out[urn], strings.Clone(pc))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
