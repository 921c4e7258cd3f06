package plot

import (
	"math"
	"slices"
	"strconv"

	"github.com/addbench/addbench/results"
	gplot "gonum.org/v1/plot"
)

// LogRatio is how many times the smallest value the largest must exceed
// before a value axis turns logarithmic. Below it a linear axis reads better;
// above it the small values would be squashed against the axis.
const LogRatio = 20

// An extent is the range of the finite values an axis must show.
type extent struct {
	min, max    float64
	nonPositive bool // some value is ≤ 0, so a log axis cannot show it
	n           int
}

func newExtent() extent { return extent{min: math.Inf(1), max: math.Inf(-1)} }

// add widens e to v. Infinite values (open interval bounds) are skipped: they
// are drawn to the edge of whatever range the finite values give.
func (e *extent) add(vs ...float64) {
	for _, v := range vs {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			continue
		}
		e.min = math.Min(e.min, v)
		e.max = math.Max(e.max, v)
		e.nonPositive = e.nonPositive || v <= 0
		e.n++
	}
}

func (e *extent) addEstimate(est results.Estimate) { e.add(est.Center, est.Lo, est.Hi) }

// wantLog reports whether values spanning e need a log axis: all of them
// positive and the largest more than LogRatio times the smallest.
func (e extent) wantLog() bool {
	return e.n > 0 && !e.nonPositive && e.max > LogRatio*e.min
}

// canLog reports whether a log axis can show every value of e and they are
// not all the same.
func (e extent) canLog() bool {
	return e.n > 0 && !e.nonPositive && e.max > e.min
}

// A scale maps data values to the coordinates drawn on a gonum axis: the
// identity for a linear axis, log10 for a logarithmic one. Log axes are drawn
// as linear axes over log10 of the data, with ticks labelled in data values,
// because gonum's plot.LogScale places the axis label's glyph box at the
// arithmetic mean of the range — near the far end of a log axis — and then
// squeezes the data area to make room for a label that is not there.
type scale struct{ log bool }

// to maps a data value to axis coordinates. Infinities (open interval
// bounds) stay infinite; a log scale never sees a finite value ≤ 0, because
// extent.wantLog and extent.canLog refuse them.
func (s scale) to(v float64) float64 {
	if !s.log || math.IsInf(v, 0) {
		return v
	}
	return math.Log10(v)
}

// from maps axis coordinates back to a data value.
func (s scale) from(v float64) float64 {
	if !s.log {
		return v
	}
	return math.Pow(10, v)
}

// est maps an estimate to axis coordinates.
func (s scale) est(e results.Estimate) results.Estimate {
	return results.Estimate{Center: s.to(e.Center), Lo: s.to(e.Lo), Hi: s.to(e.Hi)}
}

// note is appended to an axis label so the reader knows the scale.
func (s scale) note() string {
	if s.log {
		return " (log scale)"
	}
	return ""
}

// set sets a's range and ticks for values spanning e. A log range gets a
// small multiplicative margin; a linear one 5 % of the span on each side,
// and if fromZero it also includes zero, so lengths along the axis are
// proportional to the values.
func (s scale) set(a *gplot.Axis, e extent, fromZero bool) {
	a.Scale = gplot.LinearScale{}
	if s.log {
		lo, hi := e.min/1.15, e.max*1.15
		a.Min, a.Max = math.Log10(lo), math.Log10(hi)
		a.Tick.Marker = gplot.ConstantTicks(logTicks(lo, hi))
		return
	}
	lo, hi := e.min, e.max
	if e.n == 0 {
		lo, hi = 0, 1
	}
	if fromZero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	pad := (hi - lo) * 0.05
	if pad == 0 {
		pad = math.Max(math.Abs(lo)*0.1, 1)
	}
	if !fromZero || lo < 0 {
		lo -= pad
	}
	if !fromZero || hi > 0 {
		hi += pad
	}
	a.Min, a.Max = lo, hi
	a.Tick.Marker = gplot.DefaultTicks{}
}

// logTicks returns the ticks of a log axis over [lo, hi], placed in log10
// coordinates and labelled in data values. It labels 1, 2, 3 and 5 times each
// power of ten over a short range, 1, 2 and 5 over a few decades and only
// the powers of ten over many; every other integer multiple of a power of ten
// gets a minor tick.
func logTicks(lo, hi float64) []gplot.Tick {
	labelled := []float64{1}
	switch d := math.Log10(hi / lo); {
	case d <= 1.5:
		labelled = []float64{1, 2, 3, 5}
	case d <= 3:
		labelled = []float64{1, 2, 5}
	}
	var ticks []gplot.Tick
	for p := math.Floor(math.Log10(lo)); p <= math.Ceil(math.Log10(hi)); p++ {
		for m := 1.0; m < 10; m++ {
			// Dividing by a power of ten keeps 0.3 from becoming 0.30000000000000004.
			v := m * math.Pow(10, p)
			if p < 0 {
				v = m / math.Pow(10, -p)
			}
			if v < lo || v > hi {
				continue
			}
			t := gplot.Tick{Value: math.Log10(v)}
			if slices.Contains(labelled, m) {
				t.Label = formatTick(v)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// dataTicks labels exactly the given values (GOMAXPROCS or quantum settings,
// which are chosen numbers worth reading off), or keeps the automatic ticks
// when there are too many to label legibly.
func (s scale) dataTicks(a *gplot.Axis, xs []float64) {
	const maxLabels = 13
	if len(xs) > maxLabels {
		return
	}
	ticks := make([]gplot.Tick, len(xs))
	for i, x := range xs {
		ticks[i] = gplot.Tick{Value: s.to(x), Label: formatTick(x)}
	}
	a.Tick.Marker = gplot.ConstantTicks(ticks)
}

func formatTick(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
