package plot

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/addbench/addbench/results"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// count returns how many of the plotters added to panel i are a T.
func count[T gplot.Plotter](ch *Chart, i int) int {
	n := 0
	for _, p := range ch.layers[i] {
		if _, ok := p.(T); ok {
			n++
		}
	}
	return n
}

func legendNames(ch *Chart) []string {
	var names []string
	for _, e := range ch.legend {
		names = append(names, e.name)
	}
	return names
}

// rowLabels returns the category labels of panel i from top to bottom.
func rowLabels(ch *Chart, i int) []string {
	p := ch.panels[i]
	ticks := slices.Clone(p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max))
	slices.SortFunc(ticks, func(a, b gplot.Tick) int {
		switch {
		case a.Value > b.Value:
			return -1
		case a.Value < b.Value:
			return 1
		}
		return 0
	})
	var labels []string
	for _, t := range ticks {
		labels = append(labels, t.Label)
	}
	return labels
}

func bar(label string, v float64) Bar { return Bar{label, ci(v, 0.05)} }

func TestCostScale(t *testing.T) {
	tests := []struct {
		name    string
		panels  []Panel
		wantLog bool
	}{
		{"wide range", []Panel{{Bars: []Bar{bar("a", 0.5), bar("b", 100)}}}, true},
		{"narrow range", []Panel{{Bars: []Bar{bar("a", 10), bar("b", 50)}}}, false},
		{"wide only across panels", []Panel{{Bars: []Bar{bar("a", 1)}}, {Bars: []Bar{bar("a", 100)}}}, true},
		{"zero", []Panel{{Bars: []Bar{{"a", results.Exact(0)}, bar("b", 100)}}}, false},
		{"negative", []Panel{{Bars: []Bar{{"a", results.Exact(-1)}, bar("b", 100)}}}, false},
		{"interval reaching zero", []Panel{{Bars: []Bar{{"a", est(1, 0, 2)}, bar("b", 100)}}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Cost("", tc.panels, "")
			if err != nil {
				t.Fatal(err)
			}
			if ch.x.log != tc.wantLog {
				t.Errorf("log = %v, want %v", ch.x.log, tc.wantLog)
			}
			first := ch.panels[0].X
			for i, p := range ch.panels {
				if got := strings.Contains(p.X.Label.Text, "log scale"); got != tc.wantLog {
					t.Errorf("panel %d: axis label %q; want it to mention a log scale: %v", i, p.X.Label.Text, tc.wantLog)
				}
				// One value axis for all panels, so rows compare across them.
				if p.X.Min != first.Min || p.X.Max != first.Max {
					t.Errorf("panel %d: range [%g, %g], panel 0 [%g, %g]", i, p.X.Min, p.X.Max, first.Min, first.Max)
				}
			}
			if !tc.wantLog && first.Min > 0 {
				t.Errorf("linear axis starts at %g, want it to include zero", first.Min)
			}
		})
	}
}

