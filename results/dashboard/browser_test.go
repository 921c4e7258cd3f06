//go:build browser

// The browser tests open the pages in headless Chromium, driven with
// chromedp, and check what a person would see: they run with
//
//	go test -tags browser -run Browser ./results/dashboard   (make browser)
//
// They need the chromium binary (Debian package chromium; $CHROMIUM names
// another). Without it they skip, except under CI=true, where a missing
// browser fails them: CI must not pass by testing nothing.
//
// The tests share one browser, a tab each; TestMain stops it after the last
// test (canceling the allocator waits for the process to exit), so that
// goleak finds no goroutine of chromedp left.

package dashboard_test

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", filepath.Join(os.TempDir(), "addbench-dashboard"),
	"`directory` for the pages the browser tests open and their screenshots")

// chromiumPath finds the browser, or skips the test (fails it under CI).
func chromiumPath(t *testing.T) string {
	t.Helper()
	names := []string{"chromium", "chromium-browser"}
	if p := os.Getenv("CHROMIUM"); p != "" {
		names = []string{p}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("no %s on PATH: install it (apt-get install -y chromium) or set $CHROMIUM", strings.Join(names, " or "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI=true, so the browser tests fail rather than skip")
	}
	t.Skip(msg)
	return ""
}

// A browser is one headless Chromium with one tab, and what the tab did: its
// console messages and errors, and every request it made.
type browser struct {
	ctx context.Context

	mu       sync.Mutex
	errors   []string // console errors, uncaught exceptions, browser-log errors
	requests []string // the URL of every request
}

// The one Chromium of the package's tests, started by the first test that
// needs it and stopped after the last (atExit): each test opens a tab of its
// own in it.
var (
	chromeOnce   sync.Once
	chromeCtx    context.Context
	chromeErr    error
	chromeCancel []context.CancelFunc
)

func startChromium(path, profile string) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	chromeCancel = []context.CancelFunc{cancel, cancelAlloc}
	atExit = append(atExit, func() {
		for _, c := range chromeCancel {
			c() // the allocator's waits for Chromium to exit
		}
		os.RemoveAll(profile)
	})
	chromeCtx = ctx
	if err := chromedp.Do(ctx); err != nil { // start it
		chromeErr = fmt.Errorf("starting %s: %w", path, err)
	}
}

// newBrowser opens a tab in the shared Chromium (as root in a container, in
// a fresh profile), recording what the tab does, and closes it when the test
// ends.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	chromeOnce.Do(func() {
		profile, err := os.MkdirTemp("", "addbench-chromium-")
		if err != nil {
			chromeErr = err
			return
		}
		startChromium(path, profile)
	})
	if chromeErr != nil {
		t.Fatal(chromeErr)
	}
	b := &browser{}
	ctx, cancel := chromedp.NewContext(chromeCtx, chromedp.WithListener(b.record))
	// Each test, its tab included, within 30 s.
	ctx, cancelTimeout := context.WithTimeout(ctx, 30*time.Second)
	b.ctx = ctx
	t.Cleanup(func() {
		cancelTimeout()
		cancel() // closes the tab
	})
	if err := chromedp.Do(ctx); err != nil { // open the tab
		t.Fatalf("opening a tab: %v", err)
	}
	return b
}

// record keeps what a test asserts on. It runs on chromedp's reading
// goroutine: it only appends, under the lock.
func (b *browser) record(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			b.errors = append(b.errors, "console."+string(ev.Type)+": "+strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		b.errors = append(b.errors, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
			b.errors = append(b.errors, fmt.Sprintf("browser log (%s, %s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, ev.Request.URL)
	}
}

// open writes page to the screenshot directory as name.html and loads it from
// file://, and fails the test on any console error or any request but the
// page's own.
func (b *browser) open(t *testing.T, name string, page []byte) string {
	t.Helper()
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	path, err := filepath.Abs(filepath.Join(*screenshots, name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: path}).String()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
		t.Fatalf("loading %s: %v", u, err)
	}
	// Let anything the page would fetch or log after load show up.
	if err := chromedp.Do(b.ctx, chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	b.check(t, u)
	return u
}

// check fails the test for every console error so far and every request not
// for the page itself.
func (b *browser) check(t *testing.T, pageURL string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		t.Errorf("console: %s", e)
	}
	if !slices.Contains(b.requests, pageURL) {
		t.Errorf("no request for the page %s seen among %q: is the request log working?", pageURL, b.requests)
	}
	for _, r := range b.requests {
		if r != pageURL {
			t.Errorf("the page made a request: %s", r)
		}
	}
}

// eval runs a JavaScript expression in the page and returns its value.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// screenshot saves the page as name.png (the viewport: what a person sees
// on opening it) and name-full.png (the whole page) and logs where.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	for _, s := range []struct {
		file string
		shot chromedp.Action[[]byte]
	}{
		{name + ".png", chromedp.CaptureScreenshot()},
		{name + "-full.png", chromedp.FullScreenshot(100)},
	} {
		png, err := chromedp.Run(b.ctx, s.shot)
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		p := filepath.Join(*screenshots, s.file)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		if len(png) < 10_000 {
			t.Errorf("screenshot %s is %d bytes: a blank page?", p, len(png))
		}
		t.Logf("screenshot: %s", p)
	}
}

