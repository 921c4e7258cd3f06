package report

// The scale view: what each style costs as concurrent programs grow from 1
// to a million — time, memory and OS work per program, log–log, one line per
// style (scaleFigures), and a table of B/program at 10^5 and 10^6 beside the
// anchors the essay compares with (ScaleTable).

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/plot"
)

// scaleMinPrograms is how many distinct program counts a configuration needs
// to be drawn as a scale line: fewer is not a curve worth a log–log chart.
const scaleMinPrograms = 3

// A scaleMeasure is one Y of the scale charts, computed from a Cost in its
// unit and the configuration.
type scaleMeasure struct {
	kind, unit, label string
	value             func(results.AddKey, results.Estimate) results.Estimate
}

func perProgram(k results.AddKey, e results.Estimate) results.Estimate {
	n := float64(k.Programs)
	return e.Times(1 / n)
}

var scaleMeasures = []scaleMeasure{
	{"time", "sec/add", "ns/program", func(k results.AddKey, e results.Estimate) results.Estimate {
		return e.Times(float64(k.Len) * 1e9) // ns/add × adds per program
	}},
	{"memory", "B/program", "B/program", func(_ results.AddKey, e results.Estimate) results.Estimate { return e }},
	{"cpu", "cpu-ns/op", "CPU ns/program", perProgram},
	{"ctxsw", "ctxsw/op", "context switches/program", perProgram},
}

// scaleLine is a configuration with the style and the programs left out: one
// chart of the scale view.
type scaleLine struct {
	mode                 string
	len, quantum, nprocs int
}

// scaleSeries returns, for each configuration with at least scaleMinPrograms
// program counts in m's unit, one series per style of m's value against the
// programs. Points a log axis cannot hold (≤ 0) are left out.
func scaleSeries(f *results.File, m scaleMeasure) ([]scaleLine, map[scaleLine][]plot.Series) {
	costs := f.Costs(m.unit)
	sortCosts(costs.Costs)
	lines, byLine := group(costs.Costs, func(c results.Cost) scaleLine {
		return scaleLine{c.Key.Mode, c.Key.Len, c.Key.Quantum, c.Key.Gomaxprocs}
	})
	out := map[scaleLine][]plot.Series{}
	var keep []scaleLine
	for _, l := range lines {
		ns, _ := group(byLine[l], func(c results.Cost) int { return c.Key.Programs })
		if len(ns) < scaleMinPrograms {
			continue
		}
		styles, byStyle := group(byLine[l], func(c results.Cost) string { return c.Key.Style })
		var series []plot.Series
		for _, st := range styles {
			s := plot.Series{Name: st}
			for _, c := range byStyle[st] {
				if v := m.value(c.Key, c.Value); v.Center > 0 {
					s.Points = append(s.Points, plot.Point{X: float64(c.Key.Programs), Y: v})
				}
			}
			if len(s.Points) > 0 {
				series = append(series, s)
			}
		}
		if len(series) > 0 {
			keep = append(keep, l)
			out[l] = series
		}
	}
	return keep, out
}

// scaleFigures adds the scale charts of f: for each mode and GOMAXPROCS,
// ns/program, B/program, CPU ns/program and context switches/program against
// the concurrent programs, named scale-KIND-MODE-lenL-qQ-cpuN so that the
// four of one configuration sort side by side; a title says so where N is
// more Ps than the usable CPUs.
func scaleFigures(f *results.File, usable int, add func(name, title string, ch *plot.Chart, err error)) {
	for _, m := range scaleMeasures {
		lines, series := scaleSeries(f, m)
		for _, l := range lines {
			name := fmt.Sprintf("scale-%s-%s-len%d-q%d-cpu%d", m.kind, l.mode, l.len, l.quantum, l.nprocs)
			title := fmt.Sprintf("%s by concurrent programs: %s, %d adds each, quantum %d, GOMAXPROCS %d", m.label, l.mode, l.len, l.quantum, l.nprocs) + oversubscribedTitle(l.nprocs, usable)
			ch, err := plot.Scale(title, m.label, series[l])
			add(name, title, ch, err)
		}
	}
}

