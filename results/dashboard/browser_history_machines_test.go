//go:build browser

package dashboard_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/addbench/addbench/results/history"
)

// TestBrowserHistoryMachines: two machines' histories side by side on a
// 1400 × 900 screen — a column per machine, the row where they disagree
// marked in the warning colour, the others not, as history.Machines says —
// the disagreement listed with both machines' ratios, and a machine's cell
// a link to that machine's chart.
func TestBrowserHistoryMachines(t *testing.T) {
	const amd, intel = "linux-amd64-2cpu-amd-epyc", "linux-amd64-2cpu-intel-xeon-processor"
	const mutex = "Add/style=preempt.mutex/mode=shared/programs=1/len=65536/quantum=1-2"
	page, series := historyPageOf(t, histMachinesDir)
	b := newBrowser(t)
	pageURL := b.open(t, "history-machines", page)
	b.viewport(t, 1400, 900)
	chartsVisible(t, b, len(series))

	if !eval[bool](t, b, `(e => !!e && e.checkVisibility())(document.getElementById("hist-machine-table"))`) {
		t.Fatal("no machines table shown")
	}
	heads := eval[[]string](t, b, `Array.from(document.querySelectorAll("#hist-machine-table thead th")).map(h => h.textContent)`)
	if len(heads) != 6 || !strings.HasSuffix(heads[3], amd) || !strings.HasSuffix(heads[4], intel) {
		t.Errorf("headings %q: want kind, benchmark, unit, a column per machine (AMD, Intel), the flag", heads)
	}

	// The marked rows: by hand, preempt.mutex alone; and as the model says.
	type row struct {
		Bench string `json:"bench"`
		Flag  string `json:"flag"`
		Color string `json:"color"`
	}
	rows := eval[[]row](t, b, `Array.from(document.querySelectorAll("#hist-machine-table tbody tr")).map(r => {
		const f = r.querySelector("td.flag"); return {bench: r.dataset.benchmark, flag: f.textContent, color: getComputedStyle(f).color}; })`)
	var marked, want []string
	for _, r := range rows {
		if r.Flag == "machines disagree" {
			marked = append(marked, r.Bench)
		}
	}
	for _, r := range history.Machines(series).Rows {
		if r.Disagree {
			want = append(want, r.Benchmark)
		}
	}
	if len(rows) != 3 || !slices.Equal(marked, []string{mutex}) || !slices.Equal(want, marked) {
		t.Errorf("%d rows, marked %q, the model %q; want 3 rows, %s marked", len(rows), marked, want, mutex)
	}
	// The mark is seen, not only written: its colour is not the others'.
	if i := slices.IndexFunc(rows, func(r row) bool { return r.Bench == mutex }); i >= 0 {
		for _, r := range rows {
			if r.Bench != mutex && r.Color == rows[i].Color {
				t.Errorf("the disagreeing row's flag has the colour of %s's, %s", r.Bench, r.Color)
			}
		}
	}

	// The disagreement, with both machines' ratios in their columns.
	cells := eval[[]string](t, b, `Array.from(document.querySelectorAll("#hist-disagree-table tbody tr")).map(r => Array.from(r.cells).map(c => c.textContent).join(" | "))`)
	if len(cells) != 1 || !strings.Contains(cells[0], mutex+" | sec/add | a002 → b002 | 2026-12-03T11:00:00Z | 1.01×[0.990, 1.03] | 1.20×[1.15, 1.25]") {
		t.Errorf("disagreements %q: want preempt.mutex a002 → b002, 1.01× on AMD, 1.20× on Intel", cells)
	}

	// Intel's cell of the row opens Intel's chart of preempt.mutex.
	sel := fmt.Sprintf(`#hist-machine-table tbody tr[data-benchmark=%q] td:nth-child(5) a`, mutex)
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
	if h := eval[string](t, b, `location.hash`); h != "#chart-history-"+intel+"-Add_style_preempt.mutex_mode_shared_programs_1_len_65536_quantum_1-2" {
		t.Errorf("after a click on Intel's preempt.mutex, location %q, want its chart", h)
	}
	// Scrolled to it (to within a pixel: the top may be a fraction off).
	if r := rectOf(t, b, "figure:target"); r.Width == 0 || r.Top < -1 || r.Top > 900 {
		t.Errorf("the chart is at %v px, %v wide: not on screen", r.Top, r.Width)
	}

	if err := chromedp.Do(b.ctx, chromedp.ScrollIntoView(chromedp.CSS("#hist-machines"))); err != nil {
		t.Fatal(err)
	}
	b.screenshot(t, "history-machines")
	b.check(t, pageURL)
}
