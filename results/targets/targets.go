// Package targets holds addbench's performance targets — the policy of what
// each style may cost relative to its own mechanism, to plain sequential
// code, and to itself on one core — and checks a results file against it.
//
// Every target is a ratio within one run, paired pass by pass
// (results.PairedRatio), never across runs: on a shared machine absolute
// times drift while ratios measured together hold. A target is met when the
// median ratio meets its limit; the interval says how sure that is.
package targets

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
)

// A Target is one of the performance targets addbench holds its styles to: a
// ratio of two medians measured in the same file, and the limit it must
// meet. Every ratio is computed within one run, never across runs, because
// on a shared machine absolute times drift while ratios hold.
type Target struct {
	Name  string // e.g. "callback.eventloop ÷ op=eventloop"
	What  string // the rows the ratio compares, in words
	Limit float64
	// AtLeast is true for a lower bound (a speedup), false for an upper
	// bound (an overhead).
	AtLeast bool

	Ratio results.Estimate // the median of the paired ratios, with its interval
	Found bool             // whether the file holds both medians
}

// Met reports whether the measured ratio meets the limit. A ratio within
// rounding of the limit meets it: the estimate is worked out in logs
// (exp(log 1.5) is 1.5000000000000002).
func (t Target) Met() bool {
	if !t.Found {
		return false
	}
	const eps = 1e-12
	if t.AtLeast {
		return t.Ratio.Center >= t.Limit*(1-eps)
	}
	return t.Ratio.Center <= t.Limit*(1+eps)
}

// Bound returns the limit as text, "≤ 1.5" or "≥ 1.6".
func (t Target) Bound() string {
	if t.AtLeast {
		return fmt.Sprintf("≥ %g", t.Limit)
	}
	return fmt.Sprintf("≤ %g", t.Limit)
}

// Mechanisms pair each style that does one mechanism per add at
// quantum 1 with that mechanism's BenchmarkPrimitive, and the factor of the
// primitive's cost the style may spend in all.
//
// Programs is how many programs the row has: one, except for the styles that
// hand over between threads, which a lone program does not exercise (a lone
// GIL thread keeps the baton, as in CPython; a lone program's channel has no
// one to wait for).
var Mechanisms = []struct {
	Style, Op string
	Limit     float64
	Programs  int
}{
	{"sequential.loop", "sum", 1.10, 1},
	{"callback.eventloop", "eventloop", 1.5, 1},
	{"async.executor", "poll", 1.5, 1},
	{"coop.green", "coroswitch", 1.3, 1},
	{"coop.gil", "gilswitch", 1.5, 2},
	{"lockfree.atomic", "atomic", 1.5, 1},
	{"preempt.mutex", "mutex", 1.5, 1},
	{"preempt.channel", "chanbuf", 1.5, 2},
}

// LevelPrimitives names, for each level of the spectrum, the primitive a
// style of that level performs once per add at quantum 1: the mechanism its
// cost is a multiple of. The peers view compares libraries with it.
var LevelPrimitives = map[int]string{
	0: "sum", 1: "eventloop", 2: "poll", 3: "coroswitch", 4: "mutex", 5: "atomic",
}

// Amortised are the single-threaded styles (levels 0–3) whose
// mechanism must vanish at quantum 4096.
var Amortised = []string{"sequential.interleave", "callback.eventloop", "async.executor", "coop.green", "coop.gil"}

// AmortisedPrograms is how many programs a style's quantum-4096 row has
// when it is not one: coop.gil's lone thread never hands the GIL over (see
// styles/coop.go), so its row is two programs, against sequential.loop on
// the same two.
var AmortisedPrograms = map[string]int{"coop.gil": 2}

// HarnessLimit bounds preempt.private ÷ sequential.loop at quantum 1: a
// goroutine style with no mechanism at all (private accumulators, no lock)
// pays only the harness's per-quantum bookkeeping, which must stay within
// twice the plain loop.
const HarnessLimit = 2

