package pipeline

import "sort"

// Attainment indicators are built from DfE's published school results: for
// each file layout yardstick knows, its headline measures crossed with the
// pupil groups it publishes. An indicator's id is stage_measure_group
// (ks4_att8_disadvantaged); each group is a where on the file's filters.

// attainmentMeasure is one headline measure column.
type attainmentMeasure struct {
	id, label, unit, column string
}

// attainmentGroup is one published pupil group and the filters that pick
// its row (every other filter of the file is "Total" on that row, or the
// where pins it). column is the filter that names the group (empty for
// all pupils); its other values in the file are checked against the
// groups yardstick knows.
type attainmentGroup struct {
	id, label string
	column    string
	where     map[string]string
}

// attainmentFile is a publication: which files, which measures, which groups.
type attainmentFile struct {
	stage, source, file string
	measures            []attainmentMeasure
	groups              []attainmentGroup
}

// Pupil groups, named once; the wheres differ by file.
const (
	groupAll              = "all"
	groupFSM              = "fsm"
	groupNotFSM           = "not_fsm"
	groupDisadvantaged    = "disadvantaged"
	groupNotDisadvantaged = "not_disadvantaged"
	groupCIN              = "cin"
	groupCPP              = "cpp"
	groupCLA              = "cla"
)

var ks4Measures = []attainmentMeasure{
	{"att8", "Attainment 8 average score", "score", "avg_att8"},
	{"p8", "Progress 8 average score", "score", "avg_p8score"},
	{"basics_4plus", "English and maths grade 4 or above (%)", "%", "pt_l2basics_94"},
	{"basics_5plus", "English and maths grade 5 or above (%)", "%", "pt_l2basics_95"},
	{"ebacc_entry", "Entering the English Baccalaureate (%)", "%", "pt_ebacc_e_ptq_ee"},
	{"ebacc_aps", "English Baccalaureate average point score", "score", "avg_ebaccaps"},
}

// socialCareGroups are the groups of DfE's outcomes of children in need
// files (csc ks2_la / ks4_la): children in need, on a child protection
// plan, looked after for 12 months, each at 31 March.
var socialCareGroups = []attainmentGroup{
	{groupCIN, "children in need", "social_care_group", map[string]string{"social_care_group": "CINO at 31 March"}},
	{groupCPP, "children on a child protection plan", "social_care_group", map[string]string{"social_care_group": "CPPO at 31 March"}},
	{groupCLA, "children looked after for 12 months", "social_care_group", map[string]string{"social_care_group": "CLA 12 months at 31 March"}},
}

var attainmentFiles = []attainmentFile{
	{
		// KS4 performance, LA and pupil characteristics (EES layout, CSV or
		// xlsx): filters breakdown, gender, free_school_meals, disadvantage ...
		stage: "ks4", source: "DfE Key stage 4 performance: local authority and pupil characteristics",
		file:     "ks4_*characteristics*",
		measures: ks4Measures,
		groups: []attainmentGroup{
			{groupAll, "all pupils", "", map[string]string{"breakdown": "Total", "gender": "Total", "sen_description": "Total"}},
			{groupDisadvantaged, "disadvantaged pupils", "disadvantage", map[string]string{"breakdown": "disadvantage", "gender": "Total", "disadvantage": "Disadvantaged"}},
			{groupNotDisadvantaged, "all other pupils (not disadvantaged)", "disadvantage", map[string]string{"breakdown": "disadvantage", "gender": "Total", "disadvantage": "Disadvantaged all other"}},
			{groupFSM, "pupils eligible for free school meals", "free_school_meals", map[string]string{"breakdown": "Free school meals", "gender": "Total", "free_school_meals": "FSM"}},
			{groupNotFSM, "pupils not eligible for free school meals", "free_school_meals", map[string]string{"breakdown": "Free school meals", "gender": "Total", "free_school_meals": "FSM all other"}},
		},
	},
	{
		stage: "ks4", source: "DfE Outcomes for children in need, including children looked after: key stage 4",
		file: "*ks4_la*.csv", measures: ks4Measures, groups: socialCareGroups,
	},
	{
		stage: "ks2", source: "DfE Outcomes for children in need, including children looked after: key stage 2",
		file: "*ks2_la*.csv",
		measures: []attainmentMeasure{
			{"rwm_expected", "Reading, writing and maths at the expected standard (%)", "%", "pt_rwm_met_expected_standard"},
			{"read_expected", "Reading at the expected standard (%)", "%", "pt_read_met_expected_standard"},
			{"writing_expected", "Writing at the expected standard (%)", "%", "pt_writta_met_expected_standard"},
			{"maths_expected", "Maths at the expected standard (%)", "%", "pt_mat_met_expected_standard"},
			{"read_progress", "Reading progress score", "score", "avg_read_progress_score"},
			{"writing_progress", "Writing progress score", "score", "avg_writta_progress_score"},
			{"maths_progress", "Maths progress score", "score", "avg_mat_progress_score"},
		},
		groups: socialCareGroups,
	},
	{
		// EYFS profile headline measures by characteristic (EES layout).
		stage: "eyfs", source: "DfE Early years foundation stage profile results",
		file: "eyfsp_*",
		measures: []attainmentMeasure{
			{"gld", "Good level of development (%)", "%", "gld_percentage"},
			{"all_elgs", "Expected level in all early learning goals (%)", "%", "elg_percentage"},
			{"average_elgs", "Average number of early learning goals at the expected level", "score", "average_elgs"},
			{"comm_lang_lit", "Expected level in communication, language and literacy (%)", "%", "comm_lang_lit_percentage"},
		},
		groups: []attainmentGroup{
			{groupAll, "all children", "", map[string]string{"characteristic": "Total", "characteristic_type": "Total", "gender": "Total"}},
			{groupFSM, "children eligible for free school meals", "characteristic_type", map[string]string{"characteristic": "Free school meal eligibility", "characteristic_type": "Known to be eligible for free school meals", "gender": "Total"}},
			{groupNotFSM, "children not known to be eligible for free school meals", "characteristic_type", map[string]string{"characteristic": "Free school meal eligibility", "characteristic_type": "Not known to be eligible for free school meals", "gender": "Total"}},
		},
	},
}

