package results

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
)

// The views below derive addbench's charts and reports from one file (or two,
// for Shifts). They return plain data: medians with confidence intervals from
// benchmath, keyed by AddKey, in the order the benchmarks first appear.
// Problems that leave a value out are returned as Warnings, never as errors.

// A RatioTable is a style × configuration table of each style's median
// relative to a baseline style in the same file and configuration.
type RatioTable struct {
	Unit     string
	Baseline string

	// Styles (rows, without the baseline) and Configs (columns, with
	// Style empty) in order of first appearance.
	Styles  []string
	Configs []AddKey

	// Ratios holds one entry per style and configuration that has both
	// the style and the baseline; Key.Style is the style.
	Ratios []Ratio

	Warnings []error
}

// A Ratio is one cell of a RatioTable.
type Ratio struct {
	Key   AddKey
	Ratio Estimate // the style's median ÷ the baseline's
}

// Get returns the ratio for style in configuration cfg (whose Style is
// ignored).
func (t *RatioTable) Get(style string, cfg AddKey) (Estimate, bool) {
	cfg.Style = style
	for _, r := range t.Ratios {
		if r.Key == cfg {
			return r.Ratio, true
		}
	}
	return Estimate{}, false
}

// Ratios divides every style's median in unit (such as "sec/add"; "ns/add"
// is accepted) by the median of the baseline style, such as
// "sequential.loop", in the same configuration: same mode, programs, len,
// quantum and GOMAXPROCS. The interval joins the extremes of the two medians'
// intervals (style low ÷ baseline high to style high ÷ baseline low), which
// covers the ratio with at least 90% confidence when both are 95% intervals.
func (f *File) Ratios(baseline, unit string) *RatioTable {
	t := &RatioTable{Unit: TidyUnit(unit), Baseline: baseline}
	keys, samples, warns := addSamples(f, unit)
	t.Warnings = append(t.Warnings, warns...)
	est := f.estimates(keys, samples, &t.Warnings)
	for _, k := range keys {
		cfg := k
		cfg.Style = ""
		if !slices.Contains(t.Configs, cfg) {
			t.Configs = append(t.Configs, cfg)
		}
		if k.Style == baseline {
			continue
		}
		if !slices.Contains(t.Styles, k.Style) {
			t.Styles = append(t.Styles, k.Style)
		}
		base := cfg
		base.Style = baseline
		b, ok := est[base]
		if !ok {
			t.Warnings = append(t.Warnings, fmt.Errorf("%s: no %s result for %v; left out", f.Label, baseline, k))
			continue
		}
		t.Ratios = append(t.Ratios, Ratio{k, ratio(est[k], b)})
	}
	return t
}

// estimates summarizes every sample, noting benchmath's warnings.
func (f *File) estimates(keys []AddKey, samples map[AddKey][]float64, warns *[]error) map[AddKey]Estimate {
	est := make(map[AddKey]Estimate, len(keys))
	for _, k := range keys {
		e, ws := estimate(samples[k])
		for _, w := range ws {
			*warns = append(*warns, fmt.Errorf("%s: %v: %w", f.Label, k, w))
		}
		est[k] = e
	}
	return est
}

// A CostTable is the median of every BenchmarkAdd configuration in one
// unit, with its confidence interval.
type CostTable struct {
	Unit     string
	Costs    []Cost // in order of first appearance
	Warnings []error
}

// A Cost is one configuration's estimate.
type Cost struct {
	Key   AddKey
	Value Estimate
}

// Costs returns every BenchmarkAdd configuration's median of unit (normally
// "sec/add") in f: the data for a chart of styles side by side.
func (f *File) Costs(unit string) *CostTable {
	t := &CostTable{Unit: TidyUnit(unit)}
	keys, samples, warns := addSamples(f, unit)
	t.Warnings = append(t.Warnings, warns...)
	est := f.estimates(keys, samples, &t.Warnings)
	for _, k := range keys {
		t.Costs = append(t.Costs, Cost{k, est[k]})
	}
	return t
}