// A box is an element's rendered size and visibility.
type box struct {
	ID      string  `json:"id"`
	Width   float64 `json:"w"`
	Height  float64 `json:"h"`
	Visible bool    `json:"visible"`
	Drawn   float64 `json:"drawn"` // the area of the SVG's drawing, in its own units
}

// chartsVisible fails the test unless the page shows want charts, each an
// <svg> that is displayed, has a non-zero size on screen and draws something.
func chartsVisible(t *testing.T, b *browser, want int) {
	t.Helper()
	boxes := eval[[]box](t, b, `Array.from(document.querySelectorAll("figure.chart")).map(f => {
		const s = f.querySelector("svg");
		if (!s) return {id: f.id, w: 0, h: 0, visible: false, drawn: 0};
		const r = s.getBoundingClientRect(), st = getComputedStyle(s), bb = s.getBBox();
		return {id: f.id, w: r.width, h: r.height, drawn: bb.width * bb.height,
			visible: st.display !== "none" && st.visibility === "visible" && s.checkVisibility()};
	})`)
	if len(boxes) != want {
		t.Errorf("%d charts on the page, want %d", len(boxes), want)
	}
	for _, c := range boxes {
		if !c.Visible || c.Width < 100 || c.Height < 100 || c.Drawn <= 0 {
			t.Errorf("chart %s: visible %v, %.0f × %.0f px, drawing area %.0f; want a visible, drawn chart", c.ID, c.Visible, c.Width, c.Height, c.Drawn)
		}
	}
}

// column returns the sort keys (data-v, else text) of a table column, in
// row order, for the rows that are shown.
func column(t *testing.T, b *browser, table string, col int) []string {
	t.Helper()
	return eval[[]string](t, b, fmt.Sprintf(`Array.from(document.querySelectorAll(%q + " tbody tr")).filter(r => !r.hidden).map(r => {
		const c = r.cells[%d]; return c.hasAttribute("data-v") ? c.getAttribute("data-v") : c.textContent.trim(); })`, table, col))
}

