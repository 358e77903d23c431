package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v4"
)

// minimalConfig is what an empty config is told to hold at least.
const minimalConfig = `a minimal config names the inputs, files or folders, relative to the config's folder:

  inputs:
    - inbox

(see docs/configuration.md for every key)`

// emptyConfig says whether a config file holds nothing but space and
// comments.
func emptyConfig(data []byte) bool {
	for _, l := range bytes.Split(data, []byte("\n")) {
		if l = bytes.TrimSpace(l); len(l) > 0 && l[0] != '#' && !bytes.Equal(l, []byte("---")) {
			return false
		}
	}
	return true
}

var (
	unknownField = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	cannotLoad   = regexp.MustCompile("^cannot (?:construct|unmarshal) (!!\\w+)(?: `([^`]*)`)? into (\\S+)$")
)

// yamlError turns the YAML library's decoding errors into the config's
// own: "FILE line N: key: message", one per problem, for unknown keys and
// values of the wrong type alike.
func yamlError(path string, doc *yaml.Node, err error) error {
	var le *yaml.LoadErrors
	if !errors.As(err, &le) {
		return fmt.Errorf("%s: %w", path, err)
	}
	var out []error
	for _, e := range le.Errors {
		line := e.Mark.Line
		key := keyAt(doc, line)
		msg := e.Message
		if m := unknownField.FindStringSubmatch(msg); m != nil {
			key = m[1]
			msg = fmt.Sprintf("unknown key; the keys here are %s", strings.Join(yamlKeys(m[2]), ", "))
		} else if m := cannotLoad.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("expected %s, got %s", kindName(m[3]), tagName(m[1], m[2]))
		}
		if key != "" {
			msg = key + ": " + msg
		}
		if line > 0 {
			out = append(out, fmt.Errorf("%s line %d: %s", path, line, msg))
		} else {
			out = append(out, fmt.Errorf("%s: %s", path, msg))
		}
	}
	return errors.Join(out...)
}

// keyAt is the innermost mapping key whose entry starts on line.
func keyAt(n *yaml.Node, line int) string {
	if n == nil {
		return ""
	}
	key := ""
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Line == line || v.Line == line {
				key = k.Value
			}
			if inner := keyAt(v, line); inner != "" {
				return inner
			}
		}
		return key
	}
	for _, c := range n.Content {
		if k := keyAt(c, line); k != "" {
			return k
		}
	}
	return ""
}

// yamlKeys lists the keys a config type takes, from its yaml tags.
func yamlKeys(typeName string) []string {
	types := map[string]reflect.Type{
		"pipeline.Config": reflect.TypeOf(Config{}), "pipeline.ExtractConfig": reflect.TypeOf(ExtractConfig{}),
		"pipeline.Pseudonymisation": reflect.TypeOf(Pseudonymisation{}), "pipeline.inputEntryFields": reflect.TypeOf(InputEntry{}),
		"catalogue.Indicator": reflect.TypeOf(Indicator{}), "catalogue.Gap": reflect.TypeOf(Gap{}),
	}
	t, ok := types[typeName]
	if !ok {
		return []string{"those docs/configuration.md lists"}
	}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	sort.Strings(keys)
	return keys
}

func kindName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list (- item per line, or [a, b])"
	case strings.HasPrefix(goType, "map["):
		return "a mapping (key: value)"
	case goType == "int" || goType == "int64" || goType == "uint64":
		return "a whole number"
	case goType == "bool":
		return "true or false"
	case goType == "string":
		return "text"
	}
	return "a " + goType
}

func tagName(tag, value string) string {
	what := map[string]string{"!!str": "text", "!!int": "a number", "!!float": "a number", "!!bool": "true or false",
		"!!seq": "a list", "!!map": "a mapping", "!!null": "nothing"}[tag]
	if what == "" {
		what = tag
	}
	if value != "" {
		return fmt.Sprintf("%s %q", what, value)
	}
	return what
}

// scheduleWarning warns of a schedule that fires between 01:00 and 02:00
// in its time zone: on the nights the clocks change that hour is skipped
// (March) or runs twice (October). "" when it does not.
func (c *Config) scheduleWarning() string {
	if strings.HasPrefix(c.Schedule, "@every") {
		return "" // an interval from the start, not a time of day
	}
	sched, err := cron.ParseStandard(c.Schedule)
	if err != nil {
		return ""
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return ""
	}
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	for i := 0; i < 2000 && t.Year() == 2026; i++ {
		t = sched.Next(t)
		if t.Hour() == 1 {
			return fmt.Sprintf("%s: schedule %q fires at %s %s, in the hour the clocks change (skipped in March, run twice in October): choose a time outside 01:00-02:00",
				c.path, c.Schedule, t.Format("15:04"), c.Timezone)
		}
	}
	return ""
}
