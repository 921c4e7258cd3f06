package styles

import (
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/styles/eventloop"
	"github.com/addbench/addbench/workloads"
)

// Level 1: callbacks on an event loop (styles/eventloop).
//
// callback.eventloop runs each program as a chain of callbacks on one
// single-threaded loop: a callback adds Quantum integers and posts the next
// step, so programs interleave at callback boundaries and each step runs to
// completion. Quantum is the adds per callback; cancellation is checked at
// the start of each callback, and a cancelled chain simply posts nothing more.

func init() {
	register(Style{
		Name:  "callback.eventloop",
		Level: Callback,
		Doc:   "each program a chain of callbacks, quantum adds each, on a single-threaded event loop",
	}, runEventLoop)
}

// A callbackChain is one program in flight on the loop.
type callbackChain struct {
	prog    workloads.Program
	id      int // the program's index
	done    int // adds done; an index, so a step stores no pointer
	acc     *int64
	quantum int
	stop    *body.Stop
	loop    *eventloop.Loop
	next    func() // c.step, bound once so posting allocates nothing
}

func (c *callbackChain) step() {
	if c.stop.Stopped() {
		return
	}
	end := c.done + min(c.quantum, len(c.prog)-c.done)
	*c.acc += c.prog[c.done:end].Sum()
	c.done = end
	if end < len(c.prog) {
		handOver(c.id)
		c.loop.Post(c.next)
	}
}

func runEventLoop(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	loop := eventloop.New(len(w.Programs))
	chains := make([]callbackChain, len(w.Programs))
	for i, p := range w.Programs {
		ch := &chains[i]
		*ch = callbackChain{prog: p, id: i, acc: &r.Sums[body.Slot(w, i)], quantum: c.Quantum, stop: stop, loop: loop}
		ch.next = ch.step
		loop.Post(ch.next)
	}
	loop.Run()
	return r, nil
}
