package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/internal/benchrun"
	"github.com/addbench/addbench/internal/machine"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/history"
)

// An abConfig is what one addbench ab session needs.
type abConfig struct {
	run            benchrun.Options
	opts           benchtab.Options
	pairing        benchrun.Pairing
	passes         int
	budget         time.Duration
	mde            float64 // the detectable change, in percent, a benchmark is measured down to
	block          int     // samples of each side in an ABBA block
	seed           uint64
	base, head     string // revisions; "" for the working tree
	baseGo, headGo string
	dir, history   string
	force          bool
}

// abHelp is ab's -h text.
const abHelp = `
Compare two builds of addbench on this machine in one session: the way to
tell a regression from the drift of a shared machine.

ab builds the bench test binary of each side — a commit (-base, -head),
checked out in a temporary git worktree, or the working tree with its
uncommitted changes (-head's default); with -base-go or -head-go, through
that Go toolchain (GOTOOLCHAIN, fetched by the go command, and checked
before anything is created) — and checks that both run. Then, with -pairing
abba (the default), it runs one pass of the base to list the benchmarks and
their iteration counts (at -benchtime, 30ms by default), and rounds of
blocks: per benchmark, base, head, head, base then its mirror, head, base,
base, head (which comes first is a coin toss), each a process of its own,
all within a second or two. A block's pair is the fastest of each build's
four samples: interference only slows, and a process can start in a slow
state for its whole life, so the fastest of four is the one least disturbed
(-block 2 runs plain ABBA blocks). A benchmark gets blocks until the change
it could detect is at most -mde percent (at 80 % power), or until -budget
runs out. With -pairing passes, whole passes of each side alternate
instead, -passes of them.

It writes DIR/base.txt and DIR/head.txt (Go benchmark format; commit, Go
version, pairing and session in their config lines), DIR/compare.txt
(benchstat's tables), and gives the verdict: a regression is a change
significant after Holm's correction for the number of benchmarks compared —
Wilcoxon's signed-rank test on the log ratios of the pairs, which one-sided
outliers cannot blow up — and worse than -threshold. Every benchmark it
calls unchanged says the smallest change it could have detected. Exit status
1 on a regression and only then, 2 on bad input or a failed run; worktrees
and binaries are removed on every exit, Ctrl-C included, and an interrupted
run keeps its complete blocks or passes.

With -history DIR, the head/base ratio of every benchmark is appended to the
history in DIR (see addbench history).`

func cmdAB(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "ab", "[flags]", abHelp)
	base := fs.String("base", "HEAD", "base `revision` (\"\" for the working tree)")
	head := fs.String("head", "", "head `revision` (default: the working tree, uncommitted changes included)")
	baseGo := fs.String("base-go", "", "Go `toolchain` for the base, e.g. go1.26.8 (default: the go command's)")
	headGo := fs.String("head-go", "", "Go `toolchain` for the head, e.g. go1.27.3")
	suiteName := fs.String("suite", "quick", "suite to run: "+suiteNames())
	benchRe := fs.String("bench", ".", "go test -bench `regexp` selecting benchmarks")
	cpuList := fs.String("cpu", "1,2", "comma-separated GOMAXPROCS values")
	benchtime := fs.String("benchtime", "", "go test -benchtime of the first pass, whose iteration counts every block then uses (default: 30ms with -pairing abba, the bench package's 200ms with passes)")
	pin := fs.Bool("pin", false, "run every benchmark process of both sides pinned to one CPU (as many as its largest -cpu value), the same throughout; recorded as the pin: config line (Linux only)")
	pairing := fs.String("pairing", "abba", "how samples are paired: abba (per benchmark, seconds apart) or passes (whole passes alternate)")
	passes := fs.Int("passes", 0, "with -pairing passes: passes to run (default 10); with abba: the most rounds (default: no limit)")
	budget := fs.Duration("budget", 3*time.Minute, "with -pairing abba: start no block after this long (0: no limit)")
	mde := fs.Float64("mde", 3, "with -pairing abba: give a benchmark blocks until the change it could detect is at most this many percent")
	block := fs.Int("block", 4, "with -pairing abba: samples of each build in a block, an even number: 2 runs ABBA, 4 ABBA BAAB; the fastest of each side makes the block's pair")
	seed := fs.Uint64("seed", 0, "seed of the orders of passes, benchmarks and sides (0: random, printed)")
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
	if *benchtime == "" && *pairing == "abba" {
		// Many short samples beat a few long ones: a block's pair is the
		// fastest sample of each side, so what matters is how many
		// processes a block has to choose from (see -block).
		*benchtime = "30ms"
	}
	c, err := abFlags(*suiteName, *passes, *cpuList, *benchRe, *benchtime, *pairing, *budget, *mde)
	if err != nil {
		return err
	}
	if *block < 2 || *block > 64 || *block%2 != 0 {
		return usageError{fmt.Errorf("-block must be an even number from 2 to 64, got %d", *block)}
	}
	c.block = *block
	if c.opts, err = optsFlag(); err != nil {
		return err
	}
	if c.run.Pin, err = pinFlag(*pin); err != nil {
		return err
	}
	c.base, c.head, c.baseGo, c.headGo = *base, *head, *baseGo, *headGo
	c.seed, c.dir, c.history, c.force = orRandom(*seed), *out, *hist, *force
	if c.dir == "" {
		c.dir = filepath.Join("results", "ab", fmt.Sprintf("%s-%s", machine.Name(), time.Now().UTC().Format("20060102T150405Z")))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runAB(ctx, c, stdout, stderr)
}

