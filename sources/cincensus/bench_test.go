package cincensus

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

// BenchmarkCensus reads a census of 50,000 children, each with a referral,
// an assessment with two factors, a disability and a CP plan with a review.
func BenchmarkCensus(b *testing.B) {
	const children = 50_000
	path := filepath.Join(b.TempDir(), "CIN_Census_2025.xml")
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails><Source><LEA>358</LEA></Source></Header><Children>\n")
	for i := 0; i < children; i++ {
		fmt.Fprintf(w, `<Child><ChildIdentifiers><LAchildID>C%07d</LAchildID><UPN>A%012d</UPN><PersonBirthDate>2015-%02d-%02d</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>HAND</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>
<Assessments><AssessmentActualStartDate>2024-06-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-06-20</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>1B</AssessmentFactors><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
<ChildProtectionPlans><CPPstartDate>2024-07-01</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2024-09-01</CPPreviewDate></Reviews></ChildProtectionPlans></CINdetails></Child>
`, i, i, 1+i%12, 1+i%28)
	}
	fmt.Fprint(w, "</Children></Message>\n")
	w.Flush()
	f.Close()
	ret := sourcetest.Returns(b, "", 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		env := sourcetest.Env(path, ret)
		env.BatchRows = 64 * 1024
		if _, err := (Source{}).Read(context.Background(), path, env, sourcetest.Discard{}); err != nil {
			b.Fatal(err)
		}
		if len(env.Issues.List) != 0 {
			b.Fatal(env.Issues.List[0])
		}
	}
	b.ReportMetric(float64(children*b.N)/b.Elapsed().Seconds(), "children/s")
}
