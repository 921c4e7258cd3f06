package benchtab

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
)

// nullPair writes two files of benchmarks benchmarks with n samples each,
// all drawn from one distribution (normal noise of the relative size noise),
// except that the benchmarks named in slow are factor slower in the second
// file. It loads them as base and head.
func nullPair(t *testing.T, seed uint64, benchmarks, n int, noise float64, slow map[int]float64) *results.Set {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 9))
	dir := t.TempDir()
	var paths []string
	for side, name := range []string{"base", "head"} {
		var b strings.Builder
		for range n {
			for i := range benchmarks {
				v := 100 * (1 + noise*rng.NormFloat64())
				if f, ok := slow[i]; ok && side == 1 {
					v *= f
				}
				fmt.Fprintf(&b, "BenchmarkX/i=%d 1000 %.4f ns/op\n", i, v)
			}
		}
		p := filepath.Join(dir, name+".txt")
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, name+"="+p)
	}
	set, err := results.Load(paths...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestHolmControlsFamilyWiseError: 100 benchmarks that did not change, 40
// times over. Uncorrected, almost every run reports some change (5 % of 100
// tests each); with Holm's correction, runs with any false change stay
// within alpha.
func TestHolmControlsFamilyWiseError(t *testing.T) {
	if raceEnabled {
		t.Skip("a statistical simulation: run without -race")
	}
	const trials = 40
	falseRuns := map[Correction]int{}
	for trial := range trials {
		set := nullPair(t, uint64(trial), 100, 10, 0.05, nil)
		for _, corr := range []Correction{Holm, NoCorrection} {
			c, err := Compare(set, opts(func(o *Options) { o.Threshold = 0; o.Correction = corr }))
			if err != nil {
				t.Fatal(err)
			}
			v := c.Verdict()
			if v.Tests != 100 || v.Benchmarks != 100 {
				t.Fatalf("%d tests of %d benchmarks, want 100 of 100", v.Tests, v.Benchmarks)
			}
			if len(v.Regressions)+len(v.Improvements) > 0 {
				falseRuns[corr]++
			}
		}
	}
	// alpha = 0.05 of 40 runs is 2; 5 is well past the binomial's tail.
	if falseRuns[Holm] > 5 {
		t.Errorf("Holm: %d of %d null runs report a change, want about 5 %% at most", falseRuns[Holm], trials)
	}
	if falseRuns[NoCorrection] < trials/2 {
		t.Errorf("uncorrected: only %d of %d null runs report a change; the test cannot show the correction matters", falseRuns[NoCorrection], trials)
	}
}

// TestHolmStillFlags: one benchmark 10 % slower among 100, with the 2 %
// sample noise of interleaved passes on a quiet VM, is flagged at n = 10,
// and named; at n = 6 no test can reach the corrected level, and the
// verdict says so rather than pretending to have looked.
func TestHolmStillFlags(t *testing.T) {
	for seed := range uint64(3) {
		set := nullPair(t, 100+seed, 100, 10, 0.02, map[int]float64{42: 1.10})
		c, err := Compare(set, DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		v := c.Verdict()
		if len(v.Regressions) != 1 || !strings.Contains(v.Regressions[0].Name, "i=42") {
			t.Errorf("seed %d: regressions %v, want exactly X/i=42", seed, v.Regressions)
		}
		if v.Unreachable != 0 {
			t.Errorf("seed %d: %d tests unreachable at n=10", seed, v.Unreachable)
		}
	}

	set := nullPair(t, 7, 100, 6, 0.02, map[int]float64{42: 1.10})
	c, err := Compare(set, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if v := c.Verdict(); len(v.Regressions) != 0 || v.Unreachable != v.Tests {
		t.Errorf("n=6: %d regressions, %d of %d tests unreachable; want none flagged, all unreachable", len(v.Regressions), v.Unreachable, v.Tests)
	}
}

// TestNegativeThresholdIsRejected: a threshold below zero would count a
// small significant improvement as a regression; Options.Check refuses it
// rather than clamping it.
func TestNegativeThresholdIsRejected(t *testing.T) {
	o := DefaultOptions
	o.Threshold = -1
	if err := o.Check(); err == nil {
		t.Fatal("threshold -1 accepted")
	}
	// And at threshold 0, a significant 3 % improvement is an improvement.
	set := nullPair(t, 11, 3, 10, 0.005, map[int]float64{1: 0.97})
	c, err := Compare(set, opts(func(o *Options) { o.Threshold = 0; o.Correction = NoCorrection }))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Verdict().Regressions {
		if strings.Contains(r.Name, "i=1") {
			t.Errorf("an improvement reported as a regression: %v", r)
		}
	}
}

func TestMinP(t *testing.T) {
	for _, tc := range []struct {
		n, m int
		want float64
	}{
		{6, 6, 2.0 / 924}, {10, 10, 2.0 / 184756}, {1, 1, 1}, {0, 5, 1},
	} {
		if got := minP(tc.n, tc.m); got < tc.want*0.999 || got > tc.want*1.001 {
			t.Errorf("minP(%d, %d) = %g, want %g", tc.n, tc.m, got, tc.want)
		}
	}
}

// TestCellRatio: the change a cell reports is its median ÷ its baseline's,
// with an interval that excludes 1 for a clear change and holds it for none;
// the first column has none.
func TestCellRatio(t *testing.T) {
	set := nullPair(t, 3, 2, 10, 0.01, map[int]float64{1: 1.2})
	c, err := Compare(set, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range c.Tables[0].Rows {
		base, cell := row.Cells[0], row.Cells[1]
		if base.Ratio() != (results.Estimate{}) {
			t.Errorf("%s: the baseline column has a ratio %+v", row.Label, base.Ratio())
		}
		r := cell.Ratio()
		if want := cell.Summary.Center / base.Summary.Center; r.Center != want || !r.Bounded() || !r.Contains(want) {
			t.Errorf("%s: ratio %+v, want center %g inside its interval", row.Label, r, want)
		}
		if slowed := strings.Contains(row.Label, "i=1"); slowed == r.Contains(1) {
			t.Errorf("%s: interval [%g, %g]; 1 inside it = %v, want %v", row.Label, r.Lo, r.Hi, r.Contains(1), !slowed)
		}
		if r != cell.Ratio() {
			t.Errorf("%s: Ratio is not reproducible", row.Label)
		}
	}
}

// passesPair writes base and head as the passes of one ab session
// ("pairing: passes" and the same "session:") of
// benchmarks benchmarks: in every pass the machine is in one of two states,
// 1× or 2× as slow (as this project's shared VM was measured to be, for the
// same binary), weighing on both sides of that pass alike; benchmarks in
// slow are factor slower in head.
func passesPair(t *testing.T, seed uint64, benchmarks, passes int, slow map[int]float64) *results.Set {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 10))
	var files [2]strings.Builder
	for i := range files {
		fmt.Fprintf(&files[i], "pairing: passes\nsession: 5e551011\npasses: %d\n", passes)
	}
	for range passes {
		machine := 1.0
		if rng.IntN(2) == 1 {
			machine = 2
		}
		for side := range 2 {
			for i := range benchmarks {
				v := 100 * machine * (1 + 0.03*rng.NormFloat64())
				if f, ok := slow[i]; ok && side == 1 {
					v *= f
				}
				fmt.Fprintf(&files[side], "BenchmarkX/i=%d 1000 %.4f ns/op\n", i, v)
			}
		}
	}
	return loadSides(t, files)
}

// TestPairedVerdict: on a machine whose speed doubles and halves from pass
// to pass, a 30 % regression is invisible to Mann-Whitney (it compares the
// two sets as wholes) but plain to the paired test of an A/B of passes; and
// among 100 benchmarks that did not change, the paired test with Holm's
// correction raises a false alarm in at most about alpha of the runs.
func TestPairedVerdict(t *testing.T) {
	if raceEnabled {
		t.Skip("a statistical simulation: run without -race")
	}
	set := passesPair(t, 1, 80, 20, map[int]float64{7: 1.3})
	c, err := Compare(set, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Paired {
		t.Fatal("two passes runs: not paired")
	}
	v := c.Verdict()
	if len(v.Regressions) != 1 || !strings.Contains(v.Regressions[0].Name, "i=7") || !strings.Contains(v.String(), "signed-rank test on per-pass ratios") {
		t.Errorf("paired verdict %v: %v, want X/i=7 alone", v, v.Regressions)
	}
	if r := c.Tables[0].Rows[7].Cells[1].Ratio(); r.Center < 1.25 || r.Center > 1.35 || r.Contains(1) {
		t.Errorf("paired ratio of X/i=7 = %+v, want about 1.3 with 1 outside its interval", r)
	}
	// The same data, unpaired: Mann-Whitney cannot see it.
	for _, f := range set.Files {
		delete(f.Config, "session")
	}
	c, err = Compare(set, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if v := c.Verdict(); c.Paired || len(v.Regressions) != 0 {
		t.Errorf("unpaired: %d regressions; the drift should hide it from Mann-Whitney", len(v.Regressions))
	}

	falseRuns := 0
	const trials = 40
	for trial := range trials {
		c, err := Compare(passesPair(t, uint64(100+trial), 100, 20, nil), opts(func(o *Options) { o.Threshold = 0 }))
		if err != nil {
			t.Fatal(err)
		}
		if v := c.Verdict(); len(v.Regressions)+len(v.Improvements) > 0 {
			falseRuns++
		}
	}
	if falseRuns > 5 {
		t.Errorf("paired, Holm: %d of %d null runs report a change, want about 5 %% at most", falseRuns, trials)
	}
}

// TestPairsOnlyWhatRanAsPairs: files of two sessions are not paired (with a
// warning), whatever their counts; a paired cell whose counts do not make
// whole pairs, or with too few pairs to reach the family's level, is left
// untested with its reason, never guessed at or given a verdict.
func TestPairsOnlyWhatRanAsPairs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, config string, ns ...float64) string {
		var b strings.Builder
		b.WriteString(config)
		for _, v := range ns {
			fmt.Fprintf(&b, "BenchmarkA 1 %g ns/op\n", v)
		}
		return name + "=" + writeResults(t, dir, name, b.String())
	}
	ten := []float64{10, 10.1, 10.2, 10, 10.1, 10.3, 10, 10.2, 10.1, 10}
	slow := make([]float64, len(ten))
	for i, v := range ten {
		slow[i] = 2 * v
	}
	set, err := results.Load(write("a", "passes: 10\nsession: 1\npairing: passes\n", ten...), write("b", "passes: 10\nsession: 2\npairing: passes\n", slow...))
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	if c.Paired || len(c.Warnings) == 0 || !strings.Contains(c.Warnings[0].Error(), "not run as pairs") {
		t.Errorf("two sessions: paired %v, warnings %v; want unpaired with a warning", c.Paired, c.Warnings)
	}

	same := "pairing: abba\nsession: 7\n"
	set, err = results.Load(write("c", same, ten...), write("d", same, slow[:9]...))
	if err != nil {
		t.Fatal(err)
	}
	v := compare(t, set, DefaultOptions).Verdict()
	if len(v.Untested) != 1 || !strings.Contains(v.Untested[0].Why, "do not make whole pairs") || len(v.Regressions) != 0 {
		t.Errorf("10 against 9 measurements in ABBA blocks: untested %v, regressions %v; want one untested cell, no verdict", v.Untested, v.Regressions)
	}

	// Five blocks of two: 5 pairs cannot reach 0.05 (2/2^5 = 0.0625),
	// however large the change.
	set, err = results.Load(write("e", same, ten...), write("f", same, slow...))
	if err != nil {
		t.Fatal(err)
	}
	v = compare(t, set, DefaultOptions).Verdict()
	if len(v.Untested) != 1 || !strings.Contains(v.Untested[0].Why, "not enough data: 5 pairs") || len(v.Regressions) != 0 ||
		!strings.Contains(v.String(), "1 cell not tested (not enough data)") {
		t.Errorf("5 pairs of a 2× change: %s; untested %v; want not enough data, never a verdict", v, v.Untested)
	}
}

// The REGRESSION line names the unit, and a normalized one says what it is
// a ratio to.
func TestChangeStringNamesTheUnit(t *testing.T) {
	ch := Change{Name: "Add/style=x", Col: "new", Unit: "sec/add", Delta: 12.5, P: 0.001}
	if s := ch.String(); !strings.Contains(s, "Add/style=x sec/add: +12.50% (new, p=0.001)") {
		t.Errorf("raw: %q", s)
	}
	ch.Normalized = "sequential.loop"
	if s := ch.String(); !strings.Contains(s, "sec/add ÷ sequential.loop: +12.50%") {
		t.Errorf("normalized: %q", s)
	}
	ch = Change{Name: "A", Col: "head", Unit: "sec/op", Delta: 1.5, P: 0.3, Test: "signed-rank", Detectable: 2.345}
	if s := ch.String(); s != "A sec/op: +1.50% (head, p=0.3; could have seen ±2.3%)" {
		t.Errorf("unchanged: %q", s)
	}
	ch.Alpha = 0.01
	if s := ch.String(); s != "A sec/op: +1.50% (head, signed-rank p=0.3)" {
		t.Errorf("decided: %q", s)
	}
	ch = Change{Name: "A", Unit: "sec/op", Why: "not enough data", Detectable: math.Inf(1)}
	if s := ch.String(); s != "A sec/op: not tested: not enough data" {
		t.Errorf("untested: %q", s)
	}
}

// TestHolmLevels pins Holm's step-down: the k-th smallest of m p-values is
// held to alpha/(m-k), testing stops at the first failure, and without a
// correction each is held to alpha.
func TestHolmLevels(t *testing.T) {
	const a = 0.05
	nan := math.NaN()
	for _, tc := range []struct {
		ps   []float64
		corr Correction
		want []float64
	}{
		// 0.01 ≤ .05/3, 0.02 ≤ .05/2, 0.04 ≤ .05: all pass (Bonferroni,
		// .05/3 each, would pass only the first).
		{[]float64{0.04, 0.01, 0.02}, Holm, []float64{a, a / 3, a / 2}},
		// 0.03 > .05/2: it fails, and so does 0.001's successor 0.04.
		{[]float64{0.01, 0.03, 0.04}, Holm, []float64{a / 3, -1, -1}},
		{[]float64{0.2, 0.001}, Holm, []float64{-1, a / 2}},
		{[]float64{0.01, 0.03, 0.04}, NoCorrection, []float64{a, a, a}},
		{[]float64{0.06, nan}, NoCorrection, []float64{-1, -1}},
		{[]float64{nan, 0.001}, Holm, []float64{-1, a / 2}},
		{nil, Holm, []float64{}},
		// A p-value equal to its level passes, as p ≤ alpha in benchstat.
		{[]float64{a}, NoCorrection, []float64{a}},
		{[]float64{a / 2, 0.001}, Holm, []float64{a, a / 2}},
	} {
		got := levels(tc.ps, a, tc.corr)
		if len(got) != len(tc.want) {
			t.Fatalf("levels(%v, %v) = %v, want %v", tc.ps, tc.corr, got, tc.want)
		}
		for i := range got {
			if !(math.Abs(got[i]-tc.want[i]) <= 1e-15) {
				t.Errorf("levels(%v, %v) = %v, want %v", tc.ps, tc.corr, got, tc.want)
				break
			}
		}
	}
}

// The verdict's summary line says how it was reached: the correction and
// its family size only with Holm, the threshold only when there is one, the
// baseline only when normalized.
func TestVerdictString(t *testing.T) {
	v := Verdict{Regressions: make([]Change, 1), Tests: 7, Benchmarks: 5, Alpha: 0.05, Correction: NoCorrection, Test: "Mann-Whitney U"}
	bare := v.String()
	if want := "1 regression, 0 improvements among 5 benchmarks compared (Mann-Whitney U p ≤ 0.05)"; bare != want {
		t.Errorf("bare verdict: %q, want %q", bare, want)
	}
	v.Correction, v.Threshold, v.Normalized = Holm, 5, "sequential.loop"
	full := v.String()
	for _, want := range []string{"p ≤ 0.05 after Holm's correction for 7 tests", " and worse than 5%", ", relative to sequential.loop)"} {
		if !strings.Contains(full, want) {
			t.Errorf("verdict %q lacks %q", full, want)
		}
	}
}

// An allocation count that is the same in every pass, on both sides, is an
// exact cell: not tested, counted in Verdict.Exact, and judged by the
// threshold alone — 10 → 12 allocs/op is a regression, 10 → 10 is nothing.
func TestExactCellsJudgedByThreshold(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, allocs int, times []float64) string {
		var b strings.Builder
		b.WriteString("passes: 6\n")
		for _, ns := range times {
			fmt.Fprintf(&b, "BenchmarkA 1 %g ns/op %d allocs/op\nBenchmarkB 1 %g ns/op 10 allocs/op\n", ns, allocs, ns)
		}
		return writeResults(t, dir, name, b.String())
	}
	times := []float64{100, 103, 98, 101, 99, 102}
	set, err := results.Load(write("old", 10, times), write("new", 12, times))
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	v := c.Verdict()
	if v.Exact != 2 {
		t.Errorf("Exact = %d, want 2 (A and B allocs/op)", v.Exact)
	}
	var regs []string
	for _, r := range v.Regressions {
		regs = append(regs, r.Name+" "+r.Unit)
	}
	if len(regs) != 1 || !strings.Contains(regs[0], "A allocs/op") {
		t.Errorf("regressions %q, want A's allocs/op alone", regs)
	}
}

// Unreachable counts each test by its own cell's sample sizes: of three
// benchmarks, the one with 3 samples a side cannot reach Holm's level, the
// two with 10 can.
func TestUnreachableBySampleSize(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) string {
		var b strings.Builder
		for i := range 10 {
			for _, bench := range []string{"A", "B", "C"} {
				if bench == "A" && i >= 3 {
					continue
				}
				fmt.Fprintf(&b, "Benchmark%s 1 %d ns/op\n", bench, 100+i)
			}
		}
		return writeResults(t, dir, name, b.String())
	}
	set, err := results.Load(write("old"), write("new"))
	if err != nil {
		t.Fatal(err)
	}
	if v := compare(t, set, DefaultOptions).Verdict(); v.Tests != 3 || v.Unreachable != 1 {
		t.Errorf("%d tests, %d unreachable; want 3 and 1 (A's)", v.Tests, v.Unreachable)
	}
}

