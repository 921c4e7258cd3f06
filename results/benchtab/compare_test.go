package benchtab

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/perf/benchmath"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/internal/synth"
)

var (
	many = synth.Many
	with = synth.With
)

func compare(t *testing.T, set *results.Set, opts Options) *Comparison {
	t.Helper()
	c, err := Compare(set, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// countTime counts the cells of time tables whose row matches substr.
// countTime counts the time cells the verdict tests whose row contains
// substr: sec/add, and sec/op only where a row has no sec/add (the two are
// one measurement).
func countTime(c *Comparison, substr string) int {
	n := 0
	for _, t := range c.Tables {
		if !isTime(t.Unit) || len(t.Cols) < 2 {
			continue
		}
		for _, r := range t.Rows {
			if t.Unit == "sec/op" && strings.HasPrefix(r.Label, "Add/") {
				continue // has sec/add
			}
			if strings.Contains(r.Label, substr) && r.Cells[1] != nil && r.Cells[1].Baseline != nil {
				n++
			}
		}
	}
	return n
}

func TestAANoRegression(t *testing.T) {
	spec := synth.With(many, func(s *synth.Spec) { s.Noise = 0.05 })
	old := synth.With(spec, func(s *synth.Spec) { s.Seed = 10 })
	new := synth.With(spec, func(s *synth.Spec) { s.Seed = 11 })
	set := load(t, []string{"old", "new"}, old, new)
	c := compare(t, set, DefaultOptions)
	reg, imp := c.changes()
	if len(reg) != 0 || len(imp) != 0 {
		t.Errorf("A/A: %d regressions %v and %d improvements %v, want none", len(reg), reg, len(imp), imp)
	}

	// Without a threshold, significant differences are false positives;
	// their rate must be near alpha.
	c = compare(t, set, opts(func(o *Options) { o.Threshold = 0 }))
	reg, imp = c.changes()
	total := countTime(c, "")
	if fp := float64(len(reg)+len(imp)) / float64(total); fp > 0.1 {
		t.Errorf("A/A: %d of %d cells significant (%.0f%%), want about alpha = 5%%", len(reg)+len(imp), total, 100*fp)
	}
}

func TestInjectedSlowdown(t *testing.T) {
	spec := synth.With(many, func(s *synth.Spec) { s.Noise = 0.03 })
	old := synth.With(spec, func(s *synth.Spec) { s.Seed = 20 })
	new := synth.With(spec, func(s *synth.Spec) { s.Seed = 21; s.Slow = map[string]float64{"preempt.mutex": 1.10} })
	set := load(t, []string{"old", "new"}, old, new)
	c := compare(t, set, DefaultOptions)
	reg, imp := c.changes()
	if len(imp) != 0 {
		t.Errorf("improvements %v, want none", imp)
	}
	want := countTime(c, "style=preempt.mutex/") // sec/add of every configuration
	if want != 6 {
		t.Fatalf("%d preempt.mutex time cells, want 6", want)
	}
	if len(reg) != want {
		t.Errorf("%d regressions, want %d (every preempt.mutex time cell):\n%v", len(reg), want, reg)
	}
	for _, r := range reg {
		if !strings.Contains(r.Name, "style=preempt.mutex/") {
			t.Errorf("regression in %s; only preempt.mutex was slowed", r.Name)
		}
		if r.Delta < 5 || r.Delta > 15 || r.P > 0.05 || r.New <= r.Old || r.Col != "new" || r.Base != "old" {
			t.Errorf("regression %+v: want a delta near +10%%, p <= 0.05, new > old", r)
		}
		if !isTime(r.Unit) {
			t.Errorf("regression in %s; only times were slowed", r.Unit)
		}
	}

	// A threshold above the slowdown hides it.
	if reg, _ := compare(t, set, opts(func(o *Options) { o.Threshold = 15 })).changes(); len(reg) != 0 {
		t.Errorf("threshold 15%%: %d regressions, want none", len(reg))
	}
}

func TestUniformlySlowerMachine(t *testing.T) {
	old := synth.With(many, func(s *synth.Spec) { s.Seed = 30 })
	new := synth.With(many, func(s *synth.Spec) { s.Seed = 31; s.Machine = 1.2 })
	set := load(t, []string{"old", "new"}, old, new)

	raw := compare(t, set, DefaultOptions)
	reg, _ := raw.changes()
	if want := countTime(raw, ""); len(reg) != want {
		t.Errorf("raw: %d regressions, want every time cell (%d)", len(reg), want)
	}

	norm := compare(t, set, opts(func(o *Options) { o.Normalize = "sequential.loop" }))
	reg, imp := norm.changes()
	if len(reg) != 0 || len(imp) != 0 {
		t.Errorf("normalized: %d regressions %v, %d improvements; want none", len(reg), reg, len(imp))
	}
	for _, w := range norm.Warnings {
		if !strings.Contains(w.Error(), "BenchmarkPrimitive has no /style key") {
			t.Errorf("normalized: unexpected warning %v", w)
		}
	}
	if len(norm.Warnings) != 2 {
		t.Errorf("normalized: %d warnings, want one per file about the primitives", len(norm.Warnings))
	}
	seen := map[string]bool{}
	for _, tab := range norm.Tables {
		seen[tab.Unit+"|"+tab.Normalized] = true
		for _, row := range tab.Rows {
			isBase := strings.Contains(row.Label, "style=sequential.loop/")
			if tab.Normalized != "" && isBase {
				t.Errorf("normalized %s table reports the baseline row %s", tab.Unit, row.Label)
			}
			if tab.Normalized != "" && !strings.HasPrefix(row.Label, "Add/") {
				t.Errorf("normalized %s table has non-style row %s", tab.Unit, row.Label)
			}
		}
	}
	for k, want := range map[string]bool{
		"sec/add|sequential.loop": true, "sec/op|sequential.loop": true,
		"sec/add|": false, "sec/op|": false, // no raw times: they would alarm
		"B/op|": true, "allocs/op|": true, "lost/op|": true,
	} {
		if seen[k] != want {
			t.Errorf("table %q present = %v, want %v; have %v", k, seen[k], want, seen)
		}
	}

	// A style that slowed relative to the baseline still shows.
	new = synth.With(new, func(s *synth.Spec) { s.Slow = map[string]float64{"coop.green": 1.10} })
	set = load(t, []string{"old", "new"}, old, new)
	reg, _ = compare(t, set, opts(func(o *Options) { o.Normalize = "sequential.loop" })).changes()
	if len(reg) != 6 {
		t.Errorf("normalized, coop.green 10%% slower: %d regressions %v, want its 6 sec/add ratios", len(reg), reg)
	}
	for _, r := range reg {
		if !strings.Contains(r.Name, "style=coop.green/") || r.Normalized != "sequential.loop" {
			t.Errorf("regression %v, want only normalized coop.green", r)
		}
	}
}

func TestNormalizeRatios(t *testing.T) {
	set := load(t, []string{"only"}, synth.With(many, func(s *synth.Spec) { s.Seed = 40; s.Noise = 0.001 }))
	c := compare(t, set, opts(func(o *Options) {
		o.Normalize = "sequential.loop"
		o.Filter = `.unit:sec/add /quantum:1 /gomaxprocs:""`
	}))
	if len(c.Tables) != 1 || c.Tables[0].Normalized != "sequential.loop" {
		t.Fatalf("want one normalized table, got %d", len(c.Tables))
	}
	for _, row := range c.Tables[0].Rows {
		style := strings.TrimPrefix(strings.Split(row.Label, "/")[1], "style=")
		want := synth.Costs[style] / synth.Costs["sequential.loop"]
		if got := row.Cells[0].Summary.Center; got < want*0.99 || got > want*1.01 {
			t.Errorf("%s: ratio %.3f, want %.3f", style, got, want)
		}
	}
}

func TestNormalizeMissingBaseline(t *testing.T) {
	// new.txt's lockfree.atomic has baselines; drop them from a copy to
	// see the warning.
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, "style=sequential.loop/mode=shared/programs=8/len=4096/quantum=64-2") {
			kept = append(kept, line)
		}
	}
	path := filepath.Join(dir, "new.txt")
	if err := os.WriteFile(path, []byte(strings.Join(kept, "\n")), 0o666); err != nil {
		t.Fatal(err)
	}
	set, err := results.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, opts(func(o *Options) { o.Normalize = "sequential.loop" }))
	if !containsError(c.Warnings, "no sequential.loop baseline (sec/add) for BenchmarkAdd/style=lockfree.atomic/mode=shared/programs=8/len=4096/quantum=64-2") {
		t.Errorf("warnings %v lack the missing baseline", c.Warnings)
	}
	for _, tab := range c.Tables {
		for _, row := range tab.Rows {
			if tab.Normalized != "" && strings.HasSuffix(row.Label, "quantum=64-2") {
				t.Errorf("%s: row %s has no baseline but was compared", tab.Unit, row.Label)
			}
		}
	}
}

