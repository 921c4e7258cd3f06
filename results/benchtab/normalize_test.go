package benchtab

import (
	"math"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/internal/synth"
)

// Normalizing drops the baseline's own time values but must keep its B/op
// and allocs/op (normalize.go: continue → break would drop every value after
// the first time unit), so the baseline's allocation regressions are gated.
func TestNormalizeKeepsBaselineCounts(t *testing.T) {
	set := load(t, []string{"old", "new"}, synth.With(many, func(s *synth.Spec) { s.Seed = 60 }), synth.With(many, func(s *synth.Spec) { s.Seed = 61 }))
	c := compare(t, set, opts(func(o *Options) { o.Normalize = "sequential.loop" }))
	for _, unit := range []string{"B/op", "allocs/op"} {
		found := false
		for _, tab := range c.TablesOf(unit) {
			for _, row := range tab.Rows {
				found = found || strings.Contains(row.Label, "style=sequential.loop/")
			}
		}
		if !found {
			t.Errorf("normalized comparison has no %s row for the baseline style", unit)
		}
	}
}

// A baseline whose median time is 0 cannot divide anything: its style's
// times are left out with the missing-baseline warning, not made infinite.
// And a file whose every result is the baseline's own time has nothing left
// to compare once normalized: an error, not empty tables.
func TestNormalizeDegenerateBaselines(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeResults(t, dir, name, text) }
	zero := write("zero", "BenchmarkAdd/style=sequential.loop/mode=shared/programs=1/len=8/quantum=1 1 0 ns/add 8 B/op\n"+
		"BenchmarkAdd/style=lockfree.atomic/mode=shared/programs=1/len=8/quantum=1 1 5 ns/add 8 B/op\n")
	set, err := results.Load(zero)
	if err != nil {
		t.Fatal(err)
	}
	norm := opts(func(o *Options) { o.Normalize = "sequential.loop" })
	c, err := Compare(set, norm)
	if err != nil {
		t.Fatal(err)
	}
	{
		for _, tab := range c.Tables {
			for _, row := range tab.Rows {
				for _, cell := range row.Cells {
					if cell != nil && math.IsInf(cell.Summary.Center, 0) {
						t.Errorf("%s %s: infinite normalized value", tab.Unit, row.Label)
					}
				}
			}
		}
		if !containsError(c.Warnings, "no sequential.loop baseline (sec/add) for BenchmarkAdd/style=lockfree.atomic") {
			t.Errorf("warnings %v lack the missing baseline", c.Warnings)
		}
	}

	only := write("only", "BenchmarkAdd/style=sequential.loop/mode=shared/programs=1/len=8/quantum=1 1 2 ns/add\n")
	if set, err = results.Load(only); err != nil {
		t.Fatal(err)
	}
	if _, err := Compare(set, norm); err == nil || !strings.Contains(err.Error(), "selects no results") {
		t.Errorf("normalizing a file of baseline times alone: %v, want nothing to compare", err)
	}
}
