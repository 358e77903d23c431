package terminal

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// Escape renders text for a terminal: control characters (C0 but newline
// and tab, DEL, C1), bytes that are not UTF-8 and the bidirectional
// overrides and isolates (U+202A-U+202E, U+2066-U+2069) are written as
// visible escapes (\x1b, \xff, \u009b, \u202e); everything else is left as
// it is. A zip member's name, a metadata label or a release title reaches
// the terminal in yardstick's output, and raw it could retitle the window,
// clear the screen or reverse a line ("\x1b]0;title\x07\x1b[2J").
// Escaping is idempotent: an escape is printable ASCII.
func Escape(s string) string { return escape(s, true) }

// EscapeLine is Escape for text that stays on one line (a table's cell):
// newlines and tabs are escaped too.
func EscapeLine(s string) string { return escape(s, false) }

func escape(s string, layout bool) string {
	// most text has nothing to escape: it is returned as it is
	i := 0
	for i < len(s) {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if escaped(r, n, layout) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !escaped(r, n, layout):
			b.WriteString(s[i : i+n])
		case r == utf8.RuneError || r < 0x80: // a byte that is not UTF-8, C0, DEL
			fmt.Fprintf(&b, `\x%02x`, s[i])
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	return b.String()
}

// escaped says whether a rune (n bytes of text) is escaped.
func escaped(r rune, n int, layout bool) bool {
	switch {
	case r == utf8.RuneError && n == 1: // not UTF-8 (a real U+FFFD is 3 bytes)
		return true
	case r == '\n' || r == '\t':
		return !layout
	case r < 0x20 || r == 0x7f: // C0, DEL
		return true
	case r >= 0x80 && r <= 0x9f: // C1: U+009B is a CSI as ESC [ is
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi overrides, isolates
		return true
	}
	return false
}

// Writer escapes (Escape) everything written to it before it reaches the
// writer it wraps. yardstick wraps its standard output and error once,
// where the command starts, so no print needs to remember to. A rune a
// write splits is kept until the next write (or Flush) completes it.
// Writes are serialised: the log and the progress line share stderr.
type Writer struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // the start of a rune the last write split
}

// NewWriter returns a Writer escaping for w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it; it reports len(p) written on success.
func (t *Writer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.write(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (t *Writer) write(p []byte) error {
	if len(t.pending) > 0 {
		p = append(t.pending, p...)
		t.pending = nil
	}
	if k := incomplete(p); k > 0 {
		t.pending = append([]byte(nil), p[len(p)-k:]...)
		p = p[:len(p)-k]
	}
	if len(p) == 0 {
		return nil
	}
	_, err := io.WriteString(t.w, escape(string(p), true))
	return err
}

// incomplete is how many bytes at the end of p begin a rune that is not
// complete yet (0 when p ends with a whole rune or a byte that can begin
// none).
func incomplete(p []byte) int {
	for i := len(p) - 1; i >= 0 && i > len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return len(p) - i
			}
			return 0
		}
	}
	return 0
}

// Flush writes what is left of a rune the last write split, escaped as
// the bytes it is (no write completed it).
func (t *Writer) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.flush()
}

func (t *Writer) flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	p := t.pending
	t.pending = nil
	_, err := io.WriteString(t.w, escape(string(p), true))
	return err
}

// clearLine returns to the start of the line and clears it: what a live
// progress line writes before each update.
var clearLine = []byte("\r\033[K")

// redraw is a Writer for a live progress line.
type redraw struct{ t *Writer }

// Write passes a clearLine that begins p (yardstick's own) as it is, and
// escapes the rest.
func (r redraw) Write(p []byte) (int, error) {
	r.t.mu.Lock()
	defer r.t.mu.Unlock()
	if bytes.HasPrefix(p, clearLine) {
		if err := r.t.flush(); err != nil {
			return 0, err
		}
		if _, err := r.t.w.Write(clearLine); err != nil {
			return 0, err
		}
		if err := r.t.write(p[len(clearLine):]); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if err := r.t.write(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Redraw is w for a live progress line: when w is a Writer, a write may
// begin with "\r\x1b[K" (back to the line's start, clear it), which
// reaches the terminal as it is; the rest of the write is escaped.
func Redraw(w io.Writer) io.Writer {
	if t, ok := w.(*Writer); ok {
		return redraw{t}
	}
	return w
}

// Raw is the writer a Writer (or its Redraw) escapes for, else w: for
// machine data (query's csv, json) written to a file or a pipe, which must
// stay byte for byte what it is.
func Raw(w io.Writer) io.Writer {
	switch t := w.(type) {
	case *Writer:
		return t.w
	case redraw:
		return t.t.w
	}
	return w
}
