package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/addbench/addbench/results/dashboard"
)

// sanitized is an SVG file as a page inlines it.
func sanitized(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	clean, err := dashboard.Sanitize(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return clean
}

// report -html alone, with no addbench plot first, draws every chart of the
// report into the directory and writes index.html beside report.md with each
// inline, once; it refuses to overwrite one without -force. Charts already
// in the directory are left alone, and the page inlines what it drew, not
// what it found: a chart replaced by one that would navigate the page away
// does not reach it.
func TestReportHTML(t *testing.T) {
	dir := t.TempDir()
	const run = "../../results/report/testdata/quick.txt"
	out, e, code := runCLI(t, "report", "-html", "-o", dir, run)
	if code != 0 {
		t.Fatalf("report -html: exit %d\n%s", code, e)
	}
	page := filepath.Join(dir, "index.html")
	if !strings.Contains(out, page) || !strings.Contains(out, filepath.Join(dir, "report.md")) {
		t.Errorf("report -html printed %q, want both files", out)
	}
	if strings.Contains(e, "warning") || !strings.Contains(e, "drew 13 charts") {
		t.Errorf("report -html said %q, want the 13 charts it drew and no warning", e)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	svgs, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	pngs, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(svgs) != 13 || len(pngs) != 13 {
		t.Fatalf("report -html drew %d SVG and %d PNG files, want the report's 13 each", len(svgs), len(pngs))
	}
	for _, p := range svgs {
		if n := bytes.Count(html, sanitized(t, p)); n != 1 {
			t.Errorf("index.html holds %s %d times, want once", filepath.Base(p), n)
		}
	}
	if n := bytes.Count(html, []byte("<svg")); n != len(svgs) {
		t.Errorf("index.html has %d charts, %s has %d", n, dir, len(svgs))
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if n := bytes.Count(md, []byte(".svg)")); n != len(svgs) {
		t.Errorf("report.md links %d charts, want %d", n, len(svgs))
	}
	if _, e, code := runCLI(t, "report", "-html", "-o", dir, run); code != 2 || !strings.Contains(e, "use -force") {
		t.Errorf("a second report -html: exit %d, %q; want 2 and -force", code, e)
	}

	// A hostile chart in the directory: left there, kept out of the page.
	evil := filepath.Join(dir, "spectrum.svg")
	good := sanitized(t, evil)
	if err := os.WriteFile(evil, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><meta http-equiv="refresh" content="0;url=https://example.com"/></svg>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, e, code := runCLI(t, "report", "-html", "-force", "-o", dir, run); code != 0 || strings.Contains(e, "drew") {
		t.Errorf("report -html -force: exit %d, %q; want 0 and nothing drawn\n", code, e)
	}
	html, _ = os.ReadFile(page)
	if bytes.Contains(html, []byte("http-equiv=\"refresh")) || !bytes.Contains(html, good) {
		t.Error("index.html inlines the chart found in the directory, not the one drawn")
	}

	// Without -html, no page; plot first, nothing left to draw.
	other := t.TempDir()
	runCLI(t, "plot", "-o", other, run)
	if _, e, code := runCLI(t, "report", "-o", other, run); code != 0 || strings.Contains(e, "drew") {
		t.Fatalf("report after plot: exit %d, %q", code, e)
	}
	if _, err := os.Stat(filepath.Join(other, "index.html")); err == nil {
		t.Error("report without -html wrote index.html")
	}
}

// history -html writes the page into -o beside the charts (the same SVG
// bytes), or into the history directory without -o.
func TestHistoryHTML(t *testing.T) {
	hist := t.TempDir()
	src := "../../results/dashboard/testdata/history"
	if err := os.CopyFS(hist, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	stdout, e, code := runCLI(t, "history", "-dir", hist, "-html", "-o", out)
	if code != 0 {
		t.Fatalf("history -html: exit %d\n%s", code, e)
	}
	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	// Three benchmarks, each charted in the page; the two with a change
	// point also as files (no -all).
	if n := bytes.Count(html, []byte("<svg")); n != 3 {
		t.Errorf("page has %d charts, want 3", n)
	}
	svgs, _ := filepath.Glob(filepath.Join(out, "*.svg"))
	if len(svgs) != 2 {
		t.Errorf("%d SVG files, want 2", len(svgs))
	}
	for _, p := range svgs {
		if !bytes.Contains(html, sanitized(t, p)) {
			t.Errorf("the page's chart differs from %s", p)
		}
	}
	if !bytes.Contains(html, []byte("Change points, latest first")) || bytes.Count(html, []byte(`<tr class="slower">`))+bytes.Count(html, []byte(`<tr class="faster">`)) != 2 {
		t.Error("the page lacks the two change points")
	}

	if _, e, code := runCLI(t, "history", "-dir", hist, "-html"); code != 0 {
		t.Fatalf("history -html without -o: exit %d\n%s", code, e)
	}
	if _, err := os.Stat(filepath.Join(hist, "index.html")); err != nil {
		t.Errorf("history -html without -o: %v", err)
	}
	// The page in the history directory is not read as a run.
	if _, e, code := runCLI(t, "history", "-dir", hist); code != 0 {
		t.Errorf("history after -html: exit %d\n%s", code, e)
	}
}
