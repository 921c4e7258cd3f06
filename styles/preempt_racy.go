//go:build !race

package styles

import (
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// preempt.racy is preempt.mutex without the mutex: each worker publishes its
// partial sum with a plain acc += sum on the shared accumulator, the essay's
// x += 1 race. Two workers that read the same old value both write old+sum and
// one update is lost. It is racy by design, so -race builds leave it out.
//
// Beside the accumulator it keeps a count of adds, updated the same
// unsynchronised way; the adds that count misses are reported as Result.Lost.
// In private mode no accumulator is shared, so nothing is lost.

func init() {
	register(Style{
		Name:  "preempt.racy",
		Level: Preempt,
		Doc:   "worker goroutines add partial sums into the accumulator with no synchronisation; loses updates on purpose",
		Racy:  true,
	}, runRacy)
}

// A racyCell is an accumulator and an add count updated without
// synchronisation. The pad keeps private-mode cells on separate lines.
type racyCell struct {
	v, adds int64
	_       [body.CacheLine - 16]byte
}

func runRacy(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	accs := make([]racyCell, body.Cells(w))
	body.Parallel(len(w.Programs), c.Workers, func(_, i int) {
		acc := &accs[body.Slot(w, i)]
		for sum, n := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			racyAdd(acc, i, sum, n)
		}
	})
	r := result(w, func(i int) int64 { return accs[i].v })
	r.Lost = w.Adds()
	for i := range accs {
		r.Lost -= accs[i].adds
	}
	return r, nil
}

// racyAdd is preempt.racy's publication: lockAdd without the lock.
func racyAdd(acc *racyCell, prog int, sum int64, adds int) {
	acc.v += sum
	acc.adds += int64(adds)
	published(prog, sum, adds)
}
