package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/yardstick-etl/yardstick/pipeline/lareport"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/pipeline/terminal"
	"github.com/yardstick-etl/yardstick/transforms/symbols"
	"github.com/yardstick-etl/yardstick/validation"
)

// writeWorkbook writes one LA's workbook: a summary laid out like a
// committee paper's table, a sheet per theme with every period, a sheet
// ranking all LAs on each indicator, and notes. Sheets are streamed
// (excelize's StreamWriter); text goes in as inline strings, so it is
// never a formula whatever it starts with.
func writeWorkbook(ctx context.Context, db *sql.DB, l la, model *lareport.Report, path string, now time.Time) error {
	run, err := publishedRun(ctx, db)
	if err != nil {
		return fmt.Errorf("reading meta.run: %w", err)
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(font); err != nil {
		return err
	}
	defaultFontSize(f, 10)
	b := &book{f: f, styles: map[styleKey]int{}, laRows: map[string]string{}, summaryRows: map[string]int{}}

	b.planBlocks(model)
	if err := b.summary(ctx, db, l, model, run, now); err != nil {
		return fmt.Errorf("summary sheet: %w", err)
	}
	if err := b.allIndicators(l, model); err != nil {
		return fmt.Errorf("all indicators sheet: %w", err)
	}
	provisional, err := b.provisional(ctx, db, l)
	if err != nil {
		return fmt.Errorf("provisional sheet: %w", err)
	}
	inYear, err := b.inYear(ctx, db, l)
	if err != nil {
		return fmt.Errorf("in year sheets: %w", err)
	}
	validated, err := b.validation(ctx, db, l)
	if err != nil {
		return fmt.Errorf("validation sheet: %w", err)
	}
	themes, err := b.themes(l, model)
	if err != nil {
		return fmt.Errorf("theme sheets: %w", err)
	}
	if err := b.rankings(ctx, db, l); err != nil {
		return fmt.Errorf("rankings sheet: %w", err)
	}
	if err := b.notes(ctx, db, l, run, now, provisional, inYear, validated, themes); err != nil {
		return fmt.Errorf("notes sheet: %w", err)
	}
	f.SetActiveSheet(0)
	tmp := tempPath(path)
	out, err := os.Create(tmp)
	if err == nil {
		err = f.Write(out)
		err = errors.Join(err, out.Close())
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// book is a workbook being written, with its styles made once each.
type book struct {
	f      *excelize.File
	styles map[styleKey]int
	sheets int
	err    error // the first error making a style
	// laRows is where each indicator's LA row will be on its theme sheet
	// (planBlocks), summaryRows where it is on the Summary: the Summary's
	// sparklines draw the one in the other.
	laRows      map[string]string // id -> 'Sheet'!$B$6:$K$6
	laValues    map[string]int    // id -> how many of its block's periods have an LA value
	summaryRows map[string]int
	keys        map[int]styleKey           // a style's key by its id, for measuring what a cell shows
	current     string                     // the sheet being written, whose footnote a symbol goes in
	symbols     map[string]map[string]bool // sheet -> the published symbols it shows (its footnote)
}

// font is the workbook's one font, named on every style: a style without
// a font name prints in the viewer's own default (a serif in LibreOffice).
const font = "Arial"

// sheet is one streamed sheet: a title, a subtitle, a header row (frozen,
// with filter buttons) and the data below it.
type sheet struct {
	b      *book
	name   string
	sw     rowWriter
	row    int // the next row to write
	cols   int
	widths []float64    // a wrapping column's width; the others are fitted to their values (finish)
	wrap   map[int]bool // columns whose text wraps, the row made as tall as it needs
	buf    []bufRow     // the rows written, kept until finish
	// printRows, when set, is the last row the print area takes in (a
	// sheet too long to print whole); else it takes every row
	printRows int
}

const headerRow = 3

func (b *book) newSheet(name, title, subtitle string, headers []string, widths []float64) (*sheet, error) {
	return b.openSheet(name, title, subtitle, headers, widths, true)
}

// openSheet is newSheet, streamed or not: a sheet written cell by cell can
// take charts (the Summary's sparklines), which excelize's stream writer leaves out.
func (b *book) openSheet(name, title, subtitle string, headers []string, widths []float64, stream bool) (*sheet, error) {
	if b.sheets == 0 {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return nil, err
	}
	b.sheets++
	b.current = name
	if err := b.printWide(name, len(headers) > 0); err != nil {
		return nil, err
	}
	var sw rowWriter = &plainWriter{cellWriter{b: b, sheet: name}}
	if stream {
		stw, err := b.f.NewStreamWriter(name)
		if err != nil {
			return nil, err
		}
		sw = stw
	}
	s := &sheet{b: b, name: name, sw: sw, row: 1, cols: len(headers), widths: widths, wrap: map[int]bool{}}
	if len(headers) > 0 {
		top := cell(1, headerRow+1)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: top, ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}}}); err != nil {
			return nil, err
		}
	}
	s.addRow(rowTitle, 0, excelize.Cell{StyleID: b.style(styleKey{kind: "title"}), Value: title})
	// the subtitle wraps across the sheet's width, never past it
	s.addRow(rowSpan, 0, excelize.Cell{StyleID: b.style(styleKey{kind: "subtitle"}), Value: subtitle})
	if len(headers) > 0 {
		// header cells wrap ("Statistical neighbours (mean)" over two
		// lines), in a row as tall as the longest needs (finish)
		cells := make([]any, len(headers))
		for i, h := range headers {
			cells[i] = excelize.Cell{StyleID: b.style(styleKey{kind: "header"}), Value: h}
		}
		s.addRow(rowHeader, 0, cells...)
	}
	return s, b.err
}

