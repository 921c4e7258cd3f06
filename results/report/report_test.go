package report

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
)

// testdata/quick.txt is a real run: addbench bench -suite quick -count 6
// -cpu 1,2 -benchtime 50ms on the 2-core VM addbench was built on.

func loadFile(t *testing.T, paths ...string) *results.Set {
	t.Helper()
	set, err := results.Load(paths...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

var addName = regexp.MustCompile(`^BenchmarkAdd/style=([^/]+)/mode=(\w+)/programs=(\d+)/len=(\d+)/quantum=(\d+)(?:-(\d+))?\s`)

// configs reads the BenchmarkAdd configurations of a file directly, as the
// test's independent account of what the charts must cover.
func configs(t *testing.T, path string) (shapes, lines map[string]bool, samples map[string][]float64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	shapes, lines, samples = map[string]bool{}, map[string]bool{}, map[string][]float64{}
	for _, l := range strings.Split(string(b), "\n") {
		m := addName.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		procs := m[6]
		if procs == "" {
			procs = "1"
		}
		shapes[fmt.Sprintf("cost-p%s-len%s-q%s-cpu%s", m[3], m[4], m[5], procs)] = true
		lines[fmt.Sprintf("speedup-%s-p%s-len%s-q%s", m[2], m[3], m[4], m[5])] = true
		f := strings.Fields(l)
		for i := range f {
			if f[i] == "ns/add" {
				v, _ := strconv.ParseFloat(f[i-1], 64)
				key := m[1] + "/" + m[2] + "/" + m[3] + "/" + m[5] + "/" + procs
				samples[key] = append(samples[key], v)
			}
		}
	}
	return shapes, lines, samples
}

func TestChartsCoverEveryConfiguration(t *testing.T) {
	set := loadFile(t, "testdata/quick.txt")
	charts, warnings, err := fileFigures(set.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Errorf("warning: %v", w)
	}
	names := map[string]bool{}
	for _, c := range charts {
		if names[c.Name] {
			t.Errorf("chart %s twice", c.Name)
		}
		names[c.Name] = true
		if c.Title == "" || c.Chart == nil {
			t.Errorf("chart %s has no title or chart", c.Name)
		}
	}
	shapes, speedups, _ := configs(t, "testdata/quick.txt")
	for s := range shapes {
		if !names[s] {
			t.Errorf("no cost chart %s", s)
		}
	}
	// The run has GOMAXPROCS 1 and 2 everywhere: a speedup chart for every
	// mode and shape.
	for s := range speedups {
		if !names[s] {
			t.Errorf("no speedup chart %s", s)
		}
	}
	// Only shared 1×65536 has two quanta (1 and 4096): one quantum chart
	// per GOMAXPROCS, and none for the one-quantum private shape.
	for _, want := range []string{"quantum-shared-p1-len65536-cpu1", "quantum-shared-p1-len65536-cpu2", "primitives"} {
		if !names[want] {
			t.Errorf("no chart %s", want)
		}
	}
	for n := range names {
		if strings.HasPrefix(n, "quantum-private") {
			t.Errorf("quantum chart %s drawn for a single quantum", n)
		}
	}
	// The headline first: the spectrum.
	if charts[0].Name != SpectrumFigure {
		t.Errorf("first chart %s, want %s", charts[0].Name, SpectrumFigure)
	}
	if want := 1 + len(shapes) + len(speedups) + 2 + 1; len(charts) != want {
		t.Errorf("%d charts, want %d", len(charts), want)
	}
}

func TestSaveWritesPNGAndSVG(t *testing.T) {
	set := loadFile(t, "testdata/quick.txt")
	charts, _, err := fileFigures(set.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := Save(dir, charts[:2])
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join(dir, charts[0].Name+".png"), filepath.Join(dir, charts[0].Name+".svg"),
		filepath.Join(dir, charts[1].Name+".png"), filepath.Join(dir, charts[1].Name+".svg"),
	}
	sort.Strings(want)
	if !slices.Equal(files, want) {
		t.Errorf("Save wrote %v, want %v", files, want)
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v, %d bytes", f, err, st.Size())
		}
	}
}

func TestChartsOfAFileWithoutAddResults(t *testing.T) {
	set := loadFile(t, "testdata/primitives-only.txt")
	charts, _, err := fileFigures(set.Files[0])
	if err != nil || len(charts) != 1 || charts[0].Name != "primitives" {
		t.Errorf("Charts of primitives only = %d charts, %v; want just primitives", len(charts), err)
	}
	two := loadFile(t, "a=testdata/primitives-only.txt", "b=testdata/primitives-only.txt")
	c, err := benchtab.Compare(two, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := changeFigures(c); err == nil || !strings.Contains(err.Error(), "no BenchmarkAdd configuration in common") {
		t.Errorf("changeFigures without Add results: %v", err)
	}
}

func TestChangeFigures(t *testing.T) {
	set := loadFile(t, "old=testdata/quick.txt", "new=testdata/quick.txt")
	c, err := benchtab.Compare(set, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	charts, _, err := changeFigures(c)
	if err != nil {
		t.Fatal(err)
	}
	shapes, _, _ := configs(t, "testdata/quick.txt")
	if len(charts) != len(shapes) {
		t.Errorf("%d change charts, want one per configuration (%d)", len(charts), len(shapes))
	}
	for _, c := range charts {
		if !strings.HasPrefix(c.Name, "change-") || !shapes["cost-"+strings.TrimPrefix(c.Name, "change-")] {
			t.Errorf("change chart %s matches no configuration", c.Name)
		}
	}
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func TestMarkdown(t *testing.T) {
	set := loadFile(t, "testdata/quick.txt")
	md := render(t, set, []Figure{{Name: "cost-x", Title: "A chart"}}, benchtab.DefaultOptions)
	for _, want := range []string{
		"| machine | linux-amd64-2cpu-intel-xeon-processor |",
		"| suite | quick |",
		"![A chart](cost-x.svg)",
		"### Mechanisms, ns per operation",
		"| coroswitch |",
		"### Targets",
		"| coop.green ÷ op=coroswitch |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// A ratio cell, worked out from the raw lines: lockfree.atomic over
	// sequential.loop, shared, 1 program, quantum 1, GOMAXPROCS 1, sample
	// by sample (pass by pass), then the Hodges–Lehmann estimate: the
	// median of every average of two log ratios (one with itself too).
	_, _, samples := configs(t, "testdata/quick.txt")
	num, den := samples["lockfree.atomic/shared/1/1/1"], samples["sequential.loop/shared/1/1/1"]
	var logs, walsh []float64
	for i := range min(len(num), len(den)) {
		logs = append(logs, math.Log(num[i]/den[i]))
	}
	for i := range logs {
		for j := i; j < len(logs); j++ {
			walsh = append(walsh, (logs[i]+logs[j])/2)
		}
	}
	r := math.Exp(median(walsh))
	table := md[strings.Index(md, "GOMAXPROCS 1:"):]
	row := regexp.MustCompile(`(?m)^\| lockfree\.atomic \| ([0-9.]+)× `).FindStringSubmatch(table)
	if row == nil {
		t.Fatalf("no lockfree.atomic row in:\n%s", table)
	}
	if got, _ := strconv.ParseFloat(row[1], 64); got < r*0.99 || got > r*1.01 {
		t.Errorf("lockfree.atomic shared q=1 ratio %s, want %.3g", row[1], r)
	}
}

func TestMarkdownComparesTwoFiles(t *testing.T) {
	set := loadFile(t, "old=testdata/quick.txt", "new=testdata/quick.txt")
	md := render(t, set, nil, benchtab.DefaultOptions)
	if !strings.Contains(md, "## Comparison") || !strings.Contains(md, "0 regressions") {
		t.Errorf("comparing a file with itself: want a comparison and no regressions:\n%s", md[strings.Index(md, "## Comparison"):])
	}
}

// TestPeersView: a file from the peers module (it says the peers' levels in
// its config) gets a table and a chart of each level's styles and peers as
// multiples of the level's primitive, paired within passes.
func TestPeersView(t *testing.T) {
	var b strings.Builder
	b.WriteString("peer-levels: peer.lib.loop=1,peer.lib.count=5\n")
	for pass := range 6 {
		m := 1 + 0.5*float64(pass%2) // a machine twice as slow every other pass
		for name, ns := range map[string]float64{
			"Add/style=callback.eventloop/mode=shared/programs=1/len=8/quantum=1": 6,
			"Add/style=peer.lib.loop/mode=shared/programs=1/len=8/quantum=1":      60,
			"Add/style=peer.lib.count/mode=shared/programs=1/len=8/quantum=1":     12,
			"Add/style=lockfree.atomic/mode=shared/programs=1/len=8/quantum=1":    9,
			"Add/style=coop.green/mode=shared/programs=1/len=8/quantum=1":         100, // level 3: no peer there
		} {
			fmt.Fprintf(&b, "Benchmark%s 1000 %g ns/add\n", name, ns*m)
		}
		fmt.Fprintf(&b, "BenchmarkPrimitive/op=eventloop 1000 %g ns/op\n", 5*m)
		fmt.Fprintf(&b, "BenchmarkPrimitive/op=atomic 1000 %g ns/op\n", 6*m)
	}
	path := filepath.Join(t.TempDir(), "peers.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	set := loadFile(t, path)
	rows := peers(set.Files[0])
	want := []struct {
		style string
		times float64
	}{{"callback.eventloop", 1.2}, {"peer.lib.loop", 12}, {"lockfree.atomic", 1.5}, {"peer.lib.count", 2}}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		if rows[i].Key.Style != w.style || !(math.Abs(rows[i].Times.Center-w.times) <= 1e-9) || !rows[i].Times.Contains(w.times) {
			t.Errorf("row %d: %s %+v, want %s at exactly %g×", i, rows[i].Key.Style, rows[i].Times, w.style, w.times)
		}
	}
	charts, _, err := fileFigures(set.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(charts, func(c Figure) bool { return c.Name == "peers" }) {
		t.Error("no peers chart")
	}
	if md := render(t, set, nil, benchtab.DefaultOptions); !strings.Contains(md, "| 1 (op=eventloop) | peer.lib.loop | 75.0 | 12.0× [12.0, 12.0] |") {
		t.Errorf("markdown lacks the peer row:\n%s", md)
	}
}

// TestBuild: a report of three files compares the first with the other two
// but draws no change chart (plot draws them for two); a last file with
// nothing to chart, and files with nothing in common, are errors.
func TestBuild(t *testing.T) {
	three := loadFile(t, "a=testdata/quick.txt", "b=testdata/quick.txt", "c=testdata/quick.txt")
	r, err := Build(three, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Runs) != 3 || r.Comparison == nil || r.Verdict.Tests == 0 {
		t.Errorf("%d runs, comparison %v, %d tests; want 3 runs compared", len(r.Runs), r.Comparison != nil, r.Verdict.Tests)
	}
	for _, f := range r.Figures {
		if strings.HasPrefix(f.Name, "change-") {
			t.Errorf("change chart %s in a report of three files", f.Name)
		}
	}
	one, err := Build(loadFile(t, "testdata/quick.txt"), benchtab.DefaultOptions)
	if err != nil || one.Comparison != nil || one.Verdict.Tests != 0 {
		t.Errorf("one file: comparison %v, verdict %+v, %v; want neither", one.Comparison != nil, one.Verdict, err)
	}

	dir := t.TempDir()
	other := writeText(t, dir, "other.txt", "BenchmarkElse 100 12 ns/op\n")
	if _, err := Build(loadFile(t, other), benchtab.DefaultOptions); err == nil || !strings.Contains(err.Error(), "no BenchmarkAdd or BenchmarkPrimitive") {
		t.Errorf("a file with nothing to chart: %v", err)
	}
	if _, err := Build(loadFile(t, other, "testdata/quick.txt"), benchtab.DefaultOptions); err == nil {
		t.Error("two files with no benchmark in common: no error")
	}
}

// TestSavedIn: a figure is found when its SVG is in the directory.
func TestSavedIn(t *testing.T) {
	dir := t.TempDir()
	writeText(t, dir, "b.svg", "<svg/>")
	writeText(t, dir, "c.png", "")
	found, missing := SavedIn(dir, []Figure{{Name: "a"}, {Name: "b"}, {Name: "c"}})
	if len(found) != 1 || found[0].Name != "b" || len(missing) != 2 || missing[0].Name != "a" || missing[1].Name != "c" {
		t.Errorf("found %v, missing %v; want b found, a and c missing", found, missing)
	}
}
