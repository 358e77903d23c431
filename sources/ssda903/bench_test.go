package ssda903

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/yardstick-etl/yardstick/sources"
	"github.com/yardstick-etl/yardstick/sources/sourcetest"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

type discard struct{}

func (discard) Write(string, arrow.Record) error { return nil }

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
	geo := geography.NewResolver(geography.Builtin())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		env := &sources.Env{File: path, Geography: geo, Alloc: memory.NewGoAllocator(), BatchRows: 64 * 1024, Issues: &sources.Issues{}, Returns: ret}
		n, err := Source{}.Read(context.Background(), path, env, discard{})
		if err != nil || n != rows {
			b.Fatal(n, err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
