package robust

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteP enumerates every sign pattern of the sizes of d: the exact
// two-sided signed-rank p-value by definition.
func bruteP(d []float64) float64 {
	nz := nonZero(d)
	n := len(nz)
	ranks2, _ := doubledRanks(nz)
	obs := 0
	for i, v := range nz {
		if v > 0 {
			obs += ranks2[i]
		}
	}
	total := n * (n + 1)
	dev := func(s int) int {
		if 2*s > total {
			return 2*s - total
		}
		return total - 2*s
	}
	count := 0
	for mask := 0; mask < 1<<n; mask++ {
		s := 0
		for i := range n {
			if mask&(1<<i) != 0 {
				s += ranks2[i]
			}
		}
		if dev(s) >= dev(obs) {
			count++
		}
	}
	return float64(count) / float64(int(1)<<n)
}

func TestSignedRankExactMatchesEnumeration(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 1 + r.IntN(12)
		d := make([]float64, n)
		for i := range d {
			// Few distinct sizes: ties in most trials, and zeros.
			d[i] = float64(r.IntN(7)-3) / 4
		}
		got, want := SignedRank(d), 1.0
		if len(nonZero(d)) > 0 {
			want = bruteP(d)
		}
		if !(math.Abs(got-want) <= 1e-12) {
			t.Fatalf("trial %d: SignedRank(%v) = %g, enumeration gives %g", trial, d, got, want)
		}
	}
}

func TestSignedRankKnownValues(t *testing.T) {
	all := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	if got, want := SignedRank(all), 2.0/1024; !(math.Abs(got-want) <= 1e-15) {
		t.Errorf("ten positive values: p = %g, want 2/2^10 = %g", got, want)
	}
	if got := SignedRank([]float64{0, 0, 0}); got != 1 {
		t.Errorf("all zero: p = %g, want 1", got)
	}
	// A textbook example (Hollander & Wolfe's depression scores): the
	// differences x − y of 9 patients, W⁺ = 5, exact two-sided p = 0.0391.
	x := []float64{1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30}
	y := []float64{0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29}
	d := make([]float64, len(x))
	for i := range x {
		d[i] = y[i] - x[i]
	}
	if got := SignedRank(d); !(math.Abs(got-0.0390625) <= 1e-9) {
		t.Errorf("Hollander & Wolfe: p = %g, want 0.0390625", got)
	}
}

func TestSignedRankNormalApproximation(t *testing.T) {
	// Beyond MaxExact the approximation must agree with the exact
	// distribution closely: compare both on the same data by calling
	// the exact path directly.
	r := rand.New(rand.NewPCG(3, 4))
	n := MaxExact + 50
	d := make([]float64, n)
	for i := range d {
		d[i] = r.NormFloat64() + 0.12
	}
	approx := SignedRank(d)
	ranks2, _ := doubledRanks(d)
	w := 0
	for i, v := range d {
		if v > 0 {
			w += ranks2[i]
		}
	}
	dist := exactDist(ranks2)
	lo := min(w, n*(n+1)-w)
	var tail float64
	for s := 0; s <= lo; s++ {
		tail += dist[s]
	}
	exact := 2 * tail
	if !(math.Abs(approx-exact) <= 0.01*math.Max(exact, 0.01)+1e-4) {
		t.Errorf("n=%d: normal approximation p = %g, exact %g", n, approx, exact)
	}
}

func TestHodgesLehmannResistsOutliers(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	shift := math.Log(1.05)
	d := make([]float64, 30)
	for i := range d {
		d[i] = shift + 0.01*r.NormFloat64()
	}
	// A fifth of the pairs hit by interference: the head sample of some,
	// the base sample of others, each 40–80 % slow.
	for i := 0; i < len(d); i += 5 {
		hit := math.Log(1.4 + 0.4*r.Float64())
		if i%10 == 0 {
			d[i] += hit
		} else {
			d[i] -= hit
		}
	}
	c := Test(d, 0.95)
	if !(math.Abs(c.Ratio-1.05) <= 0.01) {
		t.Errorf("ratio %g, want 1.05 ± 0.01 despite the outliers", c.Ratio)
	}
	if !(c.RatioLo <= 1.05 && 1.05 <= c.RatioHi) || c.RatioHi-c.RatioLo > 0.03 {
		t.Errorf("interval [%g, %g]: want it to hold 1.05 and be narrower than 3%%", c.RatioLo, c.RatioHi)
	}
	if c.P > 0.01 {
		t.Errorf("p = %g: a 5%% shift over 30 pairs must be clear", c.P)
	}
	if !(c.Spread < 0.02) {
		t.Errorf("spread %g: the outliers must not inflate it", c.Spread)
	}
}

