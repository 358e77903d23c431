package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesapi"
	"github.com/yardstick-etl/yardstick/sources/eesapi/eesapitest"
)

const cinKS4 = "019d431f-519e-7527-999a-8019a8016012"

// quickAPIClient makes runs' API clients wait milliseconds, not seconds,
// between attempts.
func quickAPIClient(t *testing.T) {
	old := newAPIClient
	newAPIClient = func(base string) *eesapi.Client {
		c := old(base)
		c.Backoff, c.MaxWait = time.Millisecond, time.Second
		return c
	}
	t.Cleanup(func() { newAPIClient = old })
}

// ks4Version is a version of the CIN KS4 data set whose Trafford
// Attainment 8 is a8.
func ks4Version(t *testing.T, version, a8 string, published time.Time) eesapitest.Version {
	t.Helper()
	meta, err := os.ReadFile("../sources/eesapi/testdata/meta.json")
	if err != nil {
		t.Fatal(err)
	}
	csv := "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,social_care_group,version,pupil_count,attainment8_average,engmath_95_percent,progress8_average\n" +
		"202425,Academic year,National,E92000001,England,,,,,,CINO at 31 March,Revised,13260,22.2,9.7,x\n" +
		"202425,Academic year,Regional,E92000001,England,E12000002,North West,,,,CINO at 31 March,Revised,1940,23.2,9.2,x\n" +
		"202425,Academic year,Local authority,E92000001,England,E12000002,North West,358,Trafford,E08000009,CINO at 31 March,Revised,60," + a8 + ",c,x\n" +
		"202425,Academic year,Local authority,E92000001,England,E12000002,North West,350,Bolton,E08000001,CINO at 31 March,Revised,70,20.1,8.0,x\n"
	return eesapitest.Version{Version: version, ReleaseTitle: "Reporting year 2025", Published: published, CSV: csv, MetaJSON: string(meta)}
}

const fetchYAML = `fetch:
  base_url: %s
  data_sets:
    - id: ` + cinKS4 + `
      name: cin_outcomes_ks4_la
indicators:
  - {id: cin_a8, file: cin_outcomes_ks4_la.csv, measure: attainment8_average, where: {social_care_group: CINO at 31 March}, polarity: high}
`

