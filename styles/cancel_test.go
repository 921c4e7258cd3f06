package styles

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/addbench/addbench/workloads"
)

// startSignal is a context that reports when a Run first asks for Done, which
// every style does as it starts, so the test can cancel a run in progress.
type startSignal struct {
	context.Context
	once    sync.Once
	started chan struct{}
}

func (c *startSignal) Done() <-chan struct{} {
	c.once.Do(func() { close(c.started) })
	return c.Context.Done()
}

// bigWorkload returns 10^8 adds (programs × length = 100 × 10^6) in 8 MB:
// every program is a window on the same backing array.
func bigWorkload(mode workloads.Mode, length int) *workloads.Workload {
	base := workloads.Uniform(42, 1, length)[0]
	progs := make([]workloads.Program, 100)
	for i := range progs {
		progs[i] = base
	}
	return &workloads.Workload{Name: "big", Programs: progs, Mode: mode}
}

// TestCancel cancels a run of 10^8 adds just after it starts and requires
// ctx.Err() back well before the whole run could have finished. "Well before"
// is measured, not assumed: the same style first runs a hundredth of the work
// to completion, and the cancelled run must take less than half of what the
// full run is predicted to take from that. No fixed wall-clock threshold.
func TestCancel(t *testing.T) {
	full := bigWorkload(workloads.Shared, 1_000_000)
	hundredth := bigWorkload(workloads.Shared, 10_000)
	c := Config{Workers: 2, Quantum: 64}
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			// Shortest of three runs of the hundredth, to be fair to a busy
			// machine.
			per := time.Duration(1<<63 - 1)
			for range 3 {
				start := time.Now()
				if _, err := s.Run(context.Background(), hundredth, c); err != nil {
					t.Fatal(err)
				}
				per = min(per, time.Since(start))
			}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sig := &startSignal{Context: ctx, started: make(chan struct{})}
			go func() {
				<-sig.started
				cancel()
			}()
			start := time.Now()
			_, err := s.Run(sig, full, c)
			took := time.Since(start)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled Run returned %v, want context.Canceled", err)
			}
			if predicted := 100 * per; took > predicted/2 {
				t.Errorf("cancelled Run took %v; the whole run is predicted to take %v (100 × %v)", took, predicted, per)
			}
		})
	}
}

// TestCancelledBeforeStart: a context that is already done stops every style
// at its first quantum boundary.
func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	w := bigWorkload(workloads.Private, 1_000_000)
	for _, s := range All() {
		if _, err := s.Run(ctx, w, Config{Quantum: 1}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: Run with an expired context returned %v, want context.DeadlineExceeded", s.Name, err)
		}
	}
}
