package benchtab

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/perf/benchmath"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/internal/synth"
)

// Tests that pin what mutation testing found unpinned: each names the mutant
// it kills.

// writeResults writes text as the results file dir/name and returns its path.
func writeResults(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Normalizing drops the baseline's own time values but must keep its B/op
// and allocs/op (normalize.go: continue → break would drop every value after
// the first time unit), so the baseline's allocation regressions are gated.
func TestNormalizeKeepsBaselineCounts(t *testing.T) {
	set := load(t, []string{"old", "new"}, synth.With(many, func(s *synth.Spec) { s.Seed = 60 }), synth.With(many, func(s *synth.Spec) { s.Seed = 61 }))
	c := compare(t, set, opts(func(o *Options) { o.Normalize = "sequential.loop" }))
	for _, unit := range []string{"B/op", "allocs/op"} {
		found := false
		for _, tab := range c.TablesOf(unit) {
			for _, row := range tab.Rows {
				found = found || strings.Contains(row.Label, "style=sequential.loop/")
			}
		}
		if !found {
			t.Errorf("normalized comparison has no %s row for the baseline style", unit)
		}
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
}

// geomean of a column holding a zero is undefined ("?", with a warning),
// never 0 (summary.go: x <= 0 → x < 0).
func TestGeomeanOfZero(t *testing.T) {
	for _, xs := range [][]float64{{0, 1, 2}, {2, 0}, {1, -1}, {}} {
		if g := geomean(xs); !math.IsNaN(g) {
			t.Errorf("geomean(%v) = %g, want NaN", xs, g)
		}
	}
	if g := geomean([]float64{2, 8}); !(math.Abs(g-4) <= 1e-12) {
		t.Errorf("geomean(2, 8) = %g, want 4", g)
	}
	// In a table: sequential.loop allocates nothing, so allocs/op's
	// geomean has no summary and says why.
	set := load(t, []string{"old", "new"}, synth.With(many, func(s *synth.Spec) { s.Seed = 62 }), synth.With(many, func(s *synth.Spec) { s.Seed = 63 }))
	c := compare(t, set, DefaultOptions)
	tab := c.TablesOf("allocs/op")[0]
	if g := tab.Geomean[0]; g.HasSummary || !containsError(g.Warnings, "summaries must be >0") {
		t.Errorf("allocs/op geomean %+v, want none, with benchstat's warning", g)
	}
}

// A column missing one row still gets the geomean of the rows it has
// (build.go: continue → break would stop at the missing row).
func TestGeomeanSkipsMissingCells(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeResults(t, dir, name, text) }
	var old, new strings.Builder
	for range 6 {
		old.WriteString("BenchmarkA 1 2 ns/op\nBenchmarkB 1 4 ns/op\nBenchmarkC 1 8 ns/op\n")
		new.WriteString("BenchmarkB 1 4 ns/op\nBenchmarkC 1 16 ns/op\n") // no A
	}
	set, err := results.Load(write("old", old.String()), write("new", new.String()))
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	g := c.Tables[0].Geomean[1]
	// geomean(4, 16) ns = 8 ns; ratios 4/4 and 16/8: geomean √2.
	if !g.HasSummary || !(math.Abs(g.Summary-8e-9) <= 1e-18) || !g.HasRatio || !(math.Abs(g.Ratio-math.Sqrt2) <= 1e-12) {
		t.Errorf("geomean %+v, want 8ns and ratio √2 from the two rows present", g)
	}
	if !containsError(g.Warnings, "benchmark set differs from baseline") {
		t.Errorf("geomean warnings %v lack the differing-set warning", g.Warnings)
	}
}

// Warnings reach the printed tables: a residue ("benchmarks vary in …")
// becomes a numbered footnote in text and Markdown.
func TestWarningsArePrinted(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 6 {
		b.WriteString("BenchmarkA/k=1 1 2 ns/op\n")
		if i%2 == 0 {
			b.WriteString("BenchmarkA/k=2 1 3 ns/op\n")
		}
	}
	set, err := results.Load(writeResults(t, dir, "r.txt", b.String()))
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, opts(func(o *Options) { o.Row = ".name" }))
	var text, md bytes.Buffer
	c.WriteText(&text)
	c.WriteMarkdown(&md)
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
		if !strings.Contains(out, "benchmarks vary in .fullname") || !strings.Contains(out, "¹") {
			t.Errorf("%s output lacks the residue warning as footnote ¹:\n%s", name, out)
		}
	}
	if !strings.Contains(md.String(), "¹ benchmarks vary in .fullname") {
		t.Errorf("markdown footnote is not numbered:\n%s", md.String())
	}
}

