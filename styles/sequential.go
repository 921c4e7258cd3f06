package styles

import (
	"github.com/addbench/addbench/workloads"
)

// Level 0: no concurrency.
//
// sequential.loop is the baseline every other style is measured against: a
// plain loop with no interaction points, so Quantum has nothing to set. It
// checks for cancellation between fixed chunks of loopChunk adds, which costs
// nothing measurable and keeps cancellation prompt.
//
// sequential.interleave advances the programs round-robin, Quantum adds at a
// turn, by hand: concurrency (several programs in progress at once) with no
// concurrency feature at all, the essay's third interpreter. Quantum is the
// length of a turn; cancellation is checked between turns.

func init() {
	register(Style{
		Name:  "sequential.loop",
		Level: Sequential,
		Doc:   "a plain loop over each program in turn; the baseline",
	}, runLoop)
	register(Style{
		Name:  "sequential.interleave",
		Level: Sequential,
		Doc:   "programs advanced round-robin by hand, quantum adds a turn, with no concurrency feature",
	}, runInterleave)
}

const loopChunk = 1 << 16

func runLoop(stop *stopFlag, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	for i, p := range w.Programs {
		for sum := range chunks(p, loopChunk, stop) {
			r.Sums[slot(w, i)] += sum
		}
	}
	return r, nil
}

func runInterleave(stop *stopFlag, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	rest := make([]workloads.Program, len(w.Programs)) // what each program has left
	live := make([]int, 0, len(w.Programs))            // programs with adds left, in turn order
	for i, p := range w.Programs {
		rest[i] = p
		if len(p) > 0 {
			live = append(live, i)
		}
	}
	for len(live) > 0 {
		if stop.Load() {
			return workloads.Result{}, nil // register returns ctx.Err()
		}
		// One round: every live program takes a turn; finished ones drop out.
		n := 0
		for _, i := range live {
			p := rest[i]
			k := min(c.Quantum, len(p))
			r.Sums[slot(w, i)] += p[:k].Sum()
			rest[i] = p[k:]
			if k < len(p) {
				live[n] = i
				n++
			}
		}
		live = live[:n]
	}
	return r, nil
}
