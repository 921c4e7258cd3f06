package plot

import (
	"math"
	"slices"
	"strconv"
	"testing"

	gplot "gonum.org/v1/plot"
)

func TestExtentScale(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name    string
		values  []float64
		wantLog bool // extent.wantLog: values span more than LogRatio
		canLog  bool // extent.canLog: a log axis could show them all
	}{
		{"narrow", []float64{10, 50}, false, true},
		{"exactly LogRatio", []float64{1, LogRatio}, false, true},
		{"just over LogRatio", []float64{1, LogRatio * 1.01}, true, true},
		{"wide", []float64{0.4, 480}, true, true},
		{"zero", []float64{0, 100}, false, false},
		{"negative", []float64{-5, 100}, false, false},
		{"single value", []float64{3}, false, false},
		{"infinities ignored", []float64{2, inf, -inf, 10}, false, true},
		{"empty", nil, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newExtent()
			e.add(tc.values...)
			if got := e.wantLog(); got != tc.wantLog {
				t.Errorf("wantLog() = %v, want %v", got, tc.wantLog)
			}
			if got := e.canLog(); got != tc.canLog {
				t.Errorf("canLog() = %v, want %v", got, tc.canLog)
			}
		})
	}
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		labels []string
	}{
		{0.35, 550, []string{"1", "10", "100"}},
		{1, 50, []string{"1", "2", "5", "10", "20", "50"}},
		{2, 9, []string{"2", "3", "5"}},
		{0.25, 0.9, []string{"0.3", "0.5"}},
		{1, 100, []string{"1", "2", "5", "10", "20", "50", "100"}}, // the top decade's first tick is the end
	}
	for _, tc := range tests {
		t.Run(strconv.FormatFloat(tc.lo, 'g', -1, 64)+"-"+strconv.FormatFloat(tc.hi, 'g', -1, 64), func(t *testing.T) {
			var labels []string
			prev := math.Inf(-1)
			for _, tick := range logTicks(tc.lo, tc.hi) {
				// Ticks are placed in log10 coordinates, inside the range, in order.
				v := math.Pow(10, tick.Value)
				if v < tc.lo*(1-1e-12) || v > tc.hi*(1+1e-12) || tick.Value <= prev {
					t.Errorf("tick at %g (log10 %g) out of range or order", v, tick.Value)
				}
				prev = tick.Value
				if tick.Label == "" {
					continue
				}
				// A label names the value its tick stands at.
				if l, err := strconv.ParseFloat(tick.Label, 64); err != nil || !(math.Abs(l-v) <= 1e-9*v) {
					t.Errorf("tick labelled %q stands at %g", tick.Label, v)
				}
				labels = append(labels, tick.Label)
			}
			if !slices.Equal(labels, tc.labels) {
				t.Errorf("labels = %q, want %q", labels, tc.labels)
			}
		})
	}
}

func TestScaleRoundTrip(t *testing.T) {
	for _, s := range []scale{{log: false}, {log: true}} {
		for _, v := range []float64{0.3, 1, 64, 4096} {
			if got := s.from(s.to(v)); !(math.Abs(got-v) <= 1e-12*v) {
				t.Errorf("scale%+v: from(to(%g)) = %g", s, v, got)
			}
		}
		if got := s.to(math.Inf(1)); !math.IsInf(got, 1) {
			t.Errorf("scale%+v: to(+Inf) = %g, want +Inf", s, got)
		}
		if got := s.to(math.Inf(-1)); !math.IsInf(got, -1) {
			t.Errorf("scale%+v: to(-Inf) = %g, want -Inf", s, got)
		}
	}
}

// TestLinearRange: a linear axis is padded by 5 % of its span on each side;
// one value alone gets 10 % of itself (at least 1); from zero, the axis ends
// exactly at zero on the side the values do not reach.
func TestLinearRange(t *testing.T) {
	tests := []struct {
		name     string
		values   []float64
		fromZero bool
		min, max float64
	}{
		{"span", []float64{10, 30}, false, 9, 31},
		{"one value", []float64{50}, false, 45, 55},
		{"one small value", []float64{2}, false, 1, 3},
		{"positive from zero", []float64{10, 30}, true, 0, 31.5},
		{"negative from zero", []float64{-30, -10}, true, -31.5, 0},
		{"nothing", nil, false, -0.05, 1.05},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newExtent()
			e.add(tc.values...)
			var a gplot.Axis
			scale{}.set(&a, e, tc.fromZero)
			if !(math.Abs(a.Min-tc.min) <= 1e-12) || !(math.Abs(a.Max-tc.max) <= 1e-12) {
				t.Errorf("range [%g, %g], want [%g, %g]", a.Min, a.Max, tc.min, tc.max)
			}
		})
	}
}

// TestDataTicks: up to 13 chosen values are each labelled where they stand;
// more keep the automatic ticks.
func TestDataTicks(t *testing.T) {
	for _, n := range []int{1, 13, 14} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(int(1) << i)
		}
		var a gplot.Axis
		auto := a.Tick.Marker
		s := scale{log: true}
		s.dataTicks(&a, xs)
		if n > 13 {
			if a.Tick.Marker != auto {
				t.Errorf("%d values: ticks replaced, want the automatic ones", n)
			}
			continue
		}
		if a.Tick.Marker == auto {
			t.Errorf("%d values: automatic ticks, want each value labelled", n)
			continue
		}
		ticks := a.Tick.Marker.Ticks(0, 0)
		if len(ticks) != n {
			t.Fatalf("%d values: %d ticks", n, len(ticks))
		}
		for i, tick := range ticks {
			if tick.Value != math.Log10(xs[i]) || tick.Label != strconv.Itoa(int(1)<<i) {
				t.Errorf("tick %d = {%g %q}, want {%g %q}", i, tick.Value, tick.Label, math.Log10(xs[i]), strconv.Itoa(int(1)<<i))
			}
		}
	}
}
