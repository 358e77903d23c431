package extract

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
	"github.com/yardstick-etl/yardstick/pipeline/lareport"
)

// A theme sheet is laid out as DfE's LAIT lays out an indicator: a block
// per indicator, its periods across the columns, rows for the LA, its
// statistical neighbours' mean, its region and England, then its national
// rank, regional position and quartile, and beside the block a line chart
// of the first four rows over time. Blocks are small and a sheet holds a
// theme's few dozen, so these sheets are written cell by cell (charts
// cannot be added to a streamed sheet).

// blockPeriods is how many of an indicator's latest periods a block shows:
// four across, so the block and a chart wide enough to read beside it
// print on an A4 page at 80% or more.
const blockPeriods = 4

// blockRows is a block's height with the blank row after it;
// blocksPerPage how many a printed page holds at most (the In year sheet's
// blocks too). A theme sheet breaks its pages before the block that would
// not fit (themeBlocks).
const (
	blockRows     = 10
	blocksPerPage = 4
)

// chartColumn is where a block's chart starts: a narrow column right of
// the last period. The chart column is as wide as the chart, so the print
// area ends where the chart does.
var chartColumn = 2 + blockPeriods + 1

// The printed page, A4 landscape less the margins setMargins sets, in
// pixels at 96 per inch and points. A width unit is taken as
// LibreOffice draws it, 8.5 pixels (the digit of its substitute for 10-point
// Arial, DejaVu Sans); Excel's is 7, so a sheet prints larger there.
const (
	pageWidthPx    = (11.69 - 2*0.4) * 96
	pageHeightPt   = (8.27 - 2*0.55) * 72
	unitPx         = 8.5
	pageMinScale   = 0.8  // the smallest a theme sheet prints at
	blockRowHeight = 13.0 // points: a block's rows, set so a page's blocks are known to fit
	chartHeightPx  = 158  // within a block's nine rows and its blank one
	minChartPx     = 340
)

// columnPx is a column width's pixels, as LibreOffice draws it; excelPx
// as Excel does (the narrower).
func columnPx(w float64) float64 { return w*unitPx + 5 }

func excelPx(w float64) float64 { return float64(int(w*7 + 5)) }

// planBlocks works out where each indicator's block will be, before any
// sheet is written: the Summary, written first, draws its sparklines from
// the blocks' LA rows. themeBlocks lays the blocks out in the same order
// and checks it lands where the plan says. Both take the blocks from the
// LA's report model (lareport), as the HTML report and the Summary do.
func (b *book) planBlocks(model *lareport.Report) {
	b.laValues = map[string]int{}
	for _, t := range modelThemes(model) {
		top := firstBlockRow
		for _, ind := range t.Indicators {
			ps := blockPoints(ind)
			b.laRows[ind.ID] = laRange(t.Title, top, len(ps))
			for _, p := range ps {
				if p.Value.Valid {
					b.laValues[ind.ID]++
				}
			}
			top += blockRows
		}
	}
}

// firstBlockRow is the first block's row, below the title and subtitle.
const firstBlockRow = 4

// chartDataColumn is where a block's LA values for its chart start, on
// the LA's row, in hidden columns right of the print area: numbers only, a
// period whose value is a published symbol left blank. A chart reads text
// in its range as 0 (LibreOffice drew KS2 for looked-after children's "c"
// as 0%), a blank as a gap. excelize writes charts that plot hidden cells.
var chartDataColumn = chartColumn + 2

// laRange is a block's LA values as its chart and the Summary's
// sparkline read them: chartDataColumn's cells on the LA's row.
func laRange(sheet string, top, periods int) string {
	first, _ := excelize.ColumnNumberToName(chartDataColumn)
	last, _ := excelize.ColumnNumberToName(chartDataColumn + periods - 1)
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, first, top+2, last, top+2)
}

