package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule calls job on a cron schedule (five fields or a descriptor such
// as "@every 10m") in loc until ctx is cancelled, then waits for a job in
// progress to finish and returns. Each job gets ctx, so cancelling it (on
// SIGTERM) cancels the run in progress as well. Never two jobs at once: a
// job still running when the next is due makes that one skip. A job that
// panics is logged and the schedule goes on.
func Schedule(ctx context.Context, spec string, loc *time.Location, log *slog.Logger, job func(context.Context)) error {
	cl := cronLogger{log}
	// This order (skip, then recover) as DESIGN.md says: the other order
	// leaves the skip's lock held after a panic, skipping every later run.
	c := cron.New(cron.WithLocation(loc), cron.WithLogger(cl),
		cron.WithChain(cron.SkipIfStillRunning(cl), cron.Recover(cl)))
	id, err := c.AddFunc(spec, func() {
		if ctx.Err() != nil {
			return
		}
		job(ctx)
	})
	if err != nil {
		return fmt.Errorf("schedule %q: %w", spec, err)
	}
	c.Start()
	log.Info("schedule started", "schedule", spec, "timezone", loc.String(), "next_run", c.Entry(id).Next)
	<-ctx.Done()
	log.Info("stopping: the run in progress, if any, is cancelled; the published warehouse is kept")
	<-c.Stop().Done()
	log.Info("schedule stopped")
	return nil
}

// cronLogger passes cron's messages to slog: its routine chatter at debug
// level, skipped runs as warnings, panics as errors.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	if msg == "skip" {
		l.log.Warn("a run was due while the previous one was still running; skipped", kv...)
		return
	}
	l.log.Debug("cron: "+msg, kv...)
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
