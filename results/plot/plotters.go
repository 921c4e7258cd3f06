package plot

import (
	"image/color"
	"math"

	"github.com/addbench/addbench/results"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters here are small because gonum's own do not quite fit:
// plotter.XErrorBars cannot draw an open (infinite) interval, and nothing
// in plotter draws a line or band across the whole data area.

// estimates draws each results.Estimate as a glyph at its center with a whisker over
// its interval. A whisker with an infinite bound runs to the edge of the data
// area and has no cap at that end.
type estimates struct {
	pos []float64          // where each estimate sits on the other axis: a row or an x
	est []results.Estimate // the values
	// alongX is true when values run along the X axis (category charts,
	// whiskers horizontal) and false when they run along Y (series charts).
	alongX bool
	glyph  draw.GlyphStyle
	line   draw.LineStyle
	cap    vg.Length
}

func newEstimates(pos []float64, est []results.Estimate, alongX bool, glyph draw.GlyphStyle) *estimates {
	return &estimates{
		pos:    pos,
		est:    est,
		alongX: alongX,
		glyph:  glyph,
		line:   draw.LineStyle{Color: glyph.Color, Width: vg.Points(1)},
		cap:    vg.Points(5),
	}
}

// Plot implements gplot.Plotter.
func (e *estimates) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	valueAxis, toValue, toPos := &p.Y, trY, trX
	if e.alongX {
		valueAxis, toValue, toPos = &p.X, trX, trY
	}
	// point maps (position, value) to canvas coordinates.
	point := func(pos, v vg.Length) vg.Point {
		if e.alongX {
			return vg.Point{X: v, Y: pos}
		}
		return vg.Point{X: pos, Y: v}
	}
	for i, est := range e.est {
		pos := toPos(e.pos[i])
		lo, hi := est.Lo, est.Hi
		if math.IsInf(lo, -1) {
			lo = valueAxis.Min
		}
		if math.IsInf(hi, 1) {
			hi = valueAxis.Max
		}
		vlo, vhi := toValue(lo), toValue(hi)
		if vlo != vhi {
			a, b := point(pos, vlo), point(pos, vhi)
			c.StrokeLine2(e.line, a.X, a.Y, b.X, b.Y)
			if !math.IsInf(est.Lo, 0) {
				e.drawCap(&c, point, pos, vlo)
			}
			if !math.IsInf(est.Hi, 0) {
				e.drawCap(&c, point, pos, vhi)
			}
		}
		c.DrawGlyph(e.glyph, point(pos, toValue(est.Center)))
	}
}

func (e *estimates) drawCap(c *draw.Canvas, point func(pos, v vg.Length) vg.Point, pos, v vg.Length) {
	a, b := point(pos-e.cap/2, v), point(pos+e.cap/2, v)
	c.StrokeLine2(e.line, a.X, a.Y, b.X, b.Y)
}

// Thumbnail implements gplot.Thumbnailer: a whisker with caps around a glyph.
func (e *estimates) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	x0, x1 := c.Min.X+vg.Points(2), c.Max.X-vg.Points(2)
	c.StrokeLine2(e.line, x0, y, x1, y)
	c.StrokeLine2(e.line, x0, y-e.cap/2, x0, y+e.cap/2)
	c.StrokeLine2(e.line, x1, y-e.cap/2, x1, y+e.cap/2)
	c.DrawGlyph(e.glyph, c.Center())
}

// glyphThumb draws only a glyph, for the legends of series charts, whose line
// thumbnail already shows the colour.
type glyphThumb draw.GlyphStyle

// Thumbnail implements gplot.Thumbnailer.
func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(draw.GlyphStyle(g), c.Center()) }

// refLine is a straight line across the whole data area at a value: vertical
// at x = value when alongX, horizontal at y = value otherwise.
type refLine struct {
	value  float64
	alongX bool
	line   draw.LineStyle
}

// Plot implements gplot.Plotter.
func (r *refLine) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	if r.alongX {
		x := trX(r.value)
		c.StrokeLine2(r.line, x, c.Min.Y, x, c.Max.Y)
		return
	}
	y := trY(r.value)
	c.StrokeLine2(r.line, c.Min.X, y, c.Max.X, y)
}

// Thumbnail implements gplot.Thumbnailer.
func (r *refLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(r.line, c.Min.X, y, c.Max.X, y)
}

// band shades the span [lo, hi] of the value axis across the whole data area;
// hi +Inf runs to the edge of the data area.
type band struct {
	lo, hi float64
	alongX bool
	fill   color.Color
}

// Plot implements gplot.Plotter.
func (b *band) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	r := c.Rectangle
	if b.alongX {
		r.Min.X = trX(b.lo)
		if !math.IsInf(b.hi, 1) {
			r.Max.X = trX(b.hi)
		}
	} else {
		r.Min.Y = trY(b.lo)
		if !math.IsInf(b.hi, 1) {
			r.Max.Y = trY(b.hi)
		}
	}
	c.SetColor(b.fill)
	c.Fill(r.Path())
}

// Thumbnail implements gplot.Thumbnailer.
func (b *band) Thumbnail(c *draw.Canvas) {
	c.SetColor(b.fill)
	c.Fill(c.Rectangle.Path())
}

// rowLines draws a faint line along each category row, so the eye can follow
// a row from its label to its dot across the panels.
type rowLines struct {
	rows int
	line draw.LineStyle
}

// Plot implements gplot.Plotter.
func (g rowLines) Plot(c draw.Canvas, p *gplot.Plot) {
	_, trY := p.Transforms(&c)
	for i := range g.rows {
		y := trY(float64(i))
		c.StrokeLine2(g.line, c.Min.X, y, c.Max.X, y)
	}
}
