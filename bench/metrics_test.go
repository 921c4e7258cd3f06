package bench

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// stackMin is runtime/stack.go's stackMin: the smallest goroutine stack.
const stackMin = 2 << 10

// grow recurses depth times through a frame of about 1 KiB, so a goroutine
// that calls it grows its stack past depth KiB.
//
//go:noinline
func grow(depth int) int64 {
	var pad [128]int64
	pad[depth%len(pad)] = int64(depth)
	if depth == 0 {
		return pad[0]
	}
	return grow(depth-1) + pad[depth%len(pad)]
}

// stackStyle is a controlled case: its Run starts one goroutine per program,
// grows each one's stack past 6 KiB (so to 8 KiB), and holds them all until
// the memory sampler has taken two samples, then computes the reference.
var stackStyle = styles.Style{
	Name:  "test.stacks",
	Level: 4, // preemptive; a number, so that the test does not depend on the levels' names
	Run: func(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
		var ready, done sync.WaitGroup
		release := make(chan struct{})
		for range w.Programs {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				grow(6)
				ready.Done()
				<-release
			}()
		}
		ready.Wait()
		// Only the memory Runs are sampled; the timed ones go on at once.
		for seen := samplesTaken.Load(); activeSamplers.Load() > 0 && samplesTaken.Load() < seen+2; {
			runtime.Gosched()
		}
		close(release)
		done.Wait()
		return workloads.Reference(w), nil
	},
}

func TestBytesPerProgramCountsStacks(t *testing.T) {
	const k = 1000
	w := (workloads.Case{Mode: workloads.Private, Programs: k, Len: 1, Quantum: 1}).Workload()
	want := workloads.Reference(w)
	r := testing.Benchmark(func(b *testing.B) { measure(b, stackStyle, w, 1, want, true) })
	if r.N == 0 {
		t.Fatal("benchmark did not run")
	}
	got, ok := r.Extra[UnitBytes]
	if !ok {
		t.Fatalf("no %s in %v", UnitBytes, r.Extra)
	}
	// Each goroutine holds a stack grown to 8 KiB: at least k × 8 KiB above
	// the workload, and so certainly k × stackMin.
	if got < 4*stackMin {
		t.Errorf("%d goroutines with 8 KiB stacks: %s = %.0f, want at least %d", k, UnitBytes, got, 4*stackMin)
	}
	goleak.VerifyNone(t)
}

// platformMetrics are the metrics Style must report on each OS, for a style
// in this process and for one with worker processes; every other metric of
// UnitCPU, UnitCtxsw and UnitThreads must be absent, not faked.
var platformMetrics = map[string]struct{ self, children []string }{
	"linux":   {self: []string{UnitCPU, UnitCtxsw, UnitThreads}, children: []string{UnitCPU, UnitCtxsw, UnitThreads}},
	"darwin":  {self: []string{UnitCPU, UnitCtxsw}, children: []string{UnitCPU, UnitCtxsw}},
	"freebsd": {self: []string{UnitCPU, UnitCtxsw}, children: []string{UnitCPU, UnitCtxsw}},
	"windows": {self: []string{UnitCPU}},
}

func TestPlatformMetrics(t *testing.T) {
	want, ok := platformMetrics[runtime.GOOS]
	if !ok {
		t.Skipf("no expectations for %s", runtime.GOOS)
	}
	w := (workloads.Case{Mode: workloads.Shared, Programs: 4, Len: 64, Quantum: 8}).Workload()
	for _, tc := range []struct {
		style string
		want  []string
	}{{"sequential.loop", want.self}, {"process.pipe", want.children}} {
		s, err := styles.Lookup(tc.style)
		if err != nil {
			t.Fatal(err)
		}
		r := testing.Benchmark(func(b *testing.B) { Style(b, s, w, 8, workloads.Reference(w)) })
		if r.N == 0 {
			t.Fatalf("%s: benchmark did not run", tc.style)
		}
		for _, unit := range []string{UnitCPU, UnitCtxsw, UnitThreads} {
			v, got := r.Extra[unit]
			if want := slices.Contains(tc.want, unit); got != want {
				t.Errorf("%s on %s: %s reported %v (%v), want reported %v", tc.style, runtime.GOOS, unit, got, v, want)
			}
		}
	}
}

