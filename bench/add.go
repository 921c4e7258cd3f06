package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// Add runs every style of ss on every case of suite s as sub-benchmarks named
//
//	style=<id>/mode=<private|shared>/programs=<P>/len=<L>/quantum=<Q>
//
// It is BenchmarkAdd's body, exported so that another module's benchmarks
// (the peer libraries in styles/peers) measure their styles under the same
// names, on the same programs, with the same checks.
//
// With order 0 the sub-benchmarks run case by case in catalog order; any
// other order is the seed of a shuffle of every (case, style) pair, so that
// one pass of a passes run visits them in an order of its own and no style
// always runs just after the same neighbour.
func Add(b *testing.B, s workloads.Suite, ss []styles.Style, order uint64) {
	type job struct {
		c    workloads.Case
		s    styles.Style
		load func() (*workloads.Workload, workloads.Result)
	}
	var jobs []job
	for _, c := range s.Cases {
		// Generate each case's programs once, and only if some style of it
		// is selected by -bench.
		load := sync.OnceValues(func() (*workloads.Workload, workloads.Result) {
			w := c.Workload()
			return w, workloads.Reference(w)
		})
		for _, st := range ss {
			jobs = append(jobs, job{c, st, load})
		}
	}
	if order != 0 {
		r := rand.New(rand.NewPCG(order, order))
		r.Shuffle(len(jobs), func(i, j int) { jobs[i], jobs[j] = jobs[j], jobs[i] })
	}
	for _, j := range jobs {
		b.Run(fmt.Sprintf("style=%s/%s", j.s.Name, j.c.Name()), func(b *testing.B) {
			w, want := j.load()
			Style(b, j.s, w, j.c.Quantum, want)
		})
	}
}

// Style measures one style on one workload and checks every run's result
// against want. It reports ns/add, allocations and, for a racy style, lost/op.
//
// It uses b.N rather than b.Loop because it keeps every run's result in a
// slice sized before the timer starts: each run is then checked against the
// reference after the timer stops, and nothing in the timed loop but the run
// itself.
func Style(b *testing.B, s styles.Style, w *workloads.Workload, quantum int, want workloads.Result) {
	b.Helper()
	ctx := context.Background()
	c := styles.Config{Quantum: quantum} // Workers: GOMAXPROCS, set by -cpu
	runs := make([]workloads.Result, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range runs {
		r, err := s.Run(ctx, w, c)
		if err != nil {
			b.Fatal(err)
		}
		runs[i] = r
	}
	b.StopTimer()

	var lost int64
	for i, r := range runs {
		if !s.Racy && !r.Equal(want) {
			b.Fatalf("run %d of %d: result %v, want %v", i+1, b.N, r.Sums, want.Sums)
		}
		lost += r.Lost
	}
	if adds := w.Adds(); adds > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(adds), "ns/add")
	}
	if s.Racy {
		b.ReportMetric(float64(lost)/float64(b.N), "lost/op")
	}
}

// RunPrimitives runs every primitive as a sub-benchmark op=<name>, in an
// order shuffled by order when it is not 0, as Add does for styles. It is
// BenchmarkPrimitive's body, exported for the same reason as Add.
func RunPrimitives(b *testing.B, order uint64) {
	ps := append([]Primitive(nil), Primitives...)
	if order != 0 {
		r := rand.New(rand.NewPCG(order, ^order))
		r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	}
	for _, p := range ps {
		b.Run("op="+p.Op, p.Bench)
	}
}
