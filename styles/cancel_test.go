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

var bigProgram = sync.OnceValue(func() workloads.Program { return workloads.Uniform(42, 1, 1_000_000)[0] })

// bigWorkload returns programs × 10^6 adds in 8 MB: every program is a window
// on the same backing array.
func bigWorkload(mode workloads.Mode, programs int) *workloads.Workload {
	base := bigProgram()
	progs := make([]workloads.Program, programs)
	for i := range progs {
		progs[i] = base
	}
	return &workloads.Workload{Name: "big", Programs: progs, Mode: mode}
}

// TestCancel cancels a run of at least 10^8 adds just after it starts and
// requires ctx.Err() back well before the whole run could have finished.
// "Well before" is measured, not assumed: the same style first runs a
// hundredth of the work to completion, and the cancelled run must take less
// than half of what the full run is predicted to take from that. No fixed
// wall-clock threshold.
//
// The hundredth is grown until it takes at least minHundredth, so the
// prediction dwarfs the scheduler's own delays: at GOMAXPROCS 1 the goroutine
// that cancels, and the one context.AfterFunc starts, each wait for the
// spinning style to be preempted (about 10 ms apiece), longer than a fast
// style needs for all 10^8 adds.
func TestCancel(t *testing.T) {
	const minHundredth = 5 * time.Millisecond
	c := Config{Workers: 2, Quantum: 64}
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			var per time.Duration
			k := 2 // programs in the hundredth; at least one per worker
			for ; ; k *= 2 {
				// Shortest of three runs, to be fair to a busy machine.
				hundredth := bigWorkload(workloads.Shared, k)
				per = time.Duration(1<<63 - 1)
				for range 3 {
					start := time.Now()
					if _, err := s.Run(context.Background(), hundredth, c); err != nil {
						t.Fatal(err)
					}
					per = min(per, time.Since(start))
				}
				if per >= minHundredth || k >= 256 {
					break
				}
			}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sig := &startSignal{Context: ctx, started: make(chan struct{})}
			go func() {
				<-sig.started
				cancel()
			}()
			start := time.Now()
			_, err := s.Run(sig, bigWorkload(workloads.Shared, 100*k), c)
			took := time.Since(start)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled Run returned %v, want context.Canceled", err)
			}
			if predicted := 100 * per; took > predicted/2 {
				t.Errorf("cancelled Run of %d adds took %v; the whole run is predicted to take %v (100 × %v)", 100*k*1_000_000, took, predicted, per)
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
	w := bigWorkload(workloads.Private, 100)
	for _, s := range All() {
		if _, err := s.Run(ctx, w, Config{Quantum: 1}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: Run with an expired context returned %v, want context.DeadlineExceeded", s.Name, err)
		}
	}
}
