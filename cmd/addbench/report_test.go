package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

// TestReportComputesOnce: addbench report builds its report with one call
// of report.Build and hands that one value to both renderers; no function
// of the command compares files or checks targets itself. With
// TestComputedOnce in results/report (Build compares once and checks each
// file's targets once; rendering adds no call), this proves report -html A B
// runs benchtab.Compare exactly once and targets.Check once per file.
func TestReportComputesOnce(t *testing.T) {
	calls := callsIn(t, "report.go")
	var all []string
	for _, fn := range []string{"cmdReport", "prepare", "write"} {
		all = append(all, calls[fn]...)
	}
	count := func(name string) int {
		return len(slices.DeleteFunc(slices.Clone(all), func(c string) bool { return c != name }))
	}
	for name, want := range map[string]int{
		"report.Build": 1, "report.Markdown": 1, "dashboard.ReportPage": 1,
		"benchtab.Compare": 0, "targets.Check": 0, "report.Figures": 0,
	} {
		if got := count(name); got != want {
			t.Errorf("report.go calls %s %d times, want %d (calls: %q)", name, got, want, all)
		}
	}
	// plot's comparison is report.Figures'.
	for _, file := range []string{"report.go", "plot.go"} {
		for fn, cs := range callsIn(t, file) {
			for _, c := range cs {
				if c == "benchtab.Compare" || c == "targets.Check" || c == "report.Build" && file != "report.go" {
					t.Errorf("%s: %s calls %s", file, fn, c)
				}
			}
		}
	}
}

// callsIn returns, for each function declared in file, the calls it makes
// of package-qualified functions, as "pkg.Func", in order.
func callsIn(t *testing.T, file string) map[string][]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string][]string{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		calls[fd.Name.Name] = nil
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if pkg, ok := sel.X.(*ast.Ident); ok {
						calls[fd.Name.Name] = append(calls[fd.Name.Name], pkg.Name+"."+sel.Sel.Name)
					}
				}
			}
			return true
		})
	}
	return calls
}
