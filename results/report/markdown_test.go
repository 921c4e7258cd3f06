package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/internal/synth"
)

// writeText writes text as the results file dir/name and returns its path.
func writeText(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeSpec writes s to a file in dir, with extra configuration lines first.
func writeSpec(t *testing.T, dir, name, extra string, s synth.Spec) string {
	return writeText(t, dir, name, extra+s.Text())
}

// addsOnly is a results file of one BenchmarkAdd line and no primitives.
const addsOnly = "BenchmarkAdd/style=sequential.loop/mode=shared/programs=1/len=8/quantum=1 1000 5 ns/op 0.6 ns/add\n"

func markdown(t *testing.T, charts []Figure, paths ...string) string {
	t.Helper()
	return render(t, loadFile(t, paths...), charts, benchtab.DefaultOptions)
}

// render builds the report of set with opts and renders it as Markdown,
// linking charts beside it.
func render(t *testing.T, set *results.Set, charts []Figure, opts benchtab.Options) string {
	t.Helper()
	r, err := Build(set, opts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Markdown(&b, r, charts, ""); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMarkdownSections: a section appears when there is something to put in
// it and not otherwise — the warning about a file that is not a passes run,
// the charts, the ratio tables, the mechanisms, the peers, the list of
// regressions.
func TestMarkdownSections(t *testing.T) {
	dir := t.TempDir()
	passes := writeSpec(t, dir, "passes.txt", "passes: 10\n", synth.Spec{Seed: 1})
	block := writeSpec(t, dir, "block.txt", "", synth.Spec{Seed: 2})
	slower := writeSpec(t, dir, "slower.txt", "passes: 10\n", synth.Spec{Seed: 3, Slow: map[string]float64{"preempt.mutex": 1.5}})
	prims := writeText(t, dir, "prims.txt", "BenchmarkPrimitive/op=sum 1000 1.5 ns/op\n")
	adds := writeText(t, dir, "adds.txt", addsOnly)

	has := func(md, s string) bool { return strings.Contains(md, s) }
	for _, tc := range []struct {
		name   string
		md     string
		want   []string
		absent []string
	}{
		{"passes run", markdown(t, nil, passes),
			[]string{"### ns/add as a multiple of sequential.loop", "### Mechanisms, ns per operation", "exceeds 10 %: too noisy"},
			[]string{"Not a passes run", "## Charts", "### Peers", "## Comparison"}},
		{"block run", markdown(t, nil, block), []string{"**Not a passes run:**"}, nil},
		{"charts", markdown(t, []Figure{{Name: "x", Title: "X"}}, passes), []string{"## Charts", "![X](x.svg)"}, nil},
		{"primitives only", markdown(t, nil, prims), []string{"### Mechanisms"}, []string{"### ns/add as a multiple"}},
		{"adds only", markdown(t, nil, adds), []string{"### ns/add as a multiple"}, []string{"### Mechanisms"}},
		{"same file twice", markdown(t, nil, passes, passes), []string{"## Comparison", "### Verdict"}, []string{"Regressions ("}},
		{"a regression", markdown(t, nil, passes, slower), []string{"Regressions (", "- Add/style=preempt.mutex/"}, nil},
	} {
		for _, s := range tc.want {
			if !has(tc.md, s) {
				t.Errorf("%s: report lacks %q:\n%s", tc.name, s, tc.md)
			}
		}
		for _, s := range tc.absent {
			if has(tc.md, s) {
				t.Errorf("%s: report has %q:\n%s", tc.name, s, tc.md)
			}
		}
	}
}

// TestMarkdownAbsoluteRows: the sequential.loop row of the ratio tables and
// the mechanisms table give medians in ns, worked out here from the raw
// lines of a real run.
func TestMarkdownAbsoluteRows(t *testing.T) {
	md := markdown(t, nil, "testdata/quick.txt")
	_, _, samples := configs(t, "testdata/quick.txt")
	loop := median(samples["sequential.loop/shared/1/1/1"])
	table := md[strings.Index(md, "GOMAXPROCS 1:"):]
	row := regexp.MustCompile(`(?m)^\| sequential\.loop \(ns/add\) \| ([0-9.]+) \|`).FindStringSubmatch(table)
	if row == nil {
		t.Fatalf("no sequential.loop row in:\n%s", table)
	}
	// The first column is shared, 1 program, quantum 1.
	if got, _ := strconv.ParseFloat(row[1], 64); got < loop*0.995 || got > loop*1.005 {
		t.Errorf("sequential.loop shared p=1 q=1: %s ns/add, want %.4g", row[1], loop)
	}

	raw, err := os.ReadFile("testdata/quick.txt")
	if err != nil {
		t.Fatal(err)
	}
	var sum []float64
	for _, m := range regexp.MustCompile(`(?m)^BenchmarkPrimitive/op=coroswitch\s+\d+\s+([0-9.]+) ns/op`).FindAllStringSubmatch(string(raw), -1) {
		v, _ := strconv.ParseFloat(m[1], 64)
		sum = append(sum, v)
	}
	want := median(sum)
	cell := regexp.MustCompile(`(?m)^\| coroswitch \| ([0-9.]+) \|`).FindStringSubmatch(md)
	if cell == nil || len(sum) == 0 {
		t.Fatalf("no coroswitch row (%d samples) in:\n%s", len(sum), md)
	}
	if got, _ := strconv.ParseFloat(cell[1], 64); got < want*0.995 || got > want*1.005 {
		t.Errorf("coroswitch at GOMAXPROCS 1: %s ns/op, want %.3g", cell[1], want)
	}
	// Every primitive of the run was measured at both GOMAXPROCS: no cell
	// of the mechanisms table is empty.
	mech := md[strings.Index(md, "| op |"):]
	mech = mech[:strings.Index(mech, "\n\n")]
	for _, l := range strings.Split(mech, "\n")[2:] {
		if strings.Contains(l, "| |") {
			t.Errorf("mechanisms row with an empty cell: %q", l)
		}
	}
}
