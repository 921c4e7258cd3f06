package report

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results/benchtab"
)

// testdata/marks.txt is written for these marks: six passes of
// sequential.loop and callback.eventloop (one program of 4096 adds, quantum 1
// and 64) and op=sum and op=eventloop at GOMAXPROCS 1, 2 and 4, on a machine
// of "cpus: 2" and "usable-cpus: 2". The loop runs at 1 ns/add × 1.00, 1.00,
// 0.99, 1.01, 1.01, 0.99 in passes 1–6; callback.eventloop at quantum 1 and
// GOMAXPROCS 1 runs at 5.7 ns/add in passes 1, 3, 5 and 9.8 in passes 2, 4,
// 6 — the two speeds of issue 25 — and at 6.0 (quantum 1) or 1.2 (quantum 64)
// otherwise; op=eventloop at 5.5 ns × 1.00, 1.01, 1.00, 0.99, 1.00, 1.01.
const marksRun = "testdata/marks.txt"

// marksVariant writes marks.txt changed by edit into a new file.
func marksVariant(t *testing.T, edit func(string) string) string {
	t.Helper()
	b, err := os.ReadFile(marksRun)
	if err != nil {
		t.Fatal(err)
	}
	return writeText(t, t.TempDir(), "marks.txt", edit(string(b)))
}

// TestOversubscribedMarks: results at more Ps than the run's usable CPUs —
// from usable-cpus, else cpus, else none — and only those are marked
// oversubscribed in every table of report.md and in the charts' titles,
// the speedup chart shades them, and the legend says what it means.
func TestOversubscribedMarks(t *testing.T) {
	same := func(s string) string { return s }
	for _, tc := range []struct {
		name   string
		edit   func(string) string
		over   []int  // the oversubscribed GOMAXPROCS
		usable int    // the usable CPUs the charts name
		from   string // the config line that gave them
	}{
		{"usable-cpus 2", same, []int{4}, 2, "usable-cpus"},
		{"cpus 2 alone", func(s string) string { return strings.Replace(s, "usable-cpus: 2\n", "", 1) }, []int{4}, 2, "cpus"},
		{"usable-cpus 1 before cpus 2", func(s string) string { return strings.Replace(s, "usable-cpus: 2\n", "usable-cpus: 1\n", 1) }, []int{2, 4}, 1, "usable-cpus"},
		{"neither", func(s string) string {
			return strings.Replace(strings.Replace(s, "usable-cpus: 2\n", "", 1), "cpus: 2\n", "", 1)
		}, nil, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := marksVariant(t, tc.edit)
			r, err := Build(loadFile(t, path), benchtab.DefaultOptions)
			if err != nil {
				t.Fatal(err)
			}
			run := &r.Runs[0]
			if !slices.Equal(run.OversubscribedProcs, tc.over) || run.UsableFrom != tc.from {
				t.Errorf("oversubscribed at %v from %q, want %v from %q", run.OversubscribedProcs, run.UsableFrom, tc.over, tc.from)
			}
			var b bytes.Buffer
			if err := Markdown(&b, r, nil, ""); err != nil {
				t.Fatal(err)
			}
			md := b.String()
			for _, n := range []int{1, 2, 4} {
				over := slices.Contains(tc.over, n)
				for _, s := range []struct{ marked, plain string }{
					{fmt.Sprintf("\nGOMAXPROCS %d (oversubscribed):\n", n), fmt.Sprintf("\nGOMAXPROCS %d:\n", n)}, // ratio tables
					{fmt.Sprintf("| GOMAXPROCS %d (oversubscribed) |", n), fmt.Sprintf("| GOMAXPROCS %d |", n)},   // mechanisms
				} {
					if strings.Contains(md, s.marked) != over || strings.Contains(md, s.plain) == over {
						t.Errorf("GOMAXPROCS %d: %q in report.md: %v, %q: %v; want oversubscribed %v",
							n, s.marked, strings.Contains(md, s.marked), s.plain, strings.Contains(md, s.plain), over)
					}
				}
			}
			// The spectrum's speedups are at GOMAXPROCS 4.
			speedup := regexp.MustCompile(`\| sequential\.loop \|.* at 4 \(shared p=1(, oversubscribed)?\) \|`).FindStringSubmatch(md)
			if speedup == nil {
				t.Fatalf("no speedup at 4 for sequential.loop in:\n%s", md)
			}
			if got, want := speedup[1] != "", slices.Contains(tc.over, 4); got != want {
				t.Errorf("speedup at 4 marked oversubscribed: %v, want %v", got, want)
			}
			legend := fmt.Sprintf("the %d CPUs this run could use (its %s config line)", tc.usable, tc.from)
			if n := strings.Count(md, legend); (n > 0) != (tc.over != nil) || (tc.over != nil && n != 2) {
				t.Errorf("legend %q %d times, want twice (spectrum and run) if anything is oversubscribed:\n%s", legend, n, md)
			}
			if tc.over == nil && strings.Contains(md, "oversubscribed") {
				t.Errorf("nothing oversubscribed, yet report.md says so:\n%s", md)
			}

			// Charts: a title per GOMAXPROCS says so; the speedup chart
			// shades and names the GOMAXPROCS above the usable CPUs.
			titles := map[string]string{}
			for _, f := range r.Figures {
				titles[f.Name] = f.Title
			}
			for _, n := range []int{1, 2, 4} {
				mark := fmt.Sprintf(" (oversubscribed: %d Ps on %d CPUs)", n, tc.usable)
				for _, name := range []string{fmt.Sprintf("cost-p1-len4096-q1-cpu%d", n), fmt.Sprintf("quantum-shared-p1-len4096-cpu%d", n)} {
					title, ok := titles[name]
					if !ok {
						t.Fatalf("no chart %s among %v", name, titles)
					}
					if strings.HasSuffix(title, mark) != slices.Contains(tc.over, n) || (!slices.Contains(tc.over, n) && strings.Contains(title, "oversubscribed")) {
						t.Errorf("chart %s titled %q: oversubscribed at %v", name, title, tc.over)
					}
				}
			}
			svg := func(name string) string {
				for _, f := range r.Figures {
					if f.Name == name {
						var b bytes.Buffer
						if err := f.Chart.Encode(&b, "svg"); err != nil {
							t.Fatal(err)
						}
						return b.String()
					}
				}
				t.Fatalf("no chart %s", name)
				return ""
			}
			speedupSVG := svg("speedup-shared-p1-len4096-q1")
			if want := fmt.Sprintf("oversubscribed: Ps &gt; %d usable CPUs", tc.usable); strings.Contains(speedupSVG, want) != (tc.over != nil) {
				t.Errorf("speedup chart names %q: %v, want %v", want, tc.over == nil, tc.over != nil)
			}
			prims := svg("primitives")
			for _, n := range []int{1, 2, 4} {
				if got := strings.Contains(prims, fmt.Sprintf("GOMAXPROCS=%d (oversubscribed)", n)); got != slices.Contains(tc.over, n) {
					t.Errorf("primitives panel GOMAXPROCS=%d marked %v, want %v", n, got, !got)
				}
			}
		})
	}
}