// TestFetchInRuns: a run fetches the followed data set before reading its
// inputs; the next run downloads nothing; a new version appearing is in
// the warehouse after the next run; a server that is down leaves the run
// going on the version on disk, said in the summary, the log and status;
// fetch.required makes it fail the run instead.
func TestFetchInRuns(t *testing.T) {
	quickAPIClient(t)
	srv := eesapitest.NewServer(eesapitest.DataSet{ID: cinKS4, Title: "LA - Key Stage 4 (KS4) - API",
		Versions: []eesapitest.Version{ks4Version(t, "1.0", "25.4", time.Date(2026, 3, 26, 9, 30, 0, 0, time.UTC))}})
	defer srv.Close()
	dir := t.TempDir()
	p := filepath.Join(dir, "yardstick.yaml")
	if err := os.WriteFile(p, []byte(strings.Replace(fetchYAML, "%s", srv.URL, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Fetch.Into != "ees-api" || len(cfg.Inputs) != 1 || cfg.Inputs[0] != "ees-api" {
		t.Fatalf("fetch folder not an input: %+v %v", cfg.Fetch, cfg.Inputs)
	}

	t.Run("the first run fetches and loads it", func(t *testing.T) {
		sum := mustRun(t, cfg, Options{})
		if sum.Status != "published" || len(sum.Fetch) != 1 || sum.Fetch[0].Status != "downloaded" || sum.Fetch[0].Version != "1.0" {
			t.Fatalf("run: %+v", sum.RunRecord)
		}
		got := queryCSV(t, cfg, `SELECT path, source_kind, status, source_version, source_release, left(source_published::VARCHAR, 10) AS published,
			source_url LIKE '%/v1/data-sets/`+cinKS4+`/csv?dataSetVersion=1.0' AS url FROM meta.input_file ORDER BY path`)
		want := "path,source_kind,status,source_version,source_release,published,url\n" +
			"ees-api/cin_outcomes_ks4_la.csv,ees,loaded,1.0,Reporting year 2025,2026-03-26,true\n" +
			"ees-api/cin_outcomes_ks4_la.meta.csv,ees_meta,loaded,1.0,Reporting year 2025,2026-03-26,true\n"
		if got != want {
			t.Errorf("meta.input_file:\n%s\nwant\n%s", got, want)
		}
		// the figure and the label the metadata gives
		got = queryCSV(t, cfg, `SELECT b.value, b.england_value, b.national_rank, i.label FROM mart.la_benchmark b JOIN ref.indicator i USING (indicator_id)
			WHERE indicator_id = 'cin_a8' AND la_code = '358'`)
		if got != "value,england_value,national_rank,label\n25.4,22.2,1,Average Attainment 8 score of all pupils\n" {
			t.Errorf("mart: %s", got)
		}
		// the built-in entry takes the API data set's column names too
		got = queryCSV(t, cfg, `SELECT la_code, value, national_rank FROM mart.la_benchmark WHERE indicator_id = 'ks4_att8_cin' ORDER BY la_code`)
		if got != "la_code,value,national_rank\n350,20.1,2\n358,25.4,1\n" {
			t.Errorf("built-in ks4_att8_cin: %s", got)
		}
	})
	t.Run("the next run downloads nothing", func(t *testing.T) {
		before := srv.Count("/csv")
		sum := mustRun(t, cfg, Options{})
		if sum.Status != "unchanged" || sum.Fetch[0].Status != "up_to_date" || srv.Count("/csv") != before {
			t.Errorf("run: %+v, downloads %d", sum.RunRecord, srv.Count("/csv")-before)
		}
	})
	t.Run("a new version appears between two runs", func(t *testing.T) {
		srv.AddVersion(cinKS4, ks4Version(t, "1.1", "26.0", time.Date(2026, 4, 2, 9, 30, 0, 0, time.UTC)))
		sum := mustRun(t, cfg, Options{})
		if sum.Status != "published" || sum.Fetch[0].Status != "downloaded" || sum.Fetch[0].Previous != "1.0" || sum.Fetch[0].Version != "1.1" {
			t.Fatalf("run: %+v", sum.RunRecord)
		}
		got := queryCSV(t, cfg, `SELECT value, (SELECT source_version FROM meta.input_file WHERE path = 'ees-api/cin_outcomes_ks4_la.csv') AS version
			FROM mart.la_benchmark WHERE indicator_id = 'cin_a8' AND la_code = '358'`)
		if got != "value,version\n26,1.1\n" {
			t.Errorf("after the new version: %s", got)
		}
	})
	t.Run("a server that is down", func(t *testing.T) {
		down := eesapitest.NewServer()
		down.Close()
		cfg.Fetch.BaseURL = down.URL
		defer func() { cfg.Fetch.BaseURL = srv.URL }()
		var log bytes.Buffer
		sum, err := Run(context.Background(), cfg, Options{Log: slog.New(slog.NewJSONHandler(&log, nil))})
		if err != nil {
			t.Fatalf("a failed fetch failed the run: %v", err)
		}
		f := FetchFailed(sum.Fetch)
		if sum.Status != "unchanged" || len(f) != 1 || f[0].Version != "1.1" || !strings.Contains(f[0].Reason, "connection refused") {
			t.Errorf("run: %+v", sum.RunRecord)
		}
		if !strings.Contains(log.String(), `"level":"ERROR","msg":"a data set could not be fetched; version 1.1 on disk is used"`) {
			t.Errorf("log:\n%s", log.String())
		}
		rep, err := Status(context.Background(), cfg, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.FetchFailed) != 1 || rep.FetchFailed[0].Name != "cin_outcomes_ks4_la" || len(rep.Fetched) != 1 || rep.Fetched[0].Version != "1.1" {
			t.Errorf("status: %+v %+v", rep.FetchFailed, rep.Fetched)
		}
		got := queryCSV(t, cfg, `SELECT value FROM mart.la_benchmark WHERE indicator_id = 'cin_a8' AND la_code = '358'`)
		if got != "value\n26\n" {
			t.Errorf("the version on disk is not the one used: %s", got)
		}

		t.Run("required", func(t *testing.T) {
			cfg.Fetch.Required = true
			defer func() { cfg.Fetch.Required = false }()
			before, _ := os.Stat(cfg.Abs(cfg.Warehouse))
			sum, err := Run(context.Background(), cfg, Options{Force: true})
			if err == nil || !strings.Contains(err.Error(), "fetch.required is set and 1 data set(s) could not be fetched: cin_outcomes_ks4_la ("+cinKS4+"): ") {
				t.Errorf("run: %v %+v", err, sum)
			}
			after, _ := os.Stat(cfg.Abs(cfg.Warehouse))
			if !after.ModTime().Equal(before.ModTime()) {
				t.Error("the published warehouse changed")
			}
			if h := readHistory(cfg.Abs(cfg.Lake)); h[len(h)-1].Status != "failed" || len(h[len(h)-1].Fetch) != 1 {
				t.Errorf("history: %+v", h[len(h)-1])
			}
		})
	})
	t.Run("fetch on its own", func(t *testing.T) {
		srv.AddVersion(cinKS4, ks4Version(t, "2.0", "27.0", time.Date(2026, 5, 2, 9, 30, 0, 0, time.UTC)))
		cfg.Fetch.DataSets[0].Version = "1.*"
		defer func() { cfg.Fetch.DataSets[0].Version = "" }()
		out, err := Fetch(context.Background(), cfg, testLogger(t))
		if err != nil || len(out) != 1 || out[0].Status != "up_to_date" || out[0].Version != "1.1" {
			t.Errorf("fetch 1.*: %+v %v", out, err)
		}
	})
}

func TestFetchConfig(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"empty", "fetch:\n  data_sets: []\n", "fetch: data_sets is empty"},
		{"bad id", "fetch:\n  data_sets:\n    - id: ks4\n", "line 3: fetch: data_sets: id \"ks4\" is not a data set id"},
		{"no id", "fetch:\n  data_sets:\n    - name: ks4\n", "line 3: fetch: data_sets: id is missing"},
		{"twice", "fetch:\n  data_sets:\n    - id: " + cinKS4 + "\n    - id: " + cinKS4 + "\n", "line 4: fetch: data_sets: data set " + cinKS4 + " is listed twice (first at line 3)"},
		{"version", "fetch:\n  data_sets:\n    - {id: " + cinKS4 + ", version: two}\n", `line 3: fetch: data_sets: ` + cinKS4 + `: version "two" is not a version like 2.1`},
		{"name", "fetch:\n  data_sets:\n    - {id: " + cinKS4 + ", name: ../x}\n", `name "../x" is not a plain file name`},
		{"name.csv", "fetch:\n  data_sets:\n    - {id: " + cinKS4 + ", name: ks4.csv}\n", `give the name without .csv or .meta`},
		{"name.meta", "fetch:\n  data_sets:\n    - {id: " + cinKS4 + ", name: ks4.meta}\n", `give the name without .csv or .meta`},
		{"same name", "fetch:\n  data_sets:\n    - {id: " + cinKS4 + ", name: a}\n    - {id: 019d431f-f58f-73c2-9c1e-5e5fd3462e77, name: A}\n", `line 4: fetch: data_sets: name "A" is used twice`},
		{"base_url", "fetch:\n  base_url: api.education.gov.uk\n  data_sets:\n    - id: " + cinKS4 + "\n", `base_url "api.education.gov.uk" is not an http(s) address`},
		{"into the lake", "fetch:\n  into: lake/api\n  data_sets:\n    - id: " + cinKS4 + "\n", `into "lake/api" is the lake, the warehouse or an extracts folder`},
		{"into the extracts", "extracts:\n  - {la: \"358\", out: papers}\nfetch:\n  into: papers\n  data_sets:\n    - id: " + cinKS4 + "\n", `into "papers" is the lake, the warehouse or an extracts folder`},
		{"unknown key", "fetch:\n  data_set:\n    - id: " + cinKS4 + "\n", `line 2: data_set: unknown key`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "y.yaml")
			os.WriteFile(p, []byte(tc.yaml), 0o644)
			_, err := LoadConfig(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %q", err, tc.want)
			}
		})
	}
	t.Run("into an existing input is not listed twice", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "y.yaml")
		os.WriteFile(p, []byte("inputs: [./api]\nfetch:\n  into: api\n  data_sets:\n    - id: "+cinKS4+"\n"), 0o644)
		cfg, err := LoadConfig(p)
		if err != nil || len(cfg.Inputs) != 1 || cfg.Fetch.BaseURL != eesapi.DefaultBaseURL {
			t.Errorf("%v %+v", err, cfg)
		}
	})
}

