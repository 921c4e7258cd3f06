package results

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// many is a larger matrix than the golden files: five styles, three quanta,
// two GOMAXPROCS values.
var many = genSpec{
	styles: []string{"sequential.loop", "preempt.mutex", "preempt.racy", "lockfree.atomic", "coop.green"},
	quanta: []int{1, 8, 64},
}

func with(s genSpec, f func(*genSpec)) genSpec {
	f(&s)
	return s
}

func compare(t *testing.T, set *Set, opts Options) *Comparison {
	t.Helper()
	c, err := Compare(set, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// countTime counts the cells of time tables whose row matches substr.
func countTime(c *Comparison, substr string) int {
	n := 0
	for _, t := range c.Tables {
		if !isTime(t.Unit) || len(t.Cols) < 2 {
			continue
		}
		for _, r := range t.Rows {
			if strings.Contains(r.Label, substr) && r.Cells[1] != nil && r.Cells[1].Baseline != nil {
				n++
			}
		}
	}
	return n
}

func TestAANoRegression(t *testing.T) {
	spec := with(many, func(s *genSpec) { s.noise = 0.05 })
	old := with(spec, func(s *genSpec) { s.seed = 10 })
	new := with(spec, func(s *genSpec) { s.seed = 11 })
	set := load(t, []string{"old", "new"}, old, new)
	c := compare(t, set, Options{})
	reg, imp := c.Changes()
	if len(reg) != 0 || len(imp) != 0 {
		t.Errorf("A/A: %d regressions %v and %d improvements %v, want none", len(reg), reg, len(imp), imp)
	}

	// Without a threshold, significant differences are false positives;
	// their rate must be near alpha.
	c = compare(t, set, Options{Threshold: -1})
	reg, imp = c.Changes()
	total := countTime(c, "")
	if fp := float64(len(reg)+len(imp)) / float64(total); fp > 0.1 {
		t.Errorf("A/A: %d of %d cells significant (%.0f%%), want about alpha = 5%%", len(reg)+len(imp), total, 100*fp)
	}
}

func TestInjectedSlowdown(t *testing.T) {
	spec := with(many, func(s *genSpec) { s.noise = 0.03 })
	old := with(spec, func(s *genSpec) { s.seed = 20 })
	new := with(spec, func(s *genSpec) { s.seed = 21; s.slow = map[string]float64{"preempt.mutex": 1.10} })
	set := load(t, []string{"old", "new"}, old, new)
	c := compare(t, set, Options{})
	reg, imp := c.Changes()
	if len(imp) != 0 {
		t.Errorf("improvements %v, want none", imp)
	}
	want := countTime(c, "style=preempt.mutex/") // sec/op and sec/add of every configuration
	if want != 12 {
		t.Fatalf("%d preempt.mutex time cells, want 12", want)
	}
	if len(reg) != want {
		t.Errorf("%d regressions, want %d (every preempt.mutex time cell):\n%v", len(reg), want, reg)
	}
	for _, r := range reg {
		if !strings.Contains(r.Name, "style=preempt.mutex/") {
			t.Errorf("regression in %s; only preempt.mutex was slowed", r.Name)
		}
		if r.Delta < 5 || r.Delta > 15 || r.P > 0.05 || r.New <= r.Old || r.Col != "new" || r.Base != "old" {
			t.Errorf("regression %+v: want a delta near +10%%, p <= 0.05, new > old", r)
		}
		if !isTime(r.Unit) {
			t.Errorf("regression in %s; only times were slowed", r.Unit)
		}
	}

	// A threshold above the slowdown hides it.
	if reg, _ := compare(t, set, Options{Threshold: 15}).Changes(); len(reg) != 0 {
		t.Errorf("threshold 15%%: %d regressions, want none", len(reg))
	}
}

func TestUniformlySlowerMachine(t *testing.T) {
	old := with(many, func(s *genSpec) { s.seed = 30 })
	new := with(many, func(s *genSpec) { s.seed = 31; s.machine = 1.2 })
	set := load(t, []string{"old", "new"}, old, new)

	raw := compare(t, set, Options{})
	reg, _ := raw.Changes()
	if want := countTime(raw, ""); len(reg) != want {
		t.Errorf("raw: %d regressions, want every time cell (%d)", len(reg), want)
	}

	norm := compare(t, set, Options{Normalize: "sequential.loop"})
	reg, imp := norm.Changes()
	if len(reg) != 0 || len(imp) != 0 {
		t.Errorf("normalized: %d regressions %v, %d improvements; want none", len(reg), reg, len(imp))
	}
	for _, w := range norm.Warnings {
		if !strings.Contains(w.Error(), "BenchmarkPrimitive has no /style key") {
			t.Errorf("normalized: unexpected warning %v", w)
		}
	}
	if len(norm.Warnings) != 2 {
		t.Errorf("normalized: %d warnings, want one per file about the primitives", len(norm.Warnings))
	}
	seen := map[string]bool{}
	for _, tab := range norm.Tables {
		seen[tab.Unit+"|"+tab.Normalized] = true
		for _, row := range tab.Rows {
			isBase := strings.Contains(row.Label, "style=sequential.loop/")
			if tab.Normalized != "" && isBase {
				t.Errorf("normalized %s table reports the baseline row %s", tab.Unit, row.Label)
			}
			if tab.Normalized != "" && !strings.HasPrefix(row.Label, "Add/") {
				t.Errorf("normalized %s table has non-style row %s", tab.Unit, row.Label)
			}
		}
	}
	for k, want := range map[string]bool{
		"sec/add|sequential.loop": true, "sec/op|sequential.loop": true,
		"sec/add|": false, "sec/op|": false, // no raw times: they would alarm
		"B/op|": true, "allocs/op|": true, "lost/op|": true,
	} {
		if seen[k] != want {
			t.Errorf("table %q present = %v, want %v; have %v", k, seen[k], want, seen)
		}
	}

	// A style that slowed relative to the baseline still shows.
	new = with(new, func(s *genSpec) { s.slow = map[string]float64{"coop.green": 1.10} })
	set = load(t, []string{"old", "new"}, old, new)
	reg, _ = compare(t, set, Options{Normalize: "sequential.loop"}).Changes()
	if len(reg) != 12 {
		t.Errorf("normalized, coop.green 10%% slower: %d regressions %v, want its 12 sec/add and sec/op ratios", len(reg), reg)
	}
	for _, r := range reg {
		if !strings.Contains(r.Name, "style=coop.green/") || r.Normalized != "sequential.loop" {
			t.Errorf("regression %v, want only normalized coop.green", r)
		}
	}
}

func TestNormalizeRatios(t *testing.T) {
	set := load(t, []string{"only"}, with(many, func(s *genSpec) { s.seed = 40; s.noise = 0.001 }))
	c := compare(t, set, Options{Normalize: "sequential.loop", Filter: `.unit:sec/add /quantum:1 /gomaxprocs:""`})
	if len(c.Tables) != 1 || c.Tables[0].Normalized != "sequential.loop" {
		t.Fatalf("want one normalized table, got %d", len(c.Tables))
	}
	for _, row := range c.Tables[0].Rows {
		style := strings.TrimPrefix(strings.Split(row.Label, "/")[1], "style=")
		want := costs[style] / costs["sequential.loop"]
		if got := row.Cells[0].Summary.Center; got < want*0.99 || got > want*1.01 {
			t.Errorf("%s: ratio %.3f, want %.3f", style, got, want)
		}
	}
}

func TestNormalizeMissingBaseline(t *testing.T) {
	// new.txt's lockfree.atomic has baselines; drop them from a copy to
	// see the warning.
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, "style=sequential.loop/mode=shared/programs=8/len=4096/quantum=64-2") {
			kept = append(kept, line)
		}
	}
	path := filepath.Join(dir, "new.txt")
	if err := os.WriteFile(path, []byte(strings.Join(kept, "\n")), 0o666); err != nil {
		t.Fatal(err)
	}
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, Options{Normalize: "sequential.loop"})
	if !containsError(c.Warnings, "no sequential.loop baseline (sec/add) for BenchmarkAdd/style=lockfree.atomic/mode=shared/programs=8/len=4096/quantum=64-2") {
		t.Errorf("warnings %v lack the missing baseline", c.Warnings)
	}
	for _, tab := range c.Tables {
		for _, row := range tab.Rows {
			if tab.Normalized != "" && strings.HasSuffix(row.Label, "quantum=64-2") {
				t.Errorf("%s: row %s has no baseline but was compared", tab.Unit, row.Label)
			}
		}
	}
}

