package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/addbench/addbench/internal/crosscheck"
	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// maxWorkers bounds -workers. A parallel style starts up to that many
// goroutines, process.pipe as many processes, and a striped style allocates
// a padded cell for each; far past the CPU count they measure only the
// scheduler's queue, and a billion of them exhausts memory.
const maxWorkers = 1024

func cmdRun(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "run", "[flags] FILE...", `
Run Add files, one program per file, and print the result: each program's
sum in private mode, the total in shared mode. With -style all (the
default) every style runs the same workload and gets one line: its result
against the reference, how long it took and the cost per add. A style whose
result differs from the reference fails the run (exit status 1), except
preempt.racy, which loses updates on purpose and reports how many.`)
	styleName := fs.String("style", "all", "style to run, or all")
	mode := workloads.Private
	fs.TextVar(&mode, "mode", workloads.Private, "private (one accumulator per program) or shared (one for all)")
	quantum := fs.Int("quantum", styles.DefaultQuantum, "adds between interaction points (≥ 1)")
	workers := fs.Int("workers", 0, fmt.Sprintf("goroutines (process.pipe: processes) for parallel styles, at most %d (0 means GOMAXPROCS)", maxWorkers))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := firstError(
		atLeast("quantum", *quantum, 1),
		inRange("workers", *workers, 0, maxWorkers),
	); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{errors.New("run needs at least one Add file")}
	}
	run, err := lookupStyles(*styleName)
	if err != nil {
		return err
	}
	// Parse every file before running anything, so a bad file produces no
	// output that could be taken for a result.
	w, err := readWorkload(mode, fs.Args())
	if err != nil {
		return err
	}
	c := styles.Config{Workers: *workers, Quantum: *quantum}
	if len(run) == 1 {
		got, err := run[0].Run(context.Background(), w, c)
		if err != nil {
			return err
		}
		printResult(stdout, mode, fs.Args(), got)
		return crosscheck.Check(run[0], got, workloads.Reference(w))
	}
	// A style that fails (a worker process killed, say) gets its row, and the
	// others still run: their rows are measured work, not to be thrown away.
	r := crosscheck.New(w, c)
	printResult(stdout, mode, fs.Args(), r.Want)
	r.Run(context.Background(), run...)
	if err := r.WriteTable(stdout); err != nil {
		return outputError{fmt.Errorf("writing standard output: %w", err)}
	}
	return r.Err()
}

// lookupStyles returns the style named name, or every style for "all".
func lookupStyles(name string) ([]styles.Style, error) {
	if name == "all" {
		return styles.All(), nil
	}
	s, err := styles.Lookup(name)
	if err != nil {
		return nil, usageError{err}
	}
	return []styles.Style{s}, nil
}

// readWorkload reads one program from each Add file into a workload of the
// given mode.
func readWorkload(mode workloads.Mode, paths []string) (*workloads.Workload, error) {
	w := &workloads.Workload{Name: "files", Mode: mode}
	for _, path := range paths {
		p, err := workloads.ReadFile(path)
		if err != nil {
			return nil, inputError{err}
		}
		w.Programs = append(w.Programs, p)
	}
	return w, nil
}

// printResult prints one line per file (private) or the total (shared).
func printResult(w io.Writer, mode workloads.Mode, files []string, r workloads.Result) {
	if mode == workloads.Shared {
		fmt.Fprintf(w, "total\t%d\n", r.Sums[0])
		return
	}
	for i, f := range files {
		fmt.Fprintf(w, "%s\t%d\n", f, r.Sums[i])
	}
}
