package demo

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/yardstick-etl/yardstick/transforms/dates"
)

var sept30 = time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)

// TestCutReturnsByHand: small returns cut at 30 September 2024, every
// output written out by hand.
func TestCutReturnsByHand(t *testing.T) {
	from, to := t.TempDir(), t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(from, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("SSDA903_2024-25_episodes.csv", "\ufeffCHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"+
		"1,10/01/2024,P,C2,N1,U6,PR1,31/07/2024,X1,CARPL,TS1 1AA,TS3 2BB,SC1\n"+ // ends before: kept whole
		"1,31/07/2024,P,C2,N1,U4,PR1,01/10/2024,X1,CARPL,TS1 1AA,TS3 2BB,SC2\n"+ // ends after: DEC, REC, reason blanked
		"1,01/10/2024,P,C2,N1,U1,PR1,,,,TS1 1AA,TS3 2BB,SC3\n"+ // starts after: out
		"2,30/09/2024,S,C2,N1,U1,PR1,30/09/2024,E13,,TS1 1AA,TS3 2BB,SC4\n"+ // on the day: kept whole
		"3,15/11/2024,S,C2,N1,U1,PR1,,,,TS1 1AA,TS3 2BB,SC5\n") // after: out, and the child
	write("SSDA903_2024-25_header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,M,01/01/2012,WBRI,,,\n2,F,01/01/2013,WBRI,,0,\n3,M,01/01/2014,WBRI,,,\n")
	write("SSDA903_2024-25_reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2012,01/09/2024,PN1\n1,01/01/2012,01/12/2024,PN1\n3,01/01/2014,20/11/2024,PN1\n")
	write("SSDA903_2024-25_missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\n1,01/01/2012,M,29/09/2024,02/10/2024\n1,01/01/2012,M,05/10/2024,06/10/2024\n")
	write("SSDA903_2024-25_oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n9,01/06/2005,YES,F2,B1\n")
	write("CIN_Census_2025.xml", `<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID>1</LAchildID><PersonBirthDate>2012-01-01</PersonBirthDate></ChildIdentifiers>
      <CINdetails>
        <CINreferralDate>2024-05-01</CINreferralDate>
        <CINclosureDate>2024-12-01</CINclosureDate>
        <ReasonForClosure>RC1</ReasonForClosure>
        <ReferralNFA>false</ReferralNFA>
        <Assessments>
          <AssessmentActualStartDate>2024-09-01</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>2024-10-15</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
        <Assessments>
          <AssessmentActualStartDate>2024-11-01</AssessmentActualStartDate>
        </Assessments>
        <Section47>
          <S47ActualStartDate>2024-09-20</S47ActualStartDate>
          <InitialCPCtarget>2024-10-11</InitialCPCtarget>
          <DateOfInitialCPC>2024-10-10</DateOfInitialCPC>
        </Section47>
        <ChildProtectionPlans>
          <CPPstartDate>2024-06-01</CPPstartDate>
          <CPPendDate>2024-11-01</CPPendDate>
          <Reviews><CPPreviewDate>2024-08-01</CPPreviewDate><CPPreviewDate>2024-10-01</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
        <ChildProtectionPlans>
          <CPPstartDate>2024-10-20</CPPstartDate>
        </ChildProtectionPlans>
      </CINdetails>
      <CINdetails>
        <CINreferralDate>2024-10-01</CINreferralDate>
      </CINdetails>
    </Child>
    <Child>
      <ChildIdentifiers><LAchildID>2</LAchildID></ChildIdentifiers>
      <CINdetails><CINreferralDate>2025-01-01</CINreferralDate></CINdetails>
    </Child>
  </Children>
</Message>
`)
	// Annex A: List 6 and List 8 with Excel dates, as the demo writes them.
	f := excelize.NewFile()
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	d := func(s string) excelize.Cell {
		t, _ := dates.Parse(s)
		return excelize.Cell{StyleID: style, Value: t}
	}
	sheet := func(name string, rows ...[]any) {
		f.NewSheet(name)
		sw, _ := f.NewStreamWriter(name)
		for i, r := range rows {
			c, _ := excelize.CoordinatesToCellName(1, i+1)
			sw.SetRow(c, r)
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	sheet("List 6", []any{"Child Unique ID", "CIN Start Date", "CIN Closure Date", "Reason for Closure"},
		[]any{"1", d("01/05/2024"), d("01/12/2024"), "RC1"},
		[]any{"2", d("01/01/2025"), "", ""},
		[]any{"4", d("01/06/2024"), d("01/07/2024"), "RC2"})
	sheet("List 8", []any{"Child Unique ID", "Date Started to be Looked After", "Date Ceased to be Looked After", "Reason Ceased to be Looked After"},
		[]any{"1", d("10/01/2024"), d("01/10/2024"), "E13"},
		[]any{"3", d("15/11/2024"), "", ""})
	f.DeleteSheet("Sheet1")
	if err := f.SaveAs(filepath.Join(from, "Annex_A_2025.xlsx")); err != nil {
		t.Fatal(err)
	}

	files, err := CutReturns(from, to, sept30)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 7 {
		t.Errorf("%d files written, want 7: %v", len(files), files)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(to, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for name, want := range map[string]string{
		"SSDA903_2024-25_episodes.csv": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n" +
			"1,10/01/2024,P,C2,N1,U6,PR1,31/07/2024,X1,CARPL,TS1 1AA,TS3 2BB,SC1\n" +
			"1,31/07/2024,P,C2,N1,U4,PR1,,,,TS1 1AA,TS3 2BB,SC2\n" +
			"2,30/09/2024,S,C2,N1,U1,PR1,30/09/2024,E13,,TS1 1AA,TS3 2BB,SC4\n",
		"SSDA903_2024-25_header.csv":  "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,M,01/01/2012,WBRI,,,\n2,F,01/01/2013,WBRI,,0,\n",
		"SSDA903_2024-25_reviews.csv": "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2012,01/09/2024,PN1\n",
		"SSDA903_2024-25_missing.csv": "CHILD,DOB,MISSING,MIS_START,MIS_END\n1,01/01/2012,M,29/09/2024,\n",
		"SSDA903_2024-25_oc3.csv":     "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n9,01/06/2005,YES,F2,B1\n",
		"CIN_Census_2025.xml": xml.Header + `<Message>
  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection>
      <Year>2025</Year>
      <ReferenceDate>2025-03-31</ReferenceDate>
    </CollectionDetails>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers>
        <LAchildID>1</LAchildID>
        <PersonBirthDate>2012-01-01</PersonBirthDate>
      </ChildIdentifiers>
      <CINdetails>
        <CINreferralDate>2024-05-01</CINreferralDate>
        <ReferralNFA>false</ReferralNFA>
        <Assessments>
          <AssessmentActualStartDate>2024-09-01</AssessmentActualStartDate>
        </Assessments>
        <Section47>
          <S47ActualStartDate>2024-09-20</S47ActualStartDate>
          <InitialCPCtarget>2024-10-11</InitialCPCtarget>
        </Section47>
        <ChildProtectionPlans>
          <CPPstartDate>2024-06-01</CPPstartDate>
          <Reviews>
            <CPPreviewDate>2024-08-01</CPPreviewDate>
          </Reviews>
        </ChildProtectionPlans>
      </CINdetails>
    </Child>
  </Children>
</Message>
`,
	} {
		if got := read(name); got != want {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, want)
		}
	}
	// Annex A: rows starting after the cut removed, later closures and
	// ceasings blanked with their reasons.
	wb, err := excelize.OpenFile(filepath.Join(to, "Annex_A_2025.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got := strings.Join(wb.GetSheetList(), ", "); got != "List 6, List 8" {
		t.Errorf("sheets %s, want List 6, List 8 in that order", got)
	}
	for name, want := range map[string]string{
		"List 6": "Child Unique ID|CIN Start Date|CIN Closure Date|Reason for Closure;1|01/05/2024||;4|01/06/2024|01/07/2024|RC2",
		"List 8": "Child Unique ID|Date Started to be Looked After|Date Ceased to be Looked After|Reason Ceased to be Looked After;1|10/01/2024||",
	} {
		if g := strings.Join(sheetRows(t, wb, name), ";"); g != want {
			t.Errorf("%s: %s\nwant %s", name, g, want)
		}
	}

	// In place, the same; a file that is no return is an error naming it.
	if _, err := CutReturns(from, from, sept30); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(from, "SSDA903_2024-25_reviews.csv")); got != "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2012,01/09/2024,PN1\n" {
		t.Errorf("cut in place: %s", got)
	}
	write("notes.txt", "not a return")
	if _, err := CutReturns(from, to, sept30); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("a file that is no return: %v", err)
	}
}

// sheetRows are a sheet's rows as "a|b|c", Excel dates as dd/mm/yyyy.
func sheetRows(t *testing.T, wb *excelize.File, sheet string) []string {
	t.Helper()
	rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		for len(r) < len(rows[0]) {
			r = append(r, "")
		}
		for i, v := range r {
			if x, err := strconv.ParseFloat(v, 64); err == nil && strings.Contains(rows[0][i], "Date") {
				d, _ := dates.FromSerial(x, false)
				r[i] = d.Format("02/01/2006")
			}
		}
		out = append(out, strings.Join(r, "|"))
	}
	return out
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCutDemoReturns: the demo's returns cut at 30 September 2024 have
// nothing after that day, and keep everything before it.
func TestCutDemoReturns(t *testing.T) {
	dir := t.TempDir()
	if _, err := GenerateReturns(dir, "358", DefaultOptions); err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(dir, "inputs", "returns")
	to := filepath.Join(dir, "cut")
	if _, err := CutReturns(from, to, sept30); err != nil {
		t.Fatal(err)
	}
	type episode struct{ decom, dec, rec string }
	episodes := func(dir string) (map[string][]episode, map[string]bool) {
		lines := strings.Split(strings.TrimSpace(readFile(t, filepath.Join(dir, "SSDA903_2024-25_episodes.csv"))), "\n")[1:]
		eps, children := map[string][]episode{}, map[string]bool{}
		for _, l := range lines {
			f := strings.Split(l, ",")
			eps[f[0]] = append(eps[f[0]], episode{f[1], f[7], f[8]})
			children[f[0]] = true
		}
		return eps, children
	}
	day := func(s string) time.Time {
		d, err := dates.Parse(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return d
	}
	before, _ := episodes(from)
	after, children := episodes(to)
	kept, blanked := 0, 0
	for child, eps := range before {
		var want []episode
		for _, e := range eps {
			if day(e.decom).After(sept30) {
				continue
			}
			if e.dec != "" && day(e.dec).After(sept30) {
				e.dec, e.rec = "", ""
				blanked++
			}
			want = append(want, e)
		}
		kept += len(want)
		if len(want) != len(after[child]) {
			t.Errorf("child %s: %d episodes, want %d", child, len(after[child]), len(want))
			continue
		}
		for i := range want {
			if want[i] != after[child][i] {
				t.Errorf("child %s episode %d: %+v, want %+v", child, i, after[child][i], want[i])
			}
		}
	}
	if kept == 0 || blanked == 0 || kept == len(before) {
		t.Errorf("the cut tests nothing: %d episodes kept of %d children, %d ends blanked", kept, len(before), blanked)
	}
	// The header has the children still in the episodes, the reviews only
	// those up to the day.
	for _, l := range strings.Split(strings.TrimSpace(readFile(t, filepath.Join(to, "SSDA903_2024-25_header.csv"))), "\n")[1:] {
		if !children[strings.Split(l, ",")[0]] {
			t.Errorf("header row of a child with no episode left: %s", l)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(readFile(t, filepath.Join(to, "SSDA903_2024-25_reviews.csv"))), "\n")[1:] {
		if day(strings.Split(l, ",")[2]).After(sept30) {
			t.Errorf("a review after the cut: %s", l)
		}
	}
	// No event date in the census after the day.
	census := readFile(t, filepath.Join(to, "CIN_Census_2025.xml"))
	d := xml.NewDecoder(strings.NewReader(census))
	var el string
	referrals := 0
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			el = x.Name.Local
			if el == "CINdetails" {
				referrals++
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(x)); s != "" && strings.HasSuffix(el, "Date") && !cinKept[el] {
				if day(s).After(sept30) {
					t.Errorf("census: %s %s after the cut", el, s)
				}
			}
		}
	}
	if referrals == 0 || referrals == strings.Count(readFile(t, filepath.Join(from, "CIN_Census_2025.xml")), "<CINdetails>") {
		t.Errorf("the census cut kept %d referrals", referrals)
	}
	// Annex A: no list row starts after the day.
	wb, err := excelize.OpenFile(filepath.Join(to, "Annex_A_2025.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for sheet, col := range map[string]int{"List 6": 6, "List 8": 7} {
		rows := sheetRows(t, wb, sheet)
		if len(rows) < 2 {
			t.Errorf("%s: no rows left", sheet)
		}
		for _, r := range rows[1:] {
			if start := strings.Split(r, "|")[col]; start == "" || day(start).After(sept30) {
				t.Errorf("%s: a row starting after the cut, or with no start: %s", sheet, r)
			}
		}
	}
}