func TestCategoryRows(t *testing.T) {
	// Not alphabetical, and the second panel has a style the first lacks.
	panels := []Panel{
		{Title: "mode=private", Bars: []Bar{bar("sequential.loop", 1), bar("coop.gil", 2), bar("async.executor", 3)}},
		{Title: "mode=shared", Bars: []Bar{bar("async.executor", 4), bar("preempt.racy", 5), bar("sequential.loop", 6)}},
	}
	ch, err := Cost("", panels, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sequential.loop", "coop.gil", "async.executor", "preempt.racy"}
	if got := rowLabels(ch, 0); !slices.Equal(got, want) {
		t.Errorf("rows top to bottom = %q, want %q", got, want)
	}
	// Only the leftmost panel names the rows.
	if got := rowLabels(ch, 1); !slices.Equal(got, []string{"", "", "", ""}) {
		t.Errorf("second panel's row labels = %q, want none", got)
	}
	// Each dot sits on its own style's row in every panel.
	rowOf := make(map[string]float64)
	for _, tick := range ch.panels[0].Y.Tick.Marker.Ticks(0, 0) {
		rowOf[tick.Label] = tick.Value
	}
	for i, panel := range panels {
		var dots *estimates
		for _, p := range ch.layers[i] {
			if d, ok := p.(*estimates); ok {
				dots = d
			}
		}
		for j, b := range panel.Bars {
			if dots.pos[j] != rowOf[b.Label] || dots.est[j] != ch.x.est(b.Value) {
				t.Errorf("panel %d: %s drawn at row %g value %v; want row %g value %v",
					i, b.Label, dots.pos[j], dots.est[j], rowOf[b.Label], b.Value)
			}
		}
	}
}

func TestCostReference(t *testing.T) {
	both := []Panel{
		{Title: "mode=private", Bars: []Bar{bar("sequential.loop", 1), bar("coop.gil", 20)}},
		{Title: "mode=shared", Bars: []Bar{bar("sequential.loop", 2), bar("coop.gil", 40)}},
	}
	one := []Panel{both[0], {Title: "mode=shared", Bars: []Bar{bar("coop.gil", 40)}}}
	tests := []struct {
		name      string
		panels    []Panel
		reference string
		lines     []int // reference lines per panel
	}{
		{"in both panels", both, "sequential.loop", []int{1, 1}},
		{"in one panel", one, "sequential.loop", []int{1, 0}},
		{"none asked", both, "", []int{0, 0}},
		{"absent", both, "sequential.interleave", []int{0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Cost("", tc.panels, tc.reference)
			if err != nil {
				t.Fatal(err)
			}
			drawn := false
			for i, want := range tc.lines {
				if got := count[*refLine](ch, i); got != want {
					t.Errorf("panel %d: %d reference lines, want %d", i, got, want)
				}
				for _, p := range ch.layers[i] {
					if r, ok := p.(*refLine); ok {
						drawn = true
						if want := ch.x.to(tc.panels[i].Bars[0].Value.Center); r.value != want {
							t.Errorf("panel %d: reference line at %g, want %g", i, r.value, want)
						}
					}
				}
			}
			wantLegend := []string{"median, 95 % CI"}
			if drawn {
				wantLegend = append(wantLegend, tc.reference+" (reference)")
			}
			if got := legendNames(ch); !slices.Equal(got, wantLegend) {
				t.Errorf("legend = %q, want %q", got, wantLegend)
			}
		})
	}
}

func TestChangeBand(t *testing.T) {
	panels := []Panel{{Title: "mode=shared", Bars: []Bar{bar("a", 1), bar("b", 1000)}}}
	tests := []struct {
		threshold float64
		legend    []string
	}{
		{0, []string{"median change, confidence interval"}},
		{5, []string{"median change, confidence interval", "±5 % threshold"}},
		{2.5, []string{"median change, confidence interval", "±2.5 % threshold"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.threshold), func(t *testing.T) {
			ch, err := Change("", panels, tc.threshold)
			if err != nil {
				t.Fatal(err)
			}
			if ch.x.log {
				t.Errorf("change axis is log; want linear, since changes can be negative")
			}
			p := ch.panels[0]
			if p.X.Min > -tc.threshold || p.X.Max < 1000 {
				t.Errorf("axis [%g, %g] does not show the band and the data", p.X.Min, p.X.Max)
			}
			wantBands := 0
			if tc.threshold > 0 {
				wantBands = 1
			}
			if got := count[*band](ch, 0); got != wantBands {
				t.Errorf("%d bands, want %d", got, wantBands)
			}
			for _, l := range ch.layers[0] {
				if b, ok := l.(*band); ok && (b.lo != -tc.threshold || b.hi != tc.threshold) {
					t.Errorf("band [%g, %g], want ±%g", b.lo, b.hi, tc.threshold)
				}
			}
			if got := count[*refLine](ch, 0); got != 1 {
				t.Errorf("%d zero lines, want 1", got)
			}
			if got := legendNames(ch); !slices.Equal(got, tc.legend) {
				t.Errorf("legend = %q, want %q", got, tc.legend)
			}
		})
	}
}

// procSeries returns n series of ns/add at each GOMAXPROCS in procs.
func procSeries(n int, procs ...float64) []Series {
	var out []Series
	for i := range n {
		s := Series{Name: fmt.Sprintf("style%d", i)}
		for _, p := range procs {
			s.Points = append(s.Points, Point{p, ci(p, 0.05)}) // a speedup of p at p Ps
		}
		out = append(out, s)
	}
	return out
}

func TestSpeedupChart(t *testing.T) {
	tests := []struct {
		name   string
		series []Series
		log    bool
	}{
		{"few procs", procSeries(3, 1, 2, 4, 8), false},
		{"many procs", procSeries(3, 1, 2, 4, 8, 16, 32, 64), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Speedup("", tc.series)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"style0", "style1", "style2", "ideal (linear speedup)"}
			if got := legendNames(ch); !slices.Equal(got, want) {
				t.Errorf("legend = %q, want %q", got, want)
			}
			if got := count[*plotter.Line](ch, 0); got != 4 {
				t.Errorf("%d lines, want 3 series and the ideal", got)
			}
			if got := count[*estimates](ch, 0); got != 3 {
				t.Errorf("%d sets of whiskers, want 3", got)
			}
			if ch.x.log != tc.log || ch.y.log != tc.log {
				t.Errorf("log x, y = %v, %v; want %v", ch.x.log, ch.y.log, tc.log)
			}
			// The ideal line runs from (1, 1) to (max, max), and lies under the data.
			ideal := ch.layers[0][1].(*plotter.Line)
			procs := tc.series[0].Points
			last := procs[len(procs)-1].X
			first, end := ideal.XYs[0], ideal.XYs[len(ideal.XYs)-1]
			if ch.x.from(first.X) != 1 || !closeTo(ch.y.from(first.Y), 1) || !closeTo(ch.x.from(end.X), last) || !closeTo(ch.y.from(end.Y), last) {
				t.Errorf("ideal line from %v to %v, want (1, 1) to (%g, %g) in axis coordinates", first, end, last, last)
			}
			// The speedups given are drawn as they are.
			dots := ch.layers[0][3].(*estimates)
			for j, p := range procs {
				if got := ch.y.from(dots.est[j].Center); !closeTo(got, p.X) {
					t.Errorf("speedup at %g = %g, want %g", p.X, got, p.X)
				}
			}
		})
	}
}

