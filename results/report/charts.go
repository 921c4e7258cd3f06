// Package report turns benchmark results into what a reader looks at: the
// charts of results/plot, fed from the views of package results, and a
// Markdown report that puts tables, charts and the machine's fingerprint on
// one page. The addbench plot and report commands are thin wrappers over it.
package report

import (
	"cmp"
	"errors"
	"fmt"
	"math/bits"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/plot"
)

// A Chart is one chart of a report and the base name it is saved under.
type Chart struct {
	Name  string // file base name without extension, e.g. "cost-p8-len16384-q1-cpu2"
	Title string
	Chart *plot.Chart
}

// The baseline every style is drawn against.
const baseline = "sequential.loop"

// ns turns a results estimate in seconds into a plot estimate in ns.
func ns(e results.Estimate) plot.Estimate {
	return plot.Estimate{Center: e.Center * 1e9, Lo: e.Lo * 1e9, Hi: e.Hi * 1e9}
}

// group collects items into groups by key, groups and members in order of
// first appearance.
func group[K comparable, T any](items []T, key func(T) K) (keys []K, groups map[K][]T) {
	groups = make(map[K][]T)
	for _, it := range items {
		k := key(it)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], it)
	}
	return keys, groups
}

// panelsByMode makes one panel per mode, one bar per style.
func panelsByMode[T any](items []T, key func(T) results.AddKey, value func(T) plot.Estimate) []plot.Panel {
	modes, byMode := group(items, func(it T) string { return key(it).Mode })
	var panels []plot.Panel
	for _, m := range modes {
		p := plot.Panel{Title: "mode=" + m}
		for _, it := range byMode[m] {
			p.Bars = append(p.Bars, plot.Bar{Label: key(it).Style, Value: value(it)})
		}
		panels = append(panels, p)
	}
	return panels
}

// shape is a configuration with the style and mode left out.
type shape struct{ programs, len, quantum, gomaxprocs int }

func shapeOf(k results.AddKey) shape { return shape{k.Programs, k.Len, k.Quantum, k.Gomaxprocs} }

func (s shape) name(kind string) string {
	return fmt.Sprintf("%s-p%d-len%d-q%d-cpu%d", kind, s.programs, s.len, s.quantum, s.gomaxprocs)
}

func (s shape) String() string {
	return fmt.Sprintf("%s, quantum %d, GOMAXPROCS %d", programs(s.programs, s.len), s.quantum, s.gomaxprocs)
}

// programs describes a workload's shape, e.g. "8 programs of 2^14 adds":
// short enough that a chart's title fits its width uncut.
func programs(n, length int) string {
	l := strconv.Itoa(length)
	if length >= 1024 && bits.OnesCount(uint(length)) == 1 {
		l = fmt.Sprintf("2^%d", bits.TrailingZeros(uint(length)))
	}
	if n == 1 {
		return fmt.Sprintf("1 program of %s adds", l)
	}
	return fmt.Sprintf("%d programs of %s adds", n, l)
}

