package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/addbench/addbench/internal/atomicfile"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// formats are the file formats Save writes, as file extensions.
var formats = []string{"png", "svg"}

// Default chart size: large enough for sixteen styles and their names.
const (
	defaultWidth  = 8 * vg.Inch
	defaultHeight = 5 * vg.Inch
)

// Layout distances, in points.
const (
	margin   = vg.Length(10) // around the whole chart
	gap      = vg.Length(12) // between title, panels and legend
	panelGap = vg.Length(18) // between side-by-side panels
)

// A Chart is a finished chart: one or more panels side by side under a title,
// with a legend outside the data area so it never covers a point. Build one
// with one of the chart functions ([Cost], [Speedup], [Quantum], [Change],
// [Primitives], [Multiples], [Scale], [RatioByRun], [Spectrum]); write it with
// [Chart.Save] or [Chart.Encode].
type Chart struct {
	title       string
	panels      []*gplot.Plot
	layers      [][]gplot.Plotter // what was added to each panel, in order
	legend      []legendEntry
	legendRight bool  // a column right of the panels; otherwise rows below them
	x, y        scale // of every panel's axes; a category axis is linear
	width       vg.Length
	height      vg.Length
}

func newChart(title string, panels int) *Chart {
	ch := &Chart{title: title, width: defaultWidth, height: defaultHeight}
	for range panels {
		ch.panels = append(ch.panels, newPlot())
	}
	ch.layers = make([][]gplot.Plotter, panels)
	return ch
}

// add adds plotters to panel i, keeping a record for inspection.
func (ch *Chart) add(i int, ps ...gplot.Plotter) {
	ch.panels[i].Add(ps...)
	ch.layers[i] = append(ch.layers[i], ps...)
}

// Size returns the width and height of the chart.
func (ch *Chart) Size() (w, h vg.Length) { return ch.width, ch.height }

// A layout is where Draw puts each part of a chart.
type layout struct {
	title     vg.Point      // top centre of the title
	titleText string        // the title, shortened to fit
	panels    []draw.Canvas // each panel's tile
	entries   []placed      // the legend
}

// layout places the title at the top, the legend outside the panels — in a
// column to their right, level with the top of the data, or in centred rows
// below them — and the panels in the rest, their data areas aligned.
func (ch *Chart) layout(c draw.Canvas) layout {
	var l layout
	c = draw.Crop(c, margin, -margin, margin, -margin)
	l.title = vg.Point{X: c.Center().X, Y: c.Max.Y}
	l.titleText = fitText(ch.title, titleStyle(), c.Max.X-c.Min.X)
	c.Max.Y -= titleStyle().Height(l.titleText) + gap

	switch {
	case len(ch.legend) == 0:
		l.panels = alignRow(ch.panels, c)
	case ch.legendRight:
		w, _ := legendExtent(ch.legend)
		c.Max.X -= w + gap
		l.panels = alignRow(ch.panels, c)
		// Start level with the top of the data, below any panel title.
		top := ch.panels[0].DataCanvas(l.panels[0]).Max.Y
		l.entries = legendColumn(ch.legend, vg.Point{X: c.Max.X + gap, Y: top})
	default:
		var h vg.Length
		l.entries, h = legendBelow(ch.legend, c.Rectangle)
		c.Min.Y += h + gap
		l.panels = alignRow(ch.panels, c)
	}
	return l
}

// Draw draws the chart on c, which is normally Size large; Encode and Save
// call it.
func (ch *Chart) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	l := ch.layout(c)
	c.FillText(titleStyle(), l.title, l.titleText)
	for i, p := range ch.panels {
		p.Draw(l.panels[i])
	}
	for _, e := range l.entries {
		leg := legendOf([]legendEntry{e.entry})
		leg.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: e.at})
	}
}

