package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

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
				skip(b, reason)
			}
			w, want := j.load()
			// scale: RunCap enforced, B/program measured (issue 11).
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

// measure is Style, and with scale set the scale suite's measure: its timed
// runs share a deadline of RunCap per Run, and after them it measures
// B/program on runs of its own (memoryPerProgram).
//
// Only the timed runs are seen by ns/add, cpu-ns/op, ctxsw/op and threads:
// the memory sampler never runs beside them, so it cannot perturb them.
func measure(b *testing.B, s styles.Style, w *workloads.Workload, quantum int, want workloads.Result, scale bool) {
	b.Helper()
	ctx := context.Background()
	if scale {
		// One deadline for the b.N runs rather than one per Run: a
		// context per Run would cost a timer in the timed loop. go test
		// starts every benchmark at b.N = 1, so the first Run of a style
		// that cannot finish within RunCap is stopped there.
		var cancel context.CancelFunc
		n := min(int64(b.N), math.MaxInt64/int64(runCap)) // no overflow at b.N = 1e9
		ctx, cancel = context.WithTimeout(ctx, time.Duration(n)*runCap)
		defer cancel()
	}
	c := styles.Config{Quantum: quantum} // Workers: GOMAXPROCS, set by -cpu
	runs := make([]workloads.Result, b.N)
	b.ReportAllocs()

	// The threads' window opens before the first reading of their CPU
	// times and closes after the second, so that it holds all the CPU time
	// the readings see: reading /proc costs the reading thread time, which
	// a window between the readings would leave out of its wall time and
	// so could count, on a short Run, as a second thread at once.
	start := time.Now()
	threads0 := getThreadTimes()
	use0 := getUsage()
	b.ResetTimer()
	for i := range runs {
		r, err := s.Run(ctx, w, c)
		if err != nil {
			b.StopTimer()
			if scale && errors.Is(err, context.DeadlineExceeded) {
				skip(b, fmt.Sprintf("%s at %d programs: a Run took over RunCap (%v) and was stopped", s.Name, len(w.Programs), runCap))
			}
			b.Fatal(err)
		}
		runs[i] = r
	}
	b.StopTimer()
	use := getUsage().sub(use0)
	threads1 := getThreadTimes()
	threads := threads1.busy(threads0, time.Since(start))

	var lost int64
	for i, r := range runs {
		if !s.Racy && !r.Equal(want) {
			b.Fatalf("run %d of %d: result %v, want %v", i+1, b.N, r.Sums, want.Sums)
		}
		lost += r.Lost
	}
	// The results are checked: let them go, so that the heap the memory
	// runs start from does not grow with b.N.
	clear(runs)
	if adds := w.Adds(); adds > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(adds), "ns/add")
	}
	if s.Racy {
		b.ReportMetric(float64(lost)/float64(b.N), "lost/op")
	}
	use.report(b, s.Family() == "process")
	var mem memory
	if scale && len(w.Programs) > 0 {
		var err error
		if mem, err = memoryPerProgram(s, w, c, want); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				skip(b, fmt.Sprintf("%s at %d programs: a memory Run took over RunCap (%v) and was stopped", s.Name, len(w.Programs), runCap))
			}
			b.Fatal(err)
		}
	}
	if threads > 0 || mem.childThreads > 0 {
		b.ReportMetric(float64(threads+mem.childThreads), UnitThreads)
	}
	if scale && len(w.Programs) > 0 && (haveChildUsage || s.Family() != "process") {
		b.ReportMetric(mem.perProgram, UnitBytes)
	}
}

// memRuns is how many Runs memoryPerProgram measures: B/program is the
// largest growth of any of them, so a Run during which the collector
// happened to free some of the style's garbage does not set it alone.
const memRuns = 2

// memory is what memoryPerProgram measured.
type memory struct {
	perProgram   float64 // B/program
	childThreads int     // peak threads of the child processes
}

// memoryPerProgram measures B/program on memRuns untimed Runs of s, each
// started from a collected heap: the peak of heap objects and goroutine
// stacks during the Run (sampled, see sampler) above the heap just before
// it, less the Run's own result (memory the benchmark holds, not the style),
// plus the children's peak resident memory, over the programs.
//
// So the figure is per Run — not the garbage of earlier runs, whatever b.N
// — and independent of the benchmarks run before: the timed runs before it
// have already made the goroutines this style needs, and the runtime keeps
// and reuses a goroutine's descriptor (about 400 bytes, never freed), so
// neither the first benchmark to reach N programs nor a later one counts
// it. A goroutine's stack is freed by the collection and counted in every
// Run. Each Run has a deadline of RunCap.
func memoryPerProgram(s styles.Style, w *workloads.Workload, c styles.Config, want workloads.Result) (memory, error) {
	var m memory
	ms := memSamples()
	for range memRuns {
		runtime.GC()
		base := goMemory(ms)
		smp := startSampler(s.Family() == "process")
		ctx, cancel := context.WithTimeout(context.Background(), runCap)
		r, err := s.Run(ctx, w, c)
		cancel()
		peak, childRSS, childThreads := smp.Stop()
		if err != nil {
			return m, err
		}
		if !s.Racy && !r.Equal(want) {
			return m, fmt.Errorf("memory run: result %v, want %v", r.Sums, want.Sums)
		}
		kept := 8 * uint64(cap(r.Sums))
		m.perProgram = max(m.perProgram, bytesPerProgram(peak, base, kept, childRSS, len(w.Programs)))
		m.childThreads = max(m.childThreads, childThreads)
	}
	return m, nil
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
