package styles

import (
	"sync/atomic"

	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// Level 5: atomics, no locks.
//
// Like level 4, programs are spread over Config.Workers goroutines that each
// publish a partial sum every Quantum adds (and check for cancellation after
// each); here the publication is an atomic read-modify-write. lockfree.atomic
// is one atomic add; lockfree.cas is the load/CompareAndSwap retry loop a
// lock-free structure is built from, which retries when another worker got
// there first. lockfree.striped gives each worker its own accumulator on its
// own cache line and sums the stripes at the end (the counter design of
// puzpuzpuz/xsync); lockfree.falseshare is the same without the padding, so
// the stripes share cache lines and every add steals the line from the other
// cores — false sharing, the level-5 cost that no lock makes visible.
//
// In private mode each program has its own accumulator already, so striped and
// atomic do the same thing; falseshare still packs those accumulators side by
// side.

func init() {
	register(Style{
		Name:  "lockfree.atomic",
		Level: LockFree,
		Doc:   "worker goroutines atomic.Int64.Add each quantum's partial sum into the accumulator",
	}, runAtomic)
	register(Style{
		Name:  "lockfree.cas",
		Level: LockFree,
		Doc:   "worker goroutines publish each partial sum with a load and CompareAndSwap retry loop",
	}, runCAS)
	register(Style{
		Name:  "lockfree.striped",
		Level: LockFree,
		Doc:   "each worker atomically adds into its own cache-line-padded stripe; stripes summed at the end",
	}, runStriped)
	register(Style{
		Name:  "lockfree.falseshare",
		Level: LockFree,
		Doc:   "lockfree.striped without the padding: stripes share cache lines, so workers false-share",
	}, runFalseShare)
}

func runAtomic(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	accs := make([]body.AtomicCell, body.Cells(w))
	body.Parallel(len(w.Programs), c.Workers, func(_, i int) {
		acc := &accs[body.Slot(w, i)]
		for sum, n := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			atomicAdd(&acc.Int64, i, sum, n)
		}
	})
	return result(w, func(i int) int64 { return accs[i].Load() }), nil
}

func runCAS(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	accs := make([]body.AtomicCell, body.Cells(w))
	body.Parallel(len(w.Programs), c.Workers, func(_, i int) {
		acc := &accs[body.Slot(w, i)]
		for sum, n := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			casAdd(&acc.Int64, i, sum, n)
		}
	})
	return result(w, func(i int) int64 { return accs[i].Load() }), nil
}

// runStripes is lockfree.striped and lockfree.falseshare: they differ only in
// the stride between stripes, a cache line or one int64.
func runStripes(stop *body.Stop, w *workloads.Workload, c Config, stride int) (workloads.Result, error) {
	// Shared mode: one stripe per worker. Private mode: one per program.
	stripeOf := func(worker, i int) int { return i }
	n := len(w.Programs)
	if w.Mode == workloads.Shared {
		stripeOf = func(worker, i int) int { return worker }
		n = c.Workers
	}
	stripes := make([]atomic.Int64, n*stride)
	body.Parallel(len(w.Programs), c.Workers, func(worker, i int) {
		stripe := &stripes[stripeOf(worker, i)*stride]
		for sum, n := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			atomicAdd(stripe, i, sum, n)
		}
	})
	r := workloads.NewResult(w)
	for k := range n {
		r.Sums[body.Slot(w, k)] += stripes[k*stride].Load()
	}
	return r, nil
}

func runStriped(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	return runStripes(stop, w, c, body.CacheLine/8)
}

func runFalseShare(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	return runStripes(stop, w, c, 1)
}

// atomicAdd is the level-5 publication: program prog's partial sum of adds
// adds, added into acc with one atomic add.
func atomicAdd(acc *atomic.Int64, prog int, sum int64, adds int) {
	acc.Add(sum)
	published(prog, sum, adds)
}

// casAdd publishes as atomicAdd does, with the load and CompareAndSwap retry
// loop a lock-free structure is built from.
func casAdd(acc *atomic.Int64, prog int, sum int64, adds int) {
	for {
		old := acc.Load()
		if acc.CompareAndSwap(old, old+sum) {
			break
		}
	}
	published(prog, sum, adds)
}
