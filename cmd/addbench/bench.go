package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

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
	force  bool   // replace out if it exists; else never, not even one that appears during the run
	pkg    string // the bench package directory
	// onResult, if set, is called after each benchmark result (for tests).
	onResult func(done int)
}

func cmdBench(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "bench", "[flags]", `
Run the benchmark suite as passes and store its raw results (Go benchmark
format) atomically in results/runs/<machine>-<UTC time>.txt, beginning with
config lines that fingerprint the machine: machine, cpus, go, commit, date,
pairing, passes, seed, session, and (from the test binary) goos, goarch, pkg,
cpu, suite.

A pass runs every benchmark once, in an order shuffled by the pass's seed
(derived from -seed, which is printed and recorded) — the cases, and the
styles within each case, so that a style runs seconds from the plain loop on
the same workload: N passes give every
benchmark N samples spread over the whole run, and sample i of every
benchmark comes from pass i, so ratios within the run are paired pass by
pass. A pass is -reps runs of the bench binary, one after another, each
running every benchmark once, in an order of its own, for 1/reps of
-benchtime; a benchmark's fastest run is the pass's sample (recorded as the
reps: config line): a run slowed by the rest of the machine — interference
only ever slows — does not set it, and runs a fraction of a pass apart, in
different processes, are seldom slowed alike. go tool benchstat reads
the file as usual.

Progress goes to stderr; the path of the result file is printed on stdout.
Interrupting (Ctrl-C) keeps every completed pass, in a file marked
"partial: true". Without -force no file is ever replaced, not even one that
another run wrote under the same name while this one ran: then this run's
results are kept in a new file in the temporary directory, which the error
names (exit 2). Run it from the root of the addbench repository.`)
	suiteName := fs.String("suite", "default", "suite to run: "+suiteNames())
	passes := fs.Int("passes", 6, "passes over the suite: samples per benchmark (benchstat wants at least 6)")
	cpuList := fs.String("cpu", machine.DefaultCPUList(), "comma-separated GOMAXPROCS values")
	benchRe := fs.String("bench", ".", "go test -bench `regexp` selecting benchmarks")
	benchtime := fs.String("benchtime", "", "time (200ms) or iterations (100x) per sample, shared by its -reps runs (default: the bench package's 200ms; go test's 1s with -peers)")
	reps := fs.Int("reps", 0, "runs of the bench binary per pass, each running every benchmark once in its own order for 1/reps of -benchtime; a benchmark's fastest run is the pass's sample, since interference only slows a run down (0: 3, or 1 for -suite scale, whose Runs take seconds)")
	seed := fs.Uint64("seed", 0, "seed of the pass orders (0: a random seed, printed)")
	out := fs.String("o", "", "result file (default results/runs/<machine>-<UTC time>.txt)")
	force := fs.Bool("force", false, "overwrite the result file if it exists")
	pkg := fs.String("pkg", "./bench", "the bench package directory")
	pin := fs.Bool("pin", false, "run every benchmark process pinned to one CPU (as many as its largest -cpu value), the same in every pass; recorded as the pin: config line (Linux only)")
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
	if o.run.Pin, err = pinFlag(*pin); err != nil {
		return err
	}
	o.seed, o.out, o.pkg, o.force = orRandom(*seed), *out, *pkg, *force
	sample := "200ms" // the bench package's default benchtime
	if *peers {
		o.pkg = filepath.Join("styles", "peers")
		sample = "1s" // go test's: the peers module keeps it
	}
	if *reps < 0 || *reps > 100 {
		return usageError{fmt.Errorf("-reps must be between 1 and 100 (0: the default), got %d", *reps)}
	}
	if *reps == 0 {
		*reps = defaultReps(o.run.Suite)
	}
	if *reps > 1 {
		if *benchtime != "" {
			sample = *benchtime
		}
		o.run.Reps, o.run.Benchtime = *reps, repBenchtime(sample, *reps)
	}
	if o.out == "" {
		// Nanoseconds and the process id: two runs started in the same
		// second must not replace one another. Fixed width, so that the
		// names still sort by time (baseline takes the last).
		o.out = filepath.Join("results", "runs", fmt.Sprintf("%s-%s-%d.txt", machine.Name(), time.Now().UTC().Format("20060102T150405.000000000Z"), os.Getpid()))
	}
	if err := checkTarget(o.out, *force); err != nil {
		return err
	}
	if st, err := os.Stat(o.pkg); err != nil || !st.IsDir() {
		return inputError{fmt.Errorf("bench package %s not found: run addbench bench from the addbench repository root", o.pkg)}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runBench(ctx, o, stderr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, o.out)
	return nil
}

