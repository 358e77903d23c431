package extract

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/transforms/symbols"
)

// The workbook's layout for print: every column as wide as its widest
// displayed value (text measured, not guessed), text wrapped where a
// column is too narrow for it, rows as tall as their wrapped text, and a
// footnote under each sheet that shows a published symbol. A streamed
// sheet keeps its rows until finish, which knows every value before it
// sets the columns (the stream writer takes widths before the first row).

// Text is measured in Excel's width unit, the width of "0" in the
// workbook's font: a character of 10-point text is taken as 1.1 of them,
// 1.2 bold. Arial's letters are narrower; LibreOffice, where Arial is
// missing, draws the text in a wider substitute (DejaVu Sans), which this
// still holds.
const (
	charWidth     = 1.1
	boldCharWidth = 1.15
	// wrapCharWidth is a character of wrapped prose: a line of it in
	// Arial averages 0.9 of a unit a character, in DejaVu Sans 0.85
	wrapCharWidth = 0.95
	// cellPadding is the room a cell keeps clear of its neighbours: a
	// number right-aligned in its column stands that far from the text
	// left-aligned in the next.
	cellPadding = 2.0
	// textIndent is the width the text styles' indent takes at the left.
	textIndent = 1.0
	// headerGap is the further room a header keeps: bold text, wrapped,
	// right-aligned over numbers, beside another header on the same fill.
	headerGap = 1.5
	// minWidth is the narrowest column.
	minWidth = 5.0
	// maxFitWidth is the widest a column of text grows to fit its longest
	// value; longer text wraps.
	maxFitWidth = 48.0
)

// textWidth is text's width in Excel's width unit: its longest line.
func textWidth(text string, bold bool) float64 {
	per := charWidth
	if bold {
		per = boldCharWidth
	}
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n = max(n, utf8.RuneCountInString(line))
	}
	return float64(n) * per
}

// wrappedLines is how many lines text takes wrapped at word boundaries in
// a column width wide (less its padding), as a spreadsheet wraps it. Prose
// averages narrower letters than a figure or a name (wrapCharWidth).
func wrappedLines(text string, width float64, bold bool) int {
	per := wrapCharWidth
	if bold {
		per = wrapCharWidth * boldCharWidth / charWidth
	}
	room := max(1, width-cellPadding)
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines++
		used := 0.0
		for _, word := range strings.Fields(para) {
			w := float64(utf8.RuneCountInString(word)) * per
			switch {
			case used == 0:
				used = w
			case used+per+w <= room:
				used += per + w
			default:
				lines++
				used = w
			}
			for used > room { // a word longer than the line breaks within it
				lines++
				used -= room
			}
		}
	}
	return max(1, lines)
}

// widestWord is the width of text's longest word: the narrowest a column
// can be with the text wrapped in it.
func widestWord(text string, bold bool) float64 {
	w := 0.0
	for _, word := range strings.Fields(text) {
		w = max(w, textWidth(word, bold))
	}
	return w
}

// bufRow is a row a sheet keeps until finish.
type bufRow struct {
	cells  []any
	height float64 // set by the writer; finish makes it at least as tall as its wrapped text
	kind   rowKind
}

type rowKind int

const (
	rowData   rowKind = iota
	rowHeader         // the table's header
	rowSpan           // a line of text across the sheet: the subtitle, a footnote
	rowTitle          // the title, free to run into the empty cells beside it
)

// displayed is what a cell shows, as the spreadsheet formats it
// (approximately: the widths it takes are what matters), and whether it
// is bold and wraps.
func (b *book) displayed(v any) (text string, bold, wraps bool) {
	style := 0
	if c, ok := v.(excelize.Cell); ok {
		style, v = c.StyleID, c.Value
	}
	k := b.keys[style]
	bold = k.bold || k.kind == "header" || k.kind == "blocklabel" || k.kind == "quartile" || k.kind == "title" ||
		k.kind == "theme" || k.kind == "blocktitle"
	wraps = k.kind == "wrap" || k.kind == "header"
	switch x := v.(type) {
	case nil:
		return "", bold, wraps
	case string:
		return x, bold, wraps
	case time.Time:
		if k.kind == "datetime" {
			return "00/00/0000 00:00", bold, wraps
		}
		return "30 Sep 2024", bold, wraps
	case float64:
		return numberText(x, k), bold, wraps
	case int64:
		return numberText(float64(x), k), bold, wraps
	case int:
		return numberText(float64(x), k), bold, wraps
	}
	return fmt.Sprint(v), bold, wraps
}

