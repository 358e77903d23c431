package pipeline

import (
	"archive/zip"
	"bytes"
	"context"
	"hash/crc32"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// badInputDir lays out the golden ranking case plus broken files.
func badInputDir(t *testing.T) *Config {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "../testdata/benchmark/ranking", dir)
	bad := map[string]string{
		"ragged.csv":  "time_period,time_identifier,geographic_level,country_code,v\n2025,Reporting year,National,E92000001,1\n2025,Reporting year,National,E92000001,1,2\n",
		"latin1.csv":  "time_period,time_identifier,geographic_level,country_code,v\n2025,Reporting year,National,E92000001,caf\xe9\n",
		"mystery.csv": "name,score\nx,1\n",
		"notes.txt":   "not data\n",
		"cells.csv": "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,v\n" +
			strings.Repeat("2025,Reporting year,Local authority,E92000001,England,E12000002,North West,358,E08000009,Trafford,1\n", 12) +
			"2025,Reporting year,Local authority,E92000001,England,E12000002,North West,358,E08000009,Trafford,n/a\n" +
			"2025,Reporting year,Local authority,E92000001,England,E12000002,North West,999,E99999999,Nowhere,4\n",
	}
	bad["damaged.zip"] = "PK\x03\x04 cut short"
	bad["bundle.zip"] = bundleZip(t)
	bad["notes.ods"] = notesODS(t)
	for name, body := range bad {
		if err := os.WriteFile(filepath.Join(dir, "inputs", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// bundleZip is an EES zip with a good data file, a metadata file that
// does not fit it (it describes a column the file lacks), and a member
// damaged in the zip (its checksum is wrong).
func bundleZip(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	add("zipped.csv", "time_period,time_identifier,geographic_level,country_code,country_name,old_la_code,new_la_code,la_name,v\n"+
		"2025,Reporting year,Local authority,E92000001,England,358,E08000009,Trafford,7\n")
	add("zipped.meta.csv", "col_name,col_type,label\nv,Indicator,V\nw,Indicator,W\n")
	body := "time_period\n2025\n"
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "broken.csv", Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(body)) + 1,
		CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body))})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(body))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// notesODS is an OpenDocument spreadsheet of notes: no table yardstick knows.
