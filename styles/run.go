package styles

import "github.com/addbench/addbench/workloads"

// The probes: hooks that tests set to watch every style interleave at its
// quantum. They exist only in builds with the tag addbench_probe (probing);
// elsewhere handOver and published compile to nothing.
var (
	// onHandOver is told of every hand-over of a single-threaded style
	// (levels 1–3, sequential.interleave) — a yield, an await, a posted
	// callback, a round-robin turn — with the index of the program that
	// handed over.
	onHandOver func(prog int)
	// onPublish is told of every publication of a parallel style (levels
	// 4–5) — a lock, a send, an atomic add, a message — with the program
	// whose partial sum it published, the sum, and how many adds it
	// covers. It is called by the publication itself (lockAdd, atomicAdd,
	// ...), so a style that published less often could not call it once a
	// quantum without publishing.
	onPublish func(prog int, sum int64, adds int)
)

// handOver tells onHandOver, in probing builds, that program prog handed over.
func handOver(prog int) {
	if probing && onHandOver != nil {
		onHandOver(prog)
	}
}

// published tells onPublish, in probing builds, that prog's partial sum of
// adds adds was published. Callers pass values they already have: the
// arguments of a deleted call are still computed.
func published(prog int, sum int64, adds int) {
	if probing && onPublish != nil {
		onPublish(prog, sum, adds)
	}
}

// result copies accumulators out into a Result shaped for w.
func result(w *workloads.Workload, get func(slot int) int64) workloads.Result {
	r := workloads.NewResult(w)
	for i := range r.Sums {
		r.Sums[i] = get(i)
	}
	return r
}