// abbaPair writes base and head as the ABBA blocks of one ab session: per
// benchmark and block, two measurements a side, each with 2 % noise and a
// one-in-eight chance of being slowed 20–100 % by interference (which only
// ever slows); benchmarks in slow are factor slower in head.
func abbaPair(t *testing.T, seed uint64, benchmarks, blocks int, slow map[int]float64) *results.Set {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 11))
	var files [2]strings.Builder
	for i := range files {
		fmt.Fprintf(&files[i], "pairing: abba\nsession: ab5e55\n")
	}
	for range blocks {
		for i := range benchmarks {
			for side := range 2 {
				for range 2 {
					v := 100 * (1 + 0.02*rng.NormFloat64())
					if rng.IntN(8) == 0 {
						v *= 1.2 + 0.8*rng.Float64()
					}
					if f, ok := slow[i]; ok && side == 1 {
						v *= f
					}
					fmt.Fprintf(&files[side], "BenchmarkX/i=%d 1000 %.4f ns/op\n", i, v)
				}
			}
		}
	}
	return loadSides(t, files)
}

// TestABBAVerdictWithOutliers: twenty benchmarks in twenty ABBA blocks,
// every eighth measurement slowed by interference. Unchanged, Holm keeps the
// runs with any false change within alpha; a 5 % slowdown of one benchmark
// is flagged in nearly every run; and most unchanged benchmarks state a
// detectable change of at most 5 %.
func TestABBAVerdictWithOutliers(t *testing.T) {
	if raceEnabled {
		t.Skip("a statistical simulation: run without -race")
	}
	const trials = 30
	falseRuns, found := 0, 0
	for trial := range trials {
		c, err := Compare(abbaPair(t, uint64(trial), 20, 20, nil), opts(func(o *Options) { o.Threshold = 0 }))
		if err != nil {
			t.Fatal(err)
		}
		if v := c.Verdict(); len(v.Regressions)+len(v.Improvements) > 0 {
			falseRuns++
		}
		c, err = Compare(abbaPair(t, uint64(1000+trial), 20, 20, map[int]float64{3: 1.05}), opts(func(o *Options) { o.Threshold = 0 }))
		if err != nil {
			t.Fatal(err)
		}
		v := c.Verdict()
		if len(v.Regressions) == 1 && strings.Contains(v.Regressions[0].Name, "i=3") {
			found++
		}
		// A benchmark whose blocks were hit twice on a side can see less:
		// the signed-rank test at 0.05/20 tolerates about one wrong-signed
		// top rank in 20. Most must see 5 %.
		small := 0
		for _, u := range v.Unchanged {
			if u.Detectable > 0 && u.Detectable <= 5 {
				small++
			}
		}
		if trial == 0 && small < len(v.Unchanged)*8/10 {
			t.Errorf("%d of %d unchanged benchmarks could have seen 5 %%, want at least 80 %%: %s", small, len(v.Unchanged), v)
		}
	}
	if falseRuns > 3 {
		t.Errorf("%d of %d null runs report a change, want about 5 %% at most", falseRuns, trials)
	}
	if found < trials*8/10 {
		t.Errorf("a 5%% slowdown found in %d of %d runs, want at least 80 %%", found, trials)
	}
}

