package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/catalogue"
	"github.com/yardstick-etl/yardstick/transforms/geography"
	"github.com/yardstick-etl/yardstick/transforms/pseudonym"
)

// rankingCase copies the ranking golden case into a scratch folder and
// loads its config.
func rankingCase(t *testing.T) *Config {
	t.Helper()
	work := t.TempDir()
	copyTree(t, "../testdata/benchmark/ranking", work)
	cfg, err := LoadConfig(filepath.Join(work, "yardstick.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func mustRun(t *testing.T, cfg *Config, opt Options) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), cfg, opt)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestIncrementalRuns: a run with nothing changed reuses every staged input
// and neither rebuilds nor republishes; --force does; a changed input is
// read again; a removed input drops out of the warehouse.
func TestIncrementalRuns(t *testing.T) {
	cfg := rankingCase(t)
	wh := cfg.Abs(cfg.Warehouse)
	first := mustRun(t, cfg, Options{})
	if first.Status != "published" || first.Loaded != 1 {
		t.Fatalf("first run: %+v", first.RunRecord)
	}
	before, err := os.Stat(wh)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("nothing changed", func(t *testing.T) {
		sum := mustRun(t, cfg, Options{})
		if sum.Status != "unchanged" || sum.Loaded != 0 || sum.Unchanged != 1 || sum.Rows != first.Rows {
			t.Errorf("second run: %+v", sum.RunRecord)
		}
		after, err := os.Stat(wh)
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
			t.Error("a run with nothing changed republished the warehouse")
		}
		if got := queryCSV(t, cfg, `SELECT run_id FROM meta.run WHERE status = 'published'`); got != "run_id\n"+first.RunID+"\n" {
			t.Errorf("published runs: %s", got)
		}
		h := readHistory(cfg.Abs(cfg.Lake))
		if len(h) != 2 || h[1].Status != "unchanged" {
			t.Errorf("history: %+v", h)
		}
	})
	t.Run("force", func(t *testing.T) {
		sum := mustRun(t, cfg, Options{Force: true})
		if sum.Status != "published" || sum.Unchanged != 1 {
			t.Errorf("forced run: %+v", sum.RunRecord)
		}
		// meta.run keeps every run: the first, the unchanged one, this one.
		if got := queryCSV(t, cfg, `SELECT status FROM meta.run ORDER BY started_at`); got != "status\npublished\nunchanged\npublished\n" {
			t.Errorf("meta.run: %s", got)
		}
	})
	t.Run("changed input", func(t *testing.T) {
		path := filepath.Join(cfg.Dir(), "inputs", "scores.csv")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// County Durham's 2025 score 10 -> 11
		changed := strings.Replace(string(b), "County Durham,All,10,7", "County Durham,All,11,7", 1)
		if changed == string(b) {
			t.Fatal("fixture changed: County Durham's 2025 row not found")
		}
		if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := mustRun(t, cfg, Options{})
		if sum.Status != "published" || sum.Loaded != 1 {
			t.Errorf("run after a change: %+v", sum.RunRecord)
		}
		if got := queryCSV(t, cfg, `SELECT value FROM mart.la_benchmark WHERE indicator_id = 'score_high' AND la_code = '840' AND period = '2025'`); got != "value\n11\n" {
			t.Errorf("changed value: %s", got)
		}
	})
	t.Run("removed input", func(t *testing.T) {
		extra := filepath.Join(cfg.Dir(), "inputs", "scores_extra.csv")
		if err := os.WriteFile(extra, []byte("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,subject,score,volume\n"+
			"2023,Reporting year,Local authority,E92000001,England,E12000001,North East,840,E06000047,County Durham,All,9,6\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		mustRun(t, cfg, Options{})
		q := `SELECT count(*) AS n FROM mart.la_benchmark WHERE period = '2023'`
		if got := queryCSV(t, cfg, q); got == "n\n0\n" {
			t.Fatal("the extra input's period is missing")
		}
		if err := os.Remove(extra); err != nil {
			t.Fatal(err)
		}
		sum := mustRun(t, cfg, Options{})
		if sum.Status != "published" {
			t.Errorf("run after a removal: %+v", sum.RunRecord)
		}
		if got := queryCSV(t, cfg, q); got != "n\n0\n" {
			t.Errorf("the removed input's rows are still in the warehouse: %s", got)
		}
		if got := queryCSV(t, cfg, `SELECT count(*) AS n FROM meta.input_file WHERE path LIKE '%extra%'`); got != "n\n0\n" {
			t.Errorf("meta.input_file still lists the removed input: %s", got)
		}
	})
}

// TestReaderKeepsOldWarehouse: a reader with the published file open keeps
// reading it while a run publishes a new one over it.
func TestReaderKeepsOldWarehouse(t *testing.T) {
	cfg := rankingCase(t)
	first := mustRun(t, cfg, Options{})
	db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Run IDs of the same second are not in order, so each reader is asked
	// which of the two runs it has rather than for the latest.
	second := mustRun(t, cfg, Options{Force: true})
	runs := `SELECT string_agg(run_id, ' ' ORDER BY started_at) AS ids FROM meta.run WHERE status = 'published'`
	var ids string
	if err := db.QueryRow(runs).Scan(&ids); err != nil {
		t.Fatalf("the open reader failed after the swap: %v", err)
	}
	if ids != first.RunID {
		t.Errorf("the open reader sees runs %s, want only the one it opened (%s)", ids, first.RunID)
	}
	// a new reader is another process (Power BI, the CLI): within this one
	// the driver shares the database it has open on that path (its
	// instance cache), which is the file the open reader has
	out, err := helper(t, "runs", cfg).Output()
	if err != nil {
		t.Fatalf("the new reader: %v", err)
	}
	if got, _, _ := strings.Cut(string(out), "\n"); got != first.RunID+" "+second.RunID {
		t.Errorf("a new reader sees %s, want %s then %s", got, first.RunID, second.RunID)
	}
}

// The helper process: a second yardstick process for the lock and kill
// tests. YARDSTICK_HELPER says what it does with the config in
// YARDSTICK_HELPER_CONFIG.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("YARDSTICK_HELPER")
	if mode == "" {
		t.Skip("only run as a helper process by other tests")
	}
	cfg, err := LoadConfig(os.Getenv("YARDSTICK_HELPER_CONFIG"))
	if err != nil {
		t.Fatal(err)
	}
	switch mode {
	case "hold": // take the lock as a run does, say so, and wait to be killed
		if _, _, err := acquireLock(lockPath(cfg.Abs(cfg.Warehouse)), "helper-run"); err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString("locked\n")
		time.Sleep(time.Minute)
	case "runs": // open the warehouse as a reader and say which runs it holds
		db, err := OpenReadOnly(cfg.Abs(cfg.Warehouse))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var ids string
		if err := db.QueryRow(`SELECT string_agg(run_id, ' ' ORDER BY started_at) FROM meta.run WHERE status = 'published'`).Scan(&ids); err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString(ids + "\n")
	case "run": // a forced run, to be killed mid-build
		if _, err := Run(context.Background(), cfg, Options{Force: true}); err != nil {
			t.Fatal(err)
		}
	}
}

func helper(t *testing.T, mode string, cfg *Config) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "YARDSTICK_HELPER="+mode, "YARDSTICK_HELPER_CONFIG="+filepath.Join(cfg.Dir(), "yardstick.yaml"))
	return cmd
}

// TestConcurrentRunRefused: while another process holds the lock a run is
// refused with the holder's pid; once that process is killed its lock is
// taken over and its unfinished run recorded.
func TestConcurrentRunRefused(t *testing.T) {
	cfg := rankingCase(t)
	first := mustRun(t, cfg, Options{})
	cmd := helper(t, "hold", cfg)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "locked\n" {
		t.Fatalf("helper said %q", line)
	}

	_, err = Run(context.Background(), cfg, Options{Force: true})
	var locked *ErrLocked
	if !errors.As(err, &locked) || locked.Holder.PID != cmd.Process.Pid {
		t.Fatalf("a run beside a lock holder: err = %v, want one naming pid %d", err, cmd.Process.Pid)
	}
	if !strings.Contains(err.Error(), "pid "+itoa(cmd.Process.Pid)) {
		t.Errorf("message does not name the pid: %v", err)
	}
	if pid, _, _, ok := LockHolder(cfg.Abs(cfg.Warehouse)); !ok || pid != cmd.Process.Pid {
		t.Errorf("LockHolder = %d, %v", pid, ok)
	}

	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	sum := mustRun(t, cfg, Options{Force: true})
	if sum.Status != "published" {
		t.Fatalf("run after the holder died: %+v", sum.RunRecord)
	}
	if got := queryCSV(t, cfg, `SELECT run_id, status FROM meta.run ORDER BY started_at`); !strings.Contains(got, "helper-run,killed\n") || !strings.Contains(got, first.RunID+",published\n") {
		t.Errorf("meta.run does not record the killed run:\n%s", got)
	}
}

// TestKilledMidBuild: a run killed while it builds leaves the published
// warehouse readable and unchanged; the next run removes the half-built
// file and publishes.
func TestKilledMidBuild(t *testing.T) {
	cfg := rankingCase(t)
	first := mustRun(t, cfg, Options{})
	wh := cfg.Abs(cfg.Warehouse)
	before, _ := os.ReadFile(wh)

	cmd := helper(t, "run", cfg)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var building []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && len(building) == 0; {
		building, _ = filepath.Glob(wh + ".*.building")
		time.Sleep(time.Millisecond)
	}
	if len(building) == 0 {
		t.Fatal("the helper run never started building")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	if after, _ := os.ReadFile(wh); string(after) != string(before) {
		t.Error("the killed run changed the published warehouse")
	}
	if got := queryCSV(t, cfg, `SELECT max(run_id) AS id FROM meta.run WHERE status = 'published'`); got != "id\n"+first.RunID+"\n" {
		t.Errorf("published warehouse after the kill: %s", got)
	}
	sum := mustRun(t, cfg, Options{Force: true})
	if sum.Status != "published" {
		t.Fatalf("next run: %+v", sum.RunRecord)
	}
	if left, _ := filepath.Glob(wh + ".*.building"); len(left) > 0 {
		t.Errorf("half-built warehouses left: %v", left)
	}
	if got := queryCSV(t, cfg, `SELECT count(*) AS n FROM meta.run WHERE status = 'killed'`); got != "n\n1\n" {
		t.Errorf("killed runs in meta.run: %s", got)
	}
}

// TestSchedule: "@every 1s" runs the job repeatedly; a job that panics is
// logged and the next still runs; cancelling the context cancels the job in
// progress and returns.
func TestSchedule(t *testing.T) {
	var calls atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := make(chan struct{})
	job := func(ctx context.Context) {
		switch calls.Add(1) {
		case 1:
			panic("a run that panics")
		case 2:
			// the second run lasts until the schedule is stopped
			cancel()
			<-ctx.Done()
			close(cancelled)
		}
	}
	done := make(chan error, 1)
	go func() { done <- Schedule(ctx, "@every 1s", time.UTC, testLogger(t), job) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the schedule did not stop")
	}
	select {
	case <-cancelled:
	default:
		t.Error("Schedule returned before the job in progress finished")
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("job ran %d times, want 2 (the panic must not stop the second)", n)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// testLogger logs through t.Log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, nil))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// TestStatus: the last runs, stale inputs (new, changed, removed; a file
// touched without a change is not stale) and rejected inputs.
func TestStatus(t *testing.T) {
	cfg := rankingCase(t)
	in := func(name string) string { return filepath.Join(cfg.Dir(), "inputs", name) }
	if err := os.WriteFile(in("notes.txt"), []byte("not data\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	first := mustRun(t, cfg, Options{})
	rep, err := Status(context.Background(), cfg, 10)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Warehouse == nil || rep.Warehouse.RunID != first.RunID || len(rep.Runs) != 1 || len(rep.Stale) != 0 || rep.Running != nil {
		t.Fatalf("status after one run: %+v", rep)
	}
	if len(rep.Rejected) != 1 || rep.Rejected[0].Path != "inputs/notes.txt" || !strings.Contains(rep.Rejected[0].Reason, "not a release guide") {
		t.Errorf("rejected: %+v", rep.Rejected)
	}

	later := time.Now().Add(time.Hour)
	os.Chtimes(in("scores.csv"), later, later) // touched, not changed
	b, _ := os.ReadFile(in("scores.csv"))
	os.WriteFile(in("scores_copy.csv"), b, 0o644) // new
	os.Remove(in("notes.txt"))                    // removed
	rep, err = Status(context.Background(), cfg, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range rep.Stale {
		got = append(got, s.Path+": "+s.Reason)
	}
	if want := "inputs/notes.txt: removed|inputs/scores_copy.csv: new"; strings.Join(got, "|") != want {
		t.Errorf("stale: %q, want %q", got, want)
	}
	os.WriteFile(in("scores.csv"), append(b, b[len(b)-1]), 0o644)
	os.Chtimes(in("scores.csv"), later, later)
	rep, _ = Status(context.Background(), cfg, 10)
	if len(rep.Stale) != 3 || rep.Stale[1].Reason != "changed since the warehouse was published" {
		t.Errorf("a changed input: %+v", rep.Stale)
	}
}

// TestOutputsApartFromInputs: a config whose warehouse, lake or extracts
// folder would write over, read back or hide what a run reads (the config,
// the key, an input) is refused before anything is written, with paths
// compared as real paths, so a second name for a place (a link, "..") does
// not get round it.
func TestOutputsApartFromInputs(t *testing.T) {
	tests := []struct {
		name string
		conf string
		want []string // nil: the config is fine
	}{
		{"apart", "inputs: [inputs]\n", nil},
		{"outputs in the input folder", "inputs: [.]\nextracts:\n  - {la: \"806\"}\n",
			[]string{`warehouse "yardstick.duckdb" is inside the input "."`, `lake "lake" is inside the input "."`, `extracts: out "extracts" is inside the input "."`}},
		{"warehouse is the config", "inputs: [inputs]\nwarehouse: yardstick.yaml\n", []string{`warehouse "yardstick.yaml" is the config file`}},
		{"warehouse is the key", "inputs: [inputs]\nwarehouse: council.key\n", []string{`warehouse "council.key" is the pseudonymisation key file`}},
		{"warehouse is the key through a linked folder", "inputs: [inputs]\nwarehouse: linked/council.key\n", []string{`warehouse "linked/council.key" is the pseudonymisation key file`}},
		{"warehouse is an input's file", "inputs: [inputs]\nwarehouse: inputs/a.csv\n", []string{`warehouse "inputs/a.csv" is inside the input "inputs"`}},
		{"warehouse is an input named twice", "inputs: [inputs/a.csv]\nwarehouse: ./linked/inputs/../inputs/a.csv\n", []string{`is the input "inputs/a.csv"`}},
		{"lake is the input folder", "inputs: [inputs]\nlake: linked/inputs\n", []string{`lake "linked/inputs" is the input "inputs"`}},
		{"lake inside the input folder", "inputs: [inputs]\nlake: inputs/lake\n", []string{`lake "inputs/lake" is inside the input "inputs"`}},
		{"lake holds the input folder", "inputs: [inputs]\nlake: .\n", []string{`lake "." is a folder holding the input "inputs"`}},
		{"extracts out: . holds the input folder", "inputs: [inputs]\nextracts:\n  - {la: \"806\", out: .}\n", []string{`extracts: out "." is a folder holding the input "inputs"`}},
		{"warehouse's lock is the key", "inputs: [inputs]\nwarehouse: council\n", []string{`lock, log or building file would be the pseudonymisation key file`}},
		{"warehouse in the lake", "inputs: [inputs]\nwarehouse: lake/w.duckdb\n", []string{`warehouse "lake/w.duckdb" is the lake "lake" or inside it`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "inputs"), 0o755)
			os.WriteFile(filepath.Join(dir, "inputs", "a.csv"), []byte("x\n1\n"), 0o644)
			os.Symlink(dir, filepath.Join(dir, "linked"))
			if err := pseudonym.NewKeyFile(filepath.Join(dir, "council.key")); err != nil {
				t.Fatal(err)
			}
			conf := tc.conf + "pseudonymisation: {key_file: council.key}\n"
			path := filepath.Join(dir, "yardstick.yaml")
			os.WriteFile(path, []byte(conf), 0o644)
			key, _ := os.ReadFile(filepath.Join(dir, "council.key"))
			_, err := LoadConfig(path)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("the config was accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %s:\n%v", w, err)
				}
			}
			if b, _ := os.ReadFile(path); string(b) != conf {
				t.Error("the config file was written to")
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "council.key")); !bytes.Equal(b, key) {
				t.Error("the key was written to")
			}
		})
	}
}

// TestLakeLocked: two configs with warehouses of their own and one lake
// do not run at once: the second is told the lake is in use.
func TestLakeLocked(t *testing.T) {
	cfg := rankingCase(t)
	lk, _, err := acquireLock(lakeLockPath(cfg.Abs(cfg.Lake)), "other")
	if err != nil {
		t.Fatal(err)
	}
	defer lk.release()
	_, err = Run(context.Background(), cfg, Options{})
	var locked *ErrLocked
	if !errors.As(err, &locked) || !strings.Contains(err.Error(), "this lake") {
		t.Fatalf("err = %v; want the lake locked", err)
	}
}

// TestFingerprint: what a warehouse is built from changes its fingerprint,
// including how a return was staged (its lake key), not only its content.
func TestFingerprint(t *testing.T) {
	geo := geography.NewResolver(geography.Builtin())
	cat := catalogue.MustBuiltin().With(nil, nil)
	base := func() []*input {
		return []*input{{Rel: "inputs/a.csv", SHA256: "aa", Kind: "ees", Key: "k1", Status: "loaded"}}
	}
	fp := buildFingerprint(base(), cat, geo)
	if buildFingerprint(base(), cat, geo) != fp {
		t.Fatal("the same inputs gave another fingerprint")
	}
	type change func(ins []*input) ([]*input, *catalogue.Catalogue)
	tests := []struct {
		name   string
		change change
	}{
		{"content", func(ins []*input) ([]*input, *catalogue.Catalogue) { ins[0].SHA256 = "ab"; return ins, cat }},
		{"staged another way (e.g. a new pseudonymisation key)", func(ins []*input) ([]*input, *catalogue.Catalogue) { ins[0].Key = "k2"; return ins, cat }},
		{"path", func(ins []*input) ([]*input, *catalogue.Catalogue) { ins[0].Rel = "inputs/b.csv"; return ins, cat }},
		{"rejected", func(ins []*input) ([]*input, *catalogue.Catalogue) {
			ins[0].Status, ins[0].Reason = "rejected", "bad"
			return ins, cat
		}},
		{"input added", func(ins []*input) ([]*input, *catalogue.Catalogue) {
			return append(ins, &input{Rel: "inputs/c.csv", SHA256: "cc", Kind: "ees"}), cat
		}},
		{"catalogue", func(ins []*input) ([]*input, *catalogue.Catalogue) {
			return ins, catalogue.MustBuiltin().With([]IndicatorConfig{{ID: "x", Label: "X", File: "x.csv", Measure: "m", Unit: "count", Polarity: "none"}}, nil)
		}},
		{"gaps", func(ins []*input) ([]*input, *catalogue.Catalogue) {
			return ins, catalogue.MustBuiltin().With(nil, []GapConfig{{ID: "g", Label: "G", Group: "ks4_att8_fsm", Comparison: "ks4_att8_all"}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins, c := tt.change(base())
			if buildFingerprint(ins, c, geo) == fp {
				t.Error("the fingerprint did not change")
			}
		})
	}
}
