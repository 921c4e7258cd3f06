package vignettes

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// litmusBatch is how many trials share one start of the two sides: the
// coordinator resets a batch of fresh cells, both sides run through it trial
// by trial, and the coordinator tallies it.
const litmusBatch = 1024

func litmus() Vignette {
	return Vignette{
		Name:  "litmus",
		Title: "memory-model litmus tests: store buffering and message passing",
		Explain: `Two goroutines, started together over and over (a shared counter lines them
up before every trial, and the same two goroutines run every trial), each
perform two memory operations on fresh variables, and the pair of values
they read is tallied. Store buffering: one writes x=1 then reads y, the other
writes y=1 then reads x. Message passing: one writes data=1 then flag=1, the
other reads flag then data. Every interleaving of the four operations gives
one of the outcomes marked acceptable; an outcome marked interesting is one
no interleaving gives, and it can still happen to plain variables because
CPUs buffer stores and compilers reorder independent operations. Go's
sync/atomic operations are sequentially consistent, so with them those
outcomes are forbidden and must never appear.`,
		Trial:         "runs of each test",
		DefaultTrials: 1_000_000,
		MaxTrials:     1_000_000_000,
		Run:           runLitmus,
	}
}

// A label classifies a litmus outcome.
type label string

const (
	acceptable  label = "acceptable"  // some interleaving gives it
	interesting label = "interesting" // no interleaving gives it; plain variables may
	forbidden   label = "forbidden"   // the memory model rules it out
)

// A litmusTest is one test in one variant: the two sides, run on fresh
// cells, and the label of each outcome.
type litmusTest struct {
	name    string // "SB" or "MP"
	ops     string // the two sides, for the table
	variant string // "plain" or "atomic"
	// labels[r1*2+r2] labels the outcome (r1, r2).
	labels [4]label
	// newBody returns the state of one batch: reset clears n cells, a and b
	// are the two sides of trial i, result reads trial i's outcome.
	newBody func(batch int) litmusBody
	racy    bool
}

// A litmusBody is the state and the sides of one litmus test.
type litmusBody struct {
	reset  func(n int)
	a, b   func(i int)
	result func(i int) (r1, r2 int64)
}

// A litmusCell holds one trial's two shared variables, each on its own
// cache line, so that they are fresh and cold when the trial starts.
type litmusCell struct {
	x int64
	_ [cacheLine - 8]byte
	y int64
	_ [cacheLine - 8]byte
}

// An atomicCell is a litmusCell of atomics.
type atomicCell struct {
	x atomic.Int64
	_ [cacheLine - 8]byte
	y atomic.Int64
	_ [cacheLine - 8]byte
}

// cacheLine is a common cache line size, enough to keep neighbours apart.
const cacheLine = 64

var (
	sbLabels = func(weak label) [4]label { return [4]label{weak, acceptable, acceptable, acceptable} }
	mpLabels = func(weak label) [4]label { return [4]label{acceptable, acceptable, weak, acceptable} }
)

const (
	sbOps = "x=1; r1=y  ‖  y=1; r2=x"
	mpOps = "x=1; y=1  ‖  r1=y; r2=x"
)

// litmusTests returns the tests in the order they are run.
func litmusTests() []litmusTest {
	return []litmusTest{
		{name: "SB", ops: sbOps, variant: "plain", labels: sbLabels(interesting), newBody: sbPlain, racy: true},
		{name: "SB", ops: sbOps, variant: "atomic", labels: sbLabels(forbidden), newBody: sbAtomic},
		{name: "MP", ops: mpOps, variant: "plain", labels: mpLabels(interesting), newBody: mpPlain, racy: true},
		{name: "MP", ops: mpOps, variant: "atomic", labels: mpLabels(forbidden), newBody: mpAtomic},
	}
}

// sbAtomic is store buffering with sequentially consistent atomics.
func sbAtomic(batch int) litmusBody {
	cells := make([]atomicCell, batch)
	r1, r2 := make([]int64, batch), make([]int64, batch)
	return litmusBody{
		reset: func(n int) {
			for i := range n {
				cells[i].x.Store(0)
				cells[i].y.Store(0)
			}
		},
		a: func(i int) {
			cells[i].x.Store(1)
			r1[i] = cells[i].y.Load()
		},
		b: func(i int) {
			cells[i].y.Store(1)
			r2[i] = cells[i].x.Load()
		},
		result: func(i int) (int64, int64) { return r1[i], r2[i] },
	}
}

