package eesapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
)

// handlerTransport answers requests with a handler in memory: no sockets,
// so a fuzzer's many thousands of requests do not exhaust the ports.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// FuzzSync answers every request of a sync with the same arbitrary body
// and status: whatever the API (or something in its place) sends, a sync
// ends with a result for the data set, never a panic, and leaves no
// temporary file.
func FuzzSync(f *testing.F) {
	for _, name := range []string{"data_set.json", "versions_page1.json", "meta.json", "data_1.1.csv", "not_found.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(200))
	}
	f.Add([]byte(`{"results":[{"version":"1.0","status":"Published"}],"paging":{"totalPages":1}}`), uint8(200))
	f.Add([]byte{0x1f, 0x8b, 0, 0}, uint8(200))
	f.Add([]byte(`{"title":"x"}`), uint8(154)) // 429 (154+275)

	f.Fuzz(func(t *testing.T, b []byte, code uint8) {
		status := 200
		if code >= 100 {
			status = int(code) + 275 // 375-530: redirects without a Location, 4xx, 5xx
		}
		c, _ := testClient("http://api.test")
		c.Attempts = 1
		c.HTTP = &http.Client{Transport: handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			w.Write(b)
		})}}
		dir := t.TempDir()
		res, err := c.Sync(context.Background(), dir, []Follow{{ID: ks4ID, Name: "ks4"}})
		if err != nil {
			return
		}
		if len(res) != 1 || (res[0].Status == "failed") != (res[0].Err != nil) {
			t.Fatalf("results %+v", res)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.Name() != ManifestName && e.Name()[0] == '.' {
				t.Errorf("left %s", e.Name())
			}
		}
	})
}

// FuzzDecodePage decodes arbitrary bytes as a page of versions: never a
// panic, and a page taken is one encoding/json takes too, with at least
// its results (a name given twice is read twice, not the last kept).
func FuzzDecodePage(f *testing.F) {
	for _, name := range []string{"versions_page1.json", "versions_page2.json", "publications.json", "data_set.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"results":null,"paging":{"page":9223372036854775807,"totalPages":-1}}`))
	f.Add([]byte(`{"paging":{"totalPages":1e99},"results":[{"version":"1.0","notes":"` + strings.Repeat("n", 1000) + `"}]}`))
	f.Add([]byte(`{"RESULTS":[{}],"results":[{}],"paging":null,"links":{"next":"?page=2","prev":null}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		p, err := decodePage(bytes.NewReader(b), func(Version) error { n++; return nil })
		if err != nil {
			return
		}
		var whole struct {
			Results []Version `json:"results"`
			Paging  Paging    `json:"paging"`
		}
		if err := json.Unmarshal(b, &whole); err != nil {
			t.Fatalf("decodePage took a page json.Unmarshal refuses: %v", err)
		}
		if n < len(whole.Results) {
			t.Fatalf("%d results, json.Unmarshal found %d", n, len(whole.Results))
		}
		_ = p
	})
}

// FuzzVersionsPaging answers every page of a versions list with fuzzed
// results and paging (the page it says it is, relative to the page asked
// for, and the pages it says there are): the list ends, within MaxPages
// requests, and a list taken has every page's results.
func FuzzVersionsPaging(f *testing.F) {
	f.Add([]byte(`[{"version":"1.0","status":"Published"}]`), int8(0), int64(1))
	f.Add([]byte(`[{"version":"1.0","status":"Published"},{"version":"1.1","status":"Published"}]`), int8(0), int64(7))
	f.Add([]byte(`[{"version":"1.0"}]`), int8(0), int64(9223372036854775807))
	f.Add([]byte(`[{"version":"1.0"}]`), int8(-1), int64(3))
	f.Add([]byte(`[]`), int8(0), int64(1000))
	f.Add([]byte(`null`), int8(0), int64(-5))
	f.Fuzz(func(t *testing.T, results []byte, delta int8, total int64) {
		const maxPages = 20
		requests := 0
		c, _ := testClient("http://api.test")
		c.Attempts, c.MaxPages = 1, maxPages
		c.HTTP = &http.Client{Transport: handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests++
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			fmt.Fprintf(w, `{"paging":{"page":%d,"pageSize":20,"totalResults":%d,"totalPages":%d},"results":%s}`, page+int(delta), total, total, results)
		})}}
		vs, err := c.Versions(context.Background(), ks4ID)
		if requests > maxPages {
			t.Fatalf("%d requests", requests)
		}
		if err != nil || !json.Valid(results) {
			return // results that are not JSON alone may still make a page with the rest
		}
		var one []Version
		if json.Unmarshal(results, &one) != nil {
			t.Fatalf("took results json.Unmarshal refuses")
		}
		if len(vs) != requests*len(one) || requests > 1 && int64(requests) != total {
			t.Fatalf("%d versions from %d pages of %d (total %d)", len(vs), requests, len(one), total)
		}
	})
}