// Pairing: two files of one session pair their samples, a single file is not
// a paired comparison, and a noisy cell is
// unstable while a quiet one is not.
func TestPairingEdges(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return name + "=" + writeResults(t, dir, name, text) }
	base := write("base", "pairing: passes\nsession: 1\npasses: 2\nBenchmarkA 1 1 ns/op\nBenchmarkA 1 10 ns/op\n")
	head := write("head", "pairing: passes\nsession: 1\npasses: 2\nBenchmarkA 1 2 ns/op\nBenchmarkA 1 10 ns/op\n")
	set, err := results.Load(base, head)
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	if !c.Paired {
		t.Fatal("two passes runs are not paired")
	}
	// Pairs (2/1, 10/10): the Hodges–Lehmann estimate of log 2 and 0 is
	// the median of log 2, log 2 ÷ 2 and 0, a ratio of √2; the ratio of
	// medians would be 6/5.5.
	if r := c.Tables[0].Rows[0].Cells[1].Ratio(); !(math.Abs(r.Center-math.Sqrt2) <= 1e-12) || r.N != 2 {
		t.Errorf("paired ratio of 2 passes = %+v, want √2 from 2 pairs", r)
	}

	one, err := results.Load(base)
	if err != nil {
		t.Fatal(err)
	}
	if compare(t, one, DefaultOptions).Paired {
		t.Error("a single file is a paired comparison")
	}

	noisy := write("noisy", "BenchmarkA 1 1 ns/op\nBenchmarkA 1 2 ns/op\nBenchmarkA 1 1 ns/op\n")
	quiet := write("quiet", "BenchmarkA 1 1 ns/op\nBenchmarkA 1 1.01 ns/op\nBenchmarkA 1 1 ns/op\n")
	set, err = results.Load(noisy, quiet)
	if err != nil {
		t.Fatal(err)
	}
	cells := compare(t, set, DefaultOptions).Tables[0].Rows[0].Cells
	if !cells[0].Unstable() || cells[1].Unstable() {
		t.Errorf("unstable: noisy %v (CV %.2f), quiet %v (CV %.3f); want true, false",
			cells[0].Unstable(), cells[0].Summary.CV, cells[1].Unstable(), cells[1].Summary.CV)
	}
}

