package plot

import (
	"image/color"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// gonum's plot.Legend is drawn inside the data area, where sixteen style
// names would cover the data. Charts here draw each entry as a one-entry
// gonum legend placed outside the panels instead.

// Legend distances, in points.
const (
	entryPad  = vg.Length(3)  // between rows of entries
	entryGap  = vg.Length(16) // between entries of a row
	thumbSize = vg.Length(22) // width of a thumbnail
)

// A legendEntry is one entry of a legend: a name and what its data look like.
type legendEntry struct {
	name   string
	thumbs []gplot.Thumbnailer
}

// A placed legend entry and the rectangle it is drawn in.
type placed struct {
	entry legendEntry
	at    vg.Rectangle
}

func (ch *Chart) addLegend(name string, thumbs ...gplot.Thumbnailer) {
	ch.legend = append(ch.legend, legendEntry{shorten(name), thumbs})
}

// fitLegend grows the chart to fit a long legend column rather than let it
// run off the bottom.
func (ch *Chart) fitLegend() {
	_, h := legendExtent(ch.legend)
	ch.height = max(ch.height, h+2*vg.Inch)
}

func titleStyle() text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    sans(titleSize),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: gplot.DefaultTextHandler,
	}
}

// legendOf returns a gonum legend holding entries, drawn from the top left.
func legendOf(entries []legendEntry) gplot.Legend {
	l := gplot.NewLegend()
	l.TextStyle.Font = sans(legendSize)
	l.Top, l.Left = true, true
	l.Padding = entryPad
	l.ThumbnailWidth = thumbSize
	for _, e := range entries {
		l.Add(e.name, e.thumbs...)
	}
	return l
}

// legendExtent returns the width and height of a column of entries.
func legendExtent(entries []legendEntry) (w, h vg.Length) {
	l := legendOf(entries)
	r := l.Rectangle(draw.Canvas{})
	return r.Size().X, r.Size().Y
}

// legendColumn stacks entries downwards from the top left corner at.
func legendColumn(entries []legendEntry, at vg.Point) []placed {
	var out []placed
	y := at.Y
	for _, e := range entries {
		w, h := legendExtent([]legendEntry{e})
		out = append(out, placed{e, vg.Rectangle{
			Min: vg.Point{X: at.X, Y: y - h},
			Max: vg.Point{X: at.X + w, Y: y},
		}})
		y -= h + entryPad
	}
	return out
}

// legendBelow lays entries out in centred rows at the bottom of r, as many
// to a row as fit its width, and returns them and the height they take.
func legendBelow(entries []legendEntry, r vg.Rectangle) ([]placed, vg.Length) {
	if len(entries) == 0 {
		return nil, 0
	}
	width := r.Max.X - r.Min.X
	var rows [][]placed
	var row []placed
	var x vg.Length // width of row so far
	for _, e := range entries {
		w, h := legendExtent([]legendEntry{e})
		if len(row) > 0 && x+entryGap+w > width {
			rows, row, x = append(rows, row), nil, 0
		}
		if len(row) > 0 {
			x += entryGap
		}
		row = append(row, placed{e, vg.Rectangle{Min: vg.Point{X: x}, Max: vg.Point{X: x + w, Y: h}}})
		x += w
	}
	rows = append(rows, row)

	// Rows were built at the origin; move each to its place, last row lowest.
	var out []placed
	y := r.Min.Y
	for i := len(rows) - 1; i >= 0; i-- {
		row := rows[i]
		rowWidth := row[len(row)-1].at.Max.X
		shift := vg.Point{X: r.Min.X + (width-rowWidth)/2, Y: y}
		var h vg.Length
		for _, p := range row {
			p.at = p.at.Add(shift)
			out = append(out, p)
			h = max(h, p.at.Max.Y-p.at.Min.Y)
		}
		y += h + entryPad
	}
	return out, y - entryPad - r.Min.Y
}
