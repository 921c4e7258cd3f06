package plot

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/addbench/addbench/results"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Cost draws ns/add per style: one panel per Panel (one per mode, say), the
// styles as rows in the order given, each a dot at the median with a whisker
// over its confidence interval. The panels share the value axis, so a row
// can be compared across panels; it is logarithmic when the values span more
// than LogRatio, and linear from zero otherwise. If reference names a bar
// (e.g. "sequential.loop"), each panel holding that bar gets a dashed line at
// its median. An empty title gets a default.
func Cost(title string, panels []Panel, reference string) (*Chart, error) {
	if title == "" {
		title = "Cost per add by style"
	}
	return costChart("cost", title, "ns/add", panels, reference)
}

// Primitives draws the raw mechanisms' cost, ns per operation, as Cost draws
// styles: one panel per Panel (one per GOMAXPROCS, say), one row per
// mechanism in the order given. An empty title gets a default.
func Primitives(title string, panels []Panel) (*Chart, error) {
	if title == "" {
		title = "Cost of each mechanism"
	}
	return costChart("primitives", title, "ns/op", panels, "")
}

func costChart(chart, title, unit string, panels []Panel, reference string) (*Chart, error) {
	if err := checkPanels(chart, panels); err != nil {
		return nil, err
	}
	e := newExtent()
	for _, p := range panels {
		for _, b := range p.Bars {
			e.addEstimate(b.Value)
		}
	}
	ref := &refLine{alongX: true, line: draw.LineStyle{
		Color: refInk, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(5), vg.Points(3)},
	}}
	drewRef := false
	ch, dots := categoryChart(title, unit, panels, e, scale{log: e.wantLog()}, func(ch *Chart, i int) {
		for _, b := range panels[i].Bars {
			if reference != "" && b.Label == reference {
				r := *ref
				r.value = ch.x.to(b.Value.Center)
				ch.add(i, &r)
				drewRef = true
			}
		}
	}, nil)
	ch.addLegend("median, 95 % CI", dots)
	if drewRef {
		ch.addLegend(reference+" (reference)", ref)
	}
	return ch, nil
}

// Change draws the percent change per style between two runs: one panel per
// Panel, the styles as rows in the order given, each a dot at the median
// change with a whisker over its interval, around a line at zero. The legend
// does not name a confidence level, since an interval for a change is often
// a conservative one built from the two runs' intervals.
// If threshold is positive, the band ±threshold percent — changes too small
// to count as regressions — is shaded. The value axis is always linear, since
// changes can be negative. An empty title gets a default.
func Change(title string, panels []Panel, threshold float64) (*Chart, error) {
	const chart = "change"
	if err := checkPanels(chart, panels); err != nil {
		return nil, err
	}
	if threshold < 0 || math.IsNaN(threshold) || math.IsInf(threshold, 0) {
		return nil, &DataError{Chart: chart, Where: "threshold", Err: fmt.Errorf("%w: %v is not a finite percentage ≥ 0", ErrBadValue, threshold)}
	}
	if title == "" {
		title = "Change between runs"
	}
	e := newExtent()
	e.add(0, -threshold, threshold)
	for _, p := range panels {
		for _, b := range p.Bars {
			e.addEstimate(b.Value)
		}
	}
	zero := &refLine{alongX: true, line: draw.LineStyle{Color: ink, Width: vg.Points(0.75)}}
	shade := &band{lo: -threshold, hi: threshold, alongX: true, fill: bandColor}
	ch, dots := categoryChart(title, "change (%)", panels, e, scale{}, func(ch *Chart, i int) {
		if threshold > 0 {
			ch.add(i, shade)
		}
		ch.add(i, zero)
	}, nil)
	ch.addLegend("median change, confidence interval", dots)
	if threshold > 0 {
		ch.addLegend("±"+strconv.FormatFloat(threshold, 'g', -1, 64)+" % threshold", shade)
	}
	return ch, nil
}

