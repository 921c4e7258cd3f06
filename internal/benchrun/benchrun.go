// Package benchrun runs addbench's benchmark suite as passes and collects its
// results in the Go benchmark format.
//
// A pass runs every selected benchmark once (-test.count 1), in an order
// shuffled by the pass's own seed: go test's -test.shuffle orders the
// top-level benchmarks and the bench package's -order the sub-benchmarks.
// Taking N samples as N passes, rather than as one -count N block per
// benchmark, spreads each benchmark's samples over the whole run, so that a
// noisy minute of a shared machine lands on every benchmark a little instead
// of on one benchmark entirely; and sample i of every benchmark comes from
// pass i, which is what lets ratios be paired within a pass. With
// Options.Reps a pass runs the binary that many times, each run over every
// benchmark in an order of its own, and keeps each benchmark's fastest run
// as its sample (fastest).
//
// The runner works on a compiled test binary (Build makes one with go test
// -c, from any directory and with any toolchain), so that two builds can be
// run alternately in one session (addbench ab). It starts the binary in its
// own process group, so an interrupt reaches everything it started; an
// interrupted run keeps every completed pass and drops the one in progress.
package benchrun

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// A Binary is a compiled bench test binary.
type Binary struct {
	Path string
	Dir  string // the package directory it runs in (its testdata, if any)
}

// Build compiles the test binary of the package in pkgDir (a directory
// holding the bench package) into out, with the go command of toolchain (""
// for the default; "go1.27.3" fetches that release through GOTOOLCHAIN).
// A build failure returns the compiler's own messages.
//
// It builds with -trimpath, so that the binary does not depend on where the
// source was checked out: without it, two worktrees of one commit give two
// different binaries (their paths are in the symbol tables), whose code and
// data lie at different offsets — and on this VM callback.eventloop ran
// 1.2× apart between two such builds of the same commit in an A/A, a
// "change" no code made.
func Build(ctx context.Context, pkgDir, out, toolchain string) (Binary, error) {
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-trimpath", "-o", out, ".")
	cmd.Dir = pkgDir
	cmd.Env = os.Environ()
	if toolchain != "" {
		cmd.Env = append(cmd.Env, "GOTOOLCHAIN="+toolchain)
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return Binary{}, fmt.Errorf("building the bench package in %s: %w\n%s", pkgDir, err, strings.TrimSpace(stderr.String()))
	}
	return Binary{Path: out, Dir: pkgDir}, nil
}

// GoVersion returns the Go version the binary was built with.
func (b Binary) GoVersion() string {
	out, err := exec.Command("go", "version", b.Path).Output()
	if err != nil {
		return "unknown"
	}
	// "path: go1.26.8"
	_, v, _ := strings.Cut(strings.TrimSpace(string(out)), ": ")
	return v
}

// Options say what one pass runs.
type Options struct {
	Suite     string // -suite of the bench package: quick, default, full, ...
	Bench     string // -test.bench regular expression; "" means "."
	CPU       []int  // -test.cpu values
	Benchtime string // -test.benchtime; "" for the bench package's default
	// Reps is how many runs of the binary a pass is, each running every
	// benchmark once; the fastest run of each is the pass's sample (see
	// RunPass and fastest). 0 or 1 for one run.
	Reps int
	// Pin starts the binary pinned to as many CPUs as its largest CPU
	// value (one for -cpu 1), the same in every pass (see pin.go): Linux
	// only ([CanPin]).
	Pin bool
}

// A Pass is the outcome of one pass.
type Pass struct {
	Lines   []string // config and benchmark result lines, in order
	Results int      // benchmark result lines among them
}

