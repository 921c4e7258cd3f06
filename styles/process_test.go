package styles

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/addbench/addbench/styles/process"
	"github.com/addbench/addbench/workloads"
)

func lookupPipe(t testing.TB) Style {
	t.Helper()
	s, err := Lookup("process.pipe")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPipeWorkerFaults makes every worker misbehave after three good replies
// and requires Run to fail with an error naming the worker that failed first
// — never a result. The first row, with no fault, shows the workload itself
// runs fine.
func TestPipeWorkerFaults(t *testing.T) {
	s := lookupPipe(t)
	c := Config{Workers: 2, Quantum: 8}
	for _, tc := range []struct {
		kind  process.FaultKind
		check func(t *testing.T, err error, we *process.WorkerError)
	}{
		{"", nil},
		{process.Crash, func(t *testing.T, err error, we *process.WorkerError) {
			if we.State.ExitCode() != 2 || !strings.Contains(err.Error(), "injected crash") {
				t.Errorf("want exit status 2 and the panic's message; got %v", err)
			}
		}},
		{process.Exit, func(t *testing.T, err error, we *process.WorkerError) {
			if !we.State.Success() {
				t.Errorf("want a worker that exited 0; got %v", err)
			}
		}},
		{process.Garbage, wantProtocolError},
		{process.Miscount, wantProtocolError},
		{process.Extra, wantProtocolError}, // caught only after the last reply
	} {
		for _, mode := range workloads.Modes {
			t.Run(fmt.Sprintf("fault=%s/mode=%s", tc.kind, mode), func(t *testing.T) {
				if tc.kind != "" {
					t.Setenv(process.FaultEnv, process.Fault{Kind: tc.kind, Worker: -1, After: 3}.String())
				}
				// 1000 is a multiple of the quantum: every reply has the
				// same count, so a duplicate one passes the count check.
				w := &workloads.Workload{Programs: workloads.Uniform(7, 4, 1000), Mode: mode}
				got, err := s.Run(context.Background(), w, c)
				checkReaped(t)
				if tc.check == nil {
					if want := workloads.Reference(w); err != nil || !got.Equal(want) {
						t.Errorf("Run = %v, %v; want %v", got.Sums, err, want.Sums)
					}
					return
				}
				if got.Sums != nil {
					t.Errorf("a failed Run returned sums %v", got.Sums)
				}
				var we *process.WorkerError
				if !errors.As(err, &we) {
					t.Fatalf("Run = %v, want a *process.WorkerError", err)
				}
				name := fmt.Sprintf("process.pipe: process worker %d (pid %d)", we.Worker, we.PID)
				if we.Worker < 0 || we.Worker >= c.Workers || !strings.HasPrefix(err.Error(), name) {
					t.Errorf("error %q does not start with %q for a worker below %d", err, name, c.Workers)
				}
				tc.check(t, err, we)
			})
		}
	}
}

func wantProtocolError(t *testing.T, err error, _ *process.WorkerError) {
	t.Helper()
	if !errors.Is(err, process.ErrProtocol) {
		t.Errorf("error %v is not process.ErrProtocol", err)
	}
}

// TestPipeCancelsHungWorker: workers that stop replying without exiting
// would block Run forever; cancellation must kill and reap them.
func TestPipeCancelsHungWorker(t *testing.T) {
	t.Setenv(process.FaultEnv, process.Fault{Kind: process.Hang, Worker: -1, After: 3}.String())
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	w := &workloads.Workload{Programs: workloads.Uniform(3, 4, 1000)}
	_, err := lookupPipe(t).Run(ctx, w, Config{Workers: 2, Quantum: 8})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run = %v, want context.DeadlineExceeded", err)
	}
	checkReaped(t)
}

// TestPipeFillsBothPipes runs programs many times the size of a pipe, as
// one-value messages and as single huge ones, so that writers, workers and
// readers all block on full buffers at times: the run must still finish and
// agree with the reference.
func TestPipeFillsBothPipes(t *testing.T) {
	s := lookupPipe(t)
	progs := workloads.Uniform(11, 3, 1<<16) // 512 KiB each; a pipe holds 64 KiB
	for _, mode := range workloads.Modes {
		w := &workloads.Workload{Programs: progs, Mode: mode}
		want := workloads.Reference(w)
		for _, c := range []Config{{Workers: 1, Quantum: 1}, {Workers: 2, Quantum: 1}, {Workers: 2, Quantum: 1 << 16}} {
			got, err := s.Run(context.Background(), w, c)
			if err != nil || !got.Equal(want) {
				t.Errorf("%s %+v = %v, %v; want %v", mode, c, got.Sums, err, want.Sums)
			}
		}
	}
	checkReaped(t)
}