// scaleAnchors are the per-task memory figures the scale table sets beside
// the measured B/program.
var scaleAnchors = []Anchor{
	{"goroutine minimum stack (runtime/stack.go stackMin)", 2048},
	{"tokio task, one allocation (tokio tutorial)", 64},
	{"OS thread, measured for 10 000 Rust threads", 9700},
}

// scaleTableAt are the program counts of the scale table's columns.
var scaleTableAt = []int{100_000, 1_000_000}

// A ScaleTable is every style's memory and time per concurrent program at
// 10^5 and 10^6 programs, per mode and GOMAXPROCS, and the anchors a reader
// compares them with.
type ScaleTable struct {
	Columns []ScaleColumn // by GOMAXPROCS, then mode, then programs
	Rows    []ScaleRow    // by style name
	Anchors []Anchor
}

// A ScaleColumn is one configuration of the scale table.
type ScaleColumn struct {
	Mode                 string
	Programs, Gomaxprocs int
}

// String names the column as the tables head it: "shared 10^6 GOMAXPROCS 2".
func (c ScaleColumn) String() string {
	return fmt.Sprintf("%s %s GOMAXPROCS %d", c.Mode, countName(c.Programs), c.Gomaxprocs)
}

// A ScaleRow is one style of the scale table: a cell per column.
type ScaleRow struct {
	Style string
	Cells []ScaleCell
}

// A ScaleCell is one style's cost per program in one configuration. Both
// zero is a configuration the scale suite skips for the style
// (bench.ScaleCaps).
type ScaleCell struct {
	BytesPerProgram float64 // peak bytes above the workload, per program
	NsPerProgram    float64 // the time of one Run, per program
}

// Blank reports whether the cell was not measured.
func (c ScaleCell) Blank() bool { return c.BytesPerProgram == 0 && c.NsPerProgram == 0 }

// An Anchor is a published memory cost of one task of another runtime.
type Anchor struct {
	What  string
	Bytes float64
}

// scaleTable returns the scale table of f, or nil when f has no B/program at
// the table's program counts. A style without B/program has no row.
func scaleTable(f *results.File) *ScaleTable {
	cells := map[string]map[ScaleColumn]*ScaleCell{}
	var styles []string
	var cols []ScaleColumn
	get := func(k results.AddKey) *ScaleCell {
		if !slices.Contains(scaleTableAt, k.Programs) {
			return nil
		}
		c := ScaleColumn{k.Mode, k.Programs, k.Gomaxprocs}
		if cells[k.Style] == nil {
			cells[k.Style] = map[ScaleColumn]*ScaleCell{}
			styles = append(styles, k.Style)
		}
		if !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
		if cells[k.Style][c] == nil {
			cells[k.Style][c] = &ScaleCell{}
		}
		return cells[k.Style][c]
	}
	for _, c := range f.Costs("B/program").Costs {
		if x := get(c.Key); x != nil {
			x.BytesPerProgram = c.Value.Center
		}
	}
	if len(styles) == 0 {
		return nil
	}
	for _, c := range f.Costs("sec/add").Costs {
		if cells[c.Key.Style] == nil {
			continue
		}
		if x := get(c.Key); x != nil {
			x.NsPerProgram = c.Value.Center * float64(c.Key.Len) * 1e9
		}
	}
	slices.Sort(styles)
	slices.SortFunc(cols, func(a, b ScaleColumn) int {
		return cmp.Or(cmp.Compare(a.Gomaxprocs, b.Gomaxprocs), cmp.Compare(a.Mode, b.Mode), cmp.Compare(a.Programs, b.Programs))
	})
	t := &ScaleTable{Columns: cols, Anchors: scaleAnchors}
	for _, st := range styles {
		row := ScaleRow{Style: st}
		for _, c := range cols {
			if x := cells[st][c]; x != nil {
				row.Cells = append(row.Cells, *x)
			} else {
				row.Cells = append(row.Cells, ScaleCell{})
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// countName writes a power of ten from 10 000 up as 10^k, anything else as
// a number.
func countName(n int) string {
	k, m := 0, n
	for m > 1 && m%10 == 0 {
		m /= 10
		k++
	}
	if m == 1 && k >= 4 {
		return fmt.Sprintf("10^%d", k)
	}
	return strconv.Itoa(n)
}