// Table keys name the table's configuration ("cpu:X"), which the verdict's
// changes carry.
func TestTableKeys(t *testing.T) {
	set, err := results.Load("testdata/old.txt", "testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, opts(func(o *Options) { o.Table = "cpu"; o.Filter = ".unit:sec/add" }))
	var keys []string
	for _, tab := range c.Tables {
		keys = append(keys, tab.Key)
	}
	want := []string{"cpu:Intel(R) Xeon(R) CPU @ 2.20GHz", "cpu:AMD EPYC 7B12"} // in file order
	if !slices.Equal(keys, want) {
		t.Errorf("table keys %q, want %q", keys, want)
	}
}

// Two files with no benchmark in common compare nothing: an error, not an
// empty verdict that passes a gate.
func TestNothingInCommon(t *testing.T) {
	dir := t.TempDir()
	a, b := writeResults(t, dir, "a", "BenchmarkA 1 1 ns/op\n"), writeResults(t, dir, "b", "BenchmarkB 1 1 ns/op\n")
	set, err := results.Load(a, b)
	if err != nil {
		t.Fatal(err)
	}
	// The error names the first column by its label, the one every other
	// is compared with.
	_, err = Compare(set, DefaultOptions)
	if err == nil || !strings.Contains(err.Error(), "no benchmark is in both "+a+" and another column") {
		t.Errorf("Compare = %v, want the nothing-in-common error naming %s", err, a)
	}
}

func TestFormatNames(t *testing.T) {
	for _, f := range []Format{Text, CSV, Markdown} {
		g, err := ParseFormat(f.String())
		if err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", f.String(), g, err, f)
		}
	}
	for _, f := range []Format{-1, Format(len(formatNames))} {
		if s, want := f.String(), fmt.Sprintf("Format(%d)", int(f)); s != want {
			t.Errorf("String() of an unknown format = %q, want %q", s, want)
		}
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

// A p-value equal to alpha is significant, as in benchstat, which prints "~"
// only when p > alpha (compare.go: > → >= would call it noise).
func TestSignificantAtAlpha(t *testing.T) {
	base := &Cell{}
	for _, tc := range []struct {
		p, alpha float64
		want     bool
	}{
		{0.05, 0.05, true},
		{0.049, 0.05, true},
		{0.051, 0.05, false},
	} {
		c := &Cell{Baseline: base, Comparison: benchmath.Comparison{P: tc.p, Alpha: tc.alpha}}
		if got := c.Significant(); got != tc.want {
			t.Errorf("p=%g alpha=%g: Significant() = %v, want %v", tc.p, tc.alpha, got, tc.want)
		}
	}
	if (&Cell{Comparison: benchmath.Comparison{P: 0, Alpha: 0.05}}).Significant() {
		t.Error("a cell without a baseline is significant")
	}
}

// A cell is unstable when its CV is above results.UnstableCV, not at it
// (compare.go: > → >= would mark a cell at exactly 10 % unstable).
func TestUnstableAboveCV(t *testing.T) {
	for _, tc := range []struct {
		cv   float64
		want bool
	}{{results.UnstableCV, false}, {math.Nextafter(results.UnstableCV, 1), true}, {0, false}} {
		c := &Cell{Summary: Summary{CV: tc.cv}}
		if got := c.Unstable(); got != tc.want {
			t.Errorf("CV %v: Unstable() = %v, want %v", tc.cv, got, tc.want)
		}
	}
}

// A table of one benchmark has no geomean row, in text or markdown, as in
// benchstat; two benchmarks have one.
func TestGeomeanNeedsTwoRows(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeResults(t, dir, name, text) }
	for rows, want := range map[string]bool{
		"BenchmarkA 1 1 ns/op\n":                       false,
		"BenchmarkA 1 1 ns/op\nBenchmarkB 1 2 ns/op\n": true,
	} {
		set, err := results.Load(write("old", rows), write("new", rows))
		if err != nil {
			t.Fatal(err)
		}
		c := compare(t, set, DefaultOptions)
		for _, f := range []Format{Text, Markdown} {
			var b bytes.Buffer
			if err := c.Write(&b, io.Discard, f); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), "geomean"); got != want {
				t.Errorf("%s of %q: geomean row %v, want %v:\n%s", f, rows, got, want, b.String())
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

// A baseline whose median time is 0 cannot divide anything: its style's
// times are left out with the missing-baseline warning, not made infinite.
// And a file whose every result is the baseline's own time has nothing left
// to compare once normalized: an error, not empty tables.
func TestNormalizeDegenerateBaselines(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeResults(t, dir, name, text) }
	zero := write("zero", "BenchmarkAdd/style=sequential.loop/mode=shared/programs=1/len=8/quantum=1 1 0 ns/add 8 B/op\n"+
		"BenchmarkAdd/style=lockfree.atomic/mode=shared/programs=1/len=8/quantum=1 1 5 ns/add 8 B/op\n")
	set, err := results.Load(zero)
	if err != nil {
		t.Fatal(err)
	}
	norm := opts(func(o *Options) { o.Normalize = "sequential.loop" })
	c, err := Compare(set, norm)
	if err != nil {
		t.Fatal(err)
	}
	{
		for _, tab := range c.Tables {
			for _, row := range tab.Rows {
				for _, cell := range row.Cells {
					if cell != nil && math.IsInf(cell.Summary.Center, 0) {
						t.Errorf("%s %s: infinite normalized value", tab.Unit, row.Label)
					}
				}
			}
		}
		if !containsError(c.Warnings, "no sequential.loop baseline (sec/add) for BenchmarkAdd/style=lockfree.atomic") {
			t.Errorf("warnings %v lack the missing baseline", c.Warnings)
		}
	}

	only := write("only", "BenchmarkAdd/style=sequential.loop/mode=shared/programs=1/len=8/quantum=1 1 2 ns/add\n")
	if set, err = results.Load(only); err != nil {
		t.Fatal(err)
	}
	if _, err := Compare(set, norm); err == nil || !strings.Contains(err.Error(), "selects no results") {
		t.Errorf("normalizing a file of baseline times alone: %v, want nothing to compare", err)
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
