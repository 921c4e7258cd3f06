// Package robust estimates and tests the change between paired measurements
// in a way that one-sided outliers do not blow up.
//
// On a shared machine interference only ever slows a benchmark down: one
// sample in ten runs 40–80 % slow while the rest agree within a few percent.
// A paired t-test squares those outliers into its standard deviation and
// stops seeing a 10 % change; a median-based analysis does not. For the log
// ratios d of paired measurements (head ÷ base, taken seconds apart), this
// package gives
//
//   - the Hodges–Lehmann estimate of the change, the median of all pairwise
//     averages (d_i + d_j)/2: as precise as the mean on normal data (95 %
//     efficiency) and unmoved by up to 29 % of outliers;
//   - its distribution-free confidence interval, from the Walsh averages'
//     order statistics;
//   - the Wilcoxon signed-rank test of "no change" (exact up to MaxExact
//     pairs, normal approximation with tie correction beyond);
//   - the smallest change this run's pairs could have detected (Detectable),
//     worked out by resampling the run's own scatter, outliers included,
//     which a report states beside every "no change";
//   - a stopping rule (Settled) for spending more pairs only where the
//     detectable change is still too large, that keeps the test's level.
//
// Why the signed-rank test is valid here, and why stopping early keeps it
// valid: addbench's runner draws, for every pair, which side runs first (or,
// in an ABBA block, which side takes the outer places). If the two builds
// do not differ, that coin alone decides the sign of d, so under "no
// change" every sign is a fair coin independent of the sizes |d|. The
// signed-rank test conditions on the sizes and asks how unusual the signs
// are — exact under that randomisation whatever the machine did. Settled
// reads only the sizes |d|, never their signs, so when to stop carries no
// information about the signs, and the test at the final n keeps its level
// (a conditional randomisation argument: no alpha spending is needed).
package robust

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	mstats "github.com/aclements/go-moremath/stats"
)

// MaxExact is the most pairs for which the signed-rank p-value and interval
// come from the exact null distribution; beyond it, from the normal
// approximation with a correction for ties.
const MaxExact = 200

// MADScale turns a median absolute deviation into a standard deviation for
// normal data (1 ÷ Φ⁻¹(3/4)).
const MADScale = 1.482602218505602

// A Change is the estimated change between paired measurements.
type Change struct {
	// N is how many pairs there were; the test counts those whose log
	// ratio is not 0 (a zero carries no sign, as in Wilcoxon's test).
	N int

	// Shift is the Hodges–Lehmann estimate of the log ratio, and Lo, Hi
	// its confidence interval; all three are 0 when N is 0. Ratio,
	// RatioLo and RatioHi are the same as ratios: exp of each.
	Shift, Lo, Hi           float64
	Ratio, RatioLo, RatioHi float64

	// P is the two-sided p-value of the signed-rank test of "no change";
	// 1 with no pair to test.
	P float64

	// Spread is the robust standard deviation of the log ratios:
	// MADScale × their median absolute deviation from the median.
	Spread float64
}

// Test estimates and tests the change whose log ratios are d, with an
// interval at the given confidence (0.95). It does not modify d.
func Test(d []float64, confidence float64) Change {
	var all []float64
	for _, v := range d {
		if !math.IsNaN(v) {
			all = append(all, v)
		}
	}
	c := Change{N: len(all), P: 1, Spread: Spread(all)}
	if c.N > 0 {
		walsh := walshAverages(all)
		c.Shift = median(walsh)
		k := criticalRank(all, (1-confidence)/2)
		if k >= 1 && k <= len(walsh)/2 {
			c.Lo, c.Hi = walsh[k-1], walsh[len(walsh)-k]
		} else {
			c.Lo, c.Hi = math.Inf(-1), math.Inf(1)
		}
		c.P = SignedRank(all)
	}
	c.Ratio, c.RatioLo, c.RatioHi = math.Exp(c.Shift), math.Exp(c.Lo), math.Exp(c.Hi)
	return c
}

