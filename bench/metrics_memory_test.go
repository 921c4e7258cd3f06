package bench

import (
	"context"
	"flag"
	"math"
	"sync"
	"testing"
	"unsafe"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

// B/program per Run (issue 21, items 8 and 9): a known size is reported as
// such, whatever b.N and whichever benchmark reached N programs first.

// withBenchtime sets -test.benchtime for the rest of the test: testing.Benchmark
// reads it.
func withBenchtime(t *testing.T, d string) {
	t.Helper()
	f := flag.Lookup("test.benchtime")
	old := f.Value.String()
	if err := flag.Set("test.benchtime", d); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { flag.Set("test.benchtime", old) })
}

// scaleBytes measures s on c as the scale suite does and returns B/program.
func scaleBytes(t *testing.T, s styles.Style, c workloads.Case) float64 {
	t.Helper()
	w := c.Workload()
	want := workloads.Reference(w)
	r := testing.Benchmark(func(b *testing.B) { measure(b, s, w, c.Quantum, want, true) })
	if r.N == 0 {
		t.Fatalf("%s on %s: benchmark did not run", s.Name, c.Name())
	}
	got, ok := r.Extra[UnitBytes]
	if !ok {
		t.Fatalf("%s on %s: no %s in %v", s.Name, c.Name(), UnitBytes, r.Extra)
	}
	return got
}

// kiloStyle holds 1024 bytes per program — one object of a size class of
// exactly that size — until it returns.
var kiloStyle = styles.Style{
	Name:  "test.kilo",
	Level: 4,
	Run: func(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
		held := make([]*[1024]byte, len(w.Programs))
		for i := range held {
			held[i] = new([1024]byte)
			held[i][0] = byte(i)
		}
		r := workloads.Reference(w)
		for i := range held {
			r.Sums[i] += int64(held[i][0]) - int64(byte(i)) // 0: keeps held live to here
		}
		return r, nil
	},
}

