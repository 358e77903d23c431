package pipeline

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// hostileLabel is an indicator label a spreadsheet would run as a formula.
const hostileLabel = `=HYPERLINK("http://example.com/x","click")`

// extractCase is the ranking golden case with an indicator whose label is
// a formula, and Middlesbrough's extract in every format.
func extractCase(t *testing.T) *Config {
	t.Helper()
	work := t.TempDir()
	copyTree(t, "../testdata/benchmark/ranking/inputs", filepath.Join(work, "inputs"))
	conf := `inputs: [inputs]
indicators:
  - id: score_high
    label: A score where higher is better
    file: "scores*.csv"
    measure: score
    where: {subject: All}
    unit: score
    polarity: high
    theme: education
  - id: hostile
    label: '` + hostileLabel + `'
    file: "scores*.csv"
    measure: volume
    where: {subject: All}
    unit: count
    polarity: low
headline: [score_high, hostile]
extracts:
  - la: "806"
    formats: [xlsx, csv, parquet]
    out: out
`
	if err := os.WriteFile(filepath.Join(work, "yardstick.yaml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(filepath.Join(work, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestExtracts: a run writes the configured extracts; the workbook read
// back has its sheets, headers, frozen panes and the published figures;
// a formula-like label is text in the workbook and escaped in the CSV;
// the Parquet tree holds the whole marts by theme and year.
func TestExtracts(t *testing.T) {
	cfg := extractCase(t)
	sum := mustRun(t, cfg, Options{})
	if len(sum.Extracts) != 3 {
		t.Fatalf("extracts: %+v", sum.Extracts)
	}
	out := filepath.Join(cfg.Dir(), "out")
	book := filepath.Join(out, "806_middlesbrough_benchmarks.xlsx")

	t.Run("xlsx", func(t *testing.T) {
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		want := []string{"Summary", "All indicators", "Education and gaps", "Other indicators", "Rankings", "Notes"}
		if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("sheets %q, want %q", got, want)
		}
		rows, err := f.GetRows("Summary")
		if err != nil {
			t.Fatal(err)
		}
		header := strings.Join(rows[2], "|")
		if header != "Indicator|Period|Middlesbrough|England|Compared with England|North East|Statistical neighbours (mean)|National rank|LAs ranked|Regional position|Quartile|Trend|Note|Over time" {
			t.Errorf("summary header: %s", header)
		}
		// score_high 2025, Middlesbrough (expected.csv of the ranking
		// case): 30 against England 25 and the North East 22, 3rd of 6,
		// 2nd of 5 in the region, quartile B, up 16 on 2024 and better.
		var found bool
		for _, r := range rows[3:] {
			if r[0] == "A score where higher is better" {
				found = true
				got := strings.Join(r[1:], "|")
				// a score has no interval: nothing to compare with England by
				if got != "2025|30.0|25.0||22.0||3|6|2nd of 5 in North East|B|▲ better" {
					t.Errorf("summary row: %s", got)
				}
			}
		}
		if !found {
			t.Error("summary has no row for score_high")
		}
		// the config's headline, grouped by theme under headings; the
		// count (hostile, unit count) is not set against England's total
		var firsts []string
		for _, r := range rows[3:] {
			firsts = append(firsts, r[0])
			if r[0] == hostileLabel && (len(r) < 5 || r[3] != "" || r[4] != "" || r[2] == "") {
				t.Errorf("a count's row sets it against totals: %q", r)
			}
		}
		if got := strings.Join(firsts, "|"); got != "Education and gaps|A score where higher is better|Other indicators|"+hostileLabel {
			t.Errorf("summary rows: %s", got)
		}
		// Numbers are stored as numbers.
		typ, err := f.GetCellType("Summary", "C4")
		if err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("C4 type %v, want a number (%v)", typ, err)
		}
		checkPrints(t, f)
		for _, sheet := range []string{"Summary", "All indicators", "Rankings"} {
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 3 || panes.TopLeftCell != "A4" {
				t.Errorf("%s panes: %+v (%v)", sheet, panes, err)
			}
			if tables, err := f.GetTables(sheet); err != nil || len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A3:") {
				t.Errorf("%s has no filtered table from the header row: %+v (%v)", sheet, tables, err)
			}
		}
		// A theme sheet is laid out like LAIT: a block per indicator, its
		// periods across, the LA, neighbours, region and England below,
		// then ranks; and a line chart beside each block.
		blk, err := f.GetRows("Education and gaps")
		if err != nil || len(blk) < 12 {
			t.Fatalf("Education and gaps: %q (%v)", blk, err)
		}
		var got []string
		for _, r := range blk[3:12] {
			got = append(got, strings.Join(r, "|"))
		}
		// (expected.csv of the ranking case: 2024 14, England 17, no North
		// East value, 4th of 5; 2025 30, 25, 22, 3rd of 6; 2022 and 2023
		// are published for other LAs, not Middlesbrough: gaps, as the
		// report model has them); the LA's values again in the hidden
		// columns I:L its chart reads (a gap or a symbol blank)
		if want := "A score where higher is better|Period|2022|2023|2024|2025|Middlesbrough|||14.0|30.0||||||14.0|30.0|Statistical neighbours (mean)|" +
			"North East||||22.0|England|||17.0|25.0|National rank|||4 of 5|3 of 6|Regional position|||4th of 5|2nd of 5|Quartile|||D|B"; strings.Join(got, "|") != want {
			t.Errorf("block:\n%s\nwant\n%s", strings.Join(got, "|"), want)
		}
		if n := chartsIn(t, book); n != 2 { // score_high's block and hostile's
			t.Errorf("%d charts, want one per block (2)", n)
		}
		// the Summary's last column draws a headline figure's LA row on
		// its theme sheet as a small line chart, not an x14 sparkline
		// (LibreOffice prints those as dots), and only over three periods
		// or more: this case's two draw none (issue 26)
		if got := sparklinesIn(t, book); got != "" {
			t.Errorf("sparklines %s", got)
		}
		// The hostile label: text, never a formula.
		cellRef := ""
		for i, r := range rows {
			if len(r) > 0 && r[0] == hostileLabel {
				cellRef = cell(1, i+1)
			}
		}
		if cellRef == "" {
			t.Fatal("the formula-like label is not in the summary as written")
		}
		if formula, _ := f.GetCellFormula("Summary", cellRef); formula != "" {
			t.Errorf("%s holds a formula: %q", cellRef, formula)
		}
		// text (the Summary's strings are shared, the streamed sheets' inline)
		if typ, _ := f.GetCellType("Summary", cellRef); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s type %v, want a string", cellRef, typ)
		}
		every, _ := f.GetRows("All indicators")
		for i, r := range every {
			if len(r) > 0 && r[0] == hostileLabel {
				if typ, _ := f.GetCellType("All indicators", cell(1, i+1)); typ != excelize.CellTypeInlineString {
					t.Errorf("All indicators %s type %v, want an inline string", cell(1, i+1), typ)
				}
			}
		}
		notes, _ := f.GetRows("Notes")
		var text []string
		for _, r := range notes {
			text = append(text, strings.Join(r, " "))
		}
		all := strings.Join(text, "\n")
		for _, want := range []string{"Middlesbrough (806), North East", sum.RunID, "confidential: suppressed", "Quartiles"} {
			if !strings.Contains(all, want) {
				t.Errorf("notes lack %q", want)
			}
		}
		// The generated time is a date cell shown dd/mm/yyyy.
		if v, _ := f.GetCellValue("Notes", "B4"); !strings.HasPrefix(v, time.Now().Format("02/01/2006")[:6]) {
			t.Errorf("generated at %q", v)
		}
	})

	t.Run("csv", func(t *testing.T) {
		f, err := os.Open(filepath.Join(out, "806_middlesbrough_la_benchmark.csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, c := range recs[0] {
			col[c] = i
		}
		var hostile bool
		for _, r := range recs[1:] {
			if r[col["la_code"]] != "806" {
				t.Fatalf("a row of another LA: %v", r)
			}
			if r[col["label"]] == "'"+hostileLabel {
				hostile = true
			}
			if strings.HasPrefix(r[col["label"]], "=") {
				t.Errorf("unescaped formula: %q", r[col["label"]])
			}
		}
		if !hostile {
			t.Error("the formula-like label is not escaped with a leading apostrophe")
		}
		if _, err := os.Stat(filepath.Join(out, "806_middlesbrough_gap.csv")); err != nil {
			t.Error(err)
		}
	})

	t.Run("parquet", func(t *testing.T) {
		parts, _ := filepath.Glob(filepath.Join(out, "parquet", "la_benchmark", "theme=*", "year=*", "*.parquet"))
		if len(parts) == 0 {
			t.Fatal("no partitioned Parquet files")
		}
		if _, err := os.Stat(filepath.Join(out, "parquet", "la_benchmark", "theme=education", "year=2025")); err != nil {
			t.Error(err)
		}
		glob := filepath.ToSlash(filepath.Join(out, "parquet", "la_benchmark", "**", "*.parquet"))
		got := queryCSV(t, cfg, `SELECT (SELECT count(*) FROM read_parquet('`+glob+`', hive_partitioning = true)) = (SELECT count(*) FROM mart.la_benchmark) AS same,
			(SELECT count(DISTINCT theme) FROM read_parquet('`+glob+`', hive_partitioning = true)) AS themes`)
		if got != "same,themes\ntrue,2\n" {
			t.Errorf("parquet against the mart: %s", got)
		}
		// year read back as the warehouse's INTEGER when the reader is told
		// (hive_types), as the README shows
		got = queryCSV(t, cfg, `SELECT DISTINCT typeof(year) AS t FROM read_parquet('`+glob+`', hive_partitioning = true, hive_types = {'year': INTEGER})`)
		if got != "t\nINTEGER\n" {
			t.Errorf("year read back as %s", got)
		}
		// the case has no school-level file: mart.school_result is empty,
		// and its folder still holds a file of its columns, no rows
		own := filepath.ToSlash(filepath.Join(out, "parquet", "provisional_position", "**", "*.parquet"))
		if got := queryCSV(t, cfg, `SELECT (SELECT count(*) FROM read_parquet('`+own+`', hive_partitioning = true)) = (SELECT count(*) FROM mart.provisional_position) AS same`); got != "same\ntrue\n" {
			t.Errorf("parquet of the own figures against the mart: %s", got)
		}
		school := filepath.ToSlash(filepath.Join(out, "parquet", "school_result", "**", "*.parquet"))
		// (the mart's columns but year, which partitions the others)
		got = queryCSV(t, cfg, `SELECT count(*) AS n,
			(SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet('`+school+`', hive_partitioning = true)))
			= (SELECT count(*) - 1 FROM (DESCRIBE mart.school_result)) AS columns
			FROM read_parquet('`+school+`', hive_partitioning = true)`)
		if got != "n,columns\n0,true\n" {
			t.Errorf("empty school_result: %s", got)
		}
	})

	t.Run("unchanged run leaves fresh extracts", func(t *testing.T) {
		before, _ := os.Stat(book)
		time.Sleep(10 * time.Millisecond)
		sum := mustRun(t, cfg, Options{})
		if sum.Status != "unchanged" || len(sum.Extracts) != 3 || !sum.Extracts[0].Skipped {
			t.Fatalf("unchanged run extracts: %+v", sum.Extracts)
		}
		if after, _ := os.Stat(book); !after.ModTime().Equal(before.ModTime()) {
			t.Error("an unchanged run rewrote the workbook")
		}
		os.Remove(book)
		sum = mustRun(t, cfg, Options{})
		if _, err := os.Stat(book); err != nil || sum.Extracts[0].Skipped {
			t.Errorf("a missing extract was not rewritten: %v", err)
		}
	})

	t.Run("on demand", func(t *testing.T) {
		res, err := Extract(context.Background(), cfg, ExtractConfig{LA: "999", Formats: []string{"xlsx"}, Out: "elsewhere"})
		if err == nil || !strings.Contains(err.Error(), `LA "999"`) {
			t.Errorf("unknown LA: %v %+v", err, res)
		}
		res, err = Extract(context.Background(), cfg, ExtractConfig{LA: "805", Formats: []string{"csv"}, Out: "elsewhere"})
		if err != nil || len(res) != 1 {
			t.Fatalf("%v %+v", err, res)
		}
		if _, err := os.Stat(filepath.Join(cfg.Dir(), "elsewhere", "805_hartlepool_la_benchmark.csv")); err != nil {
			t.Error(err)
		}
		if left, _ := filepath.Glob(filepath.Join(cfg.Dir(), "elsewhere", ".*tmp")); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// TestProvisionalSheet: the workbook of an LA that loaded its returns has a
// Provisional sheet of its own figures and where they would rank (the
// provisional golden case: 3+ placements 22% against England 11% would be 3rd of 5, 3rd of 5
// in the North East, quartile C, from the SSDA903 episodes file, named
// without its folder), its returns as at 31 March 2026, and In year sheets
// after it; an LA without returns has none (TestExtracts).
func TestProvisionalSheet(t *testing.T) {
	t.Setenv("YARDSTICK_PSEUDO_KEY", "provisional-golden-case-key")
	inputs, err := filepath.Abs("../testdata/benchmark/provisional/inputs")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := "inputs: [" + inputs + "]\nhome_la: \"806\"\ncollection_year: 2026\nextracts:\n  - la: \"806\"\n    formats: [xlsx]\n    out: out\n"
	if err := os.WriteFile(filepath.Join(dir, "yardstick.yaml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, cfg, Options{})
	f, err := excelize.OpenFile(filepath.Join(dir, "out", "806_middlesbrough_benchmarks.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); !strings.HasPrefix(got, "Summary|All indicators|Provisional|In year|In year data|Validation|") {
		t.Fatalf("sheets %s", got)
	}
	rows, err := f.GetRows("Provisional")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[2], "|"); got != "Indicator|Year of the return|Returns as at|Own figure|Numerator|Denominator|Latest published year|Middlesbrough published|England published|Compared with England|Would rank nationally|Of LAs|Regional position|Statistical neighbours' position|Quartile|Validation errors in its rows|From" {
		t.Errorf("header: %s", got)
	}
	var found bool
	for _, r := range rows[3:] {
		if r[0] == "Children looked after at 31 March with 3 or more placements during the year (%)" {
			found = true
			// 2 of 9: Wilson 6.3% to 54.7%, England's 11.0 within
			if got := strings.Join(r[1:], "|"); got != "2026|31 Mar 2026|22.0%|2|9|2025|15.0%|11.0%|similar to England (6.3% to 54.7%)|3|5|3rd of 5 in North East||C|10|SSDA903_2025-26_episodes.csv" {
				t.Errorf("3+ placements row: %s", got)
			}
		}
	}
	if !found {
		t.Errorf("no 3+ placements row in %q", rows)
	}
	// its CIN census's made-up UPNs have wrong check letters: rule 1510,
	// first, a row each, found by file and row; the fields shown by value,
	// identifiers never (the UPN by its name only)
	v, err := f.GetRows("Validation")
	if err != nil || len(v) < 4 {
		t.Fatalf("Validation sheet %q (%v)", v, err)
	}
	if got := strings.Join(append(v[3][:7:7], v[3][8:]...), "|"); got != "CIN census|2026|1510|error|"+
		"The UPN's check letter (its first character) does not match its digits, so it was mistyped and will not link to the child's other records.|"+
		"CIN_Census_2026.xml|1|UPN" || len(v[3][7]) != 10 {
		t.Errorf("Validation sheet's first row %q", v[3])
	}
	sheet := fmt.Sprint(v)
	for _, want := range []string{
		// a SSDA903 row: its fields with their values
		"[SSDA903 2026 213 error A placement provider is given for a placement that has none (PLACE T0 to T4, or Z1). SSDA903_2025-26_episodes.csv 8 ",
		" PLACE T1; PLACE_PROVIDER PR1]",
		// the rules about 31 March, not run on the part-year census (to 1 February 2026)
		"[Rules not run on these returns] [CIN census 2026 8670Q query not applied to the part-year return: about the position at 31 March: the return reaches only 1 February 2026]" +
			" [CIN census 2026 8675Q query not applied to the part-year return: about the position at 31 March: the return reaches only 1 February 2026]" +
			" [CIN census 2026 8775Q query not applied to the part-year return: about the position at 31 March: the return reaches only 1 February 2026]",
	} {
		if !strings.Contains(sheet, want) {
			t.Errorf("Validation sheet lacks %q:\n%s", want, sheet)
		}
	}
	// each own figure carries the error-type failures of the file behind
	// it: the census's 12 (8 UPNs; a plan not on a conference's day, 2885;
	// an episode closed RC8 with a plan, 2990, that ended before the
	// census year, 8930; a closure, 8620), the SSDA903 episodes' 10 (row 8:
	// a temporary placement T1 with a provider, 213, and no placement
	// postcode, 392B; rows 3, 4, 15, 17, 18
	// and 19 end in a change of placement with no reason given, 225; row 16
	// places for adoption with the current carers (A3) on a change of
	// placement only (RNE P), 217, and changes the legal status on it, 435)
	if got := queryCSV(t, cfg, `SELECT validation_errors, count(*) FROM mart.provisional_position
		WHERE indicator_id IN ('cin_at_31_march', 'cla_at_31_march') GROUP BY ALL ORDER BY ALL`); got != "validation_errors,count_star()\n10,1\n12,1\n" {
		t.Errorf("validation_errors: %s", got)
	}
	panes, err := f.GetPanes("Provisional")
	if err != nil || !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v (%v)", panes, err)
	}
}

// chartsIn counts a workbook's charts (its xl/charts parts).
func chartsIn(t *testing.T, path string) int {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	n := 0
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			n++
		}
	}
	return n
}

// sparklinesIn lists the Summary's (the first sheet's) sparklines as
// "location:range", in the sheet's order.
func sparklinesIn(t *testing.T, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		var out []string
		for _, m := range regexp.MustCompile(`<xm:f>([^<]*)</xm:f><xm:sqref>([^<]*)</xm:sqref>`).FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[2]+":"+html.UnescapeString(m[1]))
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	return ""
}

// checkPrints: every sheet of a workbook prints landscape on A4, one page
// wide; every sheet with a frozen header row repeats it on each page; each
// has its print area; every style names the one font; a wrapped row is as
// tall as its text.
func checkPrints(t *testing.T, f *excelize.File) {
	t.Helper()
	names := map[string]string{}
	for _, d := range f.GetDefinedName() {
		names[d.Scope+"|"+d.Name] = d.RefersTo
	}
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 ||
			pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("%s page layout: %+v (%v)", sheet, pl, err)
		}
		if area := names[sheet+"|_xlnm.Print_Area"]; !strings.HasPrefix(area, "'"+sheet+"'!$A$1:$") {
			t.Errorf("%s print area %q", sheet, area)
		}
		titles := names[sheet+"|_xlnm.Print_Titles"]
		if panes, _ := f.GetPanes(sheet); panes.Freeze == (titles == "") {
			t.Errorf("%s print titles %q (a frozen header: %v)", sheet, titles, panes.Freeze)
		}
		if titles != "" && titles != "'"+sheet+"'!$3:$3" {
			t.Errorf("%s print titles %q, want the header row", sheet, titles)
		}
	}
	if font, err := f.GetDefaultFont(); err != nil || font != "Arial" {
		t.Errorf("default font %q (%v)", font, err)
	}
	for _, sheet := range []string{"Summary"} {
		rows, _ := f.GetRows(sheet)
		for r := 3; r <= len(rows); r++ {
			for c := 1; c <= 3; c++ {
				id, err := f.GetCellStyle(sheet, cell(c, r))
				if err != nil || id == 0 {
					continue
				}
				st, err := f.GetStyle(id)
				if err != nil || st.Font == nil || st.Font.Family != "Arial" {
					t.Errorf("%s %s: style font %+v (%v)", sheet, cell(c, r), st.Font, err)
				}
			}
		}
		// the header row wraps, in a row of two lines
		if h, err := f.GetRowHeight(sheet, 3); err != nil || h < 26 { // two lines of 10-point text
			t.Errorf("%s header row height %v (%v)", sheet, h, err)
		}
	}
}
