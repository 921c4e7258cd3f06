package report

// The scale view (issue 11): what each style costs as concurrent programs
// grow from 1 to a million — time, memory and OS work per program, log–log,
// one line per style, and a table of B/program at 10^5 and 10^6 beside the
// anchors the essay compares with. Hooked into Charts and Markdown by one
// marked line each.

import (
	"bytes"
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
	return results.Estimate{Center: e.Center / n, Lo: e.Lo / n, Hi: e.Hi / n}
}

var scaleMeasures = []scaleMeasure{
	{"time", "sec/add", "ns/program", func(k results.AddKey, e results.Estimate) results.Estimate {
		l := float64(k.Len) * 1e9 // ns/add × adds per program
		return results.Estimate{Center: e.Center * l, Lo: e.Lo * l, Hi: e.Hi * l}
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
					s.Points = append(s.Points, plot.Point{X: float64(c.Key.Programs), Y: est(v)})
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

// scaleCharts adds the scale charts of f: for each mode and GOMAXPROCS,
// ns/program, B/program, CPU ns/program and context switches/program against
// the concurrent programs, named scale-KIND-MODE-lenL-qQ-cpuN so that the
// four of one configuration sort side by side.
func scaleCharts(f *results.File, add func(name, title string, ch *plot.Chart, err error)) {
	for _, m := range scaleMeasures {
		lines, series := scaleSeries(f, m)
		for _, l := range lines {
			name := fmt.Sprintf("scale-%s-%s-len%d-q%d-cpu%d", m.kind, l.mode, l.len, l.quantum, l.nprocs)
			title := fmt.Sprintf("%s by concurrent programs: %s, %d adds each, quantum %d, GOMAXPROCS %d", m.label, l.mode, l.len, l.quantum, l.nprocs)
			ch, err := plot.Scale(title, m.label, series[l])
			add(name, title, ch, err)
		}
	}
}

// ScaleAnchors are the per-task memory figures the scale table sets beside
// the measured B/program.
var ScaleAnchors = []struct {
	What  string
	Bytes float64
}{
	{"goroutine minimum stack (runtime/stack.go stackMin)", 2048},
	{"tokio task, one allocation (tokio tutorial)", 64},
	{"OS thread, measured for 10 000 Rust threads", 9700},
}

// scaleTableAt are the program counts of the scale table's columns.
var scaleTableAt = []int{100_000, 1_000_000}

// writeScale writes the scale table of f — every style's B/program and
// ns/program at 10^5 and 10^6 concurrent programs, per mode and GOMAXPROCS —
// and the anchors beside it; nothing when f has no B/program at those counts.
func writeScale(b *bytes.Buffer, f *results.File) {
	type cell struct{ bytes, ns results.Estimate }
	type col struct {
		mode             string
		programs, nprocs int
	}
	cells := map[string]map[col]*cell{}
	var styles []string
	var cols []col
	get := func(k results.AddKey) *cell {
		if !slices.Contains(scaleTableAt, k.Programs) {
			return nil
		}
		c := col{k.Mode, k.Programs, k.Gomaxprocs}
		if cells[k.Style] == nil {
			cells[k.Style] = map[col]*cell{}
			styles = append(styles, k.Style)
		}
		if !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
		if cells[k.Style][c] == nil {
			cells[k.Style][c] = &cell{}
		}
		return cells[k.Style][c]
	}
	for _, c := range f.Costs("B/program").Costs {
		if x := get(c.Key); x != nil {
			x.bytes = c.Value
		}
	}
	if len(styles) == 0 {
		return
	}
	for _, c := range f.Costs("sec/add").Costs {
		if cells[c.Key.Style] == nil {
			continue
		}
		if x := get(c.Key); x != nil {
			x.ns = results.Estimate{Center: c.Value.Center * float64(c.Key.Len) * 1e9}
		}
	}
	slices.Sort(styles)
	slices.SortFunc(cols, func(a, b col) int {
		if a.nprocs != b.nprocs {
			return a.nprocs - b.nprocs
		}
		if a.mode != b.mode {
			if a.mode < b.mode {
				return -1
			}
			return 1
		}
		return a.programs - b.programs
	})
	fmt.Fprintf(b, "### Scale: memory and time per concurrent program\n\n")
	fmt.Fprintf(b, "B/program is the peak of heap and goroutine stacks (and, for process styles, the workers' resident memory) above the workload, per concurrent program; ns/program is the time of one Run per program. A blank cell is a style the scale suite skips at that count (bench.ScaleCaps).\n\n| style |")
	for _, c := range cols {
		fmt.Fprintf(b, " %s %s GOMAXPROCS %d B/program | ns/program |", c.mode, countName(c.programs), c.nprocs)
	}
	fmt.Fprintf(b, "\n|---|%s\n", bytes.Repeat([]byte("---:|---:|"), len(cols)))
	for _, st := range styles {
		fmt.Fprintf(b, "| %s |", st)
		for _, c := range cols {
			x := cells[st][c]
			if x == nil || x.bytes.Center == 0 && x.ns.Center == 0 {
				b.WriteString(" | |")
				continue
			}
			fmt.Fprintf(b, " %s | %s |", sig3(x.bytes.Center), sig3(x.ns.Center))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "\nAnchors, bytes per task:\n\n| anchor | B/task |\n|---|---:|\n")
	for _, a := range ScaleAnchors {
		fmt.Fprintf(b, "| %s | %s |\n", a.What, sig3(a.Bytes))
	}
	b.WriteString("\n")
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
