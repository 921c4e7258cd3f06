package plot

import (
	"errors"
	"github.com/addbench/addbench/results"
	"math"
	"strings"
	"testing"
)

func TestBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	bars := func(bs ...Bar) []Panel { return []Panel{{Title: "mode=shared", Bars: bs}} }
	series := func(pts ...Point) []Series { return []Series{{Name: "coop.gil", Points: pts}} }
	good := results.Exact(1)

	tests := []struct {
		name  string
		build func() (*Chart, error)
		want  error  // sentinel
		where string // names the offending item
	}{
		{"cost: no panels", func() (*Chart, error) { return Cost("", nil, "") }, ErrNoData, ""},
		{"cost: empty panel", func() (*Chart, error) { return Cost("", []Panel{{Title: "mode=shared"}}, "") }, ErrNoData, `panel "mode=shared"`},
		{"cost: NaN center", func() (*Chart, error) { return Cost("", bars(Bar{"a", est(nan, 1, 1)}), "") }, ErrBadValue, `bar "a"`},
		{"cost: NaN bound", func() (*Chart, error) { return Cost("", bars(Bar{"a", est(1, nan, 1)}), "") }, ErrBadValue, `bar "a"`},
		{"cost: infinite center", func() (*Chart, error) { return Cost("", bars(Bar{"a", est(inf, 1, inf)}), "") }, ErrBadValue, `bar "a"`},
		{"cost: interval above center", func() (*Chart, error) { return Cost("", bars(Bar{"a", est(1, 2, 3)}), "") }, ErrBadValue, `bar "a"`},
		{"cost: interval below center", func() (*Chart, error) { return Cost("", bars(Bar{"a", est(5, 2, 3)}), "") }, ErrBadValue, `bar "a"`},
		{"cost: duplicate label", func() (*Chart, error) { return Cost("", bars(Bar{"a", good}, Bar{"a", good}), "") }, ErrDuplicate, `bar "a"`},
		{"change: no panels", func() (*Chart, error) { return Change("", []Panel{}, 5) }, ErrNoData, ""},
		{"change: negative threshold", func() (*Chart, error) { return Change("", bars(Bar{"a", good}), -1) }, ErrBadValue, "threshold"},
		{"change: NaN threshold", func() (*Chart, error) { return Change("", bars(Bar{"a", good}), nan) }, ErrBadValue, "threshold"},
		{"change: bad bar", func() (*Chart, error) { return Change("", bars(Bar{"b", est(nan, 0, 0)}), 5) }, ErrBadValue, `bar "b"`},
		{"quantum: no series", func() (*Chart, error) { return Quantum("", nil) }, ErrNoData, ""},
		{"quantum: empty series", func() (*Chart, error) { return Quantum("", series()) }, ErrNoData, `series "coop.gil"`},
		{"quantum: NaN x", func() (*Chart, error) { return Quantum("", series(Point{nan, good})) }, ErrBadValue, `series "coop.gil"`},
		{"quantum: infinite x", func() (*Chart, error) { return Quantum("", series(Point{inf, good})) }, ErrBadValue, `series "coop.gil"`},
		{"quantum: duplicate x", func() (*Chart, error) { return Quantum("", series(Point{4, good}, Point{1, good}, Point{4, good})) }, ErrDuplicate, "x=4"},
		{"quantum: bad y", func() (*Chart, error) { return Quantum("", series(Point{4, est(1, 2, 0)})) }, ErrBadValue, "x=4"},
		{"quantum: duplicate series", func() (*Chart, error) {
			return Quantum("", append(series(Point{1, good}), series(Point{1, good})...))
		}, ErrDuplicate, `series "coop.gil"`},
		{"speedup: no series", func() (*Chart, error) { return Speedup("", nil) }, ErrNoData, ""},
		{"speedup: zero", func() (*Chart, error) { return Speedup("", series(Point{1, good}, Point{2, results.Exact(0)})) }, ErrBadValue, `series "coop.gil"`},
		{"speedup: negative", func() (*Chart, error) { return Speedup("", series(Point{1, results.Exact(-3)}, Point{2, good})) }, ErrBadValue, `series "coop.gil"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := tc.build()
			if err == nil {
				t.Fatalf("got a chart, want an error")
			}
			if ch != nil {
				t.Errorf("got a chart and an error")
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("error %q is not %q", err, tc.want)
			}
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("error %q is a %T, not a *DataError", err, err)
			}
			if !strings.Contains(de.Where, tc.where) {
				t.Errorf("error %q: Where = %q, want it to name %s", err, de.Where, tc.where)
			}
			if !strings.HasPrefix(err.Error(), "plotting "+de.Chart+" chart") {
				t.Errorf("error %q does not say which chart", err)
			}
		})
	}
}

// Open intervals, single points and unsorted points are valid input.
func TestGoodEdgeInput(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name  string
		build func() (*Chart, error)
	}{
		{"cost: open intervals", func() (*Chart, error) {
			return Cost("", []Panel{{Bars: []Bar{{"a", est(1, -inf, inf)}, {"b", est(2, 1, inf)}}}}, "")
		}},
		{"cost: all zero", func() (*Chart, error) { return Cost("", []Panel{{Bars: []Bar{{"a", results.Exact(0)}}}}, "") }},
		{"cost: negative", func() (*Chart, error) {
			return Cost("", []Panel{{Bars: []Bar{{"a", results.Exact(-2)}, {"b", results.Exact(3)}}}}, "")
		}},
		{"change: all zero, no threshold", func() (*Chart, error) { return Change("", []Panel{{Bars: []Bar{{"a", results.Exact(0)}}}}, 0) }},
		{"quantum: unsorted", func() (*Chart, error) {
			return Quantum("", []Series{{"a", []Point{{64, results.Exact(1)}, {1, results.Exact(9)}, {4, results.Exact(3)}}}})
		}},
		{"quantum: quantum zero", func() (*Chart, error) {
			return Quantum("", []Series{{"a", []Point{{0, results.Exact(1)}, {4, results.Exact(3)}}}})
		}},
		{"speedup: only GOMAXPROCS=1", func() (*Chart, error) { return Speedup("", []Series{{"a", []Point{{1, results.Exact(2)}}}}) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			var buf strings.Builder
			if err := ch.Encode(&buf, "svg"); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "<svg") {
				t.Errorf("Encode wrote no SVG")
			}
		})
	}
}

func closeEst(a, b results.Estimate) bool {
	c := func(x, y float64) bool { return x == y || math.Abs(x-y) <= 1e-12*math.Abs(y) }
	return c(a.Center, b.Center) && c(a.Lo, b.Lo) && c(a.Hi, b.Hi)
}

// A DataError names the chart, then the item when there is one, then the error.
func TestDataErrorMessage(t *testing.T) {
	err := errors.New("bad value: NaN")
	if got, want := (&DataError{Chart: "cost", Err: err}).Error(), "plotting cost chart: bad value: NaN"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got, want := (&DataError{Chart: "cost", Where: `bar "a"`, Err: err}).Error(), `plotting cost chart: bar "a": bad value: NaN`; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
