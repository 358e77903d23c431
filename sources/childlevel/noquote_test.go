package childlevel

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoQuotedValues: the readers of children's returns never quote a value
// into a message (%q, %#v): a value that cannot be used is described by
// its shape (shape.Describe), so an identifier typed into the wrong cell
// cannot reach meta.issue, the lake's manifests or a log. A format verb
// that quotes is refused anywhere in these packages, so no path to one can
// be added by mistake.
func TestNoQuotedValues(t *testing.T) {
	for _, dir := range []string{".", "../ssda903", "../cincensus", "../annexa"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", dir, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING &&
					(strings.Contains(lit.Value, "%q") || strings.Contains(lit.Value, "%#v") || strings.Contains(lit.Value, "%+q")) {
					t.Errorf("%s: a format quotes a value: describe it with shape.Describe", fset.Position(lit.Pos()))
				}
				return true
			})
		}
	}
}
