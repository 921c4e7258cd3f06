package benchtab

import (
	"fmt"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/addbench/addbench/results"
)

// A normalizer turns time measurements into ratios to a baseline style.
//
// For each file and configuration it takes the baseline style's median and
// divides every sample of every other style by it, so the Mann-Whitney test
// then compares distributions of ratios. A constant per file (the median, not
// a single paired sample) keeps each style's own spread intact and cannot
// pair a lucky sample with an unlucky one; what it ignores is the
// uncertainty of the baseline median itself, so p-values are slightly
// optimistic when the baseline is noisy. Only time units (sec/...) are
// normalized: counts such as B/op, allocs/op and lost/op do not scale with
// the machine and stay raw. Benchmarks without a /style key (the primitives)
// have no baseline, so their times are left out, with a warning: compared
// raw, they would raise the very alarm normalizing is meant to silence.
type normalizer struct {
	base   string
	style  *benchproc.Projection
	peer   *benchproc.Projection // .file and .fullname without /style
	styleF *benchproc.Field

	medians map[peerUnit]float64
	units   map[string]normUnit // internal unit name -> its meaning

	warned   map[string]bool
	warnings []error
}

type peerUnit struct {
	peer benchproc.Key
	unit string
}

type normUnit struct{ unit, base string }

func newNormalizer(set *results.Set, base string) (*normalizer, error) {
	var p benchproc.ProjectionParser
	style, err := p.Parse("/style", nil)
	if err != nil {
		return nil, err
	}
	// Parsed after /style, so .fullname leaves /style out: a style and
	// its baseline in the same configuration project to the same key.
	peer, err := p.Parse(".file,.fullname", nil)
	if err != nil {
		return nil, err
	}
	n := &normalizer{
		base: base, style: style, peer: peer, styleF: style.Fields()[0],
		medians: make(map[peerUnit]float64),
		units:   make(map[string]normUnit),
		warned:  make(map[string]bool),
	}
	// Baseline medians come from all results, before any filter, so a
	// filter that hides the baseline style does not disable normalizing.
	samples := make(map[peerUnit][]float64)
	for _, f := range set.Files {
		for _, r := range f.Results {
			if n.style.Project(r).Get(n.styleF) != base {
				continue
			}
			pk := n.peer.Project(r)
			for _, v := range r.Values {
				if isTime(v.Unit) {
					k := peerUnit{pk, v.Unit}
					samples[k] = append(samples[k], v.Value)
				}
			}
		}
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("normalizing to style %q: no results with /style=%s and a time unit", base, base)
	}
	for k, vals := range samples {
		s := benchmath.NewSample(vals, &benchmath.DefaultThresholds)
		n.medians[k] = benchmath.AssumeNothing.Summary(s, results.DefaultConfidence).Center
	}
	return n, nil
}

// apply rewrites r's time values as ratios under a distinct unit name, so
// that they form their own tables, and drops the baseline's own time
// values, which would all be 1. It reports whether any value is left.
func (n *normalizer) apply(r *benchfmt.Result) bool {
	style := n.style.Project(r).Get(n.styleF)
	var pk benchproc.Key
	vals := r.Values[:0]
	for _, v := range r.Values {
		if !isTime(v.Unit) {
			vals = append(vals, v)
			continue
		}
		if style == n.base {
			continue
		}
		if style == "" {
			n.warnOnce(fmt.Sprintf("%s: Benchmark%s has no /style key, so no %s baseline; its times are left out", r.GetConfig(".file"), r.Name.Base(), n.base))
			continue
		}
		if pk.IsZero() {
			pk = n.peer.Project(r)
		}
		m, ok := n.medians[peerUnit{pk, v.Unit}]
		if !ok || m <= 0 {
			n.warnOnce(fmt.Sprintf("%s: no %s baseline (%s) for Benchmark%s; left out", r.GetConfig(".file"), n.base, v.Unit, r.Name))
			continue
		}
		name := v.Unit + " ÷ " + n.base
		n.units[name] = normUnit{v.Unit, n.base}
		vals = append(vals, benchfmt.Value{Value: v.Value / m, Unit: name})
	}
	r.Values = vals
	return len(vals) > 0
}

// warnOnce records a warning the first time it is seen: each benchmark
// recurs once per sample.
func (n *normalizer) warnOnce(msg string) {
	if !n.warned[msg] {
		n.warned[msg] = true
		n.warnings = append(n.warnings, fmt.Errorf("normalizing: %s", msg))
	}
}

// unit reports what an internal unit name stands for. It is safe on a nil
// normalizer.
func (n *normalizer) unit(name string) (normUnit, bool) {
	if n == nil {
		return normUnit{}, false
	}
	u, ok := n.units[name]
	return u, ok
}

// isTime reports whether a tidied unit measures time: "sec" or "sec/...".
func isTime(unit string) bool {
	return unit == "sec" || strings.HasPrefix(unit, "sec/")
}