func TestIntervalCoverage(t *testing.T) {
	if raceEnabled {
		t.Skip("a statistical simulation: run without -race")
	}
	r := rand.New(rand.NewPCG(7, 8))
	const trials = 2000
	miss := 0
	for range trials {
		d := make([]float64, 12)
		for i := range d {
			d[i] = 0.02*r.NormFloat64() + 0.03
		}
		c := Test(d, 0.95)
		if !(c.Lo <= 0.03 && 0.03 <= c.Hi) {
			miss++
		}
	}
	// The exact interval covers at least 95 %; allow for the simulation.
	if rate := float64(miss) / trials; rate > 0.065 {
		t.Errorf("95%% interval missed the true shift in %.1f%% of trials", 100*rate)
	}
}

// outlierNull draws n log ratios of a pair of identical builds: a normal
// core of spread sigma, and with probability hit a sample slowed 20–100 %
// on one side, the side (the order the runner drew) a fair coin.
func outlierNull(r *rand.Rand, n int, sigma, hit float64) []float64 {
	d := make([]float64, n)
	for i := range d {
		d[i] = sigma * r.NormFloat64()
		if r.Float64() < hit {
			d[i] += math.Log(1.2 + 0.8*r.Float64())
		}
		if r.IntN(2) == 0 {
			d[i] = -d[i]
		}
	}
	return d
}

func TestLevelUnderNullWithOutliers(t *testing.T) {
	if raceEnabled {
		t.Skip("a statistical simulation: run without -race")
	}
	r := rand.New(rand.NewPCG(9, 10))
	const trials, alpha = 4000, 0.05
	for _, n := range []int{6, 12, 40} {
		reject := 0
		for range trials {
			if SignedRank(outlierNull(r, n, 0.02, 0.15)) <= alpha {
				reject++
			}
		}
		if rate := float64(reject) / trials; rate > alpha+0.012 {
			t.Errorf("n=%d: false rejections %.3f > alpha %g", n, rate, alpha)
		}
	}
}

func TestDetectableHasItsPower(t *testing.T) {
	if raceEnabled {
		t.Skip("a statistical simulation: run without -race")
	}
	r := rand.New(rand.NewPCG(11, 12))
	const trials, power = 300, 0.8
	for _, tc := range []struct {
		n     int
		alpha float64
		hit   float64
	}{{12, 0.05 / 20, 0}, {20, 0.05 / 20, 0.1}, {40, 0.05 / 100, 0.15}} {
		seen, seenHalf := 0, 0
		for range trials {
			// The run's own pairs say how small a change it could see;
			// a fresh run with that change must then see it at the
			// stated power.
			delta := Detectable(outlierNull(r, tc.n, 0.03, tc.hit), tc.alpha, power)
			d, h := outlierNull(r, tc.n, 0.03, tc.hit), outlierNull(r, tc.n, 0.03, tc.hit)
			for i := range d {
				d[i] += delta
				h[i] += delta / 2
			}
			if SignedRank(d) <= tc.alpha {
				seen++
			}
			if SignedRank(h) <= tc.alpha {
				seenHalf++
			}
		}
		// With few pairs the run's own scatter is itself uncertain, and a
		// run's outliers make the power curve shallow: allow 0.12.
		if rate := float64(seen) / trials; rate < power-0.12 {
			t.Errorf("n=%d alpha=%g outliers %g: the detectable change was seen in %.2f of runs, stated power %g",
				tc.n, tc.alpha, tc.hit, rate, power)
		}
		// Half of it in clearly fewer: the statement is not loose.
		if rate := float64(seenHalf) / trials; rate > 0.6 {
			t.Errorf("n=%d: half the detectable change was seen in %.2f of runs: Detectable is too pessimistic", tc.n, rate)
		}
	}
}

// quantiles returns n evenly spread normal quantiles of spread sigma.
func quantiles(n int, sigma float64) []float64 {
	q := make([]float64, n)
	for i := range q {
		q[i] = sigma * stdNormal.InvCDF((float64(i)+0.5)/float64(n))
	}
	return q
}

