package eesapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesapi/eesapitest"
)

// TestLimits: a hostile API, or something in its place, cannot make a
// fetch hold gigabytes or run for ever. Every case ends with an error that
// says which limit was hit; none is tried again, except a slow answer
// (which may be the network's fault).
func TestLimits(t *testing.T) {
	ctx := context.Background()
	meta, _ := os.ReadFile("testdata/meta.json")
	csv, _ := os.ReadFile("testdata/data_1.1.csv")

	t.Run("a page of versions over the JSON limit", func(t *testing.T) {
		srv := eesapitest.NewServer(ks4(t, "1.0", "1.1"))
		defer srv.Close()
		srv.VersionNotes(100 << 10) // two versions a page: 200 KiB
		c, _ := testClient(srv.URL)
		c.MaxJSON = 64 << 10
		res, err := c.Sync(ctx, t.TempDir(), []Follow{follow("ks4", "")})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Status != "failed" || !strings.Contains(fmt.Sprint(res[0].Err), "the response exceeded 64 KiB, more than any answer of the API") {
			t.Errorf("%s: %v", res[0].Status, res[0].Err)
		}
		if n := srv.Count("/versions"); n != 1 {
			t.Errorf("asked %d times", n)
		}
	})
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("a JSON answer over the limit, chunked %v", chunked), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if chunked {
					w.(http.Flusher).Flush() // no Content-Length: the body is counted as read
				}
				fmt.Fprintf(w, `{"id":%q}`, strings.Repeat("x", 2<<20))
			}))
			defer srv.Close()
			c, _ := testClient(srv.URL)
			c.MaxJSON = 1 << 20
			if _, err := c.DataSet(ctx, ks4ID); err == nil || !strings.Contains(err.Error(), "the response exceeded 1 MiB") {
				t.Errorf("got %v", err)
			}
		})
	}
	t.Run("a gzip bomb without Content-Encoding", func(t *testing.T) {
		srv := eesapitest.NewServer(ks4(t, "1.0"))
		defer srv.Close()
		srv.GzipBomb(64 << 20)
		c, _ := testClient(srv.URL)
		c.MaxDownload = 1 << 20
		dir := t.TempDir()
		_, err := c.DownloadCSV(ctx, ks4ID, "1.0", dir)
		if err == nil || !strings.Contains(err.Error(), "the response exceeded 1 MiB (unpacked)") {
			t.Errorf("got %v", err)
		}
		if n := srv.Count("/csv"); n != 1 {
			t.Errorf("asked %d times", n)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("left %v", left)
		}
		// and within the limit, the same stream is the CSV
		srv.GzipBomb(512 << 10)
		d, err := c.DownloadCSV(ctx, ks4ID, "1.0", dir)
		if err != nil || d.Bytes != 512<<10 {
			t.Errorf("within the limit: %+v %v", d, err)
		}
	})
	t.Run("a CSV declared over the limit is not read", func(t *testing.T) {
		srv := eesapitest.NewServer(ks4(t, "1.0"))
		defer srv.Close()
		c, _ := testClient(srv.URL)
		c.MaxDownload = 100
		if _, err := c.DownloadCSV(ctx, ks4ID, "1.0", t.TempDir()); err == nil || !strings.Contains(err.Error(), "the response exceeded 100 bytes") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a download sent a byte at a time", func(t *testing.T) {
		srv := eesapitest.NewServer(ks4(t, "1.0"))
		defer srv.Close()
		srv.Drip(20 * time.Millisecond) // never idle long enough for IdleTimeout
		c, _ := testClient(srv.URL)
		c.DownloadTimeout = 300 * time.Millisecond
		dir := t.TempDir()
		_, err := c.DownloadCSV(ctx, ks4ID, "1.0", dir)
		if err == nil || !strings.Contains(err.Error(), "the download did not finish within 300ms, the most yardstick gives one (fetch: timeout in the config)") {
			t.Errorf("got %v", err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("left %v", left)
		}
	})
	t.Run("a JSON answer sent a byte at a time", func(t *testing.T) {
		srv := eesapitest.NewServer(ks4(t, "1.0"))
		defer srv.Close()
		srv.Drip(20 * time.Millisecond)
		c, _ := testClient(srv.URL)
		c.RequestTimeout = 100 * time.Millisecond
		_, err := c.DataSet(ctx, ks4ID)
		if err == nil || !strings.Contains(err.Error(), "(no whole answer within 100ms)") || !strings.Contains(err.Error(), "(tried 4 times)") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a list's pages sent a byte at a time", func(t *testing.T) {
		srv := eesapitest.NewServer(ks4(t, "1.0"))
		defer srv.Close()
		srv.Drip(20 * time.Millisecond)
		c, _ := testClient(srv.URL)
		c.RequestTimeout, c.DownloadTimeout = time.Minute, 300*time.Millisecond
		_, err := c.Versions(ctx, ks4ID)
		if err == nil || !strings.Contains(err.Error(), "the list's pages did not all come within 300ms") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("the run's context ends a download", func(t *testing.T) {
		srv := eesapitest.NewServer(ks4(t, "1.0"))
		defer srv.Close()
		srv.Drip(20 * time.Millisecond)
		c, _ := testClient(srv.URL) // the default 30 minutes
		cctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(200*time.Millisecond, cancel)
		if _, err := c.DownloadCSV(cctx, ks4ID, "1.0", t.TempDir()); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v", err)
		}
	})

	// 1,000 versions, 20 a page
	many := eesapitest.DataSet{ID: ks4ID, Title: "KS4"}
	for i := range 1000 {
		many.Versions = append(many.Versions, ks4Version(fmt.Sprintf("1.%d", i), string(csv), string(meta), i))
	}
	t.Run("many pages of versions, picked as they come", func(t *testing.T) {
		srv := eesapitest.NewServer(many)
		defer srv.Close()
		c, _ := testClient(srv.URL)
		res, err := c.Sync(ctx, t.TempDir(), []Follow{follow("ks4", ""), {ID: ks4ID, Name: "ks4_old", Version: mustWant(t, "1.500")}})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Version != "1.999" || res[1].Version != "1.500" || res[1].Entry.ReleaseTitle != "Reporting year 1.500" {
			t.Errorf("%+v %v / %+v %v", res[0].Version, res[0].Err, res[1].Version, res[1].Err)
		}
		if n := srv.Count("/versions?"); n != 100 {
			t.Errorf("%d pages asked for, want 2 × 50", n)
		}
		n := 0
		if err := c.EachVersion(ctx, ks4ID, func(Version) error { n++; return nil }); err != nil || n != 1000 {
			t.Errorf("%d versions, %v", n, err)
		}
	})
	t.Run("more pages than are followed", func(t *testing.T) {
		srv := eesapitest.NewServer(many)
		defer srv.Close()
		c, _ := testClient(srv.URL)
		c.MaxPages = 10
		_, err := c.Versions(ctx, ks4ID)
		if err == nil || !strings.Contains(err.Error(), "the API says the list has 50 pages, more than the 10 yardstick follows") {
			t.Errorf("got %v", err)
		}
		if n := srv.Count("/versions?"); n != 1 {
			t.Errorf("%d pages asked for", n)
		}
	})
	t.Run("a list that never ends", func(t *testing.T) {
		srv := eesapitest.NewServer(ks4(t, "1.0", "1.1"))
		defer srv.Close()
		srv.EndlessVersions(true)
		c, _ := testClient(srv.URL)
		c.MaxPages = 30
		res, err := c.Sync(ctx, t.TempDir(), []Follow{follow("ks4", "")})
		if err != nil {
			t.Fatal(err)
		}
		// each page says one more follows: the 30th says 31
		if res[0].Status != "failed" || !strings.Contains(fmt.Sprint(res[0].Err), "versions?page=30&pageSize=20: the API says the list has 31 pages, more than the 30 yardstick follows") {
			t.Errorf("%s: %v", res[0].Status, res[0].Err)
		}
		if n := srv.Count("/versions?"); n != 30 {
			t.Errorf("%d pages asked for", n)
		}
	})
	t.Run("a page other than the one asked for", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"paging":{"page":1,"pageSize":1,"totalPages":3},"results":[{"version":"1.0","status":"Published"}]}`)
		}))
		defer srv.Close()
		c, _ := testClient(srv.URL)
		if _, err := c.Versions(ctx, ks4ID); err == nil || !strings.Contains(err.Error(), "the API answered with page 1: its paging is broken") {
			t.Errorf("got %v", err)
		}
	})
}

func mustWant(t *testing.T, s string) Want {
	t.Helper()
	w, err := ParseWant(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestDecodePage: a page's results are passed on one by one, its other
// members skipped, and a page that is not one refused.
func TestDecodePage(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     string // versions, then the paging's total pages; or the error
	}{
		{"documented", `{"paging":{"page":1,"pageSize":2,"totalResults":3,"totalPages":2},"results":[{"version":"1.1"},{"version":"1.0","notes":"x"}]}`, "1.1 1.0 / 2"},
		{"results first, other members", `{"results":[{"version":"2.0","filters":["a"]}],"links":{"next":"?page=2"},"paging":{"totalPages":1}}`, "2.0 / 1"},
		{"names in another case", `{"Results":[{"version":"2.0"}],"PAGING":{"totalPages":4}}`, "2.0 / 4"},
		{"null results", `{"results":null,"paging":{"totalPages":1}}`, " / 1"},
		{"results not a list", `{"results":{"version":"1.0"}}`, "results is not a list"},
		{"not an object", `[{"version":"1.0"}]`, "expected {"},
		{"cut short", `{"results":[{"version":"1.0"}`, "unexpected EOF"},
		{"more after", `{"results":[]} {}`, "more follows the page's JSON object"},
		{"paging not numbers", `{"paging":{"totalPages":"9223372036854775808000"}}`, "paging: json: cannot unmarshal string"},
		{"paging past an int", `{"paging":{"totalPages":92233720368547758080}}`, "paging: json: cannot unmarshal number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			p, err := decodePage(strings.NewReader(tc.in), func(v Version) error {
				got = append(got, v.Version)
				return nil
			})
			s := strings.Join(got, " ") + fmt.Sprintf(" / %d", p.TotalPages)
			if err != nil {
				s = err.Error()
			}
			if !strings.Contains(s, tc.want) {
				t.Errorf("got %q, want %q", s, tc.want)
			}
		})
	}
}

// TestCapped: a capped reader passes on up to its limit and says when a
// body goes past it.
func TestCapped(t *testing.T) {
	for _, tc := range []struct {
		n, limit int
		tooLarge bool
	}{{0, 0, false}, {10, 10, false}, {11, 10, true}, {1 << 20, 1 << 20, false}, {1<<20 + 1, 1 << 20, true}, {5 << 20, 1 << 20, true}} {
		t.Run(fmt.Sprintf("%d of %d", tc.n, tc.limit), func(t *testing.T) {
			c := &capped{r: strings.NewReader(strings.Repeat("x", tc.n)), limit: int64(tc.limit)}
			buf := make([]byte, 7919)
			read := 0
			var err error
			for err == nil {
				var n int
				n, err = c.Read(buf)
				read += n
			}
			var tl *tooLarge
			if errors.As(err, &tl) != tc.tooLarge || read > tc.limit || !tc.tooLarge && read != tc.n {
				t.Errorf("read %d, %v", read, err)
			}
		})
	}
}
