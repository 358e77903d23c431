package pipeline

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// reportCase writes Middlesbrough's HTML report from the extract case.
func reportCase(t *testing.T) string {
	t.Helper()
	cfg := extractCase(t)
	mustRun(t, cfg, Options{})
	res, err := Extract(context.Background(), cfg, ExtractConfig{LA: "806", Formats: []string{"html"}, Out: t.TempDir()})
	if err != nil || len(res) != 1 || len(res[0].Paths) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	return res[0].Paths[0]
}

// TestReport: one self-contained file: nothing from another host, real
// tables with headers, charts as inline SVG with text alternatives.
func TestReport(t *testing.T) {
	path := reportCase(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, m := range regexp.MustCompile(`(?i)(src|href|url)\s*[=(]\s*["']?([^"')\s>]*)`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[2], "#") {
			t.Errorf("%s=%q: the report must not load anything", m[1], m[2])
		}
	}
	for _, want := range []string{"<!DOCTYPE html>", `<html lang="en-GB">`, "Middlesbrough: children's services benchmarks",
		`<th scope="col">Indicator</th>`, `<th scope="row"`, "A score where higher is better",
		`<svg class="trend"`, `role="img" aria-label="A score where higher is better: Middlesbrough 14.0 in 2024, 30.0 in 2025; England 25.0 in 2025"`,
		`<svg class="strip"`, "3rd of 6 LAs (higher is better); quartile B", "@page { size: A4 landscape",
		"Published symbols",
		// the axis's unit, and that it does not start at 0; what the strip ranks
		`class="tick axis-title">Score, axis does not start at 0<`,
		`class="tick strip-title">2025: 3rd of 6 LAs ranked, 1 = best (higher is better)<`, ">10.0 (lowest)<", ">50.0 (highest)<"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("the report has a script")
	}
}

// TestReportInBrowser renders the report in headless Chromium: no console
// error, no request but for the file itself, and a screenshot. Skips where
// Chromium is missing; .ci/run installs Debian's chromium.
func TestReportInBrowser(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("Chromium not found: skipping the browser test; apt-get install chromium")
	}
	path := reportCase(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.Flag("headless", true), chromedp.WindowSize(1280, 1600))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	var mu sync.Mutex
	var problems, requests []string
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, "console "+string(e.Type))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		}
	}
	if err := chromedp.Listen(ctx, listen); err != nil { // starts the browser
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil { // console events (the network is enabled already)
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+path), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(tctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(tctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the browser reported %q", problems)
	}
	for _, u := range requests {
		if u != "file://"+path {
			t.Errorf("the report requested %s", u)
		}
	}
	if title != "Middlesbrough: children's services benchmarks" || len(shot) < 10_000 {
		t.Errorf("title %q, screenshot of %d bytes", title, len(shot))
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "report.jpg"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWarehouseDescribed: every table, view and column carries a
// description (sql/comments.csv; the returns' columns from their specs), so
// duckdb_tables() and duckdb_columns() describe them to an analyst.
func TestWarehouseDescribed(t *testing.T) {
	cfg := extractCase(t)
	mustRun(t, cfg, Options{})
	got := queryCSV(t, cfg, `
		SELECT 'table ' || name AS missing FROM (
		    SELECT schema_name || '.' || table_name AS name, comment FROM duckdb_tables() WHERE database_name = current_database()
		    UNION ALL SELECT schema_name || '.' || view_name, comment FROM duckdb_views() WHERE database_name = current_database() AND NOT internal)
		WHERE split_part(name, '.', 1) IN ('ref', 'stage', 'mart', 'meta') AND coalesce(comment, '') = ''
		UNION ALL
		SELECT 'column ' || schema_name || '.' || table_name || '.' || column_name FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name IN ('ref', 'stage', 'mart', 'meta') AND coalesce(comment, '') = ''
		ORDER BY 1`)
	if got != "missing\n" {
		t.Errorf("undescribed:\n%s", got)
	}
}
