package cincensus

import (
	"testing"

	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

// FuzzRead: any bytes as a CIN census are read or rejected, never a panic.
func FuzzRead(f *testing.F) {
	sourcetest.Seed(f, "../../../shared/data/returns/cin_census/BAR_cin_2022.xml") // one child, every element
	f.Add([]byte("<Message><Header><Collection>CIN</Collection></Header><Children><Child><ChildIdentifiers><LAchildID>X&amp;1</LAchildID></ChildIdentifiers></Child></Children></Message>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sourcetest.FuzzRead(t, Source{}, data, ".xml", sourcetest.Returns(t, "358", 2025))
	})
}
