package extract

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// The In year sheet: a block per headline own figure (InYear), as the
// theme sheets lay out an indicator, with the quarter ends across and the
// published figures below, and a line chart of its months beside it. A
// chart needs cell ranges: the months are on the sheet In year data,
// streamed after it, a row a month, which the charts draw from.

const (
	inYearSheet     = "In year"
	inYearDataSheet = "In year data"
	// inYearBlockRows is a block's height with the blank row after it:
	// title, dates, the LA's values, four published figures, national
	// rank, regional position, quartile.
	inYearBlockRows = 11
	// inYearChartColumn is where a block's chart starts: a column right of
	// the widest block (a label, eight quarter ends and the latest date).
	inYearChartColumn = 2 + quarterColumns + 1 + 1
	// inYearChartWidth is a chart's width in pixels, in a column as wide,
	// where the print area ends.
	inYearChartWidth = 600
)

// inYear writes the In year sheet and its data sheet when the LA has
// headline own figures in year. It says whether it wrote them.
func (b *book) inYear(ctx context.Context, db *sql.DB, l la) (bool, error) {
	figs, err := InYear(ctx, db, l.Code)
	if err != nil || len(figs) == 0 {
		return false, err
	}
	// where each figure's months will be on the data sheet
	ranges := make([]dataRange, len(figs))
	next := headerRow + 1
	for i := range figs {
		n := len(figs[i].Monthly())
		ranges[i] = dataRange{first: next, last: next + n - 1}
		next += n
	}
	if err := b.inYearBlocks(l, figs, ranges); err != nil {
		return false, fmt.Errorf("%s sheet: %w", inYearSheet, err)
	}
	if err := b.inYearData(l, figs); err != nil {
		return false, fmt.Errorf("%s sheet: %w", inYearDataSheet, err)
	}
	return true, nil
}

// dataRange is a figure's rows on the data sheet.
type dataRange struct{ first, last int }

