package results

import (
	"github.com/addbench/addbench/results/robust"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/montanaflynn/stats"
	"golang.org/x/perf/benchmath"
)

// DefaultConfidence is the confidence level of every interval, as in
// benchstat.
const DefaultConfidence = 0.95

// Resamples is how many bootstrap resamples every bootstrap interval draws,
// as the Go performance builders do (golang.org/x/build, internal/perf).
const Resamples = 1000

// An Estimate is a central value and its confidence interval at
// DefaultConfidence. Lo and Hi are infinite when the sample is too small for
// an interval.
type Estimate struct {
	Center, Lo, Hi float64

	// N is the number of measurements behind it: for a paired ratio, the
	// number of pairs; for a ratio of two samples, the smaller sample.
	N int

	// CV is how noisy the measurements were, whatever their number: for a
	// paired ratio the robust spread of its log ratios as a ratio
	// (PairedRatio), otherwise the coefficient of variation (sample
	// standard deviation ÷ mean, from github.com/montanaflynn/stats). NaN
	// when it cannot be computed.
	CV float64

	// Modes, for a paired ratio, are the two separated values its pairs
	// fall into when they do (robust.Modes): the style ran at one of two
	// speeds from pass to pass, and Center, which lies between them,
	// describes neither. Zero for one (see Bimodal). An array, so that
	// an Estimate stays comparable.
	Modes [2]robust.Mode
}

// Bimodal reports whether e's pairs fell into two separated values.
func (e Estimate) Bimodal() bool { return e.Modes[0].N > 0 }

// Bounded reports whether e has a finite interval.
func (e Estimate) Bounded() bool {
	return !math.IsInf(e.Lo, 0) && !math.IsInf(e.Hi, 0) && !math.IsNaN(e.Lo) && !math.IsNaN(e.Hi)
}

// Contains reports whether x lies in e's interval.
func (e Estimate) Contains(x float64) bool { return e.Lo <= x && x <= e.Hi }

// Apart reports whether two of es have disjoint intervals: two
// measurements of the same thing — a style's relative cost on two machines,
// one A/B on two machines — that differ beyond the noise of either. An
// estimate that is zero (not measured) or has no interval of positive
// width cannot tell, and is passed over.
func Apart(es ...Estimate) bool {
	for i, a := range es {
		for _, b := range es[i+1:] {
			if !a.tells() || !b.tells() {
				continue
			}
			if a.Hi < b.Lo || b.Hi < a.Lo {
				return true
			}
		}
	}
	return false
}

func (e Estimate) tells() bool { return e.Center > 0 && e.Bounded() && e.Lo < e.Hi }

// Exact returns an Estimate of v with no uncertainty: its interval is v
// alone.
func Exact(v float64) Estimate { return Estimate{Center: v, Lo: v, Hi: v} }

// Times returns e with its center and bounds multiplied by k > 0, as when
// converting seconds to nanoseconds; N and CV, which do not scale, are
// kept.
func (e Estimate) Times(k float64) Estimate {
	e.Center, e.Lo, e.Hi = e.Center*k, e.Lo*k, e.Hi*k
	return e
}

// UnstableCV is the coefficient of variation above which a benchmark is
// too noisy to judge: its measurements spread by more than a tenth of their
// mean. Tables mark such results, as the Go dashboard and conbench set noisy
// benchmarks apart.
const UnstableCV = 0.10

// Unstable reports whether e's measurements are too noisy to judge.
func (e Estimate) Unstable() bool { return e.CV > UnstableCV }

// Median summarizes vals as benchstat does: the median, with benchmath's
// distribution-free confidence interval (infinite for fewer than 6 values
// at 95 %). It returns benchmath's warnings too.
func Median(vals []float64) (Estimate, []error) {
	s := benchmath.NewSample(slices.Clone(vals), &benchmath.DefaultThresholds)
	sum := benchmath.AssumeNothing.Summary(s, DefaultConfidence)
	return Estimate{Center: sum.Center, Lo: sum.Lo, Hi: sum.Hi, N: len(vals), CV: cv(vals)}, sum.Warnings
}