// abFlags checks ab's flags about the run.
func abFlags(suiteName string, passes int, cpuList, benchRe, benchtime, pairing string, budget time.Duration, mde float64) (abConfig, error) {
	var c abConfig
	p, err := benchrun.ParsePairing(pairing)
	if err != nil {
		return c, usageError{fmt.Errorf("-pairing: %w", err)}
	}
	if passes == 0 && p == benchrun.Passes {
		passes = 10
	}
	o, err := benchFlags(suiteName, max(passes, 1), cpuList, benchRe, benchtime)
	if err != nil {
		return c, err
	}
	switch {
	case passes < 0:
		return c, usageError{fmt.Errorf("-passes must be between 0 and 1000, got %d", passes)}
	case budget < 0 || budget > 24*time.Hour:
		return c, usageError{fmt.Errorf("-budget must be between 0 and 24h, got %v", budget)}
	case !(mde > 0 && mde <= 100):
		return c, usageError{fmt.Errorf("-mde must be a percentage in (0, 100], got %g", mde)}
	case p == benchrun.ABBA && passes == 0 && budget == 0:
		return c, usageError{fmt.Errorf("-pairing abba needs -passes or -budget to end")}
	}
	return abConfig{run: o.run, pairing: p, passes: passes, budget: budget, mde: mde}, nil
}

// runAB builds both sides, runs the session, writes its files and gives the
// verdict.
func runAB(ctx context.Context, c abConfig, stdout, stderr io.Writer) error {
	repo, err := benchrun.RepoRoot(".")
	if err != nil {
		return inputError{fmt.Errorf("ab needs a git repository: %w", err)}
	}
	if !filepath.IsAbs(c.dir) {
		c.dir = filepath.Join(repo, c.dir) // the repository's results/, from any subdirectory
	}
	// Everything that can be checked before the output directory or a
	// worktree exists is: a bad revision or toolchain leaves nothing behind.
	if err := checkSides(ctx, repo, c, stderr); err != nil {
		return err
	}
	basePath, headPath := filepath.Join(c.dir, "base.txt"), filepath.Join(c.dir, "head.txt")
	if err := checkOverwrite(c.dir, c.force, "base.txt", "head.txt"); err != nil {
		return err
	}
	if err := checkWritable(basePath); err != nil {
		return inputError{err}
	}
	if c.base == c.head && c.baseGo == c.headGo {
		fmt.Fprintf(stderr, "note: base and head are the same build: an A/A run, which should find nothing\n")
	}
	s, closeSides, err := prepareSides(ctx, repo, c, stderr)
	defer closeSides()
	if err != nil {
		if errors.As(err, new(inputError)) {
			return err
		}
		return runError{err}
	}
	report, finish, errw := benchrun.NewProgress(stderr)
	s.Progress, s.Stderr = report, errw
	runErr := s.Run(ctx)
	finish()
	if s.Empty() {
		return runError{runErr}
	}
	// Without -force, not over the files of another ab given the same
	// -o that finished first: these go to the rescue instead.
	write := s.WriteNew
	if c.force {
		write = s.Write
	}
	if err := write(basePath, headPath); err != nil {
		return outputError{err}
	}
	fmt.Fprintf(stdout, "wrote %s and %s\n", basePath, headPath)
	if runErr != nil {
		return runError{fmt.Errorf("%w; the complete part is kept in %s (marked partial)", runErr, c.dir)}
	}
	return judgeAB(c, s, basePath, headPath, stdout)
}

