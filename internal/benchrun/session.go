package benchrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/internal/machine"
)

// A Pairing is how a session of two builds takes their samples in pairs.
type Pairing int

const (
	// ABBA runs one benchmark at a time, each build in a process of its
	// own, as a block: base, head, head, base — or head, base, base,
	// head, a coin toss per block — repeated mirrored (ABBA BAAB) for
	// blocks of more than two samples a side (Session.PerSide). Each
	// build's samples of a block are seconds apart from the other's, and
	// a linear drift within the block weighs on both builds alike. Every
	// sample uses the iteration count the base found for the benchmark in
	// a first, discarded pass, so both builds do the same work.
	ABBA Pairing = iota
	// Passes alternates whole passes of the suite, base and head in an
	// order drawn per pass: sample i of both builds comes from pass i,
	// minutes apart at most.
	Passes
)

func (p Pairing) String() string {
	switch p {
	case ABBA:
		return "abba"
	case Passes:
		return "passes"
	}
	return fmt.Sprintf("Pairing(%d)", int(p))
}

// ParsePairing returns the Pairing named s: "abba" or "passes".
func ParsePairing(s string) (Pairing, error) {
	for _, p := range []Pairing{ABBA, Passes} {
		if p.String() == s {
			return p, nil
		}
	}
	return 0, fmt.Errorf("unknown pairing %q (want abba or passes)", s)
}

// A Side is one build in a session: its binary, where it came from, and the
// result lines it has produced.
type Side struct {
	Name   string // "base", "head"; "" for the one build of addbench bench
	Binary Binary
	Commit string // the commit it was built from, "-dirty" for uncommitted changes
	Lines  []string

	config map[string]string // the last value of each config line kept
}

// keep appends a run's lines to the side: every result line, and a config
// line only where its value changes (a file of many short runs would
// otherwise repeat the binary's goos, pkg, cpu … before every result).
func (s *Side) keep(lines []string) {
	if s.config == nil {
		s.config = make(map[string]string)
	}
	for _, l := range lines {
		if IsConfigLine(l) {
			k, v, _ := strings.Cut(l, ": ")
			if old, ok := s.config[k]; ok && old == v {
				continue
			}
			s.config[k] = v
		}
		s.Lines = append(s.Lines, l)
	}
}

// A Status is a session's progress: shown after every result.
type Status struct {
	Stage string // "pass 2/6 head", "round 3, 12 benchmarks left"
	Done  int    // results so far
	Total int    // results expected in all; 0 while unknown
	Line  string // the latest result line
}

// A Session runs the benchmark suite of one build as passes (addbench
// bench), or of two builds alternately (addbench ab), and writes each
// build's results in the Go benchmark format, headed by config lines that
// say where, when and how they were taken.
type Session struct {
	Sides   []*Side // one build, or two: base and head
	Options Options
	Pairing Pairing // for two builds
	Passes  int     // passes to run; with ABBA, the most rounds (0: no limit)
	Seed    uint64  // orders of passes, benchmarks and sides

	// PerSide, with ABBA, is how many samples — processes — of each build
	// a block holds: 2 (ABBA) or a larger even number (ABBA BAAB …; 0
	// means 2). A block's pair is the fastest sample of each side
	// (robust.BlockRatios): on a machine where a process can start in a
	// slow state for its whole life (docs/bimodal.md), the more samples a
	// side has in a block, the likelier one of them is clean.
	PerSide int

	// Budget, with ABBA, is how long to go on: no block starts after it
	// (0: no limit; Passes or Settled must end the session).
	Budget time.Duration
	// Settled, with ABBA, is asked after every round whether a benchmark
	// has had enough blocks, given every result line of it so far on each
	// side (base, head) and how many benchmarks the session compares; nil
	// asks for rounds until Passes or Budget.
	Settled func(base, head []string, family int) bool

	Progress func(Status) // nil for none
	Stderr   io.Writer    // the binaries' standard error

	// Set by Run.
	ID        string    // this session, the same on every side: files from one session pair
	Start     time.Time // when it started
	Completed int       // complete passes, or ABBA rounds begun
	Blocks    int       // complete ABBA blocks
	Partial   bool      // it stopped before its end: an interrupt or a failure
}