// RunPass runs the binary over every selected benchmark in the order seed
// gives, calling progress (if not nil) after each result with the result
// line and how many results the pass holds in all (0 while unknown).
// The pass's lines begin with a "pin:" config line: "pin: none", or with
// o.Pin the CPUs the binary was pinned to.
//
// With o.Reps above 1 the pass is that many runs of the binary, one after
// another, each over every benchmark once in an order of its own (the first
// run's is seed's), and keeps each benchmark's fastest run (fastest). A
// benchmark's runs are then a fraction of a pass apart and in different
// processes: on a VM whose host slows a process for seconds at a time
// (docs/bimodal.md), runs back to back in one process share that slowness,
// runs apart do not.
//
// A context that ends interrupts the binary (SIGINT to its process group);
// RunPass then returns ctx.Err().
func RunPass(ctx context.Context, b Binary, o Options, seed uint64, progress func(line string, total int), stderr io.Writer) (Pass, error) {
	var pinned []int
	if o.Pin {
		var err error
		if pinned, err = pinCPUs(o.CPU); err != nil {
			return Pass{}, err
		}
	}
	reps := max(o.Reps, 1)
	p := Pass{Lines: []string{pinLine(pinned)}}
	for r := range reps {
		if r > 0 && ctx.Err() != nil {
			return p, ctx.Err()
		}
		run, err := runOnce(ctx, b, o, repSeed(seed, r), pinned, reps, progress, stderr)
		if r == 0 {
			p.Lines = append(p.Lines, run.Lines...)
		} else {
			// The config lines say what the first run's did; a later
			// run adds its results and its skips (fastest drops a skip
			// seen already).
			for _, line := range run.Lines {
				if IsResultLine(line) || strings.HasPrefix(line, "skipped: ") {
					p.Lines = append(p.Lines, line)
				}
			}
		}
		p.Results += run.Results
		if err != nil {
			if reps > 1 && ctx.Err() == nil {
				err = fmt.Errorf("run %d of %d: %w", r+1, reps, err)
			}
			return p, err
		}
	}
	if reps > 1 {
		p = fastest(p)
	}
	return p, nil
}

// repSeed is the order seed of run r of a pass whose seed is seed: seed
// itself for the first, so that one run a pass is ordered as it always
// was, and a mix of both for the others (splitmix64's finalizer), unlike
// any pass's seed (PassSeed steps by a constant, which r must not).
func repSeed(seed uint64, r int) uint64 {
	if r == 0 {
		return seed
	}
	z := seed + uint64(r)*0xbf58476d1ce4e5b9
	z = (z ^ z>>30) * 0x94d049bb133111eb
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// runOnce runs the binary once over every selected benchmark (-test.count
// 1) in the order seed gives, pinned to pinned if any; reps (the runs of
// the pass) scales the total it reports to progress.
func runOnce(ctx context.Context, b Binary, o Options, seed uint64, pinned []int, reps int, progress func(line string, total int), stderr io.Writer) (Pass, error) {
	bench := o.Bench
	if bench == "" {
		bench = "."
	}
	args := []string{"-test.run", "^$", "-test.bench", bench, "-test.count", "1",
		"-test.shuffle", strconv.FormatUint(seed%(1<<62), 10), "-test.timeout", "0"}
	if len(o.CPU) > 0 {
		args = append(args, "-test.cpu", joinInts(o.CPU))
	}
	if o.Benchtime != "" {
		args = append(args, "-test.benchtime", o.Benchtime)
	}
	args = append(args, "-suite="+o.Suite, "-order="+strconv.FormatUint(seed, 10))

	cmd := exec.Command(b.Path, args...)
	cmd.Dir = b.Dir
	startInGroup(cmd)
	var errBuf bytes.Buffer
	cmd.Stderr = io.MultiWriter(&errBuf, stderr)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return Pass{}, err
	}
	start := cmd.Start
	if o.Pin {
		start = func() error { return startPinned(cmd, pinned) }
	}
	if err := start(); err != nil {
		return Pass{}, fmt.Errorf("starting %s: %w", b.Path, err)
	}
	// On cancellation, SIGINT to the binary's whole process group (worker
	// processes included); whatever still runs after a grace period — a
	// child that ignores SIGINT and holds the output open — gets SIGKILL.
	exited, signalled := make(chan struct{}), make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(signalled)
		if interruptGroup(cmd) != nil {
			killGroup(cmd)
		}
		select {
		case <-exited:
		case <-time.After(killGrace):
			killGroup(cmd)
		}
	})

	var p Pass
	var failure []string
	total := 0
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case IsResultLine(line):
			p.Lines = append(p.Lines, line)
			p.Results++
			if progress != nil {
				progress(line, total)
			}
		case IsConfigLine(line):
			p.Lines = append(p.Lines, line)
			// The bench binary says how many benchmarks a pass of its
			// suite holds at one GOMAXPROCS.
			if n, ok := strings.CutPrefix(line, "suite-benchmarks: "); ok {
				if n, err := strconv.Atoi(n); err == nil {
					total = n * max(1, len(o.CPU)) * reps
				}
			}
		case strings.HasPrefix(line, "--- FAIL"), strings.HasPrefix(line, "    "), strings.HasPrefix(line, "panic:"), strings.HasPrefix(line, "FAIL"):
			failure = append(failure, line)
		}
	}
	scanErr := sc.Err()
	waitErr := cmd.Wait()
	close(exited)
	interrupted := !stop()
	if interrupted {
		// The signalling goroutine may be waiting out its grace period;
		// the binary has exited, so it ends now, and before RunPass does.
		<-signalled
	}
	switch {
	case interrupted:
		return p, ctx.Err()
	case scanErr != nil:
		return p, fmt.Errorf("reading %s output: %w", b.Path, scanErr)
	case waitErr != nil:
		msg := strings.Join(failure, "\n")
		if msg == "" {
			msg = strings.TrimSpace(errBuf.String())
		}
		return p, fmt.Errorf("the bench binary failed after %d results: %w\n%s", p.Results, waitErr, msg)
	case p.Results == 0:
		return p, errors.New("the bench binary ran no benchmark: does -bench select any?")
	}
	return p, nil
}