func TestCompareMissingRow(t *testing.T) {
	set, err := Load("testdata/old.txt", "testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, Options{})
	name := "Add/style=lockfree.atomic/mode=shared/programs=8/len=4096/quantum=1: no results in testdata/old.txt"
	if !containsError(c.Warnings, name) {
		t.Errorf("warnings %v do not report lockfree.atomic missing from old.txt", c.Warnings)
	}
	n := 0
	for _, w := range c.Warnings {
		if w.Error() == name {
			n++
		}
	}
	if n != 1 {
		t.Errorf("missing-row warning appears %d times, want once across all unit tables", n)
	}
}

func TestCompareOptionErrors(t *testing.T) {
	set, err := Load("testdata/old.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		opts Options
		want string
	}{
		{Options{Filter: "/style:(a OR"}, "parsing filter"},
		{Options{Row: "/style@nonsense"}, "parsing row projection"},
		{Options{Col: ".unit"}, "parsing column projection"},
		{Options{Table: "("}, "parsing table projection"},
		{Options{Alpha: 2}, "alpha 2 is not in [0, 1]"},
		{Options{Confidence: 1}, "confidence 1 is not in (0, 1)"},
		{Options{Normalize: "no.such.style"}, `normalizing to style "no.such.style"`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := Compare(set, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compare(%+v) error %v, want %q", tt.opts, err, tt.want)
			}
		})
	}
}

