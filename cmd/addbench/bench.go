package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/internal/machine"
	"github.com/addbench/addbench/workloads"
)

// benchOptions is what one addbench bench run needs.
type benchOptions struct {
	suite     workloads.Suite
	count     int
	cpus      []int
	benchtime string // "" for the suite's default
	out       string // result file
	pkg       string // the bench package, relative to the working directory
	// onResult, if set, is called after each benchmark result (for tests).
	onResult func(done int)
}

func cmdBench(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "bench", "[flags]", `
Run the benchmark suite with go test and store its raw results (Go benchmark
format) atomically in results/runs/<machine>-<UTC time>.txt, beginning with
config lines that fingerprint the machine: machine, cpus, go, commit, date,
and (from go test) goos, goarch, pkg, cpu, suite. Progress goes to stderr; the
path of the result file is printed on stdout. Interrupting (Ctrl-C) stops go
test and keeps every completed result, in a file marked "partial: true".

Run it from the root of the addbench repository.`)
	suiteName := fs.String("suite", "default", "suite to run: quick, default or full")
	count := fs.Int("count", 6, "runs of each benchmark (benchstat wants at least 6)")
	cpuList := fs.String("cpu", "1,2", "comma-separated GOMAXPROCS values")
	benchtime := fs.String("benchtime", "", "go test -benchtime (default: the bench package's 200ms)")
	out := fs.String("o", "", "result file (default results/runs/<machine>-<UTC time>.txt)")
	force := fs.Bool("force", false, "overwrite the result file if it exists")
	pkg := fs.String("pkg", "./bench", "the bench package")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("bench takes no arguments, got %q", fs.Args())}
	}
	suite, err := workloads.LookupSuite(*suiteName)
	if err != nil {
		return usageError{err}
	}
	if *count < 1 {
		return usageError{fmt.Errorf("-count must be at least 1, got %d", *count)}
	}
	cpus, err := parseCPUList(*cpuList)
	if err != nil {
		return usageError{err}
	}
	if *benchtime != "" {
		if err := checkBenchtime(*benchtime); err != nil {
			return usageError{err}
		}
	}
	o := benchOptions{suite: suite, count: *count, cpus: cpus, benchtime: *benchtime, out: *out, pkg: *pkg}
	if o.out == "" {
		o.out = filepath.Join("results", "runs", fmt.Sprintf("%s-%s.txt", machine.Name(), time.Now().UTC().Format("20060102T150405Z")))
	}
	if _, err := os.Stat(o.out); err == nil && !*force {
		return inputError{fmt.Errorf("%s exists; use -force to overwrite it", o.out)}
	}
	if _, err := os.Stat(o.pkg); err != nil {
		return inputError{fmt.Errorf("bench package %s not found: run addbench bench from the addbench repository root (%w)", o.pkg, err)}
	}
	if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runBench(ctx, o, stderr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, o.out)
	return nil
}

func parseCPUList(s string) ([]int, error) {
	var cpus []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-cpu %q: want a comma-separated list of positive integers", s)
		}
		cpus = append(cpus, n)
	}
	return cpus, nil
}

