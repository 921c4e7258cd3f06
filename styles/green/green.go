// Package green is cooperative green threads on iter.Pull coroutines: the
// level-3 runtime of addbench.
//
// A [Scheduler] runs threads round-robin on the goroutine that calls
// [Scheduler.Run]. A thread runs until it calls [Thread.Yield], which switches
// straight back to the scheduler (a coroutine switch, not a trip through the Go
// scheduler); the scheduler then resumes the next thread. Only one thread runs
// at a time, so threads may share memory without locks.
//
// What makes this level 3 and not level 2: Yield is an ordinary call. Any
// plain function the thread calls, however deeply nested, may yield, and its
// caller need not know — no Future type, no await, no colour. The price is the
// other side of the same coin: any call might yield, so code that must not be
// interleaved has to know that the functions it calls do not.
//
// Each thread is an iter.Pull coroutine, so each holds a goroutine while it
// lives; Run returns only after every one of them has finished.
package green

import "iter"

// A Scheduler runs green threads round-robin. The zero Scheduler has no
// threads and is ready to use. A Scheduler is not safe for concurrent use.
type Scheduler struct {
	runq    []*Thread // threads that have not finished, in turn order
	running bool
}

// A Thread is one green thread.
type Thread struct {
	fn    func(t *Thread)
	yield func(struct{}) bool     // switch to the scheduler; false when stopping
	next  func() (struct{}, bool) // switch to the thread; false when it finished
	stop  func()
}

// errStopped unwinds a thread whose scheduler is shutting down.
type errStopped struct{}

// Spawn adds a thread that will run fn. It may be called before Run or from a
// running thread; the new thread runs after every thread already queued.
func (s *Scheduler) Spawn(fn func(t *Thread)) {
	t := &Thread{fn: fn}
	t.next, t.stop = iter.Pull(t.body)
	s.runq = append(s.runq, t)
}

func (t *Thread) body(yield func(struct{}) bool) {
	t.yield = yield
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(errStopped); !ok {
				panic(r) // iter.Pull carries it to the scheduler
			}
		}
	}()
	t.fn(t)
}

// Yield switches to the scheduler, which runs every other thread once before
// this one resumes. If the scheduler is shutting down (a thread panicked),
// Yield does not return: it unwinds the thread, running its deferred calls.
func (t *Thread) Yield() {
	if !t.yield(struct{}{}) {
		panic(errStopped{})
	}
}

// Run runs the threads round-robin until all have finished. If a thread
// panics, Run stops every other thread (their Yield unwinds them) and then
// panics with the same value.
func (s *Scheduler) Run() {
	if s.running {
		panic("green: Run called from inside a thread")
	}
	s.running = true
	defer func() {
		s.running = false
		for _, t := range s.runq {
			t.stop() // no-op for finished threads; unwinds suspended ones
		}
		s.runq = nil
	}()
	for len(s.runq) > 0 {
		// One round: resume each thread once, keeping the ones still alive.
		// Threads spawned during the round are appended and run this round.
		// The queue is written only when a thread has finished: a round in
		// which every thread yields is a switch to each and nothing more,
		// since that round is the cost of a yield (no pointer store and
		// its write barrier, no clear, per switch).
		live := 0
		for i := 0; i < len(s.runq); i++ {
			t := s.runq[i]
			if _, alive := t.next(); alive {
				if live != i {
					s.runq[live] = t
				}
				live++
			}
		}
		if live < len(s.runq) {
			clear(s.runq[live:])
			s.runq = s.runq[:live]
		}
	}
}
