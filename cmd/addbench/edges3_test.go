package main

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// onMachine rewrites the machine: line of the results file at path to name,
// as addbench bench on that machine would have written it, and returns path.
func onMachine(t *testing.T, path, name string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "machine: test\n", "machine: "+name+"\n", 1))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pipePath returns a path that reads data from a pipe, once, as /dev/stdin
// does in "cat run.txt | addbench baseline /dev/stdin".
func pipePath(t *testing.T, data []byte) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	go func() {
		w.Write(data)
		w.Close()
	}()
	path := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
	if _, err := os.Stat(path); err != nil {
		t.Skip(err)
	}
	return path
}

// TestBaselineInputs: baseline reads its input once (a pipe promotes what
// it carried, not 0 bytes), refuses another machine's run without
// -force-machine and a -dir that is a file, and leaves the baseline alone
// whenever it refuses.
func TestBaselineInputs(t *testing.T) {
	dir := t.TempDir()
	name, _, _ := runCLI(t, "machine")
	name = strings.TrimSpace(name)
	base := filepath.Join(dir, "bl")
	run := onMachine(t, synth(t, dir, "run.txt", 1, nil), name)
	want, _ := os.ReadFile(run)

	out, errOut, code := runCLI(t, "baseline", "-force", "-dir", base, pipePath(t, want))
	got, _ := os.ReadFile(filepath.Join(base, name+".txt"))
	if code != 0 || string(got) != string(want) {
		t.Fatalf("baseline from a pipe: exit %d (%q %q), wrote %d bytes of %d", code, out, errOut, len(got), len(want))
	}

	other := synth(t, dir, "other.txt", 2, nil) // machine: test
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, []byte("keep"), 0o644)
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-force", "-dir", base, other}, "measured on test, not this machine (" + name + "); use -force-machine"},
		{[]string{"-force", "-dir", base, pipePath(t, nil)}, "file is empty"},
		{[]string{"-force", "-dir", notDir, run}, "-dir " + notDir + " is not a directory"},
	} {
		_, errOut, code := runCLI(t, append([]string{"baseline"}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.msg) {
			t.Errorf("baseline %q: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.msg)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(base, name+".txt")); string(got) != string(want) {
		t.Error("a refused baseline changed the baseline file")
	}
	if b, _ := os.ReadFile(notDir); string(b) != "keep" {
		t.Error("baseline -dir FILE changed the file")
	}
	if _, _, code := runCLI(t, "baseline", "-force", "-force-machine", "-dir", base, other); code != 0 {
		t.Errorf("baseline -force-machine: exit %d", code)
	}
}

// TestBaselineFromSubdirectory: the default directories are the
// repository root's, not a results/ beside wherever addbench was started.
func TestBaselineFromSubdirectory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip(err)
	}
	repo := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Skipf("git init: %v %s", err, out)
	}
	name, _, _ := runCLI(t, "machine")
	name = strings.TrimSpace(name)
	runs := filepath.Join(repo, "results", "runs")
	os.MkdirAll(runs, 0o755)
	onMachine(t, synth(t, runs, name+"-20260101T000000Z.txt", 1, nil), name)
	sub := filepath.Join(repo, "docs", "deep")
	os.MkdirAll(sub, 0o755)
	t.Chdir(sub)
	if _, errOut, code := runCLI(t, "baseline"); code != 0 {
		t.Fatalf("baseline from a subdirectory: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(repo, "results", "baselines", name+".txt")); err != nil {
		t.Errorf("no baseline in the repository root: %v", err)
	}
	if _, err := os.Stat(filepath.Join(sub, "results")); err == nil {
		t.Error("baseline wrote results/ under the subdirectory")
	}
}