// themeBlocks writes one theme's sheet for the LA: its blocks, each
// column as wide as its widest figure, a chart beside each block of more
// than one period, a page break before a block that would not fit on the
// page, and a footnote for the symbols it shows.
func (b *book) themeBlocks(l la, theme modelTheme) error {
	name, title := theme.Title, theme.Title
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	b.sheets++
	b.current = name
	if err := b.printWide(name, false); err != nil {
		return err
	}
	// the theme's indicators from the report model, each at its block's
	// periods: a period the LA has no figure for is a gap
	blocks := make([][]row, len(theme.Indicators))
	grids := make([][][]any, len(blocks))
	for i, ind := range theme.Indicators {
		for _, p := range blockPoints(ind) {
			blocks[i] = append(blocks[i], rowOf(ind, &p))
		}
		grids[i] = b.blockCells(l, blocks[i])
	}
	// columns: the row names, the periods (one width for all), a gap,
	// the chart
	labelW, periodW := minWidth, 9.0
	for _, g := range grids {
		for _, r := range g[1:] {
			for c, v := range r {
				text, bold, _ := b.displayed(v)
				if text == "" {
					continue
				}
				w := textWidth(text, bold) + cellPadding
				if b.indented(v) {
					w += textIndent
				}
				if c == 0 {
					labelW = max(labelW, w)
				} else {
					periodW = max(periodW, w)
				}
			}
		}
	}
	for _, ind := range theme.Indicators { // a note under a block is on one line across it
		if need := textWidth(ind.Note(), false)*0.9 + cellPadding; labelW+blockPeriods*periodW < need {
			labelW = need - blockPeriods*periodW
		}
	}
	blockPx := columnPx(labelW) + blockPeriods*columnPx(periodW) + columnPx(1)
	// the chart column holds the chart and its offset in Excel's units,
	// the narrower: LibreOffice draws it wider than the chart, and the
	// page's width is worked out as it does
	chartPx := max(minChartPx, (pageWidthPx/pageMinScale-blockPx-5)*7/unitPx-8-5)
	chartW := (chartPx+8-5)/7 + 0.5
	widths := map[int]float64{1: labelW, chartColumn - 1: 1, chartColumn: chartW}
	for c := 2; c < 2+blockPeriods; c++ {
		widths[c] = periodW
	}
	for c, w := range widths {
		col, _ := excelize.ColumnNumberToName(c)
		if err := b.f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	dataFirst, _ := excelize.ColumnNumberToName(chartDataColumn)
	dataLast, _ := excelize.ColumnNumberToName(chartDataColumn + blockPeriods - 1)
	if err := b.f.SetColVisible(name, dataFirst+":"+dataLast, false); err != nil { // the charts' data, not the reader's
		return err
	}
	// the page holds whole blocks: the scale the sheet prints at (fitted
	// to the page's width) says how many points of rows a page takes
	scale := min(1, pageWidthPx/(blockPx+columnPx(chartW)))
	pageRows := pageHeightPt / scale
	w := &cellWriter{b: b, sheet: name}
	titleWidth := labelW + blockPeriods*periodW
	w.put(1, 1, excelize.Cell{StyleID: b.style(styleKey{kind: "title"}), Value: l.Name + ": " + title})
	subtitle := fmt.Sprintf("Each indicator's latest %d periods for %s beside its statistical neighbours' mean, %s and England, with its ranks; gaps are comparison group minus group. "+
		"A chart of a count shows %s alone: a count is not comparable between LAs of different sizes.", blockPeriods, l.Name, l.region(), l.Name)
	w.put(1, 2, excelize.Cell{StyleID: b.style(styleKey{kind: "subtitle"}), Value: subtitle})
	w.merge(1, 2, chartColumn, 2)
	used := 20 + w.height(2, rowHeight(wrappedLines(subtitle, titleWidth+1+chartW, false))) + blockRowHeight // title, subtitle, the row above the first block
	top := firstBlockRow
	for i, rs := range blocks {
		// the title in 11 points: a tenth wider and taller than the rows' 10
		lines := wrappedLines(rs[0].Label, titleWidth*10/11, true)
		height := w.height(top, float64(lines)*lineHeight*1.1+4) + float64(blockRows-1)*blockRowHeight
		note := theme.Indicators[i].Note() // the model's flags, in the row under the block
		last := height - blockRowHeight    // what must fit on the page: not the blank row after it, unless its note is there
		if note != "" {
			last = height
		}
		if i > 0 && used+last > pageRows { // a printed page holds whole blocks
			if err := b.f.InsertPageBreak(name, cell(1, top)); err != nil {
				return err
			}
			used = 0
		}
		used += height
		if note != "" {
			w.put(1, top+blockRows-1, excelize.Cell{StyleID: b.style(styleKey{kind: "blocknote"}), Value: note})
			w.merge(1, top+blockRows-1, 1+blockPeriods, top+blockRows-1)
		}
		if err := b.block(w, l, top, rs, grids[i], chartPx); err != nil {
			return err
		}
		top += blockRows
	}
	if note := b.symbolFootnote(name); note != "" {
		w.put(1, top, excelize.Cell{StyleID: b.style(styleKey{kind: "footnote"}), Value: note})
		w.merge(1, top, chartColumn, top)
		w.height(top, rowHeight(wrappedLines(note, titleWidth+1+chartW, false)))
		top++
	}
	if w.err != nil {
		return w.err
	}
	last, _ := excelize.ColumnNumberToName(chartColumn)
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", name, last, max(top-1, 2))})
}

// blockCells are a block's cells: its title, then the period row and the
// rows below it, each a row name and the periods' cells.
func (b *book) blockCells(l la, rs []row) [][]any {
	header := b.style(styleKey{kind: "header", unit: "right"})
	label := b.style(styleKey{kind: "blocklabel"})
	names := []string{"Period", l.Name, "Statistical neighbours (mean)", l.region(), "England", "National rank", "Regional position", "Quartile"}
	g := make([][]any, 1+len(names))
	g[0] = []any{excelize.Cell{StyleID: b.style(styleKey{kind: "blocktitle"}), Value: rs[0].Label}}
	for i, n := range names {
		st := label
		if i == 0 {
			st = b.style(styleKey{kind: "header"})
		}
		g[1+i] = make([]any, 1+len(rs))
		g[1+i][0] = excelize.Cell{StyleID: st, Value: n}
	}
	for i := range rs {
		r := &rs[i]
		c := 1 + i
		g[1][c] = excelize.Cell{StyleID: header, Value: r.Period}
		g[2][c] = b.value(r, false)
		g[3][c] = b.number(r.SNMean, "value", r.Unit, false)
		g[4][c] = b.number(r.Region, "value", r.Unit, false)
		g[5][c] = b.number(r.England, "value", r.Unit, false)
		if r.NationalRank.Valid {
			// "110 of 153", right-aligned under the figures
			g[6][c] = excelize.Cell{StyleID: b.style(styleKey{kind: "symbol"}), Value: fmt.Sprintf("%d of %d", r.NationalRank.Int64, r.NationalCount.Int64)}
		}
		if pos := blockRegional(r); pos != nil {
			g[7][c] = excelize.Cell{StyleID: b.style(styleKey{kind: "symbol"}), Value: pos}
		}
		g[8][c] = b.quartile(r.Quartile)
	}
	return g
}

// block writes one indicator's block from row top, and its chart.
func (b *book) block(w *cellWriter, l la, top int, rs []row, g [][]any, chartPx float64) error {
	r0 := rs[0]
	w.put(1, top, g[0][0])
	w.merge(1, top, 1+blockPeriods, top)
	for i, cells := range g[1:] {
		for c, v := range cells {
			w.put(1+c, top+1+i, v)
		}
	}
	for r := top + 1; r < top+blockRows; r++ {
		w.height(r, blockRowHeight)
	}
	for c := range rs { // the chart's LA values: numbers, a symbol's period blank (a gap)
		if rs[c].Value.Valid {
			w.put(chartDataColumn+c, top+2, b.number(rs[c].Value, "value", rs[c].Unit, false))
		}
	}
	if want := laRange(w.sheet, top, len(rs)); b.laRows[r0.ID] != want {
		return fmt.Errorf("indicator %s's block is at %s, not at %s as planned", r0.ID, want, b.laRows[r0.ID])
	}
	if len(rs) < 2 { // a line of one point says nothing the block does not
		return nil
	}
	// a count is not comparable between LAs of different sizes, nor with
	// its region's and England's totals: its chart shows the LA alone
	series := []int{0, 1, 2, 3}
	if r0.Unit == "count" {
		series = []int{0}
	}
	first, _ := excelize.ColumnNumberToName(2)
	lastCol, _ := excelize.ColumnNumberToName(1 + len(rs))
	colours := []string{"1F4E78", "ED7D31", "7F7F7F", "000000"}
	var ss []excelize.ChartSeries
	for _, i := range series {
		row := top + 2 + i
		s := excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$A$%d", w.sheet, row),
			Categories: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", w.sheet, first, top+1, lastCol, top+1),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", w.sheet, first, row, lastCol, row),
			Line:       excelize.LineOptions{Width: 1.75},
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 4},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colours[i]}},
		}
		if i == 0 { // the LA's own line, heavier, from its numbers only
			s.Line.Width = 2.5
			s.Values = laRange(w.sheet, top, len(rs))
		}
		ss = append(ss, s)
	}
	return b.f.AddChart(w.sheet, cell(chartColumn, top), &excelize.Chart{
		Type:         excelize.Line,
		Series:       ss,
		ShowBlanksAs: "gap",
		Dimension:    excelize.ChartDimension{Width: uint(chartPx), Height: chartHeightPx},
		Legend:       excelize.ChartLegend{Position: "right", Font: &axisFont},
		Format:       excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
		PlotArea:     excelize.ChartPlotArea{ShowVal: false},
		// the periods under the plot, below a negative value too
		XAxis: excelize.ChartAxis{Font: excelize.Font{Size: 7.5, Family: font, Color: axisFont.Color}, TickLabelPosition: excelize.ChartTickLabelLow},
		YAxis: excelize.ChartAxis{Font: axisFont, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: axisFormat(r0.Unit)},
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: unitTitle(r0.Unit, r0.Label), Font: &axisFont}}}},
	})
}