// BenchmarkPipe is a rough measure of process.pipe's cost per add, spawning
// included (one worker, one program of 64Ki adds); see styles/process's
// BenchmarkSpawn and BenchmarkMessage for the two parts.
func BenchmarkPipe(b *testing.B) {
	s := lookupPipe(b)
	w := &workloads.Workload{Programs: workloads.Uniform(1, 1, 1<<16), Mode: workloads.Shared}
	want := workloads.Reference(w)
	for _, q := range []int{1, 64, 4096} {
		b.Run(fmt.Sprintf("quantum=%d", q), func(b *testing.B) {
			c := Config{Workers: 1, Quantum: q}
			for b.Loop() {
				got, err := s.Run(context.Background(), w, c)
				if err != nil || !got.Equal(want) {
					b.Fatalf("Run = %v, %v; want %v", got.Sums, err, want.Sums)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(int64(b.N)*w.Adds()), "ns/add")
		})
	}
}

// TestPipeEachWorkerFailsAlone fails one worker at a time, every index, with
// every fault: Run must name that worker, and a failure found while the run
// is going (all but extra, which shows only after the last reply) must kill
// every other worker — each is reaped dead of SIGKILL, never left to finish.
// Each worker gets programs of 2^20 adds at quantum 8, far more than the
// pipes and buffers hold, so no writer can have sent everything (and closed
// the others' input) before the failure is seen.
func TestPipeEachWorkerFailsAlone(t *testing.T) {
	s := lookupPipe(t)
	const workers = 3
	c := Config{Workers: workers, Quantum: 8}
	// 2 × workers programs of 10^6 adds: more than pipes and buffers hold.
	big := &workloads.Workload{Programs: workloads.Uniform(42, 2*workers, 1_000_000), Mode: workloads.Shared}
	for k := range workers {
		for _, kind := range []process.FaultKind{process.Crash, process.Exit, process.Garbage, process.Miscount, process.Extra, process.Hang} {
			t.Run(fmt.Sprintf("worker=%d/fault=%s", k, kind), func(t *testing.T) {
				t.Setenv(process.FaultEnv, process.Fault{Kind: kind, Worker: k, After: 3}.String())
				w, ctx := big, context.Background()
				switch kind {
				case process.Extra:
					// A multiple of the quantum, so the duplicate reply
					// passes the count check and shows only at the end; and
					// 512 KiB a program, more than a pipe holds, so one
					// writer cannot claim every program before the others
					// start.
					w = &workloads.Workload{Programs: workloads.Uniform(7, 2*workers, 1<<16), Mode: workloads.Shared}
				case process.Hang:
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, 200*time.Millisecond)
					defer cancel()
				}
				var reaped []error
				onPipeReaped = func(errs []error) { reaped = slices.Clone(errs) }
				defer func() { onPipeReaped = nil }()
				got, err := s.Run(ctx, w, c)
				checkReaped(t)
				if got.Sums != nil {
					t.Errorf("a failed Run returned sums %v", got.Sums)
				}
				if kind == process.Hang {
					if !errors.Is(err, context.DeadlineExceeded) {
						t.Fatalf("Run = %v, want context.DeadlineExceeded", err)
					}
				} else {
					var we *process.WorkerError
					if !errors.As(err, &we) || we.Worker != k {
						t.Fatalf("Run = %v, want a *process.WorkerError for worker %d", err, k)
					}
				}
				if kind == process.Extra {
					return
				}
				// The kill reaches every worker but the one that failed on
				// its own; a hung worker is killed too.
				for j, err := range reaped {
					if j == k && kind != process.Hang {
						continue
					}
					if !killed(err) {
						t.Errorf("worker %d ended with %v, want killed by SIGKILL", j, err)
					}
				}
			})
		}
	}
}