// LogRatios returns log(head[i] ÷ base[i]) for every pair; a pair with a
// value that is not positive has no ratio and is left out.
func LogRatios(head, base []float64) []float64 {
	var d []float64
	for i := range min(len(head), len(base)) {
		if head[i] > 0 && base[i] > 0 {
			d = append(d, math.Log(head[i]/base[i]))
		}
	}
	return d
}

// BlockRatios returns one log ratio per block of k consecutive
// measurements on each side: log(min head ÷ min base) over measurements
// [k·j, k·j+k). Interference only ever slows a measurement, so the faster
// of a side's k measurements in a block is the one least disturbed: an
// outlier then spoils a block only if it hits all k measurements of a side.
// With k = 1 it is LogRatios. Measurements beyond the last whole block of
// the shorter side, and blocks with a value that is not positive, are left
// out.
func BlockRatios(head, base []float64, k int) []float64 {
	if k < 1 {
		k = 1
	}
	var d []float64
	for j := 0; (j+1)*k <= min(len(head), len(base)); j++ {
		h, b := slices.Min(head[j*k:(j+1)*k]), slices.Min(base[j*k:(j+1)*k])
		if h > 0 && b > 0 {
			d = append(d, math.Log(h/b))
		}
	}
	return d
}

// SignedRank returns the two-sided p-value of Wilcoxon's signed-rank test
// that the values d are symmetric about 0. Zeros are dropped; tied sizes
// share their mean rank. It is 1 when no value is left.
func SignedRank(d []float64) float64 {
	nz := nonZero(d)
	n := len(nz)
	if n == 0 {
		return 1
	}
	ranks2, ties := doubledRanks(nz)
	var wplus2 int // twice the sum of the positive values' ranks
	for i, v := range nz {
		if v > 0 {
			wplus2 += ranks2[i]
		}
	}
	total2 := n * (n + 1) // twice n(n+1)/2
	// Two-sided: the probability of a sum at least as far from the
	// centre as the one seen, on either side.
	lo2 := min(wplus2, total2-wplus2)
	if n <= MaxExact {
		dist := exactDist(ranks2)
		var tail float64
		for s := 0; s <= lo2 && s < len(dist); s++ {
			tail += dist[s]
		}
		return min(1, 2*tail)
	}
	mean := float64(n*(n+1)) / 4
	v := float64(n*(n+1)*(2*n+1))/24 - ties/48
	if v <= 0 {
		return 1
	}
	z := (float64(lo2)/2 - mean + 0.5) / math.Sqrt(v) // continuity correction
	return min(1, 2*stdNormal.CDF(z))
}

// MinP is the smallest two-sided p-value the signed-rank test can give with
// n pairs: every sign the same, 2 ÷ 2^n. With n below MinPairs(alpha) no
// change whatever can reach level alpha.
func MinP(n int) float64 {
	if n <= 0 {
		return 1
	}
	return min(1, math.Ldexp(2, -n))
}

// MinPairs is the fewest pairs with which the signed-rank test can reach
// level alpha at all.
func MinPairs(alpha float64) int {
	n := 1
	for MinP(n) > alpha && n < 1000 {
		n++
	}
	return n
}

// Detectable returns the smallest change, as a log ratio, that a
// signed-rank test at level alpha (two-sided) detects with the given power
// (0.8) in len(noise) pairs whose log ratios scatter as noise does about
// their centre. It is worked out, not assumed: noise is centred on its
// Hodges–Lehmann estimate, its sizes are given Sims seeded patterns of
// random signs, and the smallest shift that the test detects in a fraction
// power of them is found by bisection. Outliers in noise thus count with
// their real weight (a normal-theory formula with a robust spread would
// promise a change that a run with one slow pass in ten misses half the
// time). It is +Inf when len(noise) pairs cannot reach alpha at all
// (MinP(n) > alpha).
func Detectable(noise []float64, alpha, power float64) float64 {
	n := len(noise)
	if n == 0 || MinP(n) > alpha {
		return math.Inf(1)
	}
	nz := nonZero(noise)
	centre := 0.0
	if len(nz) > 0 {
		centre = median(walshAverages(nz))
	}
	// Resampling n values understates their spread by √((n−1)/n).
	inflate := math.Sqrt(float64(n) / float64(max(1, n-1)))
	res := make([]float64, n)
	for i, v := range noise {
		res[i] = inflate * math.Abs(v-centre)
	}
	return detectable(res, alpha, power)
}

