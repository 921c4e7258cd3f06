package report_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/report"
	"github.com/addbench/addbench/styles"
)

func buildReport(t *testing.T, files ...string) *report.Report {
	t.Helper()
	set, err := results.Load(files...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(set, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestStyleDocsMatchRegistry: the docs the report shows are the registry's.
func TestStyleDocsMatchRegistry(t *testing.T) {
	for _, s := range styles.All() {
		if got := report.StyleDoc(s.Name); got != s.Doc {
			t.Errorf("report.StyleDoc(%q) = %q, the registry says %q", s.Name, got, s.Doc)
		}
	}
	if d := report.StyleDoc("peer.x.y"); d != "" {
		t.Errorf("a peer has doc %q", d)
	}
}

// TestSpectrum: a row per style, registry order, with the quick run's
// numbers: the loop is 1×, the ratios are the ratio table's, the
// mechanism multiples the targets', the coarse quantum 4096.
func TestSpectrum(t *testing.T) {
	r := buildReport(t, "testdata/quick.txt")
	run := &r.Runs[0]
	var names []string
	for _, s := range run.Spectrum {
		names = append(names, s.Style)
	}
	var want []string
	for _, s := range results.Styles {
		if slices.ContainsFunc(run.Ratios.Ratios, func(x results.Ratio) bool { return x.Key.Style == s.Name }) || s.Name == report.Baseline {
			want = append(want, s.Name)
		}
	}
	if !slices.Equal(names, want) || len(names) < 15 {
		t.Fatalf("spectrum styles %q, want registry order %q", names, want)
	}
	for _, s := range run.Spectrum {
		if !s.Fine.Found || s.Fine.Key.Quantum != 1 || s.Fine.Key.Mode != "shared" || s.Fine.Key.Gomaxprocs != 1 {
			t.Errorf("%s: fine case %v, want shared, quantum 1, GOMAXPROCS 1", s.Style, s.Fine.Key)
		}
		if !s.Coarse.Found || s.Coarse.Key.Quantum != 4096 {
			t.Errorf("%s: coarse case %v, want quantum 4096", s.Style, s.Coarse.Key)
		}
		if s.Style == report.Baseline {
			if s.Fine.Loop.Center != 1 {
				t.Errorf("the loop is %v× itself", s.Fine.Loop.Center)
			}
			continue
		}
		if e, ok := run.Ratios.Get(s.Style, s.Fine.Key); !ok || e != s.Fine.Loop {
			t.Errorf("%s: × loop %v, the ratio table says %v", s.Style, s.Fine.Loop, e)
		}
		if s.Doc == "" || s.SpeedupKey.Gomaxprocs != 2 || s.Speedup.Center <= 0 {
			t.Errorf("%s: doc %q, speedup %v at %v", s.Style, s.Doc, s.Speedup.Center, s.SpeedupKey)
		}
	}
	// The mechanism multiples at quantum 1 are the targets' own.
	for _, tg := range run.Targets {
		style, op, ok := strings.Cut(tg.Name, " ÷ op=")
		if !ok || !tg.Found {
			continue
		}
		i := slices.IndexFunc(run.Spectrum, func(s report.SpectrumRow) bool { return s.Style == style })
		s := run.Spectrum[i]
		if s.Fine.Op != op && !(op == "chanbuf" && s.Fine.Op == "chan") {
			continue
		}
		if s.Fine.Key.Programs == 1 && s.Fine.Mech != tg.Ratio {
			t.Errorf("%s: × %s = %v, the target says %v", style, op, s.Fine.Mech, tg.Ratio)
		}
	}
	// A style's verdict: MISSED if a target naming it is missed, met if
	// all are met, blank if none names it.
	for _, s := range run.Spectrum {
		want := ""
		for _, tg := range run.Targets {
			if tg.Found && strings.HasPrefix(tg.Name, s.Style+" ") {
				if !tg.Met() {
					want = "MISSED"
					break
				}
				want = "met"
			}
		}
		if s.Verdict != want {
			t.Errorf("%s: verdict %q, its targets say %q", s.Style, s.Verdict, want)
		}
	}
	if !slices.ContainsFunc(run.Spectrum, func(s report.SpectrumRow) bool { return s.Verdict == "MISSED" }) ||
		!slices.ContainsFunc(run.Spectrum, func(s report.SpectrumRow) bool { return s.Verdict == "met" }) {
		t.Error("the quick run has both met and missed targets; the spectrum shows not both")
	}
	// The Markdown opens with it.
	var md bytes.Buffer
	if err := report.Markdown(&md, r, r.Figures, ""); err != nil {
		t.Fatal(err)
	}
	first := strings.Index(md.String(), "## ")
	if !strings.HasPrefix(md.String()[first:], "## The spectrum") {
		t.Errorf("the report opens with %q, want the spectrum", md.String()[first:first+40])
	}
	if a, b := strings.Index(md.String(), "| 0 | sequential.loop |"), strings.Index(md.String(), "| 5 | lockfree.falseshare |"); a < 0 || b < a {
		t.Error("the spectrum table lacks the loop first and lockfree.falseshare last")
	}
	if r.Figures[0].Name != report.SpectrumFigure {
		t.Errorf("the first figure is %s, want the spectrum", r.Figures[0].Name)
	}
}

// TestRatioCellsInRegistryOrder: the ratio table's cells come in registry
// order of styles, then by configuration, whatever the order of the file
// (a passes run is shuffled).
func TestRatioCellsInRegistryOrder(t *testing.T) {
	r := buildReport(t, "testdata/quick.txt")
	rs := r.Runs[0].Ratios.Ratios
	rank := map[string]int{}
	for i, s := range results.Styles {
		rank[s.Name] = i
	}
	for i := 1; i < len(rs); i++ {
		a, b := rs[i-1].Key, rs[i].Key
		if rank[a.Style] > rank[b.Style] {
			t.Fatalf("cell %d (%v) after %v: not in registry order", i, b, a)
		}
		if a.Style == b.Style && a.Mode == b.Mode && a.Programs == b.Programs && a.Len == b.Len && a.Quantum == b.Quantum && a.Gomaxprocs > b.Gomaxprocs {
			t.Fatalf("cell %d (%v) after %v: configurations out of order", i, b, a)
		}
	}
}

// TestMachines: the two committed baselines, from two machines, side by
// side; a style is hardware-sensitive exactly when its intervals on the two
// machines are apart.
func TestMachines(t *testing.T) {
	r := buildReport(t, "../baselines/linux-amd64-2cpu-amd-epyc.txt", "../baselines/linux-amd64-2cpu-intel-xeon-processor.txt")
	m := r.Machines
	if m == nil {
		t.Fatal("no machine table for two machines")
	}
	if !slices.Equal(m.Machines, []string{"linux-amd64-2cpu-amd-epyc", "linux-amd64-2cpu-intel-xeon-processor"}) {
		t.Errorf("machines %q", m.Machines)
	}
	apart := func(a, b results.Estimate) bool {
		return a.Center > 0 && b.Center > 0 && (a.Hi < b.Lo || b.Hi < a.Lo)
	}
	sensitive := 0
	for _, row := range m.Rows {
		want := row.Measured > 1 && row.SameCase && (apart(row.Loop[0], row.Loop[1]) || apart(row.Mech[0], row.Mech[1]))
		if row.Sensitive != want {
			t.Errorf("%s: sensitive %v, intervals say %v (× loop %v vs %v)", row.Style, row.Sensitive, want, row.Loop[0], row.Loop[1])
		}
		if row.Sensitive {
			sensitive++
		}
		// Each column is that machine's own spectrum.
		for c, col := range m.Runs {
			i := slices.IndexFunc(r.Runs[col].Spectrum, func(s report.SpectrumRow) bool { return s.Style == row.Style })
			if i >= 0 && r.Runs[col].Spectrum[i].Fine.Loop != row.Loop[c] {
				t.Errorf("%s on %s: %v, its run says %v", row.Style, m.Machines[c], row.Loop[c], r.Runs[col].Spectrum[i].Fine.Loop)
			}
		}
	}
	if i := slices.IndexFunc(m.Rows, func(r report.MachineRow) bool { return r.Style == "preempt.goroutines" }); i < 0 || m.Rows[i].Measured != 1 || m.Rows[i].Sensitive {
		t.Errorf("preempt.goroutines, in one baseline only: %+v", m.Rows[i])
	}
	if sensitive == 0 || sensitive == len(m.Rows) {
		t.Errorf("%d of %d styles hardware-sensitive: the test would tell nothing", sensitive, len(m.Rows))
	}
	// One machine: no table.
	if r := buildReport(t, "testdata/quick.txt"); r.Machines != nil {
		t.Error("a machine table for one machine")
	}
	var md bytes.Buffer
	if err := report.Markdown(&md, r, nil, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "**The files come from different machines:**") {
		t.Error("the comparison of two machines does not say so")
	}
	if n := strings.Count(md.String(), "| **hardware-sensitive** |\n"); n != sensitive {
		t.Errorf("Markdown marks %d styles, the model %d", n, sensitive)
	}
}

// TestMarkdownEscapes: a name or config value holding Markdown or HTML
// cannot break a table or inject markup.
func TestMarkdownEscapes(t *testing.T) {
	dir := t.TempDir()
	text := "machine: evil|<img src=x onerror=alert(1)>\ncpu: a|b\n"
	for range 6 {
		text += "BenchmarkAdd/style=sequential.loop/mode=shared/programs=1/len=8/quantum=1 1000 1 ns/add\n" +
			"BenchmarkAdd/style=peer.x|<b>y</b>/mode=shared/programs=1/len=8/quantum=1 1000 2 ns/add\n"
	}
	p := dir + "/evil.txt"
	if err := writeFile(p, text); err != nil {
		t.Fatal(err)
	}
	r := buildReport(t, p)
	var md bytes.Buffer
	if err := report.Markdown(&md, r, r.Figures, ""); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, bad := range []string{"<img", "<b>", "evil|", "a|b", "x|"} {
		if strings.Contains(out, bad) {
			t.Errorf("report.md holds %q raw", bad)
		}
	}
	// Every row of every table has as many cells as its header.
	var cols int
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if cols == 0 {
			cols = n
		} else if n != cols {
			t.Errorf("row %q has %d cell borders, its table %d", line, n, cols)
		}
	}
	if !strings.Contains(out, `evil\|&lt;img`) {
		t.Errorf("the machine is not escaped as expected:\n%s", out)
	}
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o644) }
