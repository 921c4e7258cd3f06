package plot

import (
	"fmt"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A LevelBar is one style of the spectrum: a Bar and the level (0–5) that
// colours it.
type LevelBar struct {
	Bar
	Level int
}

// levelNames name the levels of the essay's spectrum in the legend.
var levelNames = []string{"0 sequential", "1 callback", "2 async", "3 coop", "4 preempt", "5 lockfree"}

// Spectrum draws the report's headline: one row per style in the order
// given (the registry's: by level), each a dot at its median multiple of
// unit's reference with a whisker over its interval, coloured by level, and
// a dashed line at 1×, the reference itself. The value axis is logarithmic
// when the values span more than LogRatio. An empty title gets a default.
func Spectrum(title, unit string, bars []LevelBar) (*Chart, error) {
	const chart = "spectrum"
	panel := Panel{}
	for _, b := range bars {
		panel.Bars = append(panel.Bars, b.Bar)
		if b.Level < 0 || b.Level >= 10 {
			return nil, &DataError{Chart: chart, Where: fmt.Sprintf("bar %q", b.Label), Err: fmt.Errorf("%w: level %d is not 0–9", ErrBadValue, b.Level)}
		}
	}
	panels := []Panel{panel}
	if err := checkPanels(chart, panels); err != nil {
		return nil, err
	}
	if title == "" {
		title = "Cost per add by style"
	}
	e := newExtent()
	e.add(1)
	for _, b := range bars {
		e.addEstimate(b.Value)
	}
	one := &refLine{alongX: true, line: draw.LineStyle{
		Color: refInk, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(5), vg.Points(3)},
	}}
	glyph := func(level int) draw.GlyphStyle {
		return draw.GlyphStyle{Color: palette[level%len(palette)], Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
	}
	ch, _ := categoryChart(title, unit, panels, e, scale{log: e.wantLog()}, func(ch *Chart, i int) {
		r := *one
		r.value = ch.x.to(1)
		ch.add(i, &r)
	}, func(_, j int) draw.GlyphStyle { return glyph(bars[j].Level) })
	seen := map[int]bool{}
	for _, b := range bars {
		if !seen[b.Level] {
			seen[b.Level] = true
			name := fmt.Sprintf("level %d", b.Level)
			if b.Level < len(levelNames) {
				name = "level " + levelNames[b.Level]
			}
			ch.addLegend(name, glyphThumb(glyph(b.Level)))
		}
	}
	ch.addLegend("1× (the reference)", one)
	// A headline beside a table: narrower than the other charts, the
	// legend in rows below.
	ch.width = 6 * vg.Inch
	return ch, nil
}