// TestThreadsAndCPUAtGOMAXPROCS1: on one P, a single-threaded style keeps one
// thread busy, whichever measure (the scale suite's too, which samples
// memory), and no style's CPU time exceeds its wall time — also not
// preempt.goroutines with ten thousand goroutines, which once reported
// 1.3–1.8× its wall time beside the memory sampler (issue 21).
func TestThreadsAndCPUAtGOMAXPROCS1(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for _, tc := range []struct {
		style        string
		c            workloads.Case
		scale        bool
		threadsIsOne bool
	}{
		{"sequential.interleave", workloads.Case{Mode: workloads.Shared, Programs: 100, Len: 16, Quantum: 1}, true, true},
		{"sequential.loop", workloads.Case{Mode: workloads.Shared, Programs: 1, Len: 1 << 16, Quantum: 1}, false, true},
		{"sequential.loop", workloads.Case{Mode: workloads.Private, Programs: 10_000, Len: 16, Quantum: 1}, true, true},
		{"preempt.goroutines", workloads.Case{Mode: workloads.Shared, Programs: 10_000, Len: 16, Quantum: 1}, true, false},
	} {
		t.Run(fmt.Sprintf("%s/%s/scale=%v", tc.style, tc.c.Name(), tc.scale), func(t *testing.T) {
			s, err := styles.Lookup(tc.style)
			if err != nil {
				t.Fatal(err)
			}
			w := tc.c.Workload()
			r := testing.Benchmark(func(b *testing.B) { measure(b, s, w, 1, workloads.Reference(w), tc.scale) })
			if r.N == 0 {
				t.Fatal("benchmark did not run")
			}
			// Under -race the runtime's monitor thread (sysmon) can work
			// beside the style: on an overloaded machine 6-12 % of the
			// wall time in 3 of 240 runs, which threads rightly counts as
			// a second thread at once (never without -race in 360). No
			// benchmark is timed under -race.
			most := 1.0
			if raceEnabled {
				most = 2
			}
			if th, ok := r.Extra[UnitThreads]; ok && (th < 1 || tc.threadsIsOne && th > most) {
				t.Errorf("threads = %v at GOMAXPROCS 1, want 1 (at most %v): one thread does the work (%v)", th, most, r.Extra)
			}
			cpu, ok := r.Extra[UnitCPU]
			if !ok {
				t.Skipf("no %s on %s", UnitCPU, runtime.GOOS)
			}
			if cpu <= 0 {
				t.Fatalf("cpu-ns/op = %v: want a positive CPU time", cpu)
			}
			// CPU time cannot exceed wall time × GOMAXPROCS, but for the
			// threads that run without a P: sysmon and the garbage
			// collector's background work, allowed 10% and 5 ms in all.
			// Windows counts CPU time in clock ticks of 15.6 ms: another
			// tick of slack.
			wall := float64(r.T.Nanoseconds())
			limit := wall*1.1 + 5e6
			if runtime.GOOS == "windows" {
				limit += 16e6
			}
			if total := cpu * float64(r.N); total > limit {
				t.Errorf("CPU %.0f ns over %d runs exceeds wall %.0f ns × GOMAXPROCS 1 + slack (%.0f)", total, r.N, wall, limit)
			}
		})
	}
	goleak.VerifyNone(t)
}

func TestStyleReportsNoMemoryOutsideScale(t *testing.T) {
	s, _ := styles.Lookup("sequential.loop")
	w := (workloads.Case{Mode: workloads.Shared, Programs: 1, Len: 64, Quantum: 1}).Workload()
	r := testing.Benchmark(func(b *testing.B) { Style(b, s, w, 1, workloads.Reference(w)) })
	if _, ok := r.Extra[UnitBytes]; ok {
		t.Errorf("Style reported %s; only the scale suite samples memory", UnitBytes)
	}
	if _, ok := r.Extra[UnitCPU]; !ok {
		t.Errorf("Style did not report %s: %v", UnitCPU, r.Extra)
	}
}

