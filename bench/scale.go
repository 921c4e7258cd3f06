package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The scale suite (workloads "scale") runs 1 to 1 000 000 concurrent
// programs of 16 adds at quantum 1. A style that cannot hold N programs
// within the memory of the machine or within RunCap per Run is skipped
// before its workload is built (ScaleCaps, the memory guard); a style whose
// Run still takes longer than RunCap is stopped there (its context ends) and
// skipped. Every skip is recorded in the results (see skip).

// RunCap is the per-benchmark time cap of the scale suite: a style whose one
// Run at N programs is measured (extrapolated from N/10) to take longer is
// capped below N. One Run is what go test's 200 ms benchtime takes at large
// N, so RunCap bounds each benchmark, and the caps keep a whole pass of
// addbench bench -suite scale -cpu 2 within 10 minutes on a 2-core VM.
const RunCap = 10 * time.Second

// runCap is RunCap, lowered by the tests of its enforcement.
var runCap = RunCap

// A ScaleCap bounds how many concurrent programs one style runs.
type ScaleCap struct {
	Style string
	// MaxPrograms is the largest N it runs; 0 means no limit of its own.
	MaxPrograms int
	// BytesPerProgram is its peak memory per program, measured at 10^5 and
	// rounded up: the memory guard multiplies it by N and skips the
	// benchmark if the product would not fit in half the memory available.
	BytesPerProgram int
	Reason          string // why, with the measurement
}

// ScaleCaps is the caps table. A style not listed has no cap of its own and
// is held to defaultBytesPerProgram by the memory guard. The figures are
// from the scale suite at GOMAXPROCS 2 on a 2-core, 24 GiB VM (go1.26), the
// timings from the committed run results/scale/linux-amd64-2cpu-amd-epyc.txt,
// taken while other builds shared the machine (wall times 2–4× the CPU).
var ScaleCaps = []ScaleCap{
	{Style: "coop.green", MaxPrograms: 100_000, BytesPerProgram: 8 << 10,
		Reason: "≈41–54 µs per program at 10^5 (a coroutine switch per add, each to a cold stack; results/scale, a busy VM): one Run at 10^6 takes ≈40 s or more, over RunCap"},
	{Style: "coop.gil", MaxPrograms: 100_000, BytesPerProgram: 8 << 10,
		Reason: "≈37–50 µs per program at 10^5 (a baton hand-over between goroutines per add; results/scale, a busy VM): one Run at 10^6 takes ≈40 s or more, over RunCap"},
	{Style: "preempt.goroutines", BytesPerProgram: 8 << 10,
		Reason: "one goroutine per program: ≥ 2 KiB of stack each (runtime/stack.go stackMin); not capped in N, but at 10^6 on a busy VM a Run exceeds RunCap and is stopped (results/scale)"},
	{Style: "process.pipe", BytesPerProgram: 1 << 10,
		Reason: "≈5 µs per program at 10^5 and 3.5–4.8 µs at 10^6 (a framed pipe message each way per add, on GOMAXPROCS workers; results/scale): ≈5 s per Run at 10^6, within RunCap"},
}

// defaultBytesPerProgram bounds the peak memory per program of a style not
// in ScaleCaps: its workload (16 adds, 152 bytes) and a task record.
const defaultBytesPerProgram = 1 << 10

// scaleSkip returns why style must not run programs concurrent programs, or
// "" if it may.
func scaleSkip(style string, programs int) string {
	bpp := defaultBytesPerProgram
	for _, c := range ScaleCaps {
		if c.Style != style {
			continue
		}
		if c.MaxPrograms > 0 && programs > c.MaxPrograms {
			return fmt.Sprintf("%s is capped at %d programs (bench.ScaleCaps): %s", style, c.MaxPrograms, c.Reason)
		}
		bpp = max(bpp, c.BytesPerProgram)
	}
	need := uint64(programs) * uint64(bpp)
	if avail := memAvailable(); avail > 0 && need > avail/2 {
		return fmt.Sprintf("%s at %d programs needs about %d MiB (%d B/program), over half the %d MiB available", style, programs, need>>20, bpp, avail>>20)
	}
	return ""
}

// memAvailable returns MemAvailable from /proc/meminfo in bytes, or 0 where
// it cannot be read (and the memory guard is off).
func memAvailable() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// skipOut is where skip records skips: the benchmark output, which addbench
// bench keeps as the results file.
var skipOut io.Writer = os.Stdout

// SkipKey is the key of the config line that records a skipped benchmark in
// the results, "skipped: <benchmark>-<GOMAXPROCS>: <reason>".
const SkipKey = "skipped"

// skip skips b with reason, and records the skip in the results as a config
// line, which go test prints without -v (b.Skip's message it does not) and
// addbench bench keeps. The line names the benchmark as its result would;
// an empty "skipped:" line follows it, which removes the key again (the
// benchfmt rule), so that no result carries it as configuration and
// benchstat's tables are not split by it. A reader of the results finds the
// skips by their lines.
func skip(b *testing.B, reason string) {
	b.Helper()
	name := b.Name()
	if p := runtime.GOMAXPROCS(0); p != 1 {
		name = fmt.Sprintf("%s-%d", name, p)
	}
	// One line: a reason that held a newline would end the config line.
	reason = strings.Join(strings.Fields(reason), " ")
	fmt.Fprintf(skipOut, "%s: %s: %s\n%s: \n", SkipKey, name, reason, SkipKey)
	b.Skip(reason)
}
