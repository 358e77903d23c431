package demo

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	cl "github.com/yardstick-etl/yardstick/sources/childlevel"
	"github.com/yardstick-etl/yardstick/sources/csvfile"
	"github.com/yardstick-etl/yardstick/sources/ssda903"
	"github.com/yardstick-etl/yardstick/transforms/dates"
)

// CutReturns writes into the folder to the child-level returns of the
// folder from as the council's case system would have given them on the
// day at, part way through their collection year: nothing that happened
// after at is in them. to may be from itself (the returns are cut in
// place). It returns the files written.
//
//   - SSDA903 tables (CSV, recognised by their fields, as yardstick reads
//     them): a row whose first required date (DECOM, REVIEW, MIS_START,
//     DATE_INT, DATE_PLACED, SW_DECOM, DOLO_START) is after at is left out;
//     any other date after at is blanked, with what goes with it (DEC with
//     REC and REASON_PLACE_CHANGE, DATE_PLACED_CEASED with
//     REASON_PLACED_CEASED, SW_DEC with SW_REASON). A child left with no
//     episode is left out of every table but OC3 (care leavers are not in
//     care).
//   - The CIN census (XML): a referral (CINdetails), assessment, CIN plan,
//     S47 enquiry, child protection plan or pre-proceedings starting after
//     at is left out, and a child left with no referral; a closure (with
//     its reason), authorisation (with the factors found), ICPC, end or
//     review date after at is removed. Dates of birth, the ICPC target and
//     the header's ReferenceDate and Year are kept: the census is still
//     the same year's.
//   - Annex A (xlsx, each list by its header): a row whose list's start
//     date (date of contact, of referral, CIN start, ...) is after at is
//     removed; any other date after at is blanked, with the reason beside
//     a closure or ceasing.
//
// File names are kept: a return cut at 30 September 2024 is still the
// 2024-25 return (collection year 2025), part-year. A file that is none of
// these is an error naming it, so no return is left uncut unnoticed. The
// returns are taken to be one council's (children are matched by CHILD).
func CutReturns(from, to string, at time.Time) ([]string, error) {
	at = time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	entries, err := os.ReadDir(from)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return nil, err
	}
	type csvTable struct {
		name   string
		table  string // the SSDA903 table: header, episodes, ...
		header []string
		rows   [][]string
	}
	var tables []*csvTable
	var others []string
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(from, e.Name())
		if strings.EqualFold(filepath.Ext(p), ".csv") {
			header, rows, err := readAllCSV(p)
			if err != nil {
				return nil, fmt.Errorf("demo: cut %s: %w", p, err)
			}
			table := ssda903Table(header)
			if table == "" {
				return nil, fmt.Errorf("demo: cut %s: the header matches no SSDA903 table", p)
			}
			tables = append(tables, &csvTable{e.Name(), table, header, rows})
			continue
		}
		others = append(others, e.Name())
	}
	// The episodes first: which children are still looked after by at.
	kept := map[string]bool{}
	hasEpisodes := false
	for _, t := range tables {
		if t.table == "episodes" {
			hasEpisodes = true
			t.rows = cutSSDA903(t.table, t.header, t.rows, at)
			c := slices.IndexFunc(t.header, func(h string) bool { return cl.Key(h) == "child" })
			for _, r := range t.rows {
				kept[strings.TrimSpace(r[c])] = true
			}
		}
	}
	var files []string
	for _, t := range tables {
		if t.table != "episodes" {
			t.rows = cutSSDA903(t.table, t.header, t.rows, at)
			if hasEpisodes && t.table != "oc3" {
				c := slices.IndexFunc(t.header, func(h string) bool { return cl.Key(h) == "child" })
				t.rows = slices.DeleteFunc(t.rows, func(r []string) bool { return !kept[strings.TrimSpace(r[c])] })
			}
		}
		p := filepath.Join(to, t.name)
		if err := writeAllCSV(p, t.header, t.rows); err != nil {
			return files, err
		}
		files = append(files, p)
	}
	for _, name := range others {
		src, dst := filepath.Join(from, name), filepath.Join(to, name)
		var err error
		switch strings.ToLower(filepath.Ext(name)) {
		case ".xml":
			err = cutCINFile(src, dst, at)
		case ".xlsx":
			err = cutAnnexA(src, dst, at)
		default:
			err = errors.New("not an SSDA903 CSV, a CIN census XML or an Annex A workbook")
		}
		if err != nil {
			return files, fmt.Errorf("demo: cut %s: %w", src, err)
		}
		files = append(files, dst)
	}
	sort.Strings(files)
	return files, nil
}

