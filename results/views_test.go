package results

import (
	"github.com/addbench/addbench/results/internal/synth"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// quiet is many with almost no noise, so views can be checked against the
// costs synth.Spec was built from.
var quiet = synth.With(synth.Many, func(s *synth.Spec) { s.Seed = 50; s.Noise = 0.001 })

func loadOne(t *testing.T, s synth.Spec) *File {
	t.Helper()
	return load(t, []string{"f"}, s).Files[0]
}

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Abs(want)
}

func checkInterval(t *testing.T, what string, e Estimate) {
	t.Helper()
	if !(e.Lo <= e.Center && e.Center <= e.Hi) || math.IsInf(e.Lo, 0) || math.IsInf(e.Hi, 0) {
		t.Errorf("%s: interval [%g, %g] does not hold center %g", what, e.Lo, e.Hi, e.Center)
	}
}

func TestRatios(t *testing.T) {
	f := loadOne(t, quiet)
	for _, unit := range []string{"sec/add", "ns/add"} {
		rt := f.Ratios("sequential.loop", unit)
		if rt.Unit != "sec/add" || len(rt.Warnings) != 0 {
			t.Errorf("%s: unit %q, warnings %v", unit, rt.Unit, rt.Warnings)
		}
		if strings.Join(rt.Styles, " ") != "preempt.mutex preempt.racy lockfree.atomic coop.green" {
			t.Errorf("%s: styles %q, want every style but the baseline", unit, rt.Styles)
		}
		if len(rt.Configs) != 6 || len(rt.Ratios) != 4*6 {
			t.Errorf("%s: %d configs and %d ratios, want 6 and 24", unit, len(rt.Configs), len(rt.Ratios))
		}
		for _, r := range rt.Ratios {
			// The quantum and GOMAXPROCS factors are common to all
			// styles, so they cancel.
			if want := synth.Costs[r.Key.Style] / synth.Costs["sequential.loop"]; !near(r.Value.Center, want, 0.01) {
				t.Errorf("%v: ratio %.3f, want %.3f", r.Key, r.Value.Center, want)
			}
			checkInterval(t, r.Key.String(), r.Value)
			if got, ok := rt.Get(r.Key.Style, r.Key); !ok || got != r.Value {
				t.Errorf("Get(%s, %v) = %v, %v", r.Key.Style, r.Key, got, ok)
			}
		}
	}

	noBase := loadOne(t, synth.With(quiet, func(s *synth.Spec) { s.Styles = []string{"preempt.mutex"} }))
	rt := noBase.Ratios("sequential.loop", "sec/add")
	if len(rt.Ratios) != 0 || len(rt.Warnings) != 6 || !containsError(rt.Warnings, "no sequential.loop result for style=preempt.mutex") {
		t.Errorf("without a baseline: %d ratios, warnings %v; want none and one per configuration", len(rt.Ratios), rt.Warnings)
	}
}

func TestSpeedups(t *testing.T) {
	sp, warns := loadOne(t, quiet).Speedups("sec/add")
	if len(sp) != 5*3 || len(warns) != 0 {
		t.Fatalf("%d speedups, warnings %v; want 15, none", len(sp), warns)
	}
	for _, s := range sp {
		// synth.Spec makes GOMAXPROCS=2 30% slower, as contention does.
		if s.Key.Gomaxprocs != 2 || !near(s.Value.Center, 1/1.3, 0.01) {
			t.Errorf("%v: speedup %.3f, want %.3f at GOMAXPROCS 2", s.Key, s.Value.Center, 1/1.3)
		}
		checkInterval(t, s.Key.String(), s.Value)
	}

	only2 := loadOne(t, synth.With(quiet, func(s *synth.Spec) { s.Procs = []int{2} }))
	if sp, warns := only2.Speedups("sec/add"); len(sp) != 0 || len(warns) != 15 {
		t.Errorf("no GOMAXPROCS=1: %d speedups, %d warnings; want none and 15", len(sp), len(warns))
	}
}

// TestPairedWithinPass checks what pairing buys: a machine whose speed
// swings from pass to pass by far more than the difference between two
// styles still gives their ratio exactly, with a tight interval, because each
// pass's swing weighs on both.
func TestPairedWithinPass(t *testing.T) {
	var loop, same, slower []float64
	for pass := range 10 {
		machine := 1 + float64(pass%3) // 1×, 2×, 3×: a noisy neighbour
		loop = append(loop, machine*1.00)
		same = append(same, machine*1.00)
		slower = append(slower, machine*1.10)
	}
	if e := PairedRatio(same, loop, 1); e.Center != 1 || !e.Contains(1) || e.Hi-e.Lo > 1e-9 {
		t.Errorf("a duplicate of the loop: %+v, want exactly 1", e)
	}
	if e := PairedRatio(slower, loop, 1); !near(e.Center, 1.10, 1e-9) || e.Contains(1) {
		t.Errorf("10%% slower: %+v, want 1.10 with 1 outside the interval", e)
	}
	// The same samples as independent medians cannot tell them apart.
	if e := RatioOfMedians(slower, loop, 1); !e.Contains(1) {
		t.Errorf("unpaired ratio %+v: want an interval wide enough to hold 1", e)
	}
	// Too few pairs for an interval.
	if e := PairedRatio(slower[:3], loop[:3], 1); e.Bounded() {
		t.Errorf("3 pairs: %+v, want an open interval", e)
	}
	// Seeded: the same input gives the same interval.
	if a, b := PairedRatio(slower, loop, 7), PairedRatio(slower, loop, 7); a != b {
		t.Errorf("same seed, different intervals: %+v, %+v", a, b)
	}
}

