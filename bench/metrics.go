package bench

import (
	"math"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Metrics beyond time. Style reports them with b.ReportMetric, so benchstat
// reads them like ns/add:
//
//   - cpu-ns/op: user + system CPU time of the process and of the children
//     it reaped (process.pipe's workers), per Run, from getrusage. Beside
//     ns/op it gives the parallel efficiency, cpu-ns/op ÷ (ns/op ×
//     GOMAXPROCS), and shows a run where a neighbour took a core. A style
//     without children stays within ns/op × GOMAXPROCS, but for the threads
//     that run without a P (sysmon, the collector's background work) and the
//     kernel's work on the process's behalf.
//   - ctxsw/op: voluntary + involuntary context switches of the process and
//     its reaped children per Run, from getrusage.
//   - threads: how many OS threads the timed runs kept busy at once — the
//     fewest threads whose CPU time adds up to that of this process's busy
//     threads (those whose CPU time in /proc/self/task/*/schedstat grew by
//     at least 5 % of the runs' wall time) over the wall time, plus, for
//     process styles on the scale suite, the peak of the children's
//     threads. It stands for the peak of threads running during a Run, read
//     without a sampler: the threads that run now and then for the runtime
//     (sysmon, an idle M woken for a moment) stay far below 5 % (not always
//     under -race, whose sysmon can take a tenth of a loaded core), and threads
//     that take turns (the runtime may hand a goroutine's P from one thread
//     to another) add up to one thread's worth, so sequential.loop reports 1
//     at GOMAXPROCS 1 (see busy). Not the process's thread count: the Go
//     runtime keeps idle threads for good, so that count remembers every
//     earlier benchmark.
//   - B/program (scale suite): peak memory per concurrent program above the
//     workload itself, per Run (memoryPerProgram): on Runs of their own
//     after the timed ones, each from a collected heap, the peak of heap
//     objects + goroutine stacks (runtime/metrics) sampled during the Run
//     above the same just before it, less the Run's result, plus for process
//     styles the peak resident memory of the worker processes, all divided
//     by the programs; the largest of memRuns Runs. The heap counts the
//     Run's garbage not yet collected, as any GC'd process's peak does. It
//     does not depend on b.N or on which benchmark ran first.
//
// The memory sampler runs only during those memory Runs, never beside the
// timed ones: time, cpu-ns/op, ctxsw/op and threads see no sampler.
//
// What each platform measures (a metric a platform lacks is left out of
// the results, never written as 0):
//
//   - linux: all of them.
//   - darwin, freebsd and the other BSDs: cpu-ns/op and ctxsw/op from
//     getrusage, children included; no threads (no /proc/self/task) and, for
//     process styles, no B/program (the children's memory is not read).
//   - windows: cpu-ns/op of this process (GetProcessTimes), so none for
//     process styles, whose work is in children it does not count; no
//     ctxsw/op or threads; B/program only for styles without children.
//
// All of them are descriptive: they say how a style pays for its
// concurrency, not how fast it is, and a benchmark regression gate must not
// read them as times.

// The metric units, as b.ReportMetric writes them.
const (
	UnitCPU      = "cpu-ns/op"
	UnitCtxsw    = "ctxsw/op"
	UnitThreads  = "threads"
	UnitBytes    = "B/program"
	unitNsPerAdd = "ns/add"
)

// memNames are the runtime/metrics a sampler adds up: heap objects (live
// and not yet swept) and goroutine stacks.
var memNames = []string{"/memory/classes/heap/objects:bytes", "/memory/classes/heap/stacks:bytes"}

// goMemory returns the bytes of heap objects and goroutine stacks now.
func goMemory(s []metrics.Sample) uint64 {
	metrics.Read(s)
	var n uint64
	for _, m := range s {
		if m.Value.Kind() == metrics.KindUint64 {
			n += m.Value.Uint64()
		}
	}
	return n
}

func memSamples() []metrics.Sample {
	s := make([]metrics.Sample, len(memNames))
	for i, n := range memNames {
		s[i].Name = n
	}
	return s
}

// A sampler reads memory on a goroutine of its own, every interval for the
// first fastSamples samples and every slowInterval after, so that a long
// run's peak is still seen but the sampler's own wake-ups stay a few per
// cent of a millisecond. Stop ends the goroutine and returns what it saw.
type sampler struct {
	children bool // also sample the child processes
	stop     chan struct{}
	done     chan struct{}
	samples  atomic.Int64

	mu        sync.Mutex
	peak      uint64 // heap objects + stacks, bytes
	childRSS  uint64 // peak summed resident memory of children, bytes
	childThrd int    // peak summed threads of children
}

const (
	sampleInterval = time.Millisecond
	slowInterval   = 10 * time.Millisecond
	fastSamples    = 100
)

// startSampler takes a first sample and starts sampling until Stop.
func startSampler(children bool) *sampler {
	activeSamplers.Add(1)
	s := &sampler{children: children, stop: make(chan struct{}), done: make(chan struct{})}
	ms := memSamples()
	s.sample(ms)
	go func() {
		defer close(s.done)
		t := time.NewTimer(sampleInterval)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				s.sample(ms)
				return
			case <-t.C:
				s.sample(ms)
				d := sampleInterval
				if s.samples.Load() > fastSamples {
					d = slowInterval
				}
				t.Reset(d)
			}
		}
	}()
	return s
}

