// Package styles runs Add workloads in every style of concurrency addbench
// compares, and holds the registry of those styles.
//
// A [Style] is one way to run a [workloads.Workload]; its [Level] is its place
// on the essay's spectrum, from 0 (no concurrency) to 5 (lock-free atomics).
// Every style computes exactly [workloads.Reference] — except preempt.racy,
// which loses updates on purpose and is left out of -race builds.
//
// The single-threaded runtimes live in their own packages and know nothing of
// Add: styles/eventloop (level 1), styles/future (level 2), styles/green and
// styles/gil (level 3); styles/process runs sums on worker OS processes, the
// essay's processes that share no memory (process.pipe, level 4). This
// package is the thin layer that writes the Add interpreter against each of
// them, one file per family.
//
// Two knobs, one meaning everywhere ([Config]): Quantum is how many adds a
// thread performs between two points where it can interact with others — a
// callback boundary, an await, a yield, a lock, a send, an atomic — and Workers
// is how many goroutines (or, for process.pipe, processes) a parallel (level
// 4–5) style spreads programs over. Every Run checks for cancellation at
// quantum boundaries and returns only after every goroutine and process it
// started has ended.
package styles

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// A Level is a style's place on the concurrency spectrum: lower levels are
// easier to reason about, higher levels closer to the machine.
//
// One vocabulary names the spectrum everywhere: a level's number, its name
// (String) and the family of styles that lives at it are the same word, e.g.
// level 3 is "coop" and its styles are coop.green and coop.gil. The one
// exception is the process family (OS processes: preemptive, sharing
// nothing), a second family at level 4.
type Level int

// The levels of the essay's spectrum, named for their families.
const (
	Sequential Level = iota // 0: one thread, no concurrency
	Callback                // 1: run-to-completion callbacks on an event loop
	Async                   // 2: explicit, coloured yield points (futures, await)
	Coop                    // 3: cooperative threads: yields inside ordinary calls
	Preempt                 // 4: threads switch anywhere, unless synchronised
	LockFree                // 5: atomics; no locks; memory-order effects
)

var levels = [...]struct{ name, doc string }{
	Sequential: {"sequential", "one thread, no concurrency"},
	Callback:   {"callback", "run-to-completion callbacks on an event loop"},
	Async:      {"async", "explicit, coloured yield points (futures, await)"},
	Coop:       {"coop", "cooperative threads: yields inside ordinary calls"},
	Preempt:    {"preempt", "preemptive threads: switch anywhere, unless synchronised"},
	LockFree:   {"lockfree", "atomics; no locks; memory-order effects"},
}

// String returns the level's name, which is also its family's, e.g. "coop".
func (l Level) String() string {
	if !l.valid() {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levels[l].name
}

// Doc returns what the level means on the essay's spectrum, e.g. "cooperative
// threads: yields inside ordinary calls".
func (l Level) Doc() string {
	if !l.valid() {
		return ""
	}
	return levels[l].doc
}

func (l Level) valid() bool { return l >= 0 && int(l) < len(levels) }

// DefaultQuantum is the quantum a zero Config runs with.
const DefaultQuantum = 64

// A Config tunes a run.
type Config struct {
	// Workers is how many goroutines (process.pipe: worker processes) a
	// parallel style may run programs on; 0 means GOMAXPROCS. Levels 0–3
	// ignore it, as their scheduler runs on one goroutine, and so does
	// preempt.goroutines, which runs a goroutine per program.
	Workers int
	// Quantum is how many adds a thread performs between two interaction
	// points; 0 means DefaultQuantum. Each style's doc says what its
	// interaction point is.
	Quantum int
}

// Resolve fills in defaults (Workers GOMAXPROCS, Quantum DefaultQuantum) and
// rejects negative values: what every style does with its Config, exported so
// that styles outside this package (styles/peers) resolve it the same way.
func (c Config) Resolve() (Config, error) {
	if c.Workers < 0 || c.Quantum < 0 {
		return c, fmt.Errorf("invalid config %+v: workers and quantum must not be negative", c)
	}
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Quantum == 0 {
		c.Quantum = DefaultQuantum
	}
	return c, nil
}

// A RunFunc runs a workload. It honours ctx at quantum boundaries, returning
// ctx.Err() when cancelled, and returns only after every goroutine it started
// has ended.
type RunFunc func(ctx context.Context, w *workloads.Workload, c Config) (workloads.Result, error)

// A Style is one way to run Add workloads.
type Style struct {
	Name  string // "family.variant", e.g. "lockfree.striped"
	Level Level
	Doc   string // one sentence: what it is and what it runs atop
	Racy  bool   // true only for preempt.racy: its result may differ from the reference
	Run   RunFunc
}

// Family returns the part of the name before the dot, e.g. "lockfree".
func (s Style) Family() string {
	family, _, _ := strings.Cut(s.Name, ".")
	return family
}

var registry []Style

// A bodyFunc is a style's code as register receives it: Run with the context
// already turned into a [body.Stop], which the body tests at quantum
// boundaries.
// A body that sees the flag set may return early with any result and no
// error; register turns that into ctx.Err(). A body returns only after every
// goroutine it started has ended.
type bodyFunc func(stop *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error)

// register adds a style whose Run is body, wrapped so every style resolves
// Config and honours cancellation the same way: the body sees Workers ≥ 1 and
// Quantum ≥ 1, a context that is already done stops the Run before it starts,
// and a Run during which the context ends returns ctx.Err(), never a partial
// result.
func register(s Style, run bodyFunc) {
	s.Run = func(ctx context.Context, w *workloads.Workload, c Config) (workloads.Result, error) {
		c, err := c.Resolve()
		if err != nil {
			return workloads.Result{}, fmt.Errorf("%s: %w", s.Name, err)
		}
		if err := ctx.Err(); err != nil {
			return workloads.Result{}, err
		}
		stop, release := body.Watch(ctx)
		r, err := run(stop, w, c)
		// After release the flag is final: set if ctx ended at any point
		// before, so a body that stopped early is never taken at its word.
		release()
		if err != nil {
			return workloads.Result{}, err
		}
		if err := stop.Err(); err != nil {
			return workloads.Result{}, err
		}
		return r, nil
	}
	registry = append(registry, s)
}

// All returns every style in this build, by level and then in the order each
// family file lists them. Builds with -race leave out preempt.racy.
func All() []Style {
	all := slices.Clone(registry)
	slices.SortStableFunc(all, func(a, b Style) int { return int(a.Level - b.Level) })
	return all
}

// Lookup returns the style called name.
func Lookup(name string) (Style, error) {
	for _, s := range registry {
		if s.Name == name {
			return s, nil
		}
	}
	return Style{}, fmt.Errorf("unknown style %q; valid styles: %s", name, strings.Join(Names(), ", "))
}

// Names returns the names of All, in order.
func Names() []string {
	var names []string
	for _, s := range All() {
		names = append(names, s.Name)
	}
	return names
}
