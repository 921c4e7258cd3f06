package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/addbench/addbench/bench"
	"github.com/addbench/addbench/internal/benchrun"
	"github.com/addbench/addbench/workloads"
)

func quickOptions(t *testing.T) benchOptions {
	t.Helper()
	suite, err := workloads.LookupSuite("quick")
	if err != nil {
		t.Fatal(err)
	}
	return benchOptions{
		run:    benchrun.Options{Suite: suite.Name, CPU: []int{1}, Benchtime: "1x"},
		passes: 2, seed: 42,
		out: filepath.Join(t.TempDir(), "run.txt"), pkg: "../../bench"}
}

// resultLines returns the benchmark result lines and config keys of a file.
func readRun(t *testing.T, path string) (results []string, config map[string]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	config = map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		if benchrun.IsResultLine(l) {
			results = append(results, l)
		} else if k, v, ok := strings.Cut(l, ": "); ok {
			config[k] = v
		}
	}
	return results, config
}

func TestBenchWritesEveryResultAndTheFingerprint(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	o := quickOptions(t)
	o.run.Reps = 2 // each pass's sample the fastest of two runs
	var progress bytes.Buffer
	if err := runBench(context.Background(), o, &progress); err != nil {
		t.Fatalf("runBench: %v\n%s", err, progress.String())
	}
	results, config := readRun(t, o.out)
	if config["reps"] != "2" {
		t.Errorf("reps config line %q, want 2", config["reps"])
	}
	// The bench binary says how many benchmarks a pass holds in its build
	// (without -race: preempt.racy included, unlike this test binary).
	suite, _ := workloads.LookupSuite("quick")
	announced, _ := strconv.Atoi(config["suite-benchmarks"])
	if len(results) != 2*announced || announced < bench.Count(suite) {
		t.Errorf("%d results, %d announced per pass; want 2 passes of all announced, and at least this build's %d", len(results), announced, bench.Count(suite))
	}
	// Each pass holds every benchmark once, and the two passes ran them
	// in different orders.
	first, second := results[:announced], results[announced:]
	names := func(rs []string) []string {
		var ns []string
		for _, r := range rs {
			ns = append(ns, strings.Fields(r)[0])
		}
		return ns
	}
	a, b := names(first), names(second)
	if slices.Equal(a, b) {
		t.Errorf("both passes ran in the same order")
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) || len(slices.Compact(slices.Clone(a))) != len(a) {
		t.Errorf("passes differ in the benchmarks they ran, or ran one twice")
	}
	for _, key := range []string{"machine", "cpus", "go", "commit", "suite", "date", "goos", "goarch", "cpu", "passes", "seed"} {
		if config[key] == "" {
			t.Errorf("config line %q missing", key)
		}
	}
	if config["suite"] != "quick" || config["partial"] != "" {
		t.Errorf("suite = %q, partial = %q; want quick and no partial mark", config["suite"], config["partial"])
	}
	// Progress counts every run: two per sample.
	if !strings.Contains(progress.String(), "/"+itoa(2*len(results))+"]") {
		t.Errorf("progress never reported the total of %d runs: %q", 2*len(results), progress.String())
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestBenchInterruptKeepsCompletedResults cancels the run as the third result
// arrives, as Ctrl-C would: the file keeps what finished and says partial.
func TestBenchInterruptKeepsCompletedResults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	o := quickOptions(t)
	o.run.Benchtime = "20ms"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Stop halfway through the second pass. (This test binary's
	// bench.Count may be a style short of the bench binary's: a -race
	// build leaves preempt.racy out, the bench binary does not.)
	o.onResult = func(done int) {
		if done == bench.Count(mustSuite(t, "quick"))*3/2 {
			cancel()
		}
	}
	err := runBench(ctx, o, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("runBench = %v, want an interrupted error", err)
	}
	results, config := readRun(t, o.out)
	if all, _ := strconv.Atoi(config["suite-benchmarks"]); len(results) != all {
		t.Errorf("%d results kept, want the first pass whole (%d) and nothing of the second", len(results), all)
	}
	if config["partial"] != "true" {
		t.Errorf("partial = %q, want true", config["partial"])
	}
}

func mustSuite(t *testing.T, name string) workloads.Suite {
	t.Helper()
	s, err := workloads.LookupSuite(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBenchFlagErrors(t *testing.T) {
	existing := filepath.Join(t.TempDir(), "old.txt")
	os.WriteFile(existing, []byte("keep me"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-suite", "huge"}, `unknown suite "huge"`},
		{[]string{"-passes", "0"}, "-passes must be between 1 and 1000"},
		{[]string{"-passes", "9223372036854775807"}, "-passes must be between 1 and 1000"},
		{[]string{"-cpu", "99999999999"}, "positive integers"},
		{[]string{"-pkg", "../../bench", "-o", "/proc/no/such/dir/run.txt"}, "cannot write results"},
		{[]string{"-cpu", "1,x"}, "positive integers"},
		{[]string{"-cpu", "0"}, "positive integers"},
		{[]string{"-benchtime", "fast"}, `-benchtime "fast"`},
		{[]string{"-reps", "-1"}, "-reps must be between 1 and 100"},
		{[]string{"-reps", "101"}, "-reps must be between 1 and 100"},
		{[]string{"-o", existing}, "exists; use -force"},
		{[]string{"-pkg", "no/such/dir"}, "repository root"},
		{[]string{"extra"}, "takes no arguments"},
	} {
		var out, errb bytes.Buffer
		err := run(&out, &errb, append([]string{"bench"}, tc.args...))
		if code := exitCode(err); code != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("bench %v: exit %d, error %v; want 2 and %q", tc.args, code, err, tc.want)
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Error("an existing result file was overwritten")
	}
}

func TestRepBenchtime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		reps int
		want string
	}{
		{"200ms", 3, "66.666666ms"},
		{"30ms", 2, "15ms"},
		{"1s", 1, "1s"},
		{"100x", 3, "34x"},
		{"1x", 3, "1x"},
		{"2ns", 3, "1µs"},
	} {
		if got := repBenchtime(tc.in, tc.reps); got != tc.want {
			t.Errorf("repBenchtime(%q, %d) = %q, want %q", tc.in, tc.reps, got, tc.want)
		}
	}
}

func TestDefaultReps(t *testing.T) {
	if got := defaultReps("default"); got != 3 {
		t.Errorf("defaultReps(default) = %d, want 3", got)
	}
	if got := defaultReps("scale"); got != 1 {
		t.Errorf("defaultReps(scale) = %d, want 1: the scale suite's Runs take seconds", got)
	}
}
