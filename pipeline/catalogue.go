package pipeline

import (
	"encoding/json"

	"github.com/yardstick-etl/yardstick/pipeline/catalogue"
	models "github.com/yardstick-etl/yardstick/sql"
)

// The catalogue's types, as the pipeline and its callers name them; the
// built-in entries are data (pipeline/catalogue/*.yaml).
type (
	Indicator = catalogue.Indicator
	Gap       = catalogue.Gap
	Theme     = catalogue.Theme
)

func init() {
	// computed_by names one of the warehouse's models.
	catalogue.Models = models.All()
}

// Effective is the catalogue a config runs with: the built-in one with the
// config's indicators and gaps added (a config entry with a built-in id
// replaces it), ordered by id.
func Effective(cfg *Config) *catalogue.Catalogue {
	c := catalogue.MustBuiltin().With(cfg.Indicators, cfg.Gaps)
	if len(cfg.Headline) > 0 {
		c.Headline = cfg.Headline
	}
	return c
}

// Catalogue is the effective indicators for a config's indicators.
func Catalogue(cfg []IndicatorConfig) []Indicator {
	return catalogue.MustBuiltin().With(cfg, nil).Indicators
}

// GroupLabel is a pupil-group label yardstick knows: in files matching
// File, on rows whose filters include Scope, Column = Label names a group
// an indicator uses. Other labels there are loaded as given and reported,
// never guessed into a group (ref.group_label).
type GroupLabel struct {
	File, Column, Label string
	Scope               map[string]string
}

// groupLabels lists the known labels from the indicators that name their
// group_column: an indicator's where without its group column and without
// the filters that are "Total" on its row is the scope in which that
// column names groups.
// Each label is listed once, however many measures use its group.
func groupLabels(cat []Indicator) []GroupLabel {
	var out []GroupLabel
	seen := map[string]bool{}
	for _, ind := range cat {
		if ind.GroupColumn == "" {
			continue
		}
		scope := map[string]string{}
		for k, v := range ind.Where {
			if k != ind.GroupColumn && v != "Total" {
				scope[k] = v
			}
		}
		g := GroupLabel{File: ind.File, Column: ind.GroupColumn, Label: ind.Where[ind.GroupColumn], Scope: scope}
		key, _ := json.Marshal(g) // strings and a map of strings: cannot fail
		if !seen[string(key)] {
			seen[string(key)] = true
			out = append(out, g)
		}
	}
	return out
}
