package gil

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestOneAtATime: however the goroutines are scheduled, only the baton holder
// runs. The plain trace append is also a -race check that the baton orders
// the threads' memory accesses.
func TestOneAtATime(t *testing.T) {
	var running atomic.Int32
	var trace []int
	Run(4, 1, func(th *Thread) {
		for range 100 {
			if n := running.Add(1); n != 1 {
				t.Errorf("%d threads running at once", n)
			}
			trace = append(trace, th.ID())
			running.Add(-1)
			th.Yield()
		}
	})
	if len(trace) != 400 {
		t.Fatalf("trace has %d entries, want 400", len(trace))
	}
	// Forced round-robin hand-over: 0 1 2 3 0 1 2 3 ...
	for i, id := range trace {
		if id != i%4 {
			t.Fatalf("trace[%d] = %d, want %d (round-robin)", i, id, i%4)
		}
	}
}

func TestExitPassesBaton(t *testing.T) {
	var trace []int
	Run(3, 1, func(th *Thread) {
		steps := []int{1, 3, 2}[th.ID()]
		for i := range steps {
			trace = append(trace, th.ID())
			if i < steps-1 {
				th.Yield()
			}
		}
	})
	if want := []int{0, 1, 2, 1, 2, 1}; !slices.Equal(trace, want) {
		t.Errorf("trace = %v, want %v", trace, want)
	}
}

// TestSplitReadModifyWrite: x += 1 split by a switch point loses updates under
// a GIL exactly when the switch interval lets a switch land between the read
// and the write. With interval 1 and two threads, each thread's read is
// followed by the other's read, so every second increment is lost.
func TestSplitReadModifyWrite(t *testing.T) {
	const n = 1000
	for _, tc := range []struct {
		interval int
		want     int
	}{
		{1, n},           // switch after every tick: half the increments lost
		{2, 2 * n},       // the switch always falls after the write
		{1 << 20, 2 * n}, // never switches: sequential
	} {
		x := 0
		Run(2, tc.interval, func(th *Thread) {
			for range n {
				v := x
				th.Tick()
				x = v + 1
				th.Tick()
			}
		})
		if x != tc.want {
			t.Errorf("interval %d: x = %d, want %d", tc.interval, x, tc.want)
		}
	}
}

func TestEdgeCounts(t *testing.T) {
	Run(0, 1, func(*Thread) { t.Error("ran a thread with n = 0") })
	var mu sync.Mutex
	ran := 0
	Run(1, 0, func(th *Thread) {
		th.Yield() // alone: returns at once
		th.Tick()
		mu.Lock()
		ran++
		mu.Unlock()
	})
	if ran != 1 {
		t.Errorf("single thread ran %d times", ran)
	}
}
