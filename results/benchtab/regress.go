package benchtab

import (
	"fmt"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/robust"
	"golang.org/x/perf/benchfmt"
	"math"
	"slices"
	"strings"

	mstats "github.com/aclements/go-moremath/stats"
)

// A Correction is how the Verdict controls for testing many benchmarks at
// once.
type Correction int

const (
	// Holm is the Holm–Bonferroni step-down method: the chance of even
	// one false regression among all the benchmarks compared stays at or
	// below Alpha (family-wise error), with more power than a plain
	// Bonferroni division. addbench's gate uses it because a gate's false
	// alarm costs a person's time on every run, while a missed small
	// regression is caught by the next run.
	Holm Correction = iota
	// NoCorrection judges each test at Alpha on its own, as benchstat's
	// "~" does: with 100 benchmarks expect about 5 false changes.
	NoCorrection
)

func (c Correction) String() string {
	switch c {
	case Holm:
		return "holm"
	case NoCorrection:
		return "none"
	}
	return fmt.Sprintf("Correction(%d)", int(c))
}

// ParseCorrection returns the Correction named s: "holm" or "none".
func ParseCorrection(s string) (Correction, error) {
	for _, c := range []Correction{Holm, NoCorrection} {
		if c.String() == s {
			return c, nil
		}
	}
	return 0, fmt.Errorf("unknown correction %q (want holm or none)", s)
}

// A Change is a difference between one cell and its baseline that is
// significant after correction and larger than Options.Threshold.
type Change struct {
	Table string // Table.Key; "" unless Options.Table is set
	Name  string // row label, e.g. "Add/style=preempt.mutex/mode=shared/...-2"
	Col   string // the compared column (the new file); Base is the baseline column
	Base  string

	// Unit is the tidied unit. If Normalized is set, Old and New are
	// ratios of Unit to that baseline style's median.
	Unit       string
	Normalized string

	Old, New float64 // medians
	// Delta is the change in percent: from Ratio for a paired cell, from
	// Old to New otherwise. The threshold reads it.
	Delta float64
	P     float64 // the test's p-value, before correction
	Alpha float64 // the level P was held to after correction; 0 if it failed

	// Test names the test behind P: "signed-rank" (Wilcoxon's, on the
	// pairs' log ratios) for a paired cell, "Mann-Whitney U" otherwise,
	// "exact" for a count the same in every measurement on both sides.
	Test string
	// Ratio is the cell's change as a ratio with its interval
	// (Cell.Ratio); Ratio.N is the number of pairs for a paired cell.
	Ratio results.Estimate
	// Detectable is the smallest change, in percent, that this test could
	// have detected with 80 % power (Power) at the family's strictest
	// level (Alpha ÷ tests with Holm): what an "unchanged" verdict rules
	// out. +Inf when the cell has too few measurements to reach that
	// level at all; NaN when not worked out (a decided change).
	Detectable float64
	// Why says why an untested cell was not tested.
	Why string

	// Modes are the base's and the head's speeds when their measurements
	// fall into two separated clusters (robust.Modes), nil for one: a
	// benchmark that runs at one of two speeds from one process to the
	// next, which no single centre describes.
	Modes [2][]robust.Mode

	cell *Cell

	// Unstable reports that either side's measurements spread by more
	// than results.UnstableCV: real, but judge it with care.
	Unstable bool
}

