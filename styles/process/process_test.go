package process

import (
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// The test binary links this package, so Start re-executes it as a worker:
// the init in serve.go takes over before TestMain would run.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// exchange runs one worker's whole life the way process.pipe does: a writer
// goroutine sends every chunk and closes the input while this goroutine
// receives. It returns the sums received before the first error, and Wait's
// error.
func exchange(wk *Worker, chunks [][]int64) (sums []int64, recvErr, waitErr error) {
	sent := make(chan error, 1)
	go func() {
		for _, c := range chunks {
			if err := wk.Send(c); err != nil {
				sent <- err
				return
			}
		}
		sent <- wk.CloseInput()
	}()
	for _, c := range chunks {
		sum, err := wk.Recv(len(c))
		if err != nil {
			recvErr = err
			break
		}
		sums = append(sums, sum)
	}
	if recvErr != nil {
		wk.Kill() // the writer may be blocked on a worker that stopped reading
	}
	waitErr = wk.Wait()
	<-sent
	return sums, recvErr, waitErr
}

// repeat returns n chunks of size values each, counting up from 1.
func repeat(n, size int) [][]int64 {
	chunks := make([][]int64, n)
	v := int64(0)
	for i := range chunks {
		chunks[i] = make([]int64, size)
		for j := range chunks[i] {
			v++
			chunks[i][j] = v
		}
	}
	return chunks
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks [][]int64
	}{
		{"none", nil},
		{"one", [][]int64{{42}}},
		{"wraps", [][]int64{{math.MaxInt64, 1}, {math.MinInt64, -1}, {math.MaxInt64, math.MaxInt64, 2}}},
		{"many-small", repeat(5000, 1)},
		// Larger than both pipes and buffers together, in one message and
		// in many: neither side may wait for the other.
		{"one-huge", repeat(1, 300_000)},
		{"many-large", repeat(40, 10_000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wk, err := Start(0)
			if err != nil {
				t.Fatal(err)
			}
			sums, recvErr, waitErr := exchange(wk, tc.chunks)
			if recvErr != nil || waitErr != nil {
				t.Fatalf("Recv: %v; Wait: %v", recvErr, waitErr)
			}
			for i, c := range tc.chunks {
				var want int64
				for _, v := range c {
					want += v
				}
				if sums[i] != want {
					t.Errorf("reply %d = %d, want %d", i+1, sums[i], want)
				}
			}
			if n := live.Load(); n != 0 {
				t.Errorf("%d workers live after Wait", n)
			}
		})
	}
}

// TestFaults makes worker 3 misbehave after two good replies, in every way a
// Fault can, and requires an error that names it — never a wrong sum.
func TestFaults(t *testing.T) {
	const id = 3
	chunks := repeat(6, 100) // equal sizes: a duplicated reply passes the count check
	for _, tc := range []struct {
		kind FaultKind
		// recvFails: the fault shows at a Recv (else only at Wait).
		recvFails bool
		check     func(t *testing.T, err error, we *WorkerError)
	}{
		{Crash, true, func(t *testing.T, err error, we *WorkerError) {
			if we.State.ExitCode() != 2 || !strings.Contains(we.Stderr, "injected crash") {
				t.Errorf("want exit status 2 and the panic on stderr; got %v, stderr %q", we.State, we.Stderr)
			}
			// The pipe's error comes first; how the process ended is added.
			if !strings.Contains(err.Error(), "(exit status 2)") {
				t.Errorf("error %q does not say how the worker ended", err)
			}
		}},
		{Exit, true, func(t *testing.T, err error, we *WorkerError) {
			if !errors.Is(err, io.ErrUnexpectedEOF) || we.State.ExitCode() != 0 {
				t.Errorf("want unexpected EOF from a worker that exited 0; got %v", err)
			}
		}},
		{Garbage, true, wantProtocol},
		{Miscount, true, func(t *testing.T, err error, we *WorkerError) {
			// The third reply is the bad one, and the error says so.
			wantProtocol(t, err, we)
			if !strings.Contains(err.Error(), "message 3 had 100") {
				t.Errorf("error %q does not name message 3 and its 100 values", err)
			}
		}},
		{Extra, false, wantProtocol},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			t.Setenv(FaultEnv, Fault{Kind: tc.kind, Worker: id, After: 2}.String())
			wk, err := Start(id)
			if err != nil {
				t.Fatal(err)
			}
			sums, recvErr, waitErr := exchange(wk, chunks)
			if (recvErr != nil) != tc.recvFails {
				t.Errorf("Recv error = %v; want one: %v", recvErr, tc.recvFails)
			}
			// A worker that fails at a Recv gives at most its After good
			// sums; one that fails only at Wait (Extra) gives them all.
			if tc.recvFails && len(sums) > 2 || !tc.recvFails && len(sums) != len(chunks) {
				t.Errorf("received %d sums", len(sums))
			}
			var we *WorkerError
			if !errors.As(waitErr, &we) {
				t.Fatalf("Wait = %v, want a *WorkerError", waitErr)
			}
			if we.Worker != id || we.PID != wk.PID() || !strings.Contains(waitErr.Error(), fmt.Sprintf("process worker %d (pid %d)", id, wk.PID())) {
				t.Errorf("error %q does not name worker %d, pid %d", waitErr, id, wk.PID())
			}
			tc.check(t, waitErr, we)
			if n := live.Load(); n != 0 {
				t.Errorf("%d workers live after Wait", n)
			}
		})
	}
}

