package report

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
)

// testdata/scale.txt is a real run: addbench bench -suite scale -passes 1
// -cpu 2 on the 2-core VM, shared with other jobs (load average 7).

func TestScaleCharts(t *testing.T) {
	set := loadFile(t, "testdata/scale.txt")
	charts, _, err := fileFigures(set.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range charts {
		names[c.Name] = true
	}
	for _, kind := range []string{"time", "memory", "cpu", "ctxsw"} {
		for _, mode := range []string{"private", "shared"} {
			if n := "scale-" + kind + "-" + mode + "-len16-q1-cpu2"; !names[n] {
				t.Errorf("no chart %s among %d charts", n, len(charts))
			}
		}
	}
}

func TestScaleTable(t *testing.T) {
	set := loadFile(t, "testdata/scale.txt")
	md := render(t, set, nil, benchtab.Options{})
	i := strings.Index(md, "### Scale")
	if i < 0 {
		t.Fatal("no scale table in the report")
	}
	table := md[i:]
	for _, want := range []string{"shared 10^6 GOMAXPROCS 2 B/program", "stackMin", "tokio", "10 000 Rust threads", "| sequential.loop |"} {
		if !strings.Contains(table, want) {
			t.Errorf("scale table lacks %q", want)
		}
	}
	// coop.gil is capped at 10^5: its 10^5 cells hold numbers, its 10^6
	// cells are blank.
	for _, l := range strings.Split(table, "\n") {
		if !strings.HasPrefix(l, "| coop.gil |") {
			continue
		}
		cells := strings.Split(l, "|")
		// | style | private 10^5 B | ns | private 10^6 B | ns | shared ...
		if strings.TrimSpace(cells[2]) == "" || strings.TrimSpace(cells[4]) != "" {
			t.Errorf("coop.gil row %q: want numbers at 10^5 and blanks at 10^6", l)
		}
	}
	// A file without B/program has no scale table.
	if md := render(t, loadFile(t, "testdata/quick.txt"), nil, benchtab.Options{}); strings.Contains(md, "### Scale") {
		t.Error("the quick run's report has a scale table")
	}
}

func TestCountName(t *testing.T) {
	for n, want := range map[int]string{1: "1", 1000: "1000", 10_000: "10^4", 1_000_000: "10^6", 20_000: "20000"} {
		if got := countName(n); got != want {
			t.Errorf("countName(%d) = %q, want %q", n, got, want)
		}
	}
}

// scaleFile writes lines as a results file and loads it.
func scaleFile(t *testing.T, lines []string) *results.File {
	t.Helper()
	return loadFile(t, writeText(t, t.TempDir(), "scale.txt", strings.Join(lines, "\n")+"\n")).Files[0]
}

func scaleLineOf(style, mode string, programs, procs int, nsPerAdd, bytes float64) string {
	suffix := ""
	if procs > 1 {
		suffix = "-" + strconv.Itoa(procs)
	}
	return fmt.Sprintf("BenchmarkAdd/style=%s/mode=%s/programs=%d/len=16/quantum=1%s 1 1 ns/op %g ns/add %g B/program", style, mode, programs, suffix, nsPerAdd, bytes)
}

// TestScaleMeasures: ns/program is ns/add times the adds of a program; CPU
// and context switches per op are divided among the programs; B/program is
// as measured. Interval bounds go with the center.
func TestScaleMeasures(t *testing.T) {
	k := results.AddKey{Programs: 4, Len: 16}
	e := results.Estimate{Center: 2e-9, Lo: 1e-9, Hi: 4e-9}
	want := map[string]results.Estimate{
		"time":   {Center: 32, Lo: 16, Hi: 64},
		"memory": e,
		"cpu":    {Center: 0.5e-9, Lo: 0.25e-9, Hi: 1e-9},
		"ctxsw":  {Center: 0.5e-9, Lo: 0.25e-9, Hi: 1e-9},
	}
	for _, m := range scaleMeasures {
		got := m.value(k, e)
		w := want[m.kind]
		if !(near(got.Center, w.Center) && near(got.Lo, w.Lo) && near(got.Hi, w.Hi)) {
			t.Errorf("%s: %+v, want %+v", m.kind, got, w)
		}
	}
}

func near(a, b float64) bool { return a == b || (a-b)/b < 1e-12 && (b-a)/b < 1e-12 }

// TestScaleSeries: a configuration needs three program counts to be a
// line; a point a log axis cannot show (≤ 0) is left out, a style with no
// point left is no series, and a configuration with no series is no line.
func TestScaleSeries(t *testing.T) {
	var lines []string
	for _, n := range []int{1, 10, 100} {
		lines = append(lines,
			scaleLineOf("a", "shared", n, 1, 1, map[int]float64{1: 0, 10: 50, 100: 60}[n]), // zero at 1
			scaleLineOf("b", "shared", n, 1, 1, 0),                                         // all zero
			scaleLineOf("c", "private", n, 1, 1, 0),                                        // a line of zeros
		)
	}
	for _, n := range []int{1, 10} { // two counts only
		lines = append(lines, scaleLineOf("a", "shared", n, 2, 1, 70))
	}
	var memory scaleMeasure
	for _, m := range scaleMeasures {
		if m.kind == "memory" {
			memory = m
		}
	}
	keep, series := scaleSeries(scaleFile(t, lines), memory)
	if len(keep) != 1 || keep[0] != (scaleLine{"shared", 16, 1, 1}) {
		t.Fatalf("lines %+v, want shared GOMAXPROCS 1 alone", keep)
	}
	s := series[keep[0]]
	if len(s) != 1 || s[0].Name != "a" || len(s[0].Points) != 2 || s[0].Points[0].X != 10 || s[0].Points[1].X != 100 {
		t.Errorf("series %+v, want a alone, at 10 and 100 programs", s)
	}
}

// TestScaleTableCells: the columns go by GOMAXPROCS, then mode, then
// programs, whatever the file's order; a cell holds B/program and ns/add ×
// len in ns; a configuration with neither is blank; a style without
// B/program has no row.
func TestScaleTableCells(t *testing.T) {
	var lines []string
	for _, procs := range []int{2, 1} {
		for _, mode := range []string{"shared", "private"} {
			for _, n := range []int{1_000_000, 100_000} {
				lines = append(lines, scaleLineOf("a", mode, n, procs, 2, 3000))
				if procs == 2 && mode == "shared" && n == 1_000_000 {
					lines = append(lines, scaleLineOf("b", mode, n, procs, 0, 0))
					continue
				}
				lines = append(lines, scaleLineOf("b", mode, n, procs, 1, 500))
			}
		}
	}
	lines = append(lines, "BenchmarkAdd/style=c/mode=shared/programs=100000/len=16/quantum=1 1 1 ns/op 1 ns/add")
	var b bytes.Buffer
	writeScale(&b, &Run{Scale: scaleTable(scaleFile(t, lines))})
	table := b.String()

	var header, rowA, rowB string
	for _, l := range strings.Split(table, "\n") {
		switch {
		case strings.HasPrefix(l, "| style |"):
			header = l
		case strings.HasPrefix(l, "| a |"):
			rowA = l
		case strings.HasPrefix(l, "| b |"):
			rowB = l
		case strings.HasPrefix(l, "| c |"):
			t.Errorf("row for a style without B/program: %q", l)
		}
	}
	var order []string
	for _, c := range strings.Split(header, "|") {
		if strings.Contains(c, "B/program") {
			order = append(order, strings.TrimSuffix(strings.TrimSpace(c), " B/program"))
		}
	}
	want := []string{
		"private 10^5 GOMAXPROCS 1", "private 10^6 GOMAXPROCS 1", "shared 10^5 GOMAXPROCS 1", "shared 10^6 GOMAXPROCS 1",
		"private 10^5 GOMAXPROCS 2", "private 10^6 GOMAXPROCS 2", "shared 10^5 GOMAXPROCS 2", "shared 10^6 GOMAXPROCS 2",
	}
	if !slices.Equal(order, want) {
		t.Errorf("columns %q, want %q", order, want)
	}
	cells := func(row string) []string {
		cs := strings.Split(row, "|")
		return cs[2 : len(cs)-1] // after the style, before the end
	}
	for i, c := range cells(rowA) {
		v, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
		if want := []float64{3000, 32}[i%2]; err != nil || v != want {
			t.Errorf("a, cell %d = %q, want %g", i, c, want)
		}
	}
	cb := cells(rowB)
	if len(cb) != 16 || strings.TrimSpace(cb[14]) != "" || strings.TrimSpace(cb[15]) != "" || strings.TrimSpace(cb[0]) != "500" {
		t.Errorf("b's row %q: want 500 B/program first and the last configuration blank", rowB)
	}
}
