//go:build !race

package vignettes

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestSpinChild: with one P and no asynchronous preemption nothing can stop
// a loop without calls, so the child spins until it is killed; give it
// either back and the setter runs. The child is reaped either way.
func TestSpinChild(t *testing.T) {
	tests := []struct {
		cfg     childSpinConfig
		bound   time.Duration
		rescued bool
	}{
		{childSpinConfig{procs: 1, asyncOff: true}, 200 * time.Millisecond, false},
		{childSpinConfig{procs: 1, asyncOff: false}, 5 * time.Second, true},
		{childSpinConfig{procs: 2, asyncOff: true}, 5 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("procs=%d/asyncoff=%v", tt.cfg.procs, tt.cfg.asyncOff), func(t *testing.T) {
			out, err := spinChild(context.Background(), tt.cfg, tt.bound)
			if err != nil {
				t.Fatal(err)
			}
			if out.rescued != tt.rescued {
				t.Errorf("rescued = %v after %v, want %v", out.rescued, out.after, tt.rescued)
			}
			if !out.rescued && out.after < tt.bound {
				t.Errorf("killed after %v, before the bound of %v", out.after, tt.bound)
			}
		})
	}
}
