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
	"syscall"
	"time"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/internal/benchrun"
	"github.com/addbench/addbench/internal/machine"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/history"
)

func cmdAB(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "ab", "[flags]", `
Compare two builds of addbench on this machine in one session: the way to
tell a regression from the drift of a shared machine.

ab builds the bench test binary of each side — a commit (-base, -head),
checked out in a temporary git worktree, or the working tree with its
uncommitted changes (-head's default); with -base-go or -head-go, through
that Go toolchain (GOTOOLCHAIN, fetched by the go command) — checks that both
run, then runs -passes passes, each pass running both sides in an order
drawn at random, every benchmark once per side in the pass's shuffled order.
It writes DIR/base.txt and DIR/head.txt (Go benchmark format; commit and Go
version in their config lines) and gives the verdict: a regression is a
change significant after Holm's correction for the number of benchmarks
compared (paired t-test on per-pass ratios) and worse than -threshold. Exit
status 1 on a regression, 2 on bad input; worktrees and binaries are removed
on every exit, Ctrl-C included, and a partial run keeps its completed passes.

With -history DIR, the head/base ratio of every benchmark is appended to the
history in DIR (see addbench history).`)
	base := fs.String("base", "HEAD", "base `revision` (\"\" for the working tree)")
	head := fs.String("head", "", "head `revision` (default: the working tree, uncommitted changes included)")
	baseGo := fs.String("base-go", "", "Go `toolchain` for the base, e.g. go1.26.8 (default: the go command's)")
	headGo := fs.String("head-go", "", "Go `toolchain` for the head, e.g. go1.27.3")
	suiteName := fs.String("suite", "quick", "suite to run: "+suiteNames())
	benchRe := fs.String("bench", ".", "go test -bench `regexp` selecting benchmarks")
	cpuList := fs.String("cpu", "1,2", "comma-separated GOMAXPROCS values")
	benchtime := fs.String("benchtime", "", "go test -benchtime (default: the bench package's 200ms)")
	passes := fs.Int("passes", 10, "passes: samples per benchmark and side (10 or more lets Holm's correction flag a clear change)")
	seed := fs.Uint64("seed", 0, "seed of the pass orders and side orders (0: random, printed)")
	out := fs.String("o", "", "output `directory` (default results/ab/<machine>-<UTC time>)")
	hist := fs.String("history", "", "append the ratios to the history in this `directory` (e.g. results/history)")
	force := fs.Bool("force", false, "overwrite base.txt and head.txt in the output directory")
	optsFlag := optionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("ab takes no arguments, got %q", fs.Args())}
	}
	o, err := benchFlags(*suiteName, *passes, *cpuList, *benchRe, *benchtime)
	if err != nil {
		return err
	}
	opts, err := optsFlag()
	if err != nil {
		return err
	}
	if *base == *head && *baseGo == *headGo {
		fmt.Fprintf(stderr, "note: base and head are the same build: an A/A run, which should find nothing\n")
	}
	if *seed == 0 {
		*seed = rand.Uint64()
	}
	repo, err := benchrun.RepoRoot(".")
	if err != nil {
		return inputError{fmt.Errorf("ab needs a git repository: %w", err)}
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", "ab", fmt.Sprintf("%s-%s", machine.Name(), time.Now().UTC().Format("20060102T150405Z")))
	}
	basePath, headPath := filepath.Join(dir, "base.txt"), filepath.Join(dir, "head.txt")
	if err := checkOverwrite(dir, *force, "base.txt", "head.txt"); err != nil {
		return err
	}
	if err := checkWritable(basePath); err != nil {
		return inputError{err}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tmp, err := os.MkdirTemp("", "addbench-ab-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	type spec struct{ name, rev, goVersion string }
	var sides [2]*benchrun.Side
	var trees [2]*benchrun.Tree
	defer func() {
		for _, t := range trees {
			t.Close()
		}
	}()
	for i, sp := range []spec{{"base", *base, *baseGo}, {"head", *head, *headGo}} {
		what := sp.rev
		if what == "" {
			what = "the working tree"
		}
		fmt.Fprintf(stderr, "building %s: %s%s ...\n", sp.name, what, goNote(sp.goVersion))
		t, err := benchrun.Checkout(ctx, repo, sp.rev, tmp)
		if err != nil {
			return inputError{err}
		}
		trees[i] = t
		bin, err := benchrun.Build(ctx, filepath.Join(t.Dir, "bench"), benchrun.TempBinary(tmp, sp.name), sp.goVersion)
		if err != nil {
			return fmt.Errorf("%s: %w", sp.name, err)
		}
		sides[i] = &benchrun.Side{Name: sp.name, Binary: bin}
		if err := sides[i].Check(ctx, o.run); err != nil {
			return err
		}
	}

	fmt.Fprintf(stderr, "%d passes of suite %s, base and head alternating, seed %d\n", o.passes, o.run.Suite, *seed)
	p := newProgress(&lockedWriter{w: stderr}, isTerminal(stderr))
	done, perPass := 0, 0
	completed, runErr := benchrun.Alternate(ctx, sides, o.run, o.passes, *seed, func(pass int, side, line string, total int) {
		switch {
		case pass > 0:
			if perPass == 0 {
				perPass = done // the first pass of both sides, counted
			}
			p.total = perPass * o.passes
		case o.run.Bench == "." && total > 0:
			p.total = 2 * total * o.passes // announced by the binary
		}
		p.pass = fmt.Sprintf("pass %d/%d %s", pass+1, o.passes, side)
		done++
		p.update(done, line)
	}, stderr)
	p.finish()
	if completed == 0 {
		if runErr == nil {
			runErr = errors.New("no pass completed")
		}
		return fmt.Errorf("%w; no complete pass, nothing written", runErr)
	}

	date := time.Now().UTC().Format(time.RFC3339)
	for i, path := range []string{basePath, headPath} {
		var b bytes.Buffer
		for _, kv := range [][2]string{
			{"machine", machine.Name()},
			{"cpus", strconv.Itoa(runtime.NumCPU())},
			{"go", sides[i].Binary.GoVersion()},
			{"commit", trees[i].Commit},
			{"date", date},
			{"passes", strconv.Itoa(completed)},
			{"seed", strconv.FormatUint(*seed, 10)},
		} {
			fmt.Fprintf(&b, "%s: %s\n", kv[0], kv[1])
		}
		if runErr != nil {
			b.WriteString("partial: true\n")
		}
		for _, l := range sides[i].Lines {
			b.WriteString(l + "\n")
		}
		if err := atomicfile.Write(path, b.Bytes()); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %s and %s\n", basePath, headPath)
	if runErr != nil {
		return fmt.Errorf("%w; %d complete passes kept in %s (marked partial)", runErr, completed, dir)
	}

	set, err := results.Load("base="+basePath, "head="+headPath)
	if err != nil {
		return inputError{err}
	}
	c, err := benchtab.Compare(set, opts)
	if err != nil {
		return inputError{err}
	}
	var tables bytes.Buffer
	if err := c.WriteText(&tables); err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, "compare.txt"), tables.Bytes()); err != nil {
		return err
	}
	v := c.Verdict()
	if *hist != "" {
		path, err := history.Append(*hist, history.FromComparison(c, history.Run{
			Machine: machine.Name(), Date: date,
			Base: trees[0].Commit, Head: trees[1].Commit,
			BaseGo: sides[0].Binary.GoVersion(), HeadGo: sides[1].Binary.GoVersion(),
			Suite: o.run.Suite, Passes: completed,
		}))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "history: %s\n", path)
	}
	fmt.Fprintf(stdout, "tables: %s (go tool benchstat -table '' %s %s)\n", filepath.Join(dir, "compare.txt"), basePath, headPath)
	return writeVerdict(stdout, v)
}

func goNote(v string) string {
	if v == "" {
		return ""
	}
	return " with " + v
}
