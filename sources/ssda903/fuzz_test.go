package ssda903

import (
	"testing"

	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

// FuzzReadCSV: any bytes as an SSDA903 CSV table are read or rejected,
// never a panic.
func FuzzReadCSV(f *testing.F) {
	// small seeds keep each run fast enough to explore in CI's 15 seconds
	f.Add([]byte("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n566910,2,27/03/2008,D051910639385,,,\n566910,2,27/03/2008,WBRI,A123456789012,1,01/2001\n"))
	f.Add([]byte("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,YEAR,LA\n1,01/04/2024,S,C2,N1,U1,PR1,,,,M32 0RS,M33,SC1,2025,358\n1,2024-05-01,P,C2,N1,K3,PR4,31/03/2025,E11,CARPL,M32,,,2024-25,Trafford\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sourcetest.FuzzRead(t, Source{}, data, ".csv", sourcetest.Returns(t, "358", 2025))
	})
}

// FuzzReadXML: any bytes as the SSDA903 XML export are read or rejected.
func FuzzReadXML(f *testing.F) {
	f.Add([]byte("<EXPSSDA903><CHILD><CHILD>1</CHILD><SEX>1</SEX><EPISODE><DECOM>01/04/2024</DECOM></EPISODE></CHILD></EXPSSDA903>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sourcetest.FuzzRead(t, Source{}, data, ".xml", sourcetest.Returns(t, "358", 2025))
	})
}
