package styles

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/addbench/addbench/styles/body"
	"github.com/addbench/addbench/styles/process"
	"github.com/addbench/addbench/workloads"
)

// Level 4, sharing nothing: worker OS processes.
//
// process.pipe runs programs on min(Config.Workers, programs) worker
// processes, each this binary re-executed in worker mode (styles/process),
// started afresh by every Run and reaped before it returns. Programs are
// claimed one at a time as in body.Parallel. A worker sees no memory of its parent:
// the parent streams each program to it, one message per Quantum adds, and
// the worker replies with each chunk's partial sum, which the parent adds into
// the program's accumulator (private) or the shared one. So Quantum is the
// adds per message; at quantum 1 every add costs a framed message each way.
//
// Per worker a writer goroutine (one of body.Parallel's) sends and a reader
// goroutine receives, so neither pipe waits on the other. The writer tells the
// reader which program comes next over a channel; cancellation is checked
// before each message. On cancellation, or on the first failure of any
// worker, every worker is killed at once — a worker that hangs must not hang
// Run — and all are reaped; a failed Run returns the failing worker's
// *process.WorkerError, never a sum.

func init() {
	register(Style{
		Name:  "process.pipe",
		Level: Preempt,
		Doc:   "worker OS processes (this binary re-executed) sum each quantum streamed to them over a pipe and reply with the partial sum; no memory shared",
	}, runPipe)
}

// pipeAhead is how many programs a writer may announce before its reader
// takes them; past that it flushes and waits, as in announce.
const pipeAhead = 16

func runPipe(cancel *body.Stop, w *workloads.Workload, c Config) (workloads.Result, error) {
	workers, err := startWorkers(min(c.Workers, len(w.Programs)))
	if err != nil {
		return workloads.Result{}, fmt.Errorf("process.pipe: %w", err)
	}

	// runCtx ends on the caller's cancellation or on the first failure
	// (abort); either kills every worker, which unblocks any goroutine
	// waiting on a pipe. stop is set then too: unlike cancel, it also
	// stops the writers after a failure.
	runCtx, abort := context.WithCancel(cancel.Context())
	defer abort()
	var stop atomic.Bool
	killed := make(chan struct{})
	unregister := context.AfterFunc(runCtx, func() {
		stop.Store(true)
		for _, wk := range workers {
			wk.Kill()
		}
		close(killed)
	})
	var failed atomic.Int64 // the first worker to fail, or -1
	failed.Store(-1)
	fail := func(k int) {
		// A failure after stop is the kill's doing, not the worker's.
		if !stop.Load() && failed.CompareAndSwap(-1, int64(k)) {
			abort()
		}
	}

	accs := make([]body.AtomicCell, body.Cells(w))
	next := make([]chan int, len(workers)) // programs each reader is to expect, in order
	errs := make([]error, len(workers))    // each worker's Wait
	var readers sync.WaitGroup
	for k, wk := range workers {
		next[k] = make(chan int, pipeAhead)
		readers.Go(func() {
			if err := receive(wk, w, c.Quantum, next[k], accs); err != nil {
				fail(k)
			}
			errs[k] = wk.Wait()
		})
	}

	body.Parallel(len(w.Programs), len(workers), func(k, i int) {
		p := w.Programs[i]
		if len(p) == 0 || stop.Load() {
			return
		}
		if ok, err := announce(runCtx, workers[k], next[k], i); !ok {
			if err != nil {
				fail(k)
			}
			return
		}
		for len(p) > 0 && !stop.Load() {
			n := min(c.Quantum, len(p))
			if err := workers[k].Send(p[:n]); err != nil {
				fail(k)
				return
			}
			p = p[n:]
		}
	})
	for k, wk := range workers {
		close(next[k])
		if !stop.Load() && wk.CloseInput() != nil {
			fail(k)
		}
	}
	readers.Wait()
	if onPipeReaped != nil {
		onPipeReaped(errs)
	}
	if !unregister() {
		<-killed
	}

	if k := failed.Load(); k >= 0 {
		return workloads.Result{}, fmt.Errorf("process.pipe: %w", errs[k])
	}
	if stop.Load() {
		return workloads.Result{}, nil // cancelled: register returns ctx.Err()
	}
	for _, err := range errs {
		if err != nil { // a failure seen only at exit, such as output after the last reply
			return workloads.Result{}, fmt.Errorf("process.pipe: %w", err)
		}
	}
	return result(w, func(i int) int64 { return accs[i].Load() }), nil
}

// onPipeReaped, when not nil, is given every worker's Wait error once all of
// them are reaped. Only tests set it, to see how each worker ended.
var onPipeReaped func(errs []error)

// startWorkers starts n workers, or none: on failure it kills and reaps those
// already started.
func startWorkers(n int) ([]*process.Worker, error) {
	workers := make([]*process.Worker, 0, n)
	for k := range n {
		wk, err := process.Start(k)
		if err != nil {
			for _, wk := range workers {
				wk.Kill()
				wk.Wait()
			}
			return nil, err
		}
		workers = append(workers, wk)
	}
	return workers, nil
}

// announce tells wk's reader that program i comes next. If the reader is
// behind, it may be waiting for replies to messages still in wk's buffer, so
// those are flushed before blocking. It returns false if the run ended first
// or the flush failed, with the flush's error.
func announce(ctx context.Context, wk *process.Worker, next chan<- int, i int) (bool, error) {
	select {
	case next <- i:
		return true, nil
	default:
	}
	if err := wk.Flush(); err != nil {
		return false, err
	}
	select {
	case next <- i:
		return true, nil
	case <-ctx.Done():
		return false, nil
	}
}

// receive reads wk's replies for each program announced on next, adding each
// partial sum into the program's accumulator. Readers of different workers
// share the accumulator in shared mode, hence the atomic add.
func receive(wk *process.Worker, w *workloads.Workload, quantum int, next <-chan int, accs []body.AtomicCell) error {
	for i := range next {
		acc := &accs[body.Slot(w, i)]
		for left := len(w.Programs[i]); left > 0; {
			n := min(quantum, left)
			sum, err := wk.Recv(n)
			if err != nil {
				return err
			}
			atomicAdd(&acc.Int64, i, sum, n) // the reply to one message
			left -= n
		}
	}
	return nil
}