func (c Change) String() string {
	unit := c.Unit
	if c.Normalized != "" {
		unit += " ÷ " + c.Normalized
	}
	var s string
	switch {
	case c.Why != "":
		s = fmt.Sprintf("%s %s: not tested: %s", c.Name, unit, c.Why)
	case c.Alpha == 0 && c.Detectable != 0 && !math.IsNaN(c.Detectable):
		s = fmt.Sprintf("%s %s: %+.2f%% (%s, p=%.2g; could have seen %s)", c.Name, unit, c.Delta, c.Col, c.P, FormatDetectable(c.Detectable))
	default:
		test := c.Test + " "
		if c.Test == "" || c.Test == "exact" {
			test = ""
		}
		s = fmt.Sprintf("%s %s: %+.2f%% (%s, %sp=%.2g)", c.Name, unit, c.Delta, c.Col, test, c.P)
	}
	if c.Unstable {
		s += " (unstable: its samples vary by more than 10%)"
	}
	for i, side := range []string{c.Base, c.Col} {
		if m := c.Modes[i]; m != nil {
			s += fmt.Sprintf(" (bimodal %s: %.3g ×%d and %.3g ×%d)", side, m[0].Center, m[0].N, m[1].Center, m[1].N)
		}
	}
	return s
}

// Estimate returns the change as a ratio with its interval: Ratio where the
// verdict worked it out (a paired cell), else the cell's Cell.Ratio.
func (c Change) Estimate() results.Estimate {
	if c.Ratio.N > 0 || c.cell == nil {
		return c.Ratio
	}
	return c.cell.Ratio()
}

// FormatDetectable formats a detectable change: "±3.1%", "anything" for
// +Inf (no change could have been detected), "?" for NaN.
func FormatDetectable(pct float64) string {
	switch {
	case math.IsInf(pct, 1):
		return "nothing (too few pairs)"
	case math.IsNaN(pct):
		return "?"
	}
	return fmt.Sprintf("±%.2g%%", pct)
}

// Power is the power at which a Verdict states the change each unchanged
// benchmark could have detected.
const Power = 0.8

// A Verdict is the decision on a Comparison: which changes are regressions.
type Verdict struct {
	Regressions, Improvements []Change

	// Unchanged are the tested cells that are neither, each with the
	// smallest change it could have detected (Change.Detectable) — exact
	// cells, which have no sampling error, are only counted in Exact;
	// Untested
	// the cells of a paired comparison left out of the tests, each with
	// its reason: too few pairs to reach the family's level, or counts
	// that do not pair.
	Unchanged, Untested []Change

	// Tests is how many cells were tested (one per benchmark, unit and
	// compared column); Benchmarks how many distinct rows they came from.
	Tests, Benchmarks int

	Alpha      float64
	Threshold  float64
	Correction Correction
	Normalized string // Options.Normalize

	// Test names the test behind the p-values: Wilcoxon's signed-rank
	// test on the pairs' log ratios for a paired comparison, else
	// Mann-Whitney U.
	Test string

	// Exact counts the cells left out of the tests because every
	// measurement on both sides was the same (an allocation count): such
	// a change is certain and is judged by the threshold alone.
	Exact int

	// Unreachable counts tests whose samples are too small for any
	// change to reach the corrected level: with n measurements a side,
	// the Mann-Whitney test cannot give a p-value below about
	// 2 ÷ C(2n, n), which for 6 a side is 0.0022 — above 0.05 ÷ 45.
	// Such a comparison can flag nothing; it needs more passes.
	Unreachable int
}

// String summarises v in one line.
func (v Verdict) String() string {
	how := fmt.Sprintf("%s p ≤ %g", v.Test, v.Alpha)
	if v.Correction == Holm {
		how += " after Holm's correction for " + plural(v.Tests, "test")
	}
	if v.Threshold > 0 {
		how += fmt.Sprintf(" and worse than %g%%", v.Threshold)
	}
	if v.Normalized != "" {
		how += ", relative to " + v.Normalized
	}
	out := fmt.Sprintf("%s, %s among %s compared (%s)",
		plural(len(v.Regressions), "regression"), plural(len(v.Improvements), "improvement"), plural(v.Benchmarks, "benchmark"), how)
	if lo, hi, ok := v.DetectableRange(); ok {
		// One test could have shown a change of one size, not changes
		// of a range from that size to itself.
		span, could := trimPct(lo)+"–"+trimPct(hi), "could have shown changes of"
		if trimPct(lo) == trimPct(hi) {
			span = trimPct(lo)
		}
		if len(v.Unchanged) == 1 {
			could = "could have shown a change of"
		}
		out += fmt.Sprintf("; the %s %s %s (%g%% power)", plural(len(v.Unchanged), "unchanged test"), could, span, 100*Power)
	}
	if len(v.Untested) > 0 {
		out += fmt.Sprintf("; %s not tested (not enough data)", plural(len(v.Untested), "cell"))
	}
	return out
}

