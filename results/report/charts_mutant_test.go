package report

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
)

// changeRun writes a results file of six samples per configuration, in the
// order given: "style programs ns" each, at len 64, quantum 1, shared mode.
func changeRun(t *testing.T, name string, rows ...string) string {
	t.Helper()
	var b strings.Builder
	for range 6 {
		for _, r := range rows {
			var style string
			var programs int
			var ns float64
			if _, err := fmt.Sscan(r, &style, &programs, &ns); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "BenchmarkAdd/style=%s/mode=shared/programs=%d/len=64/quantum=1 1000 %g ns/add\n", style, programs, ns)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func changeComparison(t *testing.T, base, head string) *benchtab.Comparison {
	t.Helper()
	set, err := results.Load("base="+base, "head="+head)
	if err != nil {
		t.Fatal(err)
	}
	c, err := benchtab.Compare(set, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var bothShapes = []string{"change-p1-len64-q1-cpu1", "change-p2-len64-q1-cpu1"}

// TestChangeFiguresSkipOnlyTheRowWithoutABaseline: a configuration the head
// did not run — here the first row of the table — is left out of the change
// charts, and every row after it is still charted: both shapes get their
// chart.
func TestChangeFiguresSkipOnlyTheRowWithoutABaseline(t *testing.T) {
	base := changeRun(t, "base.txt", "sequential.loop 1 10", "preempt.mutex 1 20", "sequential.loop 2 10", "preempt.mutex 2 20")
	head := changeRun(t, "head.txt", "preempt.mutex 1 22", "sequential.loop 2 11", "preempt.mutex 2 21")
	c := changeComparison(t, base, head)
	// The premise: the row the head lacks comes first.
	tabs := c.TablesOf("sec/add")
	if len(tabs) != 1 || len(tabs[0].Rows) != 4 || tabs[0].Rows[0].Cells[1] != nil {
		t.Fatalf("want one table whose first of 4 rows has no head cell")
	}
	charts, _, err := changeFigures(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(charts); !slices.Equal(got, bothShapes) {
		t.Errorf("change charts %q, want %q", got, bothShapes)
	}
}

// TestChangeFiguresGoOnAfterAChartFails: a shape whose chart cannot be
// drawn (a base of 0 ns/add, an infinite change) gives a warning naming it,
// and the shapes after it are still charted.
func TestChangeFiguresGoOnAfterAChartFails(t *testing.T) {
	base := changeRun(t, "base.txt", "sequential.loop 1 0", "preempt.mutex 1 20", "sequential.loop 2 10", "preempt.mutex 2 20")
	head := changeRun(t, "head.txt", "sequential.loop 1 5", "preempt.mutex 1 22", "sequential.loop 2 11", "preempt.mutex 2 21")
	charts, warnings, err := changeFigures(changeComparison(t, base, head))
	if err != nil {
		t.Fatal(err)
	}
	if got := names(charts); !slices.Equal(got, bothShapes[1:]) {
		t.Errorf("change charts %q, want %q", got, bothShapes[1:])
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Error(), "chart "+bothShapes[0]) {
		t.Errorf("warnings %v, want one about %s", warnings, bothShapes[0])
	}
}
