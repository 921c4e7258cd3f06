package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportMachinesNoVerdict: the same two runs, one with a regression,
// get a verdict when they come from one machine and none — the machines
// side by side and a note saying why instead — when their machine: lines
// differ: between machines a "regression" is the hardware.
func TestReportMachinesNoVerdict(t *testing.T) {
	dir := t.TempDir()
	old, run, other := machineRuns(t, dir)
	report := func(name string, files ...string) (md, stderr string) {
		t.Helper()
		out := filepath.Join(dir, name)
		_, e, code := runCLI(t, append([]string{"report", "-o", out}, files...)...)
		if code != 0 {
			t.Fatalf("report %s: exit %d\n%s", name, code, e)
		}
		b, err := os.ReadFile(filepath.Join(out, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b), e
	}

	same, _ := report("same", old, run)
	for _, want := range []string{"## Comparison", "### Verdict", "Regressions (", "coop.green"} {
		if !strings.Contains(same, want) {
			t.Errorf("one machine: report.md lacks %q", want)
		}
	}
	if strings.Contains(same, "Machines side by side") || strings.Contains(same, "No verdict") {
		t.Error("one machine: report.md sets machines side by side or withholds the verdict")
	}

	cross, stderr := report("cross", old, other)
	for _, want := range []string{"## Machines side by side", "× loop, test", "× loop, other", "## Comparison", "**No verdict:** between machines"} {
		if !strings.Contains(cross, want) {
			t.Errorf("two machines: report.md lacks %q", want)
		}
	}
	for _, bad := range []string{"### Verdict", "Regressions (", "Improvements:", "Unchanged: "} {
		if strings.Contains(cross, bad) {
			t.Errorf("two machines: report.md gives a verdict (%q)", bad)
		}
	}
	if !strings.Contains(stderr, "2 machines (test, other)") || !strings.Contains(stderr, "no verdict") {
		t.Errorf("two machines: stderr %q does not say there is no verdict", stderr)
	}
}

// TestReportBaselinesNoVerdict: the repository's two baselines, an AMD EPYC
// and an Intel Xeon VM, side by side, with hardware-sensitive styles and no
// verdict.
func TestReportBaselinesNoVerdict(t *testing.T) {
	out := t.TempDir()
	const amd, intel = "../../results/baselines/linux-amd64-2cpu-amd-epyc.txt", "../../results/baselines/linux-amd64-2cpu-intel-xeon-processor.txt"
	if _, e, code := runCLI(t, "report", "-o", out, amd, intel); code != 0 {
		t.Fatalf("report: exit %d\n%s", code, e)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	if !strings.Contains(md, "## Machines side by side") || !strings.Contains(md, "| **hardware-sensitive** |") || !strings.Contains(md, "**No verdict:**") {
		t.Error("report.md of the two baselines lacks the machines side by side, a hardware-sensitive style or the note")
	}
	if strings.Contains(md, "### Verdict") || strings.Contains(md, "Regressions (") {
		t.Error("report.md of the two baselines gives a verdict")
	}
}

// TestReportMachinesPageNoVerdict: the page agrees with report.md — one
// machine's runs get the verdict with its regressions, two machines' runs a
// note that there is none.
func TestReportMachinesPageNoVerdict(t *testing.T) {
	dir := t.TempDir()
	old, run, other := machineRuns(t, dir)
	page := func(name string, files ...string) string {
		t.Helper()
		out := filepath.Join(dir, name)
		_, e, code := runCLI(t, append([]string{"report", "-html", "-o", out}, files...)...)
		if code != 0 {
			t.Fatalf("report -html %s: exit %d\n%s", name, code, e)
		}
		b, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if same := page("same", old, run); !strings.Contains(same, `id="regressions"`) || strings.Contains(same, `id="no-verdict"`) {
		t.Error("one machine: the page lacks the verdict's regressions or withholds the verdict")
	}
	if cross := page("cross", old, other); !strings.Contains(cross, `id="no-verdict"`) || strings.Contains(cross, `id="regressions"`) {
		t.Error("two machines: the page gives a verdict, or lacks the note saying why it does not")
	}
}

// machineRuns writes three synthetic runs in dir: old; run, the same with
// coop.green 1.2× slower; and other, run with its machine: line changed.
func machineRuns(t *testing.T, dir string) (old, run, other string) {
	t.Helper()
	old = synth(t, dir, "old.txt", 1, nil)
	run = synth(t, dir, "run.txt", 1, map[string]float64{"coop.green": 1.2})
	data, err := os.ReadFile(run)
	if err != nil {
		t.Fatal(err)
	}
	other = filepath.Join(dir, "other.txt")
	if err := os.WriteFile(other, []byte(strings.Replace(string(data), "machine: test\n", "machine: other\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return old, run, other
}
