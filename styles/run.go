package styles

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/addbench/addbench/workloads"
)

// A stopFlag is a Run's cancellation as a style's body sees it: set once the
// Run's context is done. Bodies test it at quantum boundaries — one plain
// load, where ctx.Err() would take a lock. ctx is the Run's context, for a
// body that must also block on it (process.pipe).
type stopFlag struct {
	atomic.Bool
	ctx context.Context
}

// watch returns the stopFlag of ctx, and a release function that must be
// called when the body has returned. release waits for the AfterFunc
// goroutine if it has started, so no goroutine outlives the Run that made it,
// and after it the flag says whether ctx ended before release.
func watch(ctx context.Context) (stop *stopFlag, release func()) {
	stop = &stopFlag{ctx: ctx}
	if ctx.Done() == nil {
		return stop, func() {}
	}
	fired := make(chan struct{})
	unregister := context.AfterFunc(ctx, func() {
		stop.Store(true)
		close(fired)
	})
	return stop, func() {
		if !unregister() {
			<-fired
		}
	}
}

// chunks yields p's partial sums, quantum adds at a time, with how many adds
// each covers. It stops early, before a chunk, once stop is set.
func chunks(p workloads.Program, quantum int, stop *stopFlag) iter.Seq2[int64, int] {
	return func(yield func(int64, int) bool) {
		for len(p) > 0 && !stop.Load() {
			n := min(quantum, len(p))
			if !yield(p[:n].Sum(), n) {
				return
			}
			p = p[n:]
		}
	}
}

// slot returns the index of program i's accumulator in a Result of w.
func slot(w *workloads.Workload, i int) int {
	if w.Mode == workloads.Shared {
		return 0
	}
	return i
}

// parallel calls body(worker, i) once for every program index i < n, on
// min(workers, n) goroutines that claim programs one at a time (so a long
// program does not hold back the short ones queued behind it), and returns
// when all of them are done.
func parallel(n, workers int, body func(worker, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				body(w, i)
			}
		})
	}
	wg.Wait()
}

// cacheLine is the cache line size on amd64 and most arm64: cells padded to it
// never share a line, which is the whole difference between lockfree.striped
// and lockfree.falseshare.
const cacheLine = 64

// An atomicCell is an atomic accumulator alone on its cache line.
type atomicCell struct {
	atomic.Int64
	_ [cacheLine - 8]byte
}

// result copies accumulators out into a Result shaped for w.
func result(w *workloads.Workload, get func(slot int) int64) workloads.Result {
	r := workloads.NewResult(w)
	for i := range r.Sums {
		r.Sums[i] = get(i)
	}
	return r
}

// cells returns how many accumulators w needs: one per program, or one.
func cells(w *workloads.Workload) int {
	if w.Mode == workloads.Shared {
		return 1
	}
	return len(w.Programs)
}
