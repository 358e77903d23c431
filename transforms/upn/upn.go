// Package upn checks unique pupil numbers as DfE's guide defines them: 13
// characters, a check letter, the LA's 3-digit code, the school's, the
// year of allocation and a serial. The check letter is what catches a UPN
// mistyped or copied wrongly; it must be checked before the UPN is
// pseudonymised, when only its hash is left.
package upn

import "strings"

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
// letter of the rest.
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
	return ""
}
