package dashboard_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/dashboard"
	"github.com/addbench/addbench/results/report"
)

// selfContained fails unless page refers to nothing outside itself: no
// src or href but a fragment or data:, no url(), and a CSP that lets the
// browser fetch nothing.
func selfContained(t *testing.T, page []byte) {
	t.Helper()
	s := string(page)
	if !strings.Contains(s, `content="default-src 'none';`) {
		t.Error("no Content-Security-Policy with default-src 'none'")
	}
	for _, m := range regexp.MustCompile(`(?i)\b(src|href|action|xlink:href)\s*=\s*["']?([^"'\s>]*)`).FindAllStringSubmatch(s, -1) {
		if !strings.HasPrefix(m[2], "#") && !strings.HasPrefix(m[2], "data:") {
			t.Errorf("page refers to %s=%q", m[1], m[2])
		}
	}
	if strings.Contains(s, "url(") || strings.Contains(s, "@import") {
		t.Error("page style sheet loads something")
	}
}

func TestReportSections(t *testing.T) {
	page, charts := reportPage(t, quickRun)
	selfContained(t, page)
	s := string(page)
	for _, want := range []string{
		"<h3>Machine fingerprint</h3>", "<td>linux-amd64-2cpu-intel-xeon-processor</td>",
		`id="file-1-ratio-table"`, `<select name="style" data-key="style">`, `<select name="procs" data-key="procs">`,
		`<select name="mode" data-key="mode">`, `<select name="quantum" data-key="quantum">`,
		`id="file-1-mechanism-table"`, "<td>coroswitch</td>",
		`id="file-1-target-table"`, "callback.eventloop ÷ op=eventloop",
		`<section id="charts">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(s, `id="verdict"`) {
		t.Error("a page of one run has a verdict")
	}
	// Every chart inline, as the SVG element plot wrote, once.
	if len(charts) < 5 {
		t.Fatalf("%d charts, want the quick suite's dozen", len(charts))
	}
	// Each chart's drawing, path for path and text for text, is in the
	// page: rewritten by the sanitiser, but nothing left out.
	var paths, texts int
	for _, c := range charts {
		paths += bytes.Count(c.Data, []byte("<path "))
		texts += bytes.Count(c.Data, []byte("<text "))
	}
	if n := strings.Count(s, "<path "); n != paths || paths == 0 {
		t.Errorf("%d <path> elements in the page, the charts have %d", n, paths)
	}
	if n := strings.Count(s, "<text "); n < texts || texts == 0 {
		t.Errorf("%d <text> elements in the page, the charts have %d", n, texts)
	}
	if n := strings.Count(s, "<svg"); n != len(charts) {
		t.Errorf("%d <svg> elements, want %d", n, len(charts))
	}
	if strings.Contains(s, "<?xml") {
		t.Error("page holds an XML declaration")
	}
	// One row per ratio, with the filter attributes the script reads.
	set, _ := results.Load(quickRun)
	want := len(set.Files[0].Ratios("sequential.loop", "sec/add").Ratios)
	if n := strings.Count(s, `<tr data-style="`); n != want {
		t.Errorf("%d ratio rows, want %d", n, want)
	}
	if !strings.Contains(s, `<tr data-style="coop.green" data-mode="shared" data-quantum="4096" data-procs="2"`) {
		t.Error("no ratio row for coop.green, shared, quantum 4096, GOMAXPROCS 2")
	}
}

func TestReportVerdictRegressionsFirst(t *testing.T) {
	page, _ := reportPage(t, oldRun, newRun)
	selfContained(t, page)
	s := string(page)
	order := []string{`<section id="verdict">`, "4 regressions, 0 improvements", `<h3 id="regressions">Regressions (4)</h3>`,
		"style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=64-2", `<h3 id="improvements">`, `<section id="file-1"`, `<section id="file-2"`}
	last := -1
	for _, w := range order {
		i := strings.Index(s, w)
		if i < 0 {
			t.Fatalf("page lacks %q", w)
		}
		if i < last {
			t.Errorf("%q comes before what precedes it in %q", w, order)
		}
		last = i
	}
	// The regressions, largest first: +10.48 % before +8.83 %.
	if a, b := strings.Index(s, "10.48 %"), strings.Index(s, "8.83 %"); a < 0 || b < 0 || a > b {
		t.Errorf("regressions not largest first: +10.48 %% at %d, +8.83 %% at %d", a, b)
	}
	if !strings.Contains(s, `<pre class="benchstat">`) {
		t.Error("no benchstat tables")
	}
}

