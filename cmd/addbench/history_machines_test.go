package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHistoryMachines: the histories of two machines side by side in the
// text output — a column per machine, each row's latest ratios — and the
// one A/B on which their intervals do not overlap called out with both
// ratios; an A/B they agree on, and a benchmark only one machine recorded,
// are said so. With -machine, one machine: no such view.
func TestHistoryMachines(t *testing.T) {
	const dir = "../../results/dashboard/testdata/history-machines"
	out, e, code := runCLI(t, "history", "-dir", dir)
	if code != 0 {
		t.Fatalf("history: exit %d\n%s", code, e)
	}
	view, _, ok := strings.Cut(out, "\nAdd/")
	if !ok || !strings.Contains(view, "Machines side by side") {
		t.Fatalf("no machines view before the series:\n%s", out)
	}
	lines := strings.Split(view, "\n")
	row := func(prefix string) string {
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return l
			}
		}
		t.Errorf("no row %q in\n%s", prefix, view)
		return ""
	}
	head := row("kind ")
	if a, i := strings.Index(head, "linux-amd64-2cpu-amd-epyc"), strings.Index(head, "linux-amd64-2cpu-intel-xeon-processor"); a < 0 || i < a {
		t.Errorf("header %q: want a column per machine, AMD then Intel", head)
	}
	mutex := row("commits  Add/style=preempt.mutex/")
	for _, want := range []string{"1.010 [0.990, 1.030] (a002 → b002)", "1.200 [1.150, 1.250] (a002 → b002)",
		"DISAGREE on a002 → b002: 1.010 [0.990, 1.030] | 1.200 [1.150, 1.250]"} {
		if !strings.Contains(mutex, want) {
			t.Errorf("preempt.mutex row %q lacks %q", mutex, want)
		}
	}
	if strings.Contains(mutex, "a001 → b001:") {
		t.Errorf("preempt.mutex row %q calls a001 → b001, on which the machines agree, a disagreement", mutex)
	}
	if r := row("commits  Add/style=lockfree.atomic/"); !strings.HasSuffix(r, "agree on 2 A/Bs") {
		t.Errorf("lockfree.atomic row %q: want agreement on two A/Bs", r)
	}
	if r := row("commits  Primitive/op=mutex-2"); !strings.Contains(r, "–") || !strings.HasSuffix(r, "one machine only") {
		t.Errorf("mutex primitive row %q: want no AMD value, one machine only", r)
	}

	one, e, code := runCLI(t, "history", "-dir", dir, "-machine", "linux-amd64-2cpu-intel-xeon-processor")
	if code != 0 || strings.Contains(one, "Machines side by side") {
		t.Errorf("history -machine: exit %d, machines view shown: %v\n%s", code, strings.Contains(one, "Machines side by side"), e)
	}
}

// TestHistoryMachinesHTML: history -html of two machines' histories writes
// the machines side by side into the page, with the one disagreement.
func TestHistoryMachinesHTML(t *testing.T) {
	hist := t.TempDir()
	if err := os.CopyFS(hist, os.DirFS("../../results/dashboard/testdata/history-machines")); err != nil {
		t.Fatal(err)
	}
	if _, e, code := runCLI(t, "history", "-dir", hist, "-html"); code != 0 {
		t.Fatalf("history -html: exit %d\n%s", code, e)
	}
	b, err := os.ReadFile(filepath.Join(hist, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	if !strings.Contains(html, `id="hist-machine-table"`) || strings.Count(html, `<tr class="sensitive"`) != 2 {
		t.Errorf("page: machines table %v, %d rows marked (want the row and its disagreement)",
			strings.Contains(html, `id="hist-machine-table"`), strings.Count(html, `<tr class="sensitive"`))
	}
}

// TestHistoryChartPerKind: an A/A series and a commits series of the same
// benchmark on the same machine are two charts with two names, not one
// name given twice.
func TestHistoryChartPerKind(t *testing.T) {
	hist, out := t.TempDir(), t.TempDir()
	for _, f := range []struct{ name, date, head string }{
		{"aa.txt", "2026-12-01T10:00:00Z", "a"}, {"ab.txt", "2026-12-02T10:00:00Z", "b"},
	} {
		text := "machine: m\ndate: " + f.date + "\nbase: a\nhead: " + f.head + "\nbase-go: go1.26.8\nhead-go: go1.26.8\n\n" +
			"benchmark\tunit\tratio\tlo\thi\tp\tn\tverdict\ttest\tdetectable\n" +
			"Primitive/op=sum-2\tsec/op\t1\t0.98\t1.02\t0.5\t20\t~\tsigned-rank\t2\n"
		if err := os.MkdirAll(filepath.Join(hist, "m"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(hist, "m", f.name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, e, code := runCLI(t, "history", "-dir", hist, "-html", "-all", "-o", out); code != 0 {
		t.Fatalf("history -html -all: exit %d\n%s", code, e)
	}
	svgs, _ := filepath.Glob(filepath.Join(out, "*.svg"))
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(svgs) != 2 || strings.Count(string(page), "<svg") != 2 {
		t.Errorf("%d SVG files %q, %d charts in the page; want 2 of each", len(svgs), svgs, strings.Count(string(page), "<svg"))
	}
}
