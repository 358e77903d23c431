// Package upn checks unique pupil numbers as DfE's guide defines them: 13
// characters, a check letter, the LA's 3-digit code, the school's, the
// year of allocation and a serial. The check letter is what catches a UPN
// mistyped or copied wrongly; it must be checked before the UPN is
// pseudonymised, when only its hash is left.
package upn

import (
	_ "embed"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
)

// letters are the check letters by remainder (I, O and S are not used).
const letters = "ABCDEFGHJKLMNPQRTUVWXYZ"

// CheckLetter is the check letter of a UPN's characters 2 to 13: each
// weighted by its position (2 to 13), summed, modulo 23. Characters 2 to 12
// are digits; the 13th is a digit in a permanent UPN and, in a temporary
// one, a letter counted as its place in the check-letter list (A=0, B=1 ...).
// ok is false when the characters are not of that shape.
func CheckLetter(u string) (letter byte, ok bool) {
	if len(u) != 13 {
		return 0, false
	}
	sum := 0
	for i := 1; i < 13; i++ {
		c := u[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case i == 12 && strings.IndexByte(letters, c) >= 0:
			v = strings.IndexByte(letters, c)
		default:
			return 0, false
		}
		sum += v * (i + 1)
	}
	return letters[sum%23], true
}

// WrongCheckLetter says whether u has the shape of a UPN but its first
// character is not the check letter of the rest (DfE rule 1510).
func WrongCheckLetter(u string) bool {
	want, ok := CheckLetter(u)
	return ok && u[0] != want
}

// Fault is the DfE rule (CIN census and school census numbering) that u,
// upper-cased, breaks, or "" for a valid UPN: 1540 when characters 2 to 12
// are not all digits (or u is not 13 characters), 1550 when the 13th is not
// a digit or a check-list letter, 1510 when the first is not the check
// letter of the rest, 1530 when characters 2 to 4 are not an LA code UPNs
// are issued under. A UPN is given the first of these it breaks.
func Fault(u string) string {
	if len(u) != 13 {
		return "1540"
	}
	for i := 1; i < 12; i++ {
		if u[i] < '0' || u[i] > '9' {
			return "1540"
		}
	}
	if c := u[12]; !(c >= '0' && c <= '9') && strings.IndexByte(letters, c) < 0 {
		return "1550"
	}
	if WrongCheckLetter(u) {
		return "1510"
	}
	if !IssuingLA(u[1:4]) {
		return "1530"
	}
	return ""
}

// laCodesCSV is the LA codes UPNs are issued under, as ranges: DfE's list
// for rule 1530 (LA codes since April 1998 and its pseudo LA codes), with
// the LAs created since.
//
//go:embed la_codes.csv
var laCodesCSV string

var issuing = func() map[string]bool {
	rows, err := csv.NewReader(strings.NewReader(laCodesCSV)).ReadAll()
	if err != nil {
		panic("upn: la_codes.csv: " + err.Error())
	}
	m := map[string]bool{}
	for _, r := range rows[1:] {
		from, err1 := strconv.Atoi(r[0])
		to, err2 := strconv.Atoi(r[1])
		if err1 != nil || err2 != nil || to < from {
			panic("upn: la_codes.csv: not a range: " + strings.Join(r, ","))
		}
		for c := from; c <= to; c++ {
			m[strconv.Itoa(1000 + c)[1:]] = true
		}
	}
	return m
}()

// IssuingLAs are the codes IssuingLA accepts, in order.
func IssuingLAs() []string {
	codes := make([]string, 0, len(issuing))
	for c := range issuing {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// IssuingLA says whether code (three digits) is an LA code UPNs are issued
// under (DfE rule 1530).
func IssuingLA(code string) bool { return issuing[code] }
