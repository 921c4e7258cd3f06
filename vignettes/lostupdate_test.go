package vignettes

import (
	"context"
	"fmt"
	"testing"
)

// TestFixesLoseNothing: a mutex or an atomic add counts every increment, at
// any GOMAXPROCS.
func TestFixesLoseNothing(t *testing.T) {
	fixes := []struct {
		name string
		inc  func(goroutines, n int) int64
	}{
		{"mutex", mutexIncrements},
		{"atomic", atomicIncrements},
	}
	for _, fix := range fixes {
		for _, procs := range []int{1, 2, 4} {
			t.Run(fmt.Sprintf("%s/procs=%d", fix.name, procs), func(t *testing.T) {
				const goroutines, n = 4, 20_000
				var got int64
				withProcs(procs, func() { got = fix.inc(goroutines, n) })
				if got != goroutines*n {
					t.Errorf("got %d, want %d", got, goroutines*n)
				}
			})
		}
	}
}

// TestLostUpdateReport checks the lostupdate report's numbers: the fixes
// lose nothing, and the racy rows, where they run, lose between nothing and
// everything. How much they lose depends on the machine and is not asserted.
func TestLostUpdateReport(t *testing.T) {
	r, err := runLostUpdate(context.Background(), Options{Trials: 20_000})
	if err != nil {
		t.Fatal(err)
	}
	procs := parallelism()
	for _, name := range []string{
		fmt.Sprintf("lost-frac/variant=mutex/procs=%d", procs),
		fmt.Sprintf("lost-frac/variant=atomic/procs=%d", procs),
	} {
		if v, ok := r.Metric(name); !ok || v != 0 {
			t.Errorf("%s = %v (present %v), want 0", name, v, ok)
		}
	}
	racy := []string{
		"lost-frac/variant=racy/procs=1",
		fmt.Sprintf("lost-frac/variant=racy/procs=%d", procs),
		"lost-frac/variant=racy/procs=1/asyncpreempt=off",
		fmt.Sprintf("lost-frac/variant=racy/procs=%d/asyncpreempt=off", procs),
	}
	for _, name := range racy {
		v, ok := r.Metric(name)
		if raceEnabled {
			if ok {
				t.Errorf("race build reports %s = %v, want the row unavailable", name, v)
			}
			continue
		}
		if !ok || v < 0 || v >= 1 {
			t.Errorf("%s = %v (present %v), want within [0, 1)", name, v, ok)
		}
		t.Logf("%s = %.4f", name, v)
	}
}
