//go:build !race

package vignettes

import (
	"fmt"
	"testing"
)

// TestRacyAppendsBounded: unguarded appends can lose elements but never
// invent them. How many are lost is the machine's business.
func TestRacyAppendsBounded(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		t.Run(fmt.Sprint("procs=", procs), func(t *testing.T) {
			const goroutines, n = 4, 50_000
			var got int
			withProcs(procs, func() { got = racyAppends(goroutines, n) })
			if got < 1 || got > goroutines*n {
				t.Errorf("length %d, want within [1, %d]", got, goroutines*n)
			}
			t.Logf("lost %d of %d", goroutines*n-got, goroutines*n)
		})
	}
}
