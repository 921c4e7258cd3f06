package styles

import (
	"github.com/addbench/addbench/styles/body"
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
// length of a turn; cancellation is checked between rounds. It is the
// cheapest honest round-robin: between turns a program keeps only its
// position and its partial sum, two integer stores, so at quantum 1 its cost
// over sequential.loop is those stores and the loads that bring each
// program's state back — the price of keeping many programs in flight, and
// nothing else (no write barrier, no pointer reslicing).

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

func runLoop(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	r := workloads.NewResult(w)
	for i, p := range w.Programs {
		for sum := range body.Chunks(p, loopChunk, stop) {
			r.Sums[body.Slot(w, i)] += sum
		}
	}
	return r, nil
}

// A turnState is what one program of sequential.interleave keeps between its
// turns: how far it has got and its own partial sum. Neither is a pointer, so
// saving them after a turn is two plain stores, with no write barrier.
type turnState struct {
	at  int
	acc int64
}

func runInterleave(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	progs := w.Programs
	state := make([]turnState, len(progs))
	live := make([]int, 0, len(progs)) // programs with adds left, in turn order
	for i, p := range progs {
		if len(p) > 0 {
			live = append(live, i)
		}
	}
	for len(live) > 0 {
		if stop.Stopped() {
			return workloads.Result{}, nil // register returns ctx.Err()
		}
		// One round: every live program takes a turn; finished ones drop out.
		n := 0
		for _, i := range live {
			p, s := progs[i], &state[i]
			end := s.at + min(c.Quantum, len(p)-s.at)
			s.acc += p[s.at:end].Sum()
			s.at = end
			if end < len(p) {
				handOver(i)
				live[n] = i
				n++
			}
		}
		live = live[:n]
	}
	// Each program kept its own sum, so shared mode adds them up here; int64
	// addition wraps, so the order does not change the total.
	r := workloads.NewResult(w)
	for i := range state {
		r.Sums[body.Slot(w, i)] += state[i].acc
	}
	return r, nil
}
