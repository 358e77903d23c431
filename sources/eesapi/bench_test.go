package eesapi

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkDownloadCSV: a 64 MB CSV through DownloadCSV (length, SHA-256
// and header checks, written to disk) against the bare work of copying the
// same response body into a file. Both read from memory, so the ratio is
// the checks' cost, not the network's.
func BenchmarkDownloadCSV(b *testing.B) {
	row := "202425,Academic year,Local authority,E92000001,England,E12000002,North West,358,Trafford,E08000009,CINO at 31 March,Revised,60,25.4,c,x\n"
	body := []byte("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,social_care_group,version,pupil_count,attainment8_average,engmath_95_percent,progress8_average\n" +
		strings.Repeat(row, 64<<20/len(row)))
	tr := handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Write(body)
	})}
	dir := b.TempDir()
	b.Run("DownloadCSV", func(b *testing.B) {
		c, _ := testClient("http://api.test")
		c.HTTP = &http.Client{Transport: tr}
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			d, err := c.DownloadCSV(context.Background(), ks4ID, "1.0", dir)
			if err != nil {
				b.Fatal(err)
			}
			os.Remove(d.Path)
		}
	})
	b.Run("bare copy", func(b *testing.B) {
		client := &http.Client{Transport: tr}
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			resp, err := client.Get("http://api.test/v1/data-sets/x/csv")
			if err != nil {
				b.Fatal(err)
			}
			f, _ := os.Create(filepath.Join(dir, "bare.csv"))
			io.Copy(f, resp.Body)
			resp.Body.Close()
			f.Close()
		}
	})
}