// Run runs the session. On an error or an interrupt it keeps what completed
// — whole passes, whole ABBA blocks — marks the session partial and returns
// the error; an interrupt returns an error that says where.
func (s *Session) Run(ctx context.Context) error {
	s.Start = time.Now()
	s.ID = fmt.Sprintf("%016x", rand.Uint64())
	if s.Stderr == nil {
		s.Stderr = io.Discard
	}
	var err error
	if len(s.Sides) == 2 && s.Pairing == ABBA {
		err = s.runABBA(ctx)
	} else {
		err = s.runPasses(ctx)
	}
	if err != nil {
		s.Partial = true
	}
	if s.Empty() {
		if err == nil {
			err = errors.New("no pass or block completed")
		}
		return fmt.Errorf("%w; nothing complete to keep", err)
	}
	return err
}

// Empty reports whether the session has nothing complete to keep: no pass,
// or with ABBA no block.
func (s *Session) Empty() bool {
	if len(s.Sides) == 2 && s.Pairing == ABBA {
		return s.Blocks == 0
	}
	return s.Completed == 0
}

func (s *Session) report(st Status) {
	if s.Progress != nil {
		s.Progress(st)
	}
}

// runPasses runs Passes passes; with two sides, both in an order drawn for
// each pass, each side's pass in the same benchmark order.
func (s *Session) runPasses(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(s.Seed, 0xab))
	done, perPass := 0, 0
	for p := range s.Passes {
		first := 0
		if len(s.Sides) == 2 {
			first = rng.IntN(2)
		}
		got := make([]Pass, len(s.Sides))
		for k := range s.Sides {
			i := (first + k) % len(s.Sides)
			side := s.Sides[i]
			stage := strings.TrimSpace(fmt.Sprintf("pass %d/%d %s", p+1, s.Passes, side.Name))
			res, err := RunPass(ctx, side.Binary, s.Options, PassSeed(s.Seed, p), func(line string, total int) {
				done++
				t := perPass * s.Passes
				if perPass == 0 && total > 0 && s.Options.Bench == "." {
					t = total * len(s.Sides) * s.Passes // announced by the binary
				}
				s.report(Status{Stage: stage, Done: done, Total: t, Line: line})
			}, s.Stderr)
			if err != nil {
				if ctx.Err() != nil {
					return fmt.Errorf("interrupted in pass %d of %d", p+1, s.Passes)
				}
				if side.Name != "" {
					return fmt.Errorf("%s, pass %d: %w", side.Name, p+1, err)
				}
				return err
			}
			got[i] = res
		}
		for i, side := range s.Sides {
			side.keep(got[i].Lines)
		}
		s.Completed++
		perPass = done / s.Completed
	}
	return nil
}

// A benchmark is one benchmark of an ABBA session, as the first pass found
// it.
type benchmark struct {
	name  string // the full name, "BenchmarkAdd/style=…/quantum=1-2"
	bench string // a -test.bench expression matching it alone
	procs int    // its GOMAXPROCS
	iters int    // the base's iteration count in the first pass

	lines [2][]string // result lines so far, base and head
}

