package benchrun

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestPassSeedsDiffer: every pass of a run gets a seed of its own — the
// same for the same run seed and pass — so no two passes share an order.
func TestPassSeedsDiffer(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 63} {
		seen := make(map[uint64]int)
		for p := range 1000 {
			s := PassSeed(seed, p)
			if q, ok := seen[s]; ok {
				t.Fatalf("seed %d: passes %d and %d share seed %d", seed, q, p, s)
			}
			seen[s] = p
			if s != PassSeed(seed, p) {
				t.Fatalf("PassSeed(%d, %d) is not a function of its arguments", seed, p)
			}
		}
	}
}

// TestGoVersion: the Go version of a Go binary (this test's) is the one it
// was built with, as the header's go: line must say.
func TestGoVersion(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	if got := (Binary{Path: exe}).GoVersion(); got != runtime.Version() {
		t.Errorf("GoVersion of this test binary = %q, want %q", got, runtime.Version())
	}
}

// TestRunPassWithoutCPU: with no -cpu list the binary gets no -test.cpu
// (an empty one would not parse), so it runs at its GOMAXPROCS.
func TestRunPassWithoutCPU(t *testing.T) {
	b := shFake(t, `echo "BenchmarkA 1 1 ns/op"
echo "$@" >&2
`)
	var stderr strings.Builder
	if _, err := RunPass(context.Background(), b, Options{Suite: "quick"}, 1, nil, &stderr); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), "-test.cpu") {
		t.Errorf("binary ran with -test.cpu: %s", stderr.String())
	}
}

// TestRunPassInterruptIsSIGINT: an interrupted binary gets SIGINT first and
// time to act on it (the bench binary's own cleanup, its workers'), and is
// killed only if it outstays the grace period.
func TestRunPassInterruptIsSIGINT(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to a process group")
	}
	marker := filepath.Join(t.TempDir(), "marker")
	b := shFake(t, `trap 'echo interrupted > `+marker+`; exit 3' INT
echo "BenchmarkA 1 1 ns/op"
while :; do sleep 0.05; done
`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := RunPass(ctx, b, Options{Suite: "quick"}, 1, func(string, int) { cancel() }, io.Discard)
	if err != context.Canceled {
		t.Errorf("RunPass = %v, want context.Canceled", err)
	}
	if got, err := os.ReadFile(marker); err != nil || string(got) != "interrupted\n" {
		t.Errorf("the binary's SIGINT handler did not run: %q, %v", got, err)
	}
}

// TestRunPassInterruptReachesTheGroup: SIGINT goes to every process the
// binary started (the worker processes of process.pipe), not to the
// binary alone.
func TestRunPassInterruptReachesTheGroup(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to a process group")
	}
	marker := filepath.Join(t.TempDir(), "marker")
	// The child prints the result, which starts the interrupt, only once
	// its handler is in place.
	b := shFake(t, `sh -c 'trap "echo child > `+marker+`; exit 3" INT; echo "BenchmarkA 1 1 ns/op"; while :; do sleep 0.05; done'
`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := RunPass(ctx, b, Options{Suite: "quick"}, 1, func(string, int) { cancel() }, io.Discard); err != context.Canceled {
		t.Errorf("RunPass = %v, want context.Canceled", err)
	}
	if got, err := os.ReadFile(marker); err != nil || string(got) != "child\n" {
		t.Errorf("the child's SIGINT handler did not run: %q, %v", got, err)
	}
}

// TestConfigKeysAtTheEndsOfTheAlphabet: a config key may begin with any
// lower-case letter, a and z included.
func TestConfigKeysAtTheEndsOfTheAlphabet(t *testing.T) {
	for _, line := range []string{"arch: amd64", "zone: eu-1"} {
		if !IsConfigLine(line) {
			t.Errorf("IsConfigLine(%q) = false", line)
		}
	}
}

// TestSessionStderr: the binaries' standard error reaches Session.Stderr,
// and a session without one discards it rather than failing.
func TestSessionStderr(t *testing.T) {
	b := shFake(t, `echo "BenchmarkA 1 1 ns/op"
echo "a warning from the binary" >&2
`)
	var stderr strings.Builder
	s := &Session{Sides: []*Side{{Binary: b}}, Options: Options{Suite: "quick"}, Passes: 1, Stderr: &stderr}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "a warning from the binary") {
		t.Errorf("Stderr got %q", stderr.String())
	}
	quiet := &Session{Sides: []*Side{{Binary: b}}, Options: Options{Suite: "quick"}, Passes: 1}
	if err := quiet.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestSessionNothingCompleteSaysWhy: a session that keeps nothing says why
// — the first pass's failure, or that no pass was asked for.
func TestSessionNothingCompleteSaysWhy(t *testing.T) {
	failing := shFake(t, `echo "--- FAIL: BenchmarkA"
echo "    bench_test.go:9: result 3, want 4"
exit 1
`)
	s := &Session{Sides: []*Side{{Binary: failing}}, Options: Options{Suite: "quick"}, Passes: 2}
	if err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "result 3, want 4") || !strings.HasSuffix(err.Error(), "; nothing complete to keep") {
		t.Errorf("a failing first pass: %v", err)
	}
	none := &Session{Sides: []*Side{{Binary: failing}}, Options: Options{Suite: "quick"}, Passes: 0}
	if err := none.Run(context.Background()); err == nil || err.Error() != "no pass or block completed; nothing complete to keep" {
		t.Errorf("no passes: %v", err)
	}
}

