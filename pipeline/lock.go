package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// lockInfo is what the lock file says about the process holding it.
type lockInfo struct {
	PID       int       `json:"pid"`
	Host      string    `json:"host"`
	RunID     string    `json:"run_id"`
	StartedAt time.Time `json:"started_at"`
}

// ErrLocked is returned when another process is writing the warehouse or
// the lake.
type ErrLocked struct {
	Path   string
	Holder lockInfo
}

func (e *ErrLocked) Error() string {
	what := "warehouse"
	if filepath.Base(e.Path) == filepath.Base(lakeLockPath("")) {
		what = "lake (another config names it too)"
	}
	h := e.Holder
	if h.PID == 0 {
		return fmt.Sprintf("another yardstick process is writing this %s (lock %s)", what, e.Path)
	}
	return fmt.Sprintf("another yardstick process is writing this %s: pid %d on %s, run %s since %s (lock %s)",
		what, h.PID, h.Host, h.RunID, h.StartedAt.Local().Format("2006-01-02 15:04:05"), e.Path)
}

// lockPath is the lock beside the warehouse: one writer per warehouse and lake.
func lockPath(warehouse string) string { return warehouse + ".lock" }

// lock is held while a run writes the lake and the warehouse.
type lock struct{ f *os.File }

// acquireLock takes the warehouse's lock for a run, or returns *ErrLocked
// naming the holder. A lock left by a process that died without releasing
// it is taken over and returned as stale, so the caller can record the
// interrupted run.
func acquireLock(path, runID string) (l *lock, stale *lockInfo, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("lock %s: %w", path, err)
	}
	prev := readLockInfo(f)
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, nil, &ErrLocked{Path: path, Holder: prev}
		}
		return nil, nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// Released locks are emptied: content left means its holder died.
	if prev.PID != 0 {
		stale = &prev
	}
	host, _ := os.Hostname()
	b, _ := json.Marshal(lockInfo{PID: os.Getpid(), Host: host, RunID: runID, StartedAt: time.Now().UTC()})
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt(b, 0)
	}
	if err != nil {
		unlockFile(f)
		f.Close()
		return nil, nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &lock{f: f}, stale, nil
}

// release empties the lock file (the sign of a clean release) and unlocks it.
// The file stays: deleting it would let two processes lock different files.
func (l *lock) release() {
	l.f.Truncate(0)
	unlockFile(l.f)
	l.f.Close()
}

func readLockInfo(f *os.File) lockInfo {
	var info lockInfo
	b := make([]byte, 4096)
	n, _ := f.ReadAt(b, 0)
	json.Unmarshal(b[:n], &info) // an empty or damaged file says nothing
	return info
}

// LockHolder reports the process writing the warehouse now, if any. It
// only reads the lock file and asks whether its process is alive: probing
// the lock itself could make a run starting at that moment think it is held.
func LockHolder(warehouse string) (pid int, runID string, since time.Time, ok bool) {
	f, err := os.Open(lockPath(warehouse))
	if err != nil {
		return 0, "", time.Time{}, false
	}
	defer f.Close()
	info := readLockInfo(f)
	if info.PID == 0 || !processAlive(info.PID) {
		return 0, "", time.Time{}, false
	}
	return info.PID, info.RunID, info.StartedAt, true
}
