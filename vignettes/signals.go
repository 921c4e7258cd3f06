package vignettes

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"time"
)

// sigQuanta are the quanta tried: adds between two looks at the signal
// channel.
var sigQuanta = []int{1, 1_000, 1_000_000, 100_000_000}

const (
	// The parent lets the child's loop run for sigSettle plus a random part
	// of sigJitter before it sends the signal, so that the signal lands at a
	// random point of a quantum.
	sigSettle = 20 * time.Millisecond
	sigJitter = 50 * time.Millisecond
	// sigPatience bounds how long the signals child waits for its signal.
	sigPatience = 10 * time.Second
)

func signals() Vignette {
	return Vignette{
		Name:  "signals",
		Title: "SIGINT as a message, read where the program chooses",
		Explain: `Go does not run handler code at an arbitrary instruction when a signal
arrives. The runtime catches the signal, records it, and os/signal delivers it
as a value on a channel, which the program reads when it decides to, the way
an event loop takes the next event. A child process moves units from one
counter to another, two statements that break the invariant a+b = 0 in
between, and looks at its signal channel once every Q moves. The parent
sends it SIGINT and the child reports how long the signal waited, whether
the invariant held where it was handled, and whether its deferred cleanup
ran. A larger quantum costs nothing in safety, only in how quickly the
program answers.`,
		Trial:         "signals per quantum",
		DefaultTrials: 5,
		MaxTrials:     100_000,
		Run:           runSignals,
	}
}

// A sigResult is what the signals child reports.
type sigResult struct {
	Quantum   int   `json:"quantum"`
	Handled   int64 `json:"handled_unix_ns"` // when the loop saw the signal
	Moves     int64 `json:"moves"`           // units moved before that
	LoopNanos int64 `json:"loop_ns"`         // how long the loop ran
	Invariant bool  `json:"invariant"`       // a+b == 0 where the signal was handled
	Cleanup   bool  `json:"cleanup"`         // the deferred cleanup ran
}

// A sigRun is one signal sent to one child.
type sigRun struct {
	sigResult
	delay time.Duration // from the parent sending SIGINT to the child handling it
}

// signalChild starts the signals child with quantum q, sends it SIGINT once
// it is running, and returns its report.
func signalChild(ctx context.Context, q int) (sigRun, error) {
	spec := childSpec{role: "signals", args: []string{strconv.Itoa(q)}, timeout: sigPatience + childTimeout}
	var sent time.Time
	res, err := runChild(ctx, spec, func(c *child) error {
		t := time.NewTimer(sigSettle + rand.N(sigJitter))
		defer t.Stop()
		select {
		case <-c.done:
			return nil
		case <-t.C:
		}
		sent = time.Now()
		return c.signal(os.Interrupt)
	})
	if err != nil {
		return sigRun{}, err
	}
	if res.code != 0 {
		return sigRun{}, fmt.Errorf("child signals: %s (stderr: %q)", res.status, firstLines(res.stderr, 3))
	}
	var out sigResult
	if err := decodeResult(res, spec.role, &out); err != nil {
		return sigRun{}, err
	}
	// Wall clocks, not monotonic ones: the two readings come from two
	// processes, and the wall clock is the one they share.
	return sigRun{sigResult: out, delay: time.Unix(0, out.Handled).Sub(sent.Round(0))}, nil
}

// childSignals is the signals child: its argument is the quantum.
func childSignals(args []string) int {
	nums, err := atois(args, 1)
	if err != nil {
		return childUsage("signals", err)
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	defer signal.Stop(ch)
	if _, err := os.Stdout.WriteString(readyLine + "\n"); err != nil {
		return 1
	}
	// If no signal comes (the parent died), give up rather than spin on.
	giveUp := time.AfterFunc(sigPatience, func() {
		fmt.Fprintf(os.Stderr, "vignettes: child signals: no signal after %v\n", sigPatience)
		os.Exit(1)
	})
	defer giveUp.Stop()
	return writeResult(moveUntilSignalled(nums[0], ch))
}

// moveUntilSignalled moves units from b to a, looking at sig every q moves,
// until a signal arrives.
func moveUntilSignalled(q int, sig <-chan os.Signal) (res sigResult) {
	res.Quantum = q
	// The cleanup a KeyboardInterrupt-style exception could skip; here it
	// always runs, because nothing interrupts the function.
	defer func() { res.Cleanup = true }()
	var a, b int64
	start := time.Now()
	for {
		for range q {
			a++
			b-- // between these two statements a+b = 1
		}
		res.Moves += int64(q)
		select {
		case <-sig:
			now := time.Now()
			res.Handled = now.UnixNano()
			res.LoopNanos = now.Sub(start).Nanoseconds()
			res.Invariant = a+b == 0
			return res
		default:
		}
	}
}

func runSignals(ctx context.Context, opt Options) (*Report, error) {
	v := signals()
	trials, err := opt.trials(v)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := signalsSupported(); err != nil {
		return nil, err
	}
	r := v.newReport(trials)
	t := Table{
		Caption: fmt.Sprintf("a child looks at its signal channel every Q moves; %d SIGINTs per quantum", trials),
		Columns: []string{"QUANTUM", "NS/MOVE", "HALF A QUANTUM", "MEDIAN DELAY", "MAX DELAY", "INVARIANT HELD", "CLEANUP RAN"},
	}
	var lo, hi time.Duration
	for i, q := range sigQuanta {
		var delays []time.Duration
		var nsPerMove float64
		invariant, cleanup := 0, 0
		for range trials {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			run, err := signalChild(ctx, q)
			if err != nil {
				return nil, err
			}
			delays = append(delays, run.delay)
			if run.Moves > 0 {
				nsPerMove = float64(run.LoopNanos) / float64(run.Moves)
			}
			if run.Invariant {
				invariant++
			}
			if run.Cleanup {
				cleanup++
			}
		}
		slices.Sort(delays)
		med := delays[len(delays)/2]
		r.addMetric(fmt.Sprintf("delay-ns/quantum=%d", q), float64(med.Nanoseconds()), "ns")
		r.addMetric(fmt.Sprintf("invariant-held/quantum=%d", q), float64(invariant)/float64(trials), "fraction")
		r.addMetric(fmt.Sprintf("cleanup-ran/quantum=%d", q), float64(cleanup)/float64(trials), "fraction")
		half := time.Duration(nsPerMove * float64(q) / 2)
		t.addRow(q, fmt.Sprintf("%.2f", nsPerMove), round(half), round(med), round(delays[len(delays)-1]),
			fmt.Sprintf("%d/%d", invariant, trials), fmt.Sprintf("%d/%d", cleanup, trials))
		if i == 0 {
			lo = med
		}
		hi = med
	}
	r.Tables = []Table{t}
	r.Headline = fmt.Sprintf("SIGINT was handled a median %v after it was sent when the child looked every move and %v when it looked every %d moves; the invariant and the cleanup held every time.",
		round(lo), round(hi), sigQuanta[len(sigQuanta)-1])
	r.Notes = []string{
		"The delay is measured between two processes with the wall clock they share. With Q = 1 it is the cost of delivery itself: the kernel, the runtime's handler, and the os/signal goroutine that forwards the signal to the channel. A signal landing at a random moment then waits on average half a quantum more, until the next look.",
		"The handling point is chosen by the program, so the invariant can only be seen intact; compare a Python KeyboardInterrupt, which can be raised between any two bytecodes, even inside a finally block.",
	}
	return r, nil
}