// TestFetchTamperedManifest: a fetch folder's manifest names the files
// yardstick removes when a data set is no longer followed (or renamed).
// Tampered, it named ../victim.txt, and yardstick deleted it. A file
// outside the folder (by "..", an absolute path or a symlinked folder), a
// symlink, or a file changed since it was fetched is left and reported;
// a data set's files as fetched are still removed.
func TestFetchTamperedManifest(t *testing.T) {
	quickAPIClient(t)
	const sen = "019d431f-f58f-73c2-9c1e-5e5fd3462e77"
	published := time.Date(2026, 3, 26, 9, 30, 0, 0, time.UTC)
	srv := eesapitest.NewServer(
		eesapitest.DataSet{ID: cinKS4, Title: "LA - Key Stage 4 (KS4) - API", Versions: []eesapitest.Version{ks4Version(t, "1.0", "25.4", published)}},
		eesapitest.DataSet{ID: sen, Title: "SEN - API", Versions: []eesapitest.Version{ks4Version(t, "1.0", "21.0", published)}})
	defer srv.Close()
	root := t.TempDir()
	p := filepath.Join(root, "yardstick.yaml")
	writeConfig := func(t *testing.T, sets string) *Config {
		t.Helper()
		if err := os.WriteFile(p, []byte("fetch:\n  base_url: "+srv.URL+"\n  data_sets:\n"+sets), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(p)
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	cinSet := "    - {id: " + cinKS4 + ", name: cin}\n"
	senSet := "    - {id: " + sen + ", name: sen}\n"
	dir := filepath.Join(root, "ees-api")
	ctx := context.Background()

	// the files a tampered manifest points at, outside the fetch folder
	victim := filepath.Join(root, "victim.txt")
	const precious = "precious: not yardstick's\n"
	if err := os.WriteFile(victim, []byte(precious), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(precious))
	victimHash := hex.EncodeToString(sum[:]) // the hash a tamperer would record
	addEntry := func(t *testing.T, e eesapi.Entry) {
		t.Helper()
		man, err := eesapi.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		man.DataSets = append(man.DataSets, e)
		data, _ := json.Marshal(man)
		if err := os.WriteFile(filepath.Join(dir, eesapi.ManifestName), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inManifest := func(t *testing.T, id string) bool {
		t.Helper()
		man, err := eesapi.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range man.DataSets {
			if e.ID == id {
				return true
			}
		}
		return false
	}
	outcome := func(out []FetchOutcome, id string) FetchOutcome {
		for _, o := range out {
			if o.ID == id {
				return o
			}
		}
		return FetchOutcome{}
	}

	cfg := writeConfig(t, cinSet)
	if out, err := Fetch(ctx, cfg, testLogger(t)); err != nil || len(out) != 1 || out[0].Status != "downloaded" {
		t.Fatalf("first fetch: %+v %v", out, err)
	}
	if err := os.Symlink(root, filepath.Join(dir, "link")); err != nil { // a folder out of the fetch folder
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(dir, "victim-link.csv")); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, csv, meta string
		reason          string
		still           string // the file that must still be there
	}{
		{"../victim.txt", "../victim.txt", "../victim.meta.csv", "outside the fetch folder", victim},
		{"a path that climbs out after going in", "sub/../../victim.txt", "sub/../../victim.meta.csv", "outside the fetch folder", victim},
		{"an absolute path", victim, victim, "an absolute path", victim},
		{"through a symlinked folder", "link/victim.txt", "link/victim.meta.csv", "through a symlink out of the fetch folder", victim},
		{"a symlink to a file outside", "victim-link.csv", "victim-link.meta.csv", "not a plain file", filepath.Join(dir, "victim-link.csv")},
		{"no file name", "", "", "the manifest names no file", victim},
		{"the followed data set's own file", "cin.csv", "cin.meta.csv", "a followed data set's file", filepath.Join(dir, "cin.csv")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const id = "11111111-2222-3333-4444-555555555555"
			e := eesapi.Entry{ID: id, Name: "gone", Version: "1.0", CSV: tc.csv, MetaCSV: tc.meta, SHA256: victimHash, Bytes: int64(len(precious))}
			if tc.csv == "cin.csv" { // its true hash and size, copied from its entry
				man, _ := eesapi.ReadManifest(dir)
				e.SHA256, e.Bytes = man.DataSets[0].SHA256, man.DataSets[0].Bytes
			}
			addEntry(t, e)
			out, err := Fetch(ctx, cfg, testLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			if data, err := os.ReadFile(victim); err != nil || string(data) != precious {
				t.Fatalf("the victim was removed or changed: %v %q", err, data)
			}
			if _, err := os.Lstat(tc.still); err != nil {
				t.Errorf("%s was removed", tc.still)
			}
			o := outcome(out, id)
			if o.Status != "left" || len(o.Warnings) == 0 || !strings.Contains(strings.Join(o.Warnings, "\n"), tc.reason) {
				t.Errorf("outcome %+v; want left, a warning saying %q", o, tc.reason)
			}
			if c := outcome(out, cinKS4); c.Status != "up_to_date" {
				t.Errorf("the followed data set: %+v", c)
			}
			if inManifest(t, id) {
				t.Error("the tampered entry is still in the manifest")
			}
		})
	}

	t.Run("a file changed since it was fetched is left; one as fetched is removed", func(t *testing.T) {
		cfg := writeConfig(t, cinSet+senSet)
		if out, err := Fetch(ctx, cfg, testLogger(t)); err != nil || outcome(out, sen).Status != "downloaded" {
			t.Fatalf("fetch: %+v %v", out, err)
		}
		// the same size, another figure: only its hash tells
		edited := filepath.Join(dir, "sen.csv")
		data, _ := os.ReadFile(edited)
		if err := os.WriteFile(edited, bytes.Replace(data, []byte(",21.0,"), []byte(",29.0,"), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg = writeConfig(t, cinSet)
		out, err := Fetch(ctx, cfg, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		if o := outcome(out, sen); o.Status != "left" || !strings.Contains(strings.Join(o.Warnings, "\n"), "sen.csv was left, not removed: changed since it was fetched (its sha256 is not the one recorded)") {
			t.Errorf("outcome: %+v", o)
		}
		for _, f := range []string{"sen.csv", "sen.meta.csv"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s was removed", f)
			}
		}
		if inManifest(t, sen) {
			t.Error("the entry is still in the manifest")
		}
		// the files left moved away, followed and fetched again, then
		// unfollowed as fetched: removed
		os.Remove(edited)
		os.Remove(filepath.Join(dir, "sen.meta.csv"))
		cfg = writeConfig(t, cinSet+senSet)
		if out, err := Fetch(ctx, cfg, testLogger(t)); err != nil || outcome(out, sen).Status != "downloaded" {
			t.Fatalf("fetch: %+v %v", out, err)
		}
		cfg = writeConfig(t, cinSet)
		out, err = Fetch(ctx, cfg, testLogger(t))
		if err != nil || outcome(out, sen).Status != "removed" {
			t.Errorf("unfollowed as fetched: %+v %v", out, err)
		}
		for _, f := range []string{"sen.csv", "sen.meta.csv"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				t.Errorf("%s was not removed", f)
			}
		}
	})

	t.Run("renamed: the old files changed are left, the new fetched", func(t *testing.T) {
		old := filepath.Join(dir, "cin.csv") // a line added: its size tells
		data, _ := os.ReadFile(old)
		if err := os.WriteFile(old, append(data, "# edited\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := writeConfig(t, "    - {id: "+cinKS4+", name: cin_ks4}\n")
		out, err := Fetch(ctx, cfg, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		o := outcome(out, cinKS4)
		if o.Status != "downloaded" || !strings.Contains(strings.Join(o.Warnings, "\n"), "cin.csv was left, not removed: changed since it was fetched") {
			t.Errorf("outcome: %+v", o)
		}
		for _, f := range []string{"cin.csv", "cin.meta.csv", "cin_ks4.csv", "cin_ks4.meta.csv"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	})
}