// checkBenchtime accepts what go test's -benchtime accepts: a duration or a
// count like 100x.
func checkBenchtime(s string) error {
	if n, ok := strings.CutSuffix(s, "x"); ok {
		if v, err := strconv.Atoi(n); err == nil && v > 0 {
			return nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return nil
	}
	return fmt.Errorf("-benchtime %q: want a positive duration (200ms) or count (100x)", s)
}

// runBench runs go test on the bench package, follows its progress, and
// writes the result file, partial if the run was interrupted or failed.
func runBench(ctx context.Context, o benchOptions, stderr io.Writer) error {
	passes := o.count * len(o.cpus)
	args := []string{"test", "-json", "-run", "^$", "-bench", ".", "-timeout", "0",
		"-count", strconv.Itoa(o.count), "-cpu", joinInts(o.cpus)}
	if o.benchtime != "" {
		args = append(args, "-benchtime", o.benchtime)
	}
	args = append(args, o.pkg, "-args", "-suite="+o.suite.Name)

	var header bytes.Buffer
	for _, kv := range [][2]string{
		{"machine", machine.Name()},
		{"cpus", strconv.Itoa(runtime.NumCPU())},
		{"go", goVersion()},
		{"commit", gitCommit()},
		{"date", time.Now().UTC().Format(time.RFC3339)},
	} {
		fmt.Fprintf(&header, "%s: %s\n", kv[0], kv[1])
	}

	// go test's stderr and the progress display share stderr from two
	// goroutines; the lock keeps their writes whole (and hides the
	// bytes.Buffer ReadFrom that exec would otherwise use, which would
	// truncate the progress written during it).
	tty := isTerminal(stderr)
	stderr = &lockedWriter{w: stderr}
	cmd := exec.Command("go", args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so an interrupt reaches the test binary too
	cmd.Stderr = stderr
	events, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting go test: %w", err)
	}
	// On interrupt, signal go test's whole process group, test binary
	// included; it stops at once and go test exits.
	var interrupted atomic.Bool
	stopWatch := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Go(func() {
		select {
		case <-ctx.Done():
			interrupted.Store(true)
			syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		case <-stopWatch:
		}
	})

	p := newProgress(stderr, tty)
	var body bytes.Buffer
	var failure []string
	done := 0
	scanErr := scanTestOutput(events, func(line string) {
		switch {
		case isResultLine(line):
			body.WriteString(line + "\n")
			done++
			p.update(done, line)
			if o.onResult != nil {
				o.onResult(done)
			}
		case isConfigLine(line):
			body.WriteString(line + "\n")
			// The bench binary announces how many benchmarks a pass of
			// its suite holds, in this build.
			if n, ok := strings.CutPrefix(line, "suite-benchmarks: "); ok {
				if n, err := strconv.Atoi(n); err == nil {
					p.total = n * passes
				}
			}
		case strings.HasPrefix(line, "--- FAIL"), strings.HasPrefix(line, "    "), strings.HasPrefix(line, "panic:"):
			failure = append(failure, line)
		}
	})
	waitErr := cmd.Wait()
	close(stopWatch)
	watcher.Wait()
	p.finish()

	partial := true
	var runErr error
	switch {
	case interrupted.Load():
		runErr = fmt.Errorf("interrupted after %d of %d benchmarks", done, p.total)
	case scanErr != nil:
		runErr = fmt.Errorf("reading go test output: %w", scanErr)
	case waitErr != nil:
		runErr = fmt.Errorf("go test failed after %d of %d benchmarks: %w\n%s", done, p.total, waitErr, strings.Join(failure, "\n"))
	default:
		partial = false
	}
	if partial {
		header.WriteString("partial: true\n")
	}
	if done == 0 {
		if runErr == nil {
			runErr = errors.New("go test produced no benchmark results")
		}
		return fmt.Errorf("%w; no result file written", runErr)
	}
	if err := atomicfile.Write(o.out, append(header.Bytes(), body.Bytes()...)); err != nil {
		return err
	}
	if runErr != nil {
		return fmt.Errorf("%w; %d results kept in %s (marked partial)", runErr, done, o.out)
	}
	return nil
}

// A lockedWriter serialises writes from several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// scanTestOutput decodes go test -json events and calls line for each line
// of the test binary's output. Output events may split or join lines, so
// lines are reassembled here.
func scanTestOutput(r io.Reader, line func(string)) error {
	dec := json.NewDecoder(bufio.NewReader(r))
	var pending strings.Builder
	for {
		var ev struct{ Action, Output string }
		if err := dec.Decode(&ev); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		if ev.Action != "output" {
			continue
		}
		text := ev.Output
		for {
			i := strings.IndexByte(text, '\n')
			if i < 0 {
				pending.WriteString(text)
				break
			}
			pending.WriteString(text[:i])
			line(pending.String())
			pending.Reset()
			text = text[i+1:]
		}
	}
	if pending.Len() > 0 {
		line(pending.String())
	}
	return nil
}

// isResultLine reports whether line is a complete benchmark result: a name,
// an iteration count and at least one value-unit pair.
func isResultLine(line string) bool {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return false
	}
	_, err := strconv.Atoi(f[1])
	return err == nil
}

// isConfigLine reports whether line is a benchfmt configuration line
// ("key: value", key lower-case and without spaces), such as go test's
// "goos: linux".
func isConfigLine(line string) bool {
	key, _, ok := strings.Cut(line, ": ")
	return ok && key != "" && !strings.ContainsAny(key, " \t") && key[0] >= 'a' && key[0] <= 'z'
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// gitCommit returns the short commit hash, with "-dirty" if the work tree has
// uncommitted changes (the results may then not match the commit).
func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	commit := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		commit += "-dirty"
	}
	return commit
}