// fastest keeps, of the runs of each benchmark in p (a pass of Reps runs
// of the binary), the fastest one, by ns/op, in the place of the first: one
// sample per benchmark per pass, as passes pair them. Interference from the
// rest of the machine only ever slows a run down, so the fastest of a few
// short runs is the least disturbed, and its spread from pass to pass is
// smaller than that of one long run (see README, "Measuring"). The other
// values of a line (cpu-ns/op, B/program, …) stay with its run.
// A skip seen already in the pass (the bench package records one per run) is
// dropped; every other config line is kept as it is.
func fastest(p Pass) Pass {
	best := make(map[string]int) // benchmark name → index in out
	seen := make(map[string]bool)
	var out []string
	n := 0
	for _, line := range p.Lines {
		if !IsResultLine(line) {
			if strings.HasPrefix(line, "skipped: ") && !strings.HasSuffix(line, ": ") {
				if seen[line] {
					continue
				}
				seen[line] = true
			}
			out = append(out, line)
			continue
		}
		name := strings.Fields(line)[0]
		i, ok := best[name]
		if !ok {
			best[name] = len(out)
			out = append(out, line)
			n++
			continue
		}
		if t, ok := nsPerOp(line); ok {
			if bt, bok := nsPerOp(out[i]); !bok || t < bt {
				out[i] = line
			}
		}
	}
	return Pass{Lines: out, Results: n}
}

// nsPerOp returns the ns/op value of a result line.
func nsPerOp(line string) (float64, bool) {
	f := strings.Fields(line)
	for i := 3; i < len(f); i += 2 {
		if f[i] == "ns/op" {
			v, err := strconv.ParseFloat(f[i-1], 64)
			return v, err == nil
		}
	}
	return 0, false
}

// killGrace is how long an interrupted binary's process group has to exit
// after SIGINT before it is killed.
const killGrace = 3 * time.Second

// IsResultLine reports whether line is a complete benchmark result: a name,
// an iteration count and at least one value-unit pair.
func IsResultLine(line string) bool {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return false
	}
	_, err := strconv.Atoi(f[1])
	return err == nil
}

// IsConfigLine reports whether line is a benchfmt configuration line
// ("key: value", key lower-case and without spaces), such as "goos: linux".
func IsConfigLine(line string) bool {
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