func cv(vals []float64) float64 {
	c, err := stats.CoefficientOfVariation(vals)
	if err != nil || len(vals) < 2 {
		return math.NaN()
	}
	return c
}

// minBootstrap is the fewest values a bootstrap interval is drawn from: with
// fewer, resampling cannot show the spread and the interval is left open.
const minBootstrap = 6

// PairedRatio estimates the ratio of num to den when num[i] and den[i] were
// measured together — in the same pass of a passes run, so that whatever the
// machine was doing then weighs on both. It takes the log ratio of every
// pair and returns the Hodges–Lehmann estimate of them as a ratio, with the
// signed-rank confidence interval at DefaultConfidence (results/robust): a
// pass hit by interference, which only ever slows one side, moves neither
// much. Its CV is the pairs' robust spread (results/robust.Spread as a
// ratio), so that one slow pass does not mark the ratio unstable. Pairs
// beyond the shorter slice, and pairs with a value that is not positive,
// are left out; the seed is unused (the interval is exact, not resampled).
// With fewer than 6 pairs the interval is infinite.
func PairedRatio(num, den []float64, seed uint64) Estimate {
	d := robust.LogRatios(num, den)
	c := robust.Test(d, DefaultConfidence)
	e := Estimate{Center: c.Ratio, Lo: c.RatioLo, Hi: c.RatioHi, N: c.N, CV: math.Expm1(c.Spread)}
	var ratios []float64
	for _, v := range d {
		ratios = append(ratios, math.Exp(v))
	}
	if m := robust.Modes(ratios); m != nil {
		e.Modes = [2]robust.Mode(m)
	}
	if c.N < minBootstrap {
		e.Lo, e.Hi = math.Inf(-1), math.Inf(1)
	}
	if c.N == 0 {
		e.Center, e.CV = math.NaN(), math.NaN()
	}
	return e
}

// RatioOfMedians estimates median(num) ÷ median(den) for two independent
// samples, with a seeded percentile-bootstrap interval that resamples each
// side on its own, as the Go performance builders compare two toolchains.
// With fewer than 6 values on either side the interval is infinite. Its CV
// is the larger of the two sides'.
func RatioOfMedians(num, den []float64, seed uint64) Estimate {
	center := median(slices.Clone(num)) / median(slices.Clone(den))
	n := min(len(num), len(den))
	e := bootstrap(seed, n, func(idx func(int) int) float64 {
		a := make([]float64, len(num))
		for i := range a {
			a[i] = num[idx(len(num))]
		}
		b := make([]float64, len(den))
		for i := range b {
			b[i] = den[idx(len(den))]
		}
		return median(a) / median(b)
	}, center, max(cv(num), cv(den)))
	return e
}

// bootstrap draws Resamples statistics with resample and returns center with
// the percentile interval at DefaultConfidence.
func bootstrap(seed uint64, n int, resample func(idx func(int) int) float64, center, cv float64) Estimate {
	e := Estimate{Center: center, Lo: math.Inf(-1), Hi: math.Inf(1), N: n, CV: cv}
	if n < minBootstrap || math.IsNaN(center) {
		return e
	}
	rng := rand.New(rand.NewPCG(seed, 0xb007))
	idx := func(k int) int { return rng.IntN(k) }
	ds := make([]float64, Resamples)
	for i := range ds {
		ds[i] = resample(idx)
	}
	slices.Sort(ds)
	tail := (1 - DefaultConfidence) / 2
	e.Lo = quantile(ds, tail)
	e.Hi = quantile(ds, 1-tail)
	return e
}

// quantile returns the q-quantile of sorted xs, linearly interpolated.
func quantile(xs []float64, q float64) float64 {
	pos := q * float64(len(xs)-1)
	i := int(pos)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (pos-float64(i))*(xs[i+1]-xs[i])
}

// median returns the median of xs, which it sorts; NaN for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}

// Percent turns a ratio estimate into a percent change: 1.10 is +10 %.
func Percent(r Estimate) Estimate {
	pc := func(x float64) float64 { return (x - 1) * 100 }
	r.Center, r.Lo, r.Hi = pc(r.Center), pc(r.Lo), pc(r.Hi)
	return r
}