// runABBA finds the benchmarks with one discarded pass of the base, then
// runs rounds of ABBA blocks, each round over the benchmarks not yet
// settled in a shuffled order, until Passes rounds, the Budget or every
// benchmark is settled.
func (s *Session) runABBA(ctx context.Context) error {
	first, err := RunPass(ctx, s.Sides[0].Binary, s.Options, PassSeed(s.Seed, 0), func(line string, total int) {
		s.report(Status{Stage: "first pass (base, discarded)", Line: line})
	}, s.Stderr)
	if err != nil {
		if ctx.Err() != nil {
			return errors.New("interrupted in the first pass")
		}
		return fmt.Errorf("base, first pass: %w", err)
	}
	active, err := benchmarks(first.Lines, s.Options.CPU)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0xabba))
	family := len(active)
	done := 0
	for round := 0; len(active) > 0 && (s.Passes == 0 || round < s.Passes); round++ {
		rng.Shuffle(len(active), func(i, j int) { active[i], active[j] = active[j], active[i] })
		s.Completed++
		stage := fmt.Sprintf("round %d, %d benchmarks", round+1, len(active))
		for _, b := range active {
			if s.Budget > 0 && time.Since(s.Start) > s.Budget {
				return nil
			}
			if err := s.block(ctx, b, rng.IntN(2)); err != nil {
				return err
			}
			s.Blocks++
			done += 2 * s.BlockSize()
			s.report(Status{Stage: stage, Done: done, Total: s.expected(round, len(active), done), Line: b.lines[1][len(b.lines[1])-1]})
		}
		if s.Settled != nil {
			var left []*benchmark
			for _, b := range active {
				if !s.Settled(b.lines[0], b.lines[1], family) {
					left = append(left, b)
				}
			}
			active = left
		}
	}
	return nil
}

// expected guesses the results a session will have taken in all: by the
// budget if it has one, else by the rounds left at the current width.
func (s *Session) expected(round, width, done int) int {
	if s.Budget > 0 {
		el := time.Since(s.Start)
		return int(float64(done) * float64(s.Budget) / float64(max(el, time.Millisecond)))
	}
	if s.Passes > 0 {
		return done + (s.Passes-round-1)*2*s.BlockSize()*width
	}
	return 0
}

// BlockSize returns how many samples of each build an ABBA block holds.
func (s *Session) BlockSize() int { return max(s.PerSide, 2) }

// order returns the sides of one block in the order they run: outer, the
// other twice, outer — then mirrored, and so on, for PerSide samples a
// side.
func (s *Session) order(outer int) []int {
	var out []int
	for h := range s.BlockSize() / 2 {
		o := outer ^ (h & 1)
		out = append(out, o, 1-o, 1-o, o)
	}
	return out
}

// block runs one ABBA block of benchmark b in the order s.order(outer).
// Its results are kept only if all of them ran: a block is the unit of
// pairing.
func (s *Session) block(ctx context.Context, b *benchmark, outer int) error {
	o := Options{Suite: s.Options.Suite, Bench: b.bench, CPU: []int{b.procs}, Benchtime: strconv.Itoa(b.iters) + "x", Pin: s.Options.Pin}
	var got [2][]string
	var results [2][]string
	for _, i := range s.order(outer) {
		side := s.Sides[i]
		res, err := RunPass(ctx, side.Binary, o, 1, nil, s.Stderr)
		if err == nil && res.Results != 1 {
			err = fmt.Errorf("-test.bench %s ran %d benchmarks, want 1", b.bench, res.Results)
		}
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("interrupted in round %d", s.Completed)
			}
			return fmt.Errorf("%s, %s: %w", side.Name, b.name, err)
		}
		got[i] = append(got[i], res.Lines...)
		for _, l := range res.Lines {
			if IsResultLine(l) {
				results[i] = append(results[i], l)
			}
		}
	}
	for i, side := range s.Sides {
		side.keep(got[i])
		b.lines[i] = append(b.lines[i], results[i]...)
	}
	return nil
}