func wantProtocol(t *testing.T, err error, _ *WorkerError) {
	t.Helper()
	if !errors.Is(err, ErrProtocol) {
		t.Errorf("error %v is not ErrProtocol", err)
	}
}

// TestFaultForAnotherWorker: a fault names one worker; the others behave.
func TestFaultForAnotherWorker(t *testing.T) {
	t.Setenv(FaultEnv, Fault{Kind: Crash, Worker: 1, After: 0}.String())
	wk, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	if _, recvErr, waitErr := exchange(wk, repeat(3, 10)); recvErr != nil || waitErr != nil {
		t.Errorf("worker 0 under worker 1's fault: Recv %v, Wait %v", recvErr, waitErr)
	}
}

// TestKillStuckWorker: a worker that stops replying without exiting blocks a
// Recv until Kill, after which Wait reaps it and reports the kill.
func TestKillStuckWorker(t *testing.T) {
	t.Setenv(FaultEnv, Fault{Kind: Hang, Worker: 0, After: 1}.String())
	wk, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := wk.Send([]int64{1, 2}); err != nil {
			t.Fatal(err)
		}
	}
	if err := wk.Flush(); err != nil {
		t.Fatal(err)
	}
	if sum, err := wk.Recv(2); err != nil || sum != 3 {
		t.Fatalf("first Recv = %d, %v; want 3", sum, err)
	}
	done := make(chan error)
	go func() {
		_, err := wk.Recv(2)
		done <- err
	}()
	wk.Kill()
	if err := <-done; !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Recv from a killed worker = %v, want unexpected EOF", err)
	}
	var we *WorkerError
	if err := wk.Wait(); !errors.As(err, &we) || we.State.Exited() {
		t.Errorf("Wait after Kill = %v, want a *WorkerError for a signalled process", err)
	}
	if n := live.Load(); n != 0 {
		t.Errorf("%d workers live after Wait", n)
	}
}

// TestSendRejectsEmptyChunk: an empty message would be an empty reply, which
// the format does not have.
func TestSendRejectsEmptyChunk(t *testing.T) {
	wk, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := wk.Send(nil); err == nil {
		t.Error("Send(nil) succeeded")
	}
	if err := wk.Close(); err == nil {
		t.Error("Close after a failed Send reported nothing")
	}
}

// Errors number the message they are about: the first Send is message 1,
// and each Send counts, so a bad third Send names message 3.
func TestSendNumbersMessages(t *testing.T) {
	wk, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := wk.Send(nil); err == nil || !strings.Contains(err.Error(), "sending message 1:") {
		t.Errorf("first Send(nil) = %v, want it to name message 1", err)
	}
	wk.Kill()
	wk.Wait()
	wk2, err := Start(1)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := wk2.Send([]int64{1, 2}); err != nil {
			t.Fatal(err)
		}
	}
	if err := wk2.Send(nil); err == nil || !strings.Contains(err.Error(), "sending message 3:") {
		t.Errorf("third Send(nil) = %v, want it to name message 3", err)
	}
	wk2.Kill()
	wk2.Wait()
}

