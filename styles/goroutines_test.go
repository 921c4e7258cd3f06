//go:build addbench_probe

package styles

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/addbench/addbench/workloads"
)

// goroutineRule says how many goroutines each style may run besides its
// caller's, with workers Workers and p programs: what Config.Workers and the
// styles' docs promise. A new style must add itself here.
var goroutineRule = map[string]func(workers, p int) int{
	"sequential.loop":       func(int, int) int { return 0 },
	"sequential.interleave": func(int, int) int { return 0 },
	"callback.eventloop":    func(int, int) int { return 0 },
	"async.executor":        func(int, int) int { return 0 },
	"coop.green":            func(_, p int) int { return p }, // an iter.Pull coroutine per program
	"coop.gil":              func(_, p int) int { return p }, // a goroutine per thread, one running
	"preempt.mutex":         func(w, _ int) int { return w },
	"preempt.channel":       func(w, _ int) int { return max(w, 2) }, // owners + senders
	"preempt.private":       func(w, _ int) int { return w },
	"preempt.goroutines":    func(_, p int) int { return p },
	"preempt.racy":          func(w, _ int) int { return w },
	"process.pipe":          func(w, _ int) int { return 3 * w }, // per worker process: a sender, a reader, os/exec's stderr copier
	"lockfree.atomic":       func(w, _ int) int { return w },
	"lockfree.cas":          func(w, _ int) int { return w },
	"lockfree.striped":      func(w, _ int) int { return w },
	"lockfree.falseshare":   func(w, _ int) int { return w },
}

// TestProbeGoroutineBudget runs every style on more programs than workers and
// counts the goroutines alive at each interaction point: a style that ran
// more than its rule allows (preempt.channel with an owner per worker as well
// as a sender, a pool sized by programs) computes the right sums and measures
// the wrong thing. Only the peak seen at interaction points is counted, so
// the check is an upper bound: it cannot fail for goroutines that have
// already finished.
func TestProbeGoroutineBudget(t *testing.T) {
	const workers, programs = 3, 12
	for _, mode := range workloads.Modes {
		w := &workloads.Workload{Name: "budget", Programs: workloads.Uniform(5, programs, 2000), Mode: mode}
		for _, s := range All() {
			rule, ok := goroutineRule[s.Name]
			if !ok {
				t.Errorf("style %s has no rule in goroutineRule", s.Name)
				continue
			}
			base := runtime.NumGoroutine()
			var mu sync.Mutex
			peak := 0
			sample := func() {
				n := runtime.NumGoroutine() - base
				mu.Lock()
				peak = max(peak, n)
				mu.Unlock()
			}
			onHandOver = func(int) { sample() }
			onPublish = func(int, int64, int) { sample() }
			_, err := s.Run(context.Background(), w, Config{Workers: workers, Quantum: 1})
			onHandOver, onPublish = nil, nil
			if err != nil {
				t.Fatal(err)
			}
			if limit := rule(workers, programs); peak > limit {
				t.Errorf("%s %s, %d workers, %d programs: %d goroutines besides the caller's, want at most %d", s.Name, mode, workers, programs, peak, limit)
			}
		}
	}
}
