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
//
// The cursor is a local of the iterator, not p itself: reassigning a captured
// variable would make it shared with the closure, so the compiler would keep
// it in memory and store it on every chunk — 2 ns a quantum on every style
// that ranges over chunks, more than a quantum of one add costs.
func chunks(p workloads.Program, quantum int, stop *stopFlag) iter.Seq2[int64, int] {
	return func(yield func(int64, int) bool) {
		for rest := p; len(rest) > 0 && !stop.Load(); {
			n := min(quantum, len(rest))
			if !yield(rest[:n].Sum(), n) {
				return
			}
			rest = rest[n:]
		}
	}
}

// onInteract, when not nil, is told of every interaction point a style passes
// — a hand-over to another program (a yield, an await, a posted callback, a
// round-robin turn) or a publication (a lock, a send, an atomic, a message) —
// with the index of the program that passed it. Only tests set it, to check
// that every style interleaves at its quantum; everywhere else it is nil, and
// testing it costs one load and a branch predicted never taken per quantum.
// Callers test it inline rather than calling a helper, so the test is all the
// benchmark builds pay.
var onInteract func(prog int)

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

// cacheLine is how far apart two accumulators must be never to contend: the
// padding that is the whole difference between lockfree.striped and
// lockfree.falseshare. It is 128, not the 64-byte line of most amd64 and
// arm64 cores, because neighbouring lines still interfere: Intel's spatial
// prefetcher fetches lines in 128-byte-aligned pairs, so two cells 64 bytes
// apart in one pair keep stealing each other's line (Intel's optimization
// manual; Go's sync.Pool pads its per-P data to 128 bytes for the same reason),
// and several arm64 cores (Apple M-series, some Neoverse) have 128-byte lines,
// which is why Go's internal/cpu pads to 128 on arm64. Cells at least 128
// bytes apart can never share a line or a pair, whatever the slice's
// alignment. Elsewhere 128 merely wastes a little memory.
const cacheLine = 128

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