// axisFont is a chart's labels: small, and dark enough to read printed.
var axisFont = excelize.Font{Size: 8, Family: font, Color: "262626"}

// axisFormat is a value axis's number format: its unit's, a count's whole.
func axisFormat(unit string) string {
	if f, ok := valueFormats[unit]; ok {
		return f
	}
	return "#,##0.0"
}

// unitTitle names a chart's value axis: what its figures are in.
func unitTitle(unit, label string) string {
	switch unit {
	case "%":
		return "Per cent"
	case "count":
		return "Number"
	case "rate":
		if i := strings.Index(label, "per "); i >= 0 {
			return "Rate " + label[i:]
		}
		return "Rate"
	case "score":
		return "Score"
	case "points":
		return "Points"
	case "percentage points":
		return "Percentage points"
	}
	return "Value"
}

// blockRegional is the regional position without the region's name, which
// the block's rows already give.
func blockRegional(r *row) any {
	if !r.RegionalRank.Valid {
		return nil
	}
	return fmt.Sprintf("%s of %d", Ordinal(r.RegionalRank.Int64), r.RegionalCount.Int64)
}

// cellWriter writes cells of a sheet that is not streamed, keeping the
// first error.
type cellWriter struct {
	b     *book
	sheet string
	err   error
}

// put writes a value: a styled excelize.Cell as its value and style, nil
// as nothing.
func (w *cellWriter) put(col, row int, v any) {
	if w.err != nil || v == nil {
		return
	}
	ref, _ := excelize.CoordinatesToCellName(col, row) // small positive numbers
	if c, ok := v.(excelize.Cell); ok {
		if w.err = w.b.f.SetCellValue(w.sheet, ref, c.Value); w.err == nil && c.StyleID != 0 {
			w.err = w.b.f.SetCellStyle(w.sheet, ref, ref, c.StyleID)
		}
		return
	}
	w.err = w.b.f.SetCellValue(w.sheet, ref, v)
}