// detectable is Detectable for noise sizes already centred.
func detectable(sizes []float64, alpha, power float64) float64 {
	pw := newPower(sizes, alpha)
	if pw.detects(0, power) {
		return 0 // no noise at all
	}
	// Every value shifted past the largest noise is all one sign: the
	// test's smallest p, which reaches alpha (MinP(n) ≤ alpha).
	lo, up := 0.0, 2*pw.largest+1e-9
	for range 40 {
		mid := (lo + up) / 2
		if pw.detects(mid, power) {
			up = mid
		} else {
			lo = mid
		}
		if up-lo <= 0.01*up { // reports give two digits
			break
		}
	}
	return up
}

// A powerSim estimates the signed-rank test's power against a shift from
// Sims seeded sign patterns of the noise sizes: the run's own scatter, each
// size once, given a random sign, then shifted. (Resampling the sizes with
// replacement instead would repeat a run's one outlier in a quarter of the
// resamples and promise far less than the run can see.) The same patterns
// serve every shift, so that power grows with the shift.
type powerSim struct {
	draws   [][]float64
	crit    int
	largest float64
	buf     []float64
	idx     []int
}

func newPower(sizes []float64, alpha float64) *powerSim {
	n := len(sizes)
	r := rand.New(rand.NewPCG(uint64(n), 0x5eed))
	p := &powerSim{draws: make([][]float64, Sims), crit: critical(n, alpha), buf: make([]float64, n), idx: make([]int, n)}
	for k := range p.draws {
		x := make([]float64, n)
		for i := range x {
			x[i] = sizes[i]
			if r.IntN(2) == 0 {
				x[i] = -x[i]
			}
			p.largest = max(p.largest, math.Abs(x[i]))
		}
		p.draws[k] = x
	}
	return p
}

// detects reports whether a shift is detected in at least a fraction power
// of the resamples.
func (p *powerSim) detects(shift, power float64) bool {
	need := int(math.Ceil(power * float64(len(p.draws))))
	hits := 0
	for k, x := range p.draws {
		for i := range x {
			p.buf[i] = x[i] + shift
		}
		if p.rejects() {
			hits++
		}
		if hits >= need {
			return true
		}
		if hits+len(p.draws)-k-1 < need {
			return false
		}
	}
	return hits >= need
}

// Sims is how many resamples Detectable draws.
const Sims = 300

// critical returns the largest signed-rank sum c (of untied ranks 1…n) such
// that a sum of c or less on either side has probability at most alpha: the
// test rejects when min(W⁺, W⁻) ≤ c; -1 when nothing can be rejected.
func critical(n int, alpha float64) int {
	if n <= MaxExact {
		ranks2 := make([]int, n)
		for i := range ranks2 {
			ranks2[i] = 2 * (i + 1)
		}
		dist := exactDist(ranks2)
		var cum float64
		c := -1
		for w := 0; 2*w < len(dist); w++ {
			cum += dist[2*w]
			if 2*cum > alpha {
				break
			}
			c = w
		}
		return c
	}
	m := float64(n*(n+1)) / 4
	sd := math.Sqrt(float64(n*(n+1)*(2*n+1)) / 24)
	return int(math.Floor(m - stdNormal.InvCDF(1-alpha/2)*sd - 0.5))
}

// rejects reports whether the signed-rank test rejects "no change" for
// p.buf: min(W⁺, W⁻) ≤ p.crit, with untied ranks (ties of real-valued
// resamples shifted by a constant are rare).
func (p *powerSim) rejects() bool {
	if p.crit < 0 {
		return false
	}
	v := p.buf
	bySize(p.idx, v)
	wplus, total := 0, len(v)*(len(v)+1)/2
	for rank, i := range p.idx {
		if v[i] > 0 {
			wplus += rank + 1
		}
	}
	return min(wplus, total-wplus) <= p.crit
}

// DetectablePercent is Detectable as a percent change of the ratio.
func DetectablePercent(noise []float64, alpha, power float64) float64 {
	l := Detectable(noise, alpha, power)
	if math.IsInf(l, 1) {
		return l
	}
	return 100 * (math.Exp(l) - 1)
}

