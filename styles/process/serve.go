package process

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// WorkerEnv is the environment variable that puts a process in worker mode.
// [Start] sets it to the worker's index in the child's environment.
const WorkerEnv = "ADDBENCH_PROCESS_WORKER"

// init turns the process into a worker when WorkerEnv is set, and then exits.
//
// Deciding this in an init of this package, rather than in a main or a
// TestMain, is what lets every binary that links the style — the addbench
// CLI, the styles and bench test binaries — serve as its own worker with no
// wiring: Start re-executes os.Executable() and the child never reaches main
// or the test framework (whose flags it would not have). Package inits run
// dependencies first, so this runs before any package that imports it.
func init() {
	if id, ok := os.LookupEnv(WorkerEnv); ok {
		os.Exit(workerMain(id, os.Getenv(FaultEnv), os.Stdin, os.Stdout, os.Stderr))
	}
}

// workerMain runs worker mode and returns the exit status.
func workerMain(idText, faultText string, stdin io.Reader, stdout, stderr io.Writer) int {
	id, err := strconv.Atoi(idText)
	if err != nil || id < 0 {
		fmt.Fprintf(stderr, "process worker: %s=%q is not a worker index\n", WorkerEnv, idText)
		return 1
	}
	var f Fault
	if faultText != "" {
		if f, err = ParseFault(faultText); err != nil {
			fmt.Fprintf(stderr, "process worker %d: %s: %v\n", id, FaultEnv, err)
			return 1
		}
	}
	if !f.appliesTo(id) {
		f = Fault{}
	}
	switch err := serve(stdin, stdout, f); {
	case err == nil:
		return 0
	case errors.Is(err, errExit):
		return 0
	case errors.Is(err, errCrash):
		panic(fmt.Sprintf("process worker %d: injected crash (%s)", id, f))
	case errors.Is(err, errHang):
		for {
			time.Sleep(time.Hour) // until killed; a sleep, so the runtime sees no deadlock
		}
	default:
		fmt.Fprintf(stderr, "process worker %d: %v\n", id, err)
		return 1
	}
}

// Injected faults that serve cannot commit itself without ending the process;
// it returns them and workerMain acts.
var (
	errExit  = errors.New("injected early exit")
	errCrash = errors.New("injected crash")
	errHang  = errors.New("injected hang")
)

// serve is the worker: it greets, then answers each request frame on in with
// one reply frame on out, until in ends. f, if set, is committed in place of
// reply f.After.
//
// Both sides are buffered, so a frame costs a few bytes of copying, not a
// syscall. Replies are flushed whenever the input buffer runs dry, just before
// a read that may block: the parent never waits for a reply that sits here
// while this side waits for it.
func serve(in io.Reader, out io.Writer, f Fault) error {
	r := bufio.NewReaderSize(in, bufSize)
	w := bufio.NewWriterSize(out, bufSize)
	if _, err := w.Write(hello); err != nil {
		return fmt.Errorf("writing greeting: %w", err)
	}
	for replies := 0; ; replies++ {
		if r.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return fmt.Errorf("writing replies: %w", err)
			}
		}
		n, err := readHeader(r, requestMark)
		if err == io.EOF {
			return w.Flush() // the parent closed its end: all work done
		}
		if err == nil && (n == 0 || n > maxChunk) {
			err = fmt.Errorf("%w: count %d out of range", ErrProtocol, n)
		}
		var sum int64
		if err == nil {
			sum, err = sumInt64s(r, n)
		}
		if err != nil {
			w.Flush() // best effort: the parent gets every good reply before the end
			return fmt.Errorf("reading request %d: %w", replies+1, err)
		}
		reply := appendReply(w.AvailableBuffer(), n, sum)
		if f.Kind != "" && replies == f.After {
			switch f.Kind {
			case Crash:
				return errCrash
			case Exit, Hang:
				if err := w.Flush(); err != nil {
					return fmt.Errorf("writing replies: %w", err)
				}
				if f.Kind == Exit {
					return errExit
				}
				return errHang
			case Garbage:
				reply = append(w.AvailableBuffer(), "\x00garbage"...)
			case Miscount:
				reply = appendReply(w.AvailableBuffer(), n+1, sum)
			case Extra:
				reply = appendReply(reply, n, sum)
			}
		}
		if _, err := w.Write(reply); err != nil {
			return fmt.Errorf("writing reply %d: %w", replies+1, err)
		}
	}
}