// lineHeight is the height, in points, of a line of 10-point text.
const lineHeight = 13.0

func rowHeight(lines int) float64 { return lineHeight*float64(lines) + 2 }

// add writes a row. Text in a wrapping column (wrapColumns) wraps, and the
// row is made as tall as its longest text needs (finish).
func (s *sheet) add(cells ...any) error {
	s.addRow(rowData, 0, cells...)
	return nil
}

// addRow keeps a row of a kind, at least height points tall (0: as its
// text needs), for finish to write.
func (s *sheet) addRow(kind rowKind, height float64, cells ...any) {
	for i, c := range cells {
		if str, ok := c.(string); ok { // plain text: the text style, indented clear of a number to its left
			cells[i] = excelize.Cell{StyleID: s.b.style(styleKey{kind: "text"}), Value: str}
		}
	}
	s.buf = append(s.buf, bufRow{cells: cells, height: height, kind: kind})
	s.row++
}

// wrapColumns makes text in these columns (0-based) wrap.
func (s *sheet) wrapColumns(cols ...int) {
	for _, c := range cols {
		s.wrap[c] = true
	}
}

// finish makes the header and data a table (Excel's filter buttons), sets
// the print area to what was written and flushes the sheet.
func (s *sheet) finish(table string) error {
	dataEnd := s.row - 1 // the table's last row, before any footnote
	if note := s.b.symbolFootnote(s.name); note != "" {
		s.addRow(rowData, 0)
		s.addRow(rowSpan, 0, excelize.Cell{StyleID: s.b.style(styleKey{kind: "footnote"}), Value: note})
	}
	if err := s.flushRows(); err != nil {
		return err
	}
	if cols := max(s.cols, len(s.widths)); cols > 0 && s.row > 1 {
		last, _ := excelize.ColumnNumberToName(cols) // in range: a few columns
		lastRow := s.row - 1
		if s.printRows > 0 {
			lastRow = min(lastRow, s.printRows)
		}
		if err := s.b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: s.name,
			RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", s.name, last, lastRow)}); err != nil {
			return err
		}
	}
	if s.cols > 0 {
		last := dataEnd
		if last <= headerRow { // a table needs a data row
			last = headerRow + 1
		}
		stripes := false
		if err := s.sw.AddTable(&excelize.Table{Range: cell(1, headerRow) + ":" + cell(s.cols, last), Name: table,
			StyleName: "TableStyleLight1", ShowRowStripes: &stripes}); err != nil {
			return err
		}
	}
	return s.sw.Flush()
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row) // in range: small positive numbers
	return name
}

// styleKey names a style: its kind, the unit whose number format it
// carries, and whether it is bold (the extract's own LA in a ranking).
type styleKey struct {
	kind, unit string
	bold       bool
}

// Number formats by unit, with thousands separators: a count whole, the
// rest to a decimal place. Percentages are published as 0-100, so the
// value stays the published number and the format adds the sign.
var valueFormats = map[string]string{
	"count": "#,##0", "%": `#,##0.0"%"`, "rate": "#,##0.0", "score": "#,##0.0", "value": "#,##0.0",
	"points": "#,##0.0", "percentage points": `#,##0.0" pp"`,
}

var changeFormats = map[string]string{
	"count": "+#,##0;-#,##0;0", "%": `+#,##0.0" pp";-#,##0.0" pp";0.0" pp"`, "percentage points": `+#,##0.0" pp";-#,##0.0" pp";0.0" pp"`,
}

// Quartile colours: Excel's good / neutral / bad palette, A best.
var quartileColours = map[string][2]string{ // fill, font
	"A": {"C6EFCE", "006100"}, "B": {"E2EFDA", "375623"}, "C": {"FFEB9C", "9C5700"}, "D": {"FFC7CE", "9C0006"},
}

var trendColours = map[string]string{"better": "006100", "worse": "9C0006", "same": "595959"}

