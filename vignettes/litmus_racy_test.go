//go:build !race

package vignettes

import (
	"context"
	"testing"
)

// TestLitmusPlainCountsAddUp: plain variables may show any of the four
// outcomes, and how often is the machine's business, but every trial has
// exactly one.
func TestLitmusPlainCountsAddUp(t *testing.T) {
	for _, lt := range litmusTests() {
		if lt.variant != "plain" {
			continue
		}
		t.Run(lt.name, func(t *testing.T) {
			hist, err := runTrials(context.Background(), 3*litmusBatch+17, lt.newBody(litmusBatch))
			if err != nil {
				t.Fatal(err)
			}
			checkSum(t, hist, 3*litmusBatch+17)
			t.Logf("outcomes (0,0) (0,1) (1,0) (1,1): %v", hist)
		})
	}
}
