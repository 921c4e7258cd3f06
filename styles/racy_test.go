//go:build !race

package styles

import (
	"context"
	"testing"

	"github.com/addbench/addbench/workloads"
)

// ones returns n programs of length adds each, every integer 1, so a lost
// update shows in the sum as well as in the add count.
func ones(n, adds int) []workloads.Program {
	p := make(workloads.Program, adds)
	for i := range p {
		p[i] = 1
	}
	ps := make([]workloads.Program, n)
	for i := range ps {
		ps[i] = p
	}
	return ps
}

// TestRacyNeverInventsAdds: racy updates can only lose adds. Whether any are
// lost depends on the machine, so it is reported, not asserted.
func TestRacyNeverInventsAdds(t *testing.T) {
	racy, err := Lookup("preempt.racy")
	if err != nil {
		t.Fatal(err)
	}
	if !racy.Racy {
		t.Fatal("preempt.racy is not marked Racy")
	}
	w := &workloads.Workload{Name: "ones", Programs: ones(8, 100_000), Mode: workloads.Shared}
	for _, workers := range []int{1, 2, 4} {
		r, err := racy.Run(context.Background(), w, Config{Workers: workers, Quantum: 1})
		if err != nil {
			t.Fatal(err)
		}
		adds := w.Adds()
		if r.Lost < 0 || r.Lost > adds {
			t.Errorf("workers=%d: Lost = %d, want within [0, %d]", workers, r.Lost, adds)
		}
		if got := r.Sums[0]; got < 1 || got > adds {
			t.Errorf("workers=%d: sum of %d ones = %d, want within [1, %d]", workers, adds, got, adds)
		}
		t.Logf("workers=%d: sum %d of %d, counter lost %d adds (%.3f%%)", workers, r.Sums[0], adds, r.Lost, 100*float64(r.Lost)/float64(adds))
	}
}

// TestRacyPrivateIsExact: in private mode nothing is shared, so even the racy
// style is exact.
func TestRacyPrivateIsExact(t *testing.T) {
	racy, _ := Lookup("preempt.racy")
	w := &workloads.Workload{Name: "private", Programs: workloads.Uniform(3, 8, 10_000), Mode: workloads.Private}
	r, err := racy.Run(context.Background(), w, Config{Workers: 4, Quantum: 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := workloads.Reference(w); !r.Equal(want) || r.Lost != 0 {
		t.Errorf("private racy = %v lost %d, want %v lost 0", r.Sums, r.Lost, want.Sums)
	}
}
