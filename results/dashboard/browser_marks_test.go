//go:build browser

package dashboard_test

import (
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMarks: a reader sees the ‡ of the two-speed ratios in the
// spectrum, with both speeds as its tooltip, and, in the opened ratio
// table, "oversubscribed" on exactly the GOMAXPROCS 4 rows — which still
// sort by GOMAXPROCS as numbers.
func TestBrowserMarks(t *testing.T) {
	page, _ := reportPage(t, marksRun)
	b := newBrowser(t)
	pageURL := b.open(t, "marks", page)
	type mark struct {
		Title   string
		Visible bool
	}
	marks := eval[[]mark](t, b, `Array.from(document.querySelectorAll("#file-1-spectrum-table tr[data-style='callback.eventloop'] .bimodal")).map(e => ({Title: e.title, Visible: e.checkVisibility() && e.getBoundingClientRect().width > 0}))`)
	want := []string{
		"two speeds: 5.70× (n=3) and 9.80× (n=3)",
		"two speeds: 1.04× (n=3) and 1.76× (n=3)",
	}
	var titles []string
	for _, m := range marks {
		titles = append(titles, m.Title)
		if !m.Visible {
			t.Errorf("‡ %q is not visible", m.Title)
		}
	}
	if !slices.Equal(titles, want) {
		t.Errorf("the eventloop's ‡ titles %q, want %q", titles, want)
	}
	if n := eval[int](t, b, `document.querySelectorAll("#file-1-spectrum-table .bimodal").length`); n != len(want) {
		t.Errorf("%d ‡ in the spectrum, want %d (the eventloop's alone)", n, len(want))
	}

	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS("#file-1-ratios-details > summary"))); err != nil {
		t.Fatal(err)
	}
	const table = "#file-1-ratio-table"
	clickHeading(t, b, table, 5) // GOMAXPROCS, ascending
	type row struct {
		Procs  string
		Marked bool
	}
	rows := eval[[]row](t, b, `Array.from(document.querySelectorAll("#file-1-ratio-table tbody tr")).map(r => ({Procs: r.dataset.procs, Marked: !!r.cells[5].querySelector(".oversub") && r.cells[5].querySelector(".oversub").checkVisibility()}))`)
	var order []string
	for _, r := range rows {
		order = append(order, r.Procs)
		if r.Marked != (r.Procs == "4") {
			t.Errorf("a GOMAXPROCS %s row shown oversubscribed: %v", r.Procs, r.Marked)
		}
	}
	if !slices.Equal(order, []string{"1", "1", "2", "2", "4", "4"}) {
		t.Errorf("sorted by GOMAXPROCS: %q", order)
	}
	b.screenshot(t, "marks")
	b.check(t, pageURL)
}
