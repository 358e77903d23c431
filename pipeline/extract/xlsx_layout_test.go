package extract

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestNumberText: the widths of figures are measured as the workbook
// shows them, thousands separated, in their unit's decimals.
func TestNumberText(t *testing.T) {
	tests := []struct {
		v    float64
		k    styleKey
		want string
	}{
		{71356, styleKey{kind: "int"}, "71,356"},
		{153, styleKey{kind: "int"}, "153"},
		{3556.4, styleKey{kind: "value", unit: "count"}, "3,556"},
		{27.5, styleKey{kind: "value", unit: "%"}, "27.5%"},
		{1234.56, styleKey{kind: "value", unit: "rate"}, "1,234.6"},
		{-0.25, styleKey{kind: "value", unit: "score"}, "-0.2"}, // rounds half to even, as strconv does; a width is what matters
		{7.6, styleKey{kind: "value", unit: "percentage points"}, "7.6 pp"},
		{-1.5, styleKey{kind: "change", unit: "%"}, "-1.5 pp"},
		{1200, styleKey{kind: "change", unit: "count"}, "+1,200"},
		{1000000, styleKey{kind: "top", unit: "int"}, "1,000,000"},
	}
	for _, tt := range tests {
		if got := numberText(tt.v, tt.k); got != tt.want {
			t.Errorf("numberText(%v, %+v) = %q, want %q", tt.v, tt.k, got, tt.want)
		}
	}
}

// TestWrappedLines: text wraps at its words, a word too long for a line
// breaks within it, each paragraph starts a line.
func TestWrappedLines(t *testing.T) {
	tests := []struct {
		text  string
		width float64
		want  int
	}{
		{"Period", 10, 1},
		{"Statistical neighbours (mean)", 14, 3},           // "Statistical" / "neighbours" / "(mean)"
		{"Statistical neighbours (mean)", 26, 2},           // "Statistical neighbours" / "(mean)"
		{"Statistical neighbours (mean)", 40, 1},           // one line
		{"CIN_Census_2025.xml,CIN_Census_2026.xml", 22, 2}, // one word, broken
		{"one\ntwo", 40, 2},
		{"", 10, 1},
	}
	for _, tt := range tests {
		if got := wrappedLines(tt.text, tt.width, false); got != tt.want {
			t.Errorf("wrappedLines(%q, %v) = %d, want %d", tt.text, tt.width, got, tt.want)
		}
	}
}

// TestFitWidths: a column is as wide as its widest value and its padding,
// a header wraps down to its longest word, text past maxFitWidth wraps,
// an empty column keeps its given width, a wrapping column its own.
func TestFitWidths(t *testing.T) {
	b := &book{f: excelize.NewFile(), styles: map[styleKey]int{}}
	defer b.f.Close()
	s := &sheet{b: b, name: "S", widths: []float64{30, 10, 10, 16}, cols: 4, wrap: map[int]bool{0: true}}
	header := func(h string) excelize.Cell {
		return excelize.Cell{StyleID: b.style(styleKey{kind: "header"}), Value: h}
	}
	s.addRow(rowTitle, 0, "A title far longer than any column, free to run into the empty cells beside it")
	s.addRow(rowHeader, 0, header("Indicator"), header("LAs ranked"), header("Local authority"), header("Over time"))
	s.addRow(rowData, 0, "A label", excelize.Cell{StyleID: b.style(styleKey{kind: "int"}), Value: int64(71356)}, "Trafford", nil)
	s.addRow(rowData, 0, "Another", nil, strings.Repeat("long text ", 8), nil)
	got := s.fitWidths()
	want := []float64{
		30, // wraps: as given
		max(6*charWidth, 6*boldCharWidth) + cellPadding + headerGap, // "71,356" against "ranked"
		maxFitWidth, // 80 characters: wraps at the widest
		16,          // empty: as given
	}
	for i := range want {
		if d := got[i] - want[i]; d < -0.01 || d > 0.01 {
			t.Errorf("column %d: width %.2f, want %.2f", i+1, got[i], want[i])
		}
	}
	if !s.wrap[2] {
		t.Error("a column of text past maxFitWidth does not wrap")
	}
}

// TestSymbolFootnote: a sheet that shows symbols explains each, in the
// order of the symbols table; a sheet that shows none has no footnote.
func TestSymbolFootnote(t *testing.T) {
	b := &book{}
	if got := b.symbolFootnote("Summary"); got != "" {
		t.Errorf("footnote without symbols: %q", got)
	}
	b.symbolUsed("Summary", "x")
	b.symbolUsed("Summary", "c")
	b.symbolUsed("Summary", "x")
	got := b.symbolFootnote("Summary")
	if !strings.HasPrefix(got, FootnotePrefix+"c = confidential: suppressed to protect individuals; x = not available.") {
		t.Errorf("footnote %q", got)
	}
	if b.symbolFootnote("Rankings") != "" {
		t.Error("a sheet without symbols has the other's footnote")
	}
}