// benchmarks lists the benchmarks of a pass's lines, each with a
// -test.bench expression that selects it alone, its GOMAXPROCS (the name's
// "-N" suffix, which go test adds for N ≠ 1) and its iteration count.
func benchmarks(lines []string, cpus []int) ([]*benchmark, error) {
	var out []*benchmark
	seen := make(map[string]bool)
	for _, l := range lines {
		if !IsResultLine(l) {
			continue
		}
		f := strings.Fields(l)
		name := f[0]
		iters, _ := strconv.Atoi(f[1])
		if seen[name] {
			return nil, fmt.Errorf("benchmark %s ran twice in one pass: names must be unique to be paired", name)
		}
		seen[name] = true
		base, procs := name, 1
		if i := strings.LastIndexByte(name, '-'); i > strings.LastIndexByte(name, '/') {
			if n, err := strconv.Atoi(name[i+1:]); err == nil && n > 1 {
				base, procs = name[:i], n
			}
		}
		parts := strings.Split(base, "/")
		for i, p := range parts {
			parts[i] = "^" + regexp.QuoteMeta(p) + "$"
		}
		out = append(out, &benchmark{name: name, bench: strings.Join(parts, "/"), procs: procs, iters: max(iters, 1)})
	}
	if len(out) == 0 {
		return nil, errors.New("the first pass ran no benchmark")
	}
	return out, nil
}

// Header returns the config lines that head side i's results: the machine,
// its CPUs, the Go version and commit of the build, the date, how the
// samples were taken and paired, and the session that pairs them.
func (s *Session) Header(i int) []byte {
	side := s.Sides[i]
	var b strings.Builder
	kv := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, v) }
	kv("machine", machine.Name())
	kv("cpus", strconv.Itoa(runtime.NumCPU()))
	kv("go", side.Binary.GoVersion())
	kv("commit", side.Commit)
	kv("date", s.Start.UTC().Format(time.RFC3339))
	pairing := Passes
	if len(s.Sides) == 2 {
		pairing = s.Pairing
	}
	kv("pairing", pairing.String())
	if pairing == ABBA {
		kv("rounds", strconv.Itoa(s.Completed))
		kv("blocks", strconv.Itoa(s.Blocks))
		kv("block-size", strconv.Itoa(s.BlockSize()))
	} else {
		kv("passes", strconv.Itoa(s.Completed))
		if s.Options.Reps > 1 {
			// Each sample is the fastest of this many runs (fastest).
			kv("reps", strconv.Itoa(s.Options.Reps))
		}
	}
	kv("seed", strconv.FormatUint(s.Seed, 10))
	kv("session", s.ID)
	if s.Partial {
		kv("partial", "true")
	}
	return []byte(b.String())
}

// Write writes each side's results, header first, to its path, atomically,
// replacing a file already there (addbench -force). A file that cannot be
// written is not lost: it is kept in a new file in the temporary directory,
// created exclusively (never over a file or a link already there), and the
// error says where. One side's failure does not stop the other's write.
func (s *Session) Write(paths ...string) error {
	return s.write(atomicfile.Write, paths)
}

// WriteNew is Write for paths that must not exist: it never replaces a
// file, not even one that appeared while the session ran — a second run
// given the same name that finished first. The side whose path is taken is
// kept in the temporary directory, as on any failed write, and the error
// says where, so neither run's results silently vanish.
func (s *Session) WriteNew(paths ...string) error {
	return s.write(atomicfile.Create, paths)
}

func (s *Session) write(put func(string, []byte) error, paths []string) error {
	if len(paths) != len(s.Sides) {
		return fmt.Errorf("%d paths for %d sides", len(paths), len(s.Sides))
	}
	var errs []error
	for i, path := range paths {
		data := append(s.Header(i), []byte(strings.Join(s.Sides[i].Lines, "\n")+"\n")...)
		err := put(path, data)
		if err == nil {
			continue
		}
		if errors.Is(err, fs.ErrExist) {
			err = fmt.Errorf("%s appeared while this run went on (another run's?); not replacing it", path)
		}
		if kept, err2 := rescue(path, data); err2 == nil {
			err = fmt.Errorf("%w; the results are kept in %s", err, kept)
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// rescue writes data to a new file in the temporary directory named after
// path, never replacing or following anything already there.
func rescue(path string, data []byte) (string, error) {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	f, err := os.CreateTemp("", "addbench-rescued-"+base+"-*"+filepath.Ext(path))
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	// The rescue is all that is left of the run: on disk before the
	// error that names it is printed.
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}
