package pipeline

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesapi"
	"github.com/yardstick-etl/yardstick/sources/eesapi/eesapitest"
)

// TestFetchConfigTimeout: fetch: timeout is a length of time, checked with
// the config, and bounds each download of a fetch.
func TestFetchConfigTimeout(t *testing.T) {
	for _, tc := range []struct{ timeout, want string }{
		{"soon", `fetch: timeout "soon" is not a length of time like 30m or 1h30m`},
		{"30", `fetch: timeout "30" is not a length of time`},
		{"-5m", `fetch: timeout "-5m" is not a length of time`},
		{"0s", `fetch: timeout "0s" is not a length of time`},
	} {
		t.Run(tc.timeout, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "y.yaml")
			os.WriteFile(p, []byte("fetch:\n  timeout: "+tc.timeout+"\n  data_sets:\n    - id: "+cinKS4+"\n"), 0o644)
			if _, err := LoadConfig(p); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %q", err, tc.want)
			}
		})
	}
	t.Run("passed to the client", func(t *testing.T) {
		srv := eesapitest.NewServer(eesapitest.DataSet{ID: cinKS4, Title: "KS4",
			Versions: []eesapitest.Version{ks4Version(t, "1.0", "25.4", time.Date(2026, 3, 26, 9, 30, 0, 0, time.UTC))}})
		defer srv.Close()
		var clients []*eesapi.Client
		old := newAPIClient
		newAPIClient = func(base string) *eesapi.Client {
			c := old(base)
			clients = append(clients, c)
			return c
		}
		t.Cleanup(func() { newAPIClient = old })
		for _, tc := range []struct {
			timeout string
			want    time.Duration
		}{{"", eesapi.DefaultDownloadTimeout}, {"1h30m", 90 * time.Minute}} {
			p := filepath.Join(t.TempDir(), "y.yaml")
			yaml := "fetch:\n  base_url: " + srv.URL + "\n  data_sets:\n    - id: " + cinKS4 + "\n"
			if tc.timeout != "" {
				yaml += "  timeout: " + tc.timeout + "\n"
			}
			os.WriteFile(p, []byte(yaml), 0o644)
			cfg, err := LoadConfig(p)
			if err != nil {
				t.Fatal(err)
			}
			out, err := fetchFollowed(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil || len(out) != 1 || out[0].Status != "downloaded" {
				t.Fatalf("%+v %v", out, err)
			}
			if got := clients[len(clients)-1].DownloadTimeout; got != tc.want {
				t.Errorf("timeout %q: the client's is %s, want %s", tc.timeout, got, tc.want)
			}
		}
	})
}