// orRandom returns seed, or a random seed for 0.
func orRandom(seed uint64) uint64 {
	if seed == 0 {
		return rand.Uint64()
	}
	return seed
}

// checkTarget refuses a result file that exists (without force) or that is
// not a regular file, and proves that its directory can be written, before
// a run whose results would otherwise be lost at its end.
func checkTarget(path string, force bool) error {
	if st, err := os.Lstat(path); err == nil {
		if !st.Mode().IsRegular() {
			return inputError{fmt.Errorf("%s exists and is not a regular file", path)}
		}
		if !force {
			return inputError{fmt.Errorf("%s exists; use -force to overwrite it", path)}
		}
	}
	if err := checkWritable(path); err != nil {
		return inputError{err}
	}
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
	// Checked here, not by the bench binary minutes later (after a build,
	// in ab after two).
	if _, err := regexp.Compile(benchRe); err != nil {
		return o, usageError{fmt.Errorf("-bench: %w", err)}
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

// pinFlag checks -pin: an error where benchmark processes cannot be pinned.
func pinFlag(pin bool) (bool, error) {
	if !pin {
		return false, nil
	}
	if err := benchrun.CanPin(); err != nil {
		return false, usageError{fmt.Errorf("-pin: %w", err)}
	}
	return true, nil
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

// defaultReps is -reps when not given: the fastest of three runs, but one
// run on the scale suite, whose Runs at 10^5 and 10^6 programs take up to
// RunCap each, so that three would triple a run of a quarter of an hour.
func defaultReps(suite string) int {
	if suite == "scale" {
		return 1
	}
	return 3
}

// repBenchtime returns the -test.benchtime of one of reps runs that share a
// sample's benchtime (checked by checkBenchtime): a duration divided by
// reps, a count divided and rounded up.
func repBenchtime(benchtime string, reps int) string {
	if n, ok := strings.CutSuffix(benchtime, "x"); ok {
		v, _ := strconv.Atoi(n)
		return strconv.Itoa((v+reps-1)/reps) + "x"
	}
	d, _ := time.ParseDuration(benchtime)
	return max(d/time.Duration(reps), time.Microsecond).String()
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
	report, finish, errw := benchrun.NewProgress(stderr)
	s := &benchrun.Session{
		Sides:   []*benchrun.Side{{Binary: bin, Commit: benchrun.Commit(o.pkg)}},
		Options: o.run, Passes: o.passes, Seed: o.seed, Stderr: errw,
		Progress: func(st benchrun.Status) {
			report(st)
			if o.onResult != nil {
				o.onResult(st.Done)
			}
		},
	}
	fmt.Fprintf(stderr, "%d passes of suite %s, seed %d\n", o.passes, o.run.Suite, o.seed)
	runErr := s.Run(ctx)
	finish()
	if s.Empty() {
		return runErr
	}
	// Checked before the run, the name may still be taken at its end: by
	// a second run given the same -o that finished first. Without -force,
	// its file stays and these results go to the rescue.
	write := s.WriteNew
	if o.force {
		write = s.Write
	}
	if err := write(o.out); err != nil {
		return outputError{err}
	}
	if runErr != nil {
		return fmt.Errorf("%w; %d complete passes kept in %s (marked partial)", runErr, s.Completed, o.out)
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