// alignRow tiles c with one row of plots whose data areas have the same
// width, height and baseline. plot.Align gets close, but it sizes the tiles
// from padding measured on the first guess, and the padding that keeps tick
// labels inside a tile changes as the tile does; a few rounds of correcting
// each tile by its error in data width make them agree to well under a pixel.
func alignRow(plots []*gplot.Plot, c draw.Canvas) []draw.Canvas {
	tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: panelGap}
	cs := gplot.Align([][]*gplot.Plot{plots}, tiles, c)[0]
	if len(plots) < 2 {
		return cs
	}
	for range 5 {
		widths := make([]vg.Length, len(plots))
		var mean, worst vg.Length
		for i, p := range plots {
			d := p.DataCanvas(cs[i])
			widths[i] = d.Max.X - d.Min.X
			mean += widths[i] / vg.Length(len(plots))
		}
		for _, w := range widths {
			worst = max(worst, vg.Length(math.Abs(float64(w-mean))))
		}
		if worst < 0.01 {
			break
		}
		x := cs[0].Min.X
		for i := range cs {
			gap := vg.Length(0)
			if i+1 < len(cs) {
				gap = cs[i+1].Min.X - cs[i].Max.X
			}
			w := cs[i].Max.X - cs[i].Min.X + mean - widths[i]
			cs[i].Min.X, cs[i].Max.X = x, x+w
			x += w + gap
		}
	}
	// Level the data areas' tops and bottoms, which differ if one panel has
	// no title or taller tick labels.
	top, bottom := vg.Length(math.Inf(1)), vg.Length(math.Inf(-1))
	for i, p := range plots {
		d := p.DataCanvas(cs[i])
		top, bottom = min(top, d.Max.Y), max(bottom, d.Min.Y)
	}
	for i, p := range plots {
		d := p.DataCanvas(cs[i])
		cs[i].Max.Y -= d.Max.Y - top
		cs[i].Min.Y += bottom - d.Min.Y
	}
	return cs
}

// Encode writes the chart to w in format, a file extension such as "png" or
// "svg" (gonum/plot also supports "pdf", "eps", "jpg", "tif" and "tex").
func (ch *Chart) Encode(w io.Writer, format string) error {
	cw, err := draw.NewFormattedCanvas(ch.width, ch.height, format)
	if err != nil {
		return fmt.Errorf("encoding chart %q: %w", ch.title, err)
	}
	ch.Draw(draw.New(cw))
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return fmt.Errorf("encoding chart %q as %s: %w", ch.title, format, err)
	}
	out := buf.Bytes()
	if format == "svg" {
		// gonum's SVG names only Liberation Sans, which few machines have,
		// and embedding it would add half a megabyte to every file. Arial
		// and Helvetica have the same metrics, so text laid out for
		// Liberation still fits when a viewer substitutes them.
		out = bytes.ReplaceAll(out, []byte("font-family:Liberation Sans;"), []byte(svgFonts))
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("encoding chart %q as %s: %w", ch.title, format, err)
	}
	return nil
}

// svgFonts is the font-family of text in SVG output.
const svgFonts = "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"

// Save writes the chart to dir as base.png and base.svg and returns their
// paths. Both images are drawn before either file is written, and each file
// is replaced atomically, so a reader never sees a half-written image. If
// writing the second file fails, the first has already been replaced, and
// its path is returned with the error.
func (ch *Chart) Save(dir, base string) ([]string, error) {
	images, err := ch.Images(base)
	if err != nil {
		return nil, err
	}
	return WriteImages(dir, images)
}

// An Image is an encoded chart and the file name it is saved under.
type Image struct {
	Name string // base.png or base.svg
	Data []byte
}

// Images encodes the chart in every format (PNG and SVG), named base.png and
// base.svg, without writing anything: a caller saving many charts can draw
// them all before replacing any file.
func (ch *Chart) Images(base string) ([]Image, error) {
	if base == "" || base == "." || base == ".." || strings.ContainsAny(base, `/\`) {
		return nil, fmt.Errorf("saving chart %q: base name %q must be a plain file name", ch.title, base)
	}
	images := make([]Image, len(formats))
	for i, f := range formats {
		var buf bytes.Buffer
		if err := ch.Encode(&buf, f); err != nil {
			return nil, err
		}
		images[i] = Image{base + "." + f, buf.Bytes()}
	}
	return images, nil
}

// WriteImages writes images into dir, each replaced atomically, and returns
// the paths written; on an error, the paths written before it.
func WriteImages(dir string, images []Image) ([]string, error) {
	var paths []string
	for _, im := range images {
		path := filepath.Join(dir, im.Name)
		if err := atomicfile.Write(path, im.Data); err != nil {
			return paths, fmt.Errorf("saving chart %s: %w", im.Name, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