// stageLabel names a key stage in labels.
var stageLabel = map[string]string{"ks4": "KS4", "ks2": "KS2", "eyfs": "EYFS"}

// attainmentIndicators are the built-in attainment indicators. Attainment
// is better when higher, so polarity high (LAIT's polarity for these).
func attainmentIndicators() []Indicator {
	var out []Indicator
	for _, f := range attainmentFiles {
		for _, m := range f.measures {
			for _, g := range f.groups {
				out = append(out, Indicator{
					ID:    f.stage + "_" + m.id + "_" + g.id,
					Label: stageLabel[f.stage] + " " + m.label + ": " + g.label,
					Unit:  m.unit, Polarity: "high", Source: f.source,
					File: f.file, Measure: m.column, Where: g.where, Theme: "education",
				})
			}
		}
	}
	return out
}

// GroupLabel is a pupil-group label yardstick knows: in files matching
// File, on rows whose filters include Scope, Column = Label names a group
// a built-in indicator uses. Other labels there are loaded as given and
// reported, never guessed into a group (ref.group_label).
type GroupLabel struct {
	File, Column, Label string
	Scope               map[string]string
}

// groupLabels lists the known labels: a group's where without its own
// column and without the filters that are "Total" on its row is the scope
// in which its column names groups.
func groupLabels() []GroupLabel {
	var out []GroupLabel
	for _, f := range attainmentFiles {
		for _, g := range f.groups {
			if g.column == "" {
				continue
			}
			scope := map[string]string{}
			for k, v := range g.where {
				if k != g.column && v != "Total" {
					scope[k] = v
				}
			}
			out = append(out, GroupLabel{File: f.file, Column: g.column, Label: g.where[g.column], Scope: scope})
		}
	}
	return out
}

// Gap is a gap definition: comparison minus group, each an indicator id.
type Gap struct {
	ID, Label         string
	Group, Comparison string
	Source            string // built-in or the config
}

// gapPairs are the built-in gaps: the group, the group it is compared with,
// and how committee papers name the gap.
var gapPairs = []struct{ group, comparison, name string }{
	{groupDisadvantaged, groupNotDisadvantaged, "disadvantaged pupils and all other pupils"},
	{groupFSM, groupNotFSM, "pupils eligible for free school meals and the rest"},
	{groupCLA, groupAll, "children looked after and all pupils"},
}

// builtinGaps are a gap for every headline measure that has both groups of
// a pair among the built-in indicators.
func builtinGaps(cat []Indicator) []Gap {
	byID := map[string]Indicator{}
	for _, ind := range cat {
		byID[ind.ID] = ind
	}
	var out []Gap
	seen := map[string]bool{}
	for _, f := range attainmentFiles {
		for _, m := range f.measures {
			for _, p := range gapPairs {
				g, c := f.stage+"_"+m.id+"_"+p.group, f.stage+"_"+m.id+"_"+p.comparison
				id := f.stage + "_" + m.id + "_" + p.group + "_gap"
				if _, ok := byID[g]; !ok || seen[id] {
					continue
				}
				if _, ok := byID[c]; !ok {
					continue
				}
				seen[id] = true
				out = append(out, Gap{ID: id, Label: stageLabel[f.stage] + " " + m.label + ": gap between " + p.name,
					Group: g, Comparison: c, Source: "built-in"})
			}
		}
	}
	return out
}

// Gaps are the built-in gaps with the config's added; a config gap with a
// built-in id replaces it. Ordered by id.
func Gaps(cat []Indicator, cfg []GapConfig) []Gap {
	byID := map[string]Gap{}
	for _, g := range builtinGaps(cat) {
		byID[g.ID] = g
	}
	for _, c := range cfg {
		byID[c.ID] = Gap{ID: c.ID, Label: c.Label, Group: c.Group, Comparison: c.Comparison, Source: "declared in the config"}
	}
	out := make([]Gap, 0, len(byID))
	for _, g := range byID {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
