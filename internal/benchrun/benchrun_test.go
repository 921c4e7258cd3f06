package benchrun

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRunPassKeepsConfigAndResults(t *testing.T) {
	b := fake(t, fakeSpec{Stdout: []string{
		"-test.shuffle 5",
		"suite: quick",
		"suite-benchmarks: 2",
		"goos: linux",
		"BenchmarkA-2   	     100	        12.5 ns/op",
		"some log line",
		"BenchmarkB/x=1-2 	 10 	 3 ns/op 	 1.5 ns/add",
		"PASS",
	}, EchoArgs: true}) // the arguments it was given, on stderr, for the test to read
	var stderr strings.Builder
	var totals []int
	p, err := RunPass(context.Background(), b, Options{Suite: "quick", CPU: []int{1, 2}, Benchtime: "1x"}, 7,
		func(line string, total int) { totals = append(totals, total) }, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"pin: none", "suite: quick", "suite-benchmarks: 2", "goos: linux",
		"BenchmarkA-2   	     100	        12.5 ns/op", "BenchmarkB/x=1-2 	 10 	 3 ns/op 	 1.5 ns/add"}
	if strings.Join(p.Lines, "\n") != strings.Join(want, "\n") || p.Results != 2 {
		t.Errorf("lines %q, %d results; want %q, 2", p.Lines, p.Results, want)
	}
	// Announced 2 per GOMAXPROCS value, 2 values.
	if len(totals) != 2 || totals[1] != 4 {
		t.Errorf("progress totals %v, want 4 by the second result", totals)
	}
	args := stderr.String()
	for _, a := range []string{"-test.count 1", "-test.shuffle 7", "-order=7", "-suite=quick", "-test.cpu 1,2", "-test.benchtime 1x", "-test.bench ."} {
		if !strings.Contains(args, a) {
			t.Errorf("binary ran without %q: %s", a, args)
		}
	}
}

// TestRunPassReps: with Reps the binary runs each benchmark that many times
// (-test.count) and the pass keeps, per benchmark and GOMAXPROCS, the
// fastest run by ns/op in the place of the first, with the rest of its line;
// a skip the binary records once per run is kept once.
// TestRunPassReps: with Reps 3 a pass is three runs of the binary, each
// over every benchmark once in an order of its own (the first in the
// pass's), and keeps each benchmark's fastest run in the place of its
// first, with the first run's config lines and each skip once.
func TestRunPassReps(t *testing.T) {
	const skip = "skipped: BenchmarkC-2: over RunCap"
	b := fake(t, fakeSpec{Runs: []fakeRun{
		{Stdout: []string{
			"suite-benchmarks: 2",
			"BenchmarkA 	 100 	 13 ns/op 	 9 cpu-ns/op",
			"BenchmarkA-2 	 100 	 20 ns/op",
			skip, "skipped: ",
			"BenchmarkB/x=1 	 10 	 5 ns/op",
			"PASS",
		}},
		{Stdout: []string{
			"suite-benchmarks: 2",
			"cpu: another",
			"BenchmarkB/x=1 	 10 	 6 ns/op",
			skip, "skipped: ",
			"BenchmarkA-2 	 100 	 22 ns/op",
			"BenchmarkA 	 100 	 12 ns/op 	 8 cpu-ns/op",
			"PASS",
		}},
		{Stdout: []string{
			"suite-benchmarks: 2",
			"BenchmarkA-2 	 100 	 21 ns/op",
			"BenchmarkB/x=1 	 10 	 3 ns/op",
			skip, "skipped: ",
			"BenchmarkA 	 100 	 14 ns/op 	 7 cpu-ns/op",
			"PASS",
		}},
	}, EchoArgs: true})
	var stderr strings.Builder
	var totals []int
	p, err := RunPass(context.Background(), b, Options{Suite: "quick", CPU: []int{1, 2}, Benchtime: "1x", Reps: 3}, 7,
		func(line string, total int) { totals = append(totals, total) }, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"pin: none", "suite-benchmarks: 2",
		"BenchmarkA 	 100 	 12 ns/op 	 8 cpu-ns/op", "BenchmarkA-2 	 100 	 20 ns/op",
		skip, "skipped: ",
		"BenchmarkB/x=1 	 10 	 3 ns/op",
		"skipped: ", "skipped: "}
	if !slices.Equal(p.Lines, want) || p.Results != 3 {
		t.Errorf("lines\n%q, %d results; want\n%q, 3", p.Lines, p.Results, want)
	}
	// Every run is progress: 2 benchmarks × 2 GOMAXPROCS × 3 runs.
	if len(totals) != 9 || totals[8] != 12 {
		t.Errorf("progress totals %v, want 9 calls announcing 12", totals)
	}
	runs := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	seeds := map[string]bool{}
	for _, args := range runs {
		f := strings.Fields(args)
		if !strings.Contains(args, "-test.count 1 ") || !slices.Contains(f, "-test.shuffle") {
			t.Errorf("a run's arguments: %s; want -test.count 1 and -test.shuffle", args)
			continue
		}
		seeds[f[slices.Index(f, "-test.shuffle")+1]] = true
	}
	if len(runs) != 3 || len(seeds) != 3 || !strings.Contains(runs[0], "-test.shuffle 7 ") {
		t.Errorf("runs %q: want 3, with 3 orders, the first the pass's (7)", runs)
	}
}