func (b *book) style(k styleKey) int {
	if id, ok := b.styles[k]; ok {
		return id
	}
	st := &excelize.Style{Font: &excelize.Font{Bold: k.bold}}
	format := func(f string) {
		if f != "" {
			st.CustomNumFmt = &f
		}
	}
	switch k.kind {
	case "title":
		st.Font = &excelize.Font{Bold: true, Size: 14}
	case "subtitle":
		st.Font = &excelize.Font{Italic: true, Color: "595959"}
		st.Alignment = &excelize.Alignment{Horizontal: "left", WrapText: true}
	case "theme": // a theme's heading among the front sheet's rows
		st.Font = &excelize.Font{Bold: true, Color: "1F4E78", Size: 11}
	case "blocktitle": // an indicator's name above its block, wrapped across it
		st.Font = &excelize.Font{Bold: true, Color: "1F4E78", Size: 11}
		st.Alignment = &excelize.Alignment{Horizontal: "left", WrapText: true}
	case "blocklabel": // a block's row names
		st.Font = &excelize.Font{Bold: true}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
		st.Alignment = &excelize.Alignment{Horizontal: "left", Indent: 1}
	case "header":
		st.Font = &excelize.Font{Bold: true, Color: "FFFFFF"}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}}
		st.Alignment = &excelize.Alignment{WrapText: true, Horizontal: "left", Indent: 1}
		if k.unit == "right" { // over a column of numbers
			st.Alignment = &excelize.Alignment{WrapText: true, Horizontal: "right"}
		}
		// a white rule between headers: two right-aligned beside each
		// other read as one ("England North West")
		st.Border = []excelize.Border{{Type: "left", Color: "FFFFFF", Style: 1}, {Type: "right", Color: "FFFFFF", Style: 1}}
	case "value":
		f, ok := valueFormats[k.unit]
		if !ok {
			f = "#,##0.0"
		}
		format(f)
		st.Alignment = &excelize.Alignment{Horizontal: "right"}
	case "change":
		f, ok := changeFormats[k.unit]
		if !ok {
			f = "+#,##0.0;-#,##0.0;0.0"
		}
		format(f)
		st.Alignment = &excelize.Alignment{Horizontal: "right"}
	case "int":
		format("#,##0")
		st.Alignment = &excelize.Alignment{Horizontal: "right"}
	case "symbol": // a published symbol in a column of numbers, aligned as they are
		st.Alignment = &excelize.Alignment{Horizontal: "right"}
	case "text": // text, indented clear of a number to its left
		st.Alignment = &excelize.Alignment{Horizontal: "left", Indent: 1}
	case "footnote":
		st.Font = &excelize.Font{Italic: true, Color: "404040", Size: 9}
		st.Alignment = &excelize.Alignment{Horizontal: "left", WrapText: true}
	case "blocknote": // the model's note for a block's figure, on one line under it
		st.Font = &excelize.Font{Italic: true, Color: "9C5700", Size: 9}
		st.Alignment = &excelize.Alignment{Horizontal: "left"}
	case "datetime":
		format("dd/mm/yyyy hh:mm")
		st.Alignment = &excelize.Alignment{Horizontal: "left", Indent: 1}
	case "date": // a day, as the in-year sheets write dates
		format("d mmm yyyy")
		st.Alignment = &excelize.Alignment{Horizontal: "left", Indent: 1}
	case "center": // text between numbers, clear of them
		st.Alignment = &excelize.Alignment{Horizontal: "center"}
	case "wrap":
		st.Alignment = &excelize.Alignment{Horizontal: "left", Indent: 1, WrapText: true}
	case "top": // beside wrapped cells in a row of several lines (centred, as every cell is)
		st.Alignment = &excelize.Alignment{Horizontal: "left", Indent: 1}
		switch k.unit {
		case "int":
			format("#,##0")
			st.Alignment.Horizontal, st.Alignment.Indent = "right", 0
		case "year":
			format("0")
			st.Alignment.Horizontal, st.Alignment.Indent = "right", 0
		}
	case "quartile":
		c := quartileColours[k.unit]
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}}
		st.Font = &excelize.Font{Bold: true, Color: c[1]}
		st.Alignment = &excelize.Alignment{Horizontal: "center"}
	case "trend":
		st.Font = &excelize.Font{Bold: k.bold, Color: trendColours[k.unit]}
		st.Alignment = &excelize.Alignment{Horizontal: "left", Indent: 1}
	}
	// a row's cells on one line: every cell centred in its row's height
	// (a wrapped label beside its figures)
	if st.Alignment == nil {
		st.Alignment = &excelize.Alignment{}
	}
	if k.kind != "title" && k.kind != "subtitle" && k.kind != "footnote" {
		st.Alignment.Vertical = "center"
	}
	if st.Font == nil {
		st.Font = &excelize.Font{}
	}
	st.Font.Family = font
	if st.Font.Size == 0 {
		st.Font.Size = 10
	}
	id, err := b.f.NewStyle(st)
	if err != nil && b.err == nil {
		b.err = fmt.Errorf("style %v: %w", k, err)
	}
	b.styles[k] = id
	if b.keys == nil {
		b.keys = map[int]styleKey{}
	}
	b.keys[id] = k
	return id
}

// number is a value cell in its unit's format; blank when there is none.
func (b *book) number(v sql.NullFloat64, kind, unit string, bold bool) any {
	if !v.Valid {
		return nil
	}
	return excelize.Cell{StyleID: b.style(styleKey{kind: kind, unit: unit, bold: bold}), Value: v.Float64}
}

// value is the LA's own value, or the published symbol standing in for it.
func (b *book) value(r *row, bold bool) any {
	if !r.Value.Valid && r.Symbol.Valid {
		b.symbolUsed(b.current, r.Symbol.String)
		return excelize.Cell{StyleID: b.style(styleKey{kind: "symbol", bold: bold}), Value: r.Symbol.String}
	}
	return b.number(r.Value, "value", r.Unit, bold)
}

func (b *book) integer(v sql.NullInt64) any {
	if !v.Valid {
		return nil
	}
	return excelize.Cell{StyleID: b.style(styleKey{kind: "int"}), Value: v.Int64}
}

func (b *book) quartile(q sql.NullString) any {
	if !q.Valid {
		return nil
	}
	return excelize.Cell{StyleID: b.style(styleKey{kind: "quartile", unit: q.String}), Value: q.String}
}

// trend is an arrow for the change since the previous consecutive period
// and, where higher or lower is better, whether that is better or worse.
func (b *book) trend(r *row) any {
	if !r.Change.Valid {
		return nil
	}
	arrow := "►"
	switch {
	case r.Change.Float64 > 0:
		arrow = "▲"
	case r.Change.Float64 < 0:
		arrow = "▼"
	}
	if !r.Direction.Valid {
		return arrow
	}
	return excelize.Cell{StyleID: b.style(styleKey{kind: "trend", unit: r.Direction.String}), Value: arrow + " " + r.Direction.String}
}

