package results

import (
	"fmt"
	"math"
	"strconv"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
)

// An AddKey identifies one BenchmarkAdd configuration. It is read from the
// benchmark name
//
//	BenchmarkAdd/style=S/mode=M/programs=P/len=L/quantum=Q-N
//
// where the "-N" suffix is GOMAXPROCS and is absent when GOMAXPROCS is 1.
type AddKey struct {
	Style      string
	Mode       string
	Programs   int
	Len        int
	Quantum    int
	Gomaxprocs int
}

func (k AddKey) String() string {
	return fmt.Sprintf("style=%s/mode=%s/programs=%d/len=%d/quantum=%d/gomaxprocs=%d",
		k.Style, k.Mode, k.Programs, k.Len, k.Quantum, k.Gomaxprocs)
}

// An Estimate is a median and its confidence interval at DefaultConfidence.
// Lo and Hi are infinite when the sample is too small for an interval (fewer
// than 6 measurements at 95%).
type Estimate struct {
	Center, Lo, Hi float64
	N              int // measurements behind it; for a ratio, the fewer of the two
}

// estimate summarizes vals (which it sorts) with benchmath. It returns
// benchmath's warnings too.
func estimate(vals []float64) (Estimate, []error) {
	s := benchmath.NewSample(vals, &benchmath.DefaultThresholds)
	sum := benchmath.AssumeNothing.Summary(s, DefaultConfidence)
	return Estimate{sum.Center, sum.Lo, sum.Hi, len(vals)}, sum.Warnings
}

// ratio estimates a/b for positive quantities. The interval joins the two
// intervals' extremes, a.Lo/b.Hi to a.Hi/b.Lo: if each covers its median with
// 95% confidence, this covers the ratio of medians with at least 90% (the
// Bonferroni bound). It is unbounded when either interval is.
func ratio(a, b Estimate) Estimate {
	r := Estimate{Center: a.Center / b.Center, Lo: math.Inf(-1), Hi: math.Inf(1), N: min(a.N, b.N)}
	if bounded(a) && bounded(b) && b.Lo > 0 {
		r.Lo, r.Hi = a.Lo/b.Hi, a.Hi/b.Lo
	}
	return r
}

func bounded(e Estimate) bool {
	return !math.IsInf(e.Lo, 0) && !math.IsInf(e.Hi, 0)
}

// percent turns a ratio estimate into a percent change.
func percent(r Estimate) Estimate {
	pc := func(x float64) float64 { return (x - 1) * 100 }
	return Estimate{pc(r.Center), pc(r.Lo), pc(r.Hi), r.N}
}

// addSamples collects f's BenchmarkAdd measurements in unit, grouped by
// configuration. keys lists the configurations in order of first appearance.
func addSamples(f *File, unit string) (keys []AddKey, samples map[AddKey][]float64, warnings []error) {
	unit = TidyUnit(unit)
	var p benchproc.ProjectionParser
	proj, err := p.Parse(".name,/style,/mode,/programs,/len,/quantum,/gomaxprocs", nil)
	if err != nil {
		panic(err) // the projection is a constant
	}
	fl := proj.Fields()
	samples = make(map[AddKey][]float64)
	for _, r := range f.Results {
		v, ok := r.Value(unit)
		if !ok {
			continue
		}
		pk := proj.Project(r)
		if pk.Get(fl[0]) != "Add" {
			continue
		}
		k := AddKey{Style: pk.Get(fl[1]), Mode: pk.Get(fl[2])}
		var bad error
		for i, dst := range []*int{&k.Programs, &k.Len, &k.Quantum, &k.Gomaxprocs} {
			if *dst, err = nameInt(pk, fl[3+i]); err != nil && bad == nil {
				bad = err
			}
		}
		if bad == nil && k.Style == "" {
			bad = fmt.Errorf("no /style key")
		}
		if bad != nil {
			file, line := r.Pos()
			warnings = append(warnings, fmt.Errorf("%s:%d: Benchmark%s: %v; left out", file, line, r.Name, bad))
			continue
		}
		if _, seen := samples[k]; !seen {
			keys = append(keys, k)
		}
		samples[k] = append(samples[k], v)
	}
	return keys, samples, warnings
}

// nameInt reads an integer name key; an absent /gomaxprocs is 1.
func nameInt(k benchproc.Key, f *benchproc.Field) (int, error) {
	s := fieldValue(k, f)
	if s == "" {
		return 0, fmt.Errorf("no %s key", f.Name)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s=%s is not an integer", f.Name, s)
	}
	return n, nil
}