// TestRunPassRepFails: a failed run of a pass fails the pass, naming the run.
func TestRunPassRepFails(t *testing.T) {
	b := fake(t, fakeSpec{Runs: []fakeRun{
		{Stdout: []string{"BenchmarkA 1 1 ns/op"}},
		{Stdout: []string{"--- FAIL: BenchmarkA", "    bench_test.go:9: result 3, want 4"}, Exit: 1},
	}})
	_, err := RunPass(context.Background(), b, Options{Suite: "quick", Reps: 3}, 1, nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "run 2 of 3") || !strings.Contains(err.Error(), "result 3, want 4") {
		t.Errorf("RunPass = %v, want run 2's failure, named", err)
	}
}

func TestRunPassFailure(t *testing.T) {
	b := fake(t, fakeSpec{Stdout: []string{
		"BenchmarkA 1 1 ns/op",
		"--- FAIL: BenchmarkB",
		"    bench_test.go:9: result 3, want 4",
	}, Exit: 1})
	_, err := RunPass(context.Background(), b, Options{Suite: "quick"}, 1, nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "after 1 results") || !strings.Contains(err.Error(), "result 3, want 4") {
		t.Errorf("RunPass = %v, want the failure with the test's message", err)
	}
	empty := fake(t, fakeSpec{Stdout: []string{"PASS"}})
	if _, err := RunPass(context.Background(), empty, Options{Suite: "quick", Bench: "nothing"}, 1, nil, io.Discard); err == nil || !strings.Contains(err.Error(), "ran no benchmark") {
		t.Errorf("RunPass of nothing = %v", err)
	}
}

// TestRunPassInterrupt: a cancelled context stops the binary and everything
// it started (its process group) — here a child that ignores the interrupt
// and holds the output open for 30 s — and RunPass says it was interrupted.
func TestRunPassInterrupt(t *testing.T) {
	b := fake(t, fakeSpec{Stdout: []string{"BenchmarkA 1 1 ns/op"}, Hang: true})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	// Cancelled at the first result, when the holder is known to run.
	p, err := RunPass(ctx, b, Options{Suite: "quick"}, 1, func(string, int) { cancel() }, io.Discard)
	if err != context.Canceled || p.Results != 1 {
		t.Errorf("RunPass = %d results, %v; want 1 and context.Canceled", p.Results, err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("interrupt took %v: the process group was not signalled", d)
	}
}

func TestLineKinds(t *testing.T) {
	for line, want := range map[string][2]bool{
		"BenchmarkA 1 2 ns/op":           {true, false},
		"BenchmarkA-2 \t 100 \t 3 ns/op": {true, false},
		"BenchmarkA 1":                   {false, false},
		"BenchmarkA x 2 ns/op":           {false, false},
		"goos: linux":                    {false, true},
		"suite-benchmarks: 58":           {false, true},
		"Goos: linux":                    {false, false},
		"two words: no":                  {false, false},
		"-test.shuffle 5":                {false, false},
	} {
		if got := [2]bool{IsResultLine(line), IsConfigLine(line)}; got != want {
			t.Errorf("%q: result, config = %v, want %v", line, got, want)
		}
	}
}