// regionalPosition is the LA's RegionalPosition, blank when unranked.
func regionalPosition(r *row) any {
	if !r.RegionalRank.Valid {
		return nil
	}
	return RegionalPosition(r.RegionalRank.Int64, r.RegionalCount.Int64, r.RegionName)
}

// RegionalPosition reads as a committee paper says it: "3rd of 12 in North West".
func RegionalPosition(rank, count int64, region string) string {
	return fmt.Sprintf("%s of %d in %s", Ordinal(rank), count, region)
}

// Ordinal writes 1st, 2nd, 3rd, 4th, 11th, 21st ...
func Ordinal(n int64) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.FormatInt(n, 10) + suffix
}

func generated(l la, run runInfo, now time.Time) string {
	return fmt.Sprintf("%s, %s. Generated %s from the warehouse published by run %s.",
		l.Name, l.RegionName, now.Format("02/01/2006 15:04"), run.RunID)
}

// region heads the region's column: its name, as a committee paper has it.
func (l la) region() string {
	if l.RegionName == "" || l.RegionName == l.Name {
		return "Region"
	}
	return l.RegionName
}

// summary is the front sheet: the headline figures committee papers quote
// (ref.headline: the config's headline: list, or the built-in one), grouped
// by theme, each at its latest period. A figure the LA, its region and
// England all lack is left out; a count is not set against England's and
// the region's totals; a period older than the figure's latest published
// one, or over two years before the newest on the sheet, says so.
func (b *book) summary(ctx context.Context, db *sql.DB, l la, model *lareport.Report, run runInfo, now time.Time) error {
	inspection, err := InspectionText(ctx, db, l.Code)
	if err != nil {
		return err
	}
	if inspection != "" {
		inspection += ". "
	}
	s, err := b.openSheet("Summary", l.Name+": children's services benchmarks",
		inspection+"The headline figures at their latest period; every indicator is on the sheet All indicators. "+vsEnglandLegend+" "+generated(l, run, now),
		[]string{"Indicator", "Period", l.Name, "England", "Compared with England", l.region(), "Statistical neighbours (mean)",
			"National rank", "LAs ranked", "Regional position", "Quartile", "Trend", "Note", "Over time"},
		[]float64{50, 10, 11, 11, 20, 11, 13, 9, 9, 24, 9, 11, 24, 16}, false) // unstreamed, for its sparkline charts
	if err != nil {
		return err
	}
	s.wrapColumns(0, 4, 12)
	// the headline figures, their flags and notes from the LA's report
	// model: the HTML report and the headline say the same
	headline := model.Headline()
	rows := make([]row, len(headline))
	for i, ind := range headline {
		rows[i] = rowOf(ind, ind.Current())
		rows[i].LAName, rows[i].RegionName = model.Name, model.RegionName
	}
	themeStyle := b.style(styleKey{kind: "theme"})
	theme := ""
	for i := range rows {
		r := &rows[i]
		if r.Theme != theme {
			theme = r.Theme
			if err := s.add(excelize.Cell{StyleID: themeStyle, Value: r.ThemeTitle}); err != nil {
				return err
			}
		}
		england, region, sn := b.number(r.England, "value", r.Unit, false), b.number(r.Region, "value", r.Unit, false), b.number(r.SNMean, "value", r.Unit, false)
		if r.Unit == "count" { // a count beside England's total says nothing; its rate is the comparison
			england, region, sn = nil, nil, nil
		}
		note := headline[i].Note()
		b.summaryRows[r.ID] = s.row
		height := 0.0
		if _, ok := b.laRows[r.ID]; ok && b.laValues[r.ID] >= sparkPeriods {
			height = sparkRowHeight // room for its line
		}
		s.addRow(rowData, height, r.Label, r.Period, b.value(r, false), england, vsEngland(r), region, sn,
			b.integer(r.NationalRank), b.integer(r.NationalCount), regionalPosition(r),
			b.quartile(r.Quartile), b.trend(r), note)
	}
	if len(rows) == 0 {
		if err := s.add("None of the headline figures has a value for " + l.Name + ": see All indicators."); err != nil {
			return err
		}
	}
	if err := s.finish("Summary"); err != nil {
		return err
	}
	return b.sparklines() // on the rows as finish made them
}