// TestPassesProgress: a passes session reports every result with its pass,
// the results so far and the total expected — from the binary's
// announcement in the first pass, from the first passes' count after.
func TestPassesProgress(t *testing.T) {
	b := shFake(t, `echo "suite-benchmarks: 2"
echo "BenchmarkA 1 1 ns/op"
echo "BenchmarkB 1 1 ns/op"
`)
	var got []Status
	s := &Session{Sides: []*Side{{Binary: b}}, Options: Options{Suite: "quick", Bench: "."}, Passes: 3,
		Progress: func(st Status) { got = append(got, st) }}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	var want []Status
	for i := range 6 {
		line := "BenchmarkA 1 1 ns/op"
		if i%2 == 1 {
			line = "BenchmarkB 1 1 ns/op"
		}
		want = append(want, Status{Stage: fmt.Sprintf("pass %d/3", i/2+1), Done: i + 1, Total: 6, Line: line})
	}
	if !slices.Equal(got, want) {
		t.Errorf("progress:\n%+v\nwant\n%+v", got, want)
	}
}

// TestPassesAlternateSides: with two builds, which one runs first is drawn
// per pass: both orders occur.
func TestPassesAlternateSides(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	s := &Session{Sides: []*Side{fakeSide(t, "base", log, 1), fakeSide(t, "head", log, 2)},
		Options: Options{Suite: "quick"}, Pairing: Passes, Passes: 20, Seed: 3}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	runs := readLog(t, log)
	if len(runs) != 40 {
		t.Fatalf("%d runs, want 40", len(runs))
	}
	firsts := make(map[string]int)
	for p := 0; p < 40; p += 2 {
		firsts[strings.Fields(runs[p])[0]]++
	}
	if firsts["base"] == 0 || firsts["head"] == 0 {
		t.Errorf("first side of each pass: %v; want both orders", firsts)
	}
}

// TestABBAProgressStages: an ABBA session's progress names the first,
// discarded pass, then each round from 1 with the benchmarks it runs; with
// no budget its total is the results so far plus the rounds after this one
// at this width (4 results a block), and the last block's equals the
// results taken: 2 rounds of 2 blocks of 4.
func TestABBAProgressStages(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	var stages []string
	var totals []int
	s := &Session{
		Sides:   []*Side{fakeSide(t, "base", log, 10), fakeSide(t, "head", log, 12)},
		Options: Options{Suite: "quick", CPU: []int{1, 2}},
		Pairing: ABBA, Passes: 2, Seed: 1,
		Progress: func(st Status) {
			if st.Done > 0 {
				totals = append(totals, st.Total)
			}
			if len(stages) == 0 || stages[len(stages)-1] != st.Stage {
				stages = append(stages, st.Stage)
			}
		},
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"first pass (base, discarded)", "round 1, 2 benchmarks", "round 2, 2 benchmarks"}
	if !slices.Equal(stages, want) {
		t.Errorf("stages %q, want %q", stages, want)
	}
	if want := []int{4 + 8, 8 + 8, 12, 16}; !slices.Equal(totals, want) {
		t.Errorf("totals %v, want %v", totals, want)
	}
}

// TestABBATotalUnknown: with neither a round limit nor a budget (the
// Settled rule ends the session) the total is unknown: 0, never a guess.
func TestABBATotalUnknown(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	var totals []int
	s := &Session{
		Sides:   []*Side{fakeSide(t, "base", log, 10), fakeSide(t, "head", log, 12)},
		Options: Options{Suite: "quick", CPU: []int{1, 2}},
		Pairing: ABBA, Seed: 1,
		Settled:  func(base, head []string, family int) bool { return true },
		Progress: func(st Status) { totals = append(totals, st.Total) },
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Blocks != 2 || slices.ContainsFunc(totals, func(n int) bool { return n != 0 }) {
		t.Errorf("%d blocks, totals %v; want 2 blocks and every total 0", s.Blocks, totals)
	}
}

// TestBenchmarksNameEndingInMinusOne: a sub-benchmark value of -1 at
// GOMAXPROCS 1 (no suffix) is part of the name, not a GOMAXPROCS of 1.
func TestBenchmarksNameEndingInMinusOne(t *testing.T) {
	bs, err := benchmarks([]string{"BenchmarkA/x=-1 5 1 ns/op"}, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	if bs[0].bench != `^BenchmarkA$/^x=-1$` || bs[0].procs != 1 {
		t.Errorf("benchmark %+v, want -test.bench ^BenchmarkA$/^x=-1$ at GOMAXPROCS 1", bs[0])
	}
}

// TestABBABlockRunsOneBenchmark: a block whose -test.bench selects more
// than its one benchmark is an error, not two samples filed as one.
func TestABBABlockRunsOneBenchmark(t *testing.T) {
	b := shFake(t, `echo "BenchmarkA/x=1 1 1 ns/op"
echo "BenchmarkA/x=10 1 1 ns/op"
`)
	s := &Session{Sides: []*Side{{Name: "base", Binary: b}, {Name: "head", Binary: b}}, Options: Options{Suite: "quick"}, Pairing: ABBA, Passes: 1}
	if err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "ran 2 benchmarks, want 1") {
		t.Errorf("Run = %v, want a block that ran 2 benchmarks refused", err)
	}
}

// shFake writes a stand-in bench binary as a shell script: these tests need
// what a script says most plainly (traps, a child that outlives its
// parent). On Windows, which has no /bin/sh, they are skipped; the
// re-executed fake (fake) covers RunPass there.
func shFake(t *testing.T, script string) Binary {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no /bin/sh")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "bench.test")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	return Binary{Path: path, Dir: dir}
}
