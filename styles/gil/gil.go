// Package gil is a global interpreter lock over real goroutines: the runtime
// under addbench's coop.gil style, and the Go counterpart of CPython's GIL.
//
// [Run] starts one goroutine per thread, but only the thread holding the baton
// runs; the others are parked on their own channels. A thread passes the baton
// on only at a switch point: [Thread.Yield] always passes it, and
// [Thread.Tick] passes it once every switch interval (a count of ticks, like
// CPython's sys.setswitchinterval, but counted in steps rather than time).
// Handing over is forced and round-robin: the baton goes to the next live
// thread, never straight back to the one that released it, so a thread that
// yields in a loop cannot hog it.
//
// The layering is the essay's: cooperative (level 3) threads built from
// preemptive (level 4) goroutines by adding a synchronisation primitive. The
// channel hand-off is also a happens-before edge, so threads may share memory
// without further locks — until a switch point lands inside a
// read-modify-write, which is how a GIL still lets x += 1 lose updates.
package gil

import "sync"

// A Thread is one goroutine of a [Run].
type Thread struct {
	id         int
	interval   int
	ticks      int           // ticks left before Tick passes the baton
	wake       chan struct{} // receives the baton
	prev, next *Thread       // live threads, a ring in turn order
}

// ID returns the thread's index, 0 ≤ ID < n.
func (t *Thread) ID() int { return t.id }

// Run runs fn on n goroutines that share one baton, with the given switch
// interval (how many Ticks between hand-overs; values below 1 mean 1), and
// returns when all of them have returned. Thread 0 holds the baton first. A
// panic in fn crashes the program, as it would in any goroutine.
func Run(n, interval int, fn func(t *Thread)) {
	if n <= 0 {
		return
	}
	interval = max(interval, 1)
	ts := make([]Thread, n)
	for i := range ts {
		t := &ts[i]
		*t = Thread{id: i, interval: interval, ticks: interval, wake: make(chan struct{}, 1)}
		t.next, t.prev = &ts[(i+1)%n], &ts[(i+n-1)%n]
	}
	var wg sync.WaitGroup
	for i := range ts {
		t := &ts[i]
		wg.Go(func() {
			<-t.wake
			fn(t)
			t.exit()
		})
	}
	ts[0].wake <- struct{}{}
	wg.Wait()
}

// Yield passes the baton to the next live thread and waits until it comes
// back round.
func (t *Thread) Yield() {
	t.ticks = t.interval
	if t.next == t {
		return // alone: nobody to hand over to
	}
	t.next.wake <- struct{}{}
	<-t.wake
}

// Tick marks a possible switch point: every interval-th Tick yields.
func (t *Thread) Tick() {
	t.ticks--
	if t.ticks <= 0 {
		t.Yield()
	}
}

// exit unlinks the finished thread from the ring and passes the baton on.
func (t *Thread) exit() {
	if t.next == t {
		return // the last thread: Run's Wait sees it finish
	}
	t.prev.next, t.next.prev = t.next, t.prev
	t.next.wake <- struct{}{}
}
