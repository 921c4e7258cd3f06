package report

import (
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/targets"
)

// Calls counts the computations a report makes once each.
type Calls struct{ Compare, Verdict, Targets int }

// CountCalls counts, until the test ends, every call of benchtab.Compare,
// Comparison.Verdict and targets.Check made by this package. Tests that use
// it must not run in parallel.
func CountCalls(t *testing.T) *Calls {
	n := new(Calls)
	c, v, ct := compare, verdict, checkTargets
	compare = func(set *results.Set, opts benchtab.Options) (*benchtab.Comparison, error) {
		n.Compare++
		return c(set, opts)
	}
	verdict = func(cmp *benchtab.Comparison) benchtab.Verdict {
		n.Verdict++
		return v(cmp)
	}
	checkTargets = func(f *results.File) []targets.Target {
		n.Targets++
		return ct(f)
	}
	t.Cleanup(func() { compare, verdict, checkTargets = c, v, ct })
	return n
}
