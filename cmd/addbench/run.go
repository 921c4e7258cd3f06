package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

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
	var run []styles.Style
	if *styleName == "all" {
		run = styles.All()
	} else {
		s, err := styles.Lookup(*styleName)
		if err != nil {
			return usageError{err}
		}
		run = []styles.Style{s}
	}

	// Parse every file before running anything, so a bad file produces no
	// output that could be taken for a result.
	w := &workloads.Workload{Name: "files", Mode: mode}
	for _, path := range fs.Args() {
		p, err := workloads.ReadFile(path)
		if err != nil {
			return inputError{err}
		}
		w.Programs = append(w.Programs, p)
	}
	c := styles.Config{Workers: *workers, Quantum: *quantum}
	want := workloads.Reference(w)

	if len(run) == 1 {
		got, err := run[0].Run(context.Background(), w, c)
		if err != nil {
			return err
		}
		printResult(stdout, mode, fs.Args(), got)
		if !run[0].Racy && !got.Equal(want) {
			return fmt.Errorf("%s: result differs from the reference %v", run[0].Name, want.Sums)
		}
		return nil
	}

	printResult(stdout, mode, fs.Args(), want)
	fmt.Fprintf(stdout, "\n%d programs, %d adds, mode %s, quantum %d\n\n", len(w.Programs), w.Adds(), mode, c.Quantum)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STYLE\tLEVEL\tTIME\tNS/ADD\tCHECK")
	// A style that fails (a worker process killed, say) gets its row, and the
	// others still run: their rows are measured work, not to be thrown away.
	var wrong, failed []string
	for _, s := range run {
		start := time.Now()
		got, err := s.Run(context.Background(), w, c)
		took := time.Since(start)
		if err != nil {
			// A style's error may already begin with its name.
			msg := strings.TrimPrefix(err.Error(), s.Name+": ")
			fmt.Fprintf(tw, "%s\t%d\t-\t-\tFAILED: %s\n", s.Name, s.Level, strings.ReplaceAll(msg, "\n", " "))
			failed = append(failed, s.Name)
			continue
		}
		check := "ok"
		switch {
		case s.Racy && got.Lost > 0:
			check = fmt.Sprintf("racy: lost %d of %d adds", got.Lost, w.Adds())
		case s.Racy && !got.Equal(want):
			check = "racy: lost updates"
		case s.Racy:
			check = "racy: lost none this time"
		case !got.Equal(want):
			check = "WRONG: " + differs(got, want)
			wrong = append(wrong, s.Name)
		}
		nsPerAdd := "-"
		if adds := w.Adds(); adds > 0 {
			nsPerAdd = fmt.Sprintf("%.2f", float64(took.Nanoseconds())/float64(adds))
		}
		fmt.Fprintf(tw, "%s\t%d\t%v\t%s\t%s\n", s.Name, s.Level, took.Round(time.Microsecond), nsPerAdd, check)
	}
	if err := tw.Flush(); err != nil {
		return outputError{fmt.Errorf("writing standard output: %w", err)}
	}
	var problems []string
	if len(failed) > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d styles failed: %s", len(failed), len(run), strings.Join(failed, ", ")))
	}
	if len(wrong) > 0 {
		problems = append(problems, fmt.Sprintf("%d styles differ from the reference: %s", len(wrong), strings.Join(wrong, ", ")))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
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

// differs describes the first accumulator where got and want disagree.
func differs(got, want workloads.Result) string {
	if len(got.Sums) != len(want.Sums) {
		return fmt.Sprintf("%d sums, want %d", len(got.Sums), len(want.Sums))
	}
	for i := range got.Sums {
		if got.Sums[i] != want.Sums[i] {
			return fmt.Sprintf("sum %d is %d, want %d", i, got.Sums[i], want.Sums[i])
		}
	}
	return "same sums"
}
