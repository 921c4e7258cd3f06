package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/addbench/addbench/bench"
	"github.com/addbench/addbench/workloads"
)

func quickOptions(t *testing.T) benchOptions {
	t.Helper()
	suite, err := workloads.LookupSuite("quick")
	if err != nil {
		t.Fatal(err)
	}
	return benchOptions{suite: suite, count: 1, cpus: []int{1}, benchtime: "1x",
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
		if isResultLine(l) {
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
	var progress bytes.Buffer
	if err := runBench(context.Background(), o, &progress); err != nil {
		t.Fatalf("runBench: %v\n%s", err, progress.String())
	}
	results, config := readRun(t, o.out)
	// The bench binary says how many benchmarks a pass holds in its build
	// (without -race: preempt.racy included, unlike this test binary).
	announced, _ := strconv.Atoi(config["suite-benchmarks"])
	if len(results) != announced || announced < bench.Count(o.suite) {
		t.Errorf("%d results, %d announced; want all announced, and at least this build's %d", len(results), announced, bench.Count(o.suite))
	}
	for _, key := range []string{"machine", "cpus", "go", "commit", "suite", "date", "goos", "goarch", "cpu"} {
		if config[key] == "" {
			t.Errorf("config line %q missing", key)
		}
	}
	if config["suite"] != "quick" || config["partial"] != "" {
		t.Errorf("suite = %q, partial = %q; want quick and no partial mark", config["suite"], config["partial"])
	}
	if !strings.Contains(progress.String(), "/"+itoa(len(results))+"]") {
		t.Errorf("progress never reported the total: %q", progress.String())
	}
}

func itoa(n int) string { return joinInts([]int{n}) }

// TestBenchInterruptKeepsCompletedResults cancels the run as the third result
// arrives, as Ctrl-C would: the file keeps what finished and says partial.
func TestBenchInterruptKeepsCompletedResults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	o := quickOptions(t)
	o.benchtime = "20ms"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o.onResult = func(done int) {
		if done == 3 {
			cancel()
		}
	}
	err := runBench(ctx, o, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("runBench = %v, want an interrupted error", err)
	}
	results, config := readRun(t, o.out)
	if all, _ := strconv.Atoi(config["suite-benchmarks"]); len(results) < 3 || len(results) >= all {
		t.Errorf("%d results kept, want at least the 3 done and fewer than the suite", len(results))
	}
	if config["partial"] != "true" {
		t.Errorf("partial = %q, want true", config["partial"])
	}
}

func TestBenchFlagErrors(t *testing.T) {
	existing := filepath.Join(t.TempDir(), "old.txt")
	os.WriteFile(existing, []byte("keep me"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-suite", "huge"}, `unknown suite "huge"`},
		{[]string{"-count", "0"}, "-count must be at least 1"},
		{[]string{"-cpu", "1,x"}, "positive integers"},
		{[]string{"-cpu", "0"}, "positive integers"},
		{[]string{"-benchtime", "fast"}, `-benchtime "fast"`},
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