// sparklines draws, in the Summary's last column, each headline figure's
// LA values over its theme block's periods: a small line chart in the
// cell, no axes or legend. Excel's sparklines (x14) print in LibreOffice
// as scattered dots, without their line; a chart prints in both.
func (b *book) sparklines() error {
	ids := make([]string, 0, len(b.summaryRows))
	for id := range b.summaryRows {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	w, _ := b.f.GetColWidth("Summary", "N")
	for _, id := range ids {
		rng, ok := b.laRows[id]
		if !ok || b.laValues[id] < sparkPeriods { // two points are no trend; one is no line (a gap none)
			continue
		}
		row := b.summaryRows[id]
		h, err := b.f.GetRowHeight("Summary", row)
		if err != nil {
			return err
		}
		err = b.f.AddChart("Summary", cell(14, row), &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{{Values: rng, Line: excelize.LineOptions{Width: 1.5},
				Marker: excelize.ChartMarker{Symbol: "none"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}}}},
			ShowBlanksAs: "gap",
			Dimension:    excelize.ChartDimension{Width: uint(excelPx(w) - 8), Height: uint(h*4/3 - 4)},
			Legend:       excelize.ChartLegend{Position: "none"},
			Format:       excelize.GraphicOptions{OffsetX: 4, OffsetY: 2},
			XAxis:        excelize.ChartAxis{None: true},
			YAxis:        excelize.ChartAxis{None: true},
			Border:       excelize.LineOptions{Type: excelize.LineNone},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// vsEnglandLegend is the Summary's one sentence on its Compared with
// England column.
const vsEnglandLegend = "Compared with England: similar when England's value lies within the 95% confidence interval of " +
	"the LA's figure (made from its published counts), otherwise better or worse (higher or lower for a figure with no polarity); blank where DfE publishes no counts to make one."

// vsEngland is a figure's comparison with England, with its interval:
// "similar to England (16.4% to 19.8%)"; nil without one.
func vsEngland(r *row) any {
	if !r.VsEngland.Valid {
		return nil
	}
	return fmt.Sprintf("%s (%s to %s)", lareport.VsEnglandText(r.VsEngland),
		terminal.Number(r.CILower.Float64, r.Unit), terminal.Number(r.CIUpper.Float64, r.Unit))
}

// sparkPeriods is the fewest periods a sparkline draws; sparkRowHeight the
// height, in points, of a Summary row with one.
const (
	sparkPeriods   = 3
	sparkRowHeight = 24.0
)

// allIndicators lists every indicator's and gap's latest period for the
// LA, from its report model: the Summary's figures and notes, for all.
func (b *book) allIndicators(l la, model *lareport.Report) error {
	s, err := b.newSheet("All indicators", l.Name+": every indicator",
		"Latest period for each indicator and gap, by theme.",
		[]string{"Indicator", "Period", l.Name, "England", "Compared with England", l.region(), "Statistical neighbours (mean)",
			"National rank", "LAs ranked", "Regional position", "Quartile", "Trend", "Note"},
		[]float64{70, 11, 12, 12, 20, 12, 14, 10, 10, 28, 9, 12, 24})
	if err != nil {
		return err
	}
	s.wrapColumns(0, 4, 12)
	for _, t := range modelThemes(model) {
		for _, ind := range t.Indicators {
			p := ind.Current()
			if p == nil {
				continue
			}
			r := rowOf(ind, p)
			r.RegionName = model.RegionName
			if err := s.add(r.Label, r.Period, b.value(&r, false),
				b.number(r.England, "value", r.Unit, false), vsEngland(&r), b.number(r.Region, "value", r.Unit, false),
				b.number(r.SNMean, "value", r.Unit, false),
				b.integer(r.NationalRank), b.integer(r.NationalCount), regionalPosition(&r),
				b.quartile(r.Quartile), b.trend(&r), ind.Note()); err != nil {
				return err
			}
		}
	}
	return s.finish("AllIndicators")
}

// provisional writes the LA's own figures from its returns
// (mart.provisional_position) and where each would rank in the latest
// published year; no sheet when the LA loaded no returns. It says whether
// it wrote one.
func (b *book) provisional(ctx context.Context, db *sql.DB, l la) (bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT p.label_as_at, p.as_at, p.unit, p.period, p.value, p.numerator, p.denominator,
			p.published_period, p.published_value, p.england_value, p.national_rank, p.national_count,
			p.regional_rank, p.regional_count, p.region_name, p.sn_rank, p.sn_count, p.quartile,
			p.validation_errors, coalesce(p.source_files, '') AS files, p.vs_england, p.ci_lower, p.ci_upper
		FROM mart.provisional_position p
		JOIN ref.indicator i USING (indicator_id)
		JOIN ref.theme t ON t.theme_id = i.theme
		WHERE p.la_code = $1
		ORDER BY p.year DESC, t.sort_order, p.label`, l.Code)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var s *sheet
	for rows.Next() {
		var label, unit, period, files string
		var asAt sql.NullTime
		var value, published, england, lower, upper sql.NullFloat64
		var num, den, rank, count, regRank, regCount, snRank, snCount, errs sql.NullInt64
		var publishedPeriod, region, quartile, vs sql.NullString
		if err := rows.Scan(&label, &asAt, &unit, &period, &value, &num, &den, &publishedPeriod, &published, &england,
			&rank, &count, &regRank, &regCount, &region, &snRank, &snCount, &quartile, &errs, &files, &vs, &lower, &upper); err != nil {
			return false, err
		}
		if s == nil {
			if s, err = b.newSheet("Provisional", l.Name+": own figures from its returns, before DfE publishes",
				"Computed from the council's own returns; ranked against the other LAs' values in the latest published year. A figure from a return of part of a year is as at the date its returns reach, not the year's.",
				[]string{"Indicator", "Year of the return", "Returns as at", "Own figure", "Numerator", "Denominator", "Latest published year",
					l.Name + " published", "England published", "Compared with England", "Would rank nationally", "Of LAs", "Regional position",
					"Statistical neighbours' position", "Quartile", "Validation errors in its rows", "From"},
				[]float64{50, 11, 12, 12, 11, 11, 11, 12, 12, 20, 10, 9, 28, 18, 9, 12, 34}); err != nil {
				return false, err
			}
			s.wrapColumns(0, 9, 16)
		}
		var pubPeriod, regional, neighbours any
		if publishedPeriod.Valid { // a year between numbers, clear of them
			pubPeriod = excelize.Cell{StyleID: b.style(styleKey{kind: "center"}), Value: publishedPeriod.String}
		}
		if regRank.Valid {
			regional = RegionalPosition(regRank.Int64, regCount.Int64, region.String)
		}
		if snRank.Valid && snCount.Int64 > 1 {
			neighbours = fmt.Sprintf("%s of %d with its neighbours", Ordinal(snRank.Int64), snCount.Int64)
		}
		// File names only: the council's folders are no business of a committee paper.
		names := strings.Split(files, ", ")
		for i, n := range names {
			names[i] = filepath.Base(n)
		}
		files = strings.Join(names, ", ")
		var asAtCell any
		if asAt.Valid {
			asAtCell = excelize.Cell{StyleID: b.style(styleKey{kind: "date"}), Value: dateOnly(asAt.Time)}
		}
		if err := s.add(label, period, asAtCell, b.number(value, "value", unit, true), b.integer(num), b.integer(den), pubPeriod,
			b.number(published, "value", unit, false), b.number(england, "value", unit, false),
			vsEngland(&row{Unit: unit, VsEngland: vs, CILower: lower, CIUpper: upper}),
			b.integer(rank), b.integer(count), regional, neighbours, b.quartile(quartile), b.integer(errs), files); err != nil {
			return false, err
		}
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	if s == nil {
		return false, nil
	}
	return true, s.finish("Provisional")
}

// validation writes every row of the LA's returns that breaks a
// validation rule (validationRowsSQL), then the rules that did not run on
// them and why; no sheet when the LA loaded no returns. It says whether it
// wrote one.
func (b *book) validation(ctx context.Context, db *sql.DB, l la) (bool, error) {
	var returns int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM (
		SELECT la_code FROM stage.cin_child WHERE la_code = $1 UNION ALL SELECT la_code FROM stage.cla_episode WHERE la_code = $1)`, l.Code).Scan(&returns); err != nil {
		return false, err
	}
	if returns == 0 {
		return false, nil
	}
	rows, err := db.QueryContext(ctx, validationRowsSQL, l.Code)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	s, err := b.newSheet("Validation", l.Name+": DfE's validation rules on its returns",
		"Each row of its CIN census and SSDA903 returns that breaks a rule, by rule, file and row: find the record in the council's own file by its row (for the CIN census, the n-th <Child>; row 0 is the header). An error is what DfE's COLLECT would reject; a query asks for a check.",
		[]string{"Return", "Year", "Rule", "Type", "What is wrong", "File", "Row", "Child", "Fields"},
		[]float64{11, 7, 10, 7, 62, 30, 7, 12, 40})
	if err != nil {
		return false, err
	}
	s.wrapColumns(4, 5, 8)
	wrap := b.style(styleKey{kind: "wrap"})
	top := b.style(styleKey{kind: "top"})
	text := func(v any) excelize.Cell { return excelize.Cell{StyleID: top, Value: v} }
	n := 0
	for rows.Next() {
		var ret, code, typ, source, file, path, table, msg, fields string
		var year, row sql.NullInt64
		var sheet, child, values sql.NullString
		if err := rows.Scan(&ret, &year, &code, &typ, &source, &file, &path, &sheet, &table, &row, &child, &msg, &fields, &values); err != nil {
			return false, err
		}
		if source != "DfE" {
			code += " (yardstick)"
		}
		if sheet.Valid {
			file += " (" + sheet.String + ")"
		}
		var yearCell, rowCell any // a year and a row, without a thousands separator
		if year.Valid {
			yearCell = excelize.Cell{StyleID: b.style(styleKey{kind: "top", unit: "year"}), Value: year.Int64}
		}
		if row.Valid {
			rowCell = excelize.Cell{StyleID: b.style(styleKey{kind: "top", unit: "year"}), Value: row.Int64}
		} else {
			rowCell = text("all")
		}
		shown := fields
		if values.Valid {
			shown = values.String
		}
		s.addRow(rowData, 0, text(validation.Name(ret)), yearCell, text(code), text(typ), excelize.Cell{StyleID: wrap, Value: msg},
			excelize.Cell{StyleID: wrap, Value: file}, rowCell, text(shortPseudonym(child.String)), excelize.Cell{StyleID: wrap, Value: shown})
		n++
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	if n == 0 {
		if err := s.add("", nil, "", "", "No rule is broken by the returns loaded."); err != nil {
			return false, err
		}
	}
	if err := b.notRun(ctx, db, l, s); err != nil {
		return false, err
	}
	return true, s.finish("Validation")
}

// notRun adds, below the failing rows, the rules that did not run on the
// LA's returns and why (notRunSQL).
func (b *book) notRun(ctx context.Context, db *sql.DB, l la, s *sheet) error {
	rows, err := db.QueryContext(ctx, notRunSQL, l.Code)
	if err != nil {
		return err
	}
	defer rows.Close()
	top, wrap := b.style(styleKey{kind: "top"}), b.style(styleKey{kind: "wrap"})
	first := true
	for rows.Next() {
		var ret, code, typ, why string
		var year sql.NullInt64
		if err := rows.Scan(&ret, &code, &typ, &year, &why); err != nil {
			return err
		}
		if first {
			s.addRow(rowData, 0)
			s.addRow(rowData, 0, excelize.Cell{StyleID: b.style(styleKey{kind: "theme"}), Value: "Rules not run on these returns"})
			first = false
		}
		var yearCell any
		if year.Valid {
			yearCell = excelize.Cell{StyleID: b.style(styleKey{kind: "top", unit: "year"}), Value: year.Int64}
		}
		s.addRow(rowData, 0, excelize.Cell{StyleID: top, Value: validation.Name(ret)}, yearCell, excelize.Cell{StyleID: top, Value: code},
			excelize.Cell{StyleID: top, Value: typ}, excelize.Cell{StyleID: wrap, Value: why})
	}
	return rows.Err()
}

// shortPseudonym is the start of a child's pseudonym: enough to tell the
// rows of one child from another's in the sheet (the CSV has it whole).
func shortPseudonym(p string) string {
	if len(p) > 10 {
		return p[:10]
	}
	return p
}

// printWide sets a sheet to print landscape on A4, one page wide, with its
// header rows repeated on every page. It must come before the sheet's
// stream writer, which writes the sheet's properties first.
func (b *book) printWide(name string, titles bool) error {
	landscape, a4, one, any := "landscape", 9, 1, 0
	fit := true
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4, FitToWidth: &one, FitToHeight: &any}); err != nil {
		return err
	}
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := b.setMargins(name); err != nil {
		return err
	}
	if !titles {
		return nil
	}
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, headerRow, headerRow)})
}

