package peers

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

var registry []styles.Style

// register adds a peer. Like styles' own registry it wraps Run so that every
// peer resolves Config the same way and sees Workers ≥ 1 and Quantum ≥ 1.
func register(s styles.Style) {
	run := s.Run
	s.Run = func(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
		c, err := c.Resolve()
		if err != nil {
			return workloads.Result{}, fmt.Errorf("%s: %w", s.Name, err)
		}
		return run(ctx, w, c)
	}
	registry = append(registry, s)
}

// All returns every peer style, by level and then in the order each file lists
// them.
func All() []styles.Style {
	all := slices.Clone(registry)
	slices.SortStableFunc(all, func(a, b styles.Style) int { return int(a.Level - b.Level) })
	return all
}

// Lookup returns the peer style called name.
func Lookup(name string) (styles.Style, error) {
	var names []string
	for _, s := range All() {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return styles.Style{}, fmt.Errorf("unknown peer style %q; valid peers: %s", name, strings.Join(names, ", "))
}

// watch returns a flag that becomes true once ctx is done, and a release
// function that Run must call before it returns; release waits for the
// AfterFunc goroutine if it has started, so none outlives the Run.
func watch(ctx context.Context) (stop *atomic.Bool, release func()) {
	stop = new(atomic.Bool)
	if ctx.Done() == nil {
		return stop, func() {}
	}
	fired := make(chan struct{})
	unregister := context.AfterFunc(ctx, func() {
		stop.Store(true)
		close(fired)
	})
	return stop, func() {
		if !unregister() {
			<-fired
		}
	}
}

// quanta yields program i's chunks of at most quantum adds, for every program
// of w in order, with the index of the accumulator each adds into. It stops
// early, before a chunk, once stop is set. Peers that submit tasks use it to
// make one task per chunk.
func quanta(w *workloads.Workload, quantum int, stop *atomic.Bool) iter.Seq2[workloads.Program, int] {
	return func(yield func(workloads.Program, int) bool) {
		for i, p := range w.Programs {
			for len(p) > 0 {
				if stop.Load() {
					return
				}
				n := min(quantum, len(p))
				if !yield(p[:n], slot(w, i)) {
					return
				}
				p = p[n:]
			}
		}
	}
}

// chunks yields p's partial sums, quantum adds at a time. It stops early,
// before a chunk, once stop is set.
func chunks(p workloads.Program, quantum int, stop *atomic.Bool) iter.Seq[int64] {
	return func(yield func(int64) bool) {
		for len(p) > 0 && !stop.Load() {
			n := min(quantum, len(p))
			if !yield(p[:n].Sum()) {
				return
			}
			p = p[n:]
		}
	}
}

// slot returns the index of program i's accumulator in a Result of w.
func slot(w *workloads.Workload, i int) int {
	if w.Mode == workloads.Shared {
		return 0
	}
	return i
}

// cells returns how many accumulators w needs: one per program, or one.
func cells(w *workloads.Workload) int {
	if w.Mode == workloads.Shared {
		return 1
	}
	return len(w.Programs)
}

// parallel calls body(i) once for every program index i < n, on
// min(workers, n) goroutines that claim programs one at a time, and returns
// when all of them are done: how the main module's level-4 and -5 styles
// spread programs, so a level-5 peer differs from them only in its counter.
func parallel(n, workers int, body func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				body(i)
			}
		})
	}
	wg.Wait()
}

// cacheLine keeps a lockedCell alone on its cache line, as the main module's
// preempt.mutex does.
const cacheLine = 64

// A lockedCell is an accumulator and its lock.
type lockedCell struct {
	mu sync.Mutex
	v  int64
	_  [cacheLine - 16]byte
}

func (c *lockedCell) add(v int64) {
	c.mu.Lock()
	c.v += v
	c.mu.Unlock()
}

// cancelled returns ctx.Err() if stop was set, for a Run to return instead of
// a partial sum.
func cancelled(ctx context.Context, stop *atomic.Bool) error {
	if stop.Load() {
		return ctx.Err()
	}
	return nil
}
