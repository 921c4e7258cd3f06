package vignettes

import (
	"fmt"
	"testing"
	"time"
)

// TestStarvedCallbackDoesNotRun: the setter, queued behind the busy
// callback, does not run while it spins; it runs once the watchdog has
// ended the spin, as the second callback.
func TestStarvedCallbackDoesNotRun(t *testing.T) {
	const watchdog = 30 * time.Millisecond
	r := starveLoop(watchdog)
	if r.setterInSpin {
		t.Error("the setter ran while the busy callback was spinning")
	}
	if r.spun < watchdog {
		t.Errorf("spun %v, want at least the watchdog's %v: only the watchdog can end the spin", r.spun, watchdog)
	}
	if !r.setterRan || r.ran != 2 || r.setterOrdinal != 2 {
		t.Errorf("setter ran %v as callback %d of %d, want true, 2 of 2", r.setterRan, r.setterOrdinal, r.ran)
	}
}

// TestGoroutineRescued: a goroutine spinning on an atomic flag gets out of
// it at any GOMAXPROCS, by parallelism or by preemption.
func TestGoroutineRescued(t *testing.T) {
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprint("procs=", procs), func(t *testing.T) {
			if took := goroutineRescue(procs); took <= 0 {
				t.Errorf("rescue took %v", took)
			}
		})
	}
}

// TestRound: durations keep three significant figures.
func TestRound(t *testing.T) {
	tests := []struct{ in, want time.Duration }{
		{5, 5},
		{123456, 123000},
		{12345678, 12300000},
		{1234567891, 1230000000},
	}
	for _, tt := range tests {
		if got := round(tt.in); got != tt.want {
			t.Errorf("round(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