func TestQuantumScales(t *testing.T) {
	quanta := func(qs ...float64) []Series {
		s := Series{Name: "coop.green"}
		for _, q := range qs {
			s.Points = append(s.Points, Point{q, ci(0.3+20/(q+1), 0.05)})
		}
		return []Series{s}
	}
	tests := []struct {
		name       string
		series     []Series
		logX, logY bool
		ticks      []string
	}{
		{"1 to 4096", quanta(1, 16, 256, 4096), true, true, []string{"1", "16", "256", "4096"}},
		{"narrow y", quanta(64, 128, 256), true, false, []string{"64", "128", "256"}},
		{"one quantum", quanta(64), false, false, []string{"64"}},
		{"quantum zero", quanta(0, 1, 4), false, false, []string{"0", "1", "4"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Quantum("", tc.series)
			if err != nil {
				t.Fatal(err)
			}
			if ch.x.log != tc.logX || ch.y.log != tc.logY {
				t.Errorf("log x, y = %v, %v; want %v, %v", ch.x.log, ch.y.log, tc.logX, tc.logY)
			}
			p := ch.panels[0]
			var ticks []string
			for _, tick := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
				ticks = append(ticks, tick.Label)
			}
			if !slices.Equal(ticks, tc.ticks) {
				t.Errorf("x ticks = %q, want the quanta %q", ticks, tc.ticks)
			}
			if got := count[*plotter.Line](ch, 0); got != 1 {
				t.Errorf("%d lines, want 1", got)
			}
		})
	}
}

func TestSeriesStylesDistinct(t *testing.T) {
	// Every style the registry has, and many more, can be told apart.
	const n = 70
	seen := make(map[string]int)
	for i := range n {
		line, glyph := seriesStyle(i)
		key := fmt.Sprintf("%v %v %T", line.Color, line.Dashes, glyph.Shape)
		if j, ok := seen[key]; ok {
			t.Fatalf("series %d and %d look the same: %s", j, i, key)
		}
		seen[key] = i
	}
}

