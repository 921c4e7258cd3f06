//go:build browser

package dashboard_test

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/addbench/addbench/results"
	"github.com/chromedp/chromedp"
)

// A rect is an element's box in the viewport, in CSS pixels.
type rect struct {
	Top    float64 `json:"top"`
	Bottom float64 `json:"bottom"`
	Left   float64 `json:"left"`
	Right  float64 `json:"right"`
	Width  float64 `json:"width"`
}

func rectOf(t *testing.T, b *browser, sel string) rect {
	t.Helper()
	return eval[rect](t, b, fmt.Sprintf(`(e => { if (!e) return {top: -1, bottom: -1, left: -1, right: -1, width: 0}; const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width}; })(document.querySelector(%q))`, sel))
}

// viewport sets the tab's viewport to w × h CSS pixels and scrolls to the top.
func (b *browser) viewport(t *testing.T, w, h int64) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(w, h), chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0), undefined`), chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserFirstScreen: opened on a 1400 × 900 screen, the page shows,
// without scrolling, the whole spectrum — a row per style, in registry
// order, each with its doc at hand — and the headline chart beside it.
func TestBrowserFirstScreen(t *testing.T) {
	page, _ := reportPage(t, quickRun)
	b := newBrowser(t)
	pageURL := b.open(t, "first-screen", page)
	b.viewport(t, 1400, 900)

	if h := eval[string](t, b, `document.querySelector("main h2").textContent`); !strings.HasPrefix(h, "The spectrum") {
		t.Errorf("the first heading is %q, want the spectrum", h)
	}
	rows := eval[[]string](t, b, `Array.from(document.querySelectorAll("#file-1-spectrum-table tbody tr")).map(r => r.dataset.style)`)
	var want []string
	for _, s := range results.Styles {
		if s.Name != "preempt.goroutines" { // not in the quick suite
			want = append(want, s.Name)
		}
	}
	if !slices.Equal(rows, want) {
		t.Errorf("spectrum rows %q, want the registry's %q", rows, want)
	}
	// Every row, and the last column, on the first screen.
	for _, sel := range []string{"#file-1-spectrum-table", "#file-1-spectrum-table tbody tr:last-child", "#file-1-spectrum-table thead th:last-child"} {
		if r := rectOf(t, b, sel); r.Top < 0 || r.Bottom > 900 || r.Right > 1400 || r.Width == 0 {
			t.Errorf("%s at %+v: not inside the 1400 × 900 screen", sel, r)
		}
	}
	// The headline chart: on the first screen, large enough to read, and
	// drawn.
	fig := rectOf(t, b, "#chart-spectrum svg")
	if fig.Top < 0 || fig.Bottom > 900 || fig.Right > 1400 || fig.Width < 380 {
		t.Errorf("the headline chart at %+v: want it on the 1400 × 900 screen, at least 380 px wide", fig)
	}
	if n := eval[int](t, b, `document.querySelectorAll("#chart-spectrum svg path").length`); n < 50 {
		t.Errorf("the headline chart has %d paths: not drawn?", n)
	}
	// Each style's doc is its row's tooltip.
	titles := eval[[]string](t, b, `Array.from(document.querySelectorAll("#file-1-spectrum-table tbody tr")).map(r => r.title)`)
	if len(titles) == 0 || !strings.Contains(titles[0], "a plain loop over each program in turn") {
		t.Errorf("the loop's row tooltip %q, want its doc", titles)
	}
	for i, tt := range titles {
		if !strings.HasPrefix(tt, rows[i]+": ") || len(tt) < len(rows[i])+20 {
			t.Errorf("row %s: tooltip %q", rows[i], tt)
		}
	}
	b.screenshot(t, "first-screen")
	b.check(t, pageURL)
}

// TestBrowserRatioOrder: the full ratio table opens in registry order of
// styles, then by configuration — not in the shuffled order of the file.
func TestBrowserRatioOrder(t *testing.T) {
	page, _ := reportPage(t, quickRun)
	b := newBrowser(t)
	pageURL := b.open(t, "ratio-order", page)
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS("#file-1-ratios-details > summary"))); err != nil {
		t.Fatal(err)
	}
	type row struct {
		Style                              string
		Mode                               string
		Programs, Len, Quantum, Gomaxprocs int
	}
	rows := eval[[]row](t, b, `Array.from(document.querySelectorAll("#file-1-ratio-table tbody tr")).map(r => ({Style: r.cells[0].textContent, Mode: r.cells[1].textContent, Programs: +r.cells[2].textContent, Len: +r.cells[3].textContent, Quantum: +r.cells[4].textContent, Gomaxprocs: +r.cells[5].textContent}))`)
	rank := map[string]int{}
	for i, s := range results.Styles {
		rank[s.Name] = i
	}
	if len(rows) < 50 {
		t.Fatalf("%d rows", len(rows))
	}
	// The file's own order is not this one, or the test would prove nothing.
	set, err := results.Load(quickRun)
	if err != nil {
		t.Fatal(err)
	}
	var fileOrder []string
	for _, r := range set.Files[0].Ratios("sequential.loop", "sec/add").Ratios {
		fileOrder = append(fileOrder, r.Key.Style)
	}
	var pageOrder []string
	for _, r := range rows {
		pageOrder = append(pageOrder, r.Style)
	}
	if slices.Equal(fileOrder, pageOrder) {
		t.Error("the file is already in registry order: the test proves nothing")
	}
	for i := 1; i < len(rows); i++ {
		a, c := rows[i-1], rows[i]
		if rank[a.Style] > rank[c.Style] {
			t.Fatalf("row %d %v after %v: styles not in registry order", i, c, a)
		}
		if a.Style == c.Style {
			ka := []int{map[string]int{"shared": 0, "private": 1}[a.Mode], a.Programs, a.Len, a.Quantum, a.Gomaxprocs}
			kc := []int{map[string]int{"shared": 0, "private": 1}[c.Mode], c.Programs, c.Len, c.Quantum, c.Gomaxprocs}
			if slices.Compare(ka, kc) > 0 {
				t.Fatalf("row %d %v after %v: configurations out of order", i, c, a)
			}
		}
	}
	b.check(t, pageURL)
}

// TestBrowserMachines: two baselines from two machines, side by side, the
// hardware-sensitive styles marked, as the model says.
func TestBrowserMachines(t *testing.T) {
	const amd, intel = "../baselines/linux-amd64-2cpu-amd-epyc.txt", "../baselines/linux-amd64-2cpu-intel-xeon-processor.txt"
	r := build(t, amd, intel)
	page, _ := reportPage(t, amd, intel)
	b := newBrowser(t)
	pageURL := b.open(t, "machines", page)
	b.viewport(t, 1400, 900)
	if !eval[bool](t, b, `(e => !!e && e.checkVisibility())(document.getElementById("machine-table"))`) {
		t.Fatal("no machine table")
	}
	heads := eval[[]string](t, b, `Array.from(document.querySelectorAll("#machine-table thead th")).map(h => h.textContent)`)
	for _, m := range []string{"linux-amd64-2cpu-amd-epyc", "linux-amd64-2cpu-intel-xeon-processor"} {
		if n := slices.IndexFunc(heads, func(h string) bool { return strings.Contains(h, m) }); n < 0 {
			t.Errorf("no column for %s in %q", m, heads)
		}
	}
	var want []string
	for _, row := range r.Machines.Rows {
		if row.Sensitive {
			want = append(want, row.Style)
		}
	}
	got := eval[[]string](t, b, `Array.from(document.querySelectorAll("#machine-table tbody tr")).filter(r => r.querySelector("td.flag").textContent === "hardware-sensitive").map(r => r.dataset.style)`)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("marked hardware-sensitive %q, the model says %q", got, want)
	}
	if err := chromedp.Do(b.ctx, chromedp.ScrollIntoView(chromedp.CSS("#machines"))); err != nil {
		t.Fatal(err)
	}
	b.screenshot(t, "machines")
	b.check(t, pageURL)
}

// addbench builds the command once for the tests that run it.
func addbench(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "addbench")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/addbench")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// openFile loads a page from disk in the tab and waits for it.
func (b *browser) openFile(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: abs}).String()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("main")), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatalf("loading %s: %v", u, err)
	}
	return u
}

// TestBrowserReportAlone: addbench report -html, with no addbench plot
// before it, writes a page with every chart of the report, each visible and
// drawn; and a chart in the directory replaced by one that would navigate
// the page away does not: the page stays where it is, showing the chart it
// drew.
func TestBrowserReportAlone(t *testing.T) {
	bin := addbench(t)
	dir := filepath.Join(*screenshots, "alone")
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The trap: a spectrum.svg that refreshes to another page, there
	// before the report is written.
	decoy := filepath.Join(dir, "decoy.html")
	if err := os.WriteFile(decoy, []byte(`<!DOCTYPE html><title>decoy</title><main>navigated</main>`), 0o644); err != nil {
		t.Fatal(err)
	}
	decoyURL := (&url.URL{Scheme: "file", Path: decoy}).String()
	evil := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><meta http-equiv="refresh" content="0;url=` + decoyURL + `"/><path d="M0,0L100,100"/></svg>`)
	if err := os.WriteFile(filepath.Join(dir, "spectrum.svg"), evil, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "report", "-html", "-o", dir, quickRun).CombinedOutput()
	if err != nil {
		t.Fatalf("addbench report -html: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "warning") {
		t.Errorf("report -html warned: %s", out)
	}
	r := build(t, quickRun)
	b := newBrowser(t)
	pageURL := b.openFile(t, filepath.Join(dir, "index.html"))
	b.check(t, pageURL)
	chartsVisible(t, b, len(r.Figures))
	// Give a refresh time to happen.
	if err := chromedp.Do(b.ctx, chromedp.Sleep(1500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if loc := eval[string](t, b, `location.href`); loc != pageURL {
		t.Errorf("the page navigated to %s", loc)
	}
	if n := eval[int](t, b, `document.querySelectorAll("meta[http-equiv]").length`); n != 1 { // the page's own CSP
		t.Errorf("%d <meta http-equiv> in the page, want only the CSP's", n)
	}
	if on, _ := os.ReadFile(filepath.Join(dir, "spectrum.svg")); !bytes.Equal(on, evil) {
		t.Error("report -html overwrote a chart it found in the directory")
	}
	b.check(t, pageURL)

	// The trap works: the same SVG inlined raw does navigate, so the test
	// above would have seen it.
	raw := filepath.Join(dir, "raw.html")
	if err := os.WriteFile(raw, []byte(`<!DOCTYPE html><title>raw</title><main>`+string(evil[bytes.Index(evil, []byte("<svg")):])+`</main>`), 0o644); err != nil {
		t.Fatal(err)
	}
	b2 := newBrowser(t)
	b2.openFile(t, raw)
	if err := chromedp.Do(b2.ctx, chromedp.Sleep(1500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if loc := eval[string](t, b2, `location.href`); loc != decoyURL {
		t.Errorf("the raw SVG left the page at %s, not at the decoy: the trap does not work", loc)
	}
}
