package robust

import (
	"math"
	"slices"
)

// A Mode is one of the separated clusters a sample falls into.
type Mode struct {
	Center float64 // the cluster's median, in the values' own unit
	N      int     // how many values it holds
}

// The rule by which Modes calls a sample bimodal.
const (
	// ModeGap is how many times the robust spread within the clusters
	// the gap between them must be.
	ModeGap = 8
	// ModeApart is how far apart, as a ratio, the clusters' centres must
	// be: two speeds 10 % apart are a finding, 2 % apart are noise.
	ModeApart = 1.10
	// modeFloor is the smallest spread a cluster is taken to have, as a
	// log ratio (1 %): two clusters of identical values are not infinitely
	// far apart.
	modeFloor = 0.01
)

// Modes reports whether positive values fall into two clusters well apart —
// a benchmark that runs at one of two speeds from one process to the next,
// say 5.6 or 9.8 ns — and returns them, faster first; nil when they form
// one cluster. A median or mean of such a sample describes neither speed,
// and a reader must be told.
//
// The values are split, in logs, at the widest gap that leaves each side at
// least two values and a fifth of all; the sample is bimodal when that gap
// is at least ModeGap times the robust spread within the sides (1.4826 ×
// the median distance of a value from its side's median, at least 1 %) and
// the sides' medians are at least ModeApart apart, and the gap is at least
// half the sample's whole range (one speed's tails have no such hole). One slow
// outlier is not a mode; interference that slows a fifth of the samples
// alike is, and is worth seeing.
func Modes(values []float64) []Mode {
	var x []float64
	for _, v := range values {
		if v > 0 && !math.IsInf(v, 0) {
			x = append(x, math.Log(v))
		}
	}
	n := len(x)
	least := max(2, (n+4)/5)
	if n < 2*least {
		return nil
	}
	slices.Sort(x)
	best, at := 0.0, -1
	for i := least; i <= n-least; i++ {
		if g := x[i] - x[i-1]; g > best {
			best, at = g, i
		}
	}
	if at < 0 {
		return nil
	}
	lo, hi := x[:at], x[at:]
	// The spread within the clusters, pooled: each value's distance from
	// its own cluster's median (a cluster of two or three alone says
	// little about its spread).
	ml, mh := median(lo), median(hi)
	var dev []float64
	for _, v := range lo {
		dev = append(dev, math.Abs(v-ml))
	}
	for _, v := range hi {
		dev = append(dev, math.Abs(v-mh))
	}
	spread := max(MADScale*median(sorted(dev)), modeFloor)
	if best < ModeGap*spread || best < (x[n-1]-x[0])/2 || mh-ml < math.Log(ModeApart) {
		return nil
	}
	return []Mode{{Center: math.Exp(median(lo)), N: len(lo)}, {Center: math.Exp(median(hi)), N: len(hi)}}
}
