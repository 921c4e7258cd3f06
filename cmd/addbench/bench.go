package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/internal/benchrun"
	"github.com/addbench/addbench/internal/machine"
	"github.com/addbench/addbench/workloads"
)

// benchOptions is what one addbench bench run needs.
type benchOptions struct {
	run    benchrun.Options
	passes int
	seed   uint64
	out    string // result file
	pkg    string // the bench package directory
	// onResult, if set, is called after each benchmark result (for tests).
	onResult func(done int)
}

func cmdBench(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "bench", "[flags]", `
Run the benchmark suite as passes and store its raw results (Go benchmark
format) atomically in results/runs/<machine>-<UTC time>.txt, beginning with
config lines that fingerprint the machine: machine, cpus, go, commit, date,
passes, seed, and (from the test binary) goos, goarch, pkg, cpu, suite.

A pass runs every benchmark once, in an order shuffled by the pass's seed
(derived from -seed, which is printed and recorded): N passes give every
benchmark N samples spread over the whole run, and sample i of every
benchmark comes from pass i, so ratios within the run are paired pass by
pass. go tool benchstat reads the file as usual.

Progress goes to stderr; the path of the result file is printed on stdout.
Interrupting (Ctrl-C) keeps every completed pass, in a file marked
"partial: true". Run it from the root of the addbench repository.`)
	suiteName := fs.String("suite", "default", "suite to run: "+suiteNames())
	passes := fs.Int("passes", 6, "passes over the suite: samples per benchmark (benchstat wants at least 6)")
	cpuList := fs.String("cpu", machine.DefaultCPUList(), "comma-separated GOMAXPROCS values")
	benchRe := fs.String("bench", ".", "go test -bench `regexp` selecting benchmarks")
	benchtime := fs.String("benchtime", "", "go test -benchtime (default: the bench package's 200ms)")
	seed := fs.Uint64("seed", 0, "seed of the pass orders (0: a random seed, printed)")
	out := fs.String("o", "", "result file (default results/runs/<machine>-<UTC time>.txt)")
	force := fs.Bool("force", false, "overwrite the result file if it exists")
	pkg := fs.String("pkg", "./bench", "the bench package directory")
	peers := fs.Bool("peers", false, "run the peers module's benchmarks (styles/peers: our styles, the peer libraries and the primitives), as -pkg ./styles/peers")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("bench takes no arguments, got %q", fs.Args())}
	}
	o, err := benchFlags(*suiteName, *passes, *cpuList, *benchRe, *benchtime)
	if err != nil {
		return err
	}
	o.seed, o.out, o.pkg = *seed, *out, *pkg
	if *peers {
		o.pkg = filepath.Join("styles", "peers")
	}
	if o.seed == 0 {
		o.seed = rand.Uint64()
	}
	if o.out == "" {
		o.out = filepath.Join("results", "runs", fmt.Sprintf("%s-%s.txt", machine.Name(), time.Now().UTC().Format("20060102T150405Z")))
	}
	if _, err := os.Stat(o.out); err == nil && !*force {
		return inputError{fmt.Errorf("%s exists; use -force to overwrite it", o.out)}
	}
	if st, err := os.Stat(o.pkg); err != nil || !st.IsDir() {
		return inputError{fmt.Errorf("bench package %s not found: run addbench bench from the addbench repository root", o.pkg)}
	}
	if err := checkWritable(o.out); err != nil {
		return inputError{err}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runBench(ctx, o, stderr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, o.out)
	return nil
}

// benchFlags checks the flags that bench and ab share.
func benchFlags(suiteName string, passes int, cpuList, benchRe, benchtime string) (benchOptions, error) {
	var o benchOptions
	suite, err := workloads.LookupSuite(suiteName)
	if err != nil {
		return o, usageError{err}
	}
	if passes < 1 || passes > 1000 {
		return o, usageError{fmt.Errorf("-passes must be between 1 and 1000, got %d", passes)}
	}
	cpus, err := parseCPUList(cpuList)
	if err != nil {
		return o, usageError{err}
	}
	if benchtime != "" {
		if err := checkBenchtime(benchtime); err != nil {
			return o, usageError{err}
		}
	}
	o.run = benchrun.Options{Suite: suite.Name, Bench: benchRe, CPU: cpus, Benchtime: benchtime}
	o.passes = passes
	return o, nil
}