func TestHistoryPage(t *testing.T) {
	page, series := historyPage(t)
	selfContained(t, page)
	s := string(page)
	if n := strings.Count(s, "<svg"); n != len(series) {
		t.Errorf("%d charts, want one per benchmark (%d)", n, len(series))
	}
	// Two change points, the latest first.
	rows := regexp.MustCompile(`<tr class="(slower|faster)"><td class="nowrap">([^<]*)</td>`).FindAllStringSubmatch(s, -1)
	if len(rows) != 2 {
		t.Fatalf("%d change-point rows, want 2", len(rows))
	}
	if rows[0][2] != "2026-12-04T10:00:00Z" || rows[0][1] != "slower" || rows[1][2] != "2026-12-03T10:00:00Z" || rows[1][1] != "faster" {
		t.Errorf("change points %q, want 2026-12-04 slower then 2026-12-03 faster", rows)
	}
	if !strings.Contains(s, `<a href="#chart-history-linux-amd64-2cpu-test-Add_style_preempt.mutex_mode_shared_programs_1_len_65536_quantum_1-2">`) {
		t.Error("a change point does not link to its chart")
	}
}

func TestLabelsEscaped(t *testing.T) {
	set, err := results.Load(quickRun)
	if err != nil {
		t.Fatal(err)
	}
	set.Files[0].Label = `<img src=x onerror=alert(1)>`
	set.Files[0].Config["cpu"] = `<script>alert(1)</script>`
	r, err := report.Build(set, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := dashboard.ReportPage(&b, r, nil); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "<img src=x") || strings.Contains(s, "<script>alert") {
		t.Error("a label from a results file is not escaped")
	}
}

func TestBadChartNamed(t *testing.T) {
	r := build(t, quickRun)
	for _, c := range []dashboard.SVG{
		{Name: "cost-x", Data: []byte("GIF89a")},
		{Name: "cost-x", Data: []byte(`<svg><image href="http://example.com/x.png"/></svg>`)},
	} {
		err := dashboard.ReportPage(new(bytes.Buffer), r, []dashboard.SVG{c})
		if err == nil || !strings.Contains(err.Error(), "cost-x") {
			t.Errorf("chart %q: error %v, want one naming cost-x", c.Data, err)
		}
	}
	twice := []dashboard.SVG{{Name: "a", Data: []byte("<svg/>")}, {Name: "a", Data: []byte("<svg/>")}}
	if err := dashboard.ReportPage(new(bytes.Buffer), r, twice); err == nil {
		t.Error("the same chart twice is not an error")
	}
}

// cells returns the text of every row of the table with id, a slice of cell
// texts per row, header included.
func cells(t *testing.T, page []byte, id string) [][]string {
	t.Helper()
	s := string(page)
	i := strings.Index(s, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s", id)
	}
	s = s[i : i+strings.Index(s[i:], "</table>")]
	var rows [][]string
	for _, tr := range regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`).FindAllStringSubmatch(s, -1) {
		var row []string
		for _, td := range regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`).FindAllStringSubmatch(tr[1], -1) {
			row = append(row, strings.TrimSpace(td[1]))
		}
		rows = append(rows, row)
	}
	return rows
}

// markdownRows returns the rows, cells trimmed, of the Markdown table that
// follows heading in md, separator line left out.
func markdownRows(md, heading string) [][]string {
	md = md[strings.Index(md, heading):]
	md = md[strings.Index(md, "\n|"):]
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSpace(md), "\n") {
		if !strings.HasPrefix(l, "|") {
			break
		}
		if strings.HasPrefix(l, "|---") {
			continue
		}
		var row []string
		for _, c := range strings.Split(strings.Trim(l, "|"), "|") {
			row = append(row, strings.TrimSpace(c))
		}
		rows = append(rows, row)
	}
	return rows
}

// markdown renders r as report.md does.
func markdown(t *testing.T, r *report.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Markdown(&b, r, nil, ""); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestReportScale: the page has the scale table and its anchors, cell for
// cell the same as report.md's, since both render one report.
func TestReportScale(t *testing.T) {
	r := build(t, scaleRun)
	page, _ := reportPage(t, scaleRun)
	selfContained(t, page)
	got := cells(t, page, "file-1-scale-table")
	want := markdownRows(markdown(t, r), "### Scale")
	if len(got) < 10 || !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("scale table:\n%q\nreport.md's:\n%q", got, want)
	}
	var gil []string
	for _, row := range got {
		if row[0] == "coop.gil" {
			gil = row
		}
	}
	// coop.gil is capped at 10^5: numbers there, blanks at 10^6.
	if len(gil) < 5 || gil[1] == "" || gil[3] != "" {
		t.Errorf("coop.gil row %q: want numbers at 10^5 and blanks at 10^6", gil)
	}
	for _, want := range []string{`href="#file-1-scale"`, "stackMin", "10 000 Rust threads"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %q", want)
		}
	}
	if page, _ := reportPage(t, quickRun); bytes.Contains(page, []byte("-scale-table")) {
		t.Error("the quick run's page has a scale table")
	}
}