// DetectableRange returns the smallest and largest detectable change (in
// percent) among the unchanged cells that have one; ok is false if none has.
func (v Verdict) DetectableRange() (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, c := range v.Unchanged {
		if math.IsNaN(c.Detectable) {
			continue
		}
		lo, hi, ok = min(lo, c.Detectable), max(hi, c.Detectable), true
	}
	return lo, hi, ok
}

func trimPct(p float64) string {
	if math.IsInf(p, 1) {
		return "∞"
	}
	return fmt.Sprintf("%.2g%%", p)
}

// plural returns "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// Verdict decides which changes in c are regressions and improvements: a
// cell whose change from the baseline column is significant — its p-value
// passes Options.Alpha after Options.Correction across every tested cell —
// and larger than Options.Threshold percent.
//
// A paired cell (Cell.Pairs) is tested with Wilcoxon's signed-rank test on
// its pairs' log ratios and its change is their Hodges–Lehmann estimate
// (Cell.Ratio); an unpaired one with the Mann-Whitney U test, its change the
// ratio of medians. Every cell tested and not flagged is Unchanged, with the
// smallest change it could have detected; a paired cell with too few pairs
// to reach the family's strictest level, or whose counts do not pair, is
// Untested and in no family.
//
// A change is a regression when it goes the wrong way for its unit. Every unit
// addbench reports (sec/op, sec/add, B/op, allocs/op, lost/op) is better when
// lower; a unit is taken as higher-is-better only when the files say so
// ("Unit x better=higher") or benchfmt knows it (B/s), as
// benchfmt.UnitMetadataMap.GetBetter reports.
//
// Units in ungated are left out, and so is sec/op where the same row has
// sec/add (GatedUnit): the two are one measurement in two units, and
// testing it twice would only weaken the correction.
func (c *Comparison) Verdict() Verdict {
	v := Verdict{Alpha: c.Options.Alpha, Threshold: c.Options.Threshold, Correction: c.Options.Correction, Normalized: c.Options.Normalize, Test: "Mann-Whitney U"}
	if c.Paired {
		v.Test = "signed-rank test on per-pass ratios"
		if c.Block > 1 {
			v.Test = "signed-rank test on ABBA-block ratios"
		}
	}
	type test struct {
		ch    Change
		cell  *Cell
		worse float64
		// exact: the same count in every sample on both sides
		// (allocs/op, B/op): no sampling error to test, so the change
		// is certain and the cell no member of the family.
		exact bool
		pairs []float64
	}
	var cand []test
	rows := make(map[string]bool)
	for _, t := range c.Tables {
		if ungated[t.Unit] {
			continue
		}
		better := c.units.GetBetter(t.Unit) // a ratio keeps its unit's direction
		for _, row := range t.Rows {
			if !c.gated(t, row) {
				continue
			}
			for i, cell := range row.Cells {
				if cell == nil || cell.Baseline == nil {
					continue
				}
				rows[t.Key+"\x00"+row.Label] = true
				ch := Change{
					Table: t.Key, Name: row.Label, Col: t.Cols[i], Base: t.Cols[0],
					Unit: t.Unit, Normalized: t.Normalized,
					Old: cell.Baseline.Summary.Center, New: cell.Summary.Center,
					Delta: cell.Delta(), P: cell.Comparison.P, Test: "Mann-Whitney U",
					Unstable: cell.Unstable() || cell.Baseline.Unstable(), Detectable: math.NaN(),
					cell: cell,
				}
				if isTime(t.Unit) {
					ch.Modes = [2][]robust.Mode{robust.Modes(cell.Baseline.raw), robust.Modes(cell.raw)}
				}
				tc := test{ch: ch, cell: cell, exact: exact(cell) && exact(cell.Baseline)}
				switch d, ok := cell.Pairs(); {
				case tc.exact:
					tc.ch.Test, tc.ch.P = "exact", 0
				case ok:
					tc.pairs = d
					r := robust.Test(d, c.Options.Confidence)
					tc.ch.Test, tc.ch.P, tc.ch.Delta = "signed-rank", r.P, 100*(r.Ratio-1)
					tc.ch.Ratio = results.Estimate{Center: r.Ratio, Lo: r.RatioLo, Hi: r.RatioHi, N: r.N, CV: math.Expm1(r.Spread)}
				case cell.pairable:
					tc.ch.Why = fmt.Sprintf("%d measurements against %d do not make whole pairs of %d", len(cell.raw), len(cell.Baseline.raw), c.Block)
				}
				tc.worse = tc.ch.Delta
				if better > 0 {
					tc.worse = -tc.worse
				}
				cand = append(cand, tc)
			}
		}
	}
	v.Benchmarks = len(rows)

	// The family: every cell with a test to make. A paired cell whose
	// pairs cannot reach the strictest level (MinP > Alpha ÷ family)
	// leaves it as not enough data — decided by its count alone, never
	// by its values, so leaving it out keeps the level.
	family := 0
	for _, t := range cand {
		if !t.exact && t.ch.Why == "" {
			family++
		}
	}
	strict := c.Options.Alpha
	if c.Options.Correction == Holm && family > 0 {
		strict /= float64(family)
	}
	var tests []test
	for _, t := range cand {
		switch {
		case t.ch.Why == "" && t.pairs != nil && robust.MinP(len(nonZero(t.pairs))) > strict:
			n, nz := len(t.pairs), len(nonZero(t.pairs))
			if nz < n {
				// Equal pairs carry no sign: the test sees only the others.
				t.ch.Why = fmt.Sprintf("not enough data: %d pairs, of which %d differ, cannot reach p ≤ %.2g (%d differing needed)", n, nz, strict, robust.MinPairs(strict))
			} else {
				t.ch.Why = fmt.Sprintf("not enough data: %d pairs cannot reach p ≤ %.2g (%d needed)", n, strict, robust.MinPairs(strict))
			}
			t.ch.Detectable = math.Inf(1)
			fallthrough
		case t.ch.Why != "":
			v.Untested = append(v.Untested, t.ch)
		default:
			tests = append(tests, t)
		}
	}
	for _, t := range tests {
		if t.exact {
			v.Exact++
		} else {
			v.Tests++
		}
	}
	strict = c.Options.Alpha
	if c.Options.Correction == Holm && v.Tests > 0 {
		strict /= float64(v.Tests)
	}

	// Holm: sort by p; the i-th smallest (from 0) is held to
	// alpha / (m - i), and testing stops at the first that fails.
	level := make([]float64, len(tests))
	var order []int
	var ps []float64
	for i, t := range tests {
		if t.exact {
			level[i] = c.Options.Alpha // certain: the threshold decides
			continue
		}
		order = append(order, i)
		ps = append(ps, t.ch.P)
	}
	for k, l := range levels(ps, c.Options.Alpha, c.Options.Correction) {
		level[order[k]] = l
	}
	for i, t := range tests {
		if !t.exact && t.pairs == nil && minP(c.sampleSizes(t.ch)) > strict {
			v.Unreachable++
		}
		ch := t.ch
		if level[i] >= 0 {
			ch.Alpha = level[i]
			switch {
			case t.worse > c.Options.Threshold:
				v.Regressions = append(v.Regressions, ch)
				continue
			case -t.worse > c.Options.Threshold:
				v.Improvements = append(v.Improvements, ch)
				continue
			}
		}
		if t.exact {
			continue // no sampling error: the same count, Verdict.Exact
		}
		ch.Alpha = 0
		ch.Detectable = c.detectable(t.cell, t.pairs, strict)
		v.Unchanged = append(v.Unchanged, ch)
	}
	return v
}

