package ssda903

import (
	"strconv"
	"strings"

	"github.com/yardstick-etl/yardstick/sources"
	cl "github.com/yardstick-etl/yardstick/sources/childlevel"
	"github.com/yardstick-etl/yardstick/transforms/postcode"
)

// The tables of the SSDA903 return, by the return's own field names. A file
// or sheet is recognised as a table when its header has all of the table's
// fields, whatever it is called.
var (
	child = col("CHILD", "child_id", cl.ID, "", true)
	dob   = col("DOB", "dob_month", cl.DOB, "", true)
)

func col(field, name string, k cl.Kind, set string, required bool) cl.Column {
	return cl.Column{Name: name, Field: field, Kind: k, Set: set, Required: required}
}

func code(field, set string, required bool) cl.Column {
	return col(field, snake(field), cl.Code, set, required)
}

func date(field string, required bool) cl.Column {
	return col(field, snake(field), cl.Date, "", required)
}

func flag(field string) cl.Column { return col(field, snake(field), cl.Flag, "", false) }

// validatedUPN is the header's UPN, pseudonymised; its faults go to the
// upn_fault column for the validation rules (168), not to the reader's
// issues.
func validatedUPN() cl.Column {
	c := col("UPN", "upn", cl.UPN, "", true)
	c.Validated = true
	return c
}

