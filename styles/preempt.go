package styles

import (
	"sync"
	"sync/atomic"

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
		for sum, n := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			lockAdd(acc, i, sum, n)
		}
	})
	return result(w, func(i int) int64 { return accs[i].Sum }), nil
}

// lockAdd is the level-4 publication: program prog's partial sum of adds
// adds, added into acc under its lock. It is a call of its own, too big to
// inline, on purpose: a loop body that locked inline would be too big for
// the compiler to inline at both of body.Chunks' yields, and would be called
// through a closure every quantum instead.
func lockAdd(acc *body.LockedCell, prog int, sum int64, adds int) {
	acc.Lock()
	acc.Sum += sum
	acc.Unlock()
	published(prog, sum, adds)
}

// keep is preempt.private's publication, and preempt.goroutines' in private
// mode: program prog's partial sum of adds adds, added to the goroutine's own
// accumulator acc, where no other goroutine sees it; it returns the new
// value, so that acc stays in a register. What makes it a quantum
// boundary is the cancellation check before it.
func keep(acc int64, prog int, sum int64, adds int) int64 {
	published(prog, sum, adds)
	return acc + sum
}

// channelBuffer is how many partial sums a channel holds: a sender blocks only
// when its receiver has fallen that many messages behind, so at GOMAXPROCS 1
// the two take turns once per channelBuffer messages instead of once per
// message, and what a message costs is a buffered send and receive.
const channelBuffer = 1024

type partialSum struct {
	slot int
	sum  int64
}

// runChannel shares memory by communicating: every accumulator is owned by
// one goroutine, the only one that touches it, and the goroutines that run
// programs send it their partial sums, one message a quantum. It uses Workers
// goroutines in all, or two at Workers 1 (a sender needs a receiver), so
// the owners never oversubscribe the Ps.
//
// Shared mode has one accumulator, and so one owner and Workers−1 senders.
// Private mode, where programs share nothing, runs programs on every
// goroutine: see runChannelRing.
func runChannel(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	if w.Mode == workloads.Private {
		return runChannelRing(stop, w, c)
	}
	r := workloads.NewResult(w)
	ch := make(chan partialSum, channelBuffer)
	var owned sync.WaitGroup
	owned.Go(func() {
		// The only goroutine that touches the accumulator.
		for m := range ch {
			r.Sums[m.slot] += m.sum
		}
	})
	body.Parallel(len(w.Programs), max(1, c.Workers-1), func(_, i int) {
		for sum, n := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			send(ch, i, sum, n)
		}
	})
	close(ch)
	owned.Wait()
	return r, nil
}

// runChannelRing is preempt.channel in private mode: a ring of
// min(Workers, programs) goroutines, each running programs (claimed one at a
// time, as in body.Parallel) and sending every partial sum to the next
// goroutine in the ring, which owns that program's accumulator: a program
// runs on one goroutine, so its accumulator has one owner. Every goroutine
// both runs programs and owns accumulators, so all of them add in parallel,
// where a fixed split into senders and owners would leave one sender, and
// serial programs, at Workers 2. A ring of one would send to itself, so at
// Workers 1 (or on one program) a second goroutine joins it that only owns.
//
// A goroutine whose next one's channel is full receives from its own while
// it waits, so the ring cannot deadlock with every channel full. Once the
// last goroutine has run out of programs the channels are closed, and each
// goroutine applies what is left in its own.
func runChannelRing(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	runners := min(c.Workers, len(w.Programs))
	ring := max(2, runners)
	chans := make([]chan partialSum, ring)
	for k := range chans {
		chans[k] = make(chan partialSum, channelBuffer)
	}
	var next atomic.Int64    // the next program to claim
	var running atomic.Int64 // goroutines still running programs
	running.Store(int64(ring))
	var wg sync.WaitGroup
	for k := range ring {
		wg.Go(func() {
			in, out := chans[k], chans[(k+1)%ring]
			for k < runners {
				i := int(next.Add(1) - 1)
				if i >= len(w.Programs) {
					break
				}
				for sum, n := range body.Chunks(w.Programs[i], c.Quantum, stop) {
					ringSend(out, in, r.Sums, i, sum, n)
				}
			}
			if running.Add(-1) == 0 {
				for _, ch := range chans {
					close(ch)
				}
			}
			for m := range in {
				r.Sums[m.slot] += m.sum
			}
		})
	}
	wg.Wait()
	return r, nil
}

// send is preempt.channel's publication in shared mode: program prog's
// partial sum of adds adds, sent to the accumulator's owner.
func send(ch chan<- partialSum, prog int, sum int64, adds int) {
	ch <- partialSum{0, sum}
	published(prog, sum, adds)
}

// ringSend is preempt.channel's publication in private mode: program prog's
// partial sum of adds adds, sent to the next goroutine in the ring. If out is
// full it applies what arrives on in, the sender's own channel, to sums while
// it waits.
func ringSend(out chan<- partialSum, in <-chan partialSum, sums []int64, prog int, sum int64, adds int) {
	m := partialSum{prog, sum}
	select {
	case out <- m:
	default:
		sendReceiving(out, in, m, sums)
	}
	published(prog, sum, adds)
}

// sendReceiving sends m on out, which is full, applying what arrives on in to
// sums while it waits.
func sendReceiving(out chan<- partialSum, in <-chan partialSum, m partialSum, sums []int64) {
	for {
		select {
		case out <- m:
			return
		case got := <-in:
			sums[got.slot] += got.sum
		}
	}
}

func runPrivate(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	// Each program's sum is written once, by the one worker that ran it; in
	// shared mode they are combined after every worker has finished.
	sums := make([]int64, len(w.Programs))
	body.Parallel(len(w.Programs), c.Workers, func(_, i int) {
		var acc int64
		for sum, n := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			acc = keep(acc, i, sum, n)
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
			for sum, n := range body.Chunks(p, c.Quantum, stop) {
				if w.Mode == workloads.Shared {
					lockAdd(&acc, i, sum, n)
				} else {
					own = keep(own, i, sum, n)
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
		r.Sums[0] = acc.Sum
	}
	return r, nil
}
