package plot

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/addbench/addbench/results"
)

// TestSpectrum: a row per style in the order given, a dot plotter per
// level in that level's colour, a legend entry per level present and the 1×
// line; bad input is a DataError.
func TestSpectrum(t *testing.T) {
	est := func(c float64) results.Estimate { return results.Estimate{Center: c, Lo: c * 0.9, Hi: c * 1.1} }
	bars := []LevelBar{
		{Bar{"sequential.loop", results.Exact(1)}, 0},
		{Bar{"sequential.interleave", est(20)}, 0},
		{Bar{"coop.green", est(500)}, 3},
		{Bar{"lockfree.atomic", est(35)}, 5},
	}
	ch, err := Spectrum("", "× loop", bars)
	if err != nil {
		t.Fatal(err)
	}
	if got := rowLabels(ch, 0); !slices.Equal(got, []string{"sequential.loop", "sequential.interleave", "coop.green", "lockfree.atomic"}) {
		t.Errorf("rows %q, want the bars in order", got)
	}
	var colours []any
	for _, p := range ch.layers[0] {
		if e, ok := p.(*estimates); ok {
			colours = append(colours, e.glyph.Color)
			if len(e.pos) == 0 {
				t.Error("an empty dot plotter")
			}
		}
	}
	if want := []any{palette[0], palette[3], palette[5]}; !slices.Equal(colours, want) {
		t.Errorf("dot colours %v, want one per level %v", colours, want)
	}
	if got := legendNames(ch); !slices.Equal(got, []string{"level 0 sequential", "level 3 coop", "level 5 lockfree", "1× (the reference)"}) {
		t.Errorf("legend %q", got)
	}
	if !ch.x.log {
		t.Error("values from 1 to 500 on a linear axis")
	}
	var b bytes.Buffer
	if err := ch.Encode(&b, "svg"); err != nil || b.Len() < 1000 {
		t.Errorf("encoding: %v, %d bytes", err, b.Len())
	}
	for _, bad := range [][]LevelBar{nil, {{Bar{"x", est(1)}, -1}}, {{Bar{"x", est(1)}, 0}, {Bar{"x", est(2)}, 1}}} {
		var de *DataError
		if _, err := Spectrum("", "", bad); !errors.As(err, &de) {
			t.Errorf("Spectrum(%v) = %v, want a DataError", bad, err)
		}
	}
}