// gated reports whether a row of table t is judged: sec/op is not where the
// same row has sec/add (see GatedUnit).
func (c *Comparison) gated(t *Table, row *Row) bool {
	if t.Unit != "sec/op" {
		return true
	}
	for _, u := range c.Tables {
		if u.Key == t.Key && u.Unit == "sec/add" {
			for _, r := range u.Rows {
				if r.Label == row.Label {
					return false
				}
			}
		}
	}
	return true
}

// GatedUnit returns the time unit that stands for a benchmark with the
// given units: sec/add where it has one — the cost of one add, what
// addbench compares — else sec/op. The two are one measurement in two
// units; only one is judged.
func GatedUnit(units []string) string {
	if slices.Contains(units, "sec/add") {
		return "sec/add"
	}
	return "sec/op"
}

// detectable is the smallest change in percent that a test of cell at
// level alpha could have detected at Power: from the pairs' own scatter for
// a paired cell (robust.Detectable), else from both sides' robust spreads of
// the log values with the normal-theory formula for the Mann-Whitney test
// (efficiency 3/π).
func (c *Comparison) detectable(cell *Cell, pairs []float64, alpha float64) float64 {
	if pairs != nil {
		return robust.DetectablePercent(pairs, alpha, Power)
	}
	a, b := logs(cell.Sample.Values), logs(cell.Baseline.Sample.Values)
	if len(a) < 2 || len(b) < 2 || minP(len(a), len(b)) > alpha {
		return math.Inf(1)
	}
	sa, sb := robust.Spread(a), robust.Spread(b)
	z := stdNormal.InvCDF(1-alpha/2) + stdNormal.InvCDF(Power)
	l := z * math.Sqrt(sa*sa/float64(len(a))+sb*sb/float64(len(b))) / math.Sqrt(3/math.Pi)
	return 100 * math.Expm1(l)
}