func lookup(t *testing.T, name string) styles.Style {
	t.Helper()
	s, err := styles.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBytesPerProgramKnown: a style that holds a known size per program
// reports it. lockfree.atomic and lockfree.cas hold one padded cell per
// program in private mode (body.AtomicCell, 128 bytes: body.CacheLine) and
// nothing else but the result; kiloStyle holds 1024 bytes. The old measure
// reported 384.7 B for lockfree.atomic at 10^5 with 64-byte cells (the
// garbage of six runs).
func TestBytesPerProgramKnown(t *testing.T) {
	withBenchtime(t, "5x")
	at := func(n int) workloads.Case {
		return workloads.Case{Mode: workloads.Private, Programs: n, Len: workloads.ScaleLen, Quantum: 1}
	}
	cell := float64(unsafe.Sizeof(body.AtomicCell{}))
	for _, tc := range []struct {
		s    styles.Style
		c    workloads.Case
		want float64
	}{
		{lookup(t, "lockfree.atomic"), at(100_000), cell},
		{lookup(t, "lockfree.cas"), at(100_000), cell},
		{kiloStyle, at(10_000), 1024},
	} {
		got := scaleBytes(t, tc.s, tc.c)
		// The sampler's goroutine and timer, and the Run's own few
		// objects, are well under 5 % of a program's bytes.
		if got < tc.want || got > tc.want*1.05 {
			t.Errorf("%s on %s: %s = %.1f, want %.0f (+5 %%)", tc.s.Name, tc.c.Name(), UnitBytes, got, tc.want)
		}
	}
	goleak.VerifyNone(t)
}

// TestBytesPerProgramIndependentOfN: the same style gives the same B/program
// within 10 % at b.N = 1 and at b.N = 20, the bound between
// -benchtime 1x and 300ms. Before, each run's garbage added up: the event
// loop went from 117 to 651 B with the longer benchtime.
func TestBytesPerProgramIndependentOfN(t *testing.T) {
	c := workloads.Case{Mode: workloads.Private, Programs: 10_000, Len: workloads.ScaleLen, Quantum: 1}
	for _, name := range []string{"callback.eventloop", "lockfree.atomic", "async.executor"} {
		s := lookup(t, name)
		var got [2]float64
		for i, bt := range []string{"1x", "20x"} {
			withBenchtime(t, bt)
			got[i] = scaleBytes(t, s, c)
		}
		if !within(got[0], got[1], 0.10) {
			t.Errorf("%s on %s: %s = %.1f at b.N 1, %.1f at b.N 20; want within 10 %%", name, c.Name(), UnitBytes, got[0], got[1])
		}
	}
	goleak.VerifyNone(t)
}

// goroutineStyle starts one goroutine per program and holds them all until
// every one has started: what a goroutine-per-program style pays, without
// its scheduling.
var goroutineStyle = styles.Style{
	Name:  "test.goroutines",
	Level: 4,
	Run: func(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
		var started, done sync.WaitGroup
		release := make(chan struct{})
		for range w.Programs {
			started.Add(1)
			done.Go(func() {
				started.Done()
				<-release
			})
		}
		started.Wait()
		close(release)
		done.Wait()
		return workloads.Reference(w), nil
	},
}

// orderPrograms is more goroutines than any other test of this package
// starts, so that the first benchmark of TestBytesPerProgramIndependentOfOrder
// is the first of the process to need them.
const orderPrograms = 30_000

// TestBytesPerProgramIndependentOfOrder: the first benchmark to reach N
// goroutines makes the runtime allocate N goroutine descriptors, which it
// keeps and reuses; a later one finds them. Both must report the same
// B/program within 10 % — the issue saw 2758 B first and 2306–2310 B later.
func TestBytesPerProgramIndependentOfOrder(t *testing.T) {
	withBenchtime(t, "1x")
	c := workloads.Case{Mode: workloads.Private, Programs: orderPrograms, Len: 1, Quantum: 1}
	first := scaleBytes(t, goroutineStyle, c)
	later := scaleBytes(t, goroutineStyle, c)
	if !within(first, later, 0.10) {
		t.Errorf("%d goroutines: %s = %.0f first, %.0f later; want within 10 %%", orderPrograms, UnitBytes, first, later)
	}
	// Each goroutine has a stack of at least stackMin.
	if later < stackMin {
		t.Errorf("%d goroutines: %s = %.0f, want at least a stack each (%d)", orderPrograms, UnitBytes, later, stackMin)
	}
	goleak.VerifyNone(t)
}

// TestNoSamplerBesideTimedRuns: the memory sampler runs only during the
// memory Runs, which follow the timed ones, so it perturbs none of the
// timed metrics. The style notes, at each Run, whether a sampler is live;
// the last measure call's r.N timed Runs must see none, its memRuns memory
// Runs one.
func TestNoSamplerBesideTimedRuns(t *testing.T) {
	withBenchtime(t, "3x")
	var mu sync.Mutex
	var seen []bool
	s := styles.Style{
		Name:  "test.watch",
		Level: 4,
		Run: func(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
			mu.Lock()
			seen = append(seen, activeSamplers.Load() > 0)
			mu.Unlock()
			return workloads.Reference(w), nil
		},
	}
	w := (workloads.Case{Mode: workloads.Private, Programs: 10, Len: 4, Quantum: 1}).Workload()
	r := testing.Benchmark(func(b *testing.B) { measure(b, s, w, 1, workloads.Reference(w), true) })
	if r.N == 0 || len(seen) < r.N+memRuns {
		t.Fatalf("r.N = %d, %d Runs; want at least r.N + %d", r.N, len(seen), memRuns)
	}
	last := seen[len(seen)-r.N-memRuns:]
	for i, sampled := range last {
		if timed := i < r.N; timed == sampled {
			t.Errorf("Run %d of the last measure (timed %v): sampler live %v; want live only in the %d memory Runs (%v)", i+1, timed, sampled, memRuns, last)
		}
	}
}

func within(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))
}