func TestDetectableNeedsEnoughPairs(t *testing.T) {
	alpha := 0.05 / 20 // 0.0025: 2/2^n ≤ alpha from n = 10
	if got := MinPairs(alpha); got != 10 {
		t.Fatalf("MinPairs(%g) = %d, want 10", alpha, got)
	}
	if d := Detectable(quantiles(9, 0.01), alpha, 0.8); !math.IsInf(d, 1) {
		t.Errorf("9 pairs cannot reach %g, Detectable = %g, want +Inf", alpha, d)
	}
	if d := Detectable(quantiles(10, 0.01), alpha, 0.8); math.IsInf(d, 1) || d <= 0 {
		t.Errorf("10 pairs: Detectable = %g, want finite and positive", d)
	}
	// 4× the pairs of the same scatter: about half the change.
	if a, b := Detectable(quantiles(30, 0.01), alpha, 0.8), Detectable(quantiles(120, 0.01), alpha, 0.8); !(a/b > 1.7 && a/b < 2.4) {
		t.Errorf("4× the pairs must about halve the detectable change: %g vs %g", a, b)
	}
	if d := Detectable(make([]float64, 12), alpha, 0.8); d != 0 {
		t.Errorf("no scatter at all: Detectable = %g, want 0", d)
	}
}

func TestSettledReadsOnlySizes(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	alpha, target := 0.05/20, math.Log(1.05)
	for range 100 {
		d := outlierNull(r, 8+r.IntN(30), 0.005+0.04*r.Float64(), 0.1)
		flipped := make([]float64, len(d))
		for i, v := range d {
			if r.IntN(2) == 0 {
				v = -v
			}
			flipped[i] = v
		}
		if Settled(d, alpha, 0.8, target) != Settled(flipped, alpha, 0.8, target) {
			t.Fatalf("Settled changed with the signs of %v", d)
		}
	}
	quiet := outlierNull(r, 30, 0.01, 0)
	if !Settled(quiet, alpha, 0.8, target) {
		t.Errorf("30 pairs of 1%% spread must settle a 5%% target")
	}
	if Settled(quiet[:9], alpha, 0.8, target) {
		t.Errorf("9 pairs cannot reach %g: not settled", alpha)
	}
	noisy := outlierNull(r, 30, 0.2, 0)
	if Settled(noisy, alpha, 0.8, target) {
		t.Errorf("30 pairs of 20%% spread cannot settle a 5%% target")
	}
}

// TestStoppingKeepsLevel runs sessions that stop on Settled, as the runner
// does, under the null: the rate of false rejections at the final n stays
// at alpha.
func TestStoppingKeepsLevel(t *testing.T) {
	if raceEnabled {
		t.Skip("a statistical simulation: run without -race")
	}
	r := rand.New(rand.NewPCG(15, 16))
	const trials, alpha = 1000, 0.05
	reject := 0
	for range trials {
		sigma := 0.01 + 0.05*r.Float64()
		d := outlierNull(r, MinPairs(alpha), sigma, 0.15)
		for !Settled(d, alpha, 0.8, math.Log(1.05)) && len(d) < 60 {
			d = append(d, outlierNull(r, 1, sigma, 0.15)...)
		}
		if SignedRank(d) <= alpha {
			reject++
		}
	}
	if rate := float64(reject) / trials; rate > alpha+0.02 {
		t.Errorf("false rejections %.3f with stopping > alpha %g", rate, alpha)
	}
}

func TestLogRatios(t *testing.T) {
	d := LogRatios([]float64{2, 3, 0, 5}, []float64{1, 3, 1, -1, 7})
	if len(d) != 2 || !(math.Abs(d[0]-math.Log(2)) <= 1e-15) || d[1] != 0 {
		t.Errorf("LogRatios = %v, want [log 2, 0] (non-positive pairs and the unpaired tail left out)", d)
	}
}

func TestTestOfNothing(t *testing.T) {
	c := Test(nil, 0.95)
	if c.N != 0 || c.P != 1 || c.Ratio != 1 {
		t.Errorf("Test(nil) = %+v, want N 0, P 1, Ratio 1", c)
	}
	c = Test([]float64{0.1, 0.2}, 0.95)
	if !math.IsInf(c.RatioHi, 1) || c.RatioLo != 0 {
		t.Errorf("two pairs have no 95%% interval, got [%g, %g]", c.RatioLo, c.RatioHi)
	}
}

func TestBlockRatios(t *testing.T) {
	head := []float64{10, 30, 12, 11, 99}
	base := []float64{20, 10, 6, 6}
	d := BlockRatios(head, base, 2)
	// Blocks: min(10,30)/min(20,10) = 1, min(12,11)/min(6,6) = 11/6; the
	// unpaired fifth head value left out.
	if len(d) != 2 || d[0] != 0 || !(math.Abs(d[1]-math.Log(11.0/6)) <= 1e-15) {
		t.Errorf("BlockRatios(k=2) = %v, want [0, log(11/6)]", d)
	}
	if got := BlockRatios(head, base, 1); len(got) != 4 || !(math.Abs(got[1]-math.Log(3)) <= 1e-15) {
		t.Errorf("BlockRatios(k=1) = %v, want the four pass ratios", got)
	}
}
