package terminal

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile is what a zip member's name, a metadata label or a release
// title could carry: retitle the window, ring, clear the screen, reverse
// the line.
const hostile = "KS2 \x1b]0;pwned\x07\x1b[2J\u202eevil"

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want, line string // line: EscapeLine's, when not want
	}{
		{"plain", "Trafford: 70% (1st of 24)", "Trafford: 70% (1st of 24)", ""},
		{"accents and dashes stay", "Ynys Môn – café “quoted” 😀", "Ynys Môn – café “quoted” 😀", ""},
		{"a real U+FFFD stays", "a\uFFFDb", "a\uFFFDb", ""},
		{"osc, bell, csi", hostile, `KS2 \x1b]0;pwned\x07\x1b[2J\u202eevil`, ""},
		{"newline and tab kept in text, escaped on a line", "a\nb\tc", "a\nb\tc", `a\x0ab\x09c`},
		{"carriage return", "100%\rrewritten", `100%\x0drewritten`, ""},
		{"NUL, backspace, DEL", "a\x00b\x08c\x7f", `a\x00b\x08c\x7f`, ""},
		{"C1 CSI as a rune", "a\u009b2Jb\u0085", `a\u009b2Jb\u0085`, ""},
		{"bidi overrides and isolates", "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", `\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069`, ""},
		{"not UTF-8", "a\xffb\xc3", `a\xffb\xc3`, ""},
		{"a C1 byte alone is not UTF-8", "a\x9bb", `a\x9bb`, ""},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Escape(tt.in)
			if got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Escape(got); again != got {
				t.Errorf("not idempotent: %q then %q", got, again)
			}
			line := tt.line
			if line == "" {
				line = tt.want
			}
			if got := EscapeLine(tt.in); got != line {
				t.Errorf("EscapeLine(%q) = %q, want %q", tt.in, got, line)
			}
		})
	}
}

// TestWriter: everything written is escaped, whatever the writes' sizes:
// a rune split between writes arrives whole, a rune left incomplete is
// escaped as its bytes on Flush; Write reports the bytes it was given.
func TestWriter(t *testing.T) {
	text := "café – " + hostile + " 😀 end"
	want := Escape(text)
	for _, size := range []int{1, 2, 3, 5, 7, len(text)} {
		t.Run(fmt.Sprintf("writes of %d bytes", size), func(t *testing.T) {
			var b bytes.Buffer
			w := NewWriter(&b)
			for i := 0; i < len(text); i += size {
				p := []byte(text[i:min(i+size, len(text))])
				if n, err := w.Write(p); n != len(p) || err != nil {
					t.Fatalf("Write = %d, %v; want %d", n, err, len(p))
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if b.String() != want {
				t.Errorf("got %q\nwant %q", b.String(), want)
			}
		})
	}
	t.Run("a rune never completed", func(t *testing.T) {
		var b bytes.Buffer
		w := NewWriter(&b)
		w.Write([]byte("a\xe2\x80"))
		if b.String() != "a" {
			t.Errorf("before Flush: %q", b.String())
		}
		w.Flush()
		if b.String() != `a\xe2\x80` {
			t.Errorf("after Flush: %q", b.String())
		}
	})
	t.Run("an incomplete rune then ASCII", func(t *testing.T) {
		var b bytes.Buffer
		w := NewWriter(&b)
		w.Write([]byte("a\xe2"))
		w.Write([]byte("b\n"))
		w.Flush()
		if b.String() != `a\xe2b`+"\n" {
			t.Errorf("got %q", b.String())
		}
	})
	t.Run("Raw", func(t *testing.T) {
		var b bytes.Buffer
		w := NewWriter(&b)
		if Raw(w) != &b || Raw(Redraw(w)) != &b || Raw(&b) != &b {
			t.Error("Raw is not the wrapped writer")
		}
	})
}

// TestRedraw: the progress line's own "\r\x1b[K" at the start of a write
// passes; the same bytes inside what it prints (a file's name) do not.
func TestRedraw(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	p := Redraw(w)
	fmt.Fprintf(p, "\r\033[K  %-10s %d rows", "a\r\033[Kb.csv", 10)
	fmt.Fprintln(p)
	fmt.Fprintf(w, "\r\033[Klog line\n")
	want := "\r\033[K  a\\x0d\\x1b[Kb.csv 10 rows\n\\x0d\\x1b[Klog line\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
	var plain bytes.Buffer
	if Redraw(&plain) != &plain {
		t.Error("Redraw of a writer that does not escape is not that writer")
	}
}

// TestTableEscapes: a table escapes its cells before measuring them, so
// columns stay aligned and lines within the width.
func TestTableEscapes(t *testing.T) {
	tab := &Table{Columns: []Column{{Header: "Indicator"}, {Header: "Value", Right: true}}}
	tab.Heading("Theme \x1b[2J")
	tab.Row(hostile, "1.0")
	tab.Row("Plain", "22.0")
	var b strings.Builder
	if err := tab.Write(&b, 30); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("raw control characters: %q", out)
	}
	if !strings.Contains(out, `Theme \x1b[2J`) || !strings.Contains(out, `\x1b]0;pwned`) {
		t.Errorf("escapes missing:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > 30 {
			t.Errorf("a line of %d characters: %q", n, l)
		}
	}
	// the values' column ends in one place on every row
	var ends []int
	for _, l := range lines {
		if strings.HasSuffix(l, ".0") || strings.HasSuffix(l, "Value") {
			ends = append(ends, utf8.RuneCountInString(l))
		}
	}
	for _, e := range ends {
		if e != ends[0] {
			t.Errorf("values not aligned (%v):\n%s", ends, out)
			break
		}
	}
	var p strings.Builder
	Paragraph(&p, "  a title \x1b]0;x\x07 that wraps somewhere here", 20)
	if strings.ContainsAny(p.String(), "\x1b\x07") || !strings.Contains(p.String(), `\x1b]0;x\x07`) {
		t.Errorf("Paragraph: %q", p.String())
	}
}
