package plot

import (
	"fmt"
	"math"
	"slices"

	"github.com/addbench/addbench/results"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Speedup draws how each style scales with GOMAXPROCS. Each Series is one
// style's speedup (Y: time at GOMAXPROCS 1 ÷ time at X, with its interval,
// as the caller estimated it) at several GOMAXPROCS values (X); the chart
// draws one line per style, with the ideal linear speedup (speedup = X)
// dashed. Each axis is logarithmic when its values span more than LogRatio
// and linear otherwise. An empty title gets a default.
func Speedup(title string, series []Series) (*Chart, error) {
	return SpeedupOn(title, series, 0)
}

// SpeedupOn is Speedup for a run whose process could use usableCPUs CPUs:
// the GOMAXPROCS beyond them are shaded and the legend calls them
// oversubscribed, since there the Ps took turns on fewer CPUs and a speedup
// measures that sharing too. usableCPUs 0 (not known) shades nothing, as
// does a chart with no GOMAXPROCS above it.
func SpeedupOn(title string, series []Series, usableCPUs int) (*Chart, error) {
	const chart = "speedup"
	series, err := checkSeries(chart, series)
	if err != nil {
		return nil, err
	}
	if title == "" {
		title = "Speedup with GOMAXPROCS"
	}
	for _, s := range series {
		for _, p := range s.Points {
			if p.Y.Center <= 0 {
				return nil, &DataError{Chart: chart, Where: fmt.Sprintf("series %q", s.Name),
					Err: fmt.Errorf("%w: speedup %v at GOMAXPROCS=%g is not positive", ErrBadValue, p.Y, p.X)}
			}
		}
	}
	speedups := series

	xs, xe := xValues(series)
	ye := newExtent()
	ye.add(xe.min, xe.max) // the ideal line
	for _, s := range speedups {
		for _, p := range s.Points {
			ye.addEstimate(p.Y)
		}
	}
	x, y := scale{log: xe.wantLog()}, scale{log: ye.wantLog()}

	// Many points, evenly spaced on the drawn x axis, keep the ideal line
	// straight where it should be and curved where one axis is log and the
	// other is not.
	const n = 64
	ideal := make(plotter.XYs, n)
	x0, x1 := x.to(xe.min), x.to(xe.max)
	for i := range ideal {
		xt := x0 + (x1-x0)*float64(i)/(n-1)
		ideal[i] = plotter.XY{X: xt, Y: y.to(x.from(xt))}
	}
	idealLine, err := plotter.NewLine(ideal)
	if err != nil {
		return nil, fmt.Errorf("plotting speedup chart: ideal line: %w", err)
	}
	idealLine.LineStyle = draw.LineStyle{Color: idealInk, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(8), vg.Points(4)}}

	under := []gplot.Plotter{idealLine}
	var over *band
	if u := float64(usableCPUs); usableCPUs > 0 && xe.max > u {
		// From the last GOMAXPROCS that has a CPU per P to the right edge.
		over = &band{lo: x.to(max(u, xe.min)), hi: math.Inf(1), alongX: true, fill: oversubscribedColor}
		under = []gplot.Plotter{over, idealLine}
	}
	ch := seriesChart(title, speedups, xs, xe, x, ye, y, under...)
	p := ch.panels[0]
	p.X.Label.Text = "GOMAXPROCS" + x.note()
	p.Y.Label.Text = "speedup over GOMAXPROCS=1 (×)" + y.note()
	ch.addLegend("ideal (linear speedup)", idealLine)
	if over != nil {
		ch.addLegend(fmt.Sprintf("oversubscribed: Ps > %d usable CPUs", usableCPUs), over)
	}
	ch.fitLegend()
	return ch, nil
}

// Quantum draws ns/add against the quantum — how many adds a thread performs
// between two points where it can interact with others — one line per
// Series (style), each point the median with a whisker over its interval.
// The quantum axis is logarithmic (quanta are usually powers of two up to
// 4096) unless some quantum is not positive or there is only one, when it is
// linear. The ns/add axis is logarithmic when its values span more than
// LogRatio and linear from zero otherwise. An empty title gets a default.
func Quantum(title string, series []Series) (*Chart, error) {
	const chart = "quantum"
	series, err := checkSeries(chart, series)
	if err != nil {
		return nil, err
	}
	if title == "" {
		title = "Cost per add by quantum"
	}
	xs, xe := xValues(series)
	ye := newExtent()
	for _, s := range series {
		for _, p := range s.Points {
			ye.addEstimate(p.Y)
		}
	}
	x, y := scale{log: xe.canLog()}, scale{log: ye.wantLog()}
	ch := seriesChart(title, series, xs, xe, x, ye, y)
	p := ch.panels[0]
	p.X.Label.Text = "quantum: adds between interaction points" + x.note()
	p.Y.Label.Text = "ns/add" + y.note()
	ch.fitLegend()
	return ch, nil
}

// xValues returns the distinct x values of every series, sorted, and their
// extent.
func xValues(series []Series) ([]float64, extent) {
	var xs []float64
	e := newExtent()
	for _, s := range series {
		for _, p := range s.Points {
			xs = append(xs, p.X)
			e.add(p.X)
		}
	}
	slices.Sort(xs)
	return slices.Compact(xs), e
}

// seriesChart lays out Speedup and Quantum: one panel, a line and whiskered
// glyphs per series over the plotters under (already in axis coordinates),
// and the legend in a column to the right, since sixteen style names would
// cover data anywhere inside the panel.
func seriesChart(title string, series []Series, xs []float64, xe extent, x scale, ye extent, y scale, under ...gplot.Plotter) *Chart {
	ch := newChart(title, 1)
	ch.legendRight = true
	ch.x, ch.y = x, y
	p := ch.panels[0]
	x.set(&p.X, xe, false)
	x.dataTicks(&p.X, xs)
	y.set(&p.Y, ye, true)
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = gridInk, gridInk
	ch.add(0, grid)
	ch.add(0, under...)

	for i, s := range series {
		lineStyle, glyph := seriesStyle(i)
		xys := make(plotter.XYs, len(s.Points))
		pos := make([]float64, len(s.Points))
		est := make([]results.Estimate, len(s.Points))
		for j, pt := range s.Points {
			xys[j] = plotter.XY{X: x.to(pt.X), Y: y.to(pt.Y.Center)}
			pos[j], est[j] = x.to(pt.X), y.est(pt.Y)
		}
		// Values were checked finite, so NewLine cannot fail.
		line, _ := plotter.NewLine(xys)
		line.LineStyle = lineStyle
		dots := newEstimates(pos, est, false, glyph)
		ch.add(0, line, dots)
		ch.addLegend(s.Name, line, glyphThumb(glyph))
	}
	return ch
}