func TestChangesHigherIsBetter(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, rate float64) string {
		var b strings.Builder
		b.WriteString("Unit adds/s better=higher\n")
		for i := range 10 {
			fmt.Fprintf(&b, "BenchmarkThroughput 1 %f adds/s %f ns/op\n", rate+float64(i), 1e9/rate)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
			t.Fatal(err)
		}
		return path
	}
	set, err := Load(write("old", 1000), write("new", 1200))
	if err != nil {
		t.Fatal(err)
	}
	reg, imp := compare(t, set, Options{}).Changes()
	units := func(cs []Change) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Unit)
		}
		return strings.Join(s, ",")
	}
	// More adds/s is better; fewer ns/op is better too.
	if units(reg) != "" || units(imp) != "adds/s,sec/op" {
		t.Errorf("regressions [%s], improvements [%s]; want none and [adds/s,sec/op]", units(reg), units(imp))
	}
}

func TestTablesOf(t *testing.T) {
	set, err := Load("testdata/old.txt", "testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, Options{})
	// old.txt and new.txt come from different cpu: lines; they still share
	// tables and compare.
	if tabs := c.TablesOf("sec/add"); len(tabs) == 1 {
		if cols := tabs[0].Cols; len(cols) != 2 || tabs[0].Rows[0].Cells[1].Baseline == nil {
			t.Errorf("sec/add columns %q: the two machines' files were not compared", cols)
		}
	}
	for unit, want := range map[string]string{"ns/add": "sec/add", "sec/add": "sec/add", "ns/op": "sec/op", "lost/op": "lost/op", "MB/s": ""} {
		tabs := c.TablesOf(unit)
		got := ""
		if len(tabs) == 1 {
			got = tabs[0].Unit
		}
		if got != want || len(tabs) > 1 {
			t.Errorf("TablesOf(%q): %d tables, unit %q; want one in %q", unit, len(tabs), got, want)
		}
	}
}

// TestLostIsNotGated: preempt.racy's lost/op swings with the machine's
// interleavings, so even a hundredfold, significant change is no regression,
// while a real slowdown in the same files still is.
func TestLostIsNotGated(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, ns, lost float64) string {
		var b strings.Builder
		for i := range 8 {
			fmt.Fprintf(&b, "BenchmarkAdd/style=preempt.racy/mode=shared/programs=8/len=4096/quantum=1-2\t100\t%g ns/op\t%g ns/add\t%g lost/op\n",
				ns*(1+0.001*float64(i)), ns/32768*(1+0.001*float64(i)), lost*(1+0.01*float64(i)))
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	set, err := Load(write("old.txt", 50000, 10), write("new.txt", 60000, 1000))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	regressions, _ := c.Changes()
	units := map[string]bool{}
	for _, r := range regressions {
		units[r.Unit] = true
	}
	if units["lost/op"] || !units["sec/add"] || !units["sec/op"] {
		t.Errorf("regressed units %v; want sec/op and sec/add, never lost/op", units)
	}
}