// categoryChart lays out the panels of Cost and Change. The rows are the
// union of the panels' labels in order of first appearance, top to bottom,
// named only on the leftmost panel; the value axis, shared by all panels,
// has scale xs and spans e. decorate adds what lies under the dots
// of panel i. It returns the chart and the dots' plotter of the last panel
// for the legend.
func categoryChart(title, valueLabel string, panels []Panel, e extent, xs scale, decorate func(ch *Chart, i int), glyph func(panel, bar int) draw.GlyphStyle) (*Chart, *estimates) {
	var labels []string
	row := make(map[string]int)
	for _, p := range panels {
		for _, b := range p.Bars {
			if _, ok := row[b.Label]; !ok {
				row[b.Label] = len(labels)
				labels = append(labels, b.Label)
			}
		}
	}
	n := len(labels)
	// y of the i'th label: the first label goes on top.
	y := func(label string) float64 { return float64(n - 1 - row[label]) }

	ch := newChart(title, len(panels))
	ch.x = xs
	// Room for every row at a legible spacing, and a wider chart for many panels.
	const rowHeight = 0.26 * vg.Inch
	ch.height = max(defaultHeight, vg.Length(n)*rowHeight+2*vg.Inch)
	if len(panels) > 2 {
		ch.width += vg.Length(len(panels)-2) * 3 * vg.Inch
	}

	var dots *estimates
	for i, panel := range panels {
		p := ch.panels[i]
		p.Title.Text = shorten(panel.Title)

		p.X.Label.Text = valueLabel + xs.note()
		xs.set(&p.X, e, true)

		ticks := make([]gplot.Tick, n)
		for j, l := range labels {
			ticks[j] = gplot.Tick{Value: y(l)}
			if i == 0 {
				ticks[j].Label = shorten(l)
			}
		}
		p.Y.Tick.Marker = gplot.ConstantTicks(ticks)
		p.Y.Tick.Length = 0
		p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
		p.Y.Padding = 0

		grid := plotter.NewGrid()
		grid.Vertical.Color = gridInk
		grid.Horizontal.Color = nil
		ch.add(i, grid, rowLines{rows: n, line: draw.LineStyle{Color: gridInk, Width: vg.Points(0.5)}})
		decorate(ch, i)

		dots = ch.addDots(i, panel.Bars, y, xs, func(j int) draw.GlyphStyle {
			if glyph != nil {
				return glyph(i, j)
			}
			return draw.GlyphStyle{Color: ink, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		})
	}
	return ch, dots
}

// addDots adds bars to panel i as dots with whiskers, bar j in glyph(j):
// one plotter per glyph, in order of first use. It returns the last.
func (ch *Chart) addDots(i int, bars []Bar, y func(string) float64, xs scale, glyph func(j int) draw.GlyphStyle) *estimates {
	var order []draw.GlyphStyle
	pos := map[int][]float64{}
	est := map[int][]results.Estimate{}
	for j, b := range bars {
		g := glyph(j)
		k := slices.IndexFunc(order, func(o draw.GlyphStyle) bool { return o == g })
		if k < 0 {
			k = len(order)
			order = append(order, g)
		}
		pos[k] = append(pos[k], y(b.Label))
		est[k] = append(est[k], xs.est(b.Value))
	}
	var dots *estimates
	for k, g := range order {
		dots = newEstimates(pos[k], est[k], true, g)
		ch.add(i, dots)
	}
	return dots
}

// Multiples draws costs as multiples of a reference mechanism — each style's
// ns/add ÷ its level's primitive's ns/op, say: one panel per Panel (one per
// level), the styles as rows in the order given, each a dot at the median
// with a whisker over its interval, and a dashed line at 1, the mechanism
// itself. unit labels the value axis. An empty title gets a default.
func Multiples(title, unit string, panels []Panel) (*Chart, error) {
	const chart = "multiples"
	if err := checkPanels(chart, panels); err != nil {
		return nil, err
	}
	if title == "" {
		title = "Cost as a multiple of the mechanism"
	}
	e := newExtent()
	e.add(1)
	for _, p := range panels {
		for _, b := range p.Bars {
			e.addEstimate(b.Value)
		}
	}
	one := &refLine{alongX: true, line: draw.LineStyle{
		Color: refInk, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(5), vg.Points(3)},
	}}
	ch, dots := categoryChart(title, unit, panels, e, scale{log: e.wantLog()}, func(ch *Chart, i int) {
		r := *one
		r.value = ch.x.to(1)
		ch.add(i, &r)
	}, nil)
	ch.addLegend("median, 95 % CI", dots)
	ch.addLegend("1× (the mechanism itself)", one)
	return ch, nil
}