// ssda903Table names the SSDA903 table whose fields a header has all of,
// the one with most fields when several do (as the reader matches them).
func ssda903Table(header []string) string {
	have := map[string]bool{}
	for _, h := range header {
		have[cl.Key(h)] = true
	}
	best, n := "", 0
	for _, t := range ssda903.Tables {
		ok := true
		for _, c := range t.Spec.Columns {
			ok = ok && (have[cl.Key(c.Field)] || c.Derived) // PL_DISTANCE, PL_LA: derived when a return lacks them
		}
		if ok && len(t.Spec.Columns) > n {
			best, n = t.Return, len(t.Spec.Columns)
		}
	}
	return best
}

// withDate are the fields blanked with a date of the SSDA903 after the cut.
var withDate = map[string][]string{
	"DEC":                {"REC", "REASON_PLACE_CHANGE"},
	"DATE_PLACED_CEASED": {"REASON_PLACED_CEASED"},
	"SW_DEC":             {"SW_REASON"},
}

// cutSSDA903 cuts the rows of one SSDA903 table at at.
func cutSSDA903(table string, header []string, rows [][]string, at time.Time) [][]string {
	var spec *cl.Spec
	for _, t := range ssda903.Tables {
		if t.Return == table {
			spec = t.Spec
		}
	}
	idx := cl.Index(header)
	start := -1
	var blank []int // date columns blanked after at
	for _, c := range spec.Columns {
		if c.Kind != cl.Date {
			continue
		}
		p, ok := idx[cl.Key(c.Field)]
		if !ok {
			continue
		}
		if start < 0 && c.Required {
			start = p
		} else {
			blank = append(blank, p)
		}
	}
	after := func(s string) bool {
		if strings.TrimSpace(s) == "" {
			return false
		}
		t, err := dates.Parse(s)
		return err == nil && t.After(at)
	}
	out := rows[:0]
	for _, r := range rows {
		if start >= 0 && start < len(r) && after(r[start]) {
			continue
		}
		for _, p := range blank {
			if p < len(r) && after(r[p]) {
				r[p] = ""
				for _, f := range withDate[strings.ToUpper(header[p])] {
					if q, ok := idx[cl.Key(f)]; ok && q < len(r) {
						r[q] = ""
					}
				}
			}
		}
		out = append(out, r)
	}
	return out
}

func readAllCSV(path string) ([]string, [][]string, error) {
	r, err := csvfile.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	var rows [][]string
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.Header, rows, nil
		}
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, append([]string(nil), rec...))
	}
}

func writeAllCSV(path string, header []string, rows [][]string) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// The CIN census's elements, for the cut: a start date after the cut
// leaves out its parent (the referral, assessment, ... it begins); another
// date after it is removed, with the elements that go with it.
var (
	cinStarts = map[string]string{
		"CINreferralDate": "CINdetails", "AssessmentActualStartDate": "Assessments", "CINPlanStartDate": "CINPlanDates",
		"S47ActualStartDate": "Section47", "CPPstartDate": "ChildProtectionPlans", "PPStartDate": "PreProceedingsandFGDM",
	}
	cinKept = map[string]bool{ // dates that are not events
		"PersonBirthDate": true, "ExpectedPersonBirthDate": true, "InitialCPCtarget": true, "ReferenceDate": true,
	}
	cinWith = map[string][]string{
		"CINclosureDate":              {"ReasonForClosure"},
		"AssessmentAuthorisationDate": {"FactorsIdentifiedAtAssessment"},
		"StepDecisionDate":            {"PPOutcome"},
	}
)

// node is an XML element as the cut handles it: names as written (prefix
// and all), text only on leaves.
type node struct {
	name  string
	attrs []xml.Attr
	text  string
	kids  []*node
}

func cutCINFile(src, dst string, at time.Time) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	out, err := CutCINCensus(b, at)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, out, 0o644)
}

// CutCINCensus is CutReturns on one CIN census: the XML as it would have
// been on at. Comments and processing instructions are not kept; the
// output is indented by two spaces.
func CutCINCensus(b []byte, at time.Time) ([]byte, error) {
	if !bytes.Contains(b, []byte("<Message")) || !bytes.Contains(b, []byte("CINdetails")) && !bytes.Contains(b, []byte("<Collection>CIN<")) {
		return nil, errors.New("not a CIN census (no <Message> with CINdetails)")
	}
	root, err := parseXML(b)
	if err != nil {
		return nil, err
	}
	cutCIN(root, at)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	writeXML(&buf, root, 0)
	return buf.Bytes(), nil
}

