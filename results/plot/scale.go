package plot

import "fmt"

// Scale draws one measure against the number of concurrent programs, one
// line per Series (style), each point the median with a whisker over its
// interval: the "1 million tasks" chart. unit labels the Y axis, e.g.
// "ns/program" or "B/program". Both axes are logarithmic when every value is
// positive (programs go in powers of ten from 1 to 10^6), and linear
// otherwise. An empty title gets a default.
func Scale(title, unit string, series []Series) (*Chart, error) {
	const chart = "scale"
	series, err := checkSeries(chart, series)
	if err != nil {
		return nil, err
	}
	if unit == "" {
		return nil, &DataError{Chart: chart, Err: fmt.Errorf("%w: no unit", ErrNoData)}
	}
	if title == "" {
		title = unit + " by concurrent programs"
	}
	xs, xe := xValues(series)
	ye := newExtent()
	for _, s := range series {
		for _, p := range s.Points {
			ye.addEstimate(p.Y)
		}
	}
	x, y := scale{log: xe.canLog()}, scale{log: ye.canLog()}
	ch := seriesChart(title, series, xs, xe, x, ye, y)
	p := ch.panels[0]
	p.X.Label.Text = "concurrent programs" + x.note()
	p.Y.Label.Text = unit + y.note()
	ch.fitLegend()
	return ch, nil
}
