package results

import (
	"fmt"
	"slices"
	"strconv"

	"golang.org/x/perf/benchproc"
)

// The views below derive addbench's tables and charts from one file. They
// return plain data — estimates keyed by AddKey, in the order the benchmarks
// first appear — and keep problems that leave a value out as Warnings, never
// as errors.
//
// Every ratio within a file is paired: sample i of a style is divided by
// sample i of its base, which in a passes run (addbench bench) was measured
// in the same pass, minutes apart at most. The drift of a shared machine
// then weighs on both sides of each ratio and cancels, where a ratio of two
// medians taken at different times would carry it.

// A RatioTable is a style × configuration table of each style's time
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

// A Ratio is one cell of a RatioTable: the style's ratio to the baseline,
// paired pass by pass (PairedRatio), with its interval.
type Ratio struct {
	Key   AddKey
	Value Estimate
}

// Get returns the ratio for style in configuration cfg (whose Style is
// ignored).
func (t *RatioTable) Get(style string, cfg AddKey) (Estimate, bool) {
	cfg.Style = style
	for _, r := range t.Ratios {
		if r.Key == cfg {
			return r.Value, true
		}
	}
	return Estimate{}, false
}

// Ratios divides every style's time in unit (such as "sec/add"; "ns/add" is
// accepted) by the baseline style's, such as "sequential.loop", in the same
// configuration (same mode, programs, len, quantum and GOMAXPROCS), pass by
// pass (see PairedRatio).
func (f *File) Ratios(baseline, unit string) *RatioTable {
	t := &RatioTable{Unit: TidyUnit(unit), Baseline: baseline}
	keys, samples, warns := addSamples(f, unit)
	t.Warnings = append(t.Warnings, warns...)
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
		b, ok := samples[base]
		if !ok {
			t.Warnings = append(t.Warnings, fmt.Errorf("%s: no %s result for %v; left out", f.Label, baseline, k))
			continue
		}
		t.Warnings = append(t.Warnings, f.pairWarning(k, len(samples[k]), base, len(b))...)
		e := PairedRatio(samples[k], b, SeedOf(k.String()))
		if e.N < minBootstrap {
			t.Warnings = append(t.Warnings, fmt.Errorf("%s: %v: %d pairs: need >= %d samples for an interval", f.Label, k, e.N, minBootstrap))
		}
		t.Ratios = append(t.Ratios, Ratio{k, e})
	}
	return t
}

// pairWarning notes samples left unpaired: a partial run, or a file in which
// one benchmark ran more often than another.
func (f *File) pairWarning(a AddKey, na int, b AddKey, nb int) []error {
	if na == nb {
		return nil
	}
	return []error{fmt.Errorf("%s: %d samples of %v but %d of %v; paired the first %d", f.Label, na, a, nb, b, min(na, nb))}
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
	for _, k := range keys {
		e, ws := Median(samples[k])
		for _, w := range ws {
			t.Warnings = append(t.Warnings, fmt.Errorf("%s: %v: %w", f.Label, k, w))
		}
		t.Costs = append(t.Costs, Cost{k, e})
	}
	return t
}

// A Speedup is how much faster one configuration ran at Key.Gomaxprocs than
// at GOMAXPROCS 1.
type Speedup struct {
	Key   AddKey
	Value Estimate // time at GOMAXPROCS 1 ÷ time at Key.Gomaxprocs, paired
}

