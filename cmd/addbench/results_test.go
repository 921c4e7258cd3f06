package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// synth writes a small result file in the Go benchmark format: three styles,
// shared mode, quantum 1 and 4096, GOMAXPROCS 1 and 2, eight samples each
// with a fixed ±1 % jitter, and two primitives. machine scales every time
// (1.3 is a machine 30 % slower); slow scales one style's.
func synth(t *testing.T, dir, name string, machine float64, slow map[string]float64) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/addbench/addbench/bench\ncpu: Test CPU\nmachine: test\ncommit: abc\nsuite: test\n")
	base := map[string]float64{"sequential.loop": 0.25, "lockfree.atomic": 9, "coop.green": 140}
	for i := range 8 {
		jitter := 1 + 0.01*float64(i%4-2)/2
		for _, q := range []int{1, 4096} {
			for _, procs := range []int{1, 2} {
				suffix := ""
				if procs > 1 {
					suffix = fmt.Sprintf("-%d", procs)
				}
				for _, style := range []string{"sequential.loop", "lockfree.atomic", "coop.green"} {
					perAdd := base[style] * machine * jitter
					if q == 4096 {
						perAdd = base["sequential.loop"] * machine * jitter * 1.1
					}
					if f, ok := slow[style]; ok {
						perAdd *= f
					}
					fmt.Fprintf(&b, "BenchmarkAdd/style=%s/mode=shared/programs=1/len=65536/quantum=%d%s\t1000\t%.1f ns/op\t%.4f ns/add\t0 B/op\t0 allocs/op\n",
						style, q, suffix, perAdd*65536, perAdd)
				}
			}
		}
		for _, op := range []string{"sum", "atomic"} {
			fmt.Fprintf(&b, "BenchmarkPrimitive/op=%s\t1000000\t%.3f ns/op\n", op, map[string]float64{"sum": 0.25, "atomic": 6}[op]*machine*jitter)
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCompareVerdicts(t *testing.T) {
	dir := t.TempDir()
	old := synth(t, dir, "old.txt", 1, nil)
	same := synth(t, dir, "same.txt", 1, nil)
	slower := synth(t, dir, "atomic-slower.txt", 1, map[string]float64{"lockfree.atomic": 1.2})
	machine := synth(t, dir, "slow-machine.txt", 1.3, nil)
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		want     []string
		dontWant string
	}{
		{"A/A", []string{old, same}, 0, []string{"0 regressions, 0 improvements among 14 benchmarks"}, "REGRESSION"},
		{"one style slower", []string{old, slower}, 1, []string{"REGRESSION Add/style=lockfree.atomic", "4 regressions, 0 improvements"}, "REGRESSION Add/style=coop.green"},
		{"slower machine", []string{old, machine}, 1, []string{"REGRESSION Add/style=coop.green"}, ""},
		{"slower machine, normalized", []string{"-normalize", "sequential.loop", old, machine}, 0, []string{"0 regressions", "relative to sequential.loop"}, "REGRESSION"},
		{"one style slower, normalized", []string{"-normalize", "sequential.loop", old, slower}, 1, []string{"REGRESSION Add/style=lockfree.atomic"}, "REGRESSION Add/style=coop.green"},
		{"markdown", []string{"-format", "markdown", old, same}, 0, []string{"| ", "0 regressions"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"compare"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if tc.dontWant != "" && strings.Contains(out, tc.dontWant) {
				t.Errorf("output has %q:\n%s", tc.dontWant, out)
			}
		})
	}
}

func TestCompareBadInput(t *testing.T) {
	dir := t.TempDir()
	good := synth(t, dir, "good.txt", 1, nil)
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	garbled := filepath.Join(dir, "garbled.txt")
	os.WriteFile(garbled, []byte("goos: linux\nBenchmarkAdd/style=x 100 12 ns/op\nBenchmarkAdd/style=y 100 twelve ns/op\n"), 0o644)
	primOnly := filepath.Join(dir, "other.txt")
	os.WriteFile(primOnly, []byte("BenchmarkOther/op=x 100 12 ns/op\n"), 0o644)
	notBench := filepath.Join(dir, "notes.txt")
	os.WriteFile(notBench, []byte("just some notes\nno benchmarks here\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{good, filepath.Join(dir, "missing.txt")}, "missing.txt"},
		{[]string{good, empty}, "empty.txt: file is empty"},
		{[]string{good, garbled}, "garbled.txt:3"},
		{[]string{good, notBench}, "notes.txt: no benchmark results"},
		{[]string{good}, "exactly two files"},
		{[]string{"-format", "xml", good, good}, "unknown format"},
		{[]string{"-alpha", "2", good, good}, "-alpha 2 is not in (0, 1)"},
		{[]string{"-alpha", "NaN", good, good}, "-alpha NaN is not in (0, 1)"},
		{[]string{"-threshold", "-5", good, good}, "-threshold -5% is not a percentage"},
		{[]string{"-threshold", "NaN", good, good}, "-threshold NaN% is not a percentage"},
		{[]string{"-threshold", "+Inf", good, good}, "-threshold +Inf% is not a percentage"},
		{[]string{"-correction", "bonferroni", good, good}, "unknown correction"},
		{[]string{"-filter", "/style:no.such.style", good, good}, "selects no results"},
		{[]string{"-row", "/style", "-col", "/nosuchkey", good, good}, `column projection "/nosuchkey": no result has the key`},
		{[]string{"-row", "/style", "-col", "/mode", good, good}, "no benchmark is in both"}, // one value: one column
		{[]string{good, primOnly}, "no benchmark is in both"},
	} {
		var out, errb strings.Builder
		err := run(&out, &errb, append([]string{"compare"}, tc.args...))
		if code := exitCode(err); code != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("compare %v: exit %d, %v; want 2 and %q", tc.args, code, err, tc.want)
		}
	}
}

func TestPlotAndReport(t *testing.T) {
	dir := t.TempDir()
	old := synth(t, dir, "old.txt", 1, nil)
	run := synth(t, dir, "run.txt", 1, map[string]float64{"coop.green": 1.2})
	charts := filepath.Join(dir, "charts")

	if _, errOut, code := runCLI(t, "plot", "-o", charts, old, run); code != 0 {
		t.Fatalf("plot: exit %d: %s", code, errOut)
	}
	for _, name := range []string{
		"cost-p1-len65536-q1-cpu2.png", "cost-p1-len65536-q4096-cpu1.svg",
		"speedup-shared-p1-len65536-q1.svg", "quantum-shared-p1-len65536-cpu1.png",
		"primitives.svg", "change-p1-len65536-q1-cpu1.png",
	} {
		if st, err := os.Stat(filepath.Join(charts, name)); err != nil || st.Size() == 0 {
			t.Errorf("plot did not write %s: %v", name, err)
		}
	}

	// Again without -force: refused, and nothing touched.
	probe := filepath.Join(charts, "primitives.png")
	before, _ := os.Stat(probe)
	time.Sleep(10 * time.Millisecond)
	if _, _, code := runCLI(t, "plot", "-o", charts, run); code != 2 {
		t.Errorf("plot over existing charts: exit %d, want 2", code)
	}
	if after, _ := os.Stat(probe); !after.ModTime().Equal(before.ModTime()) {
		t.Error("plot without -force rewrote a chart")
	}
	if _, errOut, code := runCLI(t, "plot", "-force", "-o", charts, run); code != 0 {
		t.Errorf("plot -force: exit %d: %s", code, errOut)
	}

	out, errOut, code := runCLI(t, "report", "-o", charts, "old="+old, "new="+run)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	md, err := os.ReadFile(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"](cost-p1-len65536-q1-cpu2.svg)", "](change-p1-len65536-q1-cpu1.svg)", "## Comparison", "Regressions (", "coop.green"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if _, _, code := runCLI(t, "report", "-o", charts, run); code != 2 {
		t.Errorf("report over an existing report.md: exit %d, want 2", code)
	}
	// coop.green is 20% slower: above a 50% threshold it is no regression.
	out, errOut, code = runCLI(t, "report", "-force", "-threshold", "50", "-o", charts, "old="+old, "new="+run)
	if code != 0 {
		t.Fatalf("report -threshold 50: exit %d: %s", code, errOut)
	}
	if md, err := os.ReadFile(strings.TrimSpace(out)); err != nil || strings.Contains(string(md), "Regressions (") {
		t.Errorf("report -threshold 50 lists regressions of 20%% (%v)", err)
	}
	if _, _, code := runCLI(t, "plot", filepath.Join(dir, "nope.txt")); code != 2 {
		t.Errorf("plot of a missing file: exit %d, want 2", code)
	}
}

func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	runs, base := filepath.Join(dir, "runs"), filepath.Join(dir, "baselines")
	os.MkdirAll(runs, 0o755)
	if _, _, code := runCLI(t, "baseline", "-runs", runs, "-dir", base); code != 2 {
		t.Errorf("baseline with no runs: exit %d, want 2", code)
	}
	name, _, _ := runCLI(t, "machine")
	name = strings.TrimSpace(name)
	onMachine(t, synth(t, runs, name+"-20260101T000000Z.txt", 1, nil), name)
	newest := onMachine(t, synth(t, runs, name+"-20260102T000000Z.txt", 1.1, nil), name)
	out, errOut, code := runCLI(t, "baseline", "-runs", runs, "-dir", base)
	if code != 0 || !strings.Contains(out, newest) {
		t.Fatalf("baseline: exit %d, %q %q; want the newest run promoted", code, out, errOut)
	}
	got, _ := os.ReadFile(filepath.Join(base, name+".txt"))
	want, _ := os.ReadFile(newest)
	if string(got) != string(want) {
		t.Error("baseline file differs from the newest run")
	}

	partial := filepath.Join(dir, "partial.txt")
	os.WriteFile(partial, append([]byte("partial: true\n"), want...), 0o644)
	if _, _, code := runCLI(t, "baseline", "-dir", base, partial); code != 2 {
		t.Errorf("baseline from a partial run: exit %d, want 2", code)
	}
	if again, _ := os.ReadFile(filepath.Join(base, name+".txt")); string(again) != string(want) {
		t.Error("a refused baseline changed the baseline file")
	}

	// Refused too, leaving the baseline alone: another program's
	// results, a file cut off mid-line, and replacing the baseline
	// without -force.
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("BenchmarkSomethingElse 100 12 ns/op\n"), 0o644)
	cut := filepath.Join(dir, "cut.txt")
	os.WriteFile(cut, want[:len(want)-8], 0o644)
	older := filepath.Join(runs, name+"-20260101T000000Z.txt")
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{other}, "not an addbench run"},
		{[]string{cut}, "ends in the middle of a line"},
		{[]string{older}, "exists; use -force"},
	} {
		_, errOut, code := runCLI(t, append([]string{"baseline", "-dir", base}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.msg) {
			t.Errorf("baseline %v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.msg)
		}
	}
	if again, _ := os.ReadFile(filepath.Join(base, name+".txt")); string(again) != string(want) {
		t.Error("a refused baseline changed the baseline file")
	}
	if _, _, code := runCLI(t, "baseline", "-force", "-dir", base, older); code != 0 {
		t.Errorf("baseline -force: exit %d", code)
	}
	if again, _ := os.ReadFile(filepath.Join(base, name+".txt")); string(again) == string(want) {
		t.Error("baseline -force did not replace the baseline")
	}
}

func TestTargets(t *testing.T) {
	dir := t.TempDir()
	file := synth(t, dir, "run.txt", 1.3, nil)
	var out, errb strings.Builder
	err := run(&out, &errb, []string{"targets", file})
	// synth has no op=coroswitch and no private rows: those targets have
	// no data, which must fail the check.
	if code := exitCode(err); code != 1 || !strings.Contains(err.Error(), "targets missed or without data in "+file) {
		t.Errorf("exit %d, %v; want 1 and the count of targets missed", code, err)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^sequential\.loop ÷ op=sum +1\.00 \[[0-9.]+, [0-9.]+\] +≤ 1\.1 +met `),
		regexp.MustCompile(`(?m)^lockfree\.atomic ÷ op=atomic +1\.50 .* met `),
		regexp.MustCompile(`(?m)^coop\.green ÷ sequential\.loop +1\.00 .* met `),
		regexp.MustCompile(`(?m)^coop\.green ÷ op=coroswitch +— +≤ 1\.3 +no data `),
		regexp.MustCompile(`(?m)^preempt\.private speedup.* no data `),
	} {
		if !want.MatchString(out.String()) {
			t.Errorf("output does not match %s:\n%s", want, out.String())
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{filepath.Join(dir, "missing.txt")}, "missing.txt"},
		{[]string{file, file}, "exactly one result file"},
		{[]string{"-format", "xml", file}, "unknown format"},
	} {
		err := run(io.Discard, io.Discard, append([]string{"targets"}, tc.args...))
		if code := exitCode(err); code != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("targets %v: exit %d, %v; want 2 and %q", tc.args, code, err, tc.want)
		}
	}
}

// TestPartialRunWarns: every command that reads results says so when one is
// a partial run, and still does its work.
func TestPartialRunWarns(t *testing.T) {
	dir := t.TempDir()
	whole := synth(t, dir, "whole.txt", 1, nil)
	b, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	partial := filepath.Join(dir, "partial.txt")
	if err := os.WriteFile(partial, append([]byte("partial: true\n"), b...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"compare", whole, partial},
		{"targets", partial},
		{"plot", "-o", filepath.Join(dir, "charts"), partial},
		{"report", "-o", filepath.Join(dir, "report"), partial},
	} {
		_, errOut, code := runCLI(t, args...)
		if want := "warning: " + partial + " is a partial run"; !strings.Contains(errOut, want) || code == 2 {
			t.Errorf("%v: exit %d, stderr %q; want %q and no input error", args, code, errOut, want)
		}
	}
}

// TestPlotReportEdges: a results file without an extension (benchstat's
// usual old and new) draws into NEW.charts; a file with nothing to chart
// leaves no directory behind; refusing to overwrite one file says so without
// "(and 0 more)".
func TestPlotReportEdges(t *testing.T) {
	dir := t.TempDir()
	old := synth(t, dir, "old", 1, nil)
	if _, errOut, code := runCLI(t, "plot", old); code != 0 {
		t.Fatalf("plot of an extensionless file: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "old.charts", "primitives.svg")); err != nil {
		t.Errorf("no charts in old.charts: %v", err)
	}
	if _, errOut, code := runCLI(t, "report", old); code != 0 {
		t.Errorf("report of an extensionless file: exit %d: %s", code, errOut)
	}
	_, errOut, code := runCLI(t, "report", old)
	if code != 2 || !strings.Contains(errOut, "already holds report.md; use -force") || strings.Contains(errOut, "and 0 more") {
		t.Errorf("second report: exit %d, %q", code, errOut)
	}

	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("BenchmarkElse 100 12 ns/op\n"), 0o644)
	if _, _, code := runCLI(t, "report", other); code != 2 {
		t.Errorf("report of a file with nothing to chart: exit %d, want 2", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "other")); err == nil {
		t.Error("a refused report left a directory behind")
	}
}
