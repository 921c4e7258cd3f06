package plot

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/addbench/addbench/results"
)

// A Bar is one labelled value on a category axis, e.g. one style's ns/add.
type Bar struct {
	Label string
	Value results.Estimate // a median and its 95 % interval
}

// A Panel is a titled group of bars drawn side by side with the chart's other
// panels, e.g. one benchmark mode. Bars appear top to bottom in the given order.
type Panel struct {
	Title string // e.g. "mode=private"
	Bars  []Bar
}

// A Point is one measurement of a Series: Y measured at X.
type Point struct {
	X float64
	Y results.Estimate
}

// A Series is a named line of points, e.g. one style's ns/add by quantum.
// Points need not be sorted; the chart sorts them by X.
type Series struct {
	Name   string
	Points []Point
}

// ErrNoData means a chart was given nothing to draw: no panels or series, or
// a panel or series with nothing in it.
var ErrNoData = errors.New("no data")

// ErrBadValue means a value cannot be drawn: NaN, an infinite center, an
// interval that does not contain its center, or a value the chart's
// arithmetic cannot use (such as a non-positive time in a speedup).
var ErrBadValue = errors.New("bad value")

// ErrDuplicate means two bars of a panel, two series, or two points of a
// series would be drawn in the same place and could not be told apart.
var ErrDuplicate = errors.New("duplicate")

// A DataError reports input a chart cannot draw. Err is one of [ErrNoData],
// [ErrBadValue] or [ErrDuplicate], possibly wrapped with detail, so callers
// can test it with errors.Is.
type DataError struct {
	Chart string // the chart being built, e.g. "cost"
	Where string // the offending item, e.g. `panel "mode=shared", bar "lockfree.cas"`; empty for the whole input
	Err   error
}

// Error returns the message, e.g.
// `plotting cost chart: panel "mode=shared", bar "a": bad value: NaN in ...`.
func (e *DataError) Error() string {
	if e.Where == "" {
		return fmt.Sprintf("plotting %s chart: %v", e.Chart, e.Err)
	}
	return fmt.Sprintf("plotting %s chart: %s: %v", e.Chart, e.Where, e.Err)
}

// Unwrap returns Err, so errors.Is can find the sentinel.
func (e *DataError) Unwrap() error { return e.Err }

// checkEstimate reports why e cannot be drawn, or nil. Lo ≤ Center ≤ Hi
// must hold; a bound may be infinite — benchmath reports ±Inf when there are
// too few samples for an interval — and its whisker then runs to the edge of
// the panel without a cap.
func checkEstimate(e results.Estimate) error {
	switch {
	case math.IsNaN(e.Center) || math.IsNaN(e.Lo) || math.IsNaN(e.Hi):
		return fmt.Errorf("%w: NaN in %s", ErrBadValue, estimateText(e))
	case math.IsInf(e.Center, 0):
		return fmt.Errorf("%w: infinite center in %s", ErrBadValue, estimateText(e))
	case !e.Contains(e.Center):
		return fmt.Errorf("%w: interval does not contain its center in %s", ErrBadValue, estimateText(e))
	}
	return nil
}

// estimateText formats e as "center [lo, hi]".
func estimateText(e results.Estimate) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	return f(e.Center) + " [" + f(e.Lo) + ", " + f(e.Hi) + "]"
}

// checkPanels validates the input of a panel chart.
func checkPanels(chart string, panels []Panel) error {
	if len(panels) == 0 {
		return &DataError{Chart: chart, Err: fmt.Errorf("%w: no panels", ErrNoData)}
	}
	for _, p := range panels {
		where := fmt.Sprintf("panel %q", p.Title)
		if len(p.Bars) == 0 {
			return &DataError{Chart: chart, Where: where, Err: fmt.Errorf("%w: no bars", ErrNoData)}
		}
		seen := make(map[string]bool, len(p.Bars))
		for _, b := range p.Bars {
			where := fmt.Sprintf("%s, bar %q", where, b.Label)
			if seen[b.Label] {
				return &DataError{Chart: chart, Where: where, Err: fmt.Errorf("%w: label appears twice", ErrDuplicate)}
			}
			seen[b.Label] = true
			if err := checkEstimate(b.Value); err != nil {
				return &DataError{Chart: chart, Where: where, Err: err}
			}
		}
	}
	return nil
}

// checkSeries validates the input of a series chart and returns a copy whose
// points are sorted by X.
func checkSeries(chart string, series []Series) ([]Series, error) {
	if len(series) == 0 {
		return nil, &DataError{Chart: chart, Err: fmt.Errorf("%w: no series", ErrNoData)}
	}
	out := make([]Series, len(series))
	seen := make(map[string]bool, len(series))
	for i, s := range series {
		where := fmt.Sprintf("series %q", s.Name)
		if seen[s.Name] {
			return nil, &DataError{Chart: chart, Where: where, Err: fmt.Errorf("%w: name appears twice", ErrDuplicate)}
		}
		seen[s.Name] = true
		if len(s.Points) == 0 {
			return nil, &DataError{Chart: chart, Where: where, Err: fmt.Errorf("%w: no points", ErrNoData)}
		}
		pts := slices.Clone(s.Points)
		slices.SortFunc(pts, func(a, b Point) int { return cmp.Compare(a.X, b.X) })
		for j, p := range pts {
			where := fmt.Sprintf("%s, x=%g", where, p.X)
			if math.IsNaN(p.X) || math.IsInf(p.X, 0) {
				return nil, &DataError{Chart: chart, Where: where, Err: fmt.Errorf("%w: x is not finite", ErrBadValue)}
			}
			if j > 0 && pts[j-1].X == p.X {
				return nil, &DataError{Chart: chart, Where: where, Err: fmt.Errorf("%w: x appears twice", ErrDuplicate)}
			}
			if err := checkEstimate(p.Y); err != nil {
				return nil, &DataError{Chart: chart, Where: where, Err: err}
			}
		}
		out[i] = Series{Name: s.Name, Points: pts}
	}
	return out, nil
}
