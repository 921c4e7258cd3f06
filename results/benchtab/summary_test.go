package benchtab

import (
	"math"
	"testing"

	"golang.org/x/perf/benchmath"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/internal/synth"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name         string
		values       []float64
		median, cv   float64 // cv NaN when undefined
		p5, p95      float64
		finiteBounds bool
	}{
		// Worked by hand: mean 5.5, sample sd sqrt(55/6) = 3.0277;
		// type-7 percentiles at ranks 0.45 and 8.55.
		{"1..10", []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5.5, 3.0276503540974917 / 5.5, 1.45, 9.55, true},
		{"constant", []float64{2, 2, 2, 2, 2, 2}, 2, 0, 2, 2, true},
		{"one sample", []float64{7}, 7, math.NaN(), 7, 7, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := benchmath.NewSample(append([]float64(nil), tt.values...), &benchmath.DefaultThresholds)
			got := Summarize(s, benchmath.AssumeNothing, results.DefaultConfidence)
			if got.N != len(tt.values) || got.Center != tt.median {
				t.Errorf("n=%d median=%g, want n=%d median=%g", got.N, got.Center, len(tt.values), tt.median)
			}
			if !sameFloat(got.CV, tt.cv) || !sameFloat(got.P5, tt.p5) || !sameFloat(got.P95, tt.p95) {
				t.Errorf("CV %g P5 %g P95 %g, want %g %g %g", got.CV, got.P5, got.P95, tt.cv, tt.p5, tt.p95)
			}
			finite := !math.IsInf(got.Lo, 0) && !math.IsInf(got.Hi, 0)
			if finite != tt.finiteBounds || (finite && !(got.Lo <= got.Center && got.Center <= got.Hi)) {
				t.Errorf("interval [%g, %g] around %g; want finite=%v", got.Lo, got.Hi, got.Center, tt.finiteBounds)
			}
			if !finite && len(got.Warnings) == 0 {
				t.Errorf("no warning for an unbounded interval")
			}
		})
	}
}

func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

// geomean of a column holding a zero is undefined ("?", with a warning),
// never 0 (summary.go: x <= 0 → x < 0).
func TestGeomeanOfZero(t *testing.T) {
	for _, xs := range [][]float64{{0, 1, 2}, {2, 0}, {1, -1}, {}} {
		if g := geomean(xs); !math.IsNaN(g) {
			t.Errorf("geomean(%v) = %g, want NaN", xs, g)
		}
	}
	if g := geomean([]float64{2, 8}); !(math.Abs(g-4) <= 1e-12) {
		t.Errorf("geomean(2, 8) = %g, want 4", g)
	}
	// In a table: sequential.loop allocates nothing, so allocs/op's
	// geomean has no summary and says why.
	set := load(t, []string{"old", "new"}, synth.With(many, func(s *synth.Spec) { s.Seed = 62 }), synth.With(many, func(s *synth.Spec) { s.Seed = 63 }))
	c := compare(t, set, DefaultOptions)
	tab := c.TablesOf("allocs/op")[0]
	if g := tab.Geomean[0]; g.HasSummary || !containsError(g.Warnings, "summaries must be >0") {
		t.Errorf("allocs/op geomean %+v, want none, with benchstat's warning", g)
	}
}