// TestVerdictFlagsTwoSpeeds: a head that ran at 5.6 ns in some passes and
// 9.8 in others is named bimodal, with both speeds, whatever the verdict.
func TestVerdictFlagsTwoSpeeds(t *testing.T) {
	dir := t.TempDir()
	var base, head strings.Builder
	for _, f := range []*strings.Builder{&base, &head} {
		f.WriteString("pairing: passes\nsession: 2\n")
	}
	for p := range 12 {
		fmt.Fprintf(&base, "BenchmarkA 1 %g ns/op\n", 5.6+0.01*float64(p%3))
		h := 5.6 + 0.01*float64(p%3)
		if p%3 == 0 {
			h = 9.8 + 0.01*float64(p%2)
		}
		fmt.Fprintf(&head, "BenchmarkA 1 %g ns/op\n", h)
	}
	set, err := results.Load("base="+writeResults(t, dir, "base", base.String()), "head="+writeResults(t, dir, "head", head.String()))
	if err != nil {
		t.Fatal(err)
	}
	v := compare(t, set, DefaultOptions).Verdict()
	all := append(append(append(v.Regressions, v.Improvements...), v.Unchanged...), v.Untested...)
	if len(all) != 1 || all[0].Modes[0] != nil || len(all[0].Modes[1]) != 2 || !strings.Contains(all[0].String(), "bimodal head: 5.6") {
		t.Errorf("changes %v: want the head named bimodal at 5.6 and 9.8, the base not", all)
	}
}

// loadSides writes the texts of base and head to files and loads them.
func loadSides(t *testing.T, files [2]strings.Builder) *results.Set {
	t.Helper()
	dir := t.TempDir()
	var args []string
	for i, name := range []string{"base", "head"} {
		p := filepath.Join(dir, name+".txt")
		if err := os.WriteFile(p, []byte(files[i].String()), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, name+"="+p)
	}
	set, err := results.Load(args...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}
