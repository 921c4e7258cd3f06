package vignettes

import (
	"context"
	"fmt"

	"github.com/addbench/addbench/styles/gil"
)

// siThreads is how many GIL threads increment the shared counter.
const siThreads = 4

// siIntervals are the switch intervals tried, in ticks, largest first.
var siIntervals = []int{4096, 1024, 256, 64, 16, 4, 1}

func switchInterval() Vignette {
	return Vignette{
		Name:  "switchinterval",
		Title: "a GIL still loses x += 1 when a switch lands inside it",
		Explain: `Four threads of styles/gil, goroutines that pass one baton so that only
one runs at a time, each increment a shared counter with a read, a switch
point, a write and another switch point, plus a third switch point for the
loop's jump: the shape of x += 1 in an interpreter that may change threads
between bytecodes. The switch interval is how many switch points a thread
passes before it must hand the baton on, the counterpart of Python's
sys.setswitchinterval. While a thread's whole loop fits in one interval
nothing can go wrong; once the interval is shorter, some hand-overs fall
between a read and its write, and the thread later writes back a stale value
over everything the others did meanwhile. The baton is a happens-before edge,
so the race detector is silent: the program is free of data races and still
wrong.`,
		Trial:         "increments per thread",
		DefaultTrials: 1000,
		MaxTrials:     1_000_000,
		Run:           runSwitchInterval,
	}
}

// An siResult is the outcome of one run of gilIncrements.
type siResult struct {
	got      int64 // the counter's final value
	switches int   // hand-overs that let another thread run
	torn     int   // hand-overs between a read and its write
}

// gilIncrements runs threads GIL threads that each increment one counter n
// times, with the given switch interval. Everything it shares is guarded by
// the baton, so it is race-detector clean.
func gilIncrements(threads, n, interval int) siResult {
	var r siResult
	last := -1 // the thread that ran most recently
	gil.Run(threads, interval, func(t *gil.Thread) {
		me := t.ID()
		last = me
		// tick is a switch point; it reports whether another thread ran.
		tick := func() bool {
			t.Tick()
			switched := last != me
			if switched {
				r.switches++
			}
			last = me
			return switched
		}
		for range n {
			v := r.got
			if tick() {
				r.torn++
			}
			r.got = v + 1
			tick()
			// Three switch points per iteration: with only two, every even
			// interval would put each hand-over after the write.
			tick()
		}
	})
	return r
}

func runSwitchInterval(ctx context.Context, opt Options) (*Report, error) {
	v := switchInterval()
	n, err := opt.trials(v)
	if err != nil {
		return nil, err
	}
	r := v.newReport(n)
	want := int64(siThreads) * int64(n)
	t := Table{
		Caption: fmt.Sprintf("%d GIL threads × %d increments, 3 switch points per increment", siThreads, n),
		Columns: []string{"INTERVAL", "SWITCHES", "TORN", "EXPECTED", "OBSERVED", "LOST", "LOST %"},
	}
	var first, last float64
	for i, interval := range siIntervals {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res := gilIncrements(siThreads, n, interval)
		lost := want - res.got
		frac := float64(lost) / float64(want)
		r.addMetric(fmt.Sprintf("lost-frac/interval=%d", interval), frac, "fraction")
		t.addRow(interval, res.switches, res.torn, want, res.got, lost, fmt.Sprintf("%.2f", 100*frac))
		if i == 0 {
			first = frac
		}
		last = frac
	}
	r.Tables = []Table{t}
	r.Headline = fmt.Sprintf("with the same code and no data race, %.1f%% of the increments were lost at switch interval %d and %.1f%% at interval %d.",
		100*first, siIntervals[0], 100*last, siIntervals[len(siIntervals)-1])
	r.Notes = []string{
		"SWITCHES counts hand-overs after which another thread ran; TORN counts those that fell between a read and its write. Each torn hand-over costs the increments the other threads made while it waited.",
		fmt.Sprintf("A thread passes %d switch points in all; an interval at least that long lets it finish without handing over, which is why long switch intervals hide the race.", 3*n),
		"The baton hands over round-robin after a fixed count of ticks, so the schedule, and every number here, is the same on every machine. At interval 1 the threads read in turn and then write in turn, so each round of four increments leaves one.",
	}
	return r, nil
}
