package plot

import (
	"image/color"
	"unicode/utf8"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Sizes of text, in points.
const (
	titleSize  = 15
	panelSize  = 12
	labelSize  = 11
	tickSize   = 10
	legendSize = 10
)

// MaxLabel is the longest style or series name, in characters, drawn in
// full. Longer names are shortened in the middle with an ellipsis, keeping
// the family prefix and the distinguishing end, so one long name cannot
// squeeze the data out of the chart.
const MaxLabel = 40

// sans returns the sans-serif face at size points. The face is embedded in
// gonum/plot, so images are the same on every machine.
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// newPlot returns a gonum plot with addbench's fonts and no title.
func newPlot() *gplot.Plot {
	p := gplot.New()
	p.Title.TextStyle.Font = sans(panelSize)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*gplot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(labelSize)
		a.Tick.Label.Font = sans(tickSize)
	}
	return p
}

// palette is matplotlib's "tab10": ten hues that stay apart for most
// colour-blind readers and print well on white.
var palette = []color.Color{
	rgb(0x1f, 0x77, 0xb4), // blue
	rgb(0xff, 0x7f, 0x0e), // orange
	rgb(0x2c, 0xa0, 0x2c), // green
	rgb(0xd6, 0x27, 0x28), // red
	rgb(0x94, 0x67, 0xbd), // purple
	rgb(0x8c, 0x56, 0x4b), // brown
	rgb(0xe3, 0x77, 0xc2), // pink
	rgb(0x7f, 0x7f, 0x7f), // grey
	rgb(0xbc, 0xbd, 0x22), // olive
	rgb(0x17, 0xbe, 0xcf), // cyan
}

// glyphs has seven shapes: seven is prime to the ten colours, so the
// (colour, shape) pair of series i repeats only after 70 series.
var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{},
	draw.SquareGlyph{},
	draw.PyramidGlyph{},
	draw.CrossGlyph{},
	draw.RingGlyph{},
	draw.BoxGlyph{},
	draw.TriangleGlyph{},
}

// dashes is the line pattern of each run of len(palette) series: solid first,
// then dashed, then dotted, so a repeated colour still has a different line.
var dashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(1.5), vg.Points(2)},
	{vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)},
}

var (
	ink       = color.Gray{0x20}           // dots and whiskers of single-colour charts
	refInk    = rgb(0xd6, 0x27, 0x28)      // reference lines
	idealInk  = color.Gray{0x60}           // the ideal-speedup line
	gridInk   = color.Gray{0xd8}           // grid lines
	bandColor = color.NRGBA{0, 0, 0, 0x18} // the ±threshold band
	// oversubscribedColor shades GOMAXPROCS beyond the usable CPUs: warm,
	// so that it is not read as the grey threshold band of a change chart.
	oversubscribedColor = color.NRGBA{0xd6, 0x60, 0x00, 0x1c}
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 0xff} }

// seriesStyle returns the line and glyph style of the i'th series.
func seriesStyle(i int) (draw.LineStyle, draw.GlyphStyle) {
	c := palette[i%len(palette)]
	line := draw.LineStyle{
		Color:  c,
		Width:  vg.Points(1.5),
		Dashes: dashes[(i/len(palette))%len(dashes)],
	}
	glyph := draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: glyphs[i%len(glyphs)]}
	return line, glyph
}

// fitText returns s, or s cut in the middle so that it is no wider than
// width in sty.
func fitText(s string, sty text.Style, width vg.Length) string {
	r := []rune(s)
	for n := len(r); sty.Width(s) > width && n > 1; n-- {
		s = string(r[:n/2]) + "…" + string(r[len(r)-(n-1-n/2):])
	}
	return s
}

// shorten returns s, or s cut in the middle to MaxLabel characters.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= MaxLabel {
		return s
	}
	r := []rune(s)
	head := (MaxLabel - 1) / 2
	tail := MaxLabel - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
