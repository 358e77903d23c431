package pipeline

import "sort"

// Indicator is one benchmarked measure: where its values come from and how
// to rank them. It becomes a row of ref.indicator, and the SQL models select
// its values from stage.observation by file glob, measure and where.
type Indicator struct {
	ID       string
	Label    string
	Unit     string // count | % | rate | score | value
	Polarity string // high | low | none
	Source   string // the publication, for ref.indicator and the notes
	File     string // glob on the input file's base name
	Measure  string
	Where    map[string]string
	// RateOf names a count indicator: where no file gives this indicator,
	// its value is that count per 10,000 children aged 0-17 (ONS mid-year
	// estimate for the year before the period ends: 31 March 2025 uses
	// mid-2024), rounded to 1 decimal place as DfE publishes rates.
	RateOf string
	// ComputedBy names the SQL model that computes the values when they
	// are not a column of a published file.
	ComputedBy string
	// Theme is the sheet of the extract the indicator appears on.
	Theme string
	// FromConfig is set for indicators declared in the config (a config
	// entry with a built-in id replaces the built-in one).
	FromConfig bool `json:",omitempty"`
}

// origin is ref.indicator.origin: where the definition came from.
func (ind Indicator) origin() string {
	if ind.FromConfig {
		return "config"
	}
	return "built-in"
}

// Theme groups indicators as a committee paper does: the extract has a
// sheet per theme, titled by it (so at most 31 characters, Excel's limit),
// and the Parquet extract is partitioned by it.
type Theme struct{ ID, Title string }

// Themes in the order the extract shows them.
var Themes = []Theme{
	{"children_in_need", "Children in need and protection"},
	{"looked_after", "Looked after and care leavers"},
	{"education", "Education and gaps"},
	{"other", "Other indicators"},
}

func themeIDs() []string {
	ids := make([]string, len(Themes))
	for i, t := range Themes {
		ids[i] = t.ID
	}
	return ids
}

