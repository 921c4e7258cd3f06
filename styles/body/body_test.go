package body_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"unsafe"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/workloads"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestChunks: the chunks of every quantum cover the program in order, each
// of min(quantum, what is left) adds, with that many adds' sum; quantum 1,
// which has a loop of its own, included.
func TestChunks(t *testing.T) {
	p := workloads.Program{1, 2, 3, 4, 5, 6, 7}
	stop, release := body.Watch(context.Background())
	defer release()
	for _, tc := range []struct {
		quantum int
		sums    []int64
		adds    []int
	}{
		{1, []int64{1, 2, 3, 4, 5, 6, 7}, []int{1, 1, 1, 1, 1, 1, 1}},
		{3, []int64{6, 15, 7}, []int{3, 3, 1}},
		{7, []int64{28}, []int{7}},
		{1 << 20, []int64{28}, []int{7}},
	} {
		var sums []int64
		var adds []int
		for sum, n := range body.Chunks(p, tc.quantum, stop) {
			sums, adds = append(sums, sum), append(adds, n)
		}
		if !slices.Equal(sums, tc.sums) || !slices.Equal(adds, tc.adds) {
			t.Errorf("quantum %d: sums %v of %v adds, want %v of %v", tc.quantum, sums, adds, tc.sums, tc.adds)
		}
	}
	for range body.Chunks(nil, 1, stop) {
		t.Error("an empty program yielded a chunk")
	}
}

// TestChunksStop: once the context ends, Chunks yields no further chunk, at
// either quantum path, and a break ends it at once.
func TestChunksStop(t *testing.T) {
	p := workloads.Uniform(1, 1, 100)[0]
	for _, q := range []int{1, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop, release := body.Watch(ctx)
		chunks := 0
		for range body.Chunks(p, q, stop) {
			if chunks++; chunks == 3 {
				cancel()
				release() // the flag is set once release returns
			}
		}
		if chunks != 3 {
			t.Errorf("quantum %d: %d chunks, want 3: none after the flag was set", q, chunks)
		}
		if !errors.Is(stop.Err(), context.Canceled) {
			t.Errorf("quantum %d: Err() = %v, want context.Canceled", q, stop.Err())
		}
		chunks = 0
		for range body.Chunks(p, q, &body.Stop{}) {
			if chunks++; chunks == 2 {
				break
			}
		}
		if chunks != 2 {
			t.Errorf("quantum %d: %d chunks after a break at 2", q, chunks)
		}
	}
}

// TestWatch: a context that never ends leaves the flag clear; release waits
// for the flag to be set when the context has ended.
func TestWatch(t *testing.T) {
	stop, release := body.Watch(context.Background())
	release()
	if stop.Stopped() || stop.Err() != nil || stop.Context() != context.Background() {
		t.Errorf("background: Stopped %v, Err %v", stop.Stopped(), stop.Err())
	}
	ctx, cancel := context.WithCancel(context.Background())
	stop, release = body.Watch(ctx)
	cancel()
	release()
	if !stop.Stopped() || !errors.Is(stop.Err(), context.Canceled) {
		t.Errorf("cancelled: Stopped %v, Err %v after release", stop.Stopped(), stop.Err())
	}
}

// TestParallel: every index runs exactly once, on a worker numbered below
// min(workers, n), and Parallel returns only when all have run.
func TestParallel(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 3}, {1, 3}, {10, 3}, {10, 1}, {2, 8}} {
		ran := make([]int, tc.n)
		var mu sync.Mutex
		body.Parallel(tc.n, tc.workers, func(worker, i int) {
			if worker < 0 || worker >= min(tc.n, tc.workers) {
				t.Errorf("n=%d workers=%d: worker %d", tc.n, tc.workers, worker)
			}
			mu.Lock()
			ran[i]++
			mu.Unlock()
		})
		for i, k := range ran {
			if k != 1 {
				t.Errorf("n=%d workers=%d: index %d ran %d times", tc.n, tc.workers, i, k)
			}
		}
	}
}

// TestCells: cells are a cache line each, and Slot and Cells shape the
// accumulators by mode.
func TestCells(t *testing.T) {
	cells := make([]body.AtomicCell, 2)
	locked := make([]body.LockedCell, 2)
	if d := addrDiff(&cells[0], &cells[1]); d != body.CacheLine {
		t.Errorf("AtomicCells %d bytes apart, want %d", d, body.CacheLine)
	}
	if d := addrDiff(&locked[0], &locked[1]); d != body.CacheLine {
		t.Errorf("LockedCells %d bytes apart, want %d", d, body.CacheLine)
	}
	progs := workloads.Uniform(1, 3, 2)
	for _, tc := range []struct {
		mode  workloads.Mode
		cells int
		slot2 int
	}{{workloads.Private, 3, 2}, {workloads.Shared, 1, 0}} {
		w := &workloads.Workload{Programs: progs, Mode: tc.mode}
		if body.Cells(w) != tc.cells || body.Slot(w, 2) != tc.slot2 {
			t.Errorf("%s: Cells %d, Slot(2) %d; want %d, %d", tc.mode, body.Cells(w), body.Slot(w, 2), tc.cells, tc.slot2)
		}
	}
}

// addrDiff returns how many bytes b is past a.
func addrDiff[T any](a, b *T) int {
	return int(uintptr(unsafe.Pointer(b)) - uintptr(unsafe.Pointer(a)))
}

// Example sums a workload on two workers the way preempt.mutex does: each
// worker adds every quantum's partial sum into the program's accumulator
// under its lock.
func Example() {
	w := &workloads.Workload{Programs: []workloads.Program{{1, 2, 3}, {10, 20}}, Mode: workloads.Shared}
	stop, release := body.Watch(context.Background())
	accs := make([]body.LockedCell, body.Cells(w))
	body.Parallel(len(w.Programs), 2, func(_, i int) {
		acc := &accs[body.Slot(w, i)]
		for sum := range body.Chunks(w.Programs[i], 2, stop) {
			acc.Lock()
			acc.Sum += sum
			acc.Unlock()
		}
	})
	release()
	fmt.Println(accs[0].Sum, stop.Err())
	// Output: 36 <nil>
}
