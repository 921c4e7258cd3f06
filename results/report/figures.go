package report

import (
	"cmp"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/addbench/addbench/internal/machine"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/plot"
)

// SpectrumFigure is the name of the report's headline chart: every style's
// ns/add at quantum 1 as a multiple of Baseline's.
const SpectrumFigure = "spectrum"

// A Figure is one chart of a report: the chart as results/plot draws it,
// its title, and the base name it is saved under (NAME.png and NAME.svg).
type Figure struct {
	Name  string // file base name without extension, e.g. "cost-p8-len16384-q1-cpu2"
	Title string
	Chart *plot.Chart
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
func panelsByMode[T any](items []T, key func(T) results.AddKey, value func(T) results.Estimate) []plot.Panel {
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

// Figures returns the charts addbench plot draws for set: those of its last
// file (fileFigures) and, for exactly two files, the change from the first
// to the second, compared with opts (changeFigures). Warnings are problems
// that left a chart out; the error is for a last file with nothing to draw,
// a comparison that fails, or two files with no change to draw.
func Figures(set *results.Set, opts benchtab.Options) ([]Figure, []error, error) {
	if set == nil || len(set.Files) == 0 {
		return nil, nil, fmt.Errorf("report: no results files")
	}
	last := set.Files[len(set.Files)-1]
	figs, warnings, err := fileFigures(last)
	if err != nil || len(set.Files) != 2 {
		return figs, warnings, err
	}
	c, err := compare(set, opts)
	if err != nil {
		return nil, warnings, err
	}
	change, w, err := changeFigures(c)
	return append(figs, change...), append(warnings, w...), err
}

// fileFigures returns every chart one results file supports: cost by style
// for each configuration (a panel per mode), speedup over GOMAXPROCS and
// ns/add over quantum where the file has more than one of them, the
// primitives, the peers and the scale view. Warnings are problems that left
// something out; the error is for a file with nothing to draw.
func fileFigures(f *results.File) ([]Figure, []error, error) {
	return spectrumAndFigures(f, newRun(f).Spectrum)
}

// spectrumAndFigures is fileFigures with the spectrum of f computed.
func spectrumAndFigures(f *results.File, spec []SpectrumRow) ([]Figure, []error, error) {
	var charts []Figure
	var warnings []error
	costs := f.Costs("sec/add")
	sortCosts(costs.Costs)
	warnings = append(warnings, costs.Warnings...)
	add := func(name, title string, ch *plot.Chart, err error) {
		if err != nil {
			warnings = append(warnings, fmt.Errorf("%s: chart %s: %w", f.Label, name, err))
			return
		}
		charts = append(charts, Figure{name, title, ch})
	}

	// A chart of results at more Ps than usable CPUs says so in its title
	// (a speedup chart shades them).
	usable, _ := usableCPUs(f)

	// The headline: the spectrum's × Baseline at quantum 1, a row per style.
	var bars []plot.LevelBar
	procs := 0
	for _, row := range spec {
		if row.Level < 0 || !(row.Fine.Loop.Center > 0) {
			continue // a style with no level (an unknown peer) or no ratio
		}
		bars = append(bars, plot.LevelBar{Bar: plot.Bar{Label: row.Style, Value: row.Fine.Loop}, Level: row.Level})
		procs = max(procs, row.Fine.Key.Gomaxprocs)
	}
	if len(bars) > 0 {
		title := "Cost per add at quantum 1, × " + Baseline + oversubscribedTitle(procs, usable)
		ch, err := plot.Spectrum(title, "× "+Baseline+" (ns/add ÷ ns/add)", bars)
		add(SpectrumFigure, title, ch, err)
	}

	shapes, byShape := group(costs.Costs, func(c results.Cost) shape { return shapeOf(c.Key) })
	for _, s := range shapes {
		title := "Cost per add: " + s.String() + oversubscribedTitle(s.gomaxprocs, usable)
		ch, err := plot.Cost(title, panelsByMode(byShape[s],
			func(c results.Cost) results.AddKey { return c.Key },
			func(c results.Cost) results.Estimate { return c.Value.Times(1e9) }), Baseline)
		add(s.name("cost"), title, ch, err)
	}

	// Speedup charts: one line per style along GOMAXPROCS, from ratios
	// paired within passes.
	type lineKey struct {
		mode          string
		programs, len int
		fixed         int // the quantum of a speedup chart, GOMAXPROCS of a quantum chart
	}
	speedups, warns := f.Speedups("sec/add")
	warnings = append(warnings, warns...)
	keys, byKey := group(speedups, func(s results.Speedup) lineKey {
		return lineKey{s.Key.Mode, s.Key.Programs, s.Key.Len, s.Key.Quantum}
	})
	for _, k := range keys {
		styles, byStyle := group(byKey[k], func(s results.Speedup) string { return s.Key.Style })
		var series []plot.Series
		for _, st := range styles {
			s := plot.Series{Name: st, Points: []plot.Point{{X: 1, Y: results.Exact(1)}}}
			for _, sp := range byStyle[st] {
				s.Points = append(s.Points, plot.Point{X: float64(sp.Key.Gomaxprocs), Y: sp.Value})
			}
			series = append(series, s)
		}
		name := fmt.Sprintf("speedup-%s-p%d-len%d-q%d", k.mode, k.programs, k.len, k.fixed)
		title := fmt.Sprintf("Speedup: %s, %s, quantum %d", k.mode, programs(k.programs, k.len), k.fixed)
		ch, err := plot.SpeedupOn(title, series, usable)
		add(name, title, ch, err)
	}

	// Quantum charts: one line per style along the quantum.
	qkeys, byQ := group(costs.Costs, func(c results.Cost) lineKey {
		return lineKey{c.Key.Mode, c.Key.Programs, c.Key.Len, c.Key.Gomaxprocs}
	})
	for _, k := range qkeys {
		styles, byStyle := group(byQ[k], func(c results.Cost) string { return c.Key.Style })
		var series []plot.Series
		xs := map[int]bool{}
		for _, st := range styles {
			s := plot.Series{Name: st}
			for _, c := range byStyle[st] {
				s.Points = append(s.Points, plot.Point{X: float64(c.Key.Quantum), Y: c.Value.Times(1e9)})
				xs[c.Key.Quantum] = true
			}
			series = append(series, s)
		}
		if len(xs) < 2 {
			continue // one point per line is no curve
		}
		name := fmt.Sprintf("quantum-%s-p%d-len%d-cpu%d", k.mode, k.programs, k.len, k.fixed)
		title := fmt.Sprintf("Cost by quantum: %s, %s, GOMAXPROCS %d", k.mode, programs(k.programs, k.len), k.fixed) + oversubscribedTitle(k.fixed, usable)
		ch, err := plot.Quantum(title, series)
		add(name, title, ch, err)
	}

	prims := f.Primitives()
	warnings = append(warnings, prims.Warnings...)
	if len(prims.Costs) > 0 {
		procs, byProcs := group(prims.Costs, func(p results.PrimitiveCost) int { return p.Gomaxprocs })
		var panels []plot.Panel
		for _, n := range procs {
			p := plot.Panel{Title: "GOMAXPROCS=" + strconv.Itoa(n)}
			if machine.Oversubscribed(n, usable) {
				p.Title += " (oversubscribed)"
			}
			for _, pr := range byProcs[n] {
				p.Bars = append(p.Bars, plot.Bar{Label: pr.Op, Value: pr.Time.Times(1e9)})
			}
			panels = append(panels, p)
		}
		title := "Cost of each mechanism, one operation"
		ch, err := plot.Primitives(title, panels)
		add("primitives", title, ch, err)
	}
	if rows := peers(f); len(rows) > 0 {
		levels, byLevel := group(rows, func(r Peer) int { return r.Level })
		var panels []plot.Panel
		for _, l := range levels {
			p := plot.Panel{Title: fmt.Sprintf("level %d ÷ op=%s", l, byLevel[l][0].Op)}
			for _, r := range byLevel[l] {
				p.Bars = append(p.Bars, plot.Bar{Label: r.Key.Style, Value: r.Times})
			}
			panels = append(panels, p)
		}
		title := "Peers: ns/add at quantum 1 as a multiple of the level's mechanism"
		ch, err := plot.Multiples(title, "× the mechanism (ns/add ÷ ns/op)", panels)
		add("peers", title, ch, err)
	}
	// Only a scale run (addbench bench -suite scale) has a configuration
	// at three program counts or more; others get no scale chart.
	scaleFigures(f, usable, add)
	if len(charts) == 0 {
		return nil, warnings, fmt.Errorf("%s: no BenchmarkAdd or BenchmarkPrimitive results to chart", f.Label)
	}
	return charts, warnings, nil
}

// changeFigures returns, for each configuration of the comparison c (made
// with benchtab.Compare, one column per file), the percent change of every
// style's ns/add from the first column to each other, a panel per mode, with
// the ±threshold band shaded: the same cells, ratios and intervals the
// verdict and the tables read. A normalized comparison charts ratios to its
// baseline style.
func changeFigures(c *benchtab.Comparison) ([]Figure, []error, error) {
	type change struct {
		key results.AddKey
		val results.Estimate
	}
	var warnings []error
	var charts []Figure
	for _, t := range c.TablesOf("sec/add") {
		for col := 1; col < len(t.Cols); col++ {
			var changes []change
			for _, row := range t.Rows {
				k, ok := results.ParseAddName(row.Label)
				cell := row.Cells[col]
				if !ok || cell == nil || cell.Baseline == nil {
					continue
				}
				pc := results.Percent(cell.Ratio())
				changes = append(changes, change{k, pc})
			}
			shapes, byShape := group(changes, func(ch change) shape { return shapeOf(ch.key) })
			for _, s := range shapes {
				name := s.name("change")
				if len(t.Cols) > 2 {
					name += "-" + strconv.Itoa(col)
				}
				what := "ns/add"
				if t.Normalized != "" {
					what += " ÷ " + t.Normalized
				}
				title := fmt.Sprintf("Change in %s, %s → %s: %s", what, filepath.Base(t.Cols[0]), filepath.Base(t.Cols[col]), s)
				ch, err := plot.Change(title, panelsByMode(byShape[s],
					func(ch change) results.AddKey { return ch.key },
					func(ch change) results.Estimate { return ch.val }), c.Options.Threshold)
				if err != nil {
					warnings = append(warnings, fmt.Errorf("chart %s: %w", name, err))
					continue
				}
				charts = append(charts, Figure{name, title, ch})
			}
		}
	}
	if len(charts) == 0 {
		return nil, warnings, errors.Join(append([]error{errors.New("no BenchmarkAdd configuration in common: no change chart could be drawn")}, warnings...)...)
	}
	return charts, warnings, nil
}

// SavedIn returns the figures whose SVG file, NAME.svg, is in dir (as Save
// or addbench plot left it), and those whose file is not.
func SavedIn(dir string, figs []Figure) (found, missing []Figure) {
	for _, f := range figs {
		if _, err := os.Stat(filepath.Join(dir, f.Name+".svg")); err == nil {
			found = append(found, f)
		} else {
			missing = append(missing, f)
		}
	}
	return found, missing
}

// Save writes every chart into dir as PNG and SVG and returns the files
// written.
//
// Every chart is drawn before any file is written, so a chart that fails to
// draw leaves every existing file as it was, rather than a directory half old
// and half new.
func Save(dir string, charts []Figure) ([]string, error) {
	var images []plot.Image
	for _, c := range charts {
		im, err := c.Chart.Images(c.Name)
		if err != nil {
			return nil, fmt.Errorf("drawing chart %s: %w", c.Name, err)
		}
		images = append(images, im...)
	}
	files, err := plot.WriteImages(dir, images)
	slices.SortFunc(files, cmp.Compare)
	return files, err
}
