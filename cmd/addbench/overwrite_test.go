package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot reads every file under dir, to tell whether a refused command
// changed anything.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(path)
			files[path] = string(b)
		}
		return nil
	})
	return files
}

func sameFiles(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed %s", what, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s wrote %s", what, p)
		}
	}
}

// TestHistoryRefusesToOverwrite: history -html and -o replace an existing
// index.html or chart only with -force, as report and plot do; refused, they
// write nothing at all.
func TestHistoryRefusesToOverwrite(t *testing.T) {
	hist := t.TempDir()
	if err := os.CopyFS(hist, os.DirFS("../../results/dashboard/testdata/history")); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	if _, e, code := runCLI(t, "history", "-dir", hist, "-o", site, "-html"); code != 0 {
		t.Fatalf("history -o -html: exit %d\n%s", code, e)
	}
	os.WriteFile(filepath.Join(site, "index.html"), []byte("mine"), 0o644)
	before := snapshot(t, site)
	for _, args := range [][]string{
		{"-o", site, "-html"},
		{"-o", site},
	} {
		_, e, code := runCLI(t, append([]string{"history", "-dir", hist}, args...)...)
		if code != 2 || !strings.Contains(e, "use -force to overwrite") {
			t.Errorf("history %q over existing files: exit %d, %q; want 2 and -force", args, code, e)
		}
		sameFiles(t, "a refused history", before, snapshot(t, site))
	}
	// The history directory's own page, too.
	if _, e, code := runCLI(t, "history", "-dir", hist, "-html"); code != 0 {
		t.Fatalf("history -html: exit %d\n%s", code, e)
	}
	if _, e, code := runCLI(t, "history", "-dir", hist, "-html"); code != 2 || !strings.Contains(e, "index.html; use -force") {
		t.Errorf("history -html twice: exit %d, %q; want 2", code, e)
	}
	if _, e, code := runCLI(t, "history", "-dir", hist, "-o", site, "-html", "-force"); code != 0 {
		t.Fatalf("history -force: exit %d\n%s", code, e)
	}
	if b, _ := os.ReadFile(filepath.Join(site, "index.html")); string(b) == "mine" {
		t.Error("history -force did not replace index.html")
	}
}

// TestPlotForceAllOrNothing: when plot -force cannot write one chart (a
// directory where it goes), it writes none: the old set stays whole.
func TestPlotForceAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	run := synth(t, dir, "run.txt", 1, nil)
	out := filepath.Join(dir, "charts")
	if _, e, code := runCLI(t, "plot", "-o", out, run); code != 0 {
		t.Fatalf("plot: exit %d\n%s", code, e)
	}
	svgs, _ := filepath.Glob(filepath.Join(out, "*.svg"))
	if len(svgs) < 2 {
		t.Fatalf("plot wrote %d SVG files", len(svgs))
	}
	// Mark the old charts, and put a directory where the last one goes.
	for _, p := range append(svgs[:len(svgs)-1], strings.TrimSuffix(svgs[0], ".svg")+".png") {
		os.WriteFile(p, []byte("old"), 0o644)
	}
	last := svgs[len(svgs)-1]
	os.Remove(last)
	os.Mkdir(last, 0o755)
	before := snapshot(t, out)
	_, e, code := runCLI(t, "plot", "-force", "-o", out, synth(t, dir, "new.txt", 1.2, nil))
	if code != 2 || !strings.Contains(e, filepath.Base(last)+" is a directory") || strings.Contains(e, ".tmp") {
		t.Errorf("plot -force with a directory in the way: exit %d, %q; want 2 naming it", code, e)
	}
	sameFiles(t, "a failed plot -force", before, snapshot(t, out))
}

// TestGenForceRemovesAnEarlierWorkload: "run dir/*.add" runs every program
// in dir, so gen into a directory that holds more (or wider-numbered)
// programs of an earlier workload refuses without -force and with -force
// leaves only the new workload.
func TestGenForceRemovesAnEarlierWorkload(t *testing.T) {
	dir := t.TempDir()
	if _, e, code := runCLI(t, "gen", "-programs", "101", "-len", "2", dir); code != 0 {
		t.Fatalf("gen: exit %d\n%s", code, e)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	before := snapshot(t, dir)
	if _, e, code := runCLI(t, "gen", "-programs", "3", "-len", "2", dir); code != 2 || !strings.Contains(e, "from an earlier workload") {
		t.Errorf("gen over a larger workload: exit %d, %q; want 2", code, e)
	}
	sameFiles(t, "a refused gen", before, snapshot(t, dir))
	if _, e, code := runCLI(t, "gen", "-force", "-programs", "3", "-len", "2", dir); code != 0 {
		t.Fatalf("gen -force: exit %d\n%s", code, e)
	}
	adds, _ := filepath.Glob(filepath.Join(dir, "*.add"))
	if len(adds) != 3 || filepath.Base(adds[0]) != "prog-00.add" {
		t.Errorf("after gen -force -programs 3: %q", adds)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "mine" {
		t.Error("gen -force touched a file that is not a program")
	}
}