// TestReportPeers: the page has the peers table, the same rows as
// report.md's.
func TestReportPeers(t *testing.T) {
	var b strings.Builder
	b.WriteString("peer-levels: peer.lib.loop=1\n")
	for pass := range 6 {
		m := 1 + 0.5*float64(pass%2)
		fmt.Fprintf(&b, "BenchmarkAdd/style=callback.eventloop/mode=shared/programs=1/len=8/quantum=1 1000 %g ns/add\n", 6*m)
		fmt.Fprintf(&b, "BenchmarkAdd/style=peer.lib.loop/mode=shared/programs=1/len=8/quantum=1 1000 %g ns/add\n", 60*m)
		fmt.Fprintf(&b, "BenchmarkPrimitive/op=eventloop 1000 %g ns/op\n", 5*m)
	}
	path := filepath.Join(t.TempDir(), "peers.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	page, _ := reportPage(t, path)
	got := cells(t, page, "file-1-peer-table")
	want := [][]string{
		{"level", "primitive", "style", "ns/add", "× primitive", "95 % interval"},
		{"1", "op=eventloop", "callback.eventloop", "7.50", "1.20×", "[1.20, 1.20]"},
		{"1", "op=eventloop", "peer.lib.loop", "75.0", "12.0×", "[12.0, 12.0]"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("peers table %q, want %q", got, want)
	}
	md := markdownRows(markdown(t, build(t, path)), "### Peers")
	if len(md) != len(want) || md[2][2] != got[2][3] || md[2][3] != got[2][4]+" "+got[2][5] {
		t.Errorf("report.md's peers %q differ from the page's %q", md, got)
	}
}

// TestDrawSVGs: the page gets each figure drawn as SVG here, with its
// title, the same document addbench plot writes.
func TestDrawSVGs(t *testing.T) {
	r := build(t, quickRun)
	svgs, err := dashboard.DrawSVGs(r.Figures[:2])
	if err != nil || len(svgs) != 2 {
		t.Fatalf("DrawSVGs = %d, %v", len(svgs), err)
	}
	for i, s := range svgs {
		var want bytes.Buffer
		if err := r.Figures[i].Chart.Encode(&want, "svg"); err != nil {
			t.Fatal(err)
		}
		if s.Name != r.Figures[i].Name || s.Title != r.Figures[i].Title || !bytes.Equal(s.Data, want.Bytes()) {
			t.Errorf("svg %d: %s %q, %d bytes; want %s's", i, s.Name, s.Title, len(s.Data), r.Figures[i].Name)
		}
	}
}

// TestReportSkipped: a skip recorded in the results file (a scale run that
// capped or stopped a style) is listed with its reason, once however many
// passes skipped it, in report.md and on the page alike; a run that
// skipped nothing has no such section.
func TestReportSkipped(t *testing.T) {
	data, err := os.ReadFile(scaleRun)
	if err != nil {
		t.Fatal(err)
	}
	const name = "BenchmarkAdd/style=coop.gil/mode=private/programs=1000000/len=16/quantum=1-2"
	const reason = "coop.gil is capped at 100000 programs (bench.ScaleCaps): over RunCap"
	skip := "skipped: " + name + ": " + reason + "\nskipped: \n"
	path := filepath.Join(t.TempDir(), "skipped.txt")
	if err := os.WriteFile(path, append([]byte(skip+skip), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	page, _ := reportPage(t, path)
	want := [][]string{{"benchmark", "passes", "reason"}, {name, "2", reason}}
	if got := cells(t, page, "file-1-skipped-table"); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("page's skipped table %q, want %q", got, want)
	}
	if got := markdownRows(markdown(t, build(t, path)), "### Skipped"); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("report.md's skipped table %q, want %q", got, want)
	}
	if page, _ := reportPage(t, scaleRun); bytes.Contains(page, []byte("-skipped")) {
		t.Error("a run that skipped nothing has a skipped section")
	}
}