// clickHeading clicks, with the mouse, the heading of column col of table.
func clickHeading(t *testing.T, b *browser, table string, col int) {
	t.Helper()
	sel := fmt.Sprintf(`%s thead th:nth-child(%d)`, table, col+1)
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

func numbers(t *testing.T, vals []string) []float64 {
	t.Helper()
	var xs []float64
	for _, v := range vals {
		var x float64
		if _, err := fmt.Sscan(v, &x); err != nil {
			t.Fatalf("sort key %q is not a number", v)
		}
		xs = append(xs, x)
	}
	return xs
}

func TestBrowserReport(t *testing.T) {
	page, charts := reportPage(t, quickRun)
	b := newBrowser(t)
	pageURL := b.open(t, "report", page)
	t.Logf("page: %s", pageURL)

	for _, id := range []string{"spectrum", "file-1", "file-1-ratios", "file-1-mechanisms", "file-1-targets", "charts"} {
		if !eval[bool](t, b, fmt.Sprintf(`(e => !!e && e.checkVisibility())(document.getElementById(%q))`, id)) {
			t.Errorf("section #%s is missing or hidden", id)
		}
	}
	chartsVisible(t, b, len(charts))

	// The full ratio table is collapsed; a click on its summary opens it.
	const table = "#file-1-ratio-table"
	if eval[bool](t, b, `document.querySelector("#file-1-ratio-table").checkVisibility()`) {
		t.Error("the ratio table is open before any click")
	}
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS("#file-1-ratios-details > summary"))); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, b, `document.querySelector("#file-1-ratio-table").checkVisibility()`) {
		t.Fatal("a click on the summary does not open the ratio table")
	}

	// Sorting by the ratio column orders the rows by it, and a second click
	// reverses them.
	const ratioCol = 7
	before := column(t, b, table, ratioCol)
	if slices.IsSortedFunc(numbers(t, before), func(x, y float64) int { return cmpFloat(x, y) }) {
		t.Fatal("the ratio column is sorted before any click: the test would prove nothing")
	}
	clickHeading(t, b, table, ratioCol)
	asc := numbers(t, column(t, b, table, ratioCol))
	if !slices.IsSorted(asc) || len(asc) != len(before) {
		t.Errorf("after one click the ratios are not ascending: %v", asc)
	}
	clickHeading(t, b, table, ratioCol)
	desc := numbers(t, column(t, b, table, ratioCol))
	slices.Reverse(desc)
	if !slices.IsSorted(desc) {
		t.Errorf("after two clicks the ratios are not descending: %v", desc)
	}
	// A text column sorts too, and rows move whole: each row's style stays
	// with its ratio.
	pairs := func() []string {
		return eval[[]string](t, b, `Array.from(document.querySelectorAll("#file-1-ratio-table tbody tr")).map(r => r.cells[0].textContent + "|" + r.cells[5].textContent + "|" + r.cells[4].textContent + "|" + r.cells[7].textContent)`)
	}
	rowsBefore := pairs()
	clickHeading(t, b, table, 0)
	styles := column(t, b, table, 0)
	if !slices.IsSorted(styles) {
		t.Errorf("after a click on style the styles are not in order: %q", styles)
	}
	rowsAfter := pairs()
	slices.Sort(rowsBefore)
	slices.Sort(rowsAfter)
	if !slices.Equal(rowsBefore, rowsAfter) {
		t.Error("sorting changed the rows, not only their order")
	}

	// The style filter hides every other style's rows.
	all := len(column(t, b, table, 0))
	if err := chromedp.Do(b.ctx,
		chromedp.SetValue(chromedp.CSS(`form[data-table="file-1-ratio-table"] select[name="style"]`), "coop.green"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[data-table="file-1-ratio-table"] select[name="style"]').dispatchEvent(new Event("change", {bubbles: true})), undefined`),
	); err != nil {
		t.Fatal(err)
	}
	shown := column(t, b, table, 0)
	if len(shown) == 0 || len(shown) >= all {
		t.Errorf("style filter coop.green shows %d of %d rows", len(shown), all)
	}
	for _, s := range shown {
		if s != "coop.green" {
			t.Errorf("style filter coop.green shows a row of %s", s)
		}
	}
	hidden := eval[int](t, b, `Array.from(document.querySelectorAll("#file-1-ratio-table tbody tr")).filter(r => r.checkVisibility()).length`)
	if hidden != len(shown) {
		t.Errorf("%d rows visible on screen, want the %d coop.green rows", hidden, len(shown))
	}
	if got, want := eval[string](t, b, `document.querySelector('form[data-table="file-1-ratio-table"] output').textContent`), fmt.Sprintf("%d of %d rows", len(shown), all); got != want {
		t.Errorf("filter count %q, want %q", got, want)
	}
	// A second filter narrows further; "all" brings every row back.
	if err := chromedp.Do(b.ctx,
		chromedp.SetValue(chromedp.CSS(`form[data-table="file-1-ratio-table"] select[name="procs"]`), "2"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[data-table="file-1-ratio-table"] select[name="procs"]').dispatchEvent(new Event("change", {bubbles: true})), undefined`),
	); err != nil {
		t.Fatal(err)
	}
	if procs := column(t, b, table, 5); len(procs) == 0 || len(procs) >= len(shown) || slices.ContainsFunc(procs, func(p string) bool { return p != "2" }) {
		t.Errorf("style and GOMAXPROCS filters show GOMAXPROCS %q", procs)
	}
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('form[data-table="file-1-ratio-table"] select').forEach(s => { s.value = ""; s.dispatchEvent(new Event("change", {bubbles: true})); }), undefined`)); err != nil {
		t.Fatal(err)
	}
	if n := len(column(t, b, table, 0)); n != all {
		t.Errorf("with every filter on all, %d of %d rows shown", n, all)
	}

	// Back to the top, filtered to one style, for the screenshot.
	if err := chromedp.Do(b.ctx,
		chromedp.SetValue(chromedp.CSS(`form[data-table="file-1-ratio-table"] select[name="quantum"]`), "1"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[data-table="file-1-ratio-table"] select[name="quantum"]').dispatchEvent(new Event("change", {bubbles: true})), window.scrollTo(0, 0), undefined`),
	); err != nil {
		t.Fatal(err)
	}
	b.screenshot(t, "report")
	b.check(t, pageURL) // nothing logged or fetched while it was used
}

