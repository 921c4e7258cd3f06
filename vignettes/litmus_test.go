package vignettes

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// litmusTrials keeps the tests fast even under -race.
const litmusTrials = 5_000

// TestLitmusAtomicsNeverForbidden: with sequentially consistent atomics the
// forbidden outcome never appears, at any GOMAXPROCS, and the counts add up.
func TestLitmusAtomicsNeverForbidden(t *testing.T) {
	for _, lt := range litmusTests() {
		if lt.variant != "atomic" {
			continue
		}
		for _, procs := range []int{1, 2, 4} {
			t.Run(fmt.Sprintf("%s/procs=%d", lt.name, procs), func(t *testing.T) {
				var hist [4]int64
				var err error
				withProcs(procs, func() { hist, err = runTrials(context.Background(), litmusTrials, lt.newBody(litmusBatch)) })
				if err != nil {
					t.Fatal(err)
				}
				checkSum(t, hist, litmusTrials)
				for i, l := range lt.labels {
					if l == forbidden && hist[i] != 0 {
						t.Errorf("forbidden outcome (%d,%d) appeared %d times", i/2, i%2, hist[i])
					}
				}
			})
		}
	}
}

func checkSum(t *testing.T, hist [4]int64, trials int) {
	t.Helper()
	var sum int64
	for _, c := range hist {
		if c < 0 {
			t.Errorf("negative count in %v", hist)
		}
		sum += c
	}
	if sum != int64(trials) {
		t.Errorf("outcomes %v add up to %d, want %d", hist, sum, trials)
	}
}

// TestLitmusLabels: each test has exactly one outcome that no interleaving
// gives, interesting for plain variables and forbidden for atomics.
func TestLitmusLabels(t *testing.T) {
	weak := map[string]int{"SB": 0, "MP": 2} // (0,0) and (1,0)
	for _, lt := range litmusTests() {
		want := interesting
		if lt.variant == "atomic" {
			want = forbidden
		}
		for i, l := range lt.labels {
			if i == weak[lt.name] && l != want || i != weak[lt.name] && l != acceptable {
				t.Errorf("%s/%s: outcome (%d,%d) labelled %s", lt.name, lt.variant, i/2, i%2, l)
			}
		}
	}
}

// TestRunTrialsCancelled: a cancelled run stops and its goroutines end
// (goleak checks the latter).
func TestRunTrialsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := runTrials(ctx, litmusTrials, sbAtomic(litmusBatch))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
