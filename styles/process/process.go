// Package process runs sums on worker OS processes that share no memory with
// their parent: the runtime under addbench's process.pipe style.
//
// A worker is the running binary itself, re-executed (os.Executable) with
// [WorkerEnv] set in its environment. This package's init checks that
// variable first thing and, when it is set, serves as a worker and exits, so
// any binary that links the package can be its own worker.
//
// Parent and worker talk only over the worker's stdin and stdout pipes. The
// parent [Worker.Send]s chunks of int64s, one framed message each; the worker
// replies to each with the chunk's sum, which [Worker.Recv] reads. Frames are
// compact binary (a mark byte, a uvarint count, fixed 8-byte values) and both
// ends are buffered, so a message is a few bytes of copying and a syscall
// moves up to a pipe's worth of them. Sending and receiving are meant to run
// on two goroutines — a writer and a reader per worker — so that neither pipe
// can fill up while its reader waits on the other: the pipeline never
// deadlocks, and the worker sums one chunk while the next is in flight.
//
// Every failure of a worker — a crash, an early exit, a frame that breaks the
// format, a reply for the wrong count, output after the last reply — comes
// back from [Worker.Wait] as a [*WorkerError] naming the worker, never as a
// sum. [Worker.Kill] stops a worker that may be stuck; Wait reaps it.
//
// The essay's line between processes and threads is sharing: threads share
// memory, processes share nothing and must send what they mean. Processes are
// still preemptive (level 4): the kernel switches them anywhere.
package process

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// A Worker is a running worker process and the two pipes to it.
//
// Send, Flush and CloseInput belong to one goroutine (the writer); Recv and
// Wait to one other (the reader); Kill, ID and PID may be called from any.
type Worker struct {
	id     int
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	w      *bufio.Writer
	r      *bufio.Reader
	stderr headBuffer

	sent     int  // messages sent; the writer's
	received int  // replies received; the reader's
	greeted  bool // the greeting has been read; the reader's
	killed   atomic.Bool

	mu  sync.Mutex
	err error // the first failure, from either side
}

// live counts workers started and not yet reaped by [Worker.Wait]; the tests
// check that it is 0 once every worker has been waited for.
var live atomic.Int64

var executable = sync.OnceValues(os.Executable)

