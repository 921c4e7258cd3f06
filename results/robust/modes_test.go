package robust

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestModesFindsTwoSpeeds(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, tc := range []struct {
		fast, slow int
		noise      float64
	}{{3, 3, 0.02}, {2, 4, 0.02}, {4, 2, 0.02}, {6, 10, 0.02}, {12, 4, 0.02}, {3, 3, 0.04}, {8, 8, 0.05}} {
		var v []float64
		for range tc.fast {
			v = append(v, 5.6*(1+tc.noise*r.NormFloat64()))
		}
		for range tc.slow {
			v = append(v, 9.8*(1+tc.noise*r.NormFloat64()))
		}
		r.Shuffle(len(v), func(i, j int) { v[i], v[j] = v[j], v[i] })
		m := Modes(v)
		if len(m) != 2 || m[0].N != tc.fast || m[1].N != tc.slow ||
			!(math.Abs(m[0].Center/5.6-1) < 0.1) || !(math.Abs(m[1].Center/9.8-1) < 0.1) {
			t.Errorf("%d at 5.6 and %d at 9.8: modes %+v", tc.fast, tc.slow, m)
		}
	}
}

func TestModesLeavesOneSpeedAlone(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	const trials = 2000
	for _, tc := range []struct {
		n         int
		noise     float64
		falseRate float64
	}{{6, 0.03, 0.01}, {6, 0.10, 0.035}, {12, 0.05, 0.01}, {30, 0.10, 0.01}} {
		flagged := 0
		for range trials {
			v := make([]float64, tc.n)
			for i := range v {
				v[i] = 10 * math.Exp(tc.noise*r.NormFloat64())
			}
			if Modes(v) != nil {
				flagged++
			}
		}
		// Six values 10 % apart can look like two clusters of three;
		// more values or less noise, almost never.
		if rate := float64(flagged) / trials; rate > tc.falseRate {
			t.Errorf("n=%d, %g%% noise, one speed: called bimodal in %.1f%% of samples", tc.n, 100*tc.noise, 100*rate)
		}
	}
	// One slow outlier is not a mode.
	if m := Modes([]float64{5.6, 5.7, 5.5, 5.6, 5.65, 9.8}); m != nil {
		t.Errorf("one outlier called a mode: %+v", m)
	}
	if m := Modes([]float64{1, 2, 3}); m != nil {
		t.Errorf("three values: %+v", m)
	}
}
