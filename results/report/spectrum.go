package report

// The spectrum: the answer to "what does each style cost", one row per
// style in the registry's order, built once per run from the same paired
// ratios as every other table of the report.

import (
	"cmp"
	"slices"
	"strings"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/targets"
)

// styleDocs are the registry's one-line docs of addbench's own styles
// (styles.All()[i].Doc). They are written out, not read from package styles,
// for the reason results.Styles is; a test fails if the two disagree.
var styleDocs = map[string]string{
	"sequential.loop":       "a plain loop over each program in turn; the baseline",
	"sequential.interleave": "programs advanced round-robin by hand, quantum adds a turn, with no concurrency feature",
	"callback.eventloop":    "each program a chain of callbacks, quantum adds each, on a single-threaded event loop",
	"async.executor":        "each program an async task awaiting a yield every quantum adds, on a poll-based single-goroutine executor",
	"coop.green":            "each program a green thread on iter.Pull coroutines, yielding every quantum adds to a round-robin scheduler",
	"coop.gil":              "one goroutine per program, all holding one baton (a GIL) that passes on only at a yield every quantum adds",
	"preempt.mutex":         "worker goroutines add each quantum's partial sum into the accumulator under a sync.Mutex",
	"preempt.channel":       "worker goroutines send each quantum's partial sum over a buffered channel to the goroutine that owns the accumulator",
	"preempt.private":       "worker goroutines keep private accumulators, combined after all have finished; nothing shared while running",
	"preempt.goroutines":    "one goroutine per program, no pool: private mode sums into each goroutine's own accumulator, shared mode adds each quantum under a sync.Mutex; all joined at the end",
	"preempt.racy":          "worker goroutines add partial sums into the accumulator with no synchronisation; loses updates on purpose",
	"process.pipe":          "worker OS processes (this binary re-executed) sum each quantum streamed to them over a pipe and reply with the partial sum; no memory shared",
	"lockfree.atomic":       "worker goroutines atomic.Int64.Add each quantum's partial sum into the accumulator",
	"lockfree.cas":          "worker goroutines publish each partial sum with a load and CompareAndSwap retry loop",
	"lockfree.striped":      "each worker atomically adds into its own cache-line-padded stripe; stripes summed at the end",
	"lockfree.falseshare":   "lockfree.striped without the padding: stripes share cache lines, so workers false-share",
}

// StyleDoc returns the registry's one-line doc of one of addbench's own
// styles, "" for another (a peer).
func StyleDoc(style string) string { return styleDocs[style] }

// styleMechanisms names the BenchmarkPrimitive op each style performs once
// per interaction, in order of preference (a suite measures one of them).
// A style without one (preempt.private shares nothing, preempt.racy
// nothing safely, process.pipe has no primitive) has no "× mechanism".
var styleMechanisms = map[string][]string{
	"sequential.loop":       {"sum"},
	"sequential.interleave": {"sum"},
	"callback.eventloop":    {"eventloop"},
	"async.executor":        {"poll"},
	"coop.green":            {"coroswitch"},
	"coop.gil":              {"gilswitch"},
	"preempt.mutex":         {"mutex"},
	"preempt.channel":       {"chanbuf", "chan"},
	"preempt.goroutines":    {"mutex"},
	"lockfree.atomic":       {"atomic"},
	"lockfree.cas":          {"cas"},
	"lockfree.striped":      {"atomic"},
	"lockfree.falseshare":   {"atomic"},
}

// A SpectrumRow is one style's cost in a run, at a glance: ns/add and its
// multiples of Baseline and of the style's own mechanism at quantum 1 and
// at the coarsest quantum measured, its speedup from GOMAXPROCS 1 to the
// most measured, its memory per program at the largest scale measured, and
// its targets.
type SpectrumRow struct {
	Style string
	Level int
	Doc   string // the registry's one line; "" for a style not in it

	Fine, Coarse SpectrumCell // quantum 1, and the coarsest quantum; Coarse.Found false if only one

	// Speedup is ns/add at GOMAXPROCS 1 ÷ at SpeedupKey.Gomaxprocs, paired,
	// in the most parallel case measured (private mode if any, most
	// programs, coarsest quantum). Zero SpeedupKey: not measured.
	Speedup    results.Estimate
	SpeedupKey results.AddKey

	// BytesPerProgram is the median B/program at ScalePrograms concurrent
	// programs, the most measured; zero ScalePrograms without a scale run.
	BytesPerProgram float64
	ScalePrograms   int

	// Verdict sums up the targets that name the style: "met", "MISSED",
	// or "" for a style no target names or a run without targets.
	Verdict string
}

// A SpectrumCell is one style at one quantum in the spectrum's case.
type SpectrumCell struct {
	Found bool
	Key   results.AddKey   // the case: shared mode, GOMAXPROCS 1, the targets' programs
	NsAdd results.Estimate // median ns/add
	Loop  results.Estimate // ns/add ÷ Baseline's, paired within passes
	Op    string           // the style's mechanism; "" for none measured
	Mech  results.Estimate // ns/add ÷ the mechanism's ns/op, paired within passes
}

// spectrumPrograms is how many programs a style's spectrum case has: the
// targets' (two for the styles that hand over between threads), else one.
func spectrumPrograms(style string) int {
	for _, m := range targets.Mechanisms {
		if m.Style == style {
			return m.Programs
		}
	}
	return 1
}