// TestBootstrapCoverage checks the interval's honesty on noise alone: two
// styles drawn from one distribution, 200 times, are judged different (the
// interval of their paired ratio misses 1) about 5 % of the time at most.
func TestBootstrapCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	misses := 0
	const trials = 200
	for trial := range trials {
		var a, b []float64
		for range 10 {
			m := 1 + rng.Float64()
			a = append(a, m*(1+0.05*rng.NormFloat64()))
			b = append(b, m*(1+0.05*rng.NormFloat64()))
		}
		if !PairedRatio(a, b, uint64(trial)).Contains(1) {
			misses++
		}
	}
	// A percentile bootstrap of a median of 10 undercovers a little.
	if misses > trials/10 {
		t.Errorf("interval missed 1 in %d of %d A/A trials, want ≤ 10%%", misses, trials)
	}
}

func TestCosts(t *testing.T) {
	ct := loadOne(t, quiet).Costs("ns/add")
	// 5 styles × 3 quanta × 2 GOMAXPROCS, each the cost synth.Spec drew it from.
	if ct.Unit != "sec/add" || len(ct.Costs) != 5*3*2 || len(ct.Warnings) != 0 {
		t.Fatalf("unit %q, %d costs, warnings %v; want sec/add, 30, none", ct.Unit, len(ct.Costs), ct.Warnings)
	}
	for _, c := range ct.Costs {
		k := c.Key
		want := synth.Costs[k.Style] * (1 + 4/float64(k.Quantum)) / 5 * (1 + 0.3*float64(k.Gomaxprocs-1)) * 1e-9
		if !near(c.Value.Center, want, 0.01) || k.Programs != synth.Programs || k.Len != synth.Len {
			t.Errorf("%v: %g, want %g", k, c.Value.Center, want)
		}
		checkInterval(t, k.String(), c.Value)
	}
}

func TestPrimitives(t *testing.T) {
	pt := loadOne(t, synth.With(quiet, func(s *synth.Spec) { s.Machine = 2 })).Primitives()
	want := []struct {
		op   string
		gmp  int
		cost float64
	}{{"plain", 1, 0.3}, {"plain", 2, 0.3}, {"mutex", 1, 11}, {"mutex", 2, 11}, {"atomic", 1, 4.9}, {"atomic", 2, 4.9}}
	if len(pt.Costs) != len(want) || pt.Unit != "sec/op" {
		t.Fatalf("%d primitives in %s, want %d in sec/op", len(pt.Costs), pt.Unit, len(want))
	}
	for i, w := range want {
		p := pt.Costs[i]
		if p.Op != w.op || p.Gomaxprocs != w.gmp || !near(p.Time.Center, 2*w.cost*1e-9, 0.01) {
			t.Errorf("primitive %d: %s-%d %g, want %s-%d %g", i, p.Op, p.Gomaxprocs, p.Time.Center, w.op, w.gmp, 2*w.cost*1e-9)
		}
	}
}