// inYearBlocks writes the In year sheet, cell by cell for its charts.
func (b *book) inYearBlocks(l la, figs []InYearFigure, ranges []dataRange) error {
	name := inYearSheet
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	b.sheets++
	b.current = name
	if err := b.printWide(name, false); err != nil {
		return err
	}
	// the row names as wide as the longest, the dates as a date in the
	// header's bold ("30 Sep 2024"; "140 of 153" and "not ranked" fit)
	labelW := textWidth("Statistical neighbours (mean) (2024/25)", true) + cellPadding + textIndent
	for i := range figs {
		labelW = max(labelW, textWidth(l.Name+" published ("+figs[i].PublishedPeriod.String+")", true)+cellPadding+textIndent)
	}
	dateW := textWidth("30 Sep 2024", true) + cellPadding
	widths := map[int]float64{1: labelW}
	for c := 2; c < inYearChartColumn-1; c++ {
		widths[c] = dateW
	}
	widths[inYearChartColumn-1] = 2
	widths[inYearChartColumn] = (inYearChartWidth+8-5)/7 + 0.5 // one column holds the chart, where the print area ends
	blockWidth := labelW + float64(inYearChartColumn-2)*dateW
	for c, w := range widths {
		col, _ := excelize.ColumnNumberToName(c)
		if err := b.f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	w := &cellWriter{b: b, sheet: name}
	asAt := Date(InYearAsAt(figs))
	w.put(1, 1, excelize.Cell{StyleID: b.style(styleKey{kind: "title"}), Value: l.Name + ": own figures in year, returns as at " + asAt})
	subtitle := "The council's own provisional figures, computed from its returns at each month end (a snapshot on the date, or over the 12 months to it), not DfE's. " +
		"Published figures are DfE's latest, their period in brackets; ranks and quartile are where the latest own figure would stand among them. " +
		"A chart of a count shows the council alone: a count is not comparable between LAs of different sizes."
	w.put(1, 2, excelize.Cell{StyleID: b.style(styleKey{kind: "subtitle"}), Value: subtitle})
	w.merge(1, 2, inYearChartColumn-2, 2)
	w.height(2, rowHeight(wrappedLines(subtitle, blockWidth, false)))
	top := firstBlockRow
	for i := range figs {
		if i > 0 && i%blocksPerPage == 0 { // a printed page holds whole blocks
			if err := b.f.InsertPageBreak(name, cell(1, top)); err != nil {
				return err
			}
		}
		if err := b.inYearBlock(w, l, top, &figs[i], ranges[i]); err != nil {
			return err
		}
		// the block's title across it, in 11 points
		w.merge(1, top, inYearChartColumn-2, top)
		w.height(top, float64(wrappedLines(inYearTitle(&figs[i]), blockWidth*10/11, true))*lineHeight*1.1+4)
		top += inYearBlockRows
	}
	if w.err != nil {
		return w.err
	}
	last, _ := excelize.ColumnNumberToName(inYearChartColumn)
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", name, last, top-1)})
}

// inYearBlock writes one figure's block from row top, and its chart.
func (b *book) inYearBlock(w *cellWriter, l la, top int, f *InYearFigure, rng dataRange) error {
	header := b.style(styleKey{kind: "header"})
	label := b.style(styleKey{kind: "blocklabel"})
	w.put(1, top, excelize.Cell{StyleID: b.style(styleKey{kind: "blocktitle"}), Value: inYearTitle(f)})
	w.put(1, top+1, excelize.Cell{StyleID: header, Value: "Quarter end"})
	w.put(1, top+2, excelize.Cell{StyleID: label, Value: l.Name + " (own returns)"})
	cols := f.Columns()
	for i, p := range cols {
		w.put(2+i, top+1, excelize.Cell{StyleID: b.style(styleKey{kind: "header", unit: "right"}), Value: Date(p.Date)})
		w.put(2+i, top+2, b.number(p.Value, "value", f.Unit, true))
	}
	// the published figures and the latest figure's position, under the
	// latest date they are set against
	at := 1 + len(cols)
	period := ""
	if f.PublishedPeriod.Valid {
		period = " (" + f.PublishedPeriod.String + ")"
	}
	england, region := f.England, f.Region
	if f.Unit == "count" { // a count beside England's total says nothing
		england, region = sql.NullFloat64{}, sql.NullFloat64{}
	}
	below := []struct {
		name  string
		value any
	}{
		{l.Name + " published" + period, b.number(f.Published, "value", f.Unit, false)},
		{"England" + period, b.number(england, "value", f.Unit, false)},
		{l.region() + period, b.number(region, "value", f.Unit, false)},
		{"Statistical neighbours (mean)" + period, b.number(f.SNMean, "value", f.Unit, false)},
		{"Would rank nationally", rankText(f)},
		{"Regional position", blockRegional(&row{RegionalRank: f.RegionalRank, RegionalCount: f.RegionalCount})},
		{"Quartile", b.quartile(f.Quartile)},
	}
	for i, r := range below {
		w.put(1, top+3+i, excelize.Cell{StyleID: label, Value: r.name})
		if text, ok := r.value.(string); ok { // a rank or a position, aligned with the figures above it
			r.value = excelize.Cell{StyleID: b.style(styleKey{kind: "symbol"}), Value: text}
		}
		w.put(at, top+3+i, r.value)
	}
	return b.inYearChart(w.sheet, top, f, rng)
}

// rankText is where the latest figure would rank, "40 of 153"; "not
// ranked" for a volume (neither more nor fewer is better); nil without a
// rank.
func rankText(f *InYearFigure) any {
	switch {
	case f.NationalRank.Valid:
		return fmt.Sprintf("%d of %d", f.NationalRank.Int64, f.NationalCount.Int64)
	case f.Polarity == "none":
		return "not ranked"
	}
	return nil
}

// inYear data sheet columns: the LA's value and the published figures the
// charts draw (1-based).
const (
	dataDateCol    = 2
	dataValueCol   = 3
	dataEnglandCol = 8
	dataRegionCol  = 9
	dataSNCol      = 10
)

// inYearChart draws the figure's months and, as flat lines, the published
// figures it is set against (a count's without England's and the region's
// totals). A month without a value breaks the line (blanks show as gaps).
// A figure of one month has no chart.
func (b *book) inYearChart(sheet string, top int, f *InYearFigure, rng dataRange) error {
	if rng.last == rng.first {
		// one month: the block says it all, and LibreOffice would label
		// a lone date category with a month it is not
		return nil
	}
	// a count is not comparable between LAs of different sizes, nor with
	// the region's and England's totals: its chart shows the council alone
	cols := []int{dataValueCol, dataSNCol, dataRegionCol, dataEnglandCol}
	if f.Unit == "count" {
		cols = cols[:1]
	}
	colours := []string{"1F4E78", "ED7D31", "A5A5A5", "000000"}
	ref := func(col, from, to int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", inYearDataSheet, c, from, c, to)
	}
	var ss []excelize.ChartSeries
	for i, col := range cols {
		s := excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", inYearDataSheet, mustColumn(col), headerRow),
			Categories: ref(dataDateCol, rng.first, rng.last),
			Values:     ref(col, rng.first, rng.last),
			Line:       excelize.LineOptions{Width: 1.25, Dash: excelize.LineDashDash},
			Marker:     excelize.ChartMarker{Symbol: "none"},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colours[i]}},
		}
		if i == 0 { // the council's own line: solid, its months marked
			s.Line = excelize.LineOptions{Width: 2.25}
			s.Marker = excelize.ChartMarker{Symbol: "circle", Size: 4}
		}
		ss = append(ss, s)
	}
	// a label a quarter (Excel), slanted where there are more months than
	// fit across (LibreOffice labels every month whatever the skip)
	months := rng.last - rng.first + 1
	skip := max(1, (months+7)/8)
	var slant excelize.Alignment
	if months > 12 {
		slant.TextRotation = -45
	}
	axisFont := axisFont // dark: pale grey labels do not print
	return b.f.AddChart(sheet, cell(inYearChartColumn, top), &excelize.Chart{
		Type:         excelize.Line,
		Series:       ss,
		ShowBlanksAs: "gap",
		Dimension:    excelize.ChartDimension{Width: inYearChartWidth, Height: 184}, // within a block's 11 rows
		Legend:       excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Size: 8, Family: font}},
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: f.Title(), Font: &excelize.Font{Size: 9, Family: font}}}},
		Format:       excelize.GraphicOptions{OffsetX: 4, OffsetY: 2},
		XAxis: excelize.ChartAxis{Font: axisFont, TickLabelSkip: skip, Alignment: slant,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "mmm yy"}},
		YAxis: excelize.ChartAxis{Font: axisFont, MajorGridLines: true,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: axisFormat(f.Unit)},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: unitTitle(f.Unit, f.Title()), Font: &axisFont}}}},
	})
}

