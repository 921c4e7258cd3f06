package vignettes

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// luGoroutines is how many goroutines increment the shared counter.
const luGoroutines = 4

func lostUpdate() Vignette {
	return Vignette{
		Name:  "lostupdate",
		Title: "x += 1 from several goroutines loses updates",
		Explain: `Four goroutines each add 1 to one shared int64 with a plain x += 1 and
no lock. An increment reads x and then writes x+1; two goroutines that read
the same value both write the same successor, and one increment is gone.
How many vanish depends on how often the goroutines really overlap: with
GOMAXPROCS=1 they only take turns, and a turn can end inside an increment
only if the runtime preempts the goroutine between its read and its write;
with several Ps they run at once on different cores. Child processes started
with GODEBUG=asyncpreemptoff=1 take asynchronous preemption out of the
picture. A sync.Mutex around the increment, or an atomic add, is the
one-line fix and loses nothing.`,
		Trial:         "increments per goroutine",
		DefaultTrials: 2_000_000,
		MaxTrials:     1_000_000_000,
		Run:           runLostUpdate,
	}
}

// A luCase is one row of the lostupdate table.
type luCase struct {
	variant  string // "x += 1", "sync.Mutex", "atomic.Int64.Add"
	procs    int
	asyncOff bool // run in a child with GODEBUG=asyncpreemptoff=1
	inc      func(goroutines, n int) int64
	racy     bool
}

func runLostUpdate(ctx context.Context, opt Options) (*Report, error) {
	v := lostUpdate()
	n, err := opt.trials(v)
	if err != nil {
		return nil, err
	}
	r := v.newReport(n)
	procs := parallelism()
	cases := []luCase{
		{variant: "x += 1", procs: 1, inc: racyIncrements, racy: true},
		{variant: "x += 1", procs: procs, inc: racyIncrements, racy: true},
		{variant: "x += 1", procs: 1, asyncOff: true, racy: true},
		{variant: "x += 1", procs: procs, asyncOff: true, racy: true},
		{variant: "sync.Mutex", procs: procs, inc: mutexIncrements},
		{variant: "atomic.Int64.Add", procs: procs, inc: atomicIncrements},
	}
	want := int64(luGoroutines) * int64(n)
	t := Table{
		Caption: fmt.Sprintf("%d goroutines × %d increments of one shared counter", luGoroutines, n),
		Columns: []string{"VARIANT", "GOMAXPROCS", "ASYNC PREEMPT", "EXPECTED", "OBSERVED", "LOST", "LOST %", "NS/INC"},
	}
	lostFrac := make(map[string]float64)
	for _, c := range cases {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		async := "on"
		if c.asyncOff {
			async = "off (child)"
		}
		if c.racy && raceEnabled {
			t.addRow(c.variant, c.procs, async, want, unavailable, "-", "-", "-")
			continue
		}
		var got int64
		var took time.Duration
		if c.asyncOff {
			var err error
			got, took, err = lostUpdateChild(ctx, c.procs, n)
			if err != nil {
				return nil, err
			}
		} else {
			start := time.Now()
			withProcs(c.procs, func() { got = c.inc(luGoroutines, n) })
			took = time.Since(start)
		}
		lost := want - got
		frac := float64(lost) / float64(want)
		name := fmt.Sprintf("lost-frac/variant=%s/procs=%d", metricVariant(c.variant), c.procs)
		if c.asyncOff {
			name += "/asyncpreempt=off"
		}
		r.addMetric(name, frac, "fraction")
		lostFrac[name] = frac
		t.addRow(c.variant, c.procs, async, want, got, lost, fmt.Sprintf("%.3f", 100*frac), fmt.Sprintf("%.2f", float64(took.Nanoseconds())/float64(want)))
	}
	r.Tables = []Table{t}

	if raceEnabled {
		r.Headline = "race build: the racy rows are unavailable; the mutex and atomic rows lost nothing."
	} else {
		r.Headline = fmt.Sprintf("x += 1 lost %.2f%% of the updates at GOMAXPROCS=%d and %.2f%% at GOMAXPROCS=1 (%.2f%% and %.2f%% with async preemption off); the mutex and the atomic lost none.",
			100*lostFrac[fmt.Sprintf("lost-frac/variant=racy/procs=%d", procs)],
			procs,
			100*lostFrac["lost-frac/variant=racy/procs=1"],
			100*lostFrac[fmt.Sprintf("lost-frac/variant=racy/procs=%d/asyncpreempt=off", procs)],
			100*lostFrac["lost-frac/variant=racy/procs=1/asyncpreempt=off"])
	}
	r.Notes = append(r.Notes,
		"With several Ps the goroutines run on different cores at once, so their reads and writes interleave freely: that, not preemption, is where most updates are lost.",
		"At GOMAXPROCS=1 an update is lost only if a goroutine is preempted between reading x and writing it back; a goroutine that is preempted there throws away every increment the others made while it waited.",
		"With async preemption off and several Ps, only as many goroutines as Ps run at once, each to the end of its loop; whether they overlap at all depends on how quickly the other Ps pick them up, so that row swings from none lost to several percent between runs.")
	if runtime.GOARCH == "amd64" || runtime.GOARCH == "386" {
		r.Notes = append(r.Notes, "On "+runtime.GOARCH+" the Go compiler turns x += 1 on memory into one INCQ instruction. One core cannot be interrupted halfway through an instruction, so at GOMAXPROCS=1 nothing can be lost; two cores still interleave that instruction's read and write, because it carries no LOCK prefix.")
	}
	return r, nil
}