func TestViewWarnings(t *testing.T) {
	few := loadOne(t, synth.With(quiet, func(s *synth.Spec) { s.N = 4 }))
	rt := few.Ratios("sequential.loop", "sec/add")
	if !containsError(rt.Warnings, "need >= 6 samples") {
		t.Errorf("4 samples: warnings %v lack benchmath's sample-size warning", rt.Warnings)
	}
	for _, r := range rt.Ratios {
		if r.Value.Bounded() || r.Value.N != 4 {
			t.Errorf("%v: interval [%g, %g] from %d pairs, want 4 pairs (pairs below the bootstrap's minimum have no interval)", r.Key, r.Value.Lo, r.Value.Hi, r.Value.N)
		}
	}
	// Six pairs are enough: no warning.
	six := loadOne(t, synth.With(quiet, func(s *synth.Spec) { s.N = 6 }))
	if rt := six.Ratios("sequential.loop", "sec/add"); len(rt.Ratios) == 0 || containsError(rt.Warnings, "pairs: need") {
		t.Errorf("6 samples: %d ratios, warnings %v; want ratios and no sample-size warning", len(rt.Ratios), rt.Warnings)
	}

	path := filepath.Join(t.TempDir(), "bad.txt")
	data := "BenchmarkAdd/style=a/mode=shared/programs=1/len=8/quantum=1 1 5 ns/add\n" +
		"BenchmarkAdd/style=a/mode=shared/programs=eight/len=8/quantum=1 1 5 ns/add\n" +
		"BenchmarkAdd/style=a/mode=shared/programs=1/len=8 1 5 ns/add\n" +
		"BenchmarkAdd/mode=shared/programs=1/len=8/quantum=1 1 5 ns/add\n"
	if err := os.WriteFile(path, []byte(data), 0o666); err != nil {
		t.Fatal(err)
	}
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c := set.Files[0].Costs("sec/add")
	if len(c.Costs) != 1 {
		t.Errorf("%d costs, want 1 from the one well-formed line", len(c.Costs))
	}
	for _, want := range []string{path + ":2: BenchmarkAdd/style=a/mode=shared/programs=eight/len=8/quantum=1: /programs=eight is not an integer", path + ":3: BenchmarkAdd/style=a/mode=shared/programs=1/len=8: no /quantum key", path + ":4: BenchmarkAdd/mode=shared/programs=1/len=8/quantum=1: no /style key"} {
		if !containsError(c.Warnings, want) {
			t.Errorf("warnings %v lack %q", c.Warnings, want)
		}
	}
}

// load writes specs as files named after names and loads them in order.
func load(t *testing.T, names []string, specs ...synth.Spec) *Set {
	t.Helper()
	set, err := Load(synth.WriteAll(t, t.TempDir(), names, specs...)...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestEstimateArithmetic pins the helpers under every interval: the median
// of odd and even samples, interpolated quantiles, the bootstrap's minimum
// of 6 pairs, and a pair with a zero denominator left out.
func TestEstimateArithmetic(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{7}, 7}} {
		if got := median(append([]float64(nil), tc.xs...)); got != tc.want {
			t.Errorf("median(%v) = %g, want %g", tc.xs, got, tc.want)
		}
	}
	if !math.IsNaN(median(nil)) {
		t.Error("median of nothing is not NaN")
	}
	xs := []float64{0, 10, 20, 30}
	for q, want := range map[float64]float64{0: 0, 0.5: 15, 1: 30, 0.25: 7.5} {
		if got := quantile(xs, q); !(math.Abs(got-want) <= 1e-12) {
			t.Errorf("quantile(%v, %g) = %g, want %g", xs, q, got, want)
		}
	}
	six := []float64{1, 1.1, 0.9, 1.05, 0.95, 1}
	ones := []float64{1, 1, 1, 1, 1, 1}
	if e := PairedRatio(six, ones, 1); !e.Bounded() || e.N != 6 {
		t.Errorf("6 pairs: %+v, want an interval", e)
	}
	if e := PairedRatio(six[:5], ones[:5], 1); e.Bounded() || e.N != 5 {
		t.Errorf("5 pairs: %+v, want none", e)
	}
	if e := PairedRatio([]float64{2, 4}, []float64{0, 2}, 1); e.N != 1 || e.Center != 2 {
		t.Errorf("a zero denominator: %+v, want it left out (1 pair, ratio 2)", e)
	}
	if e := RatioOfMedians([]float64{2, 2, 2, 2, 2, 2}, []float64{1, 1, 1, 1, 1, 1}, 1); e.Center != 2 || !e.Bounded() || e.Lo != 2 || e.Hi != 2 {
		t.Errorf("constant samples: %+v, want exactly 2", e)
	}
	if e := RatioOfMedians(six[:5], ones, 1); e.Bounded() {
		t.Errorf("5 against 6: %+v, want no interval", e)
	}
	if c := cv([]float64{1}); !math.IsNaN(c) {
		t.Errorf("cv of one value = %g, want NaN", c)
	}
	// Two values are enough for a CV: the sample standard deviation of
	// {1, 3} is √2, its mean 2.
	if c := cv([]float64{1, 3}); !(math.Abs(c-math.Sqrt2/2) <= 1e-12) {
		t.Errorf("cv of {1, 3} = %g, want √2/2", c)
	}
	// The center is the ratio of the medians, whatever the denominator.
	if e := RatioOfMedians([]float64{6, 6, 6, 6, 6, 6}, []float64{2, 2, 2, 2, 2, 2}, 1); e.Center != 3 || e.Lo != 3 || e.Hi != 3 {
		t.Errorf("6 over 2: %+v, want exactly 3", e)
	}
	// Without an interval the bounds are open on both sides: -Inf and
	// +Inf, which charts and tables read as "no interval".
	if e := PairedRatio(six[:5], ones[:5], 1); e.Lo != math.Inf(-1) || e.Hi != math.Inf(1) {
		t.Errorf("5 pairs: bounds [%g, %g], want [-Inf, +Inf]", e.Lo, e.Hi)
	}
}
