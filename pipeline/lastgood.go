package pipeline

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// What a run does with an input that loaded before and is rejected now
// (config on_rejected). A nightly run must not quietly publish a warehouse
// without a theme because one row of its file went ragged.
const (
	KeepLastGood = "keep_last_good" // the version staged last time is used, and the run says so
	DropRejected = "drop"           // the input is left out, as any rejected input
	FailRejected = "fail"           // the run fails; the published warehouse stays
)

// OnRejected lists the policies.
var OnRejected = []string{KeepLastGood, DropRejected, FailRejected}

// lastGood is the version of an input the last published run used.
type lastGood struct {
	Key      string    `json:"key"` // its lake key: the manifest and Parquet to reuse
	SHA256   string    `json:"sha256"`
	StagedAt time.Time `json:"staged_at"`
}

func lastGoodPath(lake string) string { return filepath.Join(lake, "last_good.json") }

// readLastGood reads the index of last good versions by input path (empty
// when there is none or it cannot be read: it is an aid, not an input).
func readLastGood(lake string) map[string]lastGood {
	out := map[string]lastGood{}
	if b, err := os.ReadFile(lastGoodPath(lake)); err == nil {
		json.Unmarshal(b, &out)
	}
	return out
}

// writeLastGood records the versions a published run used: loaded and
// unchanged inputs now, and the versions kept for rejected ones.
func writeLastGood(lake string, prev map[string]lastGood, inputs []*input, now time.Time) error {
	out := map[string]lastGood{}
	for _, in := range inputs {
		switch in.Status {
		case "loaded", "unchanged":
			g := lastGood{Key: in.Key, SHA256: in.SHA256, StagedAt: now}
			if p, ok := prev[in.Rel]; ok && p.Key == in.Key {
				g.StagedAt = p.StagedAt // the same version: staged when first seen
			}
			out[in.Rel] = g
		case "kept_previous":
			out[in.Rel] = prev[in.Rel]
		}
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	return writeAtomic(lastGoodPath(lake), b)
}

// applyOnRejected handles the inputs rejected this run that a published
// run used before. keep_last_good takes the version staged then (when the
// lake still has it): status kept_previous, with the reason and the date
// of the version kept. fail returns an error naming them.
func applyOnRejected(policy, lake string, inputs []*input, prev map[string]lastGood, log *slog.Logger) error {
	var failed []string
	for _, in := range inputs {
		g, ok := prev[in.Rel]
		if in.Status != "rejected" || !ok {
			continue
		}
		switch policy {
		case FailRejected:
			failed = append(failed, fmt.Sprintf("%s (%s)", in.Rel, in.Reason))
		case KeepLastGood:
			var old input
			b, err := os.ReadFile(filepath.Join(lake, "inputs", g.Key+".json"))
			if err != nil || json.Unmarshal(b, &old) != nil || !allExist(lake, old.Parquet) {
				in.Reason += "; the version it had before is no longer in the lake, so it is left out"
				log.Error("input rejected and its last good version is gone", "file", in.Rel, "reason", in.Reason)
				continue
			}
			in.Reason = fmt.Sprintf("%s; the version staged on %s is used instead", in.Reason, g.StagedAt.Format("2006-01-02 15:04"))
			in.Status, in.Key, in.Kind = "kept_previous", g.Key, old.Kind
			in.Rows, in.Issues, in.Parquet, in.Note = old.Rows, old.Issues, old.Parquet, old.Note
			for i := range in.Issues {
				in.Issues[i].File = in.Rel
			}
			log.Error("input rejected: its last good version is kept", "file", in.Rel, "reason", in.Reason)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("on_rejected is fail and %d inputs that loaded before were rejected: %v", len(failed), failed)
	}
	return nil
}