func notesODS(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("content.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
		`<office:body><office:spreadsheet><table:table table:name="Notes"><table:table-row><table:table-cell office:value-type="string">` +
		`<text:p>These are notes</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestBadInputsReportedOthersLoaded(t *testing.T) {
	cfg := badInputDir(t)
	sum, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatalf("a run with some bad inputs must still publish: %v", err)
	}
	// loaded: scores.csv, cells.csv, bundle.zip and its two good members;
	// rejected: five files, damaged.zip and the zip's damaged member
	if sum.Loaded != 5 || sum.Rejected != 7 {
		t.Errorf("loaded %d rejected %d, want 5 and 7", sum.Loaded, sum.Rejected)
	}
	got := queryCSV(t, cfg, `SELECT path || ' ' || status || ': ' || coalesce(reason, '') FROM meta.input_file ORDER BY path`)
	for _, want := range []string{
		"inputs/latin1.csv rejected: row 2 column 5 is not UTF-8 text",
		"inputs/mystery.csv rejected: the header matches no source",
		"inputs/notes.txt rejected: a text file that is not a release guide",
		"inputs/notes.ods rejected: an OpenDocument spreadsheet with no sheet whose header yardstick knows",
		"inputs/damaged.zip rejected: not a readable zip archive",
		"inputs/bundle.zip loaded: ",
		"inputs/bundle.zip!broken.csv rejected: the member's checksum does not match its content",
		"inputs/bundle.zip!zipped.csv loaded: ",
		"inputs/bundle.zip!zipped.meta.csv loaded: ",
		"inputs/ragged.csv rejected: row 3 has 6 fields but the header has 5",
		"inputs/scores.csv loaded: ",
		"inputs/cells.csv loaded: ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("meta.input_file lacks %q:\n%s", want, got)
		}
	}
	issues := queryCSV(t, cfg, `SELECT file, "row", "column", rule FROM meta.issue ORDER BY "row"`)
	for _, want := range []string{
		"inputs/cells.csv,14,v,not_a_value",
		"inputs/cells.csv,15,old_la_code,unknown_la",
		"inputs/bundle.zip!zipped.csv,1,,ees_meta_mismatch",
	} {
		if !strings.Contains(issues, want) {
			t.Errorf("meta.issue lacks %q:\n%s", want, issues)
		}
	}
	// The bad cell is kept as a row with NULL value and no symbol, not dropped or zero.
	if got := queryCSV(t, cfg, `SELECT count(*) FROM stage.observation WHERE source_file = 'inputs/cells.csv' AND source_row = 14 AND value IS NULL AND symbol IS NULL`); got != "count_star()\n1\n" {
		t.Errorf("bad cell row: %s", got)
	}
	// The zip's good member is loaded, its cells deciding its measures.
	if got := queryCSV(t, cfg, `SELECT measure, value FROM stage.observation WHERE source_file = 'inputs/bundle.zip!zipped.csv'`); got != "measure,value\nv,7\n" {
		t.Errorf("zipped.csv: %s", got)
	}
	// A second run finds the zip's members as they were: the zip is unchanged.
	if _, err := Run(context.Background(), cfg, Options{Force: true}); err != nil {
		t.Fatal(err)
	}
	if got := queryCSV(t, cfg, `SELECT status FROM meta.input_file WHERE path IN ('inputs/bundle.zip', 'inputs/bundle.zip!zipped.csv')`); got != "status\nunchanged\nunchanged\n" {
		t.Errorf("second run: %s", got)
	}
	// The mart still holds the good file's figures.
	if got := queryCSV(t, cfg, `SELECT national_rank FROM mart.la_benchmark WHERE indicator_id = 'score_high' AND period = '2025' AND la_code = '358'`); got != "national_rank\n1\n" {
		t.Errorf("good file's ranks: %s", got)
	}
}

func TestFailedRunLeavesWarehouse(t *testing.T) {
	cfg := badInputDir(t)
	first, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wh := cfg.Abs(cfg.Warehouse)
	before, _ := os.ReadFile(wh)

	t.Run("cancelled run", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Run(ctx, cfg, Options{}); err == nil {
			t.Fatal("a cancelled run reported success")
		}
	})
	t.Run("every input rejected", func(t *testing.T) {
		// dropped, not stood in for by their last good versions
		// (TestRejectedKeepsLastGood has the default)
		cfg.OnRejected = DropRejected
		for _, f := range []string{"scores.csv", "cells.csv", "bundle.zip"} {
			if err := os.WriteFile(filepath.Join(cfg.Dir(), "inputs", f), []byte("broken\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, err := Run(context.Background(), cfg, Options{})
		if err == nil || !strings.Contains(err.Error(), "every input was rejected (9 inputs)") {
			t.Fatalf("err = %v", err)
		}
	})
	after, _ := os.ReadFile(wh)
	if string(before) != string(after) {
		t.Error("a failed run changed the published warehouse")
	}
	if left, _ := filepath.Glob(wh + ".*"); len(left) != 1 || left[0] != lockPath(wh) {
		t.Errorf("a failed run left files behind (only the released lock should stay): %v", left)
	}
	// Still readable, still the first run's, and the failures are in the history.
	if got := queryCSV(t, cfg, `SELECT run_id FROM meta.run WHERE status = 'published'`); got != "run_id\n"+first.RunID+"\n" {
		t.Errorf("published runs: %s", got)
	}
	if h := readHistory(cfg.Abs(cfg.Lake)); len(h) != 3 || h[1].Status != "cancelled" || h[2].Status != "failed" {
		t.Errorf("history: %+v", h)
	}
}

// TestUnknownGroupLabel: a pupil-group label yardstick does not know is
// loaded as given with an issue, never guessed into a group.
func TestUnknownGroupLabel(t *testing.T) {
	dir := t.TempDir()
	head := "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,breakdown,gender,disadvantage,avg_att8\n"
	row := "201819,Academic year,Local authority,E92000001,England,E12000002,North West,358,E08000009,Trafford,"
	body := head +
		row + "disadvantage,Total,Disadvantaged,40.6\n" +
		row + "disadvantage,Total,Not disadvantaged,59.5\n" + // DfE's label is "Disadvantaged all other"
		row + "Total,Total,Total,56\n"
	if err := os.MkdirAll(filepath.Join(dir, "inputs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "inputs", "ks4_201819_la_characteristics.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "yardstick.yaml"), []byte("inputs: [inputs]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	issues := queryCSV(t, cfg, `SELECT file, "row", "column", rule, message FROM meta.issue WHERE rule = 'unknown_group_label'`)
	for _, want := range []string{"inputs/ks4_201819_la_characteristics.csv,3,disadvantage,unknown_group_label", `disadvantage ""Not disadvantaged"" is not a pupil group yardstick knows`} {
		if !strings.Contains(issues, want) {
			t.Errorf("meta.issue lacks %q:\n%s", want, issues)
		}
	}
	// Loaded as given; the comparison group has no value, so the gap has none.
	got := queryCSV(t, cfg, `SELECT (SELECT count(*) FROM stage.observation WHERE breakdown LIKE '%Not disadvantaged%'),
		(SELECT value FROM mart.la_benchmark WHERE indicator_id = 'ks4_att8_not_disadvantaged'),
		(SELECT group_value || '/' || coalesce(gap::VARCHAR, 'none') FROM mart.gap WHERE gap_id = 'ks4_att8_disadvantaged_gap')`)
	if !strings.HasSuffix(got, "\n1,,40.6/none\n") {
		t.Errorf("got %q", got)
	}
}

// TestFileChangingWhileRead: an input whose bytes change between the hash
// and the end of its read (a copy still arriving) is rejected for this run,
// leaves nothing in the lake under the old hash, and is read whole by the
// next run.
func TestFileChangingWhileRead(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../testdata/benchmark/ranking", dir)
	scores := filepath.Join(dir, "inputs", "scores.csv")
	afterRead = func(path string) {
		if path == scores {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("2021,Reporting year,Local authority,E92000001,England,E12000002,North West,358,E08000009,Trafford,All,33,5\n")
			f.Close()
		}
	}
	defer func() { afterRead = nil }()
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// the only input is rejected, so this run publishes nothing
	first, err := Run(context.Background(), cfg, Options{})
	if err == nil || !strings.Contains(err.Error(), "every input was rejected (1 input)") {
		t.Fatalf("run: %v", err)
	}
	if r := first.Inputs[0].Reason; !strings.Contains(r, "the file changed while it was read (still being written?); it will be read on the next run") {
		t.Errorf("reason %q", r)
	}
	if m, _ := filepath.Glob(filepath.Join(cfg.Abs(cfg.Lake), "inputs", "*.json")); len(m) != 0 {
		t.Errorf("the lake kept a manifest of the changing file: %v", m)
	}
	afterRead = nil
	sum, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Loaded != 1 {
		t.Fatalf("next run: %+v", sum.Inputs)
	}
	if got := queryCSV(t, cfg, `SELECT value FROM mart.la_benchmark WHERE indicator_id = 'score_high' AND period = '2021'`); got != "value\n33\n" {
		t.Errorf("the row appended while the first run read the file: %q", got)
	}
}

// TestRejectedKeepsLastGood: a file that loaded before and now has a ragged
// row does not take its theme out of the warehouse. keep_last_good (the
// default) publishes with the version staged before, recorded as
// kept_previous with the reason and the date of the version kept; drop
// leaves it out; fail fails the run and the published warehouse stays.
func TestRejectedKeepsLastGood(t *testing.T) {
	tests := []struct {
		policy, config string
		wantErr        string
		wantRows       string // score_high 2025 rows in the published mart
		wantStatus     string
	}{
		{KeepLastGood, "", "", "7", "kept_previous"},
		{DropRejected, "on_rejected: drop\n", "every input was rejected (1 input)", "7", ""}, // nothing left: the run fails, the old warehouse stays
		{FailRejected, "on_rejected: fail\n", "on_rejected is fail and 1 inputs that loaded before were rejected", "7", ""},
	}
	for _, tt := range tests {
		t.Run(tt.policy, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, "../testdata/benchmark/ranking", dir)
			conf, _ := os.ReadFile(filepath.Join(dir, "yardstick.yaml"))
			os.WriteFile(filepath.Join(dir, "yardstick.yaml"), append(conf, tt.config...), 0o644)
			cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Run(context.Background(), cfg, Options{}); err != nil {
				t.Fatal(err)
			}
			// one ragged row: the whole file is rejected
			f, _ := os.OpenFile(filepath.Join(dir, "inputs", "scores.csv"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("2025,Reporting year,Local authority,oops\n")
			f.Close()
			sum, err := Run(context.Background(), cfg, Options{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			got := queryCSV(t, cfg, `SELECT count(*) FROM mart.la_benchmark WHERE indicator_id = 'score_high' AND period = '2025'`)
			if got != "count_star()\n"+tt.wantRows+"\n" {
				t.Errorf("published rows: %q", got)
			}
			if tt.wantStatus == "" {
				return
			}
			if sum.Kept != 1 || sum.Inputs[0].Status != tt.wantStatus {
				t.Errorf("summary: %+v", sum.Inputs)
			}
			reason := queryCSV(t, cfg, `SELECT status, reason FROM meta.input_file`)
			if !strings.Contains(reason, "kept_previous,") || !strings.Contains(reason, "has 4 fields but the header has 13") ||
				!regexp.MustCompile(`the version staged on \d{4}-\d\d-\d\d \d\d:\d\d is used instead`).MatchString(reason) {
				t.Errorf("meta.input_file: %s", reason)
			}
			// the file mended (as it was): its staged version is used again
			os.WriteFile(filepath.Join(dir, "inputs", "scores.csv"), mustRead(t, "../testdata/benchmark/ranking/inputs/scores.csv"), 0o644)
			if sum, err := Run(context.Background(), cfg, Options{}); err != nil || sum.Unchanged != 1 || sum.Kept != 0 || sum.Status != "published" {
				t.Errorf("after the mend: %v %+v", err, sum)
			}
		})
	}
}

// runDir loads dir's yardstick.yaml and runs it, failing the test on an
// error.
func runDir(t *testing.T, dir string) (*Config, *Summary) {
	t.Helper()
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, sum
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInputPaths: links to files and folders are followed (a loop scanned
// once, each real file read once); a dangling link and a socket are each
// rejected on their own with the reason while the rest load; a name that
// is not UTF-8 or holds a newline is loaded and shown escaped.
func TestInputPaths(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../testdata/benchmark/ranking", dir)
	in := filepath.Join(dir, "inputs")
	elsewhere := t.TempDir()
	scores := mustRead(t, filepath.Join(in, "scores.csv"))
	os.WriteFile(filepath.Join(elsewhere, "scores_linked.csv"), scores, 0o644)
	steps := []error{
		os.Symlink(filepath.Join(elsewhere, "scores_linked.csv"), filepath.Join(in, "scores_link.csv")), // a link to a file
		os.Symlink(elsewhere, filepath.Join(in, "more")),                                                // a link to a folder: its file is reached twice, read once
		os.Symlink(in, filepath.Join(in, "loop")),                                                       // a loop
		os.Symlink(filepath.Join(dir, "gone.csv"), filepath.Join(in, "dangling.csv")),                   // a link to nothing
		os.WriteFile(filepath.Join(in, "scores_\xff.csv"), scores, 0o644),                               // not UTF-8
		os.WriteFile(filepath.Join(in, "scores\nnew.csv"), scores, 0o644),                               // a newline
	}
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	sock, err := net.Listen("unix", filepath.Join(in, "socket.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	cfg, sum := runDir(t, dir)
	var got []string
	for _, i := range sum.Inputs {
		got = append(got, i.Path+" "+i.Status)
	}
	// The four inputs have the same content: the first is staged, the
	// others reuse its lake files (and are loaded as inputs of their own).
	want := []string{
		"inputs/dangling.csv rejected",
		"inputs/more/scores_linked.csv loaded",
		`inputs/scores\nnew.csv unchanged`, // sorted by the name's bytes: a newline before "."
		"inputs/scores.csv unchanged",
		`inputs/scores_\xff.csv unchanged`,
		"inputs/socket.csv rejected",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("inputs:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, i := range sum.Inputs {
		switch i.Path {
		case "inputs/dangling.csv":
			if !strings.Contains(i.Reason, "it does not exist (a link to a file that is gone") {
				t.Errorf("dangling link: %q", i.Reason)
			}
		case "inputs/socket.csv":
			if !strings.Contains(i.Reason, "not a regular file") {
				t.Errorf("socket: %q", i.Reason)
			}
		}
	}
	if got := queryCSV(t, cfg, `SELECT count(*) FROM meta.input_file WHERE path = 'inputs/scores_\xff.csv'`); got != "count_star()\n1\n" {
		t.Errorf("the escaped name in the warehouse: %q", got)
	}
	// each of the four is loaded once: 34 observations each
	if got := queryCSV(t, cfg, `SELECT source_file, count(*) FROM stage.observation GROUP BY ALL ORDER BY ALL`); got != "source_file,count_star()\n"+
		"inputs/more/scores_linked.csv,34\ninputs/scores.csv,34\ninputs/scores\\nnew.csv,34\ninputs/scores_\\xff.csv,34\n" {
		t.Errorf("observations by file:\n%s", got)
	}
}

// TestNotCSV: a .csv that is UTF-16, XML or a workbook is rejected saying
// so, not with the EES header's message.
func TestNotCSV(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../testdata/benchmark/ranking", dir)
	in := filepath.Join(dir, "inputs")
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "time_period,time_identifier\n2025,x\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	os.WriteFile(filepath.Join(in, "utf16.csv"), utf16, 0o644)
	os.WriteFile(filepath.Join(in, "xml.csv"), []byte("<?xml version=\"1.0\"?><Message></Message>"), 0o644)
	os.WriteFile(filepath.Join(in, "book.csv"), []byte("PK\x03\x04rest of a zip"), 0o644)
	os.WriteFile(filepath.Join(in, "other.xml"), []byte("<?xml version=\"1.0\"?><Catalogue></Catalogue>"), 0o644)
	_, sum := runDir(t, dir)
	want := map[string]string{
		"inputs/utf16.csv": "the file is UTF-16 text, not UTF-8",
		"inputs/xml.csv":   "the file holds XML (or HTML), not CSV",
		"inputs/book.csv":  "the file is a zip archive (an xlsx workbook?) named .csv",
		"inputs/other.xml": "an XML file that is neither an SSDA903 export",
	}
	for _, i := range sum.Inputs {
		if w, ok := want[i.Path]; ok && (i.Status != "rejected" || !strings.Contains(i.Reason, w)) {
			t.Errorf("%s: %s %q, want %q", i.Path, i.Status, i.Reason, w)
		}
	}
}

// TestTempFilesOfKilledRun: excelize's temporary files and unzipped
// members that a killed run of an older yardstick left under the lake are
// removed by the next run (now they go to the scratch folder outside it:
// TestScratchOutsideLake).
func TestTempFilesOfKilledRun(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../testdata/benchmark/ranking", dir)
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(cfg.Abs(cfg.Lake), ".xlsx-tmp", "excelize-123456")
	os.MkdirAll(filepath.Dir(left), 0o700)
	os.WriteFile(left, []byte("a sheet half written by a killed run"), 0o600)
	if _, err := Run(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the killed run's temporary file is still there: %v", err)
	}
}

// runReturns writes files (name -> content) into a fresh inputs folder and
// runs it as LA 358's returns, with a pseudonymisation key.
func runReturns(t *testing.T, files map[string]string) *Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "inputs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, "inputs", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return runWithKey(t, dir, "inputs: [inputs]\nhome_la: \"358\"\n")
}

// TestNoPopulationSaysWhatIsMissing: a count whose rate has no population
// says what to add: the population file when none is loaded, else the
// year the loaded one lacks, or that it has the year but not the places.
func TestNoPopulationSaysWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../testdata/benchmark/definitions", dir)
	counts := filepath.Join(dir, "inputs", "shared_counts_2024.csv")
	f, err := os.OpenFile(counts, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 2025 needs mid-2024, which the file (mid-2023) lacks; Camden (202)
	// in 2024 needs mid-2023, which the file has, but not for Camden
	f.WriteString("2025,Reporting year,Local authority,E92000001,England,E12000007,London,302,E09000003,Barnet,950\n" +
		"2024,Reporting year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden,400\n")
	f.Close()
	cfg, err := LoadConfig(filepath.Join(dir, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, cfg, Options{})
	checkQueries(t, cfg, []queryCase{
		{"a year the population lacks", `SELECT count(*) FROM meta.issue WHERE rule = 'no_population'
			AND message LIKE 'no ONS population for mid-2024 found for 1 place (302), so joint_rate is not computed there for 2025; the population loaded (inputs/population_0_17_2023.csv) covers mid-2023 to mid-2023: add one with mid-2024'`, "1"},
		{"places the population lacks", `SELECT count(*) FROM meta.issue WHERE rule = 'no_population'
			AND message LIKE '%for 2024; the population loaded (inputs/population_0_17_2023.csv) has mid-2023 but not these places'`, "1"},
	})
}
