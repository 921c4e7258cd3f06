package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
)

// TestFromComparisonTimeUnitsOnly: a benchmark with no sec/add (a
// primitive) gets its point in sec/op; no other unit (B/op) gets one, even
// when it changed.
func TestFromComparisonTimeUnitsOnly(t *testing.T) {
	dir := t.TempDir()
	var args []string
	for i, name := range []string{"base", "head"} {
		var b strings.Builder
		b.WriteString("pairing: passes\nsession: 1\npasses: 12\n")
		for p := range 12 {
			jit := 1 + 0.01*float64(p%3)
			fmt.Fprintf(&b, "BenchmarkAdd/s=x 1 %g ns/add\nBenchmarkPrimitive/op=sum 1 %g ns/op %d B/op\n", jit, (10+float64(i))*jit, 100+50*i+p)
		}
		path := filepath.Join(dir, name+".txt")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, name+"="+path)
	}
	set, err := results.Load(args...)
	if err != nil {
		t.Fatal(err)
	}
	c, err := benchtab.Compare(set, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range FromComparison(c, Run{Machine: "m", Date: "2026-12-01T10:00:00Z"}) {
		got = append(got, p.Benchmark+" "+p.Unit)
	}
	if want := "Add/s=x sec/add, Primitive/op=sum sec/op"; strings.Join(got, ", ") != want {
		t.Errorf("points %q, want %s", got, want)
	}
}
