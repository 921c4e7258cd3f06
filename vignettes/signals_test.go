package vignettes

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// TestMoveUntilSignalled: given a signal already waiting, the loop stops at
// the end of its first quantum, with the invariant intact and the cleanup
// run.
func TestMoveUntilSignalled(t *testing.T) {
	for _, q := range []int{1, 7, 1000} {
		sig := make(chan os.Signal, 1)
		sig <- os.Interrupt
		r := moveUntilSignalled(q, sig)
		if r.Moves != int64(q) || !r.Invariant || !r.Cleanup || r.Quantum != q {
			t.Errorf("q=%d: %+v, want %d moves, invariant and cleanup", q, r, q)
		}
	}
}

// TestSignalChild sends SIGINT to real children: each handles it at a point
// it chose, with its invariant intact, and runs its deferred cleanup.
func TestSignalChild(t *testing.T) {
	if err := signalsSupported(); err != nil {
		t.Skip(err)
	}
	for _, q := range []int{1, 1000, 1_000_000} {
		t.Run(fmt.Sprint("quantum=", q), func(t *testing.T) {
			r, err := signalChild(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if r.Quantum != q || r.Moves < int64(q) || r.Moves%int64(q) != 0 {
				t.Errorf("quantum %d, %d moves; want quantum %d and whole quanta", r.Quantum, r.Moves, q)
			}
			if !r.Invariant {
				t.Error("the invariant did not hold where the signal was handled")
			}
			if !r.Cleanup {
				t.Error("the deferred cleanup did not run")
			}
			t.Logf("delay %v", r.delay)
		})
	}
}