func parseXML(b []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var stack []*node
	var root *node
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: qname(t.Name), attrs: slices.Clone(t.Attr)}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("unexpected </%s>", qname(t.Name))
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil || len(stack) > 0 {
		return nil, errors.New("the XML is incomplete")
	}
	return root, nil
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func local(name string) string {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// cutCIN removes from n what began after at, and the dates after at, then
// children left with no referral.
func cutCIN(n *node, at time.Time) {
	after := func(k *node) bool {
		s := strings.TrimSpace(k.text)
		if len(k.kids) > 0 || s == "" || cinKept[local(k.name)] {
			return false
		}
		t, err := dates.Parse(s)
		return err == nil && t.After(at)
	}
	var walk func(n *node) bool // false: n itself is to go
	walk = func(n *node) bool {
		drop := map[*node]bool{}
		var with []string // elements going with a date removed
		for _, k := range n.kids {
			if len(k.kids) == 0 && after(k) {
				if cinStarts[local(k.name)] == local(n.name) {
					return false
				}
				drop[k] = true
				with = append(with, cinWith[local(k.name)]...)
			}
		}
		kids := n.kids[:0]
		for _, k := range n.kids {
			if drop[k] || slices.Contains(with, local(k.name)) {
				continue
			}
			if len(k.kids) > 0 {
				if !walk(k) {
					continue
				}
				// a container emptied of its dates (Reviews) goes too
				if len(k.kids) == 0 && local(k.name) == "Reviews" {
					continue
				}
			}
			kids = append(kids, k)
		}
		n.kids = kids
		if local(n.name) == "Child" {
			return slices.ContainsFunc(n.kids, func(k *node) bool { return local(k.name) == "CINdetails" })
		}
		return true
	}
	walk(n)
}

func writeXML(buf *bytes.Buffer, n *node, depth int) {
	indent := strings.Repeat("  ", depth)
	buf.WriteString(indent + "<" + n.name)
	for _, a := range n.attrs {
		buf.WriteString(" " + qname(a.Name) + `="`)
		xml.EscapeText(buf, []byte(a.Value))
		buf.WriteString(`"`)
	}
	switch {
	case len(n.kids) > 0:
		buf.WriteString(">\n")
		for _, k := range n.kids {
			writeXML(buf, k, depth+1)
		}
		buf.WriteString(indent + "</" + n.name + ">\n")
	case strings.TrimSpace(n.text) != "":
		buf.WriteString(">")
		xml.EscapeText(buf, []byte(strings.TrimSpace(n.text)))
		buf.WriteString("</" + n.name + ">\n")
	default:
		buf.WriteString("></" + n.name + ">\n")
	}
}

// annexStarts are the headers of each Annex A list's start date (the
// names it goes by, split by |), by a header that identifies the list;
// List 9 (care leavers) has none.
var annexStarts = [][2]string{
	{"Date of Contact", "Date of Contact"},
	{"Organisation completing assessment", "Assessment start date"},
	{"Date of Referral", "Date of Referral|Referral Date"},
	{"Continuous Assessment Start Date", "Continuous Assessment Start Date"},
	{"Strategy discussion initiating Section 47 Enquiry Start Date", "Strategy discussion initiating Section 47 Enquiry Start Date"},
	{"CIN Start Date", "CIN Start Date"},
	{"Child Protection Plan Start Date", "Child Protection Plan Start Date"},
	{"Date Started to be Looked After", "Date Started to be Looked After"},
	{"Eligibility Category", ""},
	{"Date of Decision that Child Should be Placed for Adoption", "Date of Decision that Child Should be Placed for Adoption"},
	{"Individual adopter identifier", "Date enquiry received"},
}

// annexWith are the cells blanked with a date of Annex A after the cut.
var annexWith = map[string]string{
	cl.Key("CIN Closure Date"):                                                    cl.Key("Reason for Closure"),
	cl.Key("Date Ceased to be Looked After"):                                      cl.Key("Reason Ceased to be Looked After"),
	cl.Key("Date of leaving adoption process"):                                    cl.Key("Reason for leaving adoption process"),
	cl.Key("Date of Decision that Child Should No Longer be Placed for Adoption"): cl.Key("Reason Why Child No Longer Placed for Adoption"),
}

func annexDateColumn(key string) bool {
	return strings.Contains(key, "date") && key != cl.Key("Date of Birth")
}

func cutAnnexA(src, dst string, at time.Time) error {
	f, err := excelize.OpenFile(src)
	if err != nil {
		return err
	}
	defer f.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	cellDate := func(v string) (time.Time, bool) {
		v = strings.TrimSpace(v)
		if v == "" {
			return time.Time{}, false
		}
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			t, err := dates.FromSerial(x, date1904)
			return t, err == nil
		}
		t, err := dates.Parse(v)
		return t, err == nil
	}
	lists := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			return err
		}
		var idx map[string]int
		start := -1
		var dateCols []int
		with := map[int]int{} // a date column's companion, blanked with it
		var remove []int
		type cell struct{ col, row int }
		var blank []cell
		for n := 1; rows.Next(); n++ {
			r, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return err
			}
			if idx == nil {
				h := cl.Index(r)
				for _, s := range annexStarts {
					if _, ok := h[cl.Key(s[0])]; ok {
						idx = h
						for _, name := range strings.Split(s[1], "|") {
							if p, ok := h[cl.Key(name)]; ok && name != "" && start < 0 {
								start = p
							}
						}
						for k, p := range h {
							if annexDateColumn(k) && p != start {
								dateCols = append(dateCols, p)
								if w, ok := h[annexWith[k]]; ok {
									with[p] = w
								}
							}
						}
						break
					}
				}
				continue
			}
			if start >= 0 && start < len(r) {
				if t, ok := cellDate(r[start]); ok && t.After(at) {
					remove = append(remove, n)
					continue
				}
			}
			for _, p := range dateCols {
				if p >= len(r) {
					continue
				}
				if t, ok := cellDate(r[p]); ok && t.After(at) {
					blank = append(blank, cell{p, n})
					if w, ok := with[p]; ok {
						blank = append(blank, cell{w, n})
					}
				}
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if idx == nil {
			continue
		}
		lists++
		for _, c := range blank {
			name, _ := excelize.CoordinatesToCellName(c.col+1, c.row)
			if err := f.SetCellValue(sheet, name, nil); err != nil {
				return err
			}
		}
		if len(remove) > 0 {
			if err := removeRows(f, sheet, remove); err != nil {
				return err
			}
		}
	}
	if lists == 0 {
		return errors.New("no sheet has the header of an Annex A list")
	}
	return saveXLSX(f, dst)
}