func snake(field string) string {
	b := []byte(field)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// A sheet holding a table may be named for it as the validator, the CSV
// exports or the warehouse name it.
func init() {
	for _, t := range Tables {
		t.Spec.SheetNames = []string{t.Return, t.Spec.Table}
	}
}

var episodeColumns = []cl.Column{
	child, date("DECOM", true), code("RNE", "RNE", true), code("LS", "LS", true), code("CIN", "CIN", true),
	code("PLACE", "PLACE", true), code("PLACE_PROVIDER", "PLACE_PROVIDER", false), date("DEC", false),
	code("REC", "REC", false), code("REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE", false),
	col("HOME_POST", "home_post_outward", cl.Postcode, "", false), col("PL_POST", "pl_post_outward", cl.Postcode, "", false),
	col("URN", "urn", cl.URN, "", false),
	// derived by DfE from the postcodes, and by yardstick when ONS's
	// postcode directory is among the inputs (derivePostcodes)
	optional(col("PL_DISTANCE", "pl_distance", cl.Float, "", false)), optional(col("PL_LA", "pl_la", cl.LACode, "", false)),
	// derived by yardstick when Ofsted's provider list is among the inputs
	// (deriveURNPostcode): whether the placement is at its provider's
	// postcode, which rule 221 checks; the postcodes are not kept
	urnPostcodeColumn,
}

var urnPostcodeColumn = cl.Column{Name: "urn_postcode_match", Field: "URN_POSTCODE_MATCH", Kind: cl.Flag, Optional: true,
	Doc: "Derived when Ofsted's provider list is among the inputs: whether PL_POST is a setting postcode the list gives the episode's URN (false also when the list has no postcode for the URN); NULL without a list, a URN or a placement postcode"}

func optional(c cl.Column) cl.Column { c.Optional = true; return c }

// Tables is every table of the return, keyed by the name DfE's validator
// and the CSV exports use.
var Tables = []struct {
	Return string // header, episodes, ...
	Spec   *cl.Spec
}{
	{"header", &cl.Spec{Table: "cla_child", Columns: []cl.Column{
		child, code("SEX", "SEX", true), dob, code("ETHNIC", "ETHNIC", true),
		validatedUPN(), flag("MOTHER"), col("MC_DOB", "mc_dob_month", cl.DOB, "", false),
		col("UPN", "upn_fault", cl.UPNFault, "", false),
		// the header's UASC flag (0 or 1): in the XML return only; the CSV
		// export has a uasc table instead
		optional(flag("UASC"))}}},
	{"episodes", &cl.Spec{Table: "cla_episode", Columns: episodeColumns, Derive: deriveEpisode}},
	{"reviews", &cl.Spec{Table: "cla_review", Columns: []cl.Column{
		child, dob, date("REVIEW", true), code("REVIEW_CODE", "REVIEW_CODE", true)}}},
	{"uasc", &cl.Spec{Table: "cla_uasc", Columns: []cl.Column{
		child, code("SEX", "SEX", true), dob, date("DUC", false)}}},
	{"oc2", &cl.Spec{Table: "cla_outcome", Columns: []cl.Column{
		child, dob, col("SDQ_SCORE", "sdq_score", cl.Int, "", false), code("SDQ_REASON", "SDQ_REASON", false),
		flag("CONVICTED"), flag("HEALTH_CHECK"), flag("IMMUNISATIONS"), flag("TEETH_CHECK"), flag("HEALTH_ASSESSMENT"),
		flag("SUBSTANCE_MISUSE"), flag("INTERVENTION_RECEIVED"), flag("INTERVENTION_OFFERED")}}},
	{"oc3", &cl.Spec{Table: "cla_care_leaver", Columns: []cl.Column{
		child, dob, code("IN_TOUCH", "IN_TOUCH", true), code("ACTIV", "ACTIV", true), code("ACCOM", "ACCOM", true)}}},
	{"ad1", &cl.Spec{Table: "cla_adoption", Columns: []cl.Column{
		child, dob, date("DATE_INT", true), date("DATE_MATCH", true), flag("FOSTER_CARE"),
		col("NB_ADOPTR", "nb_adoptr", cl.Int, "", true), code("SEX_ADOPTR", "SEX_ADOPTR", true), code("LS_ADOPTR", "LS_ADOPTR", true)}}},
	{"placed_for_adoption", &cl.Spec{Table: "cla_placed_for_adoption", Columns: []cl.Column{
		child, dob, date("DATE_PLACED", true), date("DATE_PLACED_CEASED", false), code("REASON_PLACED_CEASED", "REASON_PLACED_CEASED", false)}}},
	{"previous_permanence", &cl.Spec{Table: "cla_previous_permanence", Columns: []cl.Column{
		// DATE_PERM may be partial ("zz/03/2014"); it is kept to its month.
		child, dob, code("PREV_PERM", "PREV_PERM", true), col("LA_PERM", "la_perm", cl.LACode, "", false), col("DATE_PERM", "date_perm", cl.PartialDate, "", false)}}},
	{"missing", &cl.Spec{Table: "cla_missing", Columns: []cl.Column{
		child, dob, code("MISSING", "MISSING", true), date("MIS_START", true), date("MIS_END", false)}}},
	{"sw_episodes", &cl.Spec{Table: "cla_social_worker", Columns: []cl.Column{
		// SW_ID identifies a member of staff: pseudonymised like a child's ID.
		child, dob, col("SW_ID", "sw_id", cl.ID, "", true), date("SW_DECOM", true), date("SW_DEC", false), code("SW_REASON", "SW_REASON", false)}}},
	{"DoLo", &cl.Spec{Table: "cla_dolo", Columns: []cl.Column{
		child, dob, date("DOLO_START", true), date("DOLO_END", false)}}},
}

// The episodes' columns deriveEpisode reads and fills.
var (
	homePost, plPost, plDistance, plLA = episodeColumn("HOME_POST"), episodeColumn("PL_POST"), episodeColumn("PL_DISTANCE"), episodeColumn("PL_LA")
	urnCol, urnPostcode                = episodeColumn("URN"), episodeColumn("URN_POSTCODE_MATCH")
)

// deriveEpisode fills the fields an episode's postcodes give with the
// run's reference inputs: PL_LA and PL_DISTANCE from ONS's postcode
// directory, and whether the placement is at its provider's postcode from
// Ofsted's provider list.
func deriveEpisode(env *sources.Env, vals []string, report func(field, rule, msg string)) {
	derivePostcodes(env, vals, report)
	deriveURNPostcode(env, vals)
}

// deriveURNPostcode says whether the placement postcode is one the
// provider list gives the episode's URN, as rule 221 asks: "0" also when
// the list has no postcode for the URN (DfE's lookup then gives none to
// match), blank without a list, a URN (or XXXXXXX) or a placement
// postcode. Only this yes or no is kept.
func deriveURNPostcode(env *sources.Env, vals []string) {
	vals[urnPostcode] = ""
	if env.Returns == nil || env.Returns.ProviderPostcodes == nil {
		return
	}
	squash := func(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }
	urn, pl := squash(vals[urnCol]), squash(vals[plPost])
	if urn == "" || urn == "XXXXXXX" || pl == "" {
		return
	}
	vals[urnPostcode] = "0"
	for _, pc := range env.Returns.ProviderPostcodes[urn] {
		if pc == pl {
			vals[urnPostcode] = "1"
			return
		}
	}
}

func episodeColumn(field string) int {
	for i, c := range episodeColumns {
		if c.Field == field {
			return i
		}
	}
	panic("no episodes column " + field)
}

// derivePostcodes fills an episode's PL_LA and PL_DISTANCE, as DfE derives
// them, from its full postcodes and ONS's postcode directory, where the
// return does not give them itself: the full postcodes go no further than
// this (the table keeps their outward codes). A postcode the directory does
// not hold is reported by field, never by its value.
func derivePostcodes(env *sources.Env, vals []string, report func(field, rule, msg string)) {
	if env.Returns == nil || env.Returns.Postcodes == nil {
		return
	}
	dir := env.Returns.Postcodes
	home, pl := strings.TrimSpace(vals[homePost]), strings.TrimSpace(vals[plPost])
	// a value not of a postcode's shape is reported as the field's own fault
	notHeld := func(field, v, cannot string) {
		if _, err := postcode.Outward(v); err == nil {
			report(field, "postcode_not_in_directory", field+" is not in ONS's postcode directory: "+cannot+
				" cannot be derived; check the postcode, or give a newer directory")
		}
	}
	if pl == "" {
		return
	}
	la := dir.LA(pl)
	if la == "" {
		notHeld("PL_POST", pl, "PL_LA and PL_DISTANCE")
		return
	}
	if strings.TrimSpace(vals[plLA]) == "" {
		vals[plLA] = la
	}
	if strings.TrimSpace(vals[plDistance]) != "" || home == "" {
		return
	}
	if miles, ok := dir.Miles(home, pl); ok {
		vals[plDistance] = strconv.FormatFloat(miles, 'f', 1, 64)
	} else if dir.LA(home) == "" {
		notHeld("HOME_POST", home, "PL_DISTANCE")
	}
}