// Charts returns every chart one results file supports: cost by style for
// each configuration (a panel per mode), speedup over GOMAXPROCS and ns/add
// over quantum where the file has more than one of them, and the primitives.
// Warnings are problems that left something out; the error is for a file
// with nothing to draw.
func Charts(f *results.File) ([]Chart, []error, error) {
	var charts []Chart
	var warnings []error
	costs := f.Costs("sec/add")
	warnings = append(warnings, costs.Warnings...)
	add := func(name, title string, ch *plot.Chart, err error) {
		if err != nil {
			warnings = append(warnings, fmt.Errorf("%s: chart %s: %w", f.Label, name, err))
			return
		}
		charts = append(charts, Chart{name, title, ch})
	}

	shapes, byShape := group(costs.Costs, func(c results.Cost) shape { return shapeOf(c.Key) })
	for _, s := range shapes {
		title := "Cost per add: " + s.String()
		ch, err := plot.Cost(title, panelsByMode(byShape[s],
			func(c results.Cost) results.AddKey { return c.Key },
			func(c results.Cost) plot.Estimate { return ns(c.Value) }), baseline)
		add(s.name("cost"), title, ch, err)
	}

	// Line charts: one line per style, along GOMAXPROCS or the quantum.
	type lineKey struct {
		mode          string
		programs, len int
		fixed         int // the quantum of a speedup chart, GOMAXPROCS of a quantum chart
	}
	lines := func(speedup bool) {
		x := func(k results.AddKey) int { return k.Quantum }
		fixed := func(k results.AddKey) int { return k.Gomaxprocs }
		if speedup {
			x, fixed = fixed, x
		}
		keys, byKey := group(costs.Costs, func(c results.Cost) lineKey {
			return lineKey{c.Key.Mode, c.Key.Programs, c.Key.Len, fixed(c.Key)}
		})
		for _, k := range keys {
			styles, byStyle := group(byKey[k], func(c results.Cost) string { return c.Key.Style })
			var series []plot.Series
			xs := map[int]bool{}
			for _, st := range styles {
				s := plot.Series{Name: st}
				for _, c := range byStyle[st] {
					s.Points = append(s.Points, plot.Point{X: float64(x(c.Key)), Y: ns(c.Value)})
					xs[x(c.Key)] = true
				}
				series = append(series, s)
			}
			if len(xs) < 2 {
				continue // one point per line is no curve
			}
			if speedup {
				name := fmt.Sprintf("speedup-%s-p%d-len%d-q%d", k.mode, k.programs, k.len, k.fixed)
				title := fmt.Sprintf("Speedup: %s, %s, quantum %d", k.mode, programs(k.programs, k.len), k.fixed)
				ch, err := plot.Speedup(title, series)
				add(name, title, ch, err)
			} else {
				name := fmt.Sprintf("quantum-%s-p%d-len%d-cpu%d", k.mode, k.programs, k.len, k.fixed)
				title := fmt.Sprintf("Cost by quantum: %s, %s, GOMAXPROCS %d", k.mode, programs(k.programs, k.len), k.fixed)
				ch, err := plot.Quantum(title, series)
				add(name, title, ch, err)
			}
		}
	}
	lines(true)
	lines(false)

	prims := f.Primitives()
	warnings = append(warnings, prims.Warnings...)
	if len(prims.Primitives) > 0 {
		procs, byProcs := group(prims.Primitives, func(p results.Primitive) int { return p.Gomaxprocs })
		var panels []plot.Panel
		for _, n := range procs {
			p := plot.Panel{Title: "GOMAXPROCS=" + strconv.Itoa(n)}
			for _, pr := range byProcs[n] {
				p.Bars = append(p.Bars, plot.Bar{Label: pr.Op, Value: ns(pr.Time)})
			}
			panels = append(panels, p)
		}
		title := "Cost of each mechanism, one operation"
		ch, err := plot.Primitives(title, panels)
		add("primitives", title, ch, err)
	}
	if len(charts) == 0 {
		return nil, warnings, fmt.Errorf("%s: no BenchmarkAdd or BenchmarkPrimitive results to chart", f.Label)
	}
	return charts, warnings, nil
}

// ChangeCharts returns, for each configuration in both files, the percent
// change of every style's ns/add from old to new, a panel per mode, with the
// ±threshold band shaded. alpha is the significance level (0: the default).
func ChangeCharts(old, new *results.File, alpha, threshold float64) ([]Chart, []error, error) {
	st := results.Shifts(old, new, "sec/add", alpha)
	warnings := slices.Clone(st.Warnings)
	if len(st.Shifts) == 0 {
		return nil, warnings, fmt.Errorf("%s and %s have no BenchmarkAdd configuration in common", old.Label, new.Label)
	}
	var charts []Chart
	shapes, byShape := group(st.Shifts, func(s results.Shift) shape { return shapeOf(s.Key) })
	for _, s := range shapes {
		name := s.name("change")
		title := fmt.Sprintf("Change in ns/add, %s → %s: %s", filepath.Base(old.Label), filepath.Base(new.Label), s)
		ch, err := plot.Change(title, panelsByMode(byShape[s],
			func(sh results.Shift) results.AddKey { return sh.Key },
			func(sh results.Shift) plot.Estimate {
				return plot.Estimate{Center: sh.Change.Center, Lo: sh.Change.Lo, Hi: sh.Change.Hi}
			}), threshold)
		if err != nil {
			warnings = append(warnings, fmt.Errorf("chart %s: %w", name, err))
			continue
		}
		charts = append(charts, Chart{name, title, ch})
	}
	if len(charts) == 0 {
		return nil, warnings, errors.Join(append([]error{errors.New("no change chart could be drawn")}, warnings...)...)
	}
	return charts, warnings, nil
}

// Save writes every chart into dir as PNG and SVG and returns the files
// written.
func Save(dir string, charts []Chart) ([]string, error) {
	var files []string
	for _, c := range charts {
		fs, err := c.Chart.Save(dir, c.Name)
		if err != nil {
			return files, fmt.Errorf("saving chart %s: %w", c.Name, err)
		}
		files = append(files, fs...)
	}
	slices.SortFunc(files, cmp.Compare)
	return files, nil
}
