package plot

import (
	"github.com/addbench/addbench/results"
	"math"
)

// Synthetic data for the golden images: fixed numbers shaped like a real
// run of fifteen of the styles, so every chart shows a realistic spread.

// styleNames are the styles in level order, as the registry lists them.
var styleNames = []string{
	"sequential.loop", "sequential.interleave",
	"callback.eventloop",
	"async.executor",
	"coop.green", "coop.gil",
	"preempt.mutex", "preempt.channel", "preempt.private", "preempt.racy",
	"lockfree.atomic", "lockfree.cas", "lockfree.striped", "lockfree.falseshare",
	"lockfree.striped.with.a.very.long.variant.name.that.goes.on",
}

// nsPerAdd is a made-up private-mode cost of each style, in ns/add.
var nsPerAdd = []float64{0.4, 0.9, 38, 61, 24, 95, 14, 120, 0.5, 0.45, 4.2, 7.5, 1.1, 3.3, 1.2}

// ci returns an estimate of v with an interval rel above and below.
func ci(v, rel float64) results.Estimate { return est(v, v*(1-rel), v*(1+rel)) }

func costPanels() []Panel {
	private := Panel{Title: "mode=private"}
	shared := Panel{Title: "mode=shared"}
	for i, name := range styleNames {
		v := nsPerAdd[i]
		private.Bars = append(private.Bars, Bar{name, ci(v, 0.03+0.01*float64(i%4))})
		// Shared mode contends on one accumulator: slower for the parallel styles.
		f := 1.0
		if i >= 6 {
			f = 3 + float64(i%3)
		}
		shared.Bars = append(shared.Bars, Bar{name, ci(v*f, 0.05)})
	}
	// Open intervals, as benchmath reports with too few samples.
	shared.Bars[6].Value.Hi = math.Inf(1)
	shared.Bars[11].Value.Lo = math.Inf(-1)
	return []Panel{private, shared}
}

func changePanels() []Panel {
	changes := []float64{0.5, -1.2, 3.1, -8.4, 12.5, 0.2, -0.7, 25, -2.2, 1.1, 6.3, -4.9, 0.0, 2.4, -15}
	var p Panel
	p.Title = "mode=shared"
	for i, name := range styleNames {
		c := changes[i]
		p.Bars = append(p.Bars, Bar{name, est(c, c-1.5-float64(i%3), c+1.5+float64(i%2))})
	}
	return []Panel{p}
}

var procs = []float64{1, 2, 4, 8}

// speedupSeries is speedup by GOMAXPROCS: the scalable styles roughly halve
// their cost per doubling, the contended ones get slower.
func speedupSeries() []Series {
	var out []Series
	for i, name := range styleNames {
		base := nsPerAdd[i]
		s := Series{Name: name}
		for _, p := range procs {
			var v float64
			switch {
			case i < 6: // single-threaded schedulers: flat
				v = base
			case i%3 == 0: // contended: slower with more Ps
				v = base * (1 + 0.4*math.Log2(p))
			default: // scalable, with diminishing returns
				v = base / math.Pow(p, 0.5+0.04*float64(i%5))
			}
			s.Points = append(s.Points, Point{p, ci(base/v, 0.04)})
		}
		out = append(out, s)
	}
	return out
}

// quantumSeries is ns/add by quantum: overhead per interaction point is
// amortised over the quantum.
func quantumSeries() []Series {
	var out []Series
	for i, name := range styleNames {
		s := Series{Name: name}
		for q := 1.0; q <= 4096; q *= 4 {
			overhead := nsPerAdd[i] * 20
			v := 0.35 + overhead/q
			s.Points = append(s.Points, Point{q, ci(v, 0.05)})
		}
		out = append(out, s)
	}
	return out
}

// scaleSeries is a made-up B/program of four styles at 1 to 10^6 programs:
// fixed costs divided away, and goroutine stacks that stay.
func scaleSeries() []Series {
	styles := []struct {
		name        string
		fixed, per  float64
		maxPrograms float64
	}{
		{"sequential.loop", 400, 0.1, 1e6},
		{"async.executor", 2000, 90, 1e6},
		{"coop.gil", 3000, 2800, 1e5},
		{"process.pipe", 8e6, 20, 1e6},
	}
	var series []Series
	for _, st := range styles {
		s := Series{Name: st.name}
		for n := 1.0; n <= st.maxPrograms; n *= 10 {
			s.Points = append(s.Points, Point{n, ci(st.fixed/n+st.per, 0.05)})
		}
		series = append(series, s)
	}
	return series
}

// est is an estimate with center c and interval [lo, hi].
func est(c, lo, hi float64) results.Estimate { return results.Estimate{Center: c, Lo: lo, Hi: hi} }
