package results

import (
	"math"
	"testing"
)

// TestPairedRatioBimodal: pairs at two separated ratios are flagged with
// both; pairs at one ratio are not.
func TestPairedRatioBimodal(t *testing.T) {
	num := []float64{5.6, 9.8, 5.6, 9.8, 5.7, 9.7}
	den := []float64{1, 1, 1, 1, 1, 1}
	e := PairedRatio(num, den, 1)
	if !e.Bimodal() || !(math.Abs(e.Modes[0].Center-5.6) < 0.1) || !(math.Abs(e.Modes[1].Center-9.8) < 0.1) {
		t.Errorf("5.6/9.8 pairs: %+v, want bimodal at 5.6 and 9.8", e)
	}
	if e := PairedRatio([]float64{5.6, 5.7, 5.5, 5.6, 5.65, 5.6}, den, 1); e.Bimodal() {
		t.Errorf("one ratio: %+v, want no modes", e)
	}
}

// TestApart: two estimates are apart only when both have an interval of
// positive width and the intervals do not meet; one that was not measured
// (zero) or has no interval is passed over, whatever its center.
func TestApart(t *testing.T) {
	inf := math.Inf(1)
	e := func(c, lo, hi float64) Estimate { return Estimate{Center: c, Lo: lo, Hi: hi} }
	for _, tc := range []struct {
		name string
		es   []Estimate
		want bool
	}{
		{"disjoint", []Estimate{e(1, 0.9, 1.1), e(2, 1.8, 2.2)}, true},
		{"disjoint, reversed", []Estimate{e(2, 1.8, 2.2), e(1, 0.9, 1.1)}, true},
		{"touching", []Estimate{e(1, 0.9, 1.1), e(1.2, 1.1, 1.3)}, false},
		{"overlapping", []Estimate{e(1, 0.9, 1.1), e(1.05, 1, 1.2)}, false},
		{"third apart from the first", []Estimate{e(1, 0.9, 1.1), e(1.2, 1, 1.4), e(1.5, 1.3, 1.6)}, true},
		{"not measured", []Estimate{e(1, 0.9, 1.1), {}}, false},
		{"unbounded", []Estimate{e(1, 0.9, 1.1), e(3, 2, inf)}, false},
		{"NaN interval", []Estimate{e(1, 0.9, 1.1), e(3, math.NaN(), math.NaN())}, false},
		{"zero width", []Estimate{e(1, 0.9, 1.1), Exact(3)}, false},
		{"one", []Estimate{e(1, 0.9, 1.1)}, false},
	} {
		if got := Apart(tc.es...); got != tc.want {
			t.Errorf("%s: Apart = %v, want %v", tc.name, got, tc.want)
		}
	}
}
