//go:build addbench_probe

package styles

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/addbench/addbench/workloads"
)

// These tests watch the styles through their probes (onHandOver, onPublish),
// which only builds with the tag addbench_probe carry; TestProbes runs them
// from an ordinary go test.

// An interaction is how a style interacts at its quantum.
type interaction int

const (
	none      interaction = iota // sequential.loop, the baseline: no interaction points
	handsOver                    // single-threaded: hands over after every quantum but a program's last
	publishes                    // parallel: publishes every quantum's partial sum (preempt.private and preempt.goroutines' private mode into their own accumulator)
)

// interactionOf says how each style interacts. A new style must add itself
// here: TestProbeInterleavesAtQuantum fails for a style it does not know.
var interactionOf = map[string]interaction{
	"sequential.loop":       none,
	"sequential.interleave": handsOver,
	"callback.eventloop":    handsOver,
	"async.executor":        handsOver,
	"coop.green":            handsOver,
	"coop.gil":              handsOver,
	"preempt.mutex":         publishes,
	"preempt.channel":       publishes,
	"preempt.private":       publishes,
	"preempt.goroutines":    publishes,
	"preempt.racy":          publishes,
	"process.pipe":          publishes,
	"lockfree.atomic":       publishes,
	"lockfree.cas":          publishes,
	"lockfree.striped":      publishes,
	"lockfree.falseshare":   publishes,
}

// A publication is what onPublish is told: a partial sum and its adds.
type publication struct {
	sum  int64
	adds int
}

// chunked returns the publications a program makes at quantum q: one per
// quantum, in order, each the sum of the next min(q, what is left) adds.
func chunked(p workloads.Program, q int) []publication {
	var want []publication
	for ; len(p) > 0; p = p[min(q, len(p)):] {
		n := min(q, len(p))
		want = append(want, publication{p[:n].Sum(), n})
	}
	return want
}

// watch runs s on w with the probes set, and returns each program's
// hand-overs, their order across programs, and each program's publications
// in the order it made them (a program runs on one goroutine, so that order
// is its own).
func watch(t *testing.T, s Style, w *workloads.Workload, c Config) (handOvers []int, order []int, pubs [][]publication) {
	t.Helper()
	handOvers = make([]int, len(w.Programs))
	pubs = make([][]publication, len(w.Programs))
	var mu sync.Mutex
	onHandOver = func(i int) {
		mu.Lock()
		handOvers[i]++
		order = append(order, i)
		mu.Unlock()
	}
	onPublish = func(i int, sum int64, adds int) {
		mu.Lock()
		pubs[i] = append(pubs[i], publication{sum, adds})
		mu.Unlock()
	}
	defer func() { onHandOver, onPublish = nil, nil }()
	got, err := s.Run(context.Background(), w, c)
	if err != nil {
		t.Fatalf("%s %+v: %v", s.Name, c, err)
	}
	if want := workloads.Reference(w); !s.Racy && !got.Equal(want) {
		t.Fatalf("%s %+v = %v, want %v", s.Name, c, got.Sums, want.Sums)
	}
	return handOvers, order, pubs
}

// TestProbeInterleavesAtQuantum: every style interacts exactly as often as
// its quantum says. A single-threaded style hands over ⌈n/q⌉ − 1 times per
// program of n adds. A parallel style publishes every quantum's partial sum
// as it is made: its publications of a program are the program's chunks of
// q adds, in order, sum for sum — so one that locked, added, sent or
// messaged once per program, or once per two quanta, fails even though its
// sums stay right, and so does one that publishes sums other than its
// chunks'. Publications are reported by the publishing call itself
// (lockAdd, atomicAdd, a send), not by the loop around it.
func TestProbeInterleavesAtQuantum(t *testing.T) {
	lengths := []int{0, 1, 7, 64, 100, 3}
	progs := make([]workloads.Program, len(lengths))
	for i, n := range lengths {
		progs[i] = workloads.Uniform(uint64(i+1), 1, n)[0][:n:n]
	}
	for _, s := range All() {
		kind, ok := interactionOf[s.Name]
		if !ok {
			t.Errorf("style %s has no entry in interactionOf", s.Name)
			continue
		}
		for _, mode := range workloads.Modes {
			w := &workloads.Workload{Name: "lengths", Programs: progs, Mode: mode}
			for _, q := range []int{1, 3, 64, 1 << 20} {
				for _, workers := range []int{1, 2, 3} {
					c := Config{Workers: workers, Quantum: q}
					handOvers, _, pubs := watch(t, s, w, c)
					for i, p := range progs {
						wantHandOvers, wantPubs := 0, []publication(nil)
						switch kind {
						case handsOver:
							wantHandOvers = max(0, len(chunked(p, q))-1)
						case publishes:
							wantPubs = chunked(p, q)
						}
						if handOvers[i] != wantHandOvers {
							t.Errorf("%s %s %+v: program of %d adds handed over %d times, want %d", s.Name, mode, c, len(p), handOvers[i], wantHandOvers)
						}
						if !slices.Equal(pubs[i], wantPubs) {
							t.Errorf("%s %s %+v: program of %d adds published (sum, adds) %v, want %v", s.Name, mode, c, len(p), pubs[i], wantPubs)
						}
					}
				}
			}
		}
	}
}

// TestProbeSingleThreadedRoundRobin: with three programs of 10 adds at quantum 3,
// each single-threaded style hands over in the order 0 1 2 0 1 2 0 1 2.
func TestProbeSingleThreadedRoundRobin(t *testing.T) {
	w := &workloads.Workload{Name: "three", Programs: workloads.Uniform(3, 3, 10), Mode: workloads.Shared}
	var want []int
	for range len(chunked(w.Programs[0], 3)) - 1 {
		want = append(want, 0, 1, 2)
	}
	for _, s := range All() {
		if s.Level > Coop || s.Name == "sequential.loop" {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			_, order, _ := watch(t, s, w, Config{Quantum: 3})
			if !slices.Equal(order, want) {
				t.Errorf("hand-overs in order %v, want %v", order, want)
			}
		})
	}
}
