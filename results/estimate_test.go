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
