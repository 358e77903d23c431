package eesapi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
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

// versionParts reads "2.0.1" as [2 0 1], nil when it is not a version.
func versionParts(v string) []int {
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
	var cands []Version
	var withdrawn []string
	for _, v := range versions {
		parts := versionParts(v.Version)
		if parts == nil || !w.matches(parts) {
			continue
		}
		switch {
		case strings.EqualFold(v.Status, "Withdrawn"):
			withdrawn = append(withdrawn, v.Version)
		case strings.EqualFold(v.Status, "Published"), w.exact && strings.EqualFold(v.Status, "Deprecated"):
			cands = append(cands, v)
		}
	}
	if len(cands) == 0 {
		var have []string
		for _, v := range versions {
			have = append(have, v.Version+" "+strings.ToLower(v.Status))
		}
		if len(have) > 10 { // the API lists the newest first
			have = append(have[:10], fmt.Sprintf("and %d older", len(have)-10))
		}
		msg := fmt.Sprintf("the API has no published %s", w)
		if len(withdrawn) > 0 {
			msg = fmt.Sprintf("%s: %s withdrawn", msg, strings.Join(withdrawn, ", "))
		}
		if len(have) == 0 {
			return Version{}, fmt.Errorf("%s: the data set lists no versions", msg)
		}
		return Version{}, fmt.Errorf("%s; it has %s: change version in the config", msg, strings.Join(have, ", "))
	}
	return slices.MaxFunc(cands, func(a, b Version) int {
		return compareVersions(versionParts(a.Version), versionParts(b.Version))
	}), nil
}
