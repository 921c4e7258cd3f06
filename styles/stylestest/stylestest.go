// Package stylestest holds the checks every style must pass, for the test
// files of any package that defines styles: package styles for addbench's
// own, styles/peers for the peer libraries. One copy of the conformance
// table, the cancellation test and the fuzz target, so that a peer is held
// to exactly what our styles are.
package stylestest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// Programs are the workload shapes every style must get exactly right: no
// programs, empty programs, odd counts that do not divide among workers,
// skewed lengths, and values at the int64 limits so that sums wrap.
func Programs() map[string][]workloads.Program {
	return map[string][]workloads.Program{
		"none":       nil,
		"one":        workloads.Uniform(1, 1, 100),
		"one-empty":  {{}},
		"two":        workloads.Uniform(2, 2, 37),
		"eight":      workloads.Uniform(8, 8, 64),
		"thirty3":    workloads.Uniform(33, 33, 20),
		"some-empty": {{}, {1, 2, 3}, {}, {-7}, {}},
		"skewed":     workloads.Skewed(5, 9, 2000, 3),
		"limits": {
			{math.MaxInt64, 1, math.MaxInt64, 1},
			{math.MinInt64, -1, math.MinInt64},
			{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MinInt64, -1, 5},
		},
	}
}

// Conformance runs every style of ss on every shape of Programs, in both
// modes, at quanta 1, 3, 64 and 2^20 and 1, 2 and 5 workers, at GOMAXPROCS 1
// and 4, and requires exactly the reference result and nothing lost. With
// -short (make mutate runs the tests so, once per mutant) it runs at
// GOMAXPROCS 4 only: half the time, most of it the process style's spawns.
func Conformance(t *testing.T, ss []styles.Style) {
	t.Helper()
	procsList := []int{1, 4}
	if testing.Short() {
		procsList = procsList[1:]
	}
	for _, procs := range procsList {
		t.Run(fmt.Sprintf("gomaxprocs=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			for name, progs := range Programs() {
				for _, mode := range workloads.Modes {
					w := &workloads.Workload{Name: name, Programs: progs, Mode: mode}
					want := workloads.Reference(w)
					for _, s := range ss {
						for _, q := range []int{1, 3, 64, 1 << 20} {
							for _, workers := range []int{1, 2, 5} {
								c := styles.Config{Workers: workers, Quantum: q}
								got, err := s.Run(context.Background(), w, c)
								if err != nil {
									t.Fatalf("%s on %s/%s %+v: %v", s.Name, name, mode, c, err)
								}
								if !got.Equal(want) || got.Lost != 0 {
									t.Errorf("%s on %s/%s %+v = %v (lost %d), want %v", s.Name, name, mode, c, got.Sums, got.Lost, want.Sums)
								}
							}
						}
					}
				}
			}
		})
	}
}

// FuzzAgree runs every style of ss on programs made from fuzz input and
// requires the reference result.
func FuzzAgree(f *testing.F, ss []styles.Style) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(3), uint8(1), uint8(2), false)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1}, uint8(1), uint8(1), uint8(1), true)
	f.Add([]byte{}, uint8(0), uint8(0), uint8(0), true)
	f.Fuzz(func(t *testing.T, data []byte, programs, quantum, workers uint8, shared bool) {
		// Spread 8-byte little-endian values round-robin over the programs.
		progs := make([]workloads.Program, programs%17)
		for i := 0; i+8 <= len(data) && len(progs) > 0; i += 8 {
			var v int64
			for k := range 8 {
				v |= int64(data[i+k]) << (8 * k)
			}
			j := (i / 8) % len(progs)
			progs[j] = append(progs[j], v)
		}
		w := &workloads.Workload{Name: "fuzz", Programs: progs}
		if shared {
			w.Mode = workloads.Shared
		}
		c := styles.Config{Workers: int(workers%6) + 1, Quantum: int(quantum%70) + 1}
		want := workloads.Reference(w)
		for _, s := range ss {
			got, err := s.Run(context.Background(), w, c)
			if err != nil {
				t.Fatalf("%s %+v: %v", s.Name, c, err)
			}
			if !got.Equal(want) {
				t.Fatalf("%s %+v on %v (%s) = %v, want %v", s.Name, c, progs, w.Mode, got.Sums, want.Sums)
			}
		}
	})
}

// startSignal is a context that reports when a Run first asks for Done, which
// every style does as it starts, so the test can cancel a run in progress.
type startSignal struct {
	context.Context
	once    sync.Once
	started chan struct{}
}

func (c *startSignal) Done() <-chan struct{} {
	c.once.Do(func() { close(c.started) })
	return c.Context.Done()
}

var bigProgram = sync.OnceValue(func() workloads.Program { return workloads.Uniform(42, 1, 1_000_000)[0] })

// BigWorkload returns programs × 10^6 adds in 8 MB: every program is a window
// on the same backing array.
func BigWorkload(mode workloads.Mode, programs int) *workloads.Workload {
	base := bigProgram()
	progs := make([]workloads.Program, programs)
	for i := range progs {
		progs[i] = base
	}
	return &workloads.Workload{Name: "big", Programs: progs, Mode: mode}
}

// Cancel cancels a run of at least 10^8 adds of each style just after it
// starts and requires ctx.Err() back well before the whole run could have
// finished. "Well before" is measured, not assumed: the same style first
// runs a hundredth of the work to completion, and the cancelled run must
// take less than half of what the full run is predicted to take from that.
// No fixed wall-clock threshold.
//
// The hundredth is grown until it takes at least 5 ms, so the prediction
// dwarfs the scheduler's own delays: at GOMAXPROCS 1 the goroutine that
// cancels, and the one context.AfterFunc starts, each wait for the spinning
// style to be preempted (about 10 ms apiece), longer than a fast style needs
// for all 10^8 adds.
func Cancel(t *testing.T, ss []styles.Style) {
	t.Helper()
	const minHundredth = 5 * time.Millisecond
	c := styles.Config{Workers: 2, Quantum: 64}
	for _, s := range ss {
		t.Run(s.Name, func(t *testing.T) {
			var per time.Duration
			k := 2 // programs in the hundredth; at least one per worker
			for ; ; k *= 2 {
				// Shortest of three runs, to be fair to a busy machine.
				hundredth := BigWorkload(workloads.Shared, k)
				per = time.Duration(1<<63 - 1)
				for range 3 {
					start := time.Now()
					if _, err := s.Run(context.Background(), hundredth, c); err != nil {
						t.Fatal(err)
					}
					per = min(per, time.Since(start))
				}
				if per >= minHundredth || k >= 256 {
					break
				}
			}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sig := &startSignal{Context: ctx, started: make(chan struct{})}
			go func() {
				<-sig.started
				cancel()
			}()
			start := time.Now()
			_, err := s.Run(sig, BigWorkload(workloads.Shared, 100*k), c)
			took := time.Since(start)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled Run returned %v, want context.Canceled", err)
			}
			if predicted := 100 * per; took > predicted/2 {
				t.Errorf("cancelled Run of %d adds took %v; the whole run is predicted to take %v (100 × %v)", 100*k*1_000_000, took, predicted, per)
			}
		})
	}
}

// CancelledBeforeStart requires every style of ss, given a context already
// done, to return its error at the first quantum boundary.
func CancelledBeforeStart(t *testing.T, ss []styles.Style) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	w := BigWorkload(workloads.Private, 100)
	for _, s := range ss {
		if _, err := s.Run(ctx, w, styles.Config{Quantum: 1}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: Run with an expired context returned %v, want context.DeadlineExceeded", s.Name, err)
		}
	}
}