// TestBadValuesExit2 — one sample that no statistic can use (NaN, ±Inf, a
// negative time) or a line cut after a partial unit — makes every command
// that loads results exit 2 with file:line, promptly: NaN used to send the
// Mann–Whitney test into an endless loop that ate memory.
func TestBadValuesExit2(t *testing.T) {
	dir := t.TempDir()
	good := synth(t, dir, "good.txt", 1, nil)
	data, _ := os.ReadFile(good)
	lines := strings.SplitAfter(string(data), "\n")
	const at = 12 // a BenchmarkAdd line: 7 config lines before it
	if !strings.HasPrefix(lines[at-1], "BenchmarkAdd/") {
		t.Fatalf("line %d is %q", at, lines[at-1])
	}
	for _, tc := range []struct{ name, from, to, msg string }{
		{"nan", "ns/add", "ns/add\tNaN ns/add", "not a finite number"},
		{"inf", "ns/add", "ns/add\t+Inf B/op", "not a finite number"},
		{"negative", "\t1000\t", "\t1000\t-", "negative time"},
		{"cut unit", "ns/add\t0 B/op\t0 allocs/op\n", "ns/add\t0 B/op\t0 allocs/o\n", `unit "allocs/o"`},
		{"cut after value", "ns/add\t0 B/op\t0 allocs/op\n", "ns/a\n", `unit "ns/a"`},
	} {
		bad := slices.Clone(lines)
		bad[at-1] = strings.Replace(bad[at-1], tc.from, tc.to, 1)
		path := filepath.Join(dir, tc.name+".txt")
		os.WriteFile(path, []byte(strings.Join(bad, "")), 0o644)
		out := filepath.Join(dir, "out-"+tc.name)
		for _, args := range [][]string{
			{"compare", good, path},
			{"compare", path, path},
			{"report", "-o", out, path},
			{"plot", "-o", out, good, path},
			{"targets", path},
		} {
			done := make(chan struct{})
			var code int
			var errOut string
			go func() {
				defer close(done)
				_, errOut, code = runCLI(t, args...)
			}()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("addbench %q has not returned after 30 s", args)
			}
			if want := path + ":" + strconv.Itoa(at) + ": "; code != 2 || !strings.Contains(errOut, want) || !strings.Contains(errOut, tc.msg) {
				t.Errorf("addbench %q: exit %d, %q; want 2, %q and %q", args, code, errOut, want, tc.msg)
			}
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: report or plot wrote %s from bad input", tc.name, out)
		}
	}
}

// TestCompareSelectorsAndCSV: a -row or -col naming a key that no result
// has is bad input (exit 2), not every result pooled in one row with exit
// 0; and with -format csv, stdout is CSV alone, the verdict on stderr.
func TestCompareSelectorsAndCSV(t *testing.T) {
	dir := t.TempDir()
	old := synth(t, dir, "old.txt", 1, nil)
	slow := synth(t, dir, "new.txt", 1, map[string]float64{"lockfree.atomic": 1.5})
	for _, args := range [][]string{
		{"-row", "bogus"}, {"-row", "/styel"}, {"-col", "/nope"}, {"-row", "/style,/nope"},
	} {
		_, errOut, code := runCLI(t, append(append([]string{"compare"}, args...), old, slow)...)
		if code != 2 || !strings.Contains(errOut, "no result has the key") {
			t.Errorf("compare %q: exit %d, %q; want 2 and the missing key", args, code, errOut)
		}
		_, errOut, code = runCLI(t, append(append([]string{"report", "-o", filepath.Join(dir, "r")}, args...), old, slow)...)
		if code != 2 || !strings.Contains(errOut, "no result has the key") {
			t.Errorf("report %q: exit %d, %q; want 2 and the missing key", args, code, errOut)
		}
	}
	out, errOut, code := runCLI(t, "compare", "-format", "csv", old, slow)
	if code != 1 || !strings.Contains(errOut, "REGRESSION") {
		t.Errorf("compare -format csv: exit %d, stderr %q; want 1 and the regression on stderr", code, errOut)
	}
	if _, err := csv.NewReader(strings.NewReader(out)).ReadAll(); err != nil || strings.Contains(out, "REGRESSION") || strings.Contains(out, "regression") {
		t.Errorf("compare -format csv: stdout is not CSV alone (%v):\n%s", err, out)
	}
}

// TestRunRefusesWhatIsNotAnAddFile: run reads as it checks, so /dev/zero
// (endless) and a binary are refused promptly, exit 2, with file:line:col,
// and nothing is printed as a result.
func TestRunRefusesWhatIsNotAnAddFile(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct{ path, want string }{
		{"/dev/zero", "/dev/zero:1:1: "},
		{exe, exe + ":1:1: "},
	} {
		if _, err := os.Stat(tc.path); err != nil {
			continue
		}
		start := time.Now()
		out, errOut, code := runCLI(t, "run", "-style", "sequential.loop", tc.path)
		if code != 2 || !strings.Contains(errOut, tc.want) || out != "" {
			t.Errorf("run %s: exit %d, stdout %q, stderr %.200q; want 2 and %q", tc.path, code, out, errOut, tc.want)
		}
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("run %s took %v", tc.path, d)
		}
	}
}

// TestBadBenchRegexp: a -bench that is not a regexp is a usage error before
// anything is built or run, in bench and ab alike.
func TestBadBenchRegexp(t *testing.T) {
	for _, cmd := range []string{"bench", "ab"} {
		for _, re := range []string{"(", "Add/[", "a**"} {
			start := time.Now()
			_, errOut, code := runCLI(t, cmd, "-bench", re)
			if code != 2 || !strings.Contains(errOut, "-bench: error parsing regexp") {
				t.Errorf("%s -bench %q: exit %d, %q; want 2 and the regexp's error", cmd, re, code, errOut)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s -bench %q took %v: checked after a build?", cmd, re, d)
			}
		}
	}
}
