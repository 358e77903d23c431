package childlevel_test

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"

	cl "github.com/yardstick-etl/yardstick/sources/childlevel"
	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

// rows keeps what a builder wrote, as text ("" for NULL).
type rows [][]string

func (r *rows) Write(_ string, rec arrow.Record) error {
	for i := 0; i < int(rec.NumRows()); i++ {
		var row []string
		for c := 4; c < int(rec.NumCols()); c++ { // after la_code, year, sheet, row
			col := rec.Column(c)
			if col.IsNull(i) {
				row = append(row, "")
			} else {
				row = append(row, fmt.Sprint(col.GetOneForMarshal(i)))
			}
		}
		*r = append(*r, row)
	}
	return nil
}

// Identifiers typed or pasted into the wrong column never reach the stage
// table or a message: the cell becomes NULL and the issue describes its
// shape. Codes of the set that are out of their years are codes, so kept.
func TestWrongColumnValuesNeverKept(t *testing.T) {
	spec := &cl.Spec{Table: "t", Columns: []cl.Column{
		{Name: "ethnic", Field: "ETHNIC", Kind: cl.Code, Set: "ETHNIC"},
		{Name: "sex", Field: "SEX", Kind: cl.Code, Set: "SEX"},
		{Name: "place", Field: "PLACE", Kind: cl.Code, Set: "PLACE"},
		{Name: "sdq", Field: "SDQ_SCORE", Kind: cl.Int},
		{Name: "flag", Field: "CONVICTED", Kind: cl.Flag},
		{Name: "legal", Field: "LS", Kind: cl.Label, Set: "LS"},
	}}
	long := strings.Repeat("A1", 16401) // a 32,802-character cell
	secrets := []string{"D051910639385", "12/03/2011", "RND000471630058", "Jane Smith", long}
	env := sourcetest.Env("returns.csv", sourcetest.Returns(t, "358", 2025))
	var got rows
	b := cl.NewBuilder(spec, env, &got)
	defer b.Release()
	at := cl.Place{Row: 2}
	o := cl.Origin{LA: "358", Year: 2025}
	if err := b.Append(at, o, []string{"D051910639385", "12/03/2011", "H5", "RND000471630058", "Jane Smith", long}, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.Append(cl.Place{Row: 3}, o, []string{long, "M", "K3", "7", "1", "C2"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	env.Issues.Finish("returns.csv")
	// the last column is the row's faults, by field and rule, never a value
	if want := "||H5|||||ETHNIC:invalid_code|SEX:invalid_code|PLACE:invalid_code|SDQ_SCORE:invalid_number|CONVICTED:invalid_flag|LS:invalid_code|"; strings.Join(got[0], "|") != want {
		t.Errorf("row 2 staged as %q, want %q (only the out-of-year code kept)", strings.Join(got[0], "|"), want)
	}
	if want := "|M|K3|7|true|C2||ETHNIC:invalid_code|"; strings.Join(got[1], "|") != want {
		t.Errorf("row 3 staged as %q, want %q", strings.Join(got[1], "|"), want)
	}
	if len(env.Issues.List) != 7 {
		t.Errorf("%d issues, want 7: %+v", len(env.Issues.List), env.Issues.List)
	}
	for _, is := range env.Issues.List {
		for _, s := range secrets {
			if strings.Contains(is.Message, s) || strings.Contains(is.Message, s[:5]) {
				t.Errorf("issue quotes a value: %q", is.Message)
			}
		}
		if len([]rune(is.Message)) > 600 {
			t.Errorf("issue of %d characters", len([]rune(is.Message)))
		}
	}
	msgs := map[string]bool{}
	for _, is := range env.Issues.List {
		msgs[is.Column+": "+is.Message] = true
	}
	for _, want := range []string{
		"ETHNIC: ETHNIC: a 13-character value of letters and digits is not a code of ETHNIC; kept as missing",
		"SEX: SEX: a 10-character value of digits and other characters is not a code of SEX; kept as missing",
		"PLACE: PLACE: PLACE code \"H5\" was withdrawn after the 2024 collection; this row is 2025; kept as written",
		"SDQ_SCORE: SDQ_SCORE: a 15-character value of letters and digits is not a whole number; kept as missing",
		"CONVICTED: CONVICTED: a 10-character value of letters and spaces is not yes/no, true/false or 1/0; kept as missing",
		"LS: LS: a 32802-character value of letters and digits matches no LS code for 2025; kept as missing",
	} {
		if !msgs[want] {
			t.Errorf("no issue %q; got %v", want, msgs)
		}
	}
}

// An XML error names the line and the kind of fault, never the text the
// parser stopped at.
func TestXMLErrorQuotesNothing(t *testing.T) {
	for name, doc := range map[string]string{
		"entity":    "<Message>\n<Child>\n<LAchildID>X&RND000471630058</LAchildID>\n</Child>\n</Message>",
		"mismatch":  "<Message>\n<Child>\n<LAchildID>RND000471630058</UPN>\n</Child>\n</Message>",
		"cut short": "<Message>\n<Child>\n<LAchildID>RND000471630058",
	} {
		t.Run(name, func(t *testing.T) {
			dec := cl.NewXMLDecoder(strings.NewReader(doc))
			var err error
			for err == nil {
				_, err = cl.Token(dec)
			}
			if strings.Contains(err.Error(), "RND") || strings.Contains(err.Error(), "UPN") || !strings.Contains(err.Error(), "line ") {
				t.Errorf("error %q", err)
			}
			var into struct {
				XMLName xml.Name `xml:"Message"`
			}
			if derr := xml.Unmarshal([]byte(doc), &into); derr != nil {
				if msg := cl.XMLError(cl.NewXMLDecoder(strings.NewReader(doc)), derr).Error(); strings.Contains(msg, "RND") {
					t.Errorf("XMLError quotes the input: %q", msg)
				}
			}
		})
	}
}

// A child's date of birth in the future, before 1900 or too long ago for a
// child of the return is reported; the month is kept.
func TestImplausibleBirth(t *testing.T) {
	spec := &cl.Spec{Table: "t", Columns: []cl.Column{{Name: "dob_month", Field: "DOB", Kind: cl.DOB}}}
	env := sourcetest.Env("returns.csv", sourcetest.Returns(t, "358", 2025))
	var got rows
	b := cl.NewBuilder(spec, env, &got)
	defer b.Release()
	for i, v := range []string{"14/07/2011", "01/01/2099", "12/03/1899", "05/06/1965", "01/04/1999"} {
		b.Append(cl.Place{Row: i + 2}, cl.Origin{LA: "358", Year: 2025}, []string{v}, nil)
	}
	b.Flush()
	var msgs []string
	for _, is := range env.Issues.List {
		msgs = append(msgs, fmt.Sprintf("%d %s %s", is.Row, is.Rule, is.Message))
	}
	want := []string{
		"3 implausible_dob DOB is in the future; kept, check it",
		"4 implausible_dob DOB is before 1900; kept, check it",
		"5 implausible_dob DOB makes the child 26 or older at the end of the 2025 return, older than any child in it; kept, check it",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("issues:\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if len(got) != 5 || got[1][0] == "" {
		t.Errorf("the months are kept: %v", got)
	}
}

// A UPN with a wrong check letter is pseudonymised like any other but
// reported, by rule and column only; a right one and the UN codes are not.
func TestUPNCheckLetter(t *testing.T) {
	spec := &cl.Spec{Table: "t", Columns: []cl.Column{{Name: "upn", Field: "UPN", Kind: cl.UPN}}}
	tests := []struct {
		upn   string
		issue bool
	}{
		{"H801200001001", false}, // DfE's guide's example
		{"Z801200001001", true},  // the same digits, wrong letter
		{"G80120000101A", false}, // temporary UPN, right letter
		{"A80120000101A", true},  // temporary UPN, wrong letter
		{"UN1", false},           // "unknown" code, not a UPN
	}
	for _, tt := range tests {
		t.Run(tt.upn, func(t *testing.T) {
			env := sourcetest.Env("returns.csv", sourcetest.Returns(t, "358", 2025))
			var got rows
			b := cl.NewBuilder(spec, env, &got)
			defer b.Release()
			if err := b.Append(cl.Place{Row: 2}, cl.Origin{LA: "358", Year: 2025}, []string{tt.upn}, nil); err != nil {
				t.Fatal(err)
			}
			if err := b.Flush(); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0][0] == "" {
				t.Fatalf("staged %v, want one row with the UPN kept", got)
			}
			if n := len(env.Issues.List); (n == 1) != tt.issue || n > 1 {
				t.Fatalf("issues %+v, want issue=%v", env.Issues.List, tt.issue)
			}
			for _, is := range env.Issues.List {
				if is.Rule != "invalid_upn" || strings.Contains(is.Message, tt.upn[1:6]) {
					t.Errorf("issue %+v: want invalid_upn, described by shape", is)
				}
			}
		})
	}
}