// rowWriter is what a sheet is written through: excelize's StreamWriter,
// or plainWriter for a sheet written cell by cell.
type rowWriter interface {
	SetRow(cell string, values []any, opts ...excelize.RowOpts) error
	SetColWidth(min, max int, width float64) error
	SetPanes(panes *excelize.Panes) error
	MergeCell(topLeft, bottomRight string) error
	AddTable(table *excelize.Table) error
	Flush() error
}

// plainWriter writes a sheet through excelize's cell API, with the stream
// writer's methods.
type plainWriter struct{ cellWriter }

// merge merges a range of the sheet.
func (w *cellWriter) merge(col1, row1, col2, row2 int) {
	if w.err == nil {
		w.err = w.b.f.MergeCell(w.sheet, cell(col1, row1), cell(col2, row2))
	}
}

// height sets a row's height, in points, and returns it.
func (w *cellWriter) height(row int, points float64) float64 {
	if w.err == nil {
		w.err = w.b.f.SetRowHeight(w.sheet, row, points)
	}
	return points
}

func (p *plainWriter) SetRow(ref string, values []any, opts ...excelize.RowOpts) error {
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		return err
	}
	for i, v := range values {
		p.put(col+i, row, v)
	}
	for _, o := range opts {
		if p.err == nil && o.Height > 0 {
			p.err = p.b.f.SetRowHeight(p.sheet, row, o.Height)
		}
	}
	return p.err
}

func (p *plainWriter) SetColWidth(min, max int, width float64) error {
	from, _ := excelize.ColumnNumberToName(min)
	to, _ := excelize.ColumnNumberToName(max)
	return p.b.f.SetColWidth(p.sheet, from, to, width)
}

func (p *plainWriter) SetPanes(panes *excelize.Panes) error { return p.b.f.SetPanes(p.sheet, panes) }

func (p *plainWriter) MergeCell(topLeft, bottomRight string) error {
	return p.b.f.MergeCell(p.sheet, topLeft, bottomRight)
}

func (p *plainWriter) AddTable(t *excelize.Table) error { return p.b.f.AddTable(p.sheet, t) }

func (p *plainWriter) Flush() error { return p.err }