// Settled reports whether a benchmark with log ratios d has had enough
// pairs: at least MinPairs(alpha), and a detectable change (at alpha and
// power) no larger than target, a log ratio. It reads only the sizes |d|,
// taken as noise about 0, and never their signs, so a session that stops
// on it keeps the signed-rank test's level (see the package doc). When the
// builds do differ, the sizes hold the change too, so a changed benchmark
// is given more pairs, never fewer.
func Settled(d []float64, alpha, power, target float64) bool {
	n := len(d)
	if n < MinPairs(alpha) {
		return false
	}
	inflate := math.Sqrt(float64(n) / float64(n-1))
	sizes := make([]float64, n)
	for i, v := range d {
		sizes[i] = inflate * math.Abs(v)
	}
	return newPower(sizes, alpha).detects(target, power)
}

// Spread returns MADScale × the median absolute deviation of d from its
// median: the standard deviation of the bulk of d, whatever its outliers.
// It is NaN for no values.
func Spread(d []float64) float64 {
	if len(d) == 0 {
		return math.NaN()
	}
	s := sorted(d)
	m := median(s)
	dev := make([]float64, len(s))
	for i, v := range s {
		dev[i] = math.Abs(v - m)
	}
	return MADScale * median(sorted(dev))
}

var stdNormal = mstats.NormalDist{Mu: 0, Sigma: 1}

func nonZero(d []float64) []float64 {
	var nz []float64
	for _, v := range d {
		if v != 0 && !math.IsNaN(v) {
			nz = append(nz, v)
		}
	}
	return nz
}

func sorted(x []float64) []float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s
}

// median of sorted values.
func median(s []float64) float64 {
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// walshAverages returns every (d_i + d_j)/2 for i ≤ j, sorted.
func walshAverages(d []float64) []float64 {
	w := make([]float64, 0, len(d)*(len(d)+1)/2)
	for i := range d {
		for j := i; j < len(d); j++ {
			w = append(w, (d[i]+d[j])/2)
		}
	}
	slices.Sort(w)
	return w
}

// doubledRanks ranks the sizes |d| from 1, tied sizes sharing their mean
// rank, and returns twice each rank (an integer even for a mean of two)
// and Σ(t³ − t) over the groups of t tied sizes.
func doubledRanks(d []float64) ([]int, float64) {
	idx := make([]int, len(d))
	bySize(idx, d)
	r := make([]int, len(d))
	var ties float64
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && math.Abs(d[idx[j+1]]) == math.Abs(d[idx[i]]) {
			j++
		}
		// ranks i+1 … j+1 share their mean; doubled: i+j+2.
		for k := i; k <= j; k++ {
			r[idx[k]] = i + j + 2
		}
		t := float64(j - i + 1)
		ties += t*t*t - t
		i = j + 1
	}
	return r, ties
}

// exactDist returns the null distribution of twice the signed-rank sum:
// element s is the probability that the positive values' doubled ranks add
// up to s, every sign a fair coin.
func exactDist(ranks2 []int) []float64 {
	total := 0
	for _, r := range ranks2 {
		total += r
	}
	p := make([]float64, total+1)
	p[0] = 1
	hi := 0
	for _, r := range ranks2 {
		for s := hi; s >= 0; s-- {
			if p[s] != 0 {
				p[s+r] += p[s] / 2
				p[s] /= 2
			}
		}
		hi += r
	}
	return p
}

// criticalRank returns k such that the interval from the k-th smallest to
// the k-th largest Walsh average covers the shift with confidence 1 − 2·tail:
// the largest k with P(W⁺ ≤ k − 1) ≤ tail under the (untied) null, as Hodges
// and Lehmann's construction has it. It is 0 when no interval at that
// confidence exists (too few pairs).
func criticalRank(d []float64, tail float64) int {
	return critical(len(d), 2*tail) + 1
}

// bySize fills idx with 0…len(v)−1 ordered by |v|, smallest first.
func bySize(idx []int, v []float64) {
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(math.Abs(v[a]), math.Abs(v[b])) })
}
