package benchtab

import (
	"errors"
	"fmt"
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
	Delta    float64 // percent change from Old to New
	P        float64 // Mann-Whitney U p-value, before correction
	Alpha    float64 // the level P was held to after correction

	// Unstable reports that either side's measurements spread by more
	// than results.UnstableCV: real, but judge it with care.
	Unstable bool
}

func (c Change) String() string {
	unit := c.Unit
	if c.Normalized != "" {
		unit += " ÷ " + c.Normalized
	}
	s := fmt.Sprintf("%s %s: %+.2f%% (%s, p=%.2g)", c.Name, unit, c.Delta, c.Col, c.P)
	if c.Unstable {
		s += " (unstable: its samples vary by more than 10%)"
	}
	return s
}

// A Verdict is the decision on a Comparison: which changes are regressions.
type Verdict struct {
	Regressions, Improvements []Change

	// Tests is how many cells were tested (one per benchmark, unit and
	// compared column); Benchmarks how many distinct rows they came from.
	Tests, Benchmarks int

	Alpha      float64
	Threshold  float64
	Correction Correction
	Normalized string // Options.Normalize

	// Test names the test behind the p-values: the paired t-test on
	// per-pass log ratios for a paired comparison, else Mann-Whitney U.
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
		how += " after Holm's correction for " + fmt.Sprint(v.Tests) + " tests"
	}
	if v.Threshold > 0 {
		how += fmt.Sprintf(" and worse than %g%%", v.Threshold)
	}
	if v.Normalized != "" {
		how += ", relative to " + v.Normalized
	}
	return fmt.Sprintf("%s, %s among %s compared (%s)",
		plural(len(v.Regressions), "regression"), plural(len(v.Improvements), "improvement"), plural(v.Benchmarks, "benchmark"), how)
}

// plural returns "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// Verdict decides which changes in c are regressions and improvements: a
// cell whose change from the baseline column is significant — its
// Mann-Whitney p-value passes Options.Alpha after Options.Correction across
// every tested cell — and larger than Options.Threshold percent.
//
// A change is a regression when it goes the wrong way for its unit. Every unit
// addbench reports (sec/op, sec/add, B/op, allocs/op, lost/op) is better when
// lower; a unit is taken as higher-is-better only when the files say so
// ("Unit x better=higher") or benchfmt knows it (B/s), as
// benchfmt.UnitMetadataMap.GetBetter reports.
//
// Units in ungated are left out, and so is sec/op where the same row has
// sec/add: the two are one measurement in two units, and testing it twice
// would only weaken the correction.
func (c *Comparison) Verdict() Verdict {
	v := Verdict{Alpha: c.Options.Alpha, Threshold: c.Options.Threshold, Correction: c.Options.Correction, Normalized: c.Options.Normalize, Test: "Mann-Whitney U"}
	if c.Paired {
		v.Test = "paired t-test on per-pass ratios"
	}
	type test struct {
		ch    Change
		worse float64
		// exact: the same count in every sample on both sides
		// (allocs/op, B/op): no sampling error to test, so the change
		// is certain and the cell no member of the family.
		exact bool
	}
	var tests []test
	hasPerAdd := make(map[string]bool)
	for _, t := range c.Tables {
		if t.Unit == "sec/add" {
			for _, row := range t.Rows {
				hasPerAdd[t.Key+"\x00"+row.Label] = true
			}
		}
	}
	rows := make(map[string]bool)
	for _, t := range c.Tables {
		if ungated[t.Unit] {
			continue
		}
		better := c.units.GetBetter(t.Unit) // a ratio keeps its unit's direction
		for _, row := range t.Rows {
			if t.Unit == "sec/op" && hasPerAdd[t.Key+"\x00"+row.Label] {
				continue
			}
			for i, cell := range row.Cells {
				if cell == nil || cell.Baseline == nil {
					continue
				}
				d := cell.Delta()
				worse := d
				if better > 0 {
					worse = -d
				}
				rows[t.Key+"\x00"+row.Label] = true
				isExact := exact(cell) && exact(cell.Baseline)
				p := cell.Comparison.P
				if cell.paired() {
					p = pairedP(cell.raw, cell.Baseline.raw, isTime(t.Unit))
				}
				tests = append(tests, test{Change{
					Table: t.Key, Name: row.Label, Col: t.Cols[i], Base: t.Cols[0],
					Unit: t.Unit, Normalized: t.Normalized,
					Old: cell.Baseline.Summary.Center, New: cell.Summary.Center,
					Delta: d, P: p,
					Unstable: cell.Unstable() || cell.Baseline.Unstable(),
				}, worse, isExact})
			}
		}
	}
	v.Benchmarks = len(rows)
	for _, t := range tests {
		if t.exact {
			v.Exact++
		} else {
			v.Tests++
		}
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
	floor := c.Options.Alpha
	if c.Options.Correction == Holm && v.Tests > 0 {
		floor /= float64(v.Tests)
	}
	for i, t := range tests {
		if !t.exact && !c.Paired && minP(c.sampleSizes(t.ch)) > floor {
			v.Unreachable++
		}
		if level[i] < 0 {
			continue
		}
		ch := t.ch
		ch.Alpha = level[i]
		switch {
		case t.worse > c.Options.Threshold:
			v.Regressions = append(v.Regressions, ch)
		case -t.worse > c.Options.Threshold:
			v.Improvements = append(v.Improvements, ch)
		}
	}
	return v
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

// pairedP tests whether the head's measurements differ from the base's pass
// by pass: the two-sided paired t-test (go-moremath, the statistics under
// benchmath) on per-pass log ratios for a time unit, on per-pass differences
// otherwise. Whatever the machine did during a pass weighs on both of its
// measurements and cancels in their ratio, so drift between passes — which
// on a shared VM can be 2× for the same binary — does not hide a change, as
// it does from a test that compares the two sets of measurements as wholes.
// A difference the same in every pass (an exact count, such as allocs/op)
// is certain: p is 0, or 1 if it is no difference at all.
func pairedP(head, base []float64, logScale bool) float64 {
	x1, x2 := head, base
	if logScale {
		x1, x2 = make([]float64, len(head)), make([]float64, len(base))
		for i := range head {
			if head[i] <= 0 || base[i] <= 0 {
				return 1 // no ratio to test
			}
			x1[i], x2[i] = math.Log(head[i]), math.Log(base[i])
		}
	}
	r, err := mstats.PairedTTest(x1, x2, 0, mstats.LocationDiffers)
	switch {
	case errors.Is(err, mstats.ErrZeroVariance):
		// Every pass differs by the same amount.
		if x1[0] == x2[0] {
			return 1
		}
		return 0
	case err != nil:
		return 1
	}
	return r.P
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
		parts[0] += fmt.Sprintf(" (Holm, %d tests)", v.Tests)
	}
	if v.Threshold > 0 {
		parts = append(parts, fmt.Sprintf("worse than %g%%", v.Threshold))
	}
	return strings.Join(parts, " and ")
}
