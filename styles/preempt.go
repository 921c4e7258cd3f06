package styles

import (
	"sync"

	"github.com/addbench/addbench/workloads"
)

// Level 4: preemptive goroutines on all Ps.
//
// Programs are spread over Config.Workers goroutines (see parallel); the Go
// scheduler may switch between them anywhere. Each worker sums Quantum adds
// into a local partial sum and then publishes it — under a lock, over a
// channel, or (preempt.private) not at all until the end. Quantum is the adds
// per publication; cancellation is checked after each. The styles differ only
// in how a partial sum reaches the accumulator.

func init() {
	register(Style{
		Name:  "preempt.mutex",
		Level: Preempt,
		Doc:   "worker goroutines add each quantum's partial sum into the accumulator under a sync.Mutex",
	}, runMutex)
	register(Style{
		Name:  "preempt.channel",
		Level: Preempt,
		Doc:   "worker goroutines send each quantum's partial sum over a channel to one accumulator goroutine",
	}, runChannel)
	register(Style{
		Name:  "preempt.private",
		Level: Preempt,
		Doc:   "worker goroutines keep private accumulators, combined after all have finished; nothing shared while running",
	}, runPrivate)
}

// A lockedCell is an accumulator and its lock, alone on a cache line so that
// private-mode cells of different workers do not contend for it.
type lockedCell struct {
	mu sync.Mutex
	v  int64
	_  [cacheLine - 16]byte
}

func runMutex(stop *stopFlag, w *workloads.Workload, c Config) (workloads.Result, error) {
	accs := make([]lockedCell, cells(w))
	parallel(len(w.Programs), c.Workers, func(_, i int) {
		acc := &accs[slot(w, i)]
		for sum := range chunks(w.Programs[i], c.Quantum, stop) {
			acc.mu.Lock()
			acc.v += sum
			acc.mu.Unlock()
		}
	})
	return result(w, func(i int) int64 { return accs[i].v }), nil
}

// channelBuffer lets a worker run a few quanta ahead of the accumulator
// goroutine instead of handing over on every send, as a real pipeline would.
const channelBuffer = 64

type partialSum struct {
	slot int
	sum  int64
}

func runChannel(stop *stopFlag, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	sums := make(chan partialSum, channelBuffer)
	done := make(chan struct{})
	go func() { // the accumulator: the only goroutine that touches r
		for m := range sums {
			r.Sums[m.slot] += m.sum
		}
		close(done)
	}()
	parallel(len(w.Programs), c.Workers, func(_, i int) {
		for sum := range chunks(w.Programs[i], c.Quantum, stop) {
			sums <- partialSum{slot(w, i), sum}
		}
	})
	close(sums)
	<-done
	return r, nil
}

func runPrivate(stop *stopFlag, w *workloads.Workload, c Config) (workloads.Result, error) {
	// Each program's sum is written once, by the one worker that ran it; in
	// shared mode they are combined after every worker has finished.
	sums := make([]int64, len(w.Programs))
	parallel(len(w.Programs), c.Workers, func(_, i int) {
		var acc int64
		for sum := range chunks(w.Programs[i], c.Quantum, stop) {
			acc += sum
		}
		sums[i] = acc
	})
	r := workloads.NewResult(w)
	for i, s := range sums {
		r.Sums[slot(w, i)] += s
	}
	return r, nil
}