// TestBimodalMarks: every ratio of report.md whose passes fell into two
// speeds — callback.eventloop at quantum 1 and GOMAXPROCS 1, and what is
// divided by it or divides it — and no other is marked ‡, with a note under
// its table that gives both speeds.
func TestBimodalMarks(t *testing.T) {
	md := markdown(t, nil, marksRun)
	var got []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "- ‡ ") {
			got = append(got, l)
		}
	}
	// The speeds, worked out from the fixture's values: 5.7 and 9.8 ns/add
	// over a loop of median 1.00 in either half; over op=eventloop, 5.7/5.5
	// and 9.8/(5.5 × 1.01). The spectrum's speedup is at the coarsest
	// quantum, 64, which runs at one speed.
	want := []string{
		"- ‡ callback.eventloop × loop, q=1: two speeds: 5.70× (n=3) and 9.80× (n=3)",
		"- ‡ callback.eventloop × op=eventloop, q=1: two speeds: 1.04× (n=3) and 1.76× (n=3)",
		"- ‡ callback.eventloop, shared p=1 q=1, GOMAXPROCS 1: two speeds: 5.70× (n=3) and 9.80× (n=3)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("‡ notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The cells: ‡ in the eventloop's quantum-1 cells, and nowhere else.
	spectrum := regexp.MustCompile(`(?m)^\| 1 \| callback\.eventloop \|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|`).FindStringSubmatch(md)
	if spectrum == nil {
		t.Fatalf("no spectrum row of callback.eventloop:\n%s", md)
	}
	for i, marked := range []bool{false, true, true, false, false, false, false} { // ns, × loop, × mech at q=1; at q=64; speedup
		if strings.Contains(spectrum[i+1], "‡") != marked {
			t.Errorf("spectrum cell %d %q: ‡ %v, want %v", i+1, spectrum[i+1], !marked, marked)
		}
	}
	g1 := md[strings.Index(md, "\nGOMAXPROCS 1:\n"):]
	g1 = g1[:strings.Index(g1, "\nGOMAXPROCS 2")]
	row := regexp.MustCompile(`(?m)^\| callback\.eventloop \|([^|]*)\|([^|]*)\|$`).FindStringSubmatch(g1)
	if row == nil || !strings.Contains(row[1], "‡") || strings.Contains(row[2], "‡") {
		t.Errorf("GOMAXPROCS 1 ratios of callback.eventloop %q: want ‡ at q=1 only", row)
	}
	if n := strings.Count(md, "‡"); n != len(want)*2+2 { // each cell and its note, and the two legends
		t.Errorf("%d ‡ in report.md, want %d", n, len(want)*2+2)
	}
}
