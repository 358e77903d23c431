package terminal

// Count is a count and its noun, in the singular for one: "1 input",
// "4 inputs", "1,010 rows" (thousands separated, as Thousands).
func Count[N ~int | ~int32 | ~int64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(int64(n)) + " " + many
}