// Speedups returns, for every configuration measured at GOMAXPROCS 1 and at
// some N > 1, the speedup at N: time at 1 ÷ time at N, paired within passes
// (go test runs every -cpu value of a benchmark in the same pass). unit is a
// time unit such as "sec/add". Configurations never run at GOMAXPROCS 1 are
// left out with a warning.
func (f *File) Speedups(unit string) ([]Speedup, []error) {
	keys, samples, warns := addSamples(f, unit)
	var out []Speedup
	warned := make(map[AddKey]bool)
	for _, k := range keys {
		if k.Gomaxprocs == 1 {
			continue
		}
		one := k
		one.Gomaxprocs = 1
		t1, ok := samples[one]
		if !ok {
			if !warned[one] {
				warned[one] = true
				warns = append(warns, fmt.Errorf("%s: no GOMAXPROCS=1 result for %v; no speedup", f.Label, one))
			}
			continue
		}
		warns = append(warns, f.pairWarning(one, len(t1), k, len(samples[k]))...)
		out = append(out, Speedup{k, PairedRatio(t1, samples[k], SeedOf("speedup "+k.String()))})
	}
	return out, warns
}

// A PrimitiveTable lists the BenchmarkPrimitive/op=X results of a file.
type PrimitiveTable struct {
	Unit  string // "sec/op"
	Costs []PrimitiveCost

	// samples keeps each op's measurements in file order, for ratios
	// paired with a style's (StyleOverPrimitive).
	samples  map[primitiveKey][]float64
	Warnings []error
}

// A PrimitiveCost is the measured cost of one raw mechanism (a channel
// hand-off, a mutex, an atomic add, ...) at one GOMAXPROCS.
type PrimitiveCost struct {
	Op         string
	Gomaxprocs int
	Time       Estimate
}

type primitiveKey struct {
	op  string
	gmp int
}

// Primitives returns the sec/op of every BenchmarkPrimitive/op=X in f.
func (f *File) Primitives() *PrimitiveTable {
	t := &PrimitiveTable{Unit: "sec/op", samples: make(map[primitiveKey][]float64)}
	var p benchproc.ProjectionParser
	proj, err := p.Parse(".name,/op,/gomaxprocs", nil)
	if err != nil {
		panic(err) // the projection is a constant
	}
	fl := proj.Fields()
	var order []primitiveKey
	for _, r := range f.Results {
		v, ok := r.Value(t.Unit)
		k := proj.Project(r)
		if !ok || k.Get(fl[0]) != "Primitive" || k.Get(fl[1]) == "" {
			continue
		}
		gmp, err := strconv.Atoi(KeyValue(k, fl[2]))
		if err != nil {
			file, line := r.Pos()
			t.Warnings = append(t.Warnings, fmt.Errorf("%s:%d: Primitive/op=%s: GOMAXPROCS %q is not an integer; left out", file, line, k.Get(fl[1]), KeyValue(k, fl[2])))
			continue
		}
		pk := primitiveKey{k.Get(fl[1]), gmp}
		if _, seen := t.samples[pk]; !seen {
			order = append(order, pk)
		}
		t.samples[pk] = append(t.samples[pk], v)
	}
	for _, k := range order {
		e, ws := Median(t.samples[k])
		for _, w := range ws {
			t.Warnings = append(t.Warnings, fmt.Errorf("%s: Primitive/op=%s-%d: %w", f.Label, k.op, k.gmp, w))
		}
		t.Costs = append(t.Costs, PrimitiveCost{k.op, k.gmp, e})
	}
	return t
}

// StyleOverPrimitive returns a BenchmarkAdd configuration's time per add
// divided by a primitive's time per operation at the same GOMAXPROCS, paired
// within passes: what a style spends per add as a multiple of the one
// mechanism it performs per add. It reports false when f lacks either.
func (f *File) StyleOverPrimitive(k AddKey, op string) (Estimate, bool) {
	_, samples, _ := addSamples(f, "sec/add")
	s, ok := samples[k]
	if !ok {
		return Estimate{}, false
	}
	p, ok := f.Primitives().samples[primitiveKey{op, k.Gomaxprocs}]
	if !ok {
		return Estimate{}, false
	}
	return PairedRatio(s, p, SeedOf(k.String()+" ÷ op="+op)), true
}

// Samples returns the measurements of one BenchmarkAdd configuration in
// unit, in file order (pass order in a passes run).
func (f *File) Samples(k AddKey, unit string) []float64 {
	_, samples, _ := addSamples(f, unit)
	return samples[k]
}