func mustColumn(c int) string {
	name, _ := excelize.ColumnNumberToName(c) // a few columns
	return name
}

// inYearData writes every month of each figure, streamed: the rows the
// In year charts draw, in the order inYear planned them.
func (b *book) inYearData(l la, figs []InYearFigure) error {
	s, err := b.newSheet(inYearDataSheet, l.Name+": own figures in year, month by month",
		"The council's own provisional figures from its returns at each month end, drawn by the charts on the sheet In year; a blank value is a month without one. Published figures are DfE's latest.",
		[]string{"Figure", "Date", l.Name + " (own returns)", "Numerator", "Denominator", "Published period",
			l.Name + " published", "England", l.region(), "Statistical neighbours (mean)"},
		[]float64{105, 12, 13, 11, 12, 11, 13, 11, 12, 14}) // a label to a line: the longest are about 110 characters
	if err != nil {
		return err
	}
	s.wrapColumns(0)
	date := b.style(styleKey{kind: "date"})
	for i := range figs {
		f := &figs[i]
		var period any
		if f.PublishedPeriod.Valid {
			period = excelize.Cell{StyleID: b.style(styleKey{kind: "center"}), Value: f.PublishedPeriod.String}
		}
		for _, p := range f.Monthly() {
			if err := s.add(f.LabelAt(p), excelize.Cell{StyleID: date, Value: p.Date}, b.number(p.Value, "value", f.Unit, false),
				b.integer(p.Numerator), b.integer(p.Denominator), period, b.number(f.Published, "value", f.Unit, false),
				b.number(f.England, "value", f.Unit, false), b.number(f.Region, "value", f.Unit, false),
				b.number(f.SNMean, "value", f.Unit, false)); err != nil {
				return err
			}
		}
	}
	return s.finish("InYearData")
}

// inYearTitle is an In year block's title, as inYearBlock writes it.
func inYearTitle(f *InYearFigure) string { return f.Title() + " (returns as at " + Date(f.AsAt) + ")" }