// spectrum builds the spectrum of f: addbench's own styles in registry
// order, then any other style f measured (peers), by name.
func spectrum(f *results.File, ratios *results.RatioTable, ns map[results.AddKey]results.Estimate, ts []targets.Target) []SpectrumRow {
	costs := f.Costs("sec/add").Costs
	var names []string
	level := map[string]int{}
	for _, s := range results.Styles {
		level[s.Name] = s.Level
	}
	peerLevel := peerLevels(f)
	seen := map[string]bool{}
	for _, c := range costs {
		if !seen[c.Key.Style] {
			seen[c.Key.Style] = true
			names = append(names, c.Key.Style)
		}
	}
	slices.SortFunc(names, compareStyles)
	speedups, _ := f.Speedups("sec/add")
	var bytes []results.Cost
	if t := f.Costs("B/program"); t != nil {
		bytes = t.Costs
	}
	prims := f.Primitives()
	hasOp := map[[2]any]bool{}
	for _, p := range prims.Costs {
		hasOp[[2]any{p.Op, p.Gomaxprocs}] = true
	}
	var rows []SpectrumRow
	for _, st := range names {
		lv, ok := level[st]
		if !ok {
			if lv, ok = peerLevel[st]; !ok {
				lv = -1
			}
		}
		row := SpectrumRow{Style: st, Level: lv, Doc: styleDocs[st]}
		fine, ok := spectrumCase(costs, st, spectrumPrograms(st))
		if !ok {
			continue // only scale rows, say: nothing at quantum 1 to compare
		}
		cell := func(k results.AddKey) SpectrumCell {
			c := SpectrumCell{Found: true, Key: k, NsAdd: ns[k]}
			if k.Style == Baseline {
				c.Loop = results.Exact(1)
			} else if e, ok := ratios.Get(k.Style, k); ok {
				c.Loop = e
			}
			for _, op := range styleMechanisms[st] {
				if hasOp[[2]any{op, k.Gomaxprocs}] {
					c.Op = op
					c.Mech, _ = f.StyleOverPrimitive(k, op)
					break
				}
			}
			return c
		}
		row.Fine = cell(fine)
		if q := coarsest(costs, fine); q.Quantum != fine.Quantum {
			row.Coarse = cell(q)
		}
		if sp, ok := bestSpeedup(speedups, st); ok {
			row.Speedup, row.SpeedupKey = sp.Value, sp.Key
		}
		row.BytesPerProgram, row.ScalePrograms = largestScale(bytes, st)
		row.Verdict = verdictOf(ts, st)
		rows = append(rows, row)
	}
	return rows
}

// spectrumCase is the quantum-1 case of style in costs: shared mode, the
// lowest GOMAXPROCS, programs as wanted if measured (else the fewest), the
// longest len. With no quantum 1, the finest quantum measured.
func spectrumCase(costs []results.Cost, style string, programs int) (results.AddKey, bool) {
	var best results.AddKey
	found := false
	better := func(k, b results.AddKey) bool {
		return cmp.Or(
			cmp.Compare(k.Gomaxprocs, b.Gomaxprocs),
			-cmp.Compare(b2i(k.Programs == programs), b2i(b.Programs == programs)),
			cmp.Compare(k.Programs, b.Programs),
			cmp.Compare(k.Quantum, b.Quantum),
			-cmp.Compare(k.Len, b.Len),
		) < 0
	}
	for _, c := range costs {
		k := c.Key
		if k.Style != style || k.Mode != "shared" {
			continue
		}
		if !found || better(k, best) {
			best, found = k, true
		}
	}
	return best, found
}

// coarsest is k at the coarsest quantum measured with everything else
// equal.
func coarsest(costs []results.Cost, k results.AddKey) results.AddKey {
	best := k
	for _, c := range costs {
		o := c.Key
		q := o.Quantum
		o.Quantum = k.Quantum
		if o == k && q > best.Quantum {
			best.Quantum = q
		}
	}
	return best
}

// bestSpeedup is style's speedup in its most parallel case: private mode
// before shared, the most GOMAXPROCS, the most adds, the coarsest quantum;
// ties by the full key, so the choice does not depend on file order.
func bestSpeedup(sps []results.Speedup, style string) (results.Speedup, bool) {
	var best results.Speedup
	found := false
	for _, s := range sps {
		if s.Key.Style != style {
			continue
		}
		k, b := s.Key, best.Key
		if !found || cmp.Or(
			-cmp.Compare(b2i(k.Mode == "private"), b2i(b.Mode == "private")),
			-cmp.Compare(k.Gomaxprocs, b.Gomaxprocs),
			-cmp.Compare(k.Programs*k.Len, b.Programs*b.Len),
			-cmp.Compare(k.Quantum, b.Quantum),
			compareConfigs(k, b),
		) < 0 {
			best, found = s, true
		}
	}
	return best, found
}

// largestScale is style's median B/program at the most concurrent programs
// measured (shared mode, lowest GOMAXPROCS first on a tie).
func largestScale(costs []results.Cost, style string) (float64, int) {
	var best results.AddKey
	var v float64
	for _, c := range costs {
		k := c.Key
		if k.Style != style {
			continue
		}
		if best.Style == "" || cmp.Or(
			-cmp.Compare(k.Programs, best.Programs),
			compareConfigs(k, best),
		) < 0 {
			best, v = k, c.Value.Center
		}
	}
	return v, best.Programs
}

// verdictOf sums up the targets whose name starts with style: "MISSED" if
// one is missed, "met" if every one with data is met, "" if none has data.
func verdictOf(ts []targets.Target, style string) string {
	v := ""
	for _, t := range ts {
		if !t.Found || !strings.HasPrefix(t.Name, style+" ") {
			continue
		}
		if !t.Met() {
			return "MISSED"
		}
		v = "met"
	}
	return v
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