// Start starts worker id (an index the worker's errors name, and the one a
// [Fault] picks): this binary, re-executed in worker mode with its pipes
// connected. It returns once the process exists, without waiting for it to
// greet; the first Recv, or Wait, checks the greeting. Start followed by
// [Worker.Close] is a whole worker's life, from fork to reaping.
func Start(id int) (*Worker, error) {
	exe, err := executable()
	if err != nil {
		return nil, fmt.Errorf("starting process worker %d: locating this executable: %w", id, err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(),
		WorkerEnv+"="+strconv.Itoa(id),
		// A race-enabled binary sleeps a second at exit by default, so that
		// other threads can finish reporting races; for a worker that is a
		// second per Run. Later options win, so the user's others stay.
		// Binaries built without -race ignore GORACE.
		"GORACE="+os.Getenv("GORACE")+" atexit_sleep_ms=0",
		// The worker runs with the parent's GOMAXPROCS, not the machine's
		// default: a run at -cpu 1 (runtime.GOMAXPROCS(1)) means one P in
		// every process, not one here and all cores in each worker.
		"GOMAXPROCS="+strconv.Itoa(runtime.GOMAXPROCS(0)),
	)
	wk := &Worker{id: id, cmd: cmd}
	cmd.Stderr = &wk.stderr
	if wk.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("starting process worker %d: %w", id, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		wk.stdin.Close()
		return nil, fmt.Errorf("starting process worker %d: %w", id, err)
	}
	if err := cmd.Start(); err != nil { // closes both pipes itself on failure
		return nil, fmt.Errorf("starting process worker %d: %w", id, err)
	}
	live.Add(1)
	wk.w = bufio.NewWriterSize(wk.stdin, bufSize)
	wk.r = bufio.NewReaderSize(stdout, bufSize)
	return wk, nil
}

// ID returns the index the worker was started with.
func (w *Worker) ID() int { return w.id }

// PID returns the worker's process ID.
func (w *Worker) PID() int { return w.cmd.Process.Pid }

// Send queues chunk, which must not be empty, as one message. The message
// goes into a buffer: it reaches the worker when the buffer fills, or at
// Flush or CloseInput.
func (w *Worker) Send(chunk []int64) error {
	if len(chunk) == 0 || uint64(len(chunk)) > maxChunk {
		return w.fail(fmt.Errorf("sending message %d: chunk of %d values; want 1 to %d", w.sent+1, len(chunk), maxChunk))
	}
	w.sent++
	buf := appendRequestHeader(w.w.AvailableBuffer(), len(chunk))
	for {
		// Encode straight into the writer's free space; flush when it is full.
		k := min(len(chunk), (cap(buf)-len(buf))/8)
		for _, v := range chunk[:k] {
			buf = binary.LittleEndian.AppendUint64(buf, uint64(v))
		}
		chunk = chunk[k:]
		if _, err := w.w.Write(buf); err != nil {
			return w.fail(fmt.Errorf("sending message %d: %w", w.sent, err))
		}
		if len(chunk) == 0 {
			return nil
		}
		if err := w.w.Flush(); err != nil {
			return w.fail(fmt.Errorf("sending message %d: %w", w.sent, err))
		}
		buf = w.w.AvailableBuffer()
	}
}

// Flush sends every queued message to the worker.
func (w *Worker) Flush() error {
	if err := w.w.Flush(); err != nil {
		return w.fail(fmt.Errorf("sending messages up to %d: %w", w.sent, err))
	}
	return nil
}

// CloseInput flushes and closes the worker's stdin: no more messages. The
// worker replies to what it has and exits.
func (w *Worker) CloseInput() error {
	err := w.Flush()
	if cerr := w.stdin.Close(); err == nil && cerr != nil {
		err = w.fail(fmt.Errorf("closing input after message %d: %w", w.sent, cerr))
	}
	return err
}

// Recv returns the sum in the next reply, which must cover n values: the
// length of the chunk that the matching Send sent.
func (w *Worker) Recv(n int) (int64, error) {
	if err := w.greet(); err != nil {
		return 0, w.fail(err)
	}
	w.received++
	count, err := readHeader(w.r, replyMark)
	if err == nil && count != uint64(n) {
		err = fmt.Errorf("%w: reply covers %d values, message %d had %d", ErrProtocol, count, w.received, n)
	}
	var sum int64
	if err == nil {
		sum, err = readInt64(w.r)
	}
	if err != nil {
		if err == io.EOF {
			err = fmt.Errorf("worker closed its output early: %w", io.ErrUnexpectedEOF)
		}
		return 0, w.fail(fmt.Errorf("receiving reply %d: %w", w.received, err))
	}
	return sum, nil
}

// greet reads the worker's greeting, once.
func (w *Worker) greet() error {
	if w.greeted {
		return nil
	}
	w.greeted = true
	got := make([]byte, len(hello))
	if _, err := io.ReadFull(w.r, got); err != nil {
		return fmt.Errorf("reading greeting: %w", unexpected(err))
	}
	if !bytes.Equal(got, hello) {
		return fmt.Errorf("reading greeting: %w: got %q, want %q", ErrProtocol, got, hello)
	}
	return nil
}

// Kill kills the worker at once. It is safe from any goroutine and more than
// once; a Send or Recv blocked on the worker returns an error, and Wait must
// still be called to reap it.
func (w *Worker) Kill() {
	w.killed.Store(true)
	w.cmd.Process.Kill() // fails only if it has already exited, which is as good
}

// Wait reaps the worker: call it after CloseInput and the last Recv, or after
// Kill. Unless the worker was killed, it first checks that nothing follows the
// last reply. It returns a [*WorkerError] if anything went wrong on either
// side, or if the worker exited other than with status 0; a killed worker
// always has an error.
func (w *Worker) Wait() error {
	if !w.killed.Load() && w.firstErr() == nil {
		if err := w.checkEnd(); err != nil {
			w.fail(err)
		}
	}
	if w.firstErr() != nil {
		// It may be blocked writing output nobody will read.
		w.Kill()
	}
	exitErr := w.cmd.Wait()
	live.Add(-1)
	err := w.firstErr()
	if err == nil {
		err = exitErr
	}
	if err == nil {
		return nil
	}
	return &WorkerError{Worker: w.id, PID: w.PID(), Err: err, State: w.cmd.ProcessState, Stderr: string(w.stderr.b)}
}

// checkEnd reads the worker's output to its end, which must come right after
// the greeting and the last reply.
func (w *Worker) checkEnd() error {
	if err := w.greet(); err != nil {
		return err
	}
	switch _, err := w.r.ReadByte(); err {
	case io.EOF:
		return nil
	case nil:
		return fmt.Errorf("%w: output after reply %d, the last one expected", ErrProtocol, w.received)
	default:
		return fmt.Errorf("reading to the end of output after reply %d: %w", w.received, err)
	}
}

// Close ends a worker that is no longer needed: CloseInput, then Wait.
func (w *Worker) Close() error {
	w.CloseInput() // its error, if any, is recorded for Wait
	return w.Wait()
}

// fail records err as the worker's failure if it is the first, and returns it.
func (w *Worker) fail(err error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
	return err
}

func (w *Worker) firstErr() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// A WorkerError reports a worker that failed: what went wrong first, how the
// process ended, and the start of what it wrote on stderr.
type WorkerError struct {
	Worker int              // the index it was started with
	PID    int              // its process ID
	Err    error            // the first failure seen on either pipe, or its exit error
	State  *os.ProcessState // how it ended
	Stderr string           // the start of its stderr, up to 2 KiB
}

func (e *WorkerError) Error() string {
	msg := fmt.Sprintf("process worker %d (pid %d): %v", e.Worker, e.PID, e.Err)
	if ee := (*exec.ExitError)(nil); e.State != nil && !errors.As(e.Err, &ee) {
		msg += " (" + e.State.String() + ")"
	}
	// The first line says what happened (a panic's message, a worker's
	// complaint); the stack after it is in Stderr for whoever wants it.
	if line, _, _ := strings.Cut(strings.TrimSpace(e.Stderr), "\n"); line != "" {
		msg += fmt.Sprintf("; stderr: %q", line)
	}
	return msg
}

func (e *WorkerError) Unwrap() error { return e.Err }

// stderrLimit bounds how much of a worker's stderr is kept: a panic's first
// lines say what happened; the goroutine dump after them is noise here.
const stderrLimit = 2 << 10

// A headBuffer keeps the first stderrLimit bytes written to it and drops the
// rest, still accepting them so the worker never blocks on stderr.
type headBuffer struct{ b []byte }

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := stderrLimit - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
