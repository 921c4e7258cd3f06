// Package future is explicit async/await for Go: the level-2 runtime of
// addbench, in the poll model of Rust's futures rather than a goroutine per
// future.
//
// An async function is written as a [Future]: a state machine whose Poll method
// advances it as far as it can and reports whether it is done. Awaiting another
// future means polling it from inside your own Poll and, while it is pending,
// returning pending too. That is the colour of async code: a function that
// awaits must itself be a Future, and its caller must await it. Between two
// awaits a Poll runs to completion, so code with no await in it is never
// interleaved with other tasks — the guarantee explicit concurrency sells.
//
// An [Executor] runs top-level futures (tasks) on the goroutine that calls
// [Executor.Run]. A task that returns pending is parked until its [Waker] is
// woken; waking puts it back on the ready queue. [Yield] is the simplest
// await point: pending once (after waking its own task), then ready, so every
// other ready task gets a turn in between.
//
// The executor is single-threaded: wakers must be called on the executor's
// goroutine, from inside a Poll.
package future

import (
	"fmt"

	"github.com/addbench/addbench/styles/internal/ring"
)

// A Future is a computation that may not have finished. Poll advances it
// without blocking and returns its value and true when it is done, or false
// while it is pending. A Future that returns pending must have arranged for
// cx's waker to be woken when it can make progress, or it is never polled
// again. Poll must not be called again after it has returned true.
type Future[T any] interface {
	Poll(cx *Context) (T, bool)
}

// A Context is what a task's Poll receives: the waker of the task being
// polled.
type Context struct {
	waker Waker
}

// Waker returns the waker of the task being polled.
func (cx *Context) Waker() Waker { return cx.waker }

// A Waker wakes one task: it puts the task back on its executor's ready queue,
// once, however many times it is woken before it runs.
type Waker struct{ t *task }

// Wake queues the waker's task to be polled again.
func (w Waker) Wake() {
	t := w.t
	if t.queued || t.done {
		return
	}
	t.queued = true
	t.e.ready.Push(t)
}

// Func adapts a poll function to a Future.
type Func[T any] func(cx *Context) (T, bool)

// Poll calls f.
func (f Func[T]) Poll(cx *Context) (T, bool) { return f(cx) }

// Ready returns a future that is done at once with v.
func Ready[T any](v T) Future[T] {
	return Func[T](func(*Context) (T, bool) { return v, true })
}

// Yield is an await point that gives every other ready task a turn: the first
// Poll wakes its own task and returns pending, the second returns done. The
// zero Yield is ready to be awaited; reset it to the zero value to await again.
type Yield struct{ yielded bool }

// Poll implements Future.
func (y *Yield) Poll(cx *Context) (struct{}, bool) {
	if y.yielded {
		return struct{}{}, true
	}
	y.yielded = true
	cx.waker.Wake()
	return struct{}{}, false
}

// A task is a spawned top-level future.
type task struct {
	f      Future[struct{}]
	e      *Executor
	queued bool
	done   bool
}

// An Executor polls tasks on one goroutine. The zero Executor has no tasks
// and is ready to use.
type Executor struct {
	ready ring.Queue[*task]
	live  int // tasks spawned and not done
}

// Spawn adds f as a task, ready to be polled. It may be called before Run or
// from inside a Poll.
func (e *Executor) Spawn(f Future[struct{}]) {
	t := &task{f: f, e: e, queued: true}
	e.live++
	e.ready.Push(t)
}

// A StalledError reports that Run ran out of ready tasks while some were still
// pending: nothing is left that could wake them.
type StalledError struct{ Pending int }

func (e *StalledError) Error() string {
	return fmt.Sprintf("future: %d tasks pending and no task left to wake them", e.Pending)
}

// Run polls ready tasks in FIFO order until every task is done. It returns a
// *StalledError if tasks remain pending with none ready.
func (e *Executor) Run() error {
	var cx Context
	for e.ready.Len() > 0 {
		t := e.ready.Pop()
		t.queued = false
		cx.waker = Waker{t}
		if _, done := t.f.Poll(&cx); done {
			t.done = true
			e.live--
		}
	}
	if e.live > 0 {
		return &StalledError{Pending: e.live}
	}
	return nil
}
