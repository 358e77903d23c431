package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/terminal"
)

// Issue 26, a new user's first hour: what status, the run's summary and
// headline say on the files a new user points yardstick at first.

// TestStatusZipMembers: a zip's members ("x.zip!member.csv" in
// meta.input_file) are inputs of the run, not stale files: right after a
// run, and after a run that changed nothing, nothing is stale. A changed
// zip is stale as one input, a removed one is removed as one.
func TestStatusZipMembers(t *testing.T) {
	cfg := rankingCase(t)
	in := func(name string) string { return filepath.Join(cfg.Dir(), "inputs", name) }
	scores, err := os.ReadFile(in("scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(in("scores.csv"))
	zipEntries(t, in("scores.zip"), []zipEntry{{"scores.csv", string(scores)}, {"scores_2.csv", string(scores)}})
	first := mustRun(t, cfg, Options{})
	if first.Loaded+first.Unchanged != 3 || first.Rejected != 0 { // the zip and its members (the copy staged once)
		t.Fatalf("first run: %+v\n%+v", first.RunRecord, first.Inputs)
	}
	stale := func() string {
		t.Helper()
		rep, err := Status(context.Background(), cfg, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range rep.Stale {
			got = append(got, s.Path+": "+s.Reason)
		}
		return strings.Join(got, "|")
	}
	if got := stale(); got != "" {
		t.Errorf("stale right after the run: %s", got)
	}
	if sum := mustRun(t, cfg, Options{}); sum.Status != "unchanged" {
		t.Fatalf("second run: %+v", sum.RunRecord)
	}
	if got := stale(); got != "" {
		t.Errorf("stale after a run that changed nothing: %s", got)
	}

	later := time.Now().Add(time.Hour)
	zipEntries(t, in("scores.zip"), []zipEntry{{"scores.csv", string(scores) + string(scores[strings.LastIndex(string(scores[:len(scores)-1]), "\n")+1:])}})
	os.Chtimes(in("scores.zip"), later, later)
	if got, want := stale(), "inputs/scores.zip: changed since the warehouse was published"; got != want {
		t.Errorf("a changed zip: %q, want %q", got, want)
	}
	os.Remove(in("scores.zip"))
	if got, want := stale(), "inputs/scores.zip: removed"; got != want {
		t.Errorf("a removed zip: %q, want %q", got, want)
	}
}

// TestNotRead: the reference files published beside those yardstick reads
// (LAIT's data dictionary and LA codes, the regions and their LAs) are
// not rejected: their status is not_read, with a short reason, counted
// apart and said in one line.
func TestNotRead(t *testing.T) {
	data := requireSharedData(t)
	dir := t.TempDir()
	cfg := keyedConfig(t, dir, "inputs: ["+filepath.Join(data, "reference")+"]\n")
	sum := mustRun(t, cfg, Options{})
	if sum.Rejected != 0 {
		t.Errorf("%d rejected: %+v", sum.Rejected, sum.Inputs)
	}
	n := 0
	for _, in := range sum.Inputs {
		if in.Status == "not_read" {
			n++
			if in.Reason == "" || len(in.Reason) > 120 {
				t.Errorf("%s: reason %q (short, please)", in.Path, in.Reason)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d not read, want 4: %+v", n, sum.Inputs)
	}
	want := "not read: 4 files yardstick knows but does not use (LAIT data dictionary, LAIT LA codes, LAs by region, regions list)"
	if got := NotReadLine(sum.Inputs); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	rep, err := Status(context.Background(), cfg, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rejected) != 0 || len(rep.NotRead) != 4 || len(rep.Stale) != 0 {
		t.Errorf("status: rejected %+v, not read %+v, stale %+v", rep.Rejected, rep.NotRead, rep.Stale)
	}
	if NotReadLine(rep.NotRead) != want {
		t.Errorf("status: %q", NotReadLine(rep.NotRead))
	}
}

// TestUnmatchedInSummary: a config indicator whose measure is misspelt
// matches nothing; the run's summary counts the definitions that match
// nothing and gives the first with its advice, as status does.
func TestUnmatchedInSummary(t *testing.T) {
	cfg := rankingCase(t)
	conf, err := os.ReadFile(filepath.Join(cfg.Dir(), "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	conf = append(conf, `  - id: score_misspelt
    label: A score whose measure is misspelt
    file: "scores*.csv"
    measure: scroe
    where: {subject: All}
    unit: score
    polarity: high
`...)
	if err := os.WriteFile(filepath.Join(cfg.Dir(), "yardstick.yaml"), conf, 0o644); err != nil {
		t.Fatal(err)
	}
	if cfg, err = LoadConfig(filepath.Join(cfg.Dir(), "yardstick.yaml")); err != nil {
		t.Fatal(err)
	}
	sum := mustRun(t, cfg, Options{})
	u := sum.Unmatched
	if u.Definitions != 1 || !strings.HasPrefix(u.First, "indicator score_misspelt ") || !strings.Contains(u.First, `"score"`) ||
		!strings.Contains(u.First, "Correct the indicator in the config.") {
		t.Errorf("summary: %+v", u)
	}
	// a run that changes nothing says it again
	if again := mustRun(t, cfg, Options{}); again.Status != "unchanged" || again.Unmatched != u {
		t.Errorf("unchanged run: %s %+v", again.Status, again.Unmatched)
	}
	rep, err := Status(context.Background(), cfg, 10)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Indicators == nil || rep.Indicators.Unmatched != u {
		t.Errorf("status: %+v", rep.Indicators)
	}
}

// TestHeadlineReturnsAlone: on a warehouse of returns alone (no published
// file) headline names the LA from ref.la, prints no empty LA or region,
// and counts the validation failures as the run's summary does.
func TestHeadlineReturnsAlone(t *testing.T) {
	data := requireSharedData(t)
	dir := t.TempDir()
	cfg := keyedConfig(t, dir, "inputs: ["+filepath.Join(data, "returns")+"]\nhome_la: \"358\"\n")
	sum := mustRun(t, cfg, Options{})
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	hs, name, err := Headlines(ctx, db, "358")
	if err != nil {
		t.Fatal(err)
	}
	if name != "Trafford" {
		t.Errorf("LA name %q, want Trafford", name)
	}
	var b strings.Builder
	if err := WriteHeadlines(&b, name, "", hs, 120); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); strings.Contains(out, "\n:") || strings.Contains(out, "LA is ;") || strings.Contains(out, "Region ;") ||
		!strings.Contains(out, "Trafford") {
		t.Errorf("headline:\n%s", out)
	}
	// one count: the summary's per LA (their total the run's record),
	// headline's for its LA
	var errs, queries, home int
	for _, c := range sum.Validation {
		errs, queries = errs+c.Errors, queries+c.Queries
		if c.LA == "358" {
			home = c.Errors
		}
	}
	if errs != sum.ValidationErrors || queries != sum.ValidationQueries || home == 0 {
		t.Errorf("summary %+v, run record %d errors %d queries", sum.Validation, sum.ValidationErrors, sum.ValidationQueries)
	}
	line, err := ValidationLine(ctx, db, "358")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := ValidationCounts(ctx, db, "358")
	if err != nil || len(counts) != 1 || counts[0].Errors != home || counts[0].Name != "Trafford" {
		t.Errorf("ValidationCounts(358) = %+v, %v; the summary's %d", counts, err, home)
	}
	if want := "in " + terminal.Count(home, "row", "rows") + " as errors"; !strings.Contains(line, want) {
		t.Errorf("headline: %q, want %q", line, want)
	}
}
