package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/addbench/addbench/internal/benchrun"
)

// TestABChecksSidesBeforeCreatingAnything: a toolchain that does not exist
// or is not a release name, and a revision that does not exist, fail in
// seconds with exit 2 and a message naming the flag — before the output
// directory (given, or the default results/ab/…) or any worktree exists.
func TestABChecksSidesBeforeCreatingAnything(t *testing.T) {
	root, err := benchrun.RepoRoot(".")
	if err != nil {
		t.Skip("not in a git repository:", err)
	}
	repo := filepath.Join(t.TempDir(), "repo")
	gitIn(t, ".", "clone", "--quiet", root, repo)
	t.Chdir(repo)
	// No download: the go command must refuse go9.99.99 without the
	// network, as it would after asking the proxy.
	t.Setenv("GOPROXY", "off")
	out := filepath.Join(t.TempDir(), "out")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-base-go", "go9.99.99"}, "-base-go: cannot run Go toolchain go9.99.99: "},
		{[]string{"-base-go", "go9.99.99", "-o", out}, "-base-go: cannot run Go toolchain go9.99.99: "},
		{[]string{"-head-go", "go1.99.99", "-o", out}, "-head-go: cannot run Go toolchain go1.99.99: "},
		{[]string{"-head-go", "1.27.3", "-o", out}, `-head-go: "1.27.3" is not a Go release name such as go1.26.8`},
		{[]string{"-base-go", "go1.27+auto", "-o", out}, `-base-go: "go1.27+auto" is not a Go release name`},
		{[]string{"-head", "no-such-rev", "-o", out}, `resolving "no-such-rev"`},
	} {
		_, stderr, code := runCLI(t, append([]string{"ab"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("ab %q: exit %d, %s; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
		if strings.Contains(stderr, "building") {
			t.Errorf("ab %q built a side before failing:\n%s", tc.args, stderr)
		}
		for _, dir := range []string{out, filepath.Join(repo, "results", "ab")} {
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("ab %q created %s", tc.args, dir)
			}
		}
		if wts := gitIn(t, repo, "worktree", "list"); strings.Count(wts, "\n") != 0 {
			t.Errorf("ab %q left worktrees:\n%s", tc.args, wts)
		}
	}
}

// TestBenchKeepsResultsWhenTheFileAppears: a file written at bench's -o
// while it runs (a second bench given the same -o, finishing first) is not
// replaced; this run's results go to a new file in $TMPDIR, named in an
// error that exits 2. With -force the file is replaced.
func TestBenchKeepsResultsWhenTheFileAppears(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	t.Setenv("TMPDIR", t.TempDir())
	o := quickOptions(t)
	o.passes, o.run.Bench = 1, "Primitive/op=sum$"
	o.onResult = func(int) {
		if _, err := os.Stat(o.out); err != nil {
			os.WriteFile(o.out, []byte("the other run's\n"), 0o644)
		}
	}
	err := runBench(context.Background(), o, &bytes.Buffer{})
	if code := exitCode(err); code != 2 || !strings.Contains(fmtErr(err), o.out+" appeared while this run went on") {
		t.Fatalf("runBench: exit %d, %v; want 2, naming %s", code, err, o.out)
	}
	if b, _ := os.ReadFile(o.out); string(b) != "the other run's\n" {
		t.Errorf("%s was replaced:\n%s", o.out, b)
	}
	const marker = "the results are kept in "
	kept := fmtErr(err)[strings.LastIndex(fmtErr(err), marker)+len(marker):]
	if results, config := readRun(t, kept); len(results) != 1 || !strings.HasPrefix(results[0], "BenchmarkPrimitive/op=sum") || config["passes"] != "1" {
		t.Errorf("the rescue %s holds %q, config %v; want the one result of the pass", kept, results, config)
	}

	o.force = true
	if err := runBench(context.Background(), o, &bytes.Buffer{}); err != nil {
		t.Fatalf("runBench -force: %v", err)
	}
	if results, _ := readRun(t, o.out); len(results) != 1 {
		t.Errorf("-force did not replace %s: %q", o.out, results)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestABPassesDefault: -pairing passes without -passes runs 10 passes;
// -pairing abba without -passes has no round limit (the budget ends it);
// a -passes given is kept.
func TestABPassesDefault(t *testing.T) {
	for _, tc := range []struct {
		pairing    string
		passes     int
		wantPasses int
	}{
		{"passes", 0, 10},
		{"passes", 4, 4},
		{"abba", 0, 0},
		{"abba", 4, 4},
	} {
		c, err := abFlags("quick", tc.passes, "1", ".", "", tc.pairing, time.Minute, 3)
		if err != nil || c.passes != tc.wantPasses {
			t.Errorf("-pairing %s -passes %d: passes %d, %v; want %d", tc.pairing, tc.passes, c.passes, err, tc.wantPasses)
		}
	}
}

// TestABOutputDirectoryIsTheOneGiven: ab -o DIR checks DIR, not the
// default results/ab/…: DIR holding base.txt is refused, naming it, even
// where the default could not be made (results/ab is a file here).
func TestABOutputDirectoryIsTheOneGiven(t *testing.T) {
	root, err := benchrun.RepoRoot(".")
	if err != nil {
		t.Skip("not in a git repository:", err)
	}
	repo := filepath.Join(t.TempDir(), "repo")
	gitIn(t, ".", "clone", "--quiet", root, repo)
	t.Chdir(repo)
	if err := os.WriteFile(filepath.Join(repo, "results", "ab"), []byte("in the way"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	os.Mkdir(out, 0o755)
	os.WriteFile(filepath.Join(out, "base.txt"), []byte("keep"), 0o644)
	_, stderr, code := runCLI(t, "ab", "-o", out)
	if want := out + " already holds base.txt"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("ab -o %s: exit %d, %s; want 2 and %q", out, code, stderr, want)
	}
}