// metricVariant names a variant in a metric name.
func metricVariant(v string) string {
	switch v {
	case "sync.Mutex":
		return "mutex"
	case "atomic.Int64.Add":
		return "atomic"
	}
	return "racy"
}

// withProcs runs f with GOMAXPROCS set to procs, then restores it.
func withProcs(procs int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	f()
}

// together runs body on goroutines goroutines and returns when all have
// finished. It releases them only once all are running, and they wait
// spinning rather than blocked, so that as many as there are Ps start at the
// same moment; woken from a channel instead, the first could finish before
// the last is scheduled, and nothing would overlap. A garbage collection
// first ends any cycle in progress, whose mark worker would take a P away.
func together(goroutines int, body func()) {
	runtime.GC()
	var arrived atomic.Int64
	var release atomic.Bool
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			arrived.Add(1)
			for !release.Load() {
				runtime.Gosched() // let the others arrive, even on one P
			}
			body()
		})
	}
	for arrived.Load() < int64(goroutines) {
		runtime.Gosched()
	}
	release.Store(true)
	wg.Wait()
}

// mutexIncrements is the one-line fix with a lock.
func mutexIncrements(goroutines, n int) int64 {
	var mu sync.Mutex
	var x int64
	together(goroutines, func() {
		for range n {
			mu.Lock()
			x += 1
			mu.Unlock()
		}
	})
	return x
}

// atomicIncrements is the one-line fix with an atomic add.
func atomicIncrements(goroutines, n int) int64 {
	var x atomic.Int64
	together(goroutines, func() {
		for range n {
			x.Add(1)
		}
	})
	return x.Load()
}

// luResult is what a lostupdate child reports.
type luResult struct {
	Got   int64 `json:"got"`
	Nanos int64 `json:"ns"`
	Procs int   `json:"gomaxprocs"`
}

// lostUpdateChild runs racyIncrements in a child with GOMAXPROCS=procs and
// asynchronous preemption off.
func lostUpdateChild(ctx context.Context, procs, n int) (got int64, took time.Duration, err error) {
	spec := childSpec{
		role:    "lostupdate",
		args:    []string{strconv.Itoa(luGoroutines), strconv.Itoa(n)},
		env:     []string{"GOMAXPROCS=" + strconv.Itoa(procs), godebug("asyncpreemptoff=1")},
		timeout: childTimeout,
	}
	res, err := runChild(ctx, spec, nil)
	if err != nil {
		return 0, 0, err
	}
	if res.code != 0 {
		return 0, 0, fmt.Errorf("child lostupdate: %s (stderr: %q)", res.status, firstLines(res.stderr, 3))
	}
	var out luResult
	if err := decodeResult(res, spec.role, &out); err != nil {
		return 0, 0, err
	}
	if out.Procs != procs {
		return 0, 0, fmt.Errorf("child lostupdate ran with GOMAXPROCS=%d, want %d", out.Procs, procs)
	}
	return out.Got, time.Duration(out.Nanos), nil
}

// childLostUpdate is the lostupdate child: args are goroutines and
// increments per goroutine.
func childLostUpdate(args []string) int {
	nums, err := atois(args, 2)
	if err != nil {
		return childUsage("lostupdate", err)
	}
	start := time.Now()
	got := racyIncrements(nums[0], nums[1])
	return writeResult(luResult{Got: got, Nanos: time.Since(start).Nanoseconds(), Procs: runtime.GOMAXPROCS(0)})
}
