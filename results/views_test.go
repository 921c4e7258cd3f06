package results

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// quiet is many with almost no noise, so views can be checked against the
// costs genSpec was built from.
var quiet = with(many, func(s *genSpec) { s.seed = 50; s.noise = 0.001 })

func loadOne(t *testing.T, s genSpec) *File {
	t.Helper()
	return load(t, []string{"f"}, s).Files[0]
}

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Abs(want)
}

func checkInterval(t *testing.T, what string, e Estimate) {
	t.Helper()
	if !(e.Lo <= e.Center && e.Center <= e.Hi) || math.IsInf(e.Lo, 0) || math.IsInf(e.Hi, 0) {
		t.Errorf("%s: interval [%g, %g] does not hold center %g", what, e.Lo, e.Hi, e.Center)
	}
}

func TestRatios(t *testing.T) {
	f := loadOne(t, quiet)
	for _, unit := range []string{"sec/add", "ns/add"} {
		rt := f.Ratios("sequential.loop", unit)
		if rt.Unit != "sec/add" || len(rt.Warnings) != 0 {
			t.Errorf("%s: unit %q, warnings %v", unit, rt.Unit, rt.Warnings)
		}
		if strings.Join(rt.Styles, " ") != "preempt.mutex preempt.racy lockfree.atomic coop.green" {
			t.Errorf("%s: styles %q, want every style but the baseline", unit, rt.Styles)
		}
		if len(rt.Configs) != 6 || len(rt.Ratios) != 4*6 {
			t.Errorf("%s: %d configs and %d ratios, want 6 and 24", unit, len(rt.Configs), len(rt.Ratios))
		}
		for _, r := range rt.Ratios {
			// The quantum and GOMAXPROCS factors are common to all
			// styles, so they cancel.
			if want := costs[r.Key.Style] / costs["sequential.loop"]; !near(r.Ratio.Center, want, 0.01) {
				t.Errorf("%v: ratio %.3f, want %.3f", r.Key, r.Ratio.Center, want)
			}
			checkInterval(t, r.Key.String(), r.Ratio)
			if got, ok := rt.Get(r.Key.Style, r.Key); !ok || got != r.Ratio {
				t.Errorf("Get(%s, %v) = %v, %v", r.Key.Style, r.Key, got, ok)
			}
		}
	}

	noBase := loadOne(t, with(quiet, func(s *genSpec) { s.styles = []string{"preempt.mutex"} }))
	rt := noBase.Ratios("sequential.loop", "sec/add")
	if len(rt.Ratios) != 0 || len(rt.Warnings) != 6 || !containsError(rt.Warnings, "no sequential.loop result for style=preempt.mutex") {
		t.Errorf("without a baseline: %d ratios, warnings %v; want none and one per configuration", len(rt.Ratios), rt.Warnings)
	}
}

func TestSpeedups(t *testing.T) {
	c := loadOne(t, quiet).Speedups("sec/add")
	if c.X != "gomaxprocs" || len(c.Series) != 5*3 || len(c.Warnings) != 0 {
		t.Fatalf("X %q, %d series, warnings %v; want gomaxprocs, 15, none", c.X, len(c.Series), c.Warnings)
	}
	for _, s := range c.Series {
		if s.Key.Gomaxprocs != 0 || len(s.Points) != 2 || s.Points[0].X != 1 || s.Points[1].X != 2 {
			t.Fatalf("series %v: points %v, want GOMAXPROCS 1 and 2", s.Key, s.Points)
		}
		// genSpec makes GOMAXPROCS=2 30% slower, as contention does.
		if !near(s.Points[0].Y.Center, 1, 0.01) || !near(s.Points[1].Y.Center, 1/1.3, 0.01) {
			t.Errorf("%v: speedups %.3f, %.3f; want 1, %.3f", s.Key, s.Points[0].Y.Center, s.Points[1].Y.Center, 1/1.3)
		}
		checkInterval(t, s.Key.String(), s.Points[1].Y)
	}

	only2 := loadOne(t, with(quiet, func(s *genSpec) { s.procs = []int{2} }))
	if c := only2.Speedups("sec/add"); len(c.Series) != 0 || len(c.Warnings) != 15 {
		t.Errorf("no GOMAXPROCS=1: %d series, %d warnings; want none and 15", len(c.Series), len(c.Warnings))
	}
}

func TestQuantumCurves(t *testing.T) {
	c := loadOne(t, quiet).QuantumCurves("ns/add")
	if c.X != "quantum" || c.Unit != "sec/add" || len(c.Series) != 5*2 {
		t.Fatalf("X %q unit %q, %d series; want quantum, sec/add, 10", c.X, c.Unit, len(c.Series))
	}
	for _, s := range c.Series {
		if s.Key.Quantum != 0 || len(s.Points) != 3 {
			t.Fatalf("series %v: %d points, want 3", s.Key, len(s.Points))
		}
		for i, q := range []float64{1, 8, 64} {
			p := s.Points[i]
			want := costs[s.Key.Style] * (1 + 4/q) / 5 * (1 + 0.3*float64(s.Key.Gomaxprocs-1)) * 1e-9
			if p.X != q || !near(p.Y.Center, want, 0.01) {
				t.Errorf("%v quantum %g: %g at X=%g, want %g", s.Key, q, p.Y.Center, p.X, want)
			}
			checkInterval(t, s.Key.String(), p.Y)
		}
	}
}

