package peers

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/body"
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

// quanta yields program i's chunks of at most quantum adds, for every program
// of w in order, with the index of the accumulator each adds into. It stops
// early, before a chunk, once stop is set. Peers that submit tasks use it to
// make one task per chunk.
func quanta(w *workloads.Workload, quantum int, stop *body.Stop) iter.Seq2[workloads.Program, int] {
	return func(yield func(workloads.Program, int) bool) {
		for i, p := range w.Programs {
			for len(p) > 0 {
				if stop.Stopped() {
					return
				}
				n := min(quantum, len(p))
				if !yield(p[:n], body.Slot(w, i)) {
					return
				}
				p = p[n:]
			}
		}
	}
}
