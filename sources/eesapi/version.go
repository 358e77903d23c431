package eesapi

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yardstick-etl/yardstick/transforms/shape"
)

// Want is the version a config asks for: the newest (""), the newest of a
// major or minor version ("2.*", "2.1.*"), or one exactly ("2.1", "2.0.1").
type Want struct {
	Spec  string
	parts []int // the numbers given
	exact bool  // no trailing *
}

// ParseWant reads a version as a config writes it.
func ParseWant(s string) (Want, error) {
	s = strings.TrimSpace(s)
	w := Want{Spec: s}
	if s == "" || s == "*" || strings.EqualFold(s, "latest") {
		return Want{}, nil
	}
	fields := strings.Split(s, ".")
	if fields[len(fields)-1] == "*" {
		fields = fields[:len(fields)-1]
	} else {
		w.exact = true
	}
	if len(fields) == 0 || len(fields) > 3 {
		return w, fmt.Errorf("version %q is not a version like 2.1, 2.0.1, 2.* or latest", s)
	}
	for _, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return w, fmt.Errorf("version %q is not a version like 2.1, 2.0.1, 2.* or latest", s)
		}
		w.parts = append(w.parts, n)
	}
	return w, nil
}

// String is the wanted version as a message shows it.
func (w Want) String() string {
	if w.Spec == "" {
		return "version"
	}
	return "version matching " + w.Spec
}

// versionParts reads "2.0.1" as [2 0 1], nil when it is not a version
// (and at once when it is too long to be one).
func versionParts(v string) []int {
	if len(v) > 32 {
		return nil
	}
	var out []int
	for _, f := range strings.Split(v, ".") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// compareVersions orders two version numbers; 2.1 and 2.1.0 are equal.
func compareVersions(a, b []int) int {
	for i := 0; i < max(len(a), len(b)); i++ {
		x, y := 0, 0
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return x - y
		}
	}
	return 0
}

func (w Want) matches(v []int) bool {
	if w.exact {
		return compareVersions(w.parts, v) == 0
	}
	for i, p := range w.parts {
		if i >= len(v) && p != 0 || i < len(v) && v[i] != p {
			return false
		}
	}
	return true
}

// Pick chooses the wanted version from a data set's versions: the newest
// published one that matches. A version asked for exactly may be
// deprecated (still downloadable; the caller warns), never withdrawn.
func Pick(versions []Version, w Want) (Version, error) {
	p := newPicker(w)
	for _, v := range versions {
		p.add(v)
	}
	return p.pick()
}

// listed is how many versions a message lists before saying how many more.
const listed = 10

// picker is Pick one version at a time, as a list's pages arrive: it keeps
// the best candidate so far and what a message needs, not the list.
type picker struct {
	w         Want
	best      Version
	bestParts []int
	found     bool
	withdrawn []string // the first listed withdrawn versions that match
	moreWd    int      // and how many more
	have      []string // the first listed versions (the API lists the newest first)
	more      int      // and how many more
}

func newPicker(w Want) *picker { return &picker{w: w} }

// add takes one version into account; its error is always nil (a page's
// callback).
func (p *picker) add(v Version) error {
	if len(p.have) < listed {
		p.have = append(p.have, brief(v.Version)+" "+brief(strings.ToLower(v.Status)))
	} else {
		p.more++
	}
	parts := versionParts(v.Version)
	if parts == nil || !p.w.matches(parts) {
		return nil
	}
	switch {
	case strings.EqualFold(v.Status, "Withdrawn"):
		if len(p.withdrawn) < listed {
			p.withdrawn = append(p.withdrawn, v.Version)
		} else {
			p.moreWd++
		}
	case strings.EqualFold(v.Status, "Published"), p.w.exact && strings.EqualFold(v.Status, "Deprecated"):
		// the first of equal versions wins, as slices.MaxFunc has it
		if !p.found || compareVersions(parts, p.bestParts) > 0 {
			v.Notes = "" // not needed, and a version's notes may be long
			p.best, p.bestParts, p.found = v, parts, true
		}
	}
	return nil
}

func (p *picker) pick() (Version, error) {
	if p.found {
		return p.best, nil
	}
	have := p.have
	if p.more > 0 {
		have = append(have[:len(have):len(have)], fmt.Sprintf("and %d older", p.more))
	}
	msg := fmt.Sprintf("the API has no published %s", p.w)
	if len(p.withdrawn) > 0 {
		wd := strings.Join(p.withdrawn, ", ")
		if p.moreWd > 0 {
			wd += fmt.Sprintf(" and %d more", p.moreWd)
		}
		msg = fmt.Sprintf("%s: %s withdrawn", msg, wd)
	}
	if len(have) == 0 {
		return Version{}, fmt.Errorf("%s: the data set lists no versions", msg)
	}
	return Version{}, fmt.Errorf("%s; it has %s: change version in the config", msg, strings.Join(have, ", "))
}

// brief is a short value from the API as a message shows it: itself, or
// its shape when it is too long to be a version or a status.
func brief(s string) string {
	if len(s) <= 32 && utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	return shape.Describe(s)
}