func TestCompareMissingRow(t *testing.T) {
	set, err := results.Load("testdata/old.txt", "testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	name := "Add/style=lockfree.atomic/mode=shared/programs=8/len=4096/quantum=1: no results in testdata/old.txt"
	if !containsError(c.Warnings, name) {
		t.Errorf("warnings %v do not report lockfree.atomic missing from old.txt", c.Warnings)
	}
	n := 0
	for _, w := range c.Warnings {
		if w.Error() == name {
			n++
		}
	}
	if n != 1 {
		t.Errorf("missing-row warning appears %d times, want once across all unit tables", n)
	}
}

func TestCompareOptionErrors(t *testing.T) {
	set, err := results.Load("testdata/old.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		opts Options
		want string
	}{
		{opts(func(o *Options) { o.Filter = "/style:(a OR" }), "parsing filter"},
		{opts(func(o *Options) { o.Row = "/style@nonsense" }), "parsing row projection"},
		{opts(func(o *Options) { o.Col = ".unit" }), "parsing column projection"},
		{opts(func(o *Options) { o.Table = "(" }), "parsing table projection"},
		{opts(func(o *Options) { o.Alpha = 2 }), "alpha 2 is not in (0, 1)"},
		{opts(func(o *Options) { o.Confidence = 1 }), "confidence 1 is not in (0, 1)"},
		{opts(func(o *Options) { o.Normalize = "no.such.style" }), `normalizing to style "no.such.style"`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := Compare(set, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compare(%+v) error %v, want %q", tt.opts, err, tt.want)
			}
		})
	}
}

