package peers

import (
	"context"
	"fmt"
	"sync"

	"github.com/alitto/pond/v2"
	"github.com/panjf2000/ants/v2"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// Level 4: worker pools of preemptive goroutines —
// github.com/panjf2000/ants/v2 and github.com/alitto/pond/v2.
//
// Each Run makes a pool of Workers goroutines, cuts every program into tasks
// of Quantum adds, submits them, and adds each task's partial sum into its
// accumulator under a sync.Mutex, exactly as preempt.mutex publishes a
// quantum: the difference between the two is what the pool costs per task.
// Quantum is the adds per task. The pool is released, and its goroutines
// waited for, before Run returns.
//
// The two differ in backpressure: ants' Submit blocks while all Workers are
// busy, so at most Workers tasks exist at once; pond's default queue is
// unbounded, so the submitting goroutine queues every task of the run and
// memory grows with adds ÷ Quantum. Cancellation is checked before each
// submission and at the start of each task, so queued tasks skip their adds.

func init() {
	register(styles.Style{
		Name:  "peer.ants.pool",
		Level: styles.Preempt,
		Doc:   "panjf2000/ants/v2 " + antsVersion + ": tasks of quantum adds submitted to a pool of Workers goroutines, each adding its partial sum under a mutex",
		Run:   runAnts,
	})
	register(styles.Style{
		Name:  "peer.pond.pool",
		Level: styles.Preempt,
		Doc:   "alitto/pond/v2 " + pondVersion + ": tasks of quantum adds queued to a pool of at most Workers goroutines, each adding its partial sum under a mutex",
		Run:   runPond,
	})
}

// Pinned versions (checked against go.mod by TestDocsNameVersions).
const (
	antsVersion = "v2.12.1"
	pondVersion = "v2.7.1"
)

func runAnts(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
	stop, release := body.Watch(ctx)
	defer release()
	p, err := ants.NewPool(c.Workers)
	if err != nil {
		return workloads.Result{}, fmt.Errorf("peer.ants.pool: %w", err)
	}
	accs := make([]body.LockedCell, body.Cells(w))
	var wg sync.WaitGroup
	for chunk, s := range quanta(w, c.Quantum, stop) {
		wg.Add(1)
		err = p.Submit(func() {
			defer wg.Done()
			if !stop.Stopped() {
				lockAdd(&accs[s], chunk.Sum())
			}
		})
		if err != nil {
			wg.Done()
			break
		}
	}
	wg.Wait()
	// Release with a context waits for the pool's workers and its
	// housekeeping goroutines to end.
	if rerr := p.ReleaseContext(context.Background()); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return workloads.Result{}, fmt.Errorf("peer.ants.pool: %w", err)
	}
	if err := stop.Err(); err != nil {
		return workloads.Result{}, err
	}
	return collect(w, accs), nil
}

func runPond(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
	stop, release := body.Watch(ctx)
	defer release()
	p := pond.NewPool(c.Workers)
	accs := make([]body.LockedCell, body.Cells(w))
	var err error
	for chunk, s := range quanta(w, c.Quantum, stop) {
		err = p.Go(func() {
			if !stop.Stopped() {
				lockAdd(&accs[s], chunk.Sum())
			}
		})
		if err != nil {
			break
		}
	}
	p.StopAndWait() // runs every queued task, then waits for the workers
	if err != nil {
		return workloads.Result{}, fmt.Errorf("peer.pond.pool: %w", err)
	}
	if err := stop.Err(); err != nil {
		return workloads.Result{}, err
	}
	return collect(w, accs), nil
}

// collect copies locked accumulators into a Result shaped for w.
func collect(w *workloads.Workload, accs []body.LockedCell) workloads.Result {
	r := workloads.NewResult(w)
	for i := range r.Sums {
		r.Sums[i] = accs[i].Sum
	}
	return r
}

// lockAdd adds v into acc under its lock, as preempt.mutex publishes.
func lockAdd(acc *body.LockedCell, v int64) {
	acc.Lock()
	acc.Sum += v
	acc.Unlock()
}
