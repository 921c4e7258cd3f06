package vignettes

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/addbench/addbench/styles/eventloop"
)

const (
	// starveWatchdog is how long the busy callback spins before the
	// watchdog, outside the loop, lets it give up.
	starveWatchdog = 100 * time.Millisecond
	// spinBound is how long the parent lets a spinning child spin before it
	// kills it.
	spinBound = 500 * time.Millisecond
)

func starvation() Vignette {
	return Vignette{
		Name:  "starvation",
		Title: "a busy callback starves the event loop; goroutines get rescued",
		Explain: `Two callbacks are queued on a styles/eventloop loop: the first spins until a
flag is set, the second sets the flag. The loop runs one callback at a time
to completion, so the second cannot run until the first returns, and the
first returns only because a watchdog goroutine outside the loop tells it to
give up. The same wait written with goroutines gets out of it: another core
runs the setter at once, and with one core the runtime preempts the spinner
after about 10 ms. Take both away, in a child process with GOMAXPROCS=1 and
GODEBUG=asyncpreemptoff=1, and a spin loop that calls no function can never
be interrupted: the setter never runs and the parent has to kill the child.`,
		Trial:         "repetitions of each goroutine rescue",
		DefaultTrials: 5,
		MaxTrials:     100_000,
		Run:           runStarvation,
	}
}

// A loopStarve is the outcome of starveLoop.
type loopStarve struct {
	spun          time.Duration // how long the busy callback spun
	setterInSpin  bool          // the flag was set while the busy callback spun
	setterRan     bool          // the flag was set by the time Run returned
	ran           int           // callbacks Run ran
	setterOrdinal int           // the setter was the n-th callback to run
}

// starveLoop queues a busy-waiting callback and then the callback that would
// end its wait, and runs the loop. A watchdog outside the loop bounds the
// wait.
func starveLoop(watchdog time.Duration) loopStarve {
	var res loopStarve
	var flag bool // touched only by callbacks, so only by the loop goroutine
	var expired atomic.Bool
	started := 0
	l := eventloop.New(2)
	l.Post(func() {
		started++
		timer := time.AfterFunc(watchdog, func() { expired.Store(true) })
		defer timer.Stop()
		start := time.Now()
		for !flag && !expired.Load() {
		}
		res.spun = time.Since(start)
		res.setterInSpin = flag
	})
	l.Post(func() {
		started++
		res.setterOrdinal = started
		flag = true
	})
	res.ran = l.Run()
	res.setterRan = flag
	return res
}

// goroutineRescue measures how long a goroutine spinning on an atomic flag
// waits for another goroutine, started once the spin has begun, to set it,
// with GOMAXPROCS=procs.
func goroutineRescue(procs int) time.Duration {
	var flag atomic.Bool
	var took time.Duration
	withProcs(procs, func() {
		var wg sync.WaitGroup
		spinning := make(chan struct{})
		wg.Go(func() {
			start := time.Now()
			close(spinning)
			for !flag.Load() {
			}
			took = time.Since(start)
		})
		<-spinning // with one P, this needs the spinner to be preempted
		wg.Go(func() { flag.Store(true) })
		wg.Wait()
	})
	return took
}

// A childSpinConfig is one configuration of the spin child.
type childSpinConfig struct {
	procs    int
	asyncOff bool
}

// A spinOutcome is what became of one spin child.
type spinOutcome struct {
	rescued bool
	after   time.Duration // the spin until the rescue, or until the kill
}

// spinChild runs the spin child with cfg and kills it if it is still
// spinning bound after it said it started.
func spinChild(ctx context.Context, cfg childSpinConfig, bound time.Duration) (spinOutcome, error) {
	spec := childSpec{
		role:    "spin",
		env:     []string{"GOMAXPROCS=" + strconv.Itoa(cfg.procs)},
		timeout: bound + childTimeout,
	}
	if cfg.asyncOff {
		spec.env = append(spec.env, godebug("asyncpreemptoff=1"))
	}
	var readyAt time.Time
	res, err := runChild(ctx, spec, func(c *child) error {
		readyAt = time.Now()
		t := time.NewTimer(bound)
		defer t.Stop()
		select {
		case <-c.done:
		case <-t.C:
			c.kill()
		}
		return nil
	})
	if err != nil {
		return spinOutcome{}, err
	}
	if res.killed {
		return spinOutcome{after: time.Since(readyAt)}, nil
	}
	if res.code != 0 {
		return spinOutcome{}, fmt.Errorf("child spin: %s (stderr: %q)", res.status, firstLines(res.stderr, 3))
	}
	var out childSpinResult
	if err := decodeResult(res, spec.role, &out); err != nil {
		return spinOutcome{}, err
	}
	return spinOutcome{rescued: true, after: time.Duration(out.Nanos)}, nil
}