func TestChangesHigherIsBetter(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, rate float64) string {
		var b strings.Builder
		b.WriteString("Unit adds/s better=higher\n")
		for i := range 10 {
			fmt.Fprintf(&b, "BenchmarkThroughput 1 %f adds/s %f ns/op\n", rate+float64(i), 1e9/rate)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
			t.Fatal(err)
		}
		return path
	}
	set, err := results.Load(write("old", 1000), write("new", 1200))
	if err != nil {
		t.Fatal(err)
	}
	reg, imp := compare(t, set, DefaultOptions).changes()
	units := func(cs []Change) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Unit)
		}
		return strings.Join(s, ",")
	}
	// More adds/s is better; fewer ns/op is better too.
	if units(reg) != "" || units(imp) != "adds/s,sec/op" {
		t.Errorf("regressions [%s], improvements [%s]; want none and [adds/s,sec/op]", units(reg), units(imp))
	}
}

func TestTablesOf(t *testing.T) {
	set, err := results.Load("testdata/old.txt", "testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	// old.txt and new.txt come from different CPU: lines; they still share
	// tables and compare.
	if tabs := c.TablesOf("sec/add"); len(tabs) == 1 {
		if cols := tabs[0].Cols; len(cols) != 2 || tabs[0].Rows[0].Cells[1].Baseline == nil {
			t.Errorf("sec/add columns %q: the two machines' files were not compared", cols)
		}
	}
	for unit, want := range map[string]string{"ns/add": "sec/add", "sec/add": "sec/add", "ns/op": "sec/op", "lost/op": "lost/op", "MB/s": ""} {
		tabs := c.TablesOf(unit)
		got := ""
		if len(tabs) == 1 {
			got = tabs[0].Unit
		}
		if got != want || len(tabs) > 1 {
			t.Errorf("TablesOf(%q): %d tables, unit %q; want one in %q", unit, len(tabs), got, want)
		}
	}
}

// TestLostIsNotGated: preempt.racy's lost/op swings with the machine's
// interleavings, so even a hundredfold, significant change is no regression,
// while a real slowdown in the same files still is.
func TestLostIsNotGated(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, ns, lost float64) string {
		var b strings.Builder
		for i := range 8 {
			fmt.Fprintf(&b, "BenchmarkAdd/style=preempt.racy/mode=shared/programs=8/len=4096/quantum=1-2\t100\t%g ns/op\t%g ns/add\t%g lost/op\n",
				ns*(1+0.001*float64(i)), ns/32768*(1+0.001*float64(i)), lost*(1+0.01*float64(i)))
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	set, err := results.Load(write("old.txt", 50000, 10), write("new.txt", 60000, 1000))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(set, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	regressions, _ := c.changes()
	units := map[string]bool{}
	for _, r := range regressions {
		units[r.Unit] = true
	}
	if units["lost/op"] || !units["sec/add"] || units["sec/op"] {
		t.Errorf("regressed units %v; want sec/add (sec/op is the same measurement, tested once), never lost/op", units)
	}
}

// opts returns DefaultOptions changed by f.
func opts(f func(*Options)) Options {
	o := DefaultOptions
	f(&o)
	return o
}

// changes returns the regressions and improvements of c's verdict.
func (c *Comparison) changes() (regressions, improvements []Change) {
	v := c.Verdict()
	return v.Regressions, v.Improvements
}

func containsError(errs []error, substr string) bool {
	for _, e := range errs {
		if strings.Contains(e.Error(), substr) {
			return true
		}
	}
	return false
}

// load writes specs as files named after names and loads them in order.
func load(t *testing.T, names []string, specs ...synth.Spec) *results.Set {
	t.Helper()
	set, err := results.Load(synth.WriteAll(t, t.TempDir(), names, specs...)...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// writeResults writes text as the results file dir/name and returns its path.
func writeResults(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
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
