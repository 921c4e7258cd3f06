package plot

import (
	"fmt"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RatioByRun draws one benchmark's head ÷ base ratio over recorded A/B runs:
// run number along X (in the order given), the ratio with its interval up
// Y, a line at 1 (no change), and a dashed vertical line at every run in
// changes (indices into s.Points) where a change point was detected. Each
// point is a same-session ratio, so a step in the line is a change in the
// code or toolchain compared, not drift of the machine between sessions.
func RatioByRun(title string, s Series, changes []int) (*Chart, error) {
	const chart = "history"
	series, err := checkSeries(chart, []Series{s})
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		if c < 0 || c >= len(s.Points) {
			return nil, &DataError{Chart: chart, Where: "change points", Err: fmt.Errorf("%w: index %d is not a point of %d", ErrBadValue, c, len(s.Points))}
		}
	}
	if title == "" {
		title = "Ratio head ÷ base by run"
	}
	xs, xe := xValues(series)
	ye := newExtent()
	ye.add(1)
	for _, p := range series[0].Points {
		ye.addEstimate(p.Y)
	}
	x, y := scale{}, scale{log: ye.wantLog()}
	one := &refLine{value: y.to(1), line: draw.LineStyle{Color: idealInk, Width: vg.Points(1)}}
	var marks []*refLine
	for _, c := range changes {
		marks = append(marks, &refLine{value: x.to(s.Points[c].X), alongX: true,
			line: draw.LineStyle{Color: refInk, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}}})
	}
	ch := seriesChart(title, series, xs, xe, x, ye, y, one)
	for _, m := range marks {
		ch.add(0, m)
	}
	p := ch.panels[0]
	p.X.Label.Text = "A/B run"
	p.Y.Label.Text = "head ÷ base" + y.note()
	ch.addLegend("no change", one)
	if len(marks) > 0 {
		ch.addLegend("change point", marks[0])
	}
	ch.fitLegend()
	return ch, nil
}