// numberText formats a number as its style's number format shows it.
func numberText(v float64, k styleKey) string {
	switch {
	case k.unit == "year":
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	case k.kind == "int" || k.unit == "int":
		return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
	case k.kind != "value" && k.kind != "change":
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	decimals := 1
	if k.unit == "count" {
		decimals = 0
	}
	s := groupThousands(strconv.FormatFloat(math.Abs(v), 'f', decimals, 64))
	switch {
	case k.kind == "change" && v < 0:
		s = "-" + s
	case k.kind == "change":
		s = "+" + s
	case v < 0:
		s = "-" + s
	}
	switch {
	case k.unit == "%" && k.kind == "value":
		s += "%"
	case k.unit == "%" || k.unit == "percentage points":
		s += " pp"
	}
	return s
}

// groupThousands puts commas in a number's whole part: 71356 is 71,356.
func groupThousands(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) <= 3 {
		return s
	}
	var out []byte
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, whole[i])
	}
	if frac != "" {
		return string(out) + "." + frac
	}
	return string(out)
}

// fitWidths is each column's width: a wrapping column's as given, every
// other as wide as its widest value with its padding (the header may wrap
// down to its longest word), up to maxFitWidth, past which the column's
// text wraps; a column with nothing in it keeps its given width.
func (s *sheet) fitWidths() []float64 {
	n := max(s.cols, len(s.widths))
	for _, r := range s.buf {
		if r.kind == rowData || r.kind == rowHeader {
			n = max(n, len(r.cells))
		}
	}
	widths := make([]float64, n)
	for i := range widths {
		given := 0.0
		if i < len(s.widths) {
			given = s.widths[i]
		}
		if s.wrap[i] && given > 0 {
			widths[i] = given
			continue
		}
		content, header := 0.0, 0.0
		for _, r := range s.buf {
			if i >= len(r.cells) {
				continue
			}
			text, bold, _ := s.b.displayed(r.cells[i])
			if text == "" {
				continue
			}
			switch r.kind {
			case rowHeader:
				// a header keeps a gap to the next: headers over numbers
				// are right-aligned, against the left-aligned one beside
				header = max(header, widestWord(text, bold)+cellPadding+headerGap)
			case rowData:
				w := textWidth(text, bold) + cellPadding
				if s.b.indented(r.cells[i]) {
					w += textIndent
				}
				content = max(content, w)
			}
		}
		switch {
		case content == 0: // nothing in it but its header (a column of charts)
			widths[i] = max(given, header, minWidth)
		case content > maxFitWidth:
			s.wrap[i] = true // too long for a line: wraps at the widest
			widths[i] = max(maxFitWidth, header)
		default:
			widths[i] = max(content, header, minWidth)
		}
	}
	return widths
}

func valueOf(v any) any {
	if c, ok := v.(excelize.Cell); ok {
		return c.Value
	}
	return v
}

