package pipeline

import (
	"regexp"
	"runtime/debug"
	"strings"
)

// baseVersion is the release the source tree is working towards; a build of
// an untagged commit is this plus the commit (see formatVersion).
const baseVersion = "0.1.0"

// Version is recorded in meta.run and in the run's fingerprint, and printed
// by `yardstick version`. It is stamped from the build (version), so two
// builds of different commits never claim the same version.
var Version = version()

// version is the running binary's version, from its build information.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return baseVersion + "+unknown"
	}
	return formatVersion(bi)
}

// pseudoVersion matches the end of a Go pseudo-version
// (v0.0.0-20261206120000-abcdef123456, optionally +dirty): what the go
// command stamps for an untagged commit, which says less than the commit.
var pseudoVersion = regexp.MustCompile(`[-.]\d{14}-[0-9a-f]{12}(\+dirty)?$`)

// formatVersion gives the version a build's information says:
//   - the main module's version when it is a release (a tag such as v0.2.0,
//     printed 0.2.0; with +dirty when the tree was modified), not "(devel)",
//     empty or a pseudo-version;
//   - else baseVersion+<first 12 hex digits of vcs.revision>, with -dirty when
//     vcs.modified is true: 0.1.0+a760d84f1c2e-dirty;
//   - else, with no VCS information (go test never stamps it, nor a build
//     with -buildvcs=false or outside a repository), baseVersion+unknown.
func formatVersion(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" && !pseudoVersion.MatchString(v) {
		return strings.TrimPrefix(v, "v")
	}
	var rev string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return baseVersion + "+unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := baseVersion + "+" + rev
	if modified {
		v += "-dirty"
	}
	return v
}
