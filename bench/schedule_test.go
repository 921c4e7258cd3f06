package bench

import (
	"slices"
	"testing"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// TestScheduleKeepsCasesTogether checks the order a pass measures in: every
// (case, style) pair exactly once, each case's styles one after another (so
// that a style runs seconds from the plain loop it is divided by), and a
// seed that moves both the cases and the styles within them.
func TestScheduleKeepsCasesTogether(t *testing.T) {
	suite, err := workloads.LookupSuite("default")
	if err != nil {
		t.Fatal(err)
	}
	ss := styles.All()
	names := func(order uint64) (cases, pairs []string) {
		for _, j := range schedule(suite.Cases, ss, order) {
			if len(cases) == 0 || cases[len(cases)-1] != j.c.Name() {
				cases = append(cases, j.c.Name())
			}
			pairs = append(pairs, j.c.Name()+" "+j.s.Name)
		}
		return cases, pairs
	}
	catalogCases, catalog := names(0)
	if len(catalogCases) != len(suite.Cases) || catalog[0] != suite.Cases[0].Name()+" "+ss[0].Name {
		t.Fatalf("order 0: %d case groups starting %q, want %d in catalog order", len(catalogCases), catalog[0], len(suite.Cases))
	}
	var firstStyles []string
	for _, seed := range []uint64{1, 2, 3} {
		cases, pairs := names(seed)
		if len(cases) != len(suite.Cases) {
			t.Errorf("seed %d: the cases form %d groups, want %d: a case's styles are split apart", seed, len(cases), len(suite.Cases))
		}
		if !slices.Equal(slices.Sorted(slices.Values(pairs)), slices.Sorted(slices.Values(catalog))) {
			t.Errorf("seed %d: not every (case, style) pair exactly once", seed)
		}
		if slices.Equal(cases, catalogCases) {
			t.Errorf("seed %d: cases in catalog order, not shuffled", seed)
		}
		firstStyles = append(firstStyles, pairs[0][len(cases[0])+1:])
		if slices.Equal(pairs[:len(ss)], catalog[:len(ss)]) && cases[0] == catalogCases[0] {
			t.Errorf("seed %d: styles of the first case in registry order, not shuffled", seed)
		}
	}
	if firstStyles[0] == firstStyles[1] && firstStyles[1] == firstStyles[2] {
		t.Errorf("three seeds all start with style %s", firstStyles[0])
	}
}
