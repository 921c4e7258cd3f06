package plot

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/addbench/addbench/results"
	"gonum.org/v1/plot/cmpimg"
)

// The golden images are checked in under testdata as NAME_golden.png and
// NAME_golden.svg. After an intended change to the charts, look at the new
// images and regenerate them with gonum's flag:
//
//	go test ./results/plot -run TestGolden -regen

// goldenCharts builds each golden chart from fixed synthetic data.
var goldenCharts = []struct {
	name  string
	build func() (*Chart, error)
}{
	{"cost", func() (*Chart, error) { return Cost("", costPanels(), "sequential.loop") }},
	{"speedup", func() (*Chart, error) { return Speedup("", speedupSeries()) }},
	{"quantum", func() (*Chart, error) { return Quantum("", quantumSeries()) }},
	{"change", func() (*Chart, error) { return Change("", changePanels(), 5) }},
	{"scale", func() (*Chart, error) { return Scale("", "B/program", scaleSeries()) }},
	// Edge cases: one bar with a zero-width interval (linear axis from
	// zero), and one series of one point (linear axes, no line, a glyph).
	{"cost_single", func() (*Chart, error) {
		return Cost("One style", []Panel{{Title: "mode=private", Bars: []Bar{{"sequential.loop", results.Exact(0.4)}}}}, "sequential.loop")
	}},
	{"quantum_single", func() (*Chart, error) {
		return Quantum("One point", []Series{{Name: "coop.green", Points: []Point{{64, est(2.5, 2.25, math.Inf(1))}}}})
	}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCharts {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			for _, format := range formats {
				checkGolden(t, ch, tc.name, format)
			}
		})
	}
}

// checkGolden compares ch drawn in format with testdata/NAME_golden.FORMAT,
// or rewrites the golden file under -regen. Unlike cmpimg.CheckPlot it
// writes nothing into testdata except under -regen: a mismatch leaves the
// image drawn and a difference image in the test's artifact directory.
func checkGolden(t *testing.T, ch *Chart, name, format string) {
	t.Helper()
	var got bytes.Buffer
	if err := ch.Encode(&got, format); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", name+"_golden."+format)
	if *cmpimg.GenerateTestData {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}

	// Drawing must be deterministic, or golden images would be flaky.
	var again bytes.Buffer
	if err := ch.Encode(&again, format); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), again.Bytes()) {
		t.Errorf("%s: drawing the same chart twice gave different bytes", format)
	}

	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("reading golden image (regenerate with -regen): %v", err)
	}
	ok, err := cmpimg.Equal(format, got.Bytes(), want)
	if err != nil {
		t.Fatalf("comparing with %s: %v", golden, err)
	}
	if ok {
		return
	}
	dir := t.ArtifactDir()
	gotPath := filepath.Join(dir, name+"."+format)
	if err := os.WriteFile(gotPath, got.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if format == "png" {
		writeDiff(t, got.Bytes(), want, filepath.Join(dir, name+"_diff.png"))
	}
	t.Errorf("%s differs from %s; got %s (run with -artifacts to keep it)", format, golden, gotPath)
}

// writeDiff writes cmpimg's difference image of two PNGs to path.
func writeDiff(t *testing.T, got, want []byte, path string) {
	t.Helper()
	a, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	b, err := png.Decode(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	diff := image.NewRGBA64(a.Bounds().Union(b.Bounds()))
	cmpimg.Diff(diff, a, b)
	var buf bytes.Buffer
	if err := png.Encode(&buf, diff); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
