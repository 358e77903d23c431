package ssda903

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/yardstick-etl/yardstick/sources/sourcetest"
)

// BenchmarkEpisodesCSV reads a 200,000-row episodes table: parse, check
// every code against its year, pseudonymise, coarsen postcodes, build Arrow.
func BenchmarkEpisodesCSV(b *testing.B) {
	const rows = 200_000
	path := filepath.Join(b.TempDir(), "SSDA903_2024-25_episodes.csv")
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, "%d,%02d/%02d/2024,P,C2,N1,U4,PR1,%02d/%02d/2025,X1,CARPL,M32 0TH,WA14 %dAB,SC%06d\n",
			100000+i/3, 1+i%28, 1+i%12, 1+i%28, 1+i%3, i%10, i)
	}
	w.Flush()
	f.Close()
	ret := sourcetest.Returns(b, "358", 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		env := sourcetest.Env(path, ret)
		env.BatchRows = 64 * 1024
		n, err := Source{}.Read(context.Background(), path, env, sourcetest.Discard{})
		if err != nil || n != rows {
			b.Fatal(n, err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
