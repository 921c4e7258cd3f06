package styles

import (
	"sync"

	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// Level 4: preemptive goroutines on all Ps.
//
// Programs are spread over Config.Workers goroutines (see body.Parallel) — except
// in preempt.goroutines, which starts one per program — and the Go scheduler
// may switch between them anywhere. Each worker sums Quantum adds
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
		Doc:   "worker goroutines send each quantum's partial sum over a buffered channel to the goroutine that owns the accumulator",
	}, runChannel)
	register(Style{
		Name:  "preempt.private",
		Level: Preempt,
		Doc:   "worker goroutines keep private accumulators, combined after all have finished; nothing shared while running",
	}, runPrivate)
	register(Style{
		Name:  "preempt.goroutines",
		Level: Preempt,
		Doc:   "one goroutine per program, no pool: private mode sums into each goroutine's own accumulator, shared mode adds each quantum under a sync.Mutex; all joined at the end",
	}, runGoroutines)
}

func runMutex(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	accs := make([]body.LockedCell, body.Cells(w))
	body.Parallel(len(w.Programs), c.Workers, func(_, i int) {
		acc := &accs[body.Slot(w, i)]
		for sum := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			acc.Add(sum)
			if onInteract != nil {
				onInteract(i)
			}
		}
	})
	return result(w, func(i int) int64 { return accs[i].Value() }), nil
}

// channelBuffer is how many partial sums a channel holds: a sender blocks only
// when its accumulator goroutine has fallen that many messages behind, so at
// GOMAXPROCS 1 the two take turns once per channelBuffer messages instead of
// once per message, and what a message costs is a buffered send and receive.
const channelBuffer = 1024

type partialSum struct {
	slot int
	sum  int64
}

// runChannel shares memory by communicating: an accumulator goroutine owns
// each accumulator, and senders send it partial sums. It uses Workers
// goroutines in all (two at Workers 1: a sender needs a receiver), so the
// accumulators never oversubscribe the Ps. Shared mode has one accumulator
// and so one owner, and Workers−1 senders; private mode, where programs share
// nothing, gives each pair of goroutines its own channel and owner, so no
// single goroutine funnels every program's results.
func runChannel(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	owners := 1
	if w.Mode == workloads.Private {
		owners = max(1, c.Workers/2)
	}
	senders := max(1, c.Workers-owners)
	r := workloads.NewResult(w)
	chans := make([]chan partialSum, owners)
	var owned sync.WaitGroup
	for k := range chans {
		ch := make(chan partialSum, channelBuffer)
		chans[k] = ch
		owned.Go(func() {
			// The only goroutine that touches these programs' accumulators
			// (in shared mode, the accumulator).
			for m := range ch {
				r.Sums[m.slot] += m.sum
			}
		})
	}
	body.Parallel(len(w.Programs), senders, func(sender, i int) {
		ch, s := chans[sender%owners], body.Slot(w, i)
		for sum := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			ch <- partialSum{s, sum}
			if onInteract != nil {
				onInteract(i)
			}
		}
	})
	for _, ch := range chans {
		close(ch)
	}
	owned.Wait()
	return r, nil
}

func runPrivate(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	// Each program's sum is written once, by the one worker that ran it; in
	// shared mode they are combined after every worker has finished.
	sums := make([]int64, len(w.Programs))
	body.Parallel(len(w.Programs), c.Workers, func(_, i int) {
		var acc int64
		for sum := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			acc += sum
			if onInteract != nil {
				onInteract(i)
			}
		}
		sums[i] = acc
	})
	r := workloads.NewResult(w)
	for i, s := range sums {
		r.Sums[body.Slot(w, i)] += s
	}
	return r, nil
}

// runGoroutines is the Go idiom itself: a goroutine per task, joined with a
// WaitGroup, however many tasks there are — unlike the other parallel styles,
// Workers does not bound it. In private mode each goroutine sums its program
// into a local accumulator and writes it out once, at the end, into its own
// slot, as preempt.private does. In shared mode each adds every quantum's
// partial sum into the one accumulator under a sync.Mutex: the level-4 lock,
// the very publication preempt.mutex makes, so that preempt.goroutines ÷
// preempt.mutex is what a goroutine per program costs over a pool of Workers
// (an atomic add would be cheaper, but that is level 5 and lockfree.atomic's
// to show).
func runGoroutines(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	var wg sync.WaitGroup
	// Every goroutine waits for the last to be started before it adds
	// anything, so that all programs are live tasks at once — the
	// question the scale suite asks of a goroutine per program — rather
	// than the first finishing before the last is born.
	start := make(chan struct{})
	var acc body.LockedCell
	for i, p := range w.Programs {
		wg.Go(func() {
			<-start
			var own int64
			for sum := range body.Chunks(p, c.Quantum, stop) {
				if w.Mode == workloads.Shared {
					acc.Add(sum)
				} else {
					own += sum
				}
				if onInteract != nil {
					onInteract(i)
				}
			}
			if w.Mode == workloads.Private {
				r.Sums[i] = own
			}
		})
	}
	close(start)
	wg.Wait()
	if w.Mode == workloads.Shared {
		r.Sums[0] = acc.Value()
	}
	return r, nil
}