// Curves are series of estimates along one axis, for line charts.
type Curves struct {
	Unit string
	X    string // the varying key: "gomaxprocs" or "quantum"

	// Series has one curve per fixed configuration, whose X field is
	// zero in Key.
	Series []Series

	Warnings []error
}

// A Series is one curve: the configuration Key with one key varying.
type Series struct {
	Key    AddKey
	Points []Point // in increasing X
}

// A Point is one point of a Series.
type Point struct {
	X float64
	Y Estimate
}

// curves groups estimates into series by everything except the key x
// selects, and sorts each by x.
func curves(keys []AddKey, x func(*AddKey) *int, y func(AddKey) (Estimate, bool)) []Series {
	var out []Series
	index := make(map[AddKey]int)
	for _, k := range keys {
		v, ok := y(k)
		if !ok {
			continue
		}
		fixed := k
		*x(&fixed) = 0
		i, seen := index[fixed]
		if !seen {
			i = len(out)
			index[fixed] = i
			out = append(out, Series{Key: fixed})
		}
		out[i].Points = append(out[i].Points, Point{float64(*x(&k)), v})
	}
	for _, s := range out {
		slices.SortFunc(s.Points, func(a, b Point) int { return cmp.Compare(a.X, b.X) })
	}
	return out
}

// Speedups returns, for every style and configuration, the speedup over
// GOMAXPROCS: the median time at GOMAXPROCS=1 divided by the median at
// GOMAXPROCS=N, for every N measured (so N=1 gives 1). unit is a time unit
// such as "sec/add". Configurations never run at GOMAXPROCS=1 are left out
// with a warning.
func (f *File) Speedups(unit string) *Curves {
	c := &Curves{Unit: TidyUnit(unit), X: "gomaxprocs"}
	keys, samples, warns := addSamples(f, unit)
	c.Warnings = append(c.Warnings, warns...)
	est := f.estimates(keys, samples, &c.Warnings)
	warned := make(map[AddKey]bool)
	c.Series = curves(keys, func(k *AddKey) *int { return &k.Gomaxprocs }, func(k AddKey) (Estimate, bool) {
		one := k
		one.Gomaxprocs = 1
		t1, ok := est[one]
		if !ok {
			if !warned[one] {
				warned[one] = true
				c.Warnings = append(c.Warnings, fmt.Errorf("%s: no GOMAXPROCS=1 result for %v; no speedups", f.Label, one))
			}
			return Estimate{}, false
		}
		return ratio(t1, est[k]), true
	})
	return c
}

// QuantumCurves returns, for every style and fixed mode, programs, len and
// GOMAXPROCS, the median of unit (normally "sec/add") as a function of the
// quantum: the cost of a style's interaction points as they grow rarer.
func (f *File) QuantumCurves(unit string) *Curves {
	c := &Curves{Unit: TidyUnit(unit), X: "quantum"}
	keys, samples, warns := addSamples(f, unit)
	c.Warnings = append(c.Warnings, warns...)
	est := f.estimates(keys, samples, &c.Warnings)
	c.Series = curves(keys, func(k *AddKey) *int { return &k.Quantum }, func(k AddKey) (Estimate, bool) {
		e, ok := est[k]
		return e, ok
	})
	return c
}

// A PrimitiveTable lists the BenchmarkPrimitive/op=X results of a file.
type PrimitiveTable struct {
	Unit       string // "sec/op"
	Primitives []Primitive
	Warnings   []error
}

// A Primitive is the cost of one raw mechanism (a channel hand-off, a mutex,
// an atomic add, ...) at one GOMAXPROCS.
type Primitive struct {
	Op         string
	Gomaxprocs int
	Time       Estimate
}

