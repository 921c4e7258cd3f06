package peers

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// startSignal is a context that reports when a Run first asks for Done, which
// every peer does as it starts (watch), so the test can cancel a run in
// progress.
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

// TestCancel is styles' TestCancel for the peers: it cancels a run just after
// it starts and requires ctx.Err() back in less than half the time the whole
// run is predicted to take from a hundredth of it, timed first. Every peer
// can be cancelled this way: none of the libraries stops a task midway, but
// each peer stops submitting tasks, and queued tasks skip their adds, once
// the context is done.
func TestCancel(t *testing.T) {
	const minHundredth = 5 * time.Millisecond
	c := styles.Config{Workers: 2, Quantum: 64}
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			var per time.Duration
			k := 2 // programs in the hundredth; at least one per worker
			for ; ; k *= 2 {
				hundredth := bigWorkload(workloads.Shared, k)
				per = time.Duration(1<<63 - 1)
				for range 3 { // shortest of three, to be fair to a busy machine
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

// TestCancelledBeforeStart: a context that is already done stops every peer
// before its first task.
func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	w := bigWorkload(workloads.Private, 100)
	for _, s := range All() {
		if _, err := s.Run(ctx, w, styles.Config{Quantum: 1}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: Run with an expired context returned %v, want context.DeadlineExceeded", s.Name, err)
		}
	}
}
