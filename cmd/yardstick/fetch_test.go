package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/sources/eesapi/eesapitest"
)

// TestFetchCommand: fetch --search lists publications and data set ids
// with a config snippet; fetch fetches, then finds nothing new; a data set
// the API does not know fails alone, in fetch's exit code, the run's
// summary and status, while the run still publishes.
func TestFetchCommand(t *testing.T) {
	const pub, ks4, sen = "4e9c7f1a-53b4-4a5e-9d6c-2a8f0b1c3d5e", "019d431f-519e-7527-999a-8019a8016012", "019d431f-f58f-73c2-9c1e-5e5fd3462e77"
	meta, err := os.ReadFile("../../sources/eesapi/testdata/meta.json")
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile("../../sources/eesapi/testdata/data_1.1.csv")
	if err != nil {
		t.Fatal(err)
	}
	published := time.Date(2026, 3, 26, 9, 30, 0, 0, time.UTC)
	v := eesapitest.Version{Version: "1.1", ReleaseTitle: "Reporting year 2025", Published: published, CSV: string(csv), MetaJSON: string(meta)}
	srv := eesapitest.NewServer(
		eesapitest.DataSet{ID: ks4, Title: "LA - Key Stage 4 (KS4) - API", PublicationID: pub, Versions: []eesapitest.Version{v}},
		eesapitest.DataSet{ID: sen, Title: "National - Special educational needs (SEN) - API", PublicationID: pub, Versions: []eesapitest.Version{v}},
	)
	defer srv.Close()
	srv.AddPublication(eesapitest.Publication{ID: pub, Title: "Outcomes for children in need, including children looked after by local authorities in England",
		Summary: "Educational outcomes", LastPublished: published})
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir) // no yardstick.yaml here: --search needs none

	t.Run("search", func(t *testing.T) {
		var out, errs bytes.Buffer
		if code := run(ctx, []string{"fetch", "--search", "children in need", "--base-url", srv.URL}, &out, &errs); code != 0 {
			t.Fatalf("exit %d: %s", code, errs.String())
		}
		for _, want := range []string{
			"Outcomes for children in need, including children looked after by local authorities in England\n  last published 2026-03-26, 2 data set(s) on the API\n",
			"  " + ks4 + "  1.1    2026-03-26  LA - Key Stage 4 (KS4) - API\n",
			"  " + sen + "  1.1    2026-03-26  National - Special educational needs (SEN) - API\n",
			"fetch:\n  data_sets:\n    - id: " + ks4 + "\n      name: la_key_stage_4_ks4_api\n",
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("search output lacks %q:\n%s", want, out.String())
			}
		}
		out.Reset()
		if code := run(ctx, []string{"fetch", "--search", "adoption", "--base-url", srv.URL}, &out, &errs); code != 0 || !strings.Contains(out.String(), `no publication on the API matches "adoption"`) {
			t.Errorf("exit %d: %s", code, out.String())
		}
		errs.Reset()
		if code := run(ctx, []string{"fetch", "--search", "in", "--base-url", srv.URL}, &out, &errs); code != exitUsage || !strings.Contains(errs.String(), "at least 3 characters") {
			t.Errorf("exit %d: %s", code, errs.String())
		}
	})

	cfg := filepath.Join(dir, "yardstick.yaml")
	os.WriteFile(cfg, []byte("fetch:\n  base_url: "+srv.URL+"\n  data_sets:\n    - {id: "+ks4+", name: cin_ks4}\n"), 0o644)
	t.Run("fetch", func(t *testing.T) {
		var out, errs bytes.Buffer
		if code := run(ctx, []string{"fetch"}, &out, &errs); code != 0 || out.String() != "fetched       cin_ks4 version 1.1: Reporting year 2025\n" {
			t.Errorf("exit %d: %s%s", code, out.String(), errs.String())
		}
		out.Reset()
		if code := run(ctx, []string{"fetch"}, &out, &errs); code != 0 || out.String() != "up to date    cin_ks4 version 1.1\n" {
			t.Errorf("exit %d: %s%s", code, out.String(), errs.String())
		}
	})
	t.Run("an unknown id in a run", func(t *testing.T) {
		os.WriteFile(cfg, []byte("fetch:\n  base_url: "+srv.URL+"\n  data_sets:\n    - {id: "+ks4+", name: cin_ks4}\n    - {id: 11111111-2222-3333-4444-555555555555, name: gone}\n"), 0o644)
		var out, errs bytes.Buffer
		if code := run(ctx, []string{"run"}, &out, &errs); code != 0 {
			t.Fatalf("run exit %d: %s", code, errs.String())
		}
		for _, want := range []string{
			// the line wraps to fit 120 columns
			"FETCH FAILED  gone (11111111-2222-3333-4444-555555555555): the API has no data set with this id: check the id",
			"(yardstick fetch --search WORDS lists data sets and their ids); nothing on disk for it yet\n",
			"fetch: 1 data set up to date\n", " published: 2 inputs loaded",
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("run output lacks %q:\n%s", want, out.String())
			}
		}
		out.Reset()
		if code := run(ctx, []string{"status"}, &out, &errs); code != 0 {
			t.Fatalf("status exit %d: %s", code, errs.String())
		}
		for _, want := range []string{"FETCH FAILED: the last run could not fetch 1 data set from DfE's API:\n  gone (11111111-2222-3333-4444-555555555555): the API has no data set",
			"fetched from DfE's API (1 data set):\n  cin_ks4 version 1.1: Reporting year 2025, published 2026-03-26; fetched "} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("status lacks %q:\n%s", want, out.String())
			}
		}
		out.Reset()
		if code := run(ctx, []string{"fetch"}, &out, &errs); code != 1 {
			t.Errorf("fetch with a failure: exit %d", code)
		}
	})
}