func (s *sampler) sample(ms []metrics.Sample) {
	m := goMemory(ms)
	var rss uint64
	var threads int
	if s.children {
		rss, threads = childUsage()
	}
	s.mu.Lock()
	s.peak = max(s.peak, m)
	s.childRSS = max(s.childRSS, rss)
	s.childThrd = max(s.childThrd, threads)
	s.mu.Unlock()
	s.samples.Add(1)
	samplesTaken.Add(1)
}

// samplesTaken counts every sample of every sampler, so that a test can wait
// for the sampler to have seen a state it holds; activeSamplers counts the
// samplers started and not yet stopped, so that a test can see when one
// runs.
var samplesTaken, activeSamplers atomic.Int64

// Stop takes a last sample, ends the sampler's goroutine and returns the
// peaks: Go memory, the children's summed resident memory and threads.
func (s *sampler) Stop() (peak, childRSS uint64, childThreads int) {
	close(s.stop)
	<-s.done
	activeSamplers.Add(-1)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak, s.childRSS, s.childThrd
}

// usage is a process's CPU time and context switches so far, its own and,
// where children says so, its reaped children's. A platform measures what
// it can (see the metrics_*.go files); what it cannot is left out of the
// report, never reported as zero.
type usage struct {
	cpu   time.Duration
	ctxsw int64
	// hasCPU and hasCtxsw say which of cpu and ctxsw were measured;
	// children, that they include the reaped child processes.
	hasCPU, hasCtxsw, children bool
}

func (u usage) sub(o usage) usage {
	return usage{
		cpu: u.cpu - o.cpu, ctxsw: u.ctxsw - o.ctxsw,
		hasCPU: u.hasCPU && o.hasCPU, hasCtxsw: u.hasCtxsw && o.hasCtxsw, children: u.children && o.children,
	}
}

// report reports u per run of b: cpu-ns/op and ctxsw/op where measured. For
// a style whose work is done by child processes (processes), a usage that
// leaves the children out would count only the parent's waiting, so nothing
// is reported.
func (u usage) report(b *testing.B, processes bool) {
	if processes && !u.children {
		return
	}
	if u.hasCPU {
		b.ReportMetric(float64(u.cpu.Nanoseconds())/float64(b.N), UnitCPU)
	}
	if u.hasCtxsw {
		b.ReportMetric(float64(u.ctxsw)/float64(b.N), UnitCtxsw)
	}
}

// threadTimes maps each OS thread of the process to its CPU time so far.
type threadTimes map[int]uint64

// busy returns how many threads of after must have run at once since
// before: the fewest threads whose CPU time adds up to what the busy ones
// did over wall, the busy ones being those that worked at least busyShare of
// it. A thread that runs now and then for the runtime — sysmon, an idle M
// woken to find no work — stays far below busyShare; a thread born since
// before counts from 0.
//
// Counting the busy threads alone would count threads that take turns: at
// GOMAXPROCS 1 the runtime can hand the one P from one M to another in the
// middle of a run (the P goes idle while the goroutine waits for the
// collector, and another M wakes to run it), and a single-threaded style then
// had two busy threads though never two at once. Their summed time is at most
// wall, so it reads 1; two threads that each work 90 % of wall must overlap,
// so they read 2. The result is a lower bound on the peak of threads running
// at once and at most the number of busy threads.
func (after threadTimes) busy(before threadTimes, wall time.Duration) int {
	least := uint64(float64(wall.Nanoseconds()) * busyShare)
	n := 0
	var busiest, sum uint64
	for tid, t := range after {
		d := t
		if b, ok := before[tid]; ok && t >= b { // else a new thread with an old TID
			d = t - b
		}
		if d >= max(least, 1) {
			n++
			sum += d
		}
		busiest = max(busiest, d)
	}
	if n == 0 {
		if busiest > 0 {
			// Work spread thinly over many threads (process.pipe's
			// parent, whose threads take turns blocking on pipes): one
			// thread's worth at least ran.
			return 1
		}
		return 0
	}
	// CPU time and wall time come from different clocks: a thread busy
	// for the whole run may read a little over wall.
	atOnce := int(math.Ceil(float64(sum)/float64(wall.Nanoseconds()) - clockSlack))
	return min(n, max(atOnce, 1))
}

// clockSlack is how far the summed CPU time of the busy threads may exceed a
// whole number of walls before busy counts one more thread at once.
const clockSlack = 0.05

// busyShare is the share of the timed runs' wall time a thread must work to
// count in threads.
const busyShare = 0.05
