package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// report -html writes index.html beside report.md, with every SVG that plot
// wrote into the directory inline, byte for byte; it refuses to overwrite
// one without -force.
func TestReportHTML(t *testing.T) {
	dir := t.TempDir()
	const run = "../../results/report/testdata/quick.txt"
	if _, e, code := runCLI(t, "plot", "-o", dir, run); code != 0 {
		t.Fatalf("plot: exit %d\n%s", code, e)
	}
	out, e, code := runCLI(t, "report", "-html", "-o", dir, run)
	if code != 0 {
		t.Fatalf("report -html: exit %d\n%s", code, e)
	}
	page := filepath.Join(dir, "index.html")
	if !strings.Contains(out, page) || !strings.Contains(out, filepath.Join(dir, "report.md")) {
		t.Errorf("report -html printed %q, want both files", out)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	svgs, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(svgs) == 0 {
		t.Fatal("plot wrote no SVG")
	}
	for _, p := range svgs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(html, bytes.TrimSpace(b[bytes.Index(b, []byte("<svg")):])) {
			t.Errorf("index.html lacks %s as plot wrote it", filepath.Base(p))
		}
	}
	if n := bytes.Count(html, []byte("<svg")); n != len(svgs) {
		t.Errorf("index.html has %d charts, %s has %d", n, dir, len(svgs))
	}
	if _, e, code := runCLI(t, "report", "-html", "-o", dir, run); code != 2 || !strings.Contains(e, "use -force") {
		t.Errorf("a second report -html: exit %d, %q; want 2 and -force", code, e)
	}
	if _, e, code := runCLI(t, "report", "-html", "-force", "-o", dir, run); code != 0 {
		t.Errorf("report -html -force: exit %d\n%s", code, e)
	}

	// Without -html, no page.
	other := t.TempDir()
	runCLI(t, "plot", "-o", other, run)
	if _, e, code := runCLI(t, "report", "-o", other, run); code != 0 {
		t.Fatalf("report: exit %d\n%s", code, e)
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
		b, _ := os.ReadFile(p)
		if !bytes.Contains(html, bytes.TrimSpace(b[bytes.Index(b, []byte("<svg")):])) {
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