// removeRows removes rows (ascending, 1-based) from a sheet by writing the
// rows kept into a new sheet that takes its place and name: excelize's
// RemoveRow renumbers every row below on each call, hours for the
// thousands of rows a list of a big council has. Values, formulas, cell
// styles and column widths are kept; merged cells, row heights, filters and
// data validation of the sheet are not.
func removeRows(f *excelize.File, sheet string, remove []int) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return err
	}
	var raw [][]string
	for rows.Next() {
		r, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			rows.Close()
			return err
		}
		raw = append(raw, r)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	cols := 0
	for _, r := range raw {
		cols = max(cols, len(r))
	}
	tmp := "yardstick cut"
	if _, err := f.NewSheet(tmp); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(tmp)
	if err != nil {
		return err
	}
	for c := 1; c <= cols; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		if w, err := f.GetColWidth(sheet, name); err == nil {
			if err := sw.SetColWidth(c, c, w); err != nil {
				return err
			}
		}
	}
	out := 0
	for i, r := range raw {
		if len(remove) > 0 && remove[0] == i+1 {
			remove = remove[1:]
			continue
		}
		out++
		cells := make([]any, len(r))
		for c, v := range r {
			name, _ := excelize.CoordinatesToCellName(c+1, i+1)
			style, err := f.GetCellStyle(sheet, name)
			if err != nil {
				return err
			}
			formula, _ := f.GetCellFormula(sheet, name)
			typ, _ := f.GetCellType(sheet, name)
			var value any = v
			switch {
			case v == "":
				value = nil
			case typ == excelize.CellTypeBool:
				value = v == "1" || strings.EqualFold(v, "true")
			case typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset:
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					value = x
				}
			}
			cells[c] = excelize.Cell{StyleID: style, Formula: formula, Value: value}
		}
		name, _ := excelize.CoordinatesToCellName(1, out)
		if err := sw.SetRow(name, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.MoveSheet(tmp, sheet); err != nil {
		return err
	}
	if err := f.DeleteSheet(sheet); err != nil {
		return err
	}
	return f.SetSheetName(tmp, sheet)
}
