package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// inputsByPath runs cfg and returns its inputs by path.
func inputsByPath(t *testing.T, cfg *Config) map[string]InputSummary {
	t.Helper()
	sum := mustRun(t, cfg, Options{})
	by := map[string]InputSummary{}
	for _, in := range sum.Inputs {
		if _, dup := by[in.Path]; dup {
			t.Errorf("two inputs have the path %s", in.Path)
		}
		by[in.Path] = in
	}
	return by
}

// TestInputsThatNeverEnd: only regular files of a disk are read. A link to
// a kernel file (which says it is regular, and of which some never end, as
// /proc/kmsg) and a pipe are rejected with a reason, and the run ends with
// the other inputs loaded.
func TestInputsThatNeverEnd(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the kernel's files are Linux's")
	}
	cfg := rankingCase(t)
	in := cfg.Abs("inputs")
	for name, target := range map[string]string{"kmsg.csv": "/proc/kmsg", "status.csv": "/proc/self/status", "power.csv": "/sys/power/state"} {
		if err := os.Symlink(target, filepath.Join(in, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(in, "pipe.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	by := inputsByPath(t, cfg)
	if by["inputs/scores.csv"].Status != "loaded" {
		t.Errorf("scores.csv: %+v", by["inputs/scores.csv"])
	}
	for _, name := range []string{"kmsg.csv", "status.csv", "power.csv", "pipe.csv"} {
		got := by["inputs/"+name]
		if got.Status != "rejected" {
			t.Errorf("%s: %+v; want rejected", name, got)
		}
	}
	for _, name := range []string{"status.csv", "power.csv"} {
		if r := by["inputs/"+name].Reason; !strings.Contains(r, "kernel") {
			t.Errorf("%s: reason %q; want it to say it is the kernel's", name, r)
		}
	}
}

// TestHashHonoursContext: a cancelled run stops hashing.
func TestHashHonoursContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.csv")
	os.WriteFile(path, []byte(strings.Repeat("x,y\n", 1<<16)), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := hashState(ctx, path); err != context.Canceled {
		t.Errorf("err = %v; want context.Canceled", err)
	}
}

// TestZipMembersOfOneName: two members of a zip with one name are two
// inputs with paths of their own, both rejected (which is meant cannot be
// told); the zip's other members load.
func TestZipMembersOfOneName(t *testing.T) {
	cfg := rankingCase(t)
	scores, err := os.ReadFile(cfg.Abs("inputs/scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(cfg.Abs("inputs/scores.csv"))
	zipEntries(t, cfg.Abs("inputs/bundle.zip"), []zipEntry{{"a.csv", string(scores)}, {"a.csv", string(scores)}, {"b.csv", string(scores)}})
	by := inputsByPath(t, cfg)
	for _, p := range []string{"inputs/bundle.zip!a.csv (data file 1 of the zip)", "inputs/bundle.zip!a.csv (data file 2 of the zip)"} {
		if got := by[p]; got.Status != "rejected" || !strings.Contains(got.Reason, "2 members of this name") {
			t.Errorf("%s: %+v", p, got)
		}
	}
	if got := by["inputs/bundle.zip!b.csv"]; got.Status != "loaded" {
		t.Errorf("b.csv: %+v", got)
	}
}

// TestScratchOutsideLake: what a killed run left in the scratch folder is
// removed by the next run, and nothing of the returns' plain text is ever
// written under the lake.
func TestScratchOutsideLake(t *testing.T) {
	cfg := rankingCase(t)
	lake := cfg.Abs(cfg.Lake)
	os.MkdirAll(lake, 0o755)
	scratch, _, err := newScratch(lake)
	if err != nil {
		t.Fatal(err)
	}
	if within(scratch, realPath(lake)) {
		t.Fatalf("the scratch folder %s is in the lake", scratch)
	}
	left := filepath.Join(scratch, "unzipped", "0", "left.csv")
	os.MkdirAll(filepath.Dir(left), 0o700)
	os.WriteFile(left, []byte("a killed run's member"), 0o600)
	mustRun(t, cfg, Options{})
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("a killed run's file is still there: %v", err)
	}
	if _, err := os.Stat(scratch); !os.IsNotExist(err) {
		t.Errorf("the scratch folder outlived the run: %v", err)
	}
	for _, old := range []string{".unzipped", ".xlsx-tmp"} {
		if _, err := os.Stat(filepath.Join(lake, old)); err == nil {
			t.Errorf("the lake has %s", old)
		}
	}
}