// checkSides resolves both revisions and checks that each toolchain named
// exists, fetching it as the build would.
func checkSides(ctx context.Context, repo string, c abConfig, stderr io.Writer) error {
	for _, rev := range []string{c.base, c.head} {
		if _, err := benchrun.Resolve(ctx, repo, rev); err != nil {
			return inputError{err}
		}
	}
	for _, tc := range [][2]string{{"-base-go", c.baseGo}, {"-head-go", c.headGo}} {
		if tc[1] == "" || tc[0] == "-head-go" && tc[1] == c.baseGo {
			continue
		}
		fmt.Fprintf(stderr, "checking Go toolchain %s ...\n", tc[1])
		if err := benchrun.CheckToolchain(ctx, tc[1]); err != nil {
			return usageError{fmt.Errorf("%s: %w", tc[0], err)}
		}
	}
	return nil
}

// prepareSides builds and checks each side, and returns the session to
// run; closeSides removes the worktrees.
func prepareSides(ctx context.Context, repo string, c abConfig, stderr io.Writer) (s *benchrun.Session, closeSides func(), err error) {
	var trees []*benchrun.Tree
	tmp := ""
	closeSides = func() {
		for _, t := range trees {
			t.Close()
		}
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}
	if tmp, err = os.MkdirTemp("", "addbench-ab-"); err != nil {
		return nil, closeSides, err
	}
	s = &benchrun.Session{Options: c.run, Pairing: c.pairing, Passes: c.passes, Budget: c.budget, Seed: c.seed,
		PerSide: c.block, Stderr: stderr}
	s.Settled = benchtab.Settled(c.opts, c.mde, s.BlockSize())
	for _, sp := range [][3]string{{"base", c.base, c.baseGo}, {"head", c.head, c.headGo}} {
		what := sp[1]
		if what == "" {
			what = "the working tree"
		}
		if sp[2] != "" {
			what += " with " + sp[2]
		}
		fmt.Fprintf(stderr, "building %s: %s ...\n", sp[0], what)
		side, t, err := benchrun.Prepare(ctx, repo, tmp, sp[0], sp[1], sp[2], c.run)
		if t != nil {
			trees = append(trees, t)
		}
		if err != nil {
			return nil, closeSides, err
		}
		s.Sides = append(s.Sides, side)
	}
	fmt.Fprintf(stderr, "suite %s, base and head paired by %s, seed %d\n", c.run.Suite, c.pairing, c.seed)
	return s, closeSides, nil
}

// judgeAB compares the two files the session wrote, writes compare.txt,
// records the history if asked, and prints the verdict.
func judgeAB(c abConfig, s *benchrun.Session, basePath, headPath string, stdout io.Writer) error {
	set, err := results.Load("base="+basePath, "head="+headPath)
	if err != nil {
		return inputError{err}
	}
	cmp, err := benchtab.Compare(set, c.opts)
	if err != nil {
		return inputError{err}
	}
	v := cmp.Verdict()
	var tables bytes.Buffer
	if err := cmp.WriteText(&tables); err != nil {
		return err
	}
	writeVerdict(&tables, v) // compare.txt says what each "unchanged" could have seen, too
	if err := atomicfile.Write(filepath.Join(c.dir, "compare.txt"), tables.Bytes()); err != nil {
		return outputError{err}
	}
	fmt.Fprintf(stdout, "tables: %s (go tool benchstat -table '' %s %s)\n", filepath.Join(c.dir, "compare.txt"), basePath, headPath)
	if c.history != "" {
		path, err := history.Append(c.history, history.FromComparison(cmp, history.Run{
			Machine: machine.Name(), Date: s.Start.UTC().Format(time.RFC3339),
			Base: s.Sides[0].Commit, Head: s.Sides[1].Commit,
			BaseGo: s.Sides[0].Binary.GoVersion(), HeadGo: s.Sides[1].Binary.GoVersion(),
			Suite: c.run.Suite, Passes: max(s.Completed, 0),
		}))
		if err != nil {
			// The verdict is reached: say it, then the error.
			writeVerdict(stdout, v)
			return outputError{fmt.Errorf("recording the history: %w", err)}
		}
		fmt.Fprintf(stdout, "history: %s\n", path)
	}
	return writeVerdict(stdout, v)
}
