// Package body is what the body of a style needs, for package styles and
// the peers module (styles/peers) alike, so that every style, ours or a
// peer's, pays the same harness costs and no other:
//
//   - [Watch] turns a Run's context into a [Stop], the flag a body tests at
//     quantum boundaries with one plain load;
//   - [Chunks] walks a program quantum adds at a time, yielding each
//     partial sum, and stops at the first boundary after the flag is set;
//   - [Parallel] runs programs on a pool of worker goroutines that claim
//     them one at a time;
//   - [AtomicCell] and [LockedCell] are accumulators padded to [CacheLine],
//     so that two of them never contend for a line; [Slot] and [Cells] say
//     which accumulator a program adds into, and how many a workload needs.
//
// A body is the part of a style between resolving its Config and returning
// its Result: the loop over programs and the publication of partial sums.
// Each helper here is written so that the compiler inlines it into that loop
// and keeps its state in registers; see Chunks for what that takes.
package body

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/addbench/addbench/workloads"
)

// A Stop is a Run's cancellation as its body sees it: set once the Run's
// context is done, and final after the release function of [Watch].
type Stop struct {
	set atomic.Bool
	ctx context.Context
}

// Watch returns the Stop of ctx, and a release function that the Run must
// call once its body has returned. release waits for the goroutine that sets
// the flag if it has started, so that none outlives the Run; after release,
// Stopped says whether ctx ended at any point before.
func Watch(ctx context.Context) (stop *Stop, release func()) {
	stop = &Stop{ctx: ctx}
	if ctx.Done() == nil {
		return stop, func() {}
	}
	fired := make(chan struct{})
	unregister := context.AfterFunc(ctx, func() {
		stop.set.Store(true)
		close(fired)
	})
	return stop, func() {
		if !unregister() {
			<-fired
		}
	}
}

// Stopped reports whether the Run's context has ended: one plain load, where
// ctx.Err() would take a lock.
func (s *Stop) Stopped() bool { return s.set.Load() }

// Context returns the Run's context, for a body that must also block on it
// (process.pipe waits on pipes and channels).
func (s *Stop) Context() context.Context { return s.ctx }

// Err returns the context's error if the flag is set, and nil otherwise: what
// a Run returns instead of a result its body cut short. The flag stays set
// once set, so a body that stopped early always sees an error; after release
// it also covers a context that ended just as the body finished.
func (s *Stop) Err() error {
	if s.Stopped() {
		return s.ctx.Err()
	}
	return nil
}

// Chunks yields p's partial sums, quantum adds at a time, with how many adds
// each covers; quantum must be at least 1. It tests stop before every chunk
// and ends there once it is set.
//
// Ranged over, Chunks is inlined with its loop body into the caller, and what
// it costs per quantum is that loop, with nothing on the stack:
//
//   - quantum 1 has a loop of its own, with no call: one load of an add, one
//     of the flag. Beside the chunk loop, the call to the summing loop that
//     larger quanta make forces the compiler to spill the cursor to the
//     stack before it, on every chunk, the quantum-1 chunks too — four
//     stores that cost more than the add;
//   - the cursor is a local of the iterator, not p itself: reassigning a
//     captured variable would share it with the closure, so the compiler
//     would keep it in memory and store it on every chunk.
func Chunks(p workloads.Program, quantum int, stop *Stop) iter.Seq2[int64, int] {
	return func(yield func(int64, int) bool) {
		if quantum == 1 {
			for _, v := range p {
				if stop.Stopped() {
					return
				}
				if !yield(v, 1) {
					return
				}
			}
			return
		}
		for rest := p; len(rest) > 0 && !stop.Stopped(); {
			n := min(quantum, len(rest))
			if !yield(rest[:n].Sum(), n) {
				return
			}
			rest = rest[n:]
		}
	}
}

// Parallel calls body(worker, i) once for every program index i < n, on
// min(workers, n) goroutines numbered worker = 0, 1, … that claim programs
// one at a time (so a long program does not hold back the short ones queued
// behind it), and returns when all of them are done.
func Parallel(n, workers int, body func(worker, i int)) {
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

// Slot returns the index of program i's accumulator in a Result of w: i in
// private mode, 0 in shared mode.
func Slot(w *workloads.Workload, i int) int {
	if w.Mode == workloads.Shared {
		return 0
	}
	return i
}

// Cells returns how many accumulators w needs: one per program, or one.
func Cells(w *workloads.Workload) int {
	if w.Mode == workloads.Shared {
		return 1
	}
	return len(w.Programs)
}
