//go:build !addbench_probe

package styles

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestProbes runs this package's TestProbe tests — which watch every style
// hand over or publish once a quantum — in a build with the tag
// addbench_probe, the only build that carries the probes: they cost the
// benchmark builds nothing because this one is separate. So a plain go test
// ./styles runs them too, at the price of one more build of the package.
func TestProbes(t *testing.T) {
	gotool := filepath.Join(runtime.GOROOT(), "bin", "go")
	args := []string{"test", "-count=1", "-tags=addbench_probe", "-run=^TestProbe", "."}
	if testing.Short() {
		args = append(args, "-short")
	}
	out, err := exec.Command(gotool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, out)
	}
	t.Logf("go %v:\n%s", args, out)
}

// publishers are the only functions allowed to call published, once each:
// each is one publication of one style, the mechanism and then the probe, so
// that the probe counts publications rather than passes of a loop.
var publishers = map[string]int{
	"keep": 1, "lockAdd": 1, "send": 1, "ringSend": 1, "racyAdd": 1, "atomicAdd": 1, "casAdd": 1,
}

// TestProbedAtPublication reads this package's source: published is called
// from the publishers only. A style that called it from its loop and
// published once per program would pass TestProbeInterleavesAtQuantum.
func TestProbedAtPublication(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := map[string]int{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "published" {
						calls[fn.Name.Name]++
						if publishers[fn.Name.Name] == 0 {
							t.Errorf("%s: %s calls published; only a publisher may (publishers)", fset.Position(call.Pos()), fn.Name.Name)
						}
					}
				}
				return true
			})
		}
	}
	for name, want := range publishers {
		if calls[name] != want {
			t.Errorf("%s calls published %d times, want %d", name, calls[name], want)
		}
	}
}
