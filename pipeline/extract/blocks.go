package extract

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// A theme sheet is laid out as DfE's LAIT lays out an indicator: a block
// per indicator, its periods across the columns, rows for the LA, its
// statistical neighbours' mean, its region and England, then its national
// rank, regional position and quartile, and beside the block a line chart
// of the first four rows over time. Blocks are small and a sheet holds a
// theme's few dozen, so these sheets are written cell by cell (charts
// cannot be added to a streamed sheet).

// blockPeriods is how many of an indicator's latest periods a block shows.
const blockPeriods = 10

// blockRows is a block's height with the blank row after it;
// blocksPerPage how many a printed page holds (A4 landscape, the sheet
// fitted to its width: five fit, four leave room for a viewer's margins).
const (
	blockRows     = 10
	blocksPerPage = 4
)

// chartColumn is where a block's chart starts: two columns right of the
// last period.
var chartColumn = 2 + blockPeriods + 1

// planBlocks works out where each indicator's block will be, before any
// sheet is written: the Summary, written first, draws its sparklines from
// the blocks' LA rows. themeBlocks lays the blocks out in the same order
// and checks it lands where the plan says.
func (b *book) planBlocks(ctx context.Context, db *sql.DB, l la) error {
	rows, err := db.QueryContext(ctx, `SELECT theme_title, id, count(*) FROM (`+benchmarkRows+`)
		WHERE la_code = $1 GROUP BY theme_title, id, label ORDER BY min(sort_order), label, id`, l.Code)
	if err != nil {
		return err
	}
	defer rows.Close()
	sheet, top := "", 0
	for rows.Next() {
		var title, id string
		var n int
		if err := rows.Scan(&title, &id, &n); err != nil {
			return err
		}
		if title != sheet {
			sheet, top = title, firstBlockRow
		}
		b.laRows[id] = laRange(sheet, top, min(n, blockPeriods))
		top += blockRows
	}
	return rows.Err()
}

// firstBlockRow is the first block's row, below the title and subtitle.
const firstBlockRow = 4

// laRange is a block's LA row: its periods' cells.
func laRange(sheet string, top, periods int) string {
	first, _ := excelize.ColumnNumberToName(2)
	last, _ := excelize.ColumnNumberToName(1 + periods)
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, first, top+2, last, top+2)
}

