package vignettes

import (
	"context"
	"fmt"
	"testing"
)

// TestGILIncrements checks what follows from the GIL's rules on every
// machine: the counter never gains, torn hand-overs are hand-overs, an
// interval that covers a thread's whole loop loses nothing, and interval 1
// makes all threads read before any writes, leaving one increment per round.
func TestGILIncrements(t *testing.T) {
	const n = 300 // 900 ticks per thread
	for _, threads := range []int{1, 2, 4} {
		for _, interval := range []int{1, 2, 3, 4, 7, 64, 899, 900, 4096} {
			t.Run(fmt.Sprintf("threads=%d/interval=%d", threads, interval), func(t *testing.T) {
				want := int64(threads * n)
				r := gilIncrements(threads, n, interval)
				if r.got < 1 || r.got > want {
					t.Errorf("counter %d, want within [1, %d]", r.got, want)
				}
				if r.torn > r.switches {
					t.Errorf("%d torn hand-overs of %d", r.torn, r.switches)
				}
				switch {
				case threads == 1 || interval >= 3*n:
					if r.got != want || r.torn != 0 {
						t.Errorf("counter %d with %d torn, want %d with none: no switch can split an update", r.got, r.torn, want)
					}
				case interval == 1:
					if r.got != n || r.torn != threads*n {
						t.Errorf("counter %d with %d torn, want %d with %d: one increment per round survives", r.got, r.torn, n, threads*n)
					}
				}
			})
		}
	}
}

func TestSwitchIntervalReport(t *testing.T) {
	const n = 100
	r, err := runSwitchInterval(context.Background(), Options{Trials: n})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.Tables[0].Rows); got != len(siIntervals) {
		t.Fatalf("%d rows, want one per interval (%d)", got, len(siIntervals))
	}
	if v, ok := r.Metric("lost-frac/interval=4096"); !ok || v != 0 {
		t.Errorf("lost at interval 4096 = %v (present %v), want 0: %d ticks fit in one interval", v, ok, 3*n)
	}
	if v, ok := r.Metric("lost-frac/interval=1"); !ok || v != float64(siThreads-1)/siThreads {
		t.Errorf("lost at interval 1 = %v (present %v), want %v", v, ok, float64(siThreads-1)/siThreads)
	}
}
