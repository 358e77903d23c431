// Package postcode keeps only the outward code of a UK postcode ("M32 0TH"
// becomes "M32"): enough to place a child's home or placement in a district,
// too little to find a house.
package postcode

import (
	"errors"
	"regexp"
	"strings"
)

// The inward code is always digit letter letter; the outward code is what
// comes before it: A9, A99, AA9, AA99, A9A or AA9A.
var full = regexp.MustCompile(`^([A-Z]{1,2}[0-9][0-9A-Z]?) ?[0-9][A-Z]{2}$`)
var outwardOnly = regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]?$`)

// ErrNotPostcode is returned for text that is not a postcode. The message
// never repeats the text.
var ErrNotPostcode = errors.New("not a UK postcode")

// Outward returns the outward code of a full postcode, or of an outward code
// given alone. Case and spacing do not matter.
func Outward(s string) (string, error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	if m := full.FindStringSubmatch(s); m != nil {
		return m[1], nil
	}
	if nospace := strings.ReplaceAll(s, " ", ""); len(nospace) >= 5 {
		if m := full.FindStringSubmatch(nospace); m != nil {
			return m[1], nil
		}
	}
	if outwardOnly.MatchString(s) {
		return s, nil
	}
	return "", ErrNotPostcode
}
