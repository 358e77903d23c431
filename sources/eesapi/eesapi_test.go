package eesapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesapi/eesapitest"
	"github.com/yardstick-etl/yardstick/sources/eesmeta"
)

// testClient is a client of url that records its waits instead of waiting.
func testClient(url string) (*Client, *[]time.Duration) {
	c := New(url, "yardstick-test")
	var mu sync.Mutex
	waits := &[]time.Duration{}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		*waits = append(*waits, d)
		return ctx.Err()
	}
	c.IdleTimeout = 5 * time.Second
	return c, waits
}

// TestDocumentedShapes decodes the example responses in testdata, written
// in the shapes of the API's OpenAPI document, through the client.
func TestDocumentedShapes(t *testing.T) {
	const id = "019d431f-519e-7527-999a-8019a8016012"
	const pub = "4e9c7f1a-53b4-4a5e-9d6c-2a8f0b1c3d5e"
	files := map[string]string{
		"/v1/data-sets/" + id:                       "data_set.json",
		"/v1/data-sets/" + id + "/versions?page=1":  "versions_page1.json",
		"/v1/data-sets/" + id + "/versions?page=2":  "versions_page2.json",
		"/v1/data-sets/" + id + "/meta":             "meta.json",
		"/v1/publications":                          "publications.json",
		"/v1/publications/" + pub + "/data-sets":    "publication_data_sets.json",
		"/v1/data-sets/" + id + "/csv":              "data_1.1.csv",
		"/v1/data-sets/not-a-data-set":              "not_found.json",
		"/v1/data-sets/" + id + "/meta?version=9.9": "bad_request.json",
		"/v1/data-sets/" + id + "/meta?version=9.8": "bad_request_2022.json",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Path
		if p := r.URL.Query().Get("page"); p != "" && strings.HasSuffix(key, "/versions") {
			key += "?page=" + p
		}
		if v := r.URL.Query().Get("dataSetVersion"); strings.HasPrefix(v, "9.") {
			key += "?version=" + v
		}
		name, ok := files[key]
		if !ok {
			t.Errorf("unexpected request %s", r.URL)
			http.NotFound(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		switch name {
		case "not_found.json":
			w.WriteHeader(http.StatusNotFound)
		case "bad_request.json", "bad_request_2022.json":
			w.WriteHeader(http.StatusBadRequest)
		}
		w.Write(data)
	}))
	defer srv.Close()
	c, _ := testClient(srv.URL)
	ctx := context.Background()

	t.Run("data set", func(t *testing.T) {
		d, err := c.DataSet(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != "LA - Key Stage 4 (KS4) - API" || d.Status != "Published" || d.LatestVersion == nil || d.LatestVersion.Version != "1.1" {
			t.Errorf("data set: %+v", d)
		}
	})
	t.Run("versions, every page", func(t *testing.T) {
		vs, err := c.Versions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range vs {
			got = append(got, v.Version+" "+v.Status+" "+v.Release.Title)
		}
		want := []string{"1.1 Published Reporting year 2025", "1.0 Deprecated Reporting year 2024", "0.9 Withdrawn Reporting year 2023"}
		if !slices.Equal(got, want) {
			t.Errorf("versions %q, want %q", got, want)
		}
		if vs[0].Published == nil || vs[0].Published.Format("2006-01-02") != "2026-03-26" || vs[2].Withdrawn == nil {
			t.Errorf("dates: %+v", vs[0])
		}
	})
	t.Run("meta becomes an EES metadata file", func(t *testing.T) {
		m, err := c.Meta(ctx, id, "1.1")
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		p := filepath.Join(dir, "ks4.meta.csv")
		f, _ := os.Create(p)
		if err := eesmeta.Write(f, metaColumns(m)); err != nil {
			t.Fatal(err)
		}
		f.Close()
		back, err := eesmeta.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, col := range back.Columns {
			got = append(got, strings.Join([]string{col.Name, col.Type, col.Label, col.Unit, itoa(col.DecimalPlaces)}, "|"))
		}
		want := []string{
			"social_care_group|Filter|Social care group||-1",
			"pupil_count|Indicator|Number of pupils||0",
			"attainment8_average|Indicator|Average Attainment 8 score of all pupils||1",
			"engmath_95_percent|Indicator|Percentage of pupils achieving grade 5 or above in English and maths|%|1",
			"progress8_average|Indicator|Average Progress 8 score of all pupils||-1",
		}
		if !slices.Equal(got, want) {
			t.Errorf("metadata\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
	t.Run("publications and their data sets", func(t *testing.T) {
		ps, err := c.Publications(ctx, "children in need")
		if err != nil || len(ps) != 1 || !strings.HasPrefix(ps[0].Title, "Outcomes for children in need") {
			t.Fatalf("publications %+v %v", ps, err)
		}
		ds, err := c.PublicationDataSets(ctx, ps[0].ID)
		if err != nil || len(ds) != 2 || ds[1].ID != "019d431f-f58f-73c2-9c1e-5e5fd3462e77" || ds[1].LatestVersion.Version != "1.0" {
			t.Fatalf("data sets %+v %v", ds, err)
		}
	})
	t.Run("errors say what the body says", func(t *testing.T) {
		_, err := c.DataSet(ctx, "not-a-data-set")
		if !NotFound(err) || !strings.Contains(err.Error(), "HTTP 404 Not Found: Not Found (GET ") {
			t.Errorf("404: %v", err)
		}
		_, err = c.Meta(ctx, id, "9.9")
		if err == nil || !strings.Contains(err.Error(), "HTTP 400 Bad Request: One or more validation errors occurred. dataSetVersion: The data set version could not be found.") {
			t.Errorf("400: %v", err)
		}
		_, err = c.Meta(ctx, id, "9.8") // the shape of the API's first documentation
		if err == nil || !strings.Contains(err.Error(), "dataSetVersion: Must be a valid data set version.") {
			t.Errorf("400 (2022): %v", err)
		}
	})
	t.Run("the CSV", func(t *testing.T) {
		d, err := c.DownloadCSV(ctx, id, "1.1", t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile("testdata/data_1.1.csv")
		got, _ := os.ReadFile(d.Path)
		if string(got) != string(want) || d.Bytes != int64(len(want)) {
			t.Errorf("downloaded %d bytes, want %d", d.Bytes, len(want))
		}
	})
}

func itoa(n int) string {
	if n < 0 {
		return "-1"
	}
	return string(rune('0' + n))
}

func TestPick(t *testing.T) {
	vs := []Version{
		{Version: "1.0", Status: "Deprecated"}, {Version: "1.1", Status: "Published"}, {Version: "1.2", Status: "Withdrawn"},
		{Version: "2.0", Status: "Published"}, {Version: "2.0.1", Status: "Published"}, {Version: "2.1", Status: "Published"},
		{Version: "10.0", Status: "Published"},
	}
	for _, tc := range []struct{ want, got, err string }{
		{want: "", got: "10.0"},
		{want: "latest", got: "10.0"},
		{want: "2.*", got: "2.1"},
		{want: "2.0.*", got: "2.0.1"},
		{want: "1.*", got: "1.1"},
		{want: "2.0", got: "2.0"},
		{want: "2.0.0", got: "2.0"},
		{want: "1.0", got: "1.0"}, // deprecated, asked for exactly
		{want: "1.2", err: "no published version matching 1.2: 1.2 withdrawn"},
		{want: "3.*", err: "no published version matching 3.*; it has 1.0 deprecated, 1.1 published"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			w, err := ParseWant(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			v, err := Pick(vs, w)
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want %q", err, tc.err)
				}
			case err != nil:
				t.Error(err)
			case v.Version != tc.got:
				t.Errorf("picked %s, want %s", v.Version, tc.got)
			}
		})
	}
	for _, bad := range []string{"2.x", "v2", "2..1", "1.2.3.4", "-1", "*.1"} {
		if _, err := ParseWant(bad); err == nil {
			t.Errorf("ParseWant(%q) took it", bad)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 30, 5, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"0", 0, true},
		{"Mon, 30 Nov 2026 05:31:00 GMT", time.Minute, true},
		{"Mon, 30 Nov 2026 05:29:00 GMT", 0, true},
		{"soon", 0, false},
		{"", 0, false},
	} {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v %v, want %v %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

const ks4ID = "019d431f-519e-7527-999a-8019a8016012"

func ks4(t *testing.T, versions ...string) eesapitest.DataSet {
	meta, err := os.ReadFile("testdata/meta.json")
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile("testdata/data_1.1.csv")
	if err != nil {
		t.Fatal(err)
	}
	d := eesapitest.DataSet{ID: ks4ID, Title: "LA - Key Stage 4 (KS4) - API"}
	for i, v := range versions {
		d.Versions = append(d.Versions, ks4Version(v, string(csv), string(meta), i))
	}
	return d
}

func ks4Version(v, csv, meta string, i int) eesapitest.Version {
	return eesapitest.Version{Version: v, ReleaseTitle: "Reporting year " + v, Published: time.Date(2025, 3, 27+i, 9, 30, 0, 0, time.UTC),
		CSV: csv + "202425,Academic year,Local authority,E92000001,England,E12000002,North West,350,Bolton,E08000001,CINO at 31 March,v" + v + ",70,20.1,8.0,x\n", MetaJSON: meta}
}

func follow(name, version string) Follow {
	w, _ := ParseWant(version)
	return Follow{ID: ks4ID, Version: w, Name: name}
}

func TestSync(t *testing.T) {
	ctx := context.Background()
	srv := eesapitest.NewServer(ks4(t, "1.0"))
	defer srv.Close()
	c, waits := testClient(srv.URL)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "ks4.csv")

	sync := func(t *testing.T, f ...Follow) []Result {
		t.Helper()
		res, err := c.Sync(ctx, dir, f)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	status := func(res []Result) string {
		var s []string
		for _, r := range res {
			line := r.Name + " " + r.Status + " " + r.Version
			if r.Err != nil {
				line += ": " + r.Err.Error()
			}
			s = append(s, line)
		}
		return strings.Join(s, "\n")
	}
	onDisk := func(t *testing.T) string {
		t.Helper()
		data, err := os.ReadFile(csvPath)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		return lines[len(lines)-1][strings.Index(lines[len(lines)-1], ",v")+1:][:4]
	}
	noTemporary := func(t *testing.T) {
		t.Helper()
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") && e.Name() != ManifestName {
				t.Errorf("left behind: %s", e.Name())
			}
		}
	}

	t.Run("first fetch", func(t *testing.T) {
		res := sync(t, follow("ks4", ""))
		if got := status(res); got != "ks4 downloaded 1.0" {
			t.Fatalf("got %s", got)
		}
		if onDisk(t) != "v1.0" {
			t.Errorf("on disk: %s", onDisk(t))
		}
		m, err := eesmeta.Read(filepath.Join(dir, "ks4.meta.csv"))
		if err != nil || len(m.Columns) != 5 {
			t.Errorf("metadata: %v %v", m, err)
		}
		man, _ := ReadManifest(dir)
		e := man.DataSets[0]
		if e.Version != "1.0" || e.ReleaseTitle != "Reporting year 1.0" || e.Published == nil || !strings.Contains(e.SourceURL, "/csv?dataSetVersion=1.0") {
			t.Errorf("manifest: %+v", e)
		}
	})
	t.Run("the same version again downloads nothing", func(t *testing.T) {
		before := srv.Count("/csv")
		if got := status(sync(t, follow("ks4", ""))); got != "ks4 up_to_date 1.0" {
			t.Fatalf("got %s", got)
		}
		if srv.Count("/csv") != before {
			t.Error("downloaded again")
		}
	})
	t.Run("a new version appears", func(t *testing.T) {
		meta, _ := os.ReadFile("testdata/meta.json")
		csv, _ := os.ReadFile("testdata/data_1.1.csv")
		srv.AddVersion(ks4ID, ks4Version("1.1", string(csv), string(meta), 1))
		res := sync(t, follow("ks4", ""))
		if got := status(res); got != "ks4 downloaded 1.1" || res[0].Previous != "1.0" {
			t.Fatalf("got %s (previous %s)", got, res[0].Previous)
		}
		if onDisk(t) != "v1.1" {
			t.Errorf("on disk: %s", onDisk(t))
		}
	})
	t.Run("a version pinned", func(t *testing.T) {
		if got := status(sync(t, follow("ks4", "1.0"))); got != "ks4 downloaded 1.0" || onDisk(t) != "v1.0" {
			t.Errorf("got %s, on disk %s", got, onDisk(t))
		}
		if got := status(sync(t, follow("ks4", "1.*"))); got != "ks4 downloaded 1.1" {
			t.Errorf("1.*: got %s", got)
		}
	})
	t.Run("a file changed on disk is fetched again", func(t *testing.T) {
		os.WriteFile(csvPath, []byte("time_period,geographic_level\n2025,National\n"), 0o644)
		if got := status(sync(t, follow("ks4", ""))); got != "ks4 downloaded 1.1" || onDisk(t) != "v1.1" {
			t.Errorf("got %s", got)
		}
		now := time.Now()
		os.Chtimes(csvPath, now, now) // touched, not changed
		if got := status(sync(t, follow("ks4", ""))); got != "ks4 up_to_date 1.1" {
			t.Errorf("touched: got %s", got)
		}
	})
	t.Run("an unknown id fails alone", func(t *testing.T) {
		unknown := Follow{ID: "00000000-0000-0000-0000-000000000000", Name: "nothing"}
		res := sync(t, unknown, follow("ks4", ""))
		got := status(res)
		if !strings.Contains(got, "nothing failed : the API has no data set with this id") ||
			!strings.Contains(got, "ks4 up_to_date 1.1") {
			t.Errorf("got %s", got)
		}
	})
	t.Run("429 then success, after Retry-After", func(t *testing.T) {
		*waits = nil
		srv.TooManyRequests(2, "7")
		if got := status(sync(t, follow("ks4", ""))); got != "ks4 up_to_date 1.1" {
			t.Errorf("got %s", got)
		}
		if !slices.Equal(*waits, []time.Duration{7 * time.Second, 7 * time.Second}) {
			t.Errorf("waited %v", *waits)
		}
	})
	t.Run("429 asking for too long a wait fails", func(t *testing.T) {
		srv.TooManyRequests(1, "86400")
		got := status(sync(t, follow("ks4", "")))
		if !strings.Contains(got, "ks4 failed 1.1: HTTP 429 Too Many Requests") || !strings.Contains(got, "the API asks to wait 24h0m0s, longer than yardstick waits (5m0s); the next run tries again") {
			t.Errorf("got %s", got)
		}
		srv.TooManyRequests(0, "")
	})
	t.Run("a download cut short is tried again", func(t *testing.T) {
		srv.Truncate(1)
		if got := status(sync(t, follow("ks4", "1.0"))); got != "ks4 downloaded 1.0" || onDisk(t) != "v1.0" {
			t.Errorf("got %s", got)
		}
		noTemporary(t)
	})
	t.Run("a download always cut short fails and keeps the version on disk", func(t *testing.T) {
		srv.Truncate(10)
		defer srv.Truncate(0)
		got := status(sync(t, follow("ks4", "1.1")))
		if !strings.Contains(got, "ks4 failed 1.0: GET ") || !strings.Contains(got, "the download was cut short after") || !strings.Contains(got, "(tried 4 times)") {
			t.Errorf("got %s", got)
		}
		if onDisk(t) != "v1.0" {
			t.Errorf("on disk: %s", onDisk(t))
		}
		noTemporary(t)
	})
	t.Run("a damaged download fails", func(t *testing.T) {
		srv.Damage(10)
		defer srv.Damage(0)
		got := status(sync(t, follow("ks4", "1.1")))
		if !strings.Contains(got, "MD5 is not the Content-MD5") || onDisk(t) != "v1.0" {
			t.Errorf("got %s", got)
		}
		noTemporary(t)
	})
	t.Run("a proxy's sign-in page", func(t *testing.T) {
		srv.SignInPage(true)
		defer srv.SignInPage(false)
		got := status(sync(t, follow("ks4", "1.1")))
		if !strings.Contains(got, "a proxy's sign-in or block page") || onDisk(t) != "v1.0" {
			t.Errorf("got %s", got)
		}
	})
	t.Run("renamed", func(t *testing.T) {
		if got := status(sync(t, follow("ks4_cin", ""))); got != "ks4_cin downloaded 1.1" {
			t.Errorf("got %s", got)
		}
		if _, err := os.Stat(csvPath); !errors.Is(err, os.ErrNotExist) {
			t.Error("the old name's file is still there")
		}
		csvPath = filepath.Join(dir, "ks4_cin.csv")
	})
	t.Run("a file of the same name that yardstick did not fetch is not overwritten", func(t *testing.T) {
		own := filepath.Join(dir, "mine.csv")
		os.WriteFile(own, []byte("an analyst's own file\n"), 0o644)
		got := status(sync(t, follow("mine", "")))
		if !strings.Contains(got, "mine failed 1.1: mine.csv is already in "+dir+" and is not this data set's") {
			t.Errorf("got %s", got)
		}
		if b, _ := os.ReadFile(own); string(b) != "an analyst's own file\n" {
			t.Error("overwritten")
		}
		os.Remove(own)
		if got := status(sync(t, follow("ks4_cin", ""))); got != "ks4_cin up_to_date 1.1" {
			t.Errorf("back: %s", got)
		}
	})
	t.Run("the server is down", func(t *testing.T) {
		down := eesapitest.NewServer()
		c2, _ := testClient(down.URL)
		down.Close()
		res, err := c2.Sync(ctx, dir, []Follow{follow("ks4_cin", "")})
		if err != nil {
			t.Fatal(err)
		}
		if got := status(res); !strings.Contains(got, "ks4_cin failed 1.1: ") || !strings.Contains(got, "connection refused") {
			t.Errorf("got %s", got)
		}
		if onDisk(t) != "v1.1" {
			t.Errorf("on disk: %s", onDisk(t))
		}
	})
	t.Run("no longer followed", func(t *testing.T) {
		if got := status(sync(t)); got != "ks4_cin removed " {
			t.Errorf("got %q", got)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 || entries[0].Name() != ManifestName {
			t.Errorf("left: %v", entries)
		}
	})
}

func TestDeprecatedDataSet(t *testing.T) {
	d := ks4(t, "1.0")
	d.Status, d.SupersededBy = "Deprecated", "11111111-2222-3333-4444-555555555555"
	srv := eesapitest.NewServer(d)
	defer srv.Close()
	c, _ := testClient(srv.URL)
	res, err := c.Sync(context.Background(), t.TempDir(), []Follow{follow("ks4", "")})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != "downloaded" || len(res[0].Warnings) != 1 || !strings.Contains(res[0].Warnings[0], "data set 11111111-2222-3333-4444-555555555555 supersedes it") {
		t.Errorf("%+v", res[0])
	}
}

// TestVersionsPaged: versions come 20 to a page (the API's most); every
// page is read.
func TestVersionsPaged(t *testing.T) {
	d := eesapitest.DataSet{ID: ks4ID, Title: "KS4"}
	for i := range 25 {
		d.Versions = append(d.Versions, eesapitest.Version{Version: "1." + strconv.Itoa(i), Published: time.Date(2025, 1, 1+i, 0, 0, 0, 0, time.UTC)})
	}
	srv := eesapitest.NewServer(d)
	defer srv.Close()
	c, _ := testClient(srv.URL)
	vs, err := c.Versions(context.Background(), ks4ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 25 || srv.Count("/versions?page=1&pageSize=20") != 1 || srv.Count("/versions?page=2&pageSize=20") != 1 {
		t.Errorf("%d versions; requests %v", len(vs), srv.Requests())
	}
	v, err := Pick(vs, Want{})
	if err != nil || v.Version != "1.24" {
		t.Errorf("picked %v %v", v.Version, err)
	}
}

// TestDownloadBodies: a CSV sent gzipped without saying so is unpacked; a
// gzipped one cut short, and one that stalls, are not taken.
func TestDownloadBodies(t *testing.T) {
	csv := "time_period,geographic_level,value\n2025,National,1\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(csv, 1000)))
	zw.Close()
	for _, tc := range []struct {
		name  string
		serve func(w http.ResponseWriter)
		want  string // "" the CSV whole
	}{
		{"gzip without Content-Encoding", func(w http.ResponseWriter) { w.Write(gz.Bytes()) }, ""},
		{"gzip cut short", func(w http.ResponseWriter) { w.Write(gz.Bytes()[:gz.Len()-10]) }, "cut short"},
		{"stalls", func(w http.ResponseWriter) {
			w.Write(gz.Bytes()[:100])
			w.(http.Flusher).Flush()
			time.Sleep(300 * time.Millisecond)
		}, "nothing received for 50ms"},
		{"not EES", func(w http.ResponseWriter) { w.Write([]byte("name,dob\n")) }, "its header (2 columns) has no time_period and geographic_level columns"},
		{"empty", func(w http.ResponseWriter) {}, "it is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/csv")
				tc.serve(w)
			}))
			defer srv.Close()
			c, _ := testClient(srv.URL)
			c.IdleTimeout = 50 * time.Millisecond
			dir := t.TempDir()
			d, err := c.DownloadCSV(context.Background(), ks4ID, "1.0", dir)
			switch {
			case tc.want == "":
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := os.ReadFile(d.Path); string(got) != strings.Repeat(csv, 1000) {
					t.Errorf("downloaded %d bytes", len(got))
				}
			case err == nil || !strings.Contains(err.Error(), tc.want):
				t.Errorf("error %v, want %q", err, tc.want)
			default:
				if left, _ := os.ReadDir(dir); len(left) != 0 {
					t.Errorf("left %v", left)
				}
			}
		})
	}
}

// TestProxyFromEnvironment: a council's proxy, named in HTTPS_PROXY (or
// HTTP_PROXY for an http address), carries every request.
func TestProxyFromEnvironment(t *testing.T) {
	api := eesapitest.NewServer(ks4(t, "1.0"))
	defer api.Close()
	target, _ := url.Parse(api.URL)
	var via []string
	var mu sync.Mutex
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		via = append(via, r.Host)
		mu.Unlock()
		r.URL.Scheme, r.URL.Host = target.Scheme, target.Host
		httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
	}))
	defer proxy.Close()
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("HTTPS_PROXY", "http://proxy.council.example:8080")
	t.Setenv("NO_PROXY", "")

	c, _ := testClient("http://api.statistics.test")
	res, err := c.Sync(context.Background(), t.TempDir(), []Follow{follow("ks4", "")})
	if err != nil || res[0].Status != "downloaded" {
		t.Fatalf("%+v %v", res, err)
	}
	if len(via) < 4 || via[0] != "api.statistics.test" {
		t.Errorf("through the proxy: %v", via)
	}
	req, _ := http.NewRequest("GET", DefaultBaseURL+"/v1/publications", nil)
	if u, err := c.HTTP.Transport.(*http.Transport).Proxy(req); err != nil || u == nil || u.Host != "proxy.council.example:8080" {
		t.Errorf("the live API's proxy: %v %v", u, err)
	}
}
