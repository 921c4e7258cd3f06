//go:build !race

package vignettes

import (
	"context"
	"fmt"
	"testing"
)

// TestRacyIncrementsBounded: unsynchronised increments can lose updates but
// never invent them, and the first write always lands.
func TestRacyIncrementsBounded(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		t.Run(fmt.Sprint("procs=", procs), func(t *testing.T) {
			const goroutines, n = 4, 100_000
			var got int64
			withProcs(procs, func() { got = racyIncrements(goroutines, n) })
			if got < 1 || got > goroutines*n {
				t.Errorf("got %d, want within [1, %d]", got, goroutines*n)
			}
			t.Logf("lost %d of %d", goroutines*n-got, goroutines*n)
		})
	}
}

// TestLostUpdateChild: the child runs the racy loop with the GOMAXPROCS it
// was given (lostUpdateChild checks) and reports a count within bounds.
func TestLostUpdateChild(t *testing.T) {
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprint("procs=", procs), func(t *testing.T) {
			const n = 50_000
			got, _, err := lostUpdateChild(context.Background(), procs, n)
			if err != nil {
				t.Fatal(err)
			}
			if got < 1 || got > luGoroutines*n {
				t.Errorf("got %d, want within [1, %d]", got, luGoroutines*n)
			}
		})
	}
}