func TestCosts(t *testing.T) {
	ct := loadOne(t, quiet).Costs("ns/add")
	// 5 styles × 3 quanta × 2 GOMAXPROCS, each the cost genSpec drew it from.
	if ct.Unit != "sec/add" || len(ct.Costs) != 5*3*2 || len(ct.Warnings) != 0 {
		t.Fatalf("unit %q, %d costs, warnings %v; want sec/add, 30, none", ct.Unit, len(ct.Costs), ct.Warnings)
	}
	for _, c := range ct.Costs {
		k := c.Key
		want := costs[k.Style] * (1 + 4/float64(k.Quantum)) / 5 * (1 + 0.3*float64(k.Gomaxprocs-1)) * 1e-9
		if !near(c.Value.Center, want, 0.01) || k.Programs != genPrograms || k.Len != genLen {
			t.Errorf("%v: %g, want %g", k, c.Value.Center, want)
		}
		checkInterval(t, k.String(), c.Value)
	}
}

func TestPrimitives(t *testing.T) {
	pt := loadOne(t, with(quiet, func(s *genSpec) { s.machine = 2 })).Primitives()
	want := []struct {
		op   string
		gmp  int
		cost float64
	}{{"plain", 1, 0.3}, {"plain", 2, 0.3}, {"mutex", 1, 11}, {"mutex", 2, 11}, {"atomic", 1, 4.9}, {"atomic", 2, 4.9}}
	if len(pt.Primitives) != len(want) || pt.Unit != "sec/op" {
		t.Fatalf("%d primitives in %s, want %d in sec/op", len(pt.Primitives), pt.Unit, len(want))
	}
	for i, w := range want {
		p := pt.Primitives[i]
		if p.Op != w.op || p.Gomaxprocs != w.gmp || !near(p.Time.Center, 2*w.cost*1e-9, 0.01) {
			t.Errorf("primitive %d: %s-%d %g, want %s-%d %g", i, p.Op, p.Gomaxprocs, p.Time.Center, w.op, w.gmp, 2*w.cost*1e-9)
		}
	}
}

func TestShifts(t *testing.T) {
	set, err := Load("testdata/old.txt", "testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	st := Shifts(set.Files[0], set.Files[1], "ns/add", 0)
	if len(st.Shifts) != 12 {
		t.Fatalf("%d shifts, want the 12 configurations in both files", len(st.Shifts))
	}
	if !containsError(st.Warnings, "style=lockfree.atomic/mode=shared/programs=8/len=4096/quantum=1/gomaxprocs=1: in testdata/new.txt but not in testdata/old.txt") {
		t.Errorf("warnings %v do not report lockfree.atomic missing from old.txt", st.Warnings)
	}
	for _, s := range st.Shifts {
		checkInterval(t, s.Key.String(), s.Change)
		if want := (s.New.Center/s.Old.Center - 1) * 100; !near(s.Change.Center, want, 1e-9) {
			t.Errorf("%v: change %g, want %g", s.Key, s.Change.Center, want)
		}
		if s.Key.Style == "preempt.mutex" {
			if !s.Significant || s.Change.Center < 5 || s.Change.Lo <= 0 {
				t.Errorf("%v: %+v, want a significant rise near 10%% with the interval above 0", s.Key, s)
			}
		} else if math.Abs(s.Change.Center) > 3 {
			t.Errorf("%v: change %.2f%%, want little", s.Key, s.Change.Center)
		}
	}
}

func TestViewWarnings(t *testing.T) {
	few := loadOne(t, with(quiet, func(s *genSpec) { s.n = 4 }))
	rt := few.Ratios("sequential.loop", "sec/add")
	if !containsError(rt.Warnings, "need >= 6 samples") {
		t.Errorf("4 samples: warnings %v lack benchmath's sample-size warning", rt.Warnings)
	}
	for _, r := range rt.Ratios {
		if !math.IsInf(r.Ratio.Lo, -1) || !math.IsInf(r.Ratio.Hi, 1) {
			t.Errorf("%v: interval [%g, %g] from 4 samples, want unbounded", r.Key, r.Ratio.Lo, r.Ratio.Hi)
		}
	}

	path := filepath.Join(t.TempDir(), "bad.txt")
	data := "BenchmarkAdd/style=a/mode=shared/programs=1/len=8/quantum=1 1 5 ns/add\n" +
		"BenchmarkAdd/style=a/mode=shared/programs=eight/len=8/quantum=1 1 5 ns/add\n" +
		"BenchmarkAdd/style=a/mode=shared/programs=1/len=8 1 5 ns/add\n"
	if err := os.WriteFile(path, []byte(data), 0o666); err != nil {
		t.Fatal(err)
	}
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c := set.Files[0].QuantumCurves("sec/add")
	if len(c.Series) != 1 {
		t.Errorf("%d series, want 1 from the one well-formed line", len(c.Series))
	}
	for _, want := range []string{path + ":2: BenchmarkAdd/style=a/mode=shared/programs=eight/len=8/quantum=1: /programs=eight is not an integer", path + ":3: BenchmarkAdd/style=a/mode=shared/programs=1/len=8: no /quantum key"} {
		if !containsError(c.Warnings, want) {
			t.Errorf("warnings %v lack %q", c.Warnings, want)
		}
	}
}