// Send encodes into the writer's own free space, a buffer's worth at a
// time: no allocation per message, even for a chunk longer than the buffer.
func TestSendDoesNotAllocate(t *testing.T) {
	wk, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	defer wk.Close()
	chunk := repeat(1, 2*bufSize/8)[0]
	done := make(chan struct{})
	go func() { // drain the replies so that the worker never blocks
		defer close(done)
		for {
			if _, err := wk.Recv(len(chunk)); err != nil {
				return
			}
		}
	}()
	if a := testing.AllocsPerRun(50, func() {
		if err := wk.Send(chunk); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Errorf("Send allocates %g times per message, want 0", a)
	}
	wk.CloseInput()
	<-done
}

// Closing the input twice is an error the second time, not silence.
func TestCloseInputTwice(t *testing.T) {
	wk, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	defer wk.Wait()
	if err := wk.CloseInput(); err != nil {
		t.Fatal(err)
	}
	if err := wk.CloseInput(); err == nil || !strings.Contains(err.Error(), "closing input") {
		t.Errorf("second CloseInput = %v, want a closing-input error", err)
	}
}

// BenchmarkSpawn is a worker's whole life: fork and exec, runtime start-up,
// greeting, end of input, exit, reaping.
func BenchmarkSpawn(b *testing.B) {
	for b.Loop() {
		wk, err := Start(0)
		if err != nil {
			b.Fatal(err)
		}
		if err := wk.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMessage sends one message of quantum values to a running worker
// and receives its sum, pipelined as process.pipe does, and reports ns/add.
func BenchmarkMessage(b *testing.B) {
	for _, q := range []int{1, 64, 4096} {
		b.Run(fmt.Sprintf("quantum=%d", q), func(b *testing.B) {
			wk, err := Start(0)
			if err != nil {
				b.Fatal(err)
			}
			chunk := repeat(1, q)[0]
			var want int64
			for _, v := range chunk {
				want += v
			}
			sent := make(chan error, 1)
			go func() {
				for range b.N {
					if err := wk.Send(chunk); err != nil {
						sent <- err
						return
					}
				}
				sent <- wk.CloseInput()
			}()
			b.ResetTimer()
			for range b.N {
				if sum, err := wk.Recv(q); err != nil || sum != want {
					b.Fatalf("Recv = %d, %v; want %d", sum, err, want)
				}
			}
			b.StopTimer()
			if err := <-sent; err != nil {
				b.Fatal(err)
			}
			if err := wk.Wait(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*q), "ns/add")
		})
	}
}

// TestWorkerInheritsGOMAXPROCS: a worker runs with the parent's current
// GOMAXPROCS (as -cpu sets it), overriding a GOMAXPROCS in the environment,
// so a run at GOMAXPROCS 1 does not use every core in its workers. It reads
// the environment the worker was started with; /proc/PID/environ would race
// with the exec.
func TestWorkerInheritsGOMAXPROCS(t *testing.T) {
	t.Setenv("GOMAXPROCS", "7")
	for _, procs := range []int{1, 3} {
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			wk, err := Start(0)
			if err != nil {
				t.Fatal(err)
			}
			defer wk.Close()
			got := ""
			for _, kv := range wk.cmd.Env {
				if v, ok := strings.CutPrefix(kv, "GOMAXPROCS="); ok {
					got = v // exec.Cmd passes the last one on
				}
			}
			if want := strconv.Itoa(procs); got != want {
				t.Errorf("at GOMAXPROCS %d the worker's GOMAXPROCS is %q, want %q", procs, got, want)
			}
		}()
	}
}

// A WorkerError's message is the worker, its pid and the error, then how it
// ended if that is not already the error, then its stderr's first line if
// it wrote one.
func TestWorkerErrorMessage(t *testing.T) {
	if got, want := (&WorkerError{Worker: 1, PID: 2, Err: errors.New("boom")}).Error(), "process worker 1 (pid 2): boom"; got != want {
		t.Errorf("no state, no stderr: %q, want %q", got, want)
	}
	we := &WorkerError{Worker: 1, PID: 2, Err: errors.New("boom"), Stderr: "\npanic: x\nstack\n"}
	if got, want := we.Error(), `process worker 1 (pid 2): boom; stderr: "panic: x"`; got != want {
		t.Errorf("with stderr: %q, want %q", got, want)
	}
}

// headBuffer keeps the first stderrLimit bytes, however they arrive, and
// accepts the rest without keeping it.
func TestHeadBuffer(t *testing.T) {
	var h headBuffer
	var all []byte
	for i := range 100 {
		p := []byte(strings.Repeat(string(rune('a'+i%26)), 50))
		if n, err := h.Write(p); n != len(p) || err != nil {
			t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(p))
		}
		all = append(all, p...)
	}
	if string(h.b) != string(all[:stderrLimit]) {
		t.Errorf("kept %d bytes, want the first %d", len(h.b), stderrLimit)
	}
}

// Wait after a failure kills the worker rather than wait for it: here it is
// waiting for more input, with its stdin still open, and would never exit.
func TestWaitAfterFailureKills(t *testing.T) {
	wk, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := wk.Send([]int64{1}); err != nil {
		t.Fatal(err)
	}
	if err := wk.Flush(); err != nil {
		t.Fatal(err)
	}
	wk.Send(nil) // records a failure
	if err := wk.Wait(); err == nil {
		t.Error("Wait after a failed Send = nil")
	}
}
