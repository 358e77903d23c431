package pipeline

import (
	"bytes"
	"context"
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
