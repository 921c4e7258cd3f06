package styles

import (
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/styles/gil"
	"github.com/addbench/addbench/styles/green"
	"github.com/addbench/addbench/workloads"
)

// Level 3: cooperative threads — yields inside ordinary calls.
//
// coop.green runs each program as a green thread (styles/green: iter.Pull
// coroutines, round-robin, one at a time). The yield sits in addQuantum, a
// plain function the thread calls like any other: that it may switch threads
// is invisible in its signature, which is what separates level 3 from level 2.
//
// coop.gil runs each program on its own goroutine, but all of them share one
// baton (styles/gil) and only its holder runs: a GIL. They add into the shared
// accumulator with no lock of their own, because the baton already orders
// them.
//
// On one program coop.gil hands nothing over: a lone thread's Yield returns
// at once (styles/gil), as CPython's lone thread never drops its GIL, since
// no other thread asks for it. That is kept on purpose — a GIL nobody
// contends costs nothing, and making a lone thread hand the baton to itself
// or to an idle partner would measure a mechanism no real GIL runs. So its
// 1-program rows measure the interpreter, not the GIL: compare coop.gil with
// the other mechanisms on two or more programs, where every yield is a
// hand-over between goroutines (at quantum 1 on 2 programs, one op=gilswitch
// per add).
//
// For both, Quantum is the adds between yields, and cancellation is checked
// at each yield; a cancelled thread returns early.

func init() {
	register(Style{
		Name:  "coop.green",
		Level: Coop,
		Doc:   "each program a green thread on iter.Pull coroutines, yielding every quantum adds to a round-robin scheduler",
	}, runGreen)
	register(Style{
		Name:  "coop.gil",
		Level: Coop,
		Doc:   "one goroutine per program, all holding one baton (a GIL) that passes on only at a yield every quantum adds",
	}, runGIL)
}

// A yielder is anything that can give other threads a turn.
type yielder interface{ Yield() }

// addQuantum adds the next quantum of p into *acc and yields if p has adds
// left. It is an ordinary function: callers cannot tell that it may switch
// threads. It returns what is left of p.
func addQuantum(t yielder, id int, p workloads.Program, quantum int, acc *int64) workloads.Program {
	n := min(quantum, len(p))
	*acc += p[:n].Sum()
	if p = p[n:]; len(p) > 0 {
		handOver(id)
		t.Yield()
	}
	return p
}

// runThread runs program id, p, as a cooperative thread.
func runThread(t yielder, id int, p workloads.Program, quantum int, acc *int64, stop *body.Stop) {
	for len(p) > 0 && !stop.Stopped() {
		p = addQuantum(t, id, p, quantum, acc)
	}
}

func runGreen(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	var s green.Scheduler
	for i, p := range w.Programs {
		acc := &r.Sums[body.Slot(w, i)]
		s.Spawn(func(t *green.Thread) { runGreenThread(t, i, p, c.Quantum, acc, stop) })
	}
	s.Run()
	return r, nil
}

func runGIL(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	gil.Run(len(w.Programs), c.Quantum, func(t *gil.Thread) {
		i := t.ID()
		runThread(t, i, w.Programs[i], c.Quantum, &r.Sums[body.Slot(w, i)], stop)
	})
	return r, nil
}

// runGreenThread and addGreenQuantum are runThread and addQuantum for a
// green thread: the same code on the concrete *green.Thread rather than
// through yielder, so that Yield inlines. That matters because of where a
// coroutine switch leaves the CPU: a resumed thread returns through every
// frame between its switch and its loop, and after a switch of stacks each
// of those returns is mispredicted (the return-address predictor holds the
// other stack's calls). Through the interface, Yield was one more frame; on
// this VM it made coop.green at quantum 1 cost 1.28× op=coroswitch, 1.16×
// without it (five alternating runs of each build). addGreenQuantum stays an
// ordinary function that may switch threads, as level 3 is: the frames that
// remain are the style's own. coop.gil keeps the shared code, whose
// hand-over between goroutines dwarfs a frame.
func runGreenThread(t *green.Thread, id int, p workloads.Program, quantum int, acc *int64, stop *body.Stop) {
	for len(p) > 0 && !stop.Stopped() {
		p = addGreenQuantum(t, id, p, quantum, acc)
	}
}

func addGreenQuantum(t *green.Thread, id int, p workloads.Program, quantum int, acc *int64) workloads.Program {
	n := min(quantum, len(p))
	*acc += p[:n].Sum()
	if p = p[n:]; len(p) > 0 {
		handOver(id)
		t.Yield()
	}
	return p
}
