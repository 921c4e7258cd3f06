package peers

import (
	"context"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/eventloop"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// Level 1: github.com/dop251/goja_nodejs/eventloop, the Node.js-style event
// loop of the goja JavaScript runtime, driven from Go.
//
// peer.goja.eventloop is callback.eventloop on goja's loop: each program is a
// chain of callbacks, each adding Quantum integers and posting the next step
// with RunOnLoop, so Quantum is the adds per callback. The loop runs on the
// goroutine that called Run (StartInForeground) and the last chain to finish
// stops it (StopNoWait), so no goroutine is left behind. Cancellation is
// checked at the start of each callback; a cancelled chain posts nothing more.
//
// Every Run makes its own loop with NewEventLoop, which also builds the goja
// JavaScript runtime the loop's callbacks receive: that is the library's price
// of a loop, and it shows at large quanta. RunOnLoop wraps each callback in a
// closure and appends it to a mutex-guarded slice, so each step costs an
// allocation and a lock where callback.eventloop's ring buffer costs neither.

func init() {
	register(styles.Style{
		Name:  "peer.goja.eventloop",
		Level: styles.Callback,
		Doc:   "goja_nodejs/eventloop " + gojaNodeJSVersion + ": each program a chain of RunOnLoop callbacks, quantum adds each, on one loop",
		Run:   runGoja,
	})
}

// gojaNodeJSVersion is the pinned version of github.com/dop251/goja_nodejs
// (checked against go.mod by TestDocsNameVersions).
const gojaNodeJSVersion = "v0.0.0-20260212111938-1f56ff5bcf14"

// A gojaChain is one program in flight on the loop.
type gojaChain struct {
	prog    workloads.Program
	done    int
	acc     *int64
	quantum int
	stop    *body.Stop
	live    *int // chains not yet finished; touched only on the loop
	loop    *eventloop.EventLoop
	next    func(*goja.Runtime) // step, bound once
}

func (c *gojaChain) step(*goja.Runtime) {
	if !c.stop.Stopped() {
		end := c.done + min(c.quantum, len(c.prog)-c.done)
		*c.acc += c.prog[c.done:end].Sum()
		c.done = end
		if end < len(c.prog) {
			c.loop.RunOnLoop(c.next)
			return
		}
	}
	if *c.live--; *c.live == 0 {
		c.loop.StopNoWait()
	}
}

func runGoja(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
	stop, release := body.Watch(ctx)
	defer release()
	r := workloads.NewResult(w)
	loop := eventloop.NewEventLoop(eventloop.EnableConsole(false))
	chains := make([]gojaChain, len(w.Programs))
	live := 0
	for i, p := range w.Programs {
		if len(p) == 0 {
			continue
		}
		ch := &chains[i]
		*ch = gojaChain{prog: p, acc: &r.Sums[body.Slot(w, i)], quantum: c.Quantum, stop: stop, live: &live, loop: loop}
		ch.next = ch.step
		loop.RunOnLoop(ch.next)
		live++
	}
	if live > 0 {
		loop.StartInForeground() // returns once the last chain calls StopNoWait
	}
	if err := stop.Err(); err != nil {
		return workloads.Result{}, err
	}
	return r, nil
}
