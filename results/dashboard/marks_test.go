package dashboard_test

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results/report"
)

// marksRun is a run at GOMAXPROCS 1, 2 and 4 on 2 usable CPUs in which
// callback.eventloop at quantum 1 and GOMAXPROCS 1 runs at 5.7 ns/add in
// half of the passes and 9.8 in the other half (see results/report's
// marks_test.go for its values).
const marksRun = "../report/testdata/marks.txt"

// rowsOf returns the <tr> elements of the table with id, each whole.
func rowsOf(t *testing.T, page, id string) []string {
	t.Helper()
	i := strings.Index(page, `<table id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s", id)
	}
	table := page[i:]
	table = table[:strings.Index(table, "</table>")]
	return regexp.MustCompile(`(?s)<tr[ >].*?</tr>`).FindAllString(table, -1)
}

// TestReportMarks: on the page, the ratios whose passes fell into two
// speeds are marked ‡ with both speeds in the mark's title, and no other;
// results at more Ps than usable CPUs are marked oversubscribed, and no
// other; each mark's legend is on the page; a run with neither has no mark.
func TestReportMarks(t *testing.T) {
	page, _ := reportPage(t, marksRun)
	s := string(page)
	bimodal := regexp.MustCompile(`<span class="bimodal" title="([^"]*)">‡</span>`)
	over := `<span class="oversub" title="oversubscribed: 4 Ps on 2 usable CPUs">oversubscribed</span>`

	// The spectrum: the eventloop's × loop and × mechanism at quantum 1; its
	// speedup, at quantum 64, at GOMAXPROCS 4, is of one speed and
	// oversubscribed.
	var eventloop string
	for _, r := range rowsOf(t, s, "file-1-spectrum-table") {
		switch {
		case strings.Contains(r, `data-style="callback.eventloop"`):
			eventloop = r
		case bimodal.MatchString(r):
			t.Errorf("a spectrum row of one speed is marked ‡: %s", r)
		}
	}
	var titles []string
	for _, m := range bimodal.FindAllStringSubmatch(eventloop, -1) {
		titles = append(titles, m[1])
	}
	want := []string{
		"two speeds: 5.70× (n=3) and 9.80× (n=3)",
		"two speeds: 1.04× (n=3) and 1.76× (n=3)",
	}
	if !slices.Equal(titles, want) {
		t.Errorf("the eventloop's spectrum row marks %q, want %q", titles, want)
	}
	if !strings.Contains(eventloop, "at 4</span> "+over) {
		t.Errorf("the eventloop's speedup at 4 is not marked oversubscribed: %s", eventloop)
	}

	// The ratio table: ‡ on one row; oversubscribed on the GOMAXPROCS 4 rows.
	rows := rowsOf(t, s, "file-1-ratio-table")[1:] // after the heading
	if len(rows) != 6 {
		t.Fatalf("%d ratio rows, want 2 quanta × 3 GOMAXPROCS", len(rows))
	}
	for _, r := range rows {
		at1 := strings.Contains(r, `data-quantum="1" data-procs="1"`)
		if m := bimodal.FindStringSubmatch(r); (m != nil) != at1 || (at1 && m[1] != want[0]) {
			t.Errorf("ratio row marked %q, want %v: %s", m, at1, r)
		}
		if at4 := strings.Contains(r, `data-procs="4"`); strings.Contains(r, over) != at4 {
			t.Errorf("ratio row oversubscribed %v, want %v: %s", !at4, at4, r)
		}
	}
	// The mechanisms: two ops at GOMAXPROCS 4 marked.
	if n := strings.Count(strings.Join(rowsOf(t, s, "file-1-mechanism-table"), ""), over); n != 2 {
		t.Errorf("%d mechanisms marked oversubscribed, want op=sum and op=eventloop at 4", n)
	}
	for _, legend := range []string{
		"‡ marks a ratio whose passes fell into two separated speeds",
		"the 2 CPUs this run could use (its usable-cpus config line)",
		"<strong>Oversubscribed</strong> at GOMAXPROCS 4, marked so below",
	} {
		if !strings.Contains(s, legend) {
			t.Errorf("page lacks the legend %q", legend)
		}
	}

	// A run of one speed on as many CPUs as Ps has neither mark.
	quick, _ := reportPage(t, quickRun)
	if strings.Contains(string(quick), `class="oversub"`) || strings.Contains(string(quick), "oversub-note") {
		t.Error("the quick run (GOMAXPROCS 1 and 2 on 2 CPUs) is marked oversubscribed")
	}
}

// TestReportAloneMarks: the ratio rows of coop.gil and preempt.channel on
// one program, where neither hands over, are marked § on the page and in
// report.md, with the legend; their two-program rows and every other
// style's rows are not.
func TestReportAloneMarks(t *testing.T) {
	page, _ := reportPage(t, quickRun)
	s := string(page)
	const mark = `<span class="alone"`
	marked := 0
	for _, r := range rowsOf(t, s, "file-1-ratio-table") {
		style := regexp.MustCompile(`data-style="([^"]*)"`).FindStringSubmatch(r)
		if style == nil {
			continue
		}
		one := strings.Contains(r, `<td class="n">1</td>`) // the programs cell
		want := one && (style[1] == "coop.gil" || style[1] == "preempt.channel")
		if got := strings.Contains(r, mark); got != want {
			t.Errorf("row of %s (one program: %v) marked § = %v, want %v", style[1], one, got, want)
		}
		if want {
			marked++
		}
	}
	if marked < 4 || !strings.Contains(s, html.EscapeString(report.AloneNote)) {
		t.Errorf("%d rows marked §, legend on the page %v; want ≥ 4 and the legend", marked, strings.Contains(s, html.EscapeString(report.AloneNote)))
	}
	md := markdown(t, build(t, quickRun))
	var mdMarked []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") && strings.Contains(l, report.Alone) {
			mdMarked = append(mdMarked, strings.Fields(l)[1])
		}
	}
	slices.Sort(mdMarked)
	if mdMarked = slices.Compact(mdMarked); !slices.Equal(mdMarked, []string{"coop.gil", "preempt.channel"}) {
		t.Errorf("report.md marks § on rows of %q, want coop.gil and preempt.channel", mdMarked)
	}
	if !strings.Contains(md, report.AloneNote) {
		t.Error("report.md lacks the § legend")
	}

	// A run without coop.gil or preempt.channel has no § and no legend.
	page, _ = reportPage(t, marksRun)
	md = markdown(t, build(t, marksRun))
	if strings.Contains(string(page), html.EscapeString(report.AloneNote)) || strings.Contains(md, report.AloneNote) {
		t.Error("the § legend is shown for a run with nothing marked §")
	}
}