// Builtin is the catalogue built into yardstick. Polarity follows LAIT's
// data dictionary (its measure code in brackets); volumes and rates of
// children in the system are context, not better or worse, so "none".
var Builtin = []Indicator{
	{
		ID: "cin_at_31_march", Theme: "children_in_need", Label: "Children in need at 31 March", Unit: "count",
		Polarity: "none", // LAIT shows no polarity for CIN volumes
		Source:   "DfE Characteristics of children in need, table B1",
		File:     "b1_children_in_need*.csv", Measure: "At31_episodes",
	},
	{
		ID: "cin_rate_per_10k", Theme: "children_in_need", Label: "Children in need at 31 March per 10,000 children", Unit: "rate",
		Polarity: "none", // LAIT 171: no polarity
		Source:   "DfE Characteristics of children in need, table B1, with ONS mid-year estimates aged 0-17",
		RateOf:   "cin_at_31_march",
	},
	{
		ID: "rereferral_pct", Theme: "children_in_need", Label: "Re-referrals within 12 months of a previous referral (%)", Unit: "%",
		Polarity: "low", // LAIT 271 Low: a re-referral suggests the first response did not hold
		Source:   "DfE Characteristics of children in need, table C1",
		File:     "c1_children_in_need_referrals_and_rereferrals*.csv", Measure: "rereferral_percent",
	},
	{
		ID: "cin_referrals_in_year", Theme: "children_in_need", Label: "Referrals to children's social care during the year", Unit: "count",
		Polarity: "none", // a volume
		Source:   "DfE Characteristics of children in need, table C1",
		File:     "c1_children_in_need_referrals_and_rereferrals*.csv", Measure: "referral_count",
	},
	{
		ID: "cpp_at_31_march", Theme: "children_in_need", Label: "Children on a child protection plan at 31 March", Unit: "count",
		Polarity:   "none", // a volume
		Source:     "the council's own CIN census (DfE publishes it in table D1, not among the files yardstick knows yet)",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cpp_rate_per_10k", Theme: "children_in_need", Label: "Children on a child protection plan at 31 March per 10,000 children", Unit: "rate",
		Polarity: "none", // context, as the CIN rate
		Source:   "the council's own CIN census, with ONS mid-year estimates aged 0-17",
		RateOf:   "cpp_at_31_march",
	},
	{
		ID: "assessments_45_days_pct", Theme: "children_in_need", Label: "Assessments completed within 45 working days (%)", Unit: "%",
		Polarity:   "high", // LAIT 304 High
		Source:     "the council's own CIN census (DfE publishes it; the layout is not among those yardstick knows yet)",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "s47_in_year", Theme: "children_in_need", Label: "Section 47 enquiries starting during the year", Unit: "count",
		Polarity:   "none", // a volume
		Source:     "the council's own CIN census (DfE table C4)",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "s47_rate_per_10k", Theme: "children_in_need", Label: "Section 47 enquiries per 10,000 children", Unit: "rate",
		Polarity: "none", // LAIT 217: no polarity
		Source:   "the council's own CIN census, with ONS mid-year estimates aged 0-17",
		RateOf:   "s47_in_year",
	},
	{
		ID: "icpc_in_year", Theme: "children_in_need", Label: "Initial child protection conferences during the year", Unit: "count",
		Polarity:   "none", // a volume
		Source:     "the council's own CIN census (DfE table C4)",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "icpc_rate_per_10k", Theme: "children_in_need", Label: "Initial child protection conferences per 10,000 children", Unit: "rate",
		Polarity: "none", // LAIT 269: no polarity
		Source:   "the council's own CIN census, with ONS mid-year estimates aged 0-17",
		RateOf:   "icpc_in_year",
	},
	{
		ID: "icpc_15_days_pct", Theme: "children_in_need", Label: "Initial child protection conferences within 15 working days of the strategy discussion (%)", Unit: "%",
		Polarity:   "high", // LAIT 218 High
		Source:     "the council's own CIN census (DfE table C4)",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cpp_initial_neglect_pct", Theme: "children_in_need", Label: "Child protection plans starting in the year: initial category neglect (%)", Unit: "%",
		Polarity:   "none", // the mix of need, not better or worse
		Source:     "the council's own CIN census",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cpp_initial_emotional_pct", Theme: "children_in_need", Label: "Child protection plans starting in the year: initial category emotional abuse (%)", Unit: "%",
		Polarity:   "none", // as above
		Source:     "the council's own CIN census",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cpp_initial_physical_pct", Theme: "children_in_need", Label: "Child protection plans starting in the year: initial category physical abuse (%)", Unit: "%",
		Polarity:   "none", // as above
		Source:     "the council's own CIN census",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cpp_initial_sexual_pct", Theme: "children_in_need", Label: "Child protection plans starting in the year: initial category sexual abuse (%)", Unit: "%",
		Polarity:   "none", // as above
		Source:     "the council's own CIN census",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cpp_initial_multiple_pct", Theme: "children_in_need", Label: "Child protection plans starting in the year: initial category multiple (%)", Unit: "%",
		Polarity:   "none", // as above
		Source:     "the council's own CIN census",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cpp_2_years_pct", Theme: "children_in_need", Label: "Child protection plans at 31 March lasting 2 years or more (%)", Unit: "%",
		Polarity:   "low", // LAIT 264 Low
		Source:     "the council's own CIN census (DfE table D5)",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cpp_subsequent_pct", Theme: "children_in_need", Label: "Child protection plans starting in the year that are a second or subsequent plan (%)", Unit: "%",
		Polarity: "low", // LAIT 15 Low: a repeat plan means the first did not make the child safe
		Source:   "DfE Characteristics of children in need, table D3",
		File:     "d3_cpps_subsequent_plan*.csv", Measure: "CPP_subsequent_percent",
	},
	{
		ID: "cla_at_31_march", Theme: "looked_after", Label: "Children looked after at 31 March", Unit: "count",
		Polarity: "none", // a volume: context for the rate
		Source:   "DfE Children looked after in England",
		File:     "cla_number_and_rate_per_10k_children*.csv", Measure: "children_count",
		Where: map[string]string{"population_type": "Children looked after on 31 March each year"},
	},
	{
		ID: "cla_rate_per_10k", Theme: "looked_after", Label: "Children looked after at 31 March per 10,000 children", Unit: "rate",
		Polarity: "none", // LAIT shows the rate without polarity: high or low is not better in itself
		Source:   "DfE Children looked after in England",
		File:     "cla_number_and_rate_per_10k_children*.csv", Measure: "rate_per_10000",
		Where:  map[string]string{"population_type": "Children looked after on 31 March each year"},
		RateOf: "cla_at_31_march",
	},
	{
		ID: "cla_started_in_year", Theme: "looked_after", Label: "Children starting to be looked after during the year", Unit: "count",
		Polarity: "none", // a volume
		Source:   "DfE Children looked after in England",
		File:     "cla_number_and_rate_per_10k_children*.csv", Measure: "children_count",
		Where: map[string]string{"population_type": "Children starting to be looked after each year"},
	},
	{
		ID: "cla_ceased_in_year", Theme: "looked_after", Label: "Children ceasing to be looked after during the year", Unit: "count",
		Polarity: "none", // a volume
		Source:   "DfE Children looked after in England",
		File:     "cla_number_and_rate_per_10k_children*.csv", Measure: "children_count",
		Where: map[string]string{"population_type": "Children ceasing to be looked after each year"},
	},
	{
		ID: "cla_3plus_placements_pct", Theme: "looked_after", Label: "Children looked after at 31 March with 3 or more placements during the year (%)", Unit: "%",
		Polarity: "low", // LAIT 372 Low: each move is a disruption
		Source:   "DfE Stability measures for children looked after in England: placement stability by local authority",
		File:     "*placement_stability*.csv", Measure: "children_percent",
		Where: map[string]string{"cla_group": "CLA on 31 March", "placement_stability": "With 3 or more placements during the year"},
	},
	{
		ID: "cla_long_term_stability_pct", Theme: "looked_after", Label: "Children under 16 looked after for 2.5 years or more in the same placement for 2 years or more (%)", Unit: "%",
		Polarity: "high", // LAIT 393 High
		Source:   "DfE Stability measures for children looked after in England: placement stability by local authority",
		File:     "*placement_stability*.csv", Measure: "children_percent",
		Where: map[string]string{"cla_group": "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years", "placement_stability": "Living with the same carer for at least 2 years"},
	},
	{
		ID: "cla_placed_foster_pct", Theme: "looked_after", Label: "Children looked after at 31 March in foster care, including with family and friends (%)", Unit: "%",
		Polarity:   "none", // the mix of placements is context
		Source:     "the council's own SSDA903 return (DfE publishes it by LA; the layout is not among those yardstick knows yet)",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cla_placed_with_parents_pct", Theme: "looked_after", Label: "Children looked after at 31 March placed with parents (%)", Unit: "%",
		Polarity:   "none", // as above
		Source:     "the council's own SSDA903 return",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cla_placed_residential_pct", Theme: "looked_after", Label: "Children looked after at 31 March in residential settings (%)", Unit: "%",
		Polarity:   "none", // as above
		Source:     "the council's own SSDA903 return",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cla_placed_independent_pct", Theme: "looked_after", Label: "Children looked after at 31 March in independent or semi-independent living or supported accommodation (%)", Unit: "%",
		Polarity:   "none", // as above
		Source:     "the council's own SSDA903 return",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cla_uasc_at_31_march", Theme: "looked_after", Label: "Unaccompanied asylum-seeking children looked after at 31 March", Unit: "count",
		Polarity:   "none", // a volume (LAIT 334)
		Source:     "the council's own SSDA903 return",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "cla_missing_pct", Theme: "looked_after", Label: "Children looked after during the year who went missing from their placement (%)", Unit: "%",
		Polarity:   "none", // LAIT 161 shows no polarity
		Source:     "the council's own SSDA903 return",
		ComputedBy: "stage_own_indicator.sql",
	},
	{
		ID: "care_leavers_19_21_suitable_accommodation_pct", Theme: "looked_after", Label: "Care leavers aged 19 to 21 in suitable accommodation (%)", Unit: "%",
		Polarity: "high", // LAIT 112 High
		Source:   "DfE Children looked after in England: care leavers",
		File:     "la_care_leavers_accommodation_suitability*.csv", Measure: "care_leaver_percent",
		Where: map[string]string{"care_leaver_age": "19 to 21 years", "breakdown": "Accommodation considered suitable"},
	},
	{
		ID: "care_leavers_19_21_eet_pct", Theme: "looked_after", Label: "Care leavers aged 19 to 21 in education, employment or training (%)", Unit: "%",
		Polarity: "high", // LAIT 113 High
		Source:   "DfE Children looked after in England: care leavers",
		File:     "la_care_leavers_activity*.csv", Measure: "care_leaver_percent",
		Where: map[string]string{"care_leaver_age": "19 to 21 years", "breakdown": "Total in education, employment or training"},
	},
	{
		ID: "neet_pct", Theme: "education", Label: "16 and 17 year olds not in education, employment or training (%)", Unit: "%",
		Polarity: "low", // LAIT 382 Low
		Source:   "DfE NEET and participation: local authority figures",
		File:     "UD_NEETNK_LA_dashboard*.csv", Measure: "NEET_percent",
	},
	{
		ID: "neet_not_known_pct", Theme: "education", Label: "16 and 17 year olds NEET or whose activity is not known (%)", Unit: "%",
		Polarity: "low", // LAIT 382 Low
		Source:   "DfE NEET and participation: local authority figures",
		File:     "UD_NEETNK_LA_dashboard*.csv", Measure: "NEET_not_known_percent",
	},
	// Computed from Ofsted's school-level management information.
	{
		ID: "schools_good_outstanding_pct", Theme: "education", Label: "Schools judged good or outstanding (%)", Unit: "%",
		Polarity:   "high", // more is better, as LAIT has it for good or outstanding early years providers (293)
		Source:     "Ofsted state-funded schools inspections and outcomes: management information",
		ComputedBy: "stage_school_inspection.sql",
	},
	{
		ID: "pupils_good_outstanding_pct", Theme: "education", Label: "Pupils in schools judged good or outstanding (%)", Unit: "%",
		Polarity:   "high", // as above
		Source:     "Ofsted state-funded schools inspections and outcomes: management information",
		ComputedBy: "stage_school_inspection.sql",
	},
}

// Catalogue is the built-in catalogue with the config's indicators added; a
// config indicator with a built-in id replaces it. Ordered by id.
func Catalogue(cfg []IndicatorConfig) []Indicator {
	byID := map[string]Indicator{}
	for _, ind := range append(append([]Indicator(nil), Builtin...), attainmentIndicators()...) {
		byID[ind.ID] = ind
	}
	for _, c := range cfg {
		byID[c.ID] = Indicator{ID: c.ID, Label: c.Label, Unit: c.Unit, Polarity: c.Polarity,
			Source: "declared in the config", File: c.File, Measure: c.Measure, Where: c.Where, Theme: c.Theme, FromConfig: true}
		if c.Theme == "" {
			ind := byID[c.ID]
			ind.Theme = "other"
			byID[c.ID] = ind
		}
	}
	out := make([]Indicator, 0, len(byID))
	for _, ind := range byID {
		out = append(out, ind)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