func TestBytesPerProgram(t *testing.T) {
	for _, tc := range []struct {
		peak, base, kept, child uint64
		programs                int
		want                    float64
	}{
		{peak: 3000, base: 1000, kept: 0, child: 0, programs: 2, want: 1000},
		{peak: 3000, base: 1000, kept: 1000, child: 0, programs: 2, want: 500},
		{peak: 1000, base: 1000, kept: 8, child: 0, programs: 1, want: 0},       // never negative
		{peak: 1000, base: 1000, kept: 8, child: 4000, programs: 4, want: 1000}, // children count
	} {
		if got := bytesPerProgram(tc.peak, tc.base, tc.kept, tc.child, tc.programs); got != tc.want {
			t.Errorf("bytesPerProgram(%d, %d, %d, %d, %d) = %v, want %v", tc.peak, tc.base, tc.kept, tc.child, tc.programs, got, tc.want)
		}
	}
}

func TestBusyThreads(t *testing.T) {
	before := threadTimes{1: 10, 2: 20, 3: 30, 5: 500}
	for _, tc := range []struct {
		name  string
		after threadTimes
		want  int
	}{
		// Over 100 ns of wall time a thread must work 5 ns: thread 2 did,
		// thread 4 was born and did, thread 5 is a new thread with an old
		// TID; thread 3 worked 4 ns (sysmon's share), thread 1 none. The
		// three busy ones did 5 + 6 + 7 ns: one thread's worth.
		{"three busy threads, one at a time", threadTimes{1: 10, 2: 25, 3: 34, 4: 6, 5: 7}, 1},
		// The one P handed from thread 2 to thread 4 halfway through a
		// single-threaded run, as at GOMAXPROCS 1 under load: two busy
		// threads, never both at once.
		{"a P handed over", threadTimes{1: 10, 2: 70, 3: 31, 4: 48}, 1},
		// Two threads each busy for 90 %: they must have overlapped.
		{"two at once", threadTimes{1: 100, 2: 110, 3: 31}, 2},
		// One thread busy throughout, a little over wall by the other
		// clock, and the collector's worker for 10 %: two at once.
		{"the collector beside the work", threadTimes{1: 112, 2: 30, 3: 40}, 2},
		{"one thread over wall by the clocks", threadTimes{1: 112, 2: 20, 3: 30}, 1},
		{"three at once", threadTimes{1: 100, 2: 115, 3: 125, 6: 3}, 3},
		// Work spread thinly: no thread reaches 5 %, but one thread's worth ran.
		{"thinly spread", threadTimes{1: 12, 2: 22, 3: 30}, 1},
		{"none ran", before, 0},
	} {
		if got := tc.after.busy(before, 100); got != tc.want {
			t.Errorf("%s: busy = %d, want %d", tc.name, got, tc.want)
		}
	}
	tt := getThreadTimes()
	if runtime.GOOS == "linux" && len(tt) < 1 {
		t.Fatalf("getThreadTimes = %v, want this process's threads", tt)
	}
}

func TestScaleSkip(t *testing.T) {
	for _, c := range ScaleCaps {
		if c.Reason == "" || c.BytesPerProgram <= 0 {
			t.Errorf("cap %+v: want a reason and a memory estimate", c)
		}
	}
	if r := scaleSkip("coop.gil", 1_000_000); !strings.Contains(r, "capped at 100000") {
		t.Errorf("coop.gil at 10^6: skip reason %q, want its cap", r)
	}
	if r := scaleSkip("coop.gil", 100_000); r != "" {
		t.Errorf("coop.gil at 10^5 skipped: %q", r)
	}
	if r := scaleSkip("sequential.loop", 1_000_000); r != "" {
		t.Errorf("sequential.loop at 10^6 skipped: %q", r)
	}
	if memAvailable() > 0 {
		if r := scaleSkip("sequential.loop", 1<<50); !strings.Contains(r, "available") {
			t.Errorf("2^50 programs: skip reason %q, want the memory guard's", r)
		}
	}
}
