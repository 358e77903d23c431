package pipeline

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFormat(t *testing.T) {
	const rev = "a760d84f1c2e9b3d5e7f00112233445566778899"
	vcs := func(modified string) []debug.BuildSetting {
		s := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}}
		if modified != "" {
			s = append(s, debug.BuildSetting{Key: "vcs.modified", Value: modified})
		}
		return s
	}
	tests := []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"tagged release", "v0.2.0", vcs("false"), "0.2.0"},
		{"tagged release, modified tree", "v0.2.0+dirty", vcs("true"), "0.2.0+dirty"},
		{"devel, clean", "(devel)", vcs("false"), "0.1.0+a760d84f1c2e"},
		{"devel, modified", "(devel)", vcs("true"), "0.1.0+a760d84f1c2e-dirty"},
		{"no main version (go run)", "", vcs(""), "0.1.0+a760d84f1c2e"},
		{"pseudo-version", "v0.0.0-20261206120000-a760d84f1c2e", vcs("false"), "0.1.0+a760d84f1c2e"},
		{"pseudo-version, dirty", "v0.0.0-20261206120000-a760d84f1c2e+dirty", vcs("true"), "0.1.0+a760d84f1c2e-dirty"},
		{"pseudo-version after a tag", "v0.2.1-0.20261206120000-a760d84f1c2e", vcs("false"), "0.1.0+a760d84f1c2e"},
		{"pseudo-version after a pre-release", "v0.2.0-rc.1.0.20261206120000-a760d84f1c2e", vcs("false"), "0.1.0+a760d84f1c2e"},
		{"pre-release tag", "v0.2.0-rc.1", vcs("false"), "0.2.0-rc.1"},
		{"short revision", "(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}}, "0.1.0+abc123"},
		{"no vcs information (go test)", "(devel)", nil, "0.1.0+unknown"},
		{"nothing at all", "", nil, "0.1.0+unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/yardstick-etl/yardstick", Version: tt.version}, Settings: tt.settings}
			if got := formatVersion(bi); got != tt.want {
				t.Errorf("formatVersion = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestVersionStamped: the package's Version is what the running binary's
// build information gives (a test binary carries no VCS information).
func TestVersionStamped(t *testing.T) {
	if Version == "" || strings.HasPrefix(Version, "v") {
		t.Errorf("Version = %q", Version)
	}
	if Version != version() {
		t.Errorf("Version = %q, version() = %q", Version, version())
	}
}
