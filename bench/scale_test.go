package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// recordSkips sends skip's records to a buffer for the rest of the test.
func recordSkips(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	old := skipOut
	skipOut = &buf
	t.Cleanup(func() { skipOut = old })
	return &buf
}

// TestRunCapStopsARun: on the scale suite a Run that takes longer than
// RunCap is stopped — its context ends — and the benchmark is skipped with
// the reason, recorded in the results as a config line and cleared at once.
// A Run that finishes in time is measured.
func TestRunCapStopsARun(t *testing.T) {
	withBenchtime(t, "1x")
	old := runCap
	runCap = 50 * time.Millisecond
	t.Cleanup(func() { runCap = old })
	buf := recordSkips(t)

	var stopped bool
	slow := styles.Style{
		Name:  "test.slow",
		Level: 4,
		Run: func(ctx context.Context, w *workloads.Workload, c styles.Config) (workloads.Result, error) {
			select {
			case <-ctx.Done():
				stopped = true
				return workloads.Result{}, ctx.Err()
			case <-time.After(time.Minute):
				return workloads.Reference(w), nil
			}
		},
	}
	w := (workloads.Case{Mode: workloads.Private, Programs: 10, Len: 4, Quantum: 1}).Workload()
	start := time.Now()
	r := testing.Benchmark(func(b *testing.B) { measure(b, slow, w, 1, workloads.Reference(w), true) })
	if took := time.Since(start); !stopped || took > 10*time.Second {
		t.Fatalf("a Run over RunCap: stopped %v after %v; want stopped at RunCap (%v)", stopped, took, runCap)
	}
	if r.N != 0 {
		t.Errorf("a Run over RunCap was measured (N = %d, %v); want skipped", r.N, r.Extra)
	}
	lines := strings.Split(buf.String(), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "skipped: ") || !strings.Contains(lines[0], "test.slow at 10 programs: a Run took over RunCap (50ms)") ||
		lines[1] != "skipped: " || lines[2] != "" {
		t.Errorf("skip record %q; want the reason on a skipped: line, then an empty skipped: line", buf.String())
	}

	buf.Reset()
	fast := lookup(t, "sequential.loop")
	if r := testing.Benchmark(func(b *testing.B) { measure(b, fast, w, 1, workloads.Reference(w), true) }); r.N == 0 || buf.Len() > 0 {
		t.Errorf("a Run within RunCap: N = %d, skip record %q; want measured, nothing recorded", r.N, buf.String())
	}
	goleak.VerifyNone(t)
}

// TestScaleSkipRecorded: a style over its cap is skipped before it starts,
// and the skip is in the output with its reason. (Under testing.Benchmark a
// sub-benchmark has no name of its own, so the name is not checked here.)
func TestScaleSkipRecorded(t *testing.T) {
	buf := recordSkips(t)
	s := workloads.Suite{Name: "scale", Cases: []workloads.Case{{Mode: workloads.Shared, Programs: 1_000_000, Len: 16, Quantum: 1}}}
	gil := lookup(t, "coop.gil")
	testing.Benchmark(func(b *testing.B) { Add(b, s, []styles.Style{gil}, 0) })
	if lines := strings.Split(buf.String(), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "skipped: ") ||
		!strings.Contains(lines[0], "coop.gil is capped at 100000 programs") || lines[1] != "skipped: " {
		t.Errorf("skip record %q; want coop.gil's cap on a skipped: line, then an empty one", buf.String())
	}
}
