package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
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
// With order 0 the sub-benchmarks run case by case in catalog order. Any
// other order is the seed of a shuffle: of the cases, and of the styles
// within each case, so that one pass of a passes run visits them in an
// order of its own and no style always runs just after the same neighbour —
// while each style still runs within seconds of the plain loop on the same
// case, which the report divides it by. A ratio paired within a pass is then
// a ratio of two measurements seconds apart, not minutes:
// the drift of a busy machine weighs on both.
func Add(b *testing.B, s workloads.Suite, ss []styles.Style, order uint64) {
	for _, j := range schedule(s.Cases, ss, order) {
		b.Run(fmt.Sprintf("style=%s/%s", j.s.Name, j.c.Name()), func(b *testing.B) {
			if reason := scaleSkip(j.s.Name, j.c.Programs); reason != "" {
				b.Skip(reason)
			}
			w, want := j.load()
			// scale: B/program sampled during the runs (issue 11).
			measure(b, j.s, w, j.c.Quantum, want, s.Name == "scale")
		})
	}
}

// A job is one sub-benchmark of Add: a style on a case, whose programs load
// generates once for all the case's styles.
type job struct {
	c    workloads.Case
	s    styles.Style
	load func() (*workloads.Workload, workloads.Result)
}

// schedule lists Add's jobs in the order described there: cases, then
// styles within each case, each shuffled by order when it is not 0.
func schedule(cs []workloads.Case, ss []styles.Style, order uint64) []job {
	var r *rand.Rand
	if order != 0 {
		r = rand.New(rand.NewPCG(order, order))
	}
	cases := slices.Clone(cs)
	if r != nil {
		r.Shuffle(len(cases), func(i, j int) { cases[i], cases[j] = cases[j], cases[i] })
	}
	var jobs []job
	for _, c := range cases {
		// Generate each case's programs once, and only if some style of it
		// is selected by -bench.
		load := sync.OnceValues(func() (*workloads.Workload, workloads.Result) {
			w := c.Workload()
			return w, workloads.Reference(w)
		})
		group := make([]job, 0, len(ss))
		for _, st := range ss {
			group = append(group, job{c, st, load})
		}
		if r != nil {
			r.Shuffle(len(group), func(i, j int) { group[i], group[j] = group[j], group[i] })
		}
		jobs = append(jobs, group...)
	}
	return jobs
}

// Style measures one style on one workload and checks every run's result
// against want. It reports ns/add, allocations, cpu-ns/op, ctxsw/op and
// threads (see metrics.go) and, for a racy style, lost/op.
//
// It uses b.N rather than b.Loop because it keeps every run's result in a
// slice sized before the timer starts: each run is then checked against the
// reference after the timer stops, and nothing in the timed loop but the run
// itself.
func Style(b *testing.B, s styles.Style, w *workloads.Workload, quantum int, want workloads.Result) {
	b.Helper()
	measure(b, s, w, quantum, want, false)
}

// measure is Style, and with memory set it also samples memory during the
// runs and reports B/program: the scale suite's measure.
func measure(b *testing.B, s styles.Style, w *workloads.Workload, quantum int, want workloads.Result, memory bool) {
	b.Helper()
	ctx := context.Background()
	c := styles.Config{Quantum: quantum} // Workers: GOMAXPROCS, set by -cpu
	runs := make([]workloads.Result, b.N)
	b.ReportAllocs()

	var smp *sampler
	var base uint64
	if memory {
		base = goMemory(memSamples())
		smp = startSampler(s.Family() == "process")
	}
	threads0 := getThreadTimes()
	use0 := getUsage()
	b.ResetTimer()
	for i := range runs {
		r, err := s.Run(ctx, w, c)
		if err != nil {
			if smp != nil {
				smp.Stop()
			}
			b.Fatal(err)
		}
		runs[i] = r
	}
	b.StopTimer()
	use := getUsage().sub(use0)
	threads := getThreadTimes().active(threads0)
	var peak, childRSS uint64
	var childThreads int
	if smp != nil {
		peak, childRSS, childThreads = smp.Stop()
	}

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
	use.report(b, s.Family() == "process")
	if threads > 0 || childThreads > 0 {
		b.ReportMetric(float64(threads+childThreads), UnitThreads)
	}
	if memory && len(w.Programs) > 0 && (haveChildUsage || s.Family() != "process") {
		b.ReportMetric(bytesPerProgram(peak, base, kept(runs), childRSS, len(w.Programs)), UnitBytes)
	}
}

// kept returns the bytes of the results Style keeps for checking: memory
// the benchmark holds, not the style.
func kept(runs []workloads.Result) uint64 {
	var n uint64
	for _, r := range runs {
		n += 8 * uint64(cap(r.Sums))
	}
	return n
}

// bytesPerProgram is B/program: the peak of Go memory above base, less what
// the benchmark kept, plus the children's peak, over the programs; never
// below zero.
func bytesPerProgram(peak, base, kept, childRSS uint64, programs int) float64 {
	grown := int64(peak) - int64(base) - int64(kept)
	return float64(max(grown, 0)+int64(childRSS)) / float64(programs)
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
