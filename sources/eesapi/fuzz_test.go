package eesapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
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
