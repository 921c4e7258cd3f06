// Package eventloop is a single-threaded event loop: the level-1 runtime of
// addbench, built on nothing but a queue and a loop.
//
// Callbacks are posted to a FIFO queue and run one at a time, each to
// completion, on the goroutine that called [Loop.Run]. Nothing interrupts a
// callback: a callback that never returns starves every callback queued behind
// it, exactly as a busy loop starves a browser's or Node's event loop. A
// callback continues work by posting another callback.
//
// The queue is a ring buffer that doubles when full, so in steady state
// posting and dispatching allocate nothing. A Loop is not safe for use by more
// than one goroutine: post from callbacks, or before Run.
package eventloop

import "github.com/addbench/addbench/styles/internal/ring"

// A Loop is a single-threaded event loop. The zero Loop is empty and ready to
// use.
type Loop struct {
	q       ring.Queue[func()]
	running bool
}

// New returns a Loop whose queue starts with room for capacity callbacks.
func New(capacity int) *Loop {
	l := new(Loop)
	l.q.Grow(capacity)
	return l
}

// Post queues f to run after every callback already queued.
func (l *Loop) Post(f func()) { l.q.Push(f) }

// Len returns the number of callbacks waiting to run.
func (l *Loop) Len() int { return l.q.Len() }

// Run runs queued callbacks in FIFO order, each to completion, until the queue
// is empty, and returns how many it ran. Callbacks may post more callbacks. If
// a callback panics, Run stops and the panic propagates; the callbacks still
// queued stay queued. Run panics if called from inside a callback.
func (l *Loop) Run() int {
	if l.running {
		panic("eventloop: Run called from inside a callback")
	}
	l.running = true
	defer func() { l.running = false }()
	ran := 0
	for l.q.Len() > 0 {
		f := l.q.Pop()
		ran++
		f()
	}
	return ran
}