// themeBlocks writes one theme's sheet for the LA.
func (b *book) themeBlocks(ctx context.Context, db *sql.DB, l la, themeID, title string) error {
	name := title
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	b.sheets++
	if err := b.printWide(name, false); err != nil {
		return err
	}
	widths := map[int]float64{1: 40}
	for c := 2; c < 2+blockPeriods; c++ {
		widths[c] = 11 // "144 of 148"
	}
	for c, w := range widths {
		col, _ := excelize.ColumnNumberToName(c)
		if err := b.f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	// every row of the theme for the LA, indicator by indicator
	var blocks [][]row
	err := queryRows(ctx, db, `la_code = $1 AND theme_id = $2`, "label, id, year, period", []any{l.Code, themeID}, func(r *row) error {
		if n := len(blocks); n == 0 || blocks[n-1][0].ID != r.ID {
			blocks = append(blocks, nil)
		}
		blocks[len(blocks)-1] = append(blocks[len(blocks)-1], *r)
		return nil
	})
	if err != nil {
		return err
	}
	w := &cellWriter{b: b, sheet: name}
	w.put(1, 1, excelize.Cell{StyleID: b.style(styleKey{kind: "title"}), Value: l.Name + ": " + title})
	w.put(1, 2, excelize.Cell{StyleID: b.style(styleKey{kind: "subtitle"}),
		Value: fmt.Sprintf("Each indicator's latest %d periods for %s beside its statistical neighbours' mean, %s and England, with its ranks; gaps are comparison group minus group.", blockPeriods, l.Name, l.region())})
	top := firstBlockRow
	for i, rs := range blocks {
		if i > 0 && i%blocksPerPage == 0 { // a printed page holds whole blocks
			ref, _ := excelize.CoordinatesToCellName(1, top)
			if err := b.f.InsertPageBreak(name, ref); err != nil {
				return err
			}
		}
		if err := b.block(w, l, top, rs); err != nil {
			return err
		}
		top += blockRows
	}
	if w.err != nil {
		return w.err
	}
	last, _ := excelize.ColumnNumberToName(chartColumn + 8)
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", name, last, max(top-1, 2))})
}

// block writes one indicator's block from row top, and its chart.
func (b *book) block(w *cellWriter, l la, top int, rs []row) error {
	if len(rs) > blockPeriods {
		rs = rs[len(rs)-blockPeriods:]
	}
	r0 := rs[0]
	header := b.style(styleKey{kind: "header"})
	label := b.style(styleKey{kind: "blocklabel"})
	w.put(1, top, excelize.Cell{StyleID: b.style(styleKey{kind: "blocktitle"}), Value: r0.Label})
	w.put(1, top+1, excelize.Cell{StyleID: header, Value: "Period"})
	names := []string{l.Name, "Statistical neighbours (mean)", l.region(), "England", "National rank", "Regional position", "Quartile"}
	for i, n := range names {
		w.put(1, top+2+i, excelize.Cell{StyleID: label, Value: n})
	}
	for i := range rs {
		r := &rs[i]
		c := 2 + i
		w.put(c, top+1, excelize.Cell{StyleID: header, Value: r.Period})
		w.put(c, top+2, b.value(r, false))
		w.put(c, top+3, b.number(r.SNMean, "value", r.Unit, false))
		w.put(c, top+4, b.number(r.Region, "value", r.Unit, false))
		w.put(c, top+5, b.number(r.England, "value", r.Unit, false))
		if r.NationalRank.Valid {
			w.put(c, top+6, fmt.Sprintf("%d of %d", r.NationalRank.Int64, r.NationalCount.Int64))
		}
		w.put(c, top+7, blockRegional(r))
		w.put(c, top+8, b.quartile(r.Quartile))
	}
	if want := laRange(w.sheet, top, len(rs)); b.laRows[r0.ID] != want {
		return fmt.Errorf("indicator %s's block is at %s, not at %s as planned", r0.ID, want, b.laRows[r0.ID])
	}
	// a count's England and region are totals far above the LA's: its
	// chart shows the LA beside its neighbours only
	series := []int{0, 1, 2, 3}
	if r0.Unit == "count" {
		series = []int{0, 1}
	}
	first, _ := excelize.ColumnNumberToName(2)
	lastCol, _ := excelize.ColumnNumberToName(1 + len(rs))
	colours := []string{"1F4E78", "ED7D31", "A5A5A5", "000000"}
	var ss []excelize.ChartSeries
	for _, i := range series {
		row := top + 2 + i
		ss = append(ss, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$A$%d", w.sheet, row),
			Categories: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", w.sheet, first, top+1, lastCol, top+1),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", w.sheet, first, row, lastCol, row),
			Line:       excelize.LineOptions{Width: 1.75},
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 4},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colours[i]}},
		})
	}
	at, _ := excelize.CoordinatesToCellName(chartColumn, top)
	return b.f.AddChart(w.sheet, at, &excelize.Chart{
		Type:      excelize.Line,
		Series:    ss,
		Dimension: excelize.ChartDimension{Width: 520, Height: 180},
		Legend:    excelize.ChartLegend{Position: "right"},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: r0.Label, Font: &excelize.Font{Size: 9, Family: font}}}},
		Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 2},
		PlotArea:  excelize.ChartPlotArea{ShowVal: false},
		XAxis:     excelize.ChartAxis{Font: excelize.Font{Size: 8, Family: font}},
		YAxis:     excelize.ChartAxis{Font: excelize.Font{Size: 8, Family: font}, MajorGridLines: true},
	})
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
	AddTable(table *excelize.Table) error
	Flush() error
}

// plainWriter writes a sheet through excelize's cell API, with the stream
// writer's methods.
type plainWriter struct{ cellWriter }

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

func (p *plainWriter) AddTable(t *excelize.Table) error { return p.b.f.AddTable(p.sheet, t) }

func (p *plainWriter) Flush() error { return p.err }