func TestBrowserVerdict(t *testing.T) {
	page, charts := reportPage(t, oldRun, newRun)
	b := newBrowser(t)
	pageURL := b.open(t, "compare", page)
	chartsVisible(t, b, len(charts))
	// The spectrum, then the verdict, whose first table is the
	// regressions.
	if first := eval[[]string](t, b, `Array.from(document.querySelectorAll("main > section")).slice(0, 2).map(s => s.id)`); !slices.Equal(first, []string{"spectrum", "verdict"}) {
		t.Errorf("first sections %q, want the spectrum, then the verdict", first)
	}
	if n := eval[int](t, b, `document.querySelector("#verdict table").tBodies[0].rows.length`); n != 4 {
		t.Errorf("the first table of the verdict has %d rows, want the 4 regressions", n)
	}
	b.screenshot(t, "compare")
	b.check(t, pageURL)
}

// TestBrowserScale: the scale table and its anchors are on the page of a
// scale run, and the table sorts by B/program, unmeasured cells last.
func TestBrowserScale(t *testing.T) {
	page, charts := reportPage(t, scaleRun)
	b := newBrowser(t)
	pageURL := b.open(t, "scale", page)
	chartsVisible(t, b, len(charts))
	for _, id := range []string{"file-1-scale", "file-1-scale-table"} {
		if !eval[bool](t, b, fmt.Sprintf(`(e => !!e && e.checkVisibility())(document.getElementById(%q))`, id)) {
			t.Errorf("#%s is missing or hidden", id)
		}
	}
	const table = "#file-1-scale-table"
	clickHeading(t, b, table, 1)
	col := column(t, b, table, 1)
	var measured []string
	for i, v := range col {
		if v == "" {
			if slices.ContainsFunc(col[i:], func(v string) bool { return v != "" }) {
				t.Errorf("a blank cell sorts before a number: %q", col)
			}
			break
		}
		measured = append(measured, v)
	}
	if xs := numbers(t, measured); len(xs) < 5 || !slices.IsSorted(xs) {
		t.Errorf("after a click the first B/program column is not ascending: %v", xs)
	}
	b.screenshot(t, "scale")
	b.check(t, pageURL)
}

func TestBrowserHistory(t *testing.T) {
	page, series := historyPage(t)
	b := newBrowser(t)
	pageURL := b.open(t, "history", page)
	chartsVisible(t, b, len(series))
	dates := column(t, b, "#change-table", 0)
	if len(dates) != 2 || !slices.IsSorted([]string{dates[1], dates[0]}) {
		t.Errorf("change points %q, want two, latest first", dates)
	}
	clickHeading(t, b, "#change-table", 0)
	if d := column(t, b, "#change-table", 0); !slices.IsSorted(d) || len(d) != 2 {
		t.Errorf("after a click on date, change points %q, want oldest first", d)
	}
	// A change point links to its chart.
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS("#change-table tbody tr a"))); err != nil {
		t.Fatal(err)
	}
	if h := eval[string](t, b, `location.hash`); !strings.HasPrefix(h, "#chart-history-") {
		t.Errorf("after a click on a change point, location %q, want its chart", h)
	}
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0), undefined`)); err != nil {
		t.Fatal(err)
	}
	b.screenshot(t, "history")
	b.check(t, pageURL)
}

// The harness itself: a page that fetches something and logs an error must
// fail check, or the tests above would pass on a broken page.
func TestBrowserCatchesRequestsAndErrors(t *testing.T) {
	b := newBrowser(t)
	page := []byte(`<!DOCTYPE html><html><head><title>bad</title></head><body><main><img src="http://127.0.0.1:9/x.png">
<script>console.error("boom")</script></main></body></html>`)
	path := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: path}).String()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("main")), chromedp.Sleep(500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	errs, reqs := slices.Clone(b.errors), slices.Clone(b.requests)
	b.mu.Unlock()
	if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, "boom") }) {
		t.Errorf("console.error not seen: %q", errs)
	}
	if !slices.Contains(reqs, "http://127.0.0.1:9/x.png") {
		t.Errorf("image request not seen: %q", reqs)
	}
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