// themeSheet is a theme with rows for the LA.
type themeSheet struct {
	Title, First, Last string
}

// themes writes a sheet per theme, an indicator block each (blocks.go),
// from the LA's report model.
func (b *book) themes(l la, model *lareport.Report) ([]themeSheet, error) {
	var out []themeSheet
	for _, t := range modelThemes(model) {
		ts := themeSheet{Title: t.Title}
		var first, last *lareport.Point
		for _, ind := range t.Indicators {
			ps := blockPoints(ind)
			if p := &ps[0]; first == nil || p.Year < first.Year {
				first = p
			}
			if p := &ps[len(ps)-1]; last == nil || p.Year > last.Year {
				last = p
			}
		}
		ts.First, ts.Last = first.Period, last.Period
		if err := b.themeBlocks(l, t); err != nil {
			return nil, fmt.Errorf("%s: %w", t.Title, err)
		}
		out = append(out, ts)
	}
	return out, nil
}

// rankings lists every ranked LA for each ranked indicator's latest
// period, the extract's own LA in bold.
func (b *book) rankings(ctx context.Context, db *sql.DB, l la) error {
	s, err := b.newSheet("Rankings", "All local authorities ranked",
		"Latest period of each indicator where higher or lower is better; rank 1 is best. "+l.Name+" in bold. "+
			"Every LA on every indicator, too long to print whole: printing the workbook prints this title alone. Filter the table (by indicator, region or LA) and print the selection; "+
			l.Name+"'s own ranks print on the Summary, All indicators and the theme sheets.",
		[]string{"Indicator", "Period", "Rank", "LAs ranked", "LA code", "Local authority", "Region", "Value", "Quartile"},
		[]float64{70, 11, 8, 10, 9, 30, 24, 12, 9})
	if err != nil {
		return err
	}
	s.wrapColumns(0)
	err = queryRows(ctx, db, `national_rank IS NOT NULL
		QUALIFY year = max(year) OVER (PARTITION BY id)`, "sort_order, label, national_rank, la_name", nil, func(r *row) error {
		own := r.LACode == l.Code
		text := func(v string) any {
			if own {
				return excelize.Cell{StyleID: b.style(styleKey{kind: "text", bold: true}), Value: v}
			}
			return v
		}
		return s.add(text(r.Label), text(r.Period), b.number(sql.NullFloat64{Float64: float64(r.NationalRank.Int64), Valid: true}, "int", "", own),
			b.integer(r.NationalCount), text(r.LACode), text(r.LAName), text(r.RegionName),
			b.number(r.Value, "value", r.Unit, own), b.quartile(r.Quartile))
	})
	if err != nil {
		return err
	}
	s.printRows = 2 // the title and the subtitle saying how to print a selection
	return s.finish("Rankings")
}