// flushRows sets the columns' widths, then writes the rows kept, each as
// tall as its wrapped text; a span row is merged across the sheet and
// wraps in it.
func (s *sheet) flushRows() error {
	widths := s.fitWidths()
	s.widths = widths
	for i, w := range widths {
		if err := s.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	wrapStyle := s.b.style(styleKey{kind: "wrap"})
	numeric := s.numericColumns()
	for i, r := range s.buf {
		if r.kind == rowHeader { // a header over numbers is right-aligned, as they are
			for c, v := range r.cells {
				if hc, ok := v.(excelize.Cell); ok && numeric[c] && s.b.keys[hc.StyleID].kind == "header" {
					r.cells[c] = excelize.Cell{StyleID: s.b.style(styleKey{kind: "header", unit: "right"}), Value: hc.Value}
				}
			}
		}
		row := i + 1
		lines := 1
		switch r.kind {
		case rowSpan:
			if len(r.cells) > 0 {
				text, bold, _ := s.b.displayed(r.cells[0])
				lines = wrappedLines(text, total, bold)
				if len(widths) > 1 {
					if err := s.sw.MergeCell(cell(1, row), cell(len(widths), row)); err != nil {
						return err
					}
				}
			}
		case rowData, rowHeader:
			for c, v := range r.cells {
				text, bold, wraps := s.b.displayed(v)
				if text == "" || c >= len(widths) {
					continue
				}
				if s.wrap[c] && r.kind == rowData && !wraps {
					// plain text wraps in its column; a heading styled
					// otherwise runs on into the empty cells beside it
					// (by id: excelize gives styles alike one id, "top" the
					// one "text" has)
					switch styleOf(v) {
					case s.b.style(styleKey{kind: "text"}):
						r.cells[c] = excelize.Cell{StyleID: wrapStyle, Value: valueOf(v)}
						wraps = true
					case s.b.style(styleKey{kind: "text", bold: true}):
						r.cells[c] = excelize.Cell{StyleID: s.b.style(styleKey{kind: "wrap", bold: true}), Value: valueOf(v)}
						wraps = true
					}
				}
				if wraps {
					w := widths[c]
					if s.b.indented(v) {
						w -= textIndent
					}
					lines = max(lines, wrappedLines(text, w, bold))
				}
			}
		}
		height := r.height
		if lines > 1 {
			height = max(height, rowHeight(lines))
		}
		var err error
		if height > 0 {
			err = s.sw.SetRow(cell(1, row), r.cells, excelize.RowOpts{Height: height})
		} else {
			err = s.sw.SetRow(cell(1, row), r.cells)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// symbolsUsed notes a published symbol shown on a sheet, for its
// footnote.
func (b *book) symbolUsed(sheet, code string) {
	if b.symbols == nil {
		b.symbols = map[string]map[string]bool{}
	}
	if b.symbols[sheet] == nil {
		b.symbols[sheet] = map[string]bool{}
	}
	b.symbols[sheet][code] = true
}

// symbolFootnote explains the symbols a sheet shows, "" when it shows
// none.
func (b *book) symbolFootnote(sheet string) string {
	used := b.symbols[sheet]
	if len(used) == 0 {
		return ""
	}
	var parts []string
	for _, s := range symbols.Table {
		if used[s.Code] {
			parts = append(parts, s.Code+" = "+s.Meaning)
			delete(used, s.Code)
		}
	}
	rest := make([]string, 0, len(used))
	for code := range used {
		rest = append(rest, code)
	}
	sort.Strings(rest)
	for _, code := range rest {
		parts = append(parts, code+" = a symbol DfE publishes in place of a number")
	}
	return FootnotePrefix + strings.Join(parts, "; ") + ". A symbol stands where DfE publishes no number; it is never read as 0."
}

// FootnotePrefix opens the footnote under a sheet that shows symbols.
const FootnotePrefix = "Symbols: "

// setMargins gives a sheet narrow margins and a footer with the sheet's
// name and page number, as a committee paper's appendix has.
func (b *book) setMargins(name string) error {
	lr, tb, hf := 0.4, 0.55, 0.25
	if err := b.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &lr, Right: &lr, Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf}); err != nil {
		return err
	}
	return b.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&L&8&A&R&8Page &P of &N"})
}

// numericColumns are the columns whose values are mostly numbers (a
// published symbol among them counts as one).
func (s *sheet) numericColumns() map[int]bool {
	nums, texts := map[int]int{}, map[int]int{}
	for _, r := range s.buf {
		if r.kind != rowData {
			continue
		}
		for c, v := range r.cells {
			style := 0
			if cl, ok := v.(excelize.Cell); ok {
				style = cl.StyleID
			}
			switch x := valueOf(v).(type) {
			case float64, int, int64:
				nums[c]++
			case string:
				if s.b.keys[style].kind == "symbol" {
					nums[c]++
				} else if x != "" {
					texts[c]++
				}
			}
		}
	}
	out := map[int]bool{}
	for c, n := range nums {
		out[c] = n > texts[c]
	}
	return out
}

// defaultFontSize sets the workbook's Normal style to the size its cells
// are written in. Column widths are counted in the Normal font's digits:
// at Arial 11 (excelize's default) a unit is 8 pixels in Excel and wider
// still in LibreOffice's substitute, at 10 it is 7, the unit this file's
// measures are in. excelize sets the font's name only (SetDefaultFont).
func defaultFontSize(f *excelize.File, size float64) {
	if st := f.Styles; st != nil && st.Fonts != nil && len(st.Fonts.Font) > 0 {
		if sz := st.Fonts.Font[0].Sz; sz != nil && sz.Val != nil {
			*sz.Val = size
		}
	}
}

// indented says whether a cell's style sets its text at the left with an
// indent (textIndent): text does, numbers and text aligned with them do not.
func (b *book) indented(v any) bool {
	c, ok := v.(excelize.Cell)
	if !ok {
		_, text := v.(string)
		return text
	}
	switch k := b.keys[c.StyleID]; k.kind {
	case "text", "wrap", "blocklabel", "trend", "date", "datetime":
		return true
	case "top":
		return k.unit != "int"
	case "header":
		return k.unit != "right"
	}
	return false
}

// styleOf is a cell's style id, 0 for a plain value.
func styleOf(v any) int {
	if c, ok := v.(excelize.Cell); ok {
		return c.StyleID
	}
	return 0
}