// checkWritable makes the result file's directory and proves a file can be
// written there, before a run whose results would otherwise be lost at the
// end.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot write results to %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".addbench-probe-*")
	if err != nil {
		return fmt.Errorf("cannot write results to %s: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

func parseCPUList(s string) ([]int, error) {
	var cpus []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1024 {
			return nil, fmt.Errorf("-cpu %q: want a comma-separated list of positive integers up to 1024", s)
		}
		cpus = append(cpus, n)
	}
	return cpus, nil
}

// checkBenchtime accepts what go test's -benchtime accepts: a duration or a
// count like 100x.
func checkBenchtime(s string) error {
	if n, ok := strings.CutSuffix(s, "x"); ok {
		if v, err := strconv.Atoi(n); err == nil && v > 0 && v <= 1e9 {
			return nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 && d <= time.Hour {
		return nil
	}
	return fmt.Errorf("-benchtime %q: want a positive duration up to 1h (200ms) or count up to 1e9 (100x)", s)
}

// runBench builds the bench package, runs the passes, follows their
// progress, and writes the result file: partial, with the completed passes,
// if the run was interrupted or failed.
func runBench(ctx context.Context, o benchOptions, stderr io.Writer) error {
	tmp, err := os.MkdirTemp("", "addbench-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(stderr, "building %s ...\n", o.pkg)
	bin, err := benchrun.Build(ctx, o.pkg, filepath.Join(tmp, "bench.test"), "")
	if err != nil {
		return err
	}

	var header bytes.Buffer
	for _, kv := range [][2]string{
		{"machine", machine.Name()},
		{"cpus", strconv.Itoa(runtime.NumCPU())},
		{"go", bin.GoVersion()},
		{"commit", benchrun.Commit(o.pkg)},
		{"date", time.Now().UTC().Format(time.RFC3339)},
		{"passes", strconv.Itoa(o.passes)},
		{"seed", strconv.FormatUint(o.seed, 10)},
	} {
		fmt.Fprintf(&header, "%s: %s\n", kv[0], kv[1])
	}
	fmt.Fprintf(stderr, "%d passes of suite %s, seed %d\n", o.passes, o.run.Suite, o.seed)

	p := newProgress(&lockedWriter{w: stderr}, isTerminal(stderr))
	var body bytes.Buffer
	done, completed := 0, 0
	var runErr error
	for pass := range o.passes {
		p.pass = fmt.Sprintf("pass %d/%d", pass+1, o.passes)
		res, err := benchrun.RunPass(ctx, bin, o.run, benchrun.PassSeed(o.seed, pass), func(line string, total int) {
			if pass == 0 && o.run.Bench == "." && total > 0 {
				p.total = total * o.passes // announced by the binary
			}
			done++
			p.update(done, line)
			if o.onResult != nil {
				o.onResult(done)
			}
		}, stderr)
		if err != nil {
			runErr = err
			if ctx.Err() != nil {
				runErr = fmt.Errorf("interrupted in pass %d of %d", pass+1, o.passes)
			}
			break
		}
		for _, l := range res.Lines {
			body.WriteString(l + "\n")
		}
		completed++
		p.total = res.Results * o.passes // a pass's size, counted
	}
	p.finish()

	if runErr != nil {
		header.WriteString("partial: true\n")
	}
	if completed == 0 {
		if runErr == nil {
			runErr = errors.New("no pass completed")
		}
		return fmt.Errorf("%w; no complete pass, no result file written", runErr)
	}
	data := append(header.Bytes(), body.Bytes()...)
	if err := atomicfile.Write(o.out, data); err != nil {
		// Never lose a finished run: keep it where it can be written.
		rescue := filepath.Join(os.TempDir(), filepath.Base(o.out))
		if err2 := os.WriteFile(rescue, data, 0o644); err2 == nil {
			return fmt.Errorf("%w; the results are kept in %s", err, rescue)
		}
		return err
	}
	if runErr != nil {
		return fmt.Errorf("%w; %d complete passes kept in %s (marked partial)", runErr, completed, o.out)
	}
	return nil
}

// suiteNames lists the catalog's suites for a flag's help.
func suiteNames() string {
	var names []string
	for _, s := range workloads.Suites() {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}