// notes says where the figures come from and how to read them.
func (b *book) notes(ctx context.Context, db *sql.DB, l la, run runInfo, now time.Time, provisional, inYear, validated bool, themes []themeSheet) error {
	s, err := b.newSheet("Notes", "Notes", generated(l, run, now), nil, []float64{30, 110})
	if err != nil {
		return err
	}
	s.wrapColumns(1)
	wrap := b.style(styleKey{kind: "wrap"})
	bold := b.style(styleKey{kind: "top", bold: true}) // at the top of a row its detail makes taller
	line := func(item string, detail any) error {
		if str, ok := detail.(string); ok {
			detail = excelize.Cell{StyleID: wrap, Value: str}
		}
		return s.add(excelize.Cell{StyleID: bold, Value: item}, detail)
	}
	dt := b.style(styleKey{kind: "datetime"})
	lines := []struct {
		item   string
		detail any
	}{
		{"Local authority", fmt.Sprintf("%s (%s), %s", l.Name, l.Code, l.RegionName)},
		{"Generated", excelize.Cell{StyleID: dt, Value: wallClock(now)}},
		{"Warehouse run", run.RunID},
		{"Warehouse published", excelize.Cell{StyleID: dt, Value: wallClock(run.FinishedAt.In(now.Location()))}},
		{"yardstick version", run.Version},
		{"", nil},
		{"Summary", "The headline figures committee papers quote (the config's headline: list, or yardstick's), by theme, each at its latest period: the LA's value beside England's, its region's and the mean of its statistical neighbours, its national rank, its position in its region, its quartile and the trend since the previous year. A count is not set against England's or the region's totals (its rate is the comparison); a figure the LA, its region and England all lack is left out; Note says when a period is older than the figure's latest published one, or over two years older than the newest on the sheet; Over time is a small line chart of the LA's values in the figure's block on its theme sheet (three of its periods with a value or more)."},
		{"All indicators", "Every indicator and gap at its latest period, laid out as the Summary, with the same notes."},
	}
	if provisional {
		lines = append(lines, struct {
			item   string
			detail any
		}{"Provisional", "The council's own figures, computed by yardstick from its statutory returns (SSDA903, CIN census or Ofsted's Annex A) under DfE's counting rules, before DfE publishes them; set in the latest published year's distribution of the other LAs' published values to show where they would rank. A figure from a return of part of a year is labelled as at the date its returns reach (Returns as at: \"on 30 Sep 2024\", \"in the 12 months to 30 Sep 2024\"), never as the year's. Provisional: DfE's published figure will differ where its cleaning of the returns does."})
	}
	if inYear {
		lines = append(lines, []struct {
			item   string
			detail any
		}{
			{inYearSheet, "The council's own headline figures and the timeliness figures quarterly reports quote, computed by yardstick from its returns at each month end they reach: a snapshot on the date, or over the 12 months to it, never a year's figure. Each block shows the last eight quarter ends and the latest date, the latest published figures (DfE's, their period in brackets) and where the latest own figure would rank among the other LAs' published values; its chart shows every month, with the published figures as flat dashed lines (a count's without England's and the region's totals; a figure of one month has no chart). Provisional: DfE's figures for the year will differ."},
			{inYearDataSheet, "Every month of the In year figures, the rows their charts draw: the figure as at the date, its value, numerator and denominator, and the published figures it is set against. A blank value is a month without one."},
		}...)
	}
	if validated {
		lines = append(lines, struct {
			item   string
			detail any
		}{"Validation", "DfE's validation rules for the CIN census and SSDA903 (and yardstick's own checks, marked), run over the council's returns: every row that breaks one, by rule, file and row, with the rule's fields and their values, then the rules that did not run and why. An error is what DfE's COLLECT would reject; a query asks for a check or an explanation."})
	}
	for _, t := range themes {
		lines = append(lines, struct {
			item   string
			detail any
		}{t.Title, fmt.Sprintf("A block per indicator, as DfE's LAIT lays it out: its latest %d periods (this sheet's run from %s to %s) across, rows for the LA, its statistical neighbours' mean, its region and England, its national rank, regional position and quartile, and a line chart of the first four beside it, its value axis titled with the unit. A count's chart shows the LA alone: a count is not comparable between LAs of different sizes, nor with the region's and England's totals (the rate per 10,000 children is the comparison). A block of one period has no chart. A period is blank where the LA has no figure for it (suppressed, not published for it, or a year no source publishes) and its chart's line breaks there; a note under a block says when its latest figure is older than the indicator's latest published period, or over two years older than the Summary's newest figure, as the Summary and the HTML report say.", blockPeriods, t.First, t.Last)})
	}
	lines = append(lines, []struct {
		item   string
		detail any
	}{
		{"Rankings", "Every LA ranked on each indicator's latest period, best first."},
		{"", nil},
		{"Ranks", "Only local authorities with a value are ranked, and only on indicators where higher or lower is better (volumes and rates of children in care or in need are context, not ranked). Rank 1 is best; ties share the best rank (1, 2, 2, 4), as in DfE's LAIT. Regional rank is the same among the LAs of one region (Inner and Outer London together)."},
		{"Quartiles", "A is the best quarter of ranked LAs, D the worst (quantiles of all ranked LAs' values, computed like R's quantile type 7). A green, B light green, C amber, D red."},
		{"Statistical neighbours", "The ten LAs most like this one in DfE's children's services statistical neighbour model: the mean (as LAIT shows) and the median of those with a value."},
		{"Trend", "▲ up, ▼ down, ► unchanged since the period a year before; 'better' or 'worse' where higher or lower is better. Blank without a previous consecutive period."},
		{"Gaps", "The comparison group's value minus the group's (for example all other pupils minus disadvantaged pupils), in points or percentage points (pp). A smaller gap ranks better."},
		{"Version", "The published version used: final where DfE has published it, else revised, else provisional."},
		{"", nil},
	}...)
	for _, ln := range lines {
		if err := line(ln.item, ln.detail); err != nil {
			return err
		}
	}
	if err := line("Symbols", "A published symbol stands in the LA's value where DfE gives no number; it is never read as 0."); err != nil {
		return err
	}
	for _, sym := range symbols.Table {
		if err := line("  "+sym.Code, sym.Meaning); err != nil {
			return err
		}
	}
	if err := s.add(); err != nil {
		return err
	}
	if err := line("Sources", "The publications behind the indicators in this workbook:"); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT i.source FROM ref.indicator i
		WHERE EXISTS (SELECT 1 FROM mart.la_benchmark_with_own b WHERE b.indicator_id = i.indicator_id AND b.la_code = $1)
		ORDER BY 1`, l.Code)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var src string
		if err := rows.Scan(&src); err != nil {
			return err
		}
		if err := line("", src); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return s.finish("")
}

// wallClock is t's local wall time as a zone-free time: excelize writes a
// time's clock reading as UTC, so this keeps the reader's local time.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}