func runStarvation(ctx context.Context, opt Options) (*Report, error) {
	v := starvation()
	trials, err := opt.trials(v)
	if err != nil {
		return nil, err
	}
	r := v.newReport(trials)
	procs := parallelism()
	t := Table{
		Caption: "a spinner waits for a flag that only someone else can set",
		Columns: []string{"SPINNER", "GOMAXPROCS", "ASYNC PREEMPT", "SETTER RAN DURING SPIN", "OUTCOME"},
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ls := starveLoop(starveWatchdog)
	r.addMetric("setter-ran-during-spin/spinner=callback", b2f(ls.setterInSpin), "bool")
	r.addMetric("spin-ns/spinner=callback", float64(ls.spun.Nanoseconds()), "ns")
	t.addRow("event-loop callback", "-", "-", yesNo(ls.setterInSpin),
		fmt.Sprintf("spun %v until the watchdog fired; the setter ran afterwards, as callback %d of %d", ls.spun.Round(time.Millisecond), ls.setterOrdinal, ls.ran))

	medians := make(map[int]time.Duration)
	for _, p := range []int{procs, 1} {
		var took []time.Duration
		for range trials {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			took = append(took, goroutineRescue(p))
		}
		slices.Sort(took)
		med := took[len(took)/2]
		medians[p] = med
		r.addMetric(fmt.Sprintf("rescue-ns/spinner=goroutine/procs=%d", p), float64(med.Nanoseconds()), "ns")
		by := "another P runs the setter"
		if p == 1 {
			by = "async preemption lets the setter run"
		}
		t.addRow("goroutine, atomic flag", p, "on", "yes",
			fmt.Sprintf("rescued after %v (median of %d, max %v): %s", round(med), trials, round(took[len(took)-1]), by))
	}

	killed := "unavailable"
	for _, cfg := range []childSpinConfig{{1, true}, {1, false}, {procs, true}} {
		async := "on"
		if cfg.asyncOff {
			async = "off"
		}
		if raceEnabled {
			t.addRow("child, plain flag", cfg.procs, async, "-", unavailable)
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out, err := spinChild(ctx, cfg, spinBound)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("rescued/spinner=child/procs=%d/asyncpreempt=%s", cfg.procs, async)
		r.addMetric(name, b2f(out.rescued), "bool")
		if out.rescued {
			t.addRow("child, plain flag", cfg.procs, async, "yes", fmt.Sprintf("rescued after %v", round(out.after)))
			continue
		}
		t.addRow("child, plain flag", cfg.procs, async, "no", fmt.Sprintf("still spinning after %v, killed", out.after.Round(time.Millisecond)))
		if cfg.procs == 1 && cfg.asyncOff {
			killed = fmt.Sprintf("still spinning after %v and was killed", out.after.Round(time.Millisecond))
		}
	}
	r.Tables = []Table{t}
	r.Headline = fmt.Sprintf("the queued setter never ran while the callback spun (%v, until the watchdog); goroutines were rescued after %v with %d Ps and %v with 1; with 1 P and no async preemption the child was %s.",
		ls.spun.Round(time.Millisecond), round(medians[procs]), procs, round(medians[1]), killed)
	r.Notes = []string{
		"The event loop cannot preempt a callback: only returning gives the loop back. A callback that waits must post itself again instead of spinning.",
		"Go's scheduler preempts a goroutine that has run for 10 ms by signalling its thread (asynchronous preemption, since Go 1.14). Without it, a goroutine stops only at function calls and channel or lock operations, and a loop with none of those runs until it ends.",
	}
	return r, nil
}

// childSpinResult is what the spin child reports when rescued.
type childSpinResult struct {
	Nanos int64 `json:"ns"`
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// round rounds d to three significant figures, for display.
func round(d time.Duration) time.Duration {
	for unit := time.Nanosecond; unit < time.Second; unit *= 10 {
		if d < 1000*unit {
			return d.Round(unit)
		}
	}
	return d.Round(time.Millisecond)
}
