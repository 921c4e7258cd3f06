package history

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
)

func point(date string, c, lo, hi float64) Point {
	return Point{
		Run:       Run{Machine: "m", Date: date, Base: "aaaa", Head: "bbbb", BaseGo: "go1.26.8", HeadGo: "go1.26.8", Suite: "quick", Passes: 10, Pairing: "abba"},
		Benchmark: "Add/style=x/mode=shared/programs=1/len=8/quantum=1", Unit: "sec/add",
		Ratio: results.Estimate{Center: c, Lo: lo, Hi: hi, N: 10}, P: 0.5, Outcome: Unchanged, Test: "signed-rank", Detectable: 2.5,
	}
}

func TestAppendLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in := []Point{point("2026-12-01T10:00:00Z", 1.01, 0.99, 1.03)}
	in = append(in, in[0])
	in[1].Benchmark, in[1].Unit, in[1].Outcome = "Primitive/op=sum", "sec/op", "regression"
	path, err := Append(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "m", "20261201T100000Z-aaaa-bbbb.txt"); path != want {
		t.Errorf("path %s, want %s", path, want)
	}
	if _, err := Append(dir, in); err == nil {
		t.Error("a second run with the same date and commits overwrote the first")
	}
	out, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 {
		t.Fatalf("%d points, want 2", len(out))
	}
	for i := range out {
		out[i].Ratio.CV, in[i].Ratio.CV = 0, 0
		if out[i] != in[i] {
			t.Errorf("point %d: %+v, want %+v", i, out[i], in[i])
		}
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "m", "bad.txt")
	os.MkdirAll(filepath.Dir(bad), 0o755)
	os.WriteFile(bad, []byte("machine: m\ndate: 2026-12-01T10:00:00Z\n\nbenchmark\tunit\tratio\tlo\thi\tp\tn\tverdict\nX\tsec/op\t1.0\t0.9\n"), 0o644)
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), bad+":5:") {
		t.Errorf("Load = %v, want an error at %s:5", err, bad)
	}
}

// TestChangePoints: a series that steps from 1.00 to 1.10 between runs 3
// and 4, each run's interval ±1 %, has one change point, at the step; noise
// within the intervals has none; a point without an interval is skipped.
func TestChangePoints(t *testing.T) {
	var ps []Point
	for i, c := range []float64{1.00, 1.005, 0.995, 1.10, 1.105, 1.095} {
		ps = append(ps, point(fmt.Sprintf("2026-12-0%dT10:00:00Z", i+1), c, c-0.01, c+0.01))
	}
	if got := ChangePoints(ps); !slices.Equal(got, []int{3}) {
		t.Errorf("change points %v, want [3]", got)
	}
	// Back down: a second change, in the other direction.
	ps = append(ps, point("2026-12-07T10:00:00Z", 1.0, 0.99, 1.01))
	if got := ChangePoints(ps); !slices.Equal(got, []int{3, 6}) {
		t.Errorf("change points %v, want [3 6]", got)
	}
	open := point("2026-12-08T10:00:00Z", 2, 0, 0)
	open.Ratio.Lo, open.Ratio.Hi = math.Inf(-1), math.Inf(1) // too few samples
	if got := ChangePoints(append(ps, open)); !slices.Equal(got, []int{3, 6}) {
		t.Errorf("with an open interval: %v, want it skipped", got)
	}

	// A step at the second run is found (the first point is compared with
	// nothing, the second with the first), and intervals that only touch
	// (score exactly 1) count as a change.
	step := []Point{
		point("2026-12-01T10:00:00Z", 1.0, 0.9, 1.1),
		point("2026-12-02T10:00:00Z", 1.2, 1.1, 1.3),
	}
	if got := ChangePoints(step); !slices.Equal(got, []int{1}) {
		t.Errorf("a step at the second run (touching intervals): %v, want [1]", got)
	}
	if got := ChangePoints(step[:1]); len(got) != 0 {
		t.Errorf("one run: %v, want no change", got)
	}

	// MakeSeries orders by date, whatever the order of the files.
	slices.Reverse(ps)
	s := MakeSeries(ps)
	if len(s) != 1 || !slices.Equal(s[0].Changes, []int{3, 6}) || s[0].Points[0].Run.Date != "2026-12-01T10:00:00Z" {
		t.Errorf("MakeSeries: %d series, changes %v", len(s), s[0].Changes)
	}
}