var stdNormal = mstats.NormalDist{Mu: 0, Sigma: 1}

// logs returns the logs of the positive values of vs.
func logs(vs []float64) []float64 {
	var out []float64
	for _, v := range vs {
		if v > 0 {
			out = append(out, math.Log(v))
		}
	}
	return out
}

// nonZero returns the values of d that are not 0: the pairs a signed-rank
// test counts.
func nonZero(d []float64) []float64 {
	var out []float64
	for _, v := range d {
		if v != 0 {
			out = append(out, v)
		}
	}
	return out
}

// levels decides a family of tests with p-values ps at level alpha: for each
// test, the level its p-value passed, or -1 if it failed. With Holm, the
// p-values are taken smallest first, the k-th (from 0) of m held to
// alpha/(m-k), and every test after the first failure fails; without a
// correction each is held to alpha.
func levels(ps []float64, alpha float64, corr Correction) []float64 {
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	// A NaN p-value (no test could be made) sorts last, so that it
	// cannot stop the step-down before the tests that could be made.
	key := func(i int) float64 {
		if math.IsNaN(ps[i]) {
			return math.Inf(1)
		}
		return ps[i]
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(key(a), key(b)) })
	out := make([]float64, len(ps))
	stopped := false
	for rank, i := range order {
		a := alpha
		if corr == Holm {
			a /= float64(len(ps) - rank)
		}
		if stopped || ps[i] > a || math.IsNaN(ps[i]) {
			stopped = stopped || corr == Holm
			out[i] = -1
			continue
		}
		out[i] = a
	}
	return out
}

