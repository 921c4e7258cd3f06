package plot

import (
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// entries returns n legend entries of the same width.
func entries(n int) []legendEntry {
	es := make([]legendEntry, n)
	for i := range es {
		es[i] = legendEntry{name: "style" + string(rune('0'+i))} // digits: the same width
	}
	return es
}

// TestLegendColumn: entries stack downwards from the corner, one entry's
// height plus entryPad apart, left edges aligned.
func TestLegendColumn(t *testing.T) {
	es := entries(3)
	w, h := legendExtent(es[:1])
	at := vg.Point{X: 10, Y: 200}
	ps := legendColumn(es, at)
	for i, p := range ps {
		top := at.Y - vg.Length(i)*(h+entryPad)
		if p.at.Min.X != at.X || p.at.Max.X != at.X+w || p.at.Max.Y != top || p.at.Min.Y != top-h {
			t.Errorf("entry %d at %v, want [%v,%v]–[%v,%v]", i, p.at, at.X, top-h, at.X+w, top)
		}
	}
}

// TestLegendBelow: rows hold as many entries as fit the width, an entry
// that exactly fits stays on its row, rows are centred, the last row is
// lowest, and the height is what the rows take.
func TestLegendBelow(t *testing.T) {
	es := entries(3)
	w, h := legendExtent(es[:1])
	r := vg.Rectangle{Min: vg.Point{X: 100, Y: 50}, Max: vg.Point{X: 100 + 2*w + entryGap, Y: 400}}
	ps, height := legendBelow(es, r)
	if len(ps) != 3 {
		t.Fatalf("%d entries placed, want 3", len(ps))
	}
	byName := map[string]vg.Rectangle{}
	for _, p := range ps {
		byName[p.entry.name] = p.at
	}
	a, b, c := byName["style0"], byName["style1"], byName["style2"]
	// Two to the first row, exactly filling it; the third alone below,
	// centred.
	if a.Min.Y != b.Min.Y || a.Min.X != r.Min.X || b.Max.X != r.Max.X || b.Min.X-a.Max.X != entryGap {
		t.Errorf("first row: %v and %v, want them side by side across %v", a, b, r)
	}
	if c.Min.Y != r.Min.Y || a.Min.Y != r.Min.Y+h+entryPad {
		t.Errorf("rows at y %v and %v, want the second at %v and the first %v above it", a.Min.Y, c.Min.Y, r.Min.Y, h+entryPad)
	}
	if mid := (r.Min.X + r.Max.X) / 2; c.Min.X+w/2 != mid {
		t.Errorf("last row's entry centred at %v, want %v", c.Min.X+w/2, mid)
	}
	if height != 2*h+entryPad {
		t.Errorf("height %v, want two rows and a pad, %v", height, 2*h+entryPad)
	}
	// Narrower than two entries and their gap, or than one entry and a
	// gap: one entry to a row.
	for _, width := range []vg.Length{2 * w, w} {
		narrow := vg.Rectangle{Min: r.Min, Max: vg.Point{X: r.Min.X + width, Y: r.Max.Y}}
		ps, height := legendBelow(es, narrow)
		if len(ps) != 3 || height != 3*h+2*entryPad {
			t.Errorf("width %v: %d entries, height %v; want 3 rows of 1, height %v", width, len(ps), height, 3*h+2*entryPad)
		}
	}
	if ps, height := legendBelow(nil, r); ps != nil || height != 0 {
		t.Errorf("no entries: %v, %v", ps, height)
	}
}

// TestTitleFits: a title wider than the chart is cut in the middle to fit,
// keeping its start and end; one that fits is left whole.
func TestTitleFits(t *testing.T) {
	long := "ns/add ÷ sequential.loop by style, " + strings.Repeat("very ", 40) + "long title end"
	ch := newChart(long, 1)
	c := draw.New(vgimg.New(4*vg.Inch, 3*vg.Inch))
	l := ch.layout(c)
	sty := titleStyle()
	if got := sty.Width(l.titleText); got > 4*vg.Inch-2*margin {
		t.Errorf("title %v wide in a %v chart", got, 4*vg.Inch)
	}
	if !strings.HasPrefix(l.titleText, "ns/add") || !strings.HasSuffix(l.titleText, "end") || !strings.Contains(l.titleText, "…") {
		t.Errorf("title %q, want the start, an ellipsis and the end", l.titleText)
	}
	if whole := newChart("ns/add", 1).layout(c).titleText; whole != "ns/add" {
		t.Errorf("a short title became %q", whole)
	}
	if exact := fitText(long, sty, sty.Width(long)); exact != long {
		t.Errorf("a title exactly as wide as the room became %q", exact)
	}
	// fitText keeps as much of each end: their lengths differ by at most one.
	before, after, _ := strings.Cut(l.titleText, "…")
	if d := len([]rune(before)) - len([]rune(after)); d < 0 || d > 1 {
		t.Errorf("title %q keeps %d runes before the cut and %d after", l.titleText, len([]rune(before)), len([]rune(after)))
	}
}

// shorten keeps a name of MaxLabel characters whole and cuts a longer one in
// the middle to exactly MaxLabel.
func TestShorten(t *testing.T) {
	exact := strings.Repeat("x", MaxLabel)
	if got := shorten(exact); got != exact {
		t.Errorf("a name of MaxLabel characters became %q", got)
	}
	long := strings.Repeat("a", MaxLabel) + strings.Repeat("z", MaxLabel)
	got := shorten(long)
	if n := len([]rune(got)); n != MaxLabel || !strings.HasPrefix(got, "a") || !strings.HasSuffix(got, "z") || !strings.Contains(got, "…") {
		t.Errorf("shorten(%q) = %q (%d characters), want %d with both ends", long, got, n, MaxLabel)
	}
}

// A category chart is as wide as the default for up to two panels and 3
// inches wider for each panel beyond.
func TestCategoryChartWidth(t *testing.T) {
	for n, want := range map[int]vg.Length{1: defaultWidth, 2: defaultWidth, 3: defaultWidth + 3*vg.Inch, 4: defaultWidth + 6*vg.Inch} {
		panels := make([]Panel, n)
		for i := range panels {
			panels[i] = Panel{Title: "p" + string(rune('0'+i)), Bars: []Bar{{Label: "a", Value: results.Estimate{Center: 1, Lo: 0.9, Hi: 1.1}}}}
		}
		ch, err := Cost("", panels, "")
		if err != nil {
			t.Fatal(err)
		}
		if ch.width != want {
			t.Errorf("%d panels: width %v, want %v", n, ch.width, want)
		}
	}
}