// mpAtomic is message passing with sequentially consistent atomics: x is the
// data, y the flag.
func mpAtomic(batch int) litmusBody {
	cells := make([]atomicCell, batch)
	r1, r2 := make([]int64, batch), make([]int64, batch)
	return litmusBody{
		reset: func(n int) {
			for i := range n {
				cells[i].x.Store(0)
				cells[i].y.Store(0)
			}
		},
		a: func(i int) {
			cells[i].x.Store(1)
			cells[i].y.Store(1)
		},
		b: func(i int) {
			r1[i] = cells[i].y.Load()
			r2[i] = cells[i].x.Load()
		},
		result: func(i int) (int64, int64) { return r1[i], r2[i] },
	}
}

// runTrials runs trials trials of the test with body and returns how often
// each outcome (r1, r2) appeared, indexed r1*2+r2. The two sides are two
// goroutines that live for the whole run; before every trial both increment
// a shared counter and spin until the other has too, so that they start the
// trial within a cache miss of each other.
func runTrials(ctx context.Context, trials int, body litmusBody) ([4]int64, error) {
	var hist [4]int64
	var arrived atomic.Int64
	startA, startB := make(chan int), make(chan int)
	done := make(chan struct{}, 2)
	side := func(start <-chan int, op func(int)) {
		trial := int64(0)
		for n := range start {
			for i := range n {
				trial++
				arrived.Add(1)
				for spins := 0; arrived.Load() < 2*trial; spins++ {
					if spins > 1000 {
						runtime.Gosched() // the other side may not be running at all
					}
				}
				op(i)
			}
			done <- struct{}{}
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { side(startA, body.a) })
	wg.Go(func() { side(startB, body.b) })
	defer wg.Wait()
	defer close(startB)
	defer close(startA)

	for left := trials; left > 0; {
		if err := ctx.Err(); err != nil {
			return hist, err
		}
		n := min(left, litmusBatch)
		body.reset(n)
		startA <- n
		startB <- n
		<-done
		<-done
		for i := range n {
			r1, r2 := body.result(i)
			hist[outcomeIndex(r1, r2)]++
		}
		left -= n
	}
	return hist, nil
}

// outcomeIndex maps an outcome to its histogram slot; values other than 0
// and 1 cannot occur, and would be clamped into slot 3.
func outcomeIndex(r1, r2 int64) int { return int(min(r1, 1)*2 + min(r2, 1)) }

func runLitmus(ctx context.Context, opt Options) (*Report, error) {
	v := litmus()
	trials, err := opt.trials(v)
	if err != nil {
		return nil, err
	}
	r := v.newReport(trials)
	t := Table{
		Caption: fmt.Sprintf("%d runs of each test at GOMAXPROCS=%d", trials, runtime.GOMAXPROCS(0)),
		Columns: []string{"TEST", "OPERATIONS", "VARIANT", "OUTCOME (r1,r2)", "COUNT", "FRACTION", "LABEL"},
	}
	weak := make(map[string]int64)
	for _, lt := range litmusTests() {
		if lt.racy && raceEnabled {
			t.addRow(lt.name, lt.ops, lt.variant, "-", unavailable, "-", "-")
			continue
		}
		hist, err := runTrials(ctx, trials, lt.newBody(litmusBatch))
		if err != nil {
			return nil, err
		}
		for i, count := range hist {
			r1, r2 := i/2, i%2
			t.addRow(lt.name, lt.ops, lt.variant, fmt.Sprintf("(%d,%d)", r1, r2), count,
				fmt.Sprintf("%.5f", float64(count)/float64(trials)), lt.labels[i])
			if lt.labels[i] != acceptable {
				key := lt.name + "/" + lt.variant
				weak[key] = count
				r.addMetric(fmt.Sprintf("%s-frac/test=%s/variant=%s", lt.labels[i], lt.name, lt.variant), float64(count)/float64(trials), "fraction")
			}
		}
	}
	r.Tables = []Table{t}
	plain := func(test string) string {
		if raceEnabled {
			return "unavailable (race build)"
		}
		return fmt.Sprintf("%d times in %d", weak[test+"/plain"], trials)
	}
	r.Headline = fmt.Sprintf("store buffering's r1=r2=0 showed %s with plain variables and %d times with atomics; message passing's reordering showed %s with plain variables and %d times with atomics.",
		plain("SB"), weak["SB/atomic"], plain("MP"), weak["MP/atomic"])
	r.Notes = []string{
		"x86 CPUs keep stores in order and loads in order (TSO) but let a load overtake an earlier store to another address, which is what store buffering shows. So on amd64 the message-passing reordering can come only from the compiler; arm64 and other weakly ordered CPUs may show both.",
		"An interesting outcome that did not show here is not ruled out: these are samples, not proofs. A forbidden outcome showing even once would be a bug in the atomics or in this test.",
		"The plain variants are data races; race builds leave them out.",
	}
	return r, nil
}
