package peers

import (
	"context"

	"github.com/sourcegraph/conc/pool"
	"github.com/sourcegraph/conc/stream"
	"golang.org/x/sync/errgroup"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// Level 2: libraries of explicit fork and join — golang.org/x/sync/errgroup
// and github.com/sourcegraph/conc's pool and stream.
//
// Each cuts every program into tasks of Quantum adds, spawns them with the
// library's Go and joins them with its Wait; a task's result is its partial
// sum. Quantum is the adds per task, and a task boundary is the interaction
// point: where a thread spawns, awaits, or hands a result over. The libraries
// start a goroutine per task (errgroup) or hand tasks to up to Workers
// goroutines (conc), so Workers is their limit on running tasks: the
// submitting goroutine blocks in Go while Workers tasks run (backpressure).
//
// How a result reaches the accumulator is each library's idiom: errgroup
// tasks write a slot of their own in a results slice, summed after Wait;
// conc's ResultPool collects the results for Wait to return; conc's stream
// runs each task's callback in submission order on one goroutine, which adds
// into the accumulator with no lock. Cancellation is checked before each task
// is spawned; the tasks already running finish their Quantum adds.

func init() {
	register(styles.Style{
		Name:  "peer.errgroup.group",
		Level: styles.Async,
		Doc:   "golang.org/x/sync/errgroup " + syncVersion + ": a goroutine per task of quantum adds, at most Workers at once (SetLimit), each writing its own result slot",
		Run:   runErrgroup,
	})
	register(styles.Style{
		Name:  "peer.conc.pool",
		Level: styles.Async,
		Doc:   "sourcegraph/conc " + concVersion + " pool.ResultPool: tasks of quantum adds on at most Workers goroutines; Wait returns their partial sums",
		Run:   runConcPool,
	})
	register(styles.Style{
		Name:  "peer.conc.stream",
		Level: styles.Async,
		Doc:   "sourcegraph/conc " + concVersion + " stream: tasks of quantum adds on at most Workers goroutines; ordered callbacks add each partial sum",
		Run:   runConcStream,
	})
}

// Pinned versions (checked against go.mod by TestDocsNameVersions).
const (
	syncVersion = "v0.25.0"
	concVersion = "v0.3.0"
)

// tasks returns how many tasks of at most quantum adds w makes.
func tasks(w *workloads.Workload, quantum int) int {
	n := 0
	for _, p := range w.Programs {
		n += (len(p) + quantum - 1) / quantum
	}
	return n
}

func runErrgroup(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
	stop, release := body.Watch(ctx)
	defer release()
	// One result slot per task: each is written by its task alone, and read
	// after Wait, which orders it after the write.
	sums := make([]int64, tasks(w, c.Quantum))
	slots := make([]int32, len(sums))
	var g errgroup.Group
	g.SetLimit(c.Workers)
	k := 0
	for chunk, s := range quanta(w, c.Quantum, stop) {
		dst := &sums[k]
		slots[k] = int32(s)
		k++
		g.Go(func() error {
			*dst = chunk.Sum()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return workloads.Result{}, err
	}
	if err := stop.Err(); err != nil {
		return workloads.Result{}, err
	}
	r := workloads.NewResult(w)
	for i, sum := range sums {
		r.Sums[slots[i]] += sum
	}
	return r, nil
}

// A partial is one task's result: the sum of its adds and where it goes.
type partial struct {
	slot int
	sum  int64
}

func runConcPool(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
	stop, release := body.Watch(ctx)
	defer release()
	p := pool.NewWithResults[partial]().WithMaxGoroutines(c.Workers)
	for chunk, s := range quanta(w, c.Quantum, stop) {
		p.Go(func() partial { return partial{s, chunk.Sum()} })
	}
	results := p.Wait()
	if err := stop.Err(); err != nil {
		return workloads.Result{}, err
	}
	r := workloads.NewResult(w)
	for _, res := range results {
		r.Sums[res.slot] += res.sum
	}
	return r, nil
}

func runConcStream(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
	stop, release := body.Watch(ctx)
	defer release()
	r := workloads.NewResult(w)
	s := stream.New().WithMaxGoroutines(c.Workers)
	for chunk, i := range quanta(w, c.Quantum, stop) {
		s.Go(func() stream.Callback {
			sum := chunk.Sum()
			// Callbacks run one at a time, in submission order, on the
			// stream's callback goroutine: no lock needed.
			return func() { r.Sums[i] += sum }
		})
	}
	s.Wait()
	if err := stop.Err(); err != nil {
		return workloads.Result{}, err
	}
	return r, nil
}