// Check computes addbench's performance targets from f, at GOMAXPROCS 1
// unless a target says otherwise:
//
//   - at quantum 1, shared mode, one program (two for the styles that hand
//     over between threads), each style's sec/add ÷ the sec/op of the
//     primitive it performs once per add (sequential.loop ÷ op=sum ≤ 1.10,
//     callback.eventloop ÷ op=eventloop ≤ 1.5, coop.gil ÷ op=gilswitch ≤ 1.5
//     on two programs, ...);
//   - at quantum 4096, shared mode, one program (two for coop.gil, whose
//     lone thread never hands over), each single-threaded style ÷
//     sequential.loop on the same programs ≤ 1.5;
//   - at quantum 1, shared mode, one program, preempt.private ÷
//     sequential.loop ≤ 2 (HarnessLimit): the harness's own cost;
//   - preempt.private in private mode on 2 programs of at least 2^20 adds
//     each, at quantum 4096: sec/add at GOMAXPROCS 1 ÷ at GOMAXPROCS 2 ≥ 1.6.
//
// A target whose rows f lacks has Found false. The quick suite holds every
// row needed.
func Check(f *results.File) []Target {
	costs := f.Costs("sec/add").Costs
	// find returns the configuration of style at the shape; minLen 0
	// matches the longest len measured (the suites have one per shape).
	find := func(style, mode string, programs, minLen, quantum, procs int) (results.AddKey, bool) {
		var best results.AddKey
		for _, c := range costs {
			k := c.Key
			if k.Style == style && k.Mode == mode && k.Programs == programs && k.Len >= minLen &&
				k.Quantum == quantum && k.Gomaxprocs == procs && k.Len > best.Len {
				best = k
			}
		}
		return best, best.Style != ""
	}
	paired := func(a, b results.AddKey) results.Estimate {
		return results.PairedRatio(f.Samples(a, "sec/add"), f.Samples(b, "sec/add"), results.SeedOf(a.String()+" ÷ "+b.String()))
	}

	var ts []Target
	for _, m := range Mechanisms {
		t := Target{
			Name:  fmt.Sprintf("%s ÷ op=%s", m.Style, m.Op),
			What:  fmt.Sprintf("shared, %s, quantum 1, GOMAXPROCS 1: ns/add ÷ ns/op", plural(m.Programs, "program")),
			Limit: m.Limit,
		}
		if k, ok := find(m.Style, "shared", m.Programs, 0, 1, 1); ok {
			t.Ratio, t.Found = f.StyleOverPrimitive(k, m.Op)
		}
		ts = append(ts, t)
	}
	for _, style := range Amortised {
		programs := max(AmortisedPrograms[style], 1)
		t := Target{
			Name:  fmt.Sprintf("%s ÷ sequential.loop", style),
			What:  fmt.Sprintf("shared, %s, quantum 4096, GOMAXPROCS 1: ns/add ÷ ns/add", plural(programs, "program")),
			Limit: 1.5,
		}
		k, ok := find(style, "shared", programs, 0, 4096, 1)
		loop, okLoop := find("sequential.loop", "shared", programs, 0, 4096, 1)
		if t.Found = ok && okLoop; t.Found {
			t.Ratio = paired(k, loop)
		}
		ts = append(ts, t)
	}
	h := Target{
		Name:  "preempt.private ÷ sequential.loop",
		What:  "shared, 1 program, quantum 1, GOMAXPROCS 1: ns/add ÷ ns/add",
		Limit: HarnessLimit,
	}
	priv, okPriv := find("preempt.private", "shared", 1, 0, 1, 1)
	loop1, okLoop1 := find("sequential.loop", "shared", 1, 0, 1, 1)
	if h.Found = okPriv && okLoop1; h.Found {
		h.Ratio = paired(priv, loop1)
	}
	ts = append(ts, h)
	t := Target{
		Name:    "preempt.private speedup, GOMAXPROCS 2 vs 1",
		What:    "private, 2 programs of ≥ 2^20 adds: ns/add at GOMAXPROCS 1 ÷ at 2",
		Limit:   1.6,
		AtLeast: true,
	}
	one, ok1 := find("preempt.private", "private", 2, 1<<20, 4096, 1)
	two, ok2 := find("preempt.private", "private", 2, 1<<20, 4096, 2)
	if t.Found = ok1 && ok2; t.Found {
		t.Ratio = paired(one, two)
	}
	ts = append(ts, t)
	return ts
}

// Missed returns how many of ts are not met, a target without data
// included: a check passes only when Missed is 0.
func Missed(ts []Target) int {
	n := 0
	for _, t := range ts {
		if !t.Met() {
			n++
		}
	}
	return n
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Write writes ts as a table in format f: each target, the measured
// paired ratio with its 95 % interval (results.PairedRatio), the
// limit, and "met", "MISSED" or "no data".
func Write(w io.Writer, ts []Target, f benchtab.Format) error {
	rows := [][]string{{"target", "measured", "limit", "verdict", "rows compared"}}
	for _, t := range ts {
		measured, verdict := "—", "no data"
		if t.Found {
			measured, verdict = formatRatio(t.Ratio), "met"
			if !t.Met() {
				verdict = "MISSED"
			}
		}
		rows = append(rows, []string{t.Name, measured, t.Bound(), verdict, t.What})
	}
	switch f {
	case benchtab.CSV:
		c := csv.NewWriter(w)
		c.WriteAll(rows)
		return c.Error()
	case benchtab.Markdown:
		var b strings.Builder
		for i, r := range rows {
			b.WriteString("|")
			for _, cell := range r {
				b.WriteString(" " + strings.ReplaceAll(cell, "|", "\\|") + " |")
			}
			b.WriteString("\n")
			if i == 0 {
				b.WriteString(strings.Repeat("|---", len(r)) + "|\n")
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		return tw.Flush()
	}
}

// formatRatio prints a ratio and its interval, "1.07 [0.95, 1.21]".
func formatRatio(e results.Estimate) string {
	if math.IsInf(e.Lo, 0) || math.IsInf(e.Hi, 0) {
		return fmt.Sprintf("%.2f", e.Center)
	}
	return fmt.Sprintf("%.2f [%.2f, %.2f]", e.Center, e.Lo, e.Hi)
}
