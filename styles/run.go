package styles

import "github.com/addbench/addbench/workloads"

// onInteract, when not nil, is told of every interaction point a style passes
// — a hand-over to another program (a yield, an await, a posted callback, a
// round-robin turn) or a publication (a lock, a send, an atomic, a message) —
// with the index of the program that passed it. Only tests set it, to check
// that every style interleaves at its quantum; everywhere else it is nil, and
// testing it costs one load and a branch predicted never taken per quantum.
// Callers test it inline rather than calling a helper, so the test is all the
// benchmark builds pay.
var onInteract func(prog int)

// result copies accumulators out into a Result shaped for w.
func result(w *workloads.Workload, get func(slot int) int64) workloads.Result {
	r := workloads.NewResult(w)
	for i := range r.Sums {
		r.Sums[i] = get(i)
	}
	return r
}
