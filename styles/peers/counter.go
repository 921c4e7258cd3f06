package peers

import (
	"context"

	"github.com/puzpuzpuz/xsync/v4"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// Level 5: github.com/puzpuzpuz/xsync/v4's Counter, a striped int64 counter
// whose stripes sit on cache lines of their own, picked per goroutine by a
// pooled random token and retried elsewhere when a CompareAndSwap fails.
//
// peer.xsync.counter spreads programs over Workers goroutines as the main
// module's level-5 styles do; each goroutine adds every Quantum adds' partial
// sum into the accumulator's Counter with Add. Quantum is the adds per
// Counter.Add; cancellation is checked after each. The accumulator is one
// Counter in shared mode and one per program in private mode, and its result
// is Value, read after every worker has finished. It is the library version
// of lockfree.striped, which stripes per worker instead of per random token.

func init() {
	register(styles.Style{
		Name:  "peer.xsync.counter",
		Level: styles.LockFree,
		Doc:   "puzpuzpuz/xsync/v4 " + xsyncVersion + " Counter: worker goroutines Add each quantum's partial sum into a striped counter",
		Run:   runXsyncCounter,
	})
}

// xsyncVersion is the pinned version of github.com/puzpuzpuz/xsync/v4
// (checked against go.mod by TestDocsNameVersions).
const xsyncVersion = "v4.5.0"

func runXsyncCounter(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
	stop, release := body.Watch(ctx)
	defer release()
	counters := make([]*xsync.Counter, body.Cells(w))
	for i := range counters {
		counters[i] = xsync.NewCounter()
	}
	body.Parallel(len(w.Programs), c.Workers, func(_, i int) {
		ctr := counters[body.Slot(w, i)]
		for sum := range body.Chunks(w.Programs[i], c.Quantum, stop) {
			ctr.Add(sum)
		}
	})
	if err := stop.Err(); err != nil {
		return workloads.Result{}, err
	}
	r := workloads.NewResult(w)
	for i := range r.Sums {
		r.Sums[i] = counters[i].Value()
	}
	return r, nil
}
