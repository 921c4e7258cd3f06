package benchtab

import (
	"math"

	"github.com/montanaflynn/stats"
	"golang.org/x/perf/benchmath"
)

// A Summary describes one sample of measurements.
//
// The embedded benchmath.Summary is what benchstat prints: the center (the
// median, under benchmath.AssumeNothing), its confidence interval and
// benchmath's warnings, such as too few samples for a finite interval. The
// other fields are descriptive extras from github.com/montanaflynn/stats; they
// take no part in any decision.
type Summary struct {
	benchmath.Summary

	// N is the number of measurements.
	N int

	// CV is the coefficient of variation: the sample standard deviation
	// divided by the mean. It is NaN for fewer than two measurements or a
	// zero mean.
	CV float64

	// P5 and P95 are the 5th and 95th percentiles, linearly interpolated.
	P5, P95 float64
}

// Summarize summarizes sample s under assumption a at the given confidence
// level (for example 0.95).
func Summarize(s *benchmath.Sample, a benchmath.Assumption, confidence float64) Summary {
	sum := Summary{Summary: a.Summary(s, confidence), N: len(s.Values)}
	sum.CV = nanOnErr(stats.CoefficientOfVariation(s.Values))
	sum.P5 = nanOnErr(stats.Percentile(s.Values, 5))
	sum.P95 = nanOnErr(stats.Percentile(s.Values, 95))
	return sum
}

func nanOnErr(v float64, err error) float64 {
	if err != nil {
		return math.NaN()
	}
	return v
}

// geomean returns the geometric mean of xs, or NaN if any is not positive.
// It is computed exactly as go-moremath's stats.GeoMean, which benchstat uses
// for its geomean row, so that the two agree to the last bit.
func geomean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	m := 0.0
	for i, x := range xs {
		if x <= 0 {
			return math.NaN()
		}
		m += (math.Log(x) - m) / float64(i+1)
	}
	return math.Exp(m)
}
