package results_test

import (
	"slices"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/styles"
)

// TestStylesMatchRegistry: results.Styles is the registry's list, in its
// order and with its levels. preempt.racy is left out of -race builds.
func TestStylesMatchRegistry(t *testing.T) {
	var want []results.StyleLevel
	for _, s := range styles.All() {
		want = append(want, results.StyleLevel{Name: s.Name, Level: int(s.Level)})
	}
	got := results.Styles
	if raceEnabled {
		got = slices.DeleteFunc(slices.Clone(got), func(s results.StyleLevel) bool { return s.Name == "preempt.racy" })
	}
	if !slices.Equal(got, want) {
		t.Errorf("results.Styles = %v,\nthe registry (styles.All) = %v", got, want)
	}
}
