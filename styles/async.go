package styles

import (
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/styles/future"
	"github.com/addbench/addbench/workloads"
)

// Level 2: explicit async/await (styles/future).
//
// async.executor runs each program as an async task on a single-threaded
// poll-based executor. The task awaits a yield every Quantum adds; that await
// is its only suspension point, and everything between two awaits runs
// without interruption. Quantum is the adds between awaits; cancellation is
// checked after each await, and a cancelled task finishes early.

func init() {
	register(Style{
		Name:  "async.executor",
		Level: Async,
		Doc:   "each program an async task awaiting a yield every quantum adds, on a poll-based single-goroutine executor",
	}, runExecutor)
}

// An asyncProgram is the state machine of the async function
//
//	async func run(p) {
//		for p has adds left {
//			acc += sum of the next quantum adds
//			await yield()
//		}
//	}
//
// written by hand, since Go has no async keyword to write it for us.
type asyncProgram struct {
	rest     workloads.Program
	id       int // the program's index
	acc      *int64
	quantum  int
	stop     *body.Stop
	awaiting bool         // suspended at the await
	yield    future.Yield // the future being awaited
}

// Poll implements future.Future.
func (a *asyncProgram) Poll(cx *future.Context) (struct{}, bool) {
	for {
		if a.awaiting {
			if _, ok := a.yield.Poll(cx); !ok {
				return struct{}{}, false
			}
			a.awaiting = false
		}
		if len(a.rest) == 0 || a.stop.Stopped() {
			return struct{}{}, true
		}
		n := min(a.quantum, len(a.rest))
		*a.acc += a.rest[:n].Sum()
		a.rest = a.rest[n:]
		if len(a.rest) > 0 {
			handOver(a.id)
			a.yield, a.awaiting = future.Yield{}, true
		}
	}
}

func runExecutor(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	var ex future.Executor
	tasks := make([]asyncProgram, len(w.Programs))
	for i, p := range w.Programs {
		tasks[i] = asyncProgram{rest: p, id: i, acc: &r.Sums[body.Slot(w, i)], quantum: c.Quantum, stop: stop}
		ex.Spawn(&tasks[i])
	}
	if err := ex.Run(); err != nil {
		return workloads.Result{}, err
	}
	return r, nil
}
