package styles

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/addbench/addbench/workloads"
)

// handOvers is the rule of the single-threaded styles (levels 1–3 and
// sequential.interleave): a program of n adds hands over to the next one after
// every quantum but its last, ⌈n/q⌉ − 1 times.
func handOvers(n, q int) int { return max(0, (n+q-1)/q-1) }

// publications is the rule of the parallel styles: a program of n adds
// publishes (locks, sends, atomically adds, messages, or at least checks for
// cancellation) after every quantum, ⌈n/q⌉ times.
func publications(n, q int) int { return (n + q - 1) / q }

// interactionRule says how many interaction points each style passes per
// program. A new style must add itself here: TestInterleavesAtQuantum fails
// for a style it does not know.
var interactionRule = map[string]func(n, q int) int{
	"sequential.loop":       func(int, int) int { return 0 }, // no interaction points: the baseline
	"sequential.interleave": handOvers,
	"callback.eventloop":    handOvers,
	"async.executor":        handOvers,
	"coop.green":            handOvers,
	"coop.gil":              handOvers,
	"preempt.mutex":         publications,
	"preempt.channel":       publications,
	"preempt.private":       publications,
	"preempt.goroutines":    publications,
	"preempt.racy":          publications,
	"process.pipe":          publications,
	"lockfree.atomic":       publications,
	"lockfree.cas":          publications,
	"lockfree.striped":      publications,
	"lockfree.falseshare":   publications,
}

// countInteractions runs s on w with onInteract set and returns how many
// interaction points each program passed, and in what order (meaningful only
// for single-threaded styles).
func countInteractions(t *testing.T, s Style, w *workloads.Workload, c Config) (counts []int64, order []int) {
	t.Helper()
	perProg := make([]atomic.Int64, len(w.Programs))
	var seq []int
	var seqLock atomic.Bool // guards seq; contended only by parallel styles, whose order is not checked
	onInteract = func(i int) {
		perProg[i].Add(1)
		for !seqLock.CompareAndSwap(false, true) {
		}
		seq = append(seq, i)
		seqLock.Store(false)
	}
	defer func() { onInteract = nil }()
	got, err := s.Run(context.Background(), w, c)
	if err != nil {
		t.Fatalf("%s %+v: %v", s.Name, c, err)
	}
	if want := workloads.Reference(w); !s.Racy && !got.Equal(want) {
		t.Fatalf("%s %+v = %v, want %v", s.Name, c, got.Sums, want.Sums)
	}
	counts = make([]int64, len(perProg))
	for i := range perProg {
		counts[i] = perProg[i].Load()
	}
	return counts, seq
}

// TestInterleavesAtQuantum: every style passes exactly as many interaction
// points per program as its quantum and its own rule say — so a style that
// ran programs straight through (the yield or await skipped, the lock taken
// once) fails even though its sums stay right. The single-threaded styles must
// also take turns round-robin.
func TestInterleavesAtQuantum(t *testing.T) {
	lengths := []int{0, 1, 7, 64, 100, 3}
	progs := make([]workloads.Program, len(lengths))
	for i, n := range lengths {
		progs[i] = workloads.Uniform(uint64(i+1), 1, n)[0][:n:n]
	}
	for _, s := range All() {
		rule, ok := interactionRule[s.Name]
		if !ok {
			t.Errorf("style %s has no interaction rule in interactionRule", s.Name)
			continue
		}
		for _, mode := range workloads.Modes {
			w := &workloads.Workload{Name: "lengths", Programs: progs, Mode: mode}
			for _, q := range []int{1, 3, 64, 1 << 20} {
				c := Config{Workers: 2, Quantum: q}
				counts, _ := countInteractions(t, s, w, c)
				for i, n := range lengths {
					if want := int64(rule(n, q)); counts[i] != want {
						t.Errorf("%s %s %+v: program of %d adds passed %d interaction points, want %d", s.Name, mode, c, n, counts[i], want)
					}
				}
			}
		}
	}
}

// TestSingleThreadedRoundRobin: with three programs of 10 adds at quantum 3,
// each single-threaded style hands over in the order 0 1 2 0 1 2 0 1 2.
func TestSingleThreadedRoundRobin(t *testing.T) {
	w := &workloads.Workload{Name: "three", Programs: workloads.Uniform(3, 3, 10), Mode: workloads.Shared}
	var want []int
	for range handOvers(10, 3) {
		want = append(want, 0, 1, 2)
	}
	for _, s := range All() {
		if s.Level > Coop || s.Name == "sequential.loop" {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			_, order := countInteractions(t, s, w, Config{Quantum: 3})
			if !slices.Equal(order, want) {
				t.Errorf("hand-overs in order %v, want %v", order, want)
			}
		})
	}
}

// BenchmarkInteractHook measures what the nil onInteract test costs the
// styles whose inner loop it sits in, at quantum 1 where it is tested once an
// add: compare with the same benchmark on a build without the hook.
func BenchmarkInteractHook(b *testing.B) {
	w := &workloads.Workload{Programs: workloads.Uniform(1, 1, 1<<16), Mode: workloads.Shared}
	for _, name := range []string{"sequential.interleave", "preempt.private", "lockfree.atomic", "coop.green"} {
		s, err := Lookup(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("style=%s", name), func(b *testing.B) {
			c := Config{Workers: 1, Quantum: 1}
			for b.Loop() {
				if _, err := s.Run(context.Background(), w, c); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(int64(b.N)*w.Adds()), "ns/add")
		})
	}
}