// exact reports whether every measurement of a cell is the same.
func exact(c *Cell) bool {
	vs := c.Sample.Values
	return len(vs) > 0 && vs[0] == vs[len(vs)-1] // sorted
}

// sampleSizes returns the sample sizes behind a change's cell.
func (c *Comparison) sampleSizes(ch Change) (int, int) {
	for _, t := range c.Tables {
		if t.Key != ch.Table || t.Unit != ch.Unit {
			continue
		}
		for _, row := range t.Rows {
			if row.Label != ch.Name {
				continue
			}
			for i, cell := range row.Cells {
				if t.Cols[i] == ch.Col && cell != nil && cell.Baseline != nil {
					return len(cell.Sample.Values), len(cell.Baseline.Sample.Values)
				}
			}
		}
	}
	return 0, 0
}

// minP is the smallest two-sided p-value the Mann-Whitney U test can give
// for samples of n and m values: both samples entirely apart, 2 ÷ C(n+m, n).
func minP(n, m int) float64 {
	if n == 0 || m == 0 {
		return 1
	}
	// log C(n+m, n) by lgamma, to stay finite for large samples.
	a, _ := math.Lgamma(float64(n + m + 1))
	b, _ := math.Lgamma(float64(n + 1))
	d, _ := math.Lgamma(float64(m + 1))
	return min(1, 2*math.Exp(-(a-b-d)))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ungated lists units that never count as a regression or improvement.
// lost/op is how many updates preempt.racy lost: it depends on how the
// machine interleaves the racing goroutines, not on the code's cost, and
// swings by orders of magnitude between identical runs. The OS metrics of
// the scale suite describe what a style asks of the machine — context
// switches, threads, CPU time, peak memory sampled while it runs — and
// depend on the scheduler and the neighbours as much as on the code: they
// are reported and charted, not gated.
var ungated = map[string]bool{
	"lost/op": true, "ctxsw/op": true, "threads": true, "cpu-sec/op": true, "cpu-ns/op": true, "B/program": true,
}

// How describes the rule v applied, for headings: "p ≤ 0.05 (Holm, 90
// tests) and worse than 5%".
func (v Verdict) How() string {
	parts := []string{fmt.Sprintf("p ≤ %g", v.Alpha)}
	if v.Correction == Holm {
		parts[0] += fmt.Sprintf(" (Holm, %s)", plural(v.Tests, "test"))
	}
	if v.Threshold > 0 {
		parts = append(parts, fmt.Sprintf("worse than %g%%", v.Threshold))
	}
	return strings.Join(parts, " and ")
}

// Settled returns the stopping rule of an ABBA session
// (benchrun.Session.Settled) under options o: a benchmark has had enough
// blocks when the change it could detect, at the family's strictest level
// and Power, is at most mde percent. It reads the gated time (GatedUnit)
// of each result line, pairs the lines in blocks of block, and asks
// robust.Settled, which looks only at the sizes of the pairs' log ratios,
// never their signs, so that stopping on it keeps the verdict's level.
func Settled(o Options, mde float64, block int) func(base, head []string, family int) bool {
	target := math.Log1p(mde / 100)
	return func(base, head []string, family int) bool {
		alpha := o.Alpha
		if o.Correction == Holm {
			alpha /= float64(max(family, 1))
		}
		return robust.Settled(robust.BlockRatios(lineTimes(head), lineTimes(base), block), alpha, Power, target)
	}
}

// lineTimes returns the gated time of each benchmark result line, in
// order; a line without one gives 0, which pairs with nothing.
func lineTimes(lines []string) []float64 {
	r := benchfmt.NewReader(strings.NewReader(strings.Join(lines, "\n")), "lines")
	var out []float64
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		v, ok := res.Value("ns/add")
		if !ok {
			v, _ = res.Value("ns/op")
		}
		out = append(out, v)
	}
	return out
}