// Primitives returns the sec/op of every BenchmarkPrimitive/op=X in f.
func (f *File) Primitives() *PrimitiveTable {
	t := &PrimitiveTable{Unit: "sec/op"}
	var p benchproc.ProjectionParser
	proj, err := p.Parse(".name,/op,/gomaxprocs", nil)
	if err != nil {
		panic(err) // the projection is a constant
	}
	fl := proj.Fields()
	type opKey struct {
		op  string
		gmp string
	}
	var order []opKey
	samples := make(map[opKey][]float64)
	for _, r := range f.Results {
		v, ok := r.Value(t.Unit)
		k := proj.Project(r)
		if !ok || k.Get(fl[0]) != "Primitive" || k.Get(fl[1]) == "" {
			continue
		}
		ok2 := opKey{k.Get(fl[1]), fieldValue(k, fl[2])}
		if _, seen := samples[ok2]; !seen {
			order = append(order, ok2)
		}
		samples[ok2] = append(samples[ok2], v)
	}
	for _, k := range order {
		gmp, err := strconv.Atoi(k.gmp)
		if err != nil {
			t.Warnings = append(t.Warnings, fmt.Errorf("%s: Primitive/op=%s: GOMAXPROCS %q: %w", f.Label, k.op, k.gmp, err))
			continue
		}
		e, ws := estimate(samples[k])
		for _, w := range ws {
			t.Warnings = append(t.Warnings, fmt.Errorf("%s: Primitive/op=%s-%d: %w", f.Label, k.op, gmp, w))
		}
		t.Primitives = append(t.Primitives, Primitive{k.op, gmp, e})
	}
	return t
}

// A ShiftTable is the change of every style and configuration from one file
// to another: the data for a "change" chart.
type ShiftTable struct {
	Unit     string
	Old, New string // file labels
	Shifts   []Shift
	Warnings []error
}

// A Shift is one configuration's change between two files.
type Shift struct {
	Key      AddKey
	Old, New Estimate

	// Change is the percent change of the median, with the conservative
	// interval of Ratios (at least 90% when both samples have 95%
	// intervals).
	Change Estimate

	// P is the Mann-Whitney U p-value, as in Compare; Significant is
	// p <= alpha.
	P           float64
	Significant bool
}

// Shifts compares old and new in unit (such as "sec/add") for every
// configuration in both. alpha is the significance level; 0 means
// DefaultAlpha. Configurations found in only one file are warned about.
func Shifts(old, new *File, unit string, alpha float64) *ShiftTable {
	if alpha == 0 {
		alpha = DefaultAlpha
	}
	th := benchmath.Thresholds{CompareAlpha: alpha}
	t := &ShiftTable{Unit: TidyUnit(unit), Old: old.Label, New: new.Label}
	oldKeys, oldS, w1 := addSamples(old, unit)
	newKeys, newS, w2 := addSamples(new, unit)
	t.Warnings = append(append(t.Warnings, w1...), w2...)
	for _, k := range newKeys {
		if _, ok := oldS[k]; !ok {
			t.Warnings = append(t.Warnings, fmt.Errorf("%v: in %s but not in %s", k, new.Label, old.Label))
		}
	}
	for _, k := range oldKeys {
		if _, ok := newS[k]; !ok {
			t.Warnings = append(t.Warnings, fmt.Errorf("%v: in %s but not in %s", k, old.Label, new.Label))
			continue
		}
		a := benchmath.NewSample(oldS[k], &th)
		b := benchmath.NewSample(newS[k], &th)
		c := benchmath.AssumeNothing.Compare(a, b)
		for _, w := range c.Warnings {
			t.Warnings = append(t.Warnings, fmt.Errorf("%v: %w", k, w))
		}
		eo, _ := estimate(a.Values)
		en, _ := estimate(b.Values)
		t.Shifts = append(t.Shifts, Shift{
			Key: k, Old: eo, New: en,
			Change:      percent(ratio(en, eo)),
			P:           c.P,
			Significant: !(c.P > c.Alpha),
		})
	}
	return t
}
