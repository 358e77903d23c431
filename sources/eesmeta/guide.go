package eesmeta

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/yardstick-etl/yardstick/sources"
)

// A pre-EES release came with a guide (SFR50_2017_MetaData.txt): text,
// often in Windows-1252, with a block per data file, the file's name on a
// line of its own and then one "column: label" line per column. Guide reads
// it as the metadata of those files: stage.ees_column rows whose col_name
// is the column as the legacy EES reader stages it (without the year, as
// CLA_Mar2017 is CLA_Mar), so config indicators over release tables take
// their labels from it.

var (
	guideFile  = regexp.MustCompile(`^([A-Za-z0-9_\-]+\.csv)$`)
	guideLine  = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]*)\s*:\s*(.+)$`)
	guideYear  = regexp.MustCompile(`(19|20)\d\d`)
	guideNotes = map[string]bool{"geog_l": true, "geog_c": true, "geog_n": true, "new_geog_code": true, "la_order": true}
	guideAny   = regexp.MustCompile(`(?m)^[A-Za-z0-9_\-]+\.csv\r?$`)
)

// MaxGuide caps a guide's size: they are tens of kilobytes.
const MaxGuide = 4 << 20

// Guide is the source for release guides (kind release_guide).
type Guide struct{}

func (Guide) Kind() string { return "release_guide" }

func (Guide) Tables() []sources.Table { return []sources.Table{{Name: Table, Schema: Schema}} }

// Recognise: a .txt that describes a release table's geography columns
// under a file name.
func (Guide) Recognise(s *sources.Sample) bool {
	if s.Ext() != ".txt" {
		return false
	}
	text := decode(s.Head)
	return strings.Contains(text, "geog_l:") && guideAny.MatchString(text)
}

// decode is text as UTF-8: as it is when it is UTF-8, else read as
// Windows-1252 (what the releases' guides were saved in).
func decode(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return string(bytes.ToValidUTF8(b, []byte("?")))
	}
	return string(out)
}

type guideColumn struct {
	file, name, label string
	row               int
}

// readGuide returns the columns the guide describes, file by file.
func readGuide(p string) ([]guideColumn, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxGuide {
		return nil, fmt.Errorf("the guide is %d KiB, over the %d KiB a release guide can be: not a guide", info.Size()>>10, MaxGuide>>10)
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var out []guideColumn
	file, year := "", ""
	sc := bufio.NewScanner(strings.NewReader(decode(raw)))
	sc.Buffer(make([]byte, 64*1024), MaxGuide)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if m := guideFile.FindStringSubmatch(line); m != nil {
			file, year = m[1], ""
			if ys := guideYear.FindAllString(file, -1); len(ys) > 0 {
				year = ys[len(ys)-1]
			}
			continue
		}
		m := guideLine.FindStringSubmatch(line)
		if file == "" || m == nil || guideNotes[strings.ToLower(m[1])] {
			continue
		}
		name := m[1]
		if year != "" {
			if short := strings.Trim(strings.ReplaceAll(name, year, ""), "_ "); short != "" {
				name = short
			}
		}
		out = append(out, guideColumn{file: file, name: name, label: strings.TrimSpace(m[2]), row: n})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the guide names no file's columns (a line with the file name, then \"column: label\" lines)")
	}
	return out, nil
}

func (Guide) Read(ctx context.Context, p string, env *sources.Env, w sources.Writer) (int64, error) {
	cols, err := readGuide(p)
	if err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	dir := path.Dir(strings.ReplaceAll(env.File, "\\", "/"))
	files := map[string]bool{}
	// a guide's label is the rest of its line: no column names it
	if err := writeColumns(env, w, "", "", func(add func(dataFile string, c Column)) {
		for _, c := range cols {
			files[c.file] = true
			add(path.Join(dir, c.file), Column{Name: c.name, Type: "Indicator", Label: c.label, DecimalPlaces: -1, Row: c.row})
		}
	}); err != nil {
		return 0, err
	}
	env.Note = fmt.Sprintf("a release guide: labels of %d columns of %d files", len(cols), len(files))
	return int64(len(cols)), nil
}
