package terminal

import (
	"io"
	"os"
	"strconv"
)

// WidthOf is the width to fit what is written to w: the terminal's
// columns when w (or the writer a Writer escapes for) is a terminal, else
// Width: a file, a pipe, a test's buffer. A terminal whose size cannot be
// read gives $COLUMNS when it is set, else Width.
func WidthOf(w io.Writer) int {
	f, ok := Raw(w).(*os.File)
	if !ok {
		return Width
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return Width
	}
	if n := columns(f); n > 0 {
		return n
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return Width
}