func TestKind(t *testing.T) {
	for _, tc := range []struct {
		r    Run
		want string
	}{
		{Run{Base: "a", Head: "a", BaseGo: "go1", HeadGo: "go1"}, "a/a"},
		{Run{Base: "a", Head: "a-dirty", BaseGo: "go1", HeadGo: "go1"}, "commits"},
		{Run{Base: "a", Head: "b", BaseGo: "go1", HeadGo: "go1"}, "commits"},
		{Run{Base: "a", Head: "a", BaseGo: "go1", HeadGo: "go2"}, "go"},
		{Run{Base: "a", Head: "b", BaseGo: "go1", HeadGo: "go2"}, "commits+go"},
	} {
		if got := tc.r.Kind(); got != tc.want {
			t.Errorf("%+v: kind %q, want %q", tc.r, got, tc.want)
		}
	}
}

// TestSeriesByKind: A/A runs and commit A/Bs of the same benchmark on the
// same machine are two series, not one.
func TestSeriesByKind(t *testing.T) {
	aa := point("2026-12-01T10:00:00Z", 1, 0.99, 1.01)
	aa.Run.Head = aa.Run.Base
	ab := point("2026-12-02T10:00:00Z", 1.2, 1.19, 1.21)
	ss := MakeSeries([]Point{aa, ab})
	if len(ss) != 2 || ss[0].Kind == ss[1].Kind || len(ss[0].Changes)+len(ss[1].Changes) != 0 {
		t.Errorf("series %+v: want an a/a and a commits series, no change point between them", ss)
	}
}

// TestFromComparisonRecordsTheVerdict: the points carry what the verdict
// decided — outcome, the test and its p, the estimate and, for an unchanged
// benchmark, what it could have detected — for the time unit it judged.
func TestFromComparisonRecordsTheVerdict(t *testing.T) {
	dir := t.TempDir()
	var files [2]strings.Builder
	for i := range files {
		files[i].WriteString("pairing: passes\nsession: 1\npasses: 12\n")
	}
	for p := range 12 {
		jit := 1 + 0.01*float64(p%3)
		fmt.Fprintf(&files[0], "BenchmarkAdd/s=slow 1 %g ns/op %g ns/add\nBenchmarkAdd/s=same 1 %g ns/op %g ns/add\n", 100*jit, jit, 100*jit, jit)
		fmt.Fprintf(&files[1], "BenchmarkAdd/s=slow 1 %g ns/op %g ns/add\nBenchmarkAdd/s=same 1 %g ns/op %g ns/add\n", 130*jit, 1.3*jit, 100*jit*(1+0.002*(float64(p%4)-1.5)), jit*(1+0.002*(float64(p%4)-1.5)))
	}
	var args []string
	for i, name := range []string{"base", "head"} {
		path := filepath.Join(dir, name+".txt")
		if err := os.WriteFile(path, []byte(files[i].String()), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, name+"="+path)
	}
	set, err := results.Load(args...)
	if err != nil {
		t.Fatal(err)
	}
	c, err := benchtab.Compare(set, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	pts := FromComparison(c, Run{Machine: "m", Date: "2026-12-01T10:00:00Z"})
	if len(pts) != 2 {
		t.Fatalf("%d points, want one per benchmark (sec/add only): %+v", len(pts), pts)
	}
	same, slow := pts[0], pts[1]
	if slow.Outcome != Regression || slow.Test != "signed-rank" || !(slow.P < 0.001) || !(math.Abs(slow.Ratio.Center-1.3) < 0.01) || !math.IsNaN(slow.Detectable) {
		t.Errorf("slow: %+v, want a signed-rank regression of 1.3", slow)
	}
	if same.Outcome != Unchanged || !(same.Detectable > 0 && same.Detectable < 5) {
		t.Errorf("same: %+v, want unchanged with what it could have seen", same)
	}
}