func TestLongNames(t *testing.T) {
	long := strings.Repeat("lockfree.striped.", 12) + "end"
	panels := []Panel{{Title: strings.Repeat("mode=", 20), Bars: []Bar{bar(long, 1), bar("sequential.loop", 2)}}}
	cost, err := Cost(strings.Repeat("A very long title ", 20), panels, long)
	if err != nil {
		t.Fatal(err)
	}
	quantum, err := Quantum("", []Series{{long, []Point{{1, results.Exact(1)}, {4, results.Exact(0.5)}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []*Chart{cost, quantum} {
		for _, name := range legendNames(ch) {
			if n := utf8.RuneCountInString(name); n > MaxLabel {
				t.Errorf("legend entry of %d characters: %q", n, name)
			}
		}
		l := ch.layout(testCanvas(ch))
		if w := titleStyle().Width(l.titleText); w > ch.width {
			t.Errorf("title %q is %v wide, chart %v", l.titleText, w, ch.width)
		}
		// The data still get most of the room.
		if d := ch.panels[0].DataCanvas(l.panels[0]); d.Max.X-d.Min.X < ch.width/3 {
			t.Errorf("data area only %v wide in a %v chart", d.Max.X-d.Min.X, ch.width)
		}
	}
	if got := rowLabels(cost, 0)[0]; utf8.RuneCountInString(got) != MaxLabel || !strings.HasPrefix(got, "lockfree.") || !strings.HasSuffix(got, "end") {
		t.Errorf("long row label drawn as %q; want it shortened in the middle to %d characters", got, MaxLabel)
	}
}

func testCanvas(ch *Chart) draw.Canvas {
	return draw.NewCanvas(new(recorder.Canvas), ch.width, ch.height)
}

func closeTo(a, b float64) bool { return a == b || (a-b)*(a-b) <= 1e-18*b*b }

func TestLayout(t *testing.T) {
	charts := append(goldenCharts, struct {
		name  string
		build func() (*Chart, error)
	}{"thirty series", func() (*Chart, error) { return Quantum("", procSeries(30, 1, 4, 16)) }})
	for _, tc := range charts {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			if ch.width < 8*vg.Inch || ch.height < 5*vg.Inch {
				t.Errorf("chart is %v × %v, want at least 8 × 5 in", ch.width, ch.height)
			}
			c := testCanvas(ch)
			l := ch.layout(c)
			if len(l.entries) != len(ch.legend) {
				t.Errorf("%d legend entries placed, want %d", len(l.entries), len(ch.legend))
			}
			var data []vg.Rectangle
			for i, p := range ch.panels {
				data = append(data, p.DataCanvas(l.panels[i]).Rectangle)
			}
			for _, e := range l.entries {
				if !inside(e.at, c.Rectangle) {
					t.Errorf("legend entry %q at %v falls off the %v chart", e.entry.name, e.at, c.Rectangle)
				}
				for i, d := range data {
					if overlap(e.at, d) {
						t.Errorf("legend entry %q at %v covers the data of panel %d at %v", e.entry.name, e.at, i, d)
					}
				}
			}
			// Side-by-side panels have data areas of one size and level.
			for i, d := range data {
				if !closeTo(float64(d.Size().X), float64(data[0].Size().X)) || !closeTo(float64(d.Min.Y), float64(data[0].Min.Y)) || !closeTo(float64(d.Max.Y), float64(data[0].Max.Y)) {
					t.Errorf("panel %d data area %v, panel 0 %v", i, d, data[0])
				}
				if i > 0 && d.Min.X < data[i-1].Max.X {
					t.Errorf("panel %d data area %v overlaps panel %d's %v", i, d, i-1, data[i-1])
				}
			}
		})
	}
}

func overlap(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

func inside(a, b vg.Rectangle) bool {
	return a.Min.X >= b.Min.X && a.Max.X <= b.Max.X && a.Min.Y >= b.Min.Y && a.Max.Y <= b.Max.Y
}

func TestPrimitivesChart(t *testing.T) {
	panels := []Panel{
		{Title: "GOMAXPROCS=1", Bars: []Bar{{"sum", results.Exact(0.3)}, {"mutex", results.Exact(17)}, {"chan", results.Exact(230)}}},
		{Title: "GOMAXPROCS=2", Bars: []Bar{{"sum", results.Exact(0.3)}, {"mutex", results.Exact(18)}, {"chan", results.Exact(250)}}},
	}
	ch, err := Primitives("", panels)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.panels) != 2 || ch.title == "" {
		t.Fatalf("%d panels, title %q; want 2 and a default title", len(ch.panels), ch.title)
	}
	for i, p := range ch.panels {
		// ns/op, not ns/add; a range of 800x makes it logarithmic.
		if !strings.HasPrefix(p.X.Label.Text, "ns/op") || !strings.Contains(p.X.Label.Text, "log scale") {
			t.Errorf("panel %d: axis label %q, want ns/op on a log scale", i, p.X.Label.Text)
		}
	}
	if len(ch.legend) != 1 {
		t.Errorf("%d legend entries, want 1 (no reference line)", len(ch.legend))
	}
	if _, err := Primitives("", nil); !errors.Is(err, ErrNoData) {
		t.Errorf("Primitives of nothing: %v, want ErrNoData", err)
	}
}

// TestSpeedupOversubscribed: GOMAXPROCS beyond the usable CPUs are shaded,
// from the usable count to the right edge, and named in the legend; with no
// GOMAXPROCS beyond them, or the count unknown, nothing is.
func TestSpeedupOversubscribed(t *testing.T) {
	tests := []struct {
		name   string
		procs  []float64
		usable int
		band   bool
	}{
		{"beyond", []float64{1, 2, 4, 8}, 2, true},
		{"beyond, log axis", []float64{1, 2, 4, 8, 16, 32, 64}, 4, true},
		{"at most", []float64{1, 2, 4}, 4, false},
		{"unknown", []float64{1, 2, 4}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := SpeedupOn("", procSeries(2, tc.procs...), tc.usable)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"style0", "style1", "ideal (linear speedup)"}
			if tc.band {
				want = append(want, fmt.Sprintf("oversubscribed: Ps > %d usable CPUs", tc.usable))
			}
			if got := legendNames(ch); !slices.Equal(got, want) {
				t.Errorf("legend = %q, want %q", got, want)
			}
			var bands []*band
			for _, l := range ch.layers[0] {
				if b, ok := l.(*band); ok {
					bands = append(bands, b)
				}
			}
			if !tc.band {
				if len(bands) != 0 {
					t.Errorf("%d bands, want none", len(bands))
				}
				return
			}
			if len(bands) != 1 {
				t.Fatalf("%d bands, want 1", len(bands))
			}
			b := bands[0]
			if !b.alongX || !closeTo(ch.x.from(b.lo), float64(tc.usable)) || !math.IsInf(b.hi, 1) {
				t.Errorf("band from %g to %g (along x: %v), want from GOMAXPROCS %d to the edge", ch.x.from(b.lo), b.hi, b.alongX, tc.usable)
			}
			// Under the data: before every line and whisker.
			if i := slices.IndexFunc(ch.layers[0], func(p gplot.Plotter) bool { _, ok := p.(*plotter.Line); return ok }); i < slices.Index(ch.layers[0], gplot.Plotter(b)) {
				t.Error("the band is drawn over a line")
			}
			// And it draws: a fill in its colour from GOMAXPROCS usable to
			// the right edge of the data area.
			rec := new(recorder.Canvas)
			c := draw.NewCanvas(rec, ch.width, ch.height)
			ch.Draw(c)
			l := ch.layout(c)
			d := ch.panels[0].DataCanvas(l.panels[0])
			trX, _ := ch.panels[0].Transforms(&d)
			wantLo, wantHi := trX(ch.x.to(float64(tc.usable))), d.Max.X
			found := false
			for i, a := range rec.Actions[:len(rec.Actions)-1] {
				sc, ok := a.(*recorder.SetColor)
				f, ok2 := rec.Actions[i+1].(*recorder.Fill)
				if !ok || !ok2 || sc.Color != oversubscribedColor {
					continue
				}
				lo, hi := vg.Length(math.Inf(1)), vg.Length(math.Inf(-1))
				for _, pc := range f.Path {
					if pc.Type == vg.MoveComp || pc.Type == vg.LineComp {
						lo, hi = min(lo, pc.Pos.X), max(hi, pc.Pos.X)
					}
				}
				found = found || (math.Abs(float64(lo-wantLo)) < 0.01 && math.Abs(float64(hi-wantHi)) < 0.01)
			}
			if !found {
				t.Errorf("no fill in the band's colour from x = %v to %v", wantLo, wantHi)
			}
		})
	}
}
