package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/addbench/addbench/internal/benchrun"
)

// gitIn runs git in dir and returns its output.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=addbench", "-c", "user.email=addbench@example.com"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestABAcrossTwoCommits runs addbench ab end to end on a clone of this
// repository with a second commit: both sides built from their commits in
// temporary worktrees, run alternately, written with their commits, recorded
// in a history, and every worktree gone afterwards, also when a revision
// does not exist.
func TestABAcrossTwoCommits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two test binaries")
	}
	root, err := benchrun.RepoRoot(".")
	if err != nil {
		t.Skip("not in a git repository:", err)
	}
	repo := filepath.Join(t.TempDir(), "repo")
	gitIn(t, ".", "clone", "--quiet", root, repo)
	base := gitIn(t, repo, "rev-parse", "--short=12", "HEAD")
	gitIn(t, repo, "commit", "--quiet", "--allow-empty", "-m", "second")
	head := gitIn(t, repo, "rev-parse", "--short=12", "HEAD")
	t.Chdir(repo)

	out, hist := filepath.Join(repo, "out"), filepath.Join(repo, "hist")
	stdout, stderr, code := runCLI(t, "ab", "-base", "HEAD~1", "-head", "HEAD", "-suite", "quick",
		"-bench", "Add/style=sequential.loop/mode=shared/programs=1/len=65536/quantum=1$",
		"-cpu", "1", "-benchtime", "1x", "-passes", "2", "-seed", "5", "-o", out, "-history", hist)
	if code != 0 {
		t.Fatalf("ab: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for side, commit := range map[string]string{"base": base, "head": head} {
		results, config := readRun(t, filepath.Join(out, side+".txt"))
		if len(results) != 8 {
			t.Errorf("%s.txt: %d results, want 8 (two rounds of one block of four a side)", side, len(results))
		}
		if config["commit"] != commit || config["pairing"] != "abba" || config["rounds"] != "2" || config["blocks"] != "2" || config["block-size"] != "4" ||
			config["seed"] != "5" || config["go"] == "" || config["session"] == "" {
			t.Errorf("%s.txt: config %v, want commit %s, ABBA, 2 rounds of 2 blocks, seed 5, a session and a Go version", side, config, commit)
		}
	}
	// Two pairs can reach no level: not enough data, never a verdict.
	if !strings.Contains(stdout, "0 regressions, 0 improvements among 1 benchmark compared") || !strings.Contains(stdout, "1 cell not tested (not enough data)") {
		t.Errorf("verdict missing:\n%s", stdout)
	}
	files, _ := filepath.Glob(filepath.Join(hist, "*", "*.txt"))
	if len(files) != 1 {
		t.Errorf("history files %v, want one", files)
	}
	if wts := gitIn(t, repo, "worktree", "list"); strings.Count(wts, "\n") != 0 {
		t.Errorf("worktrees left behind:\n%s", wts)
	}
	hs, herr, code := runCLI(t, "history", "-dir", hist)
	if code != 0 || !strings.Contains(hs, "Add/style=sequential.loop") || !strings.Contains(hs, base[:8]) {
		t.Errorf("history: exit %d\n%s%s", code, hs, herr)
	}

	// A revision that does not exist: exit 2, nothing written, no worktree.
	_, stderr, code = runCLI(t, "ab", "-base", "no-such-rev", "-o", filepath.Join(repo, "out2"))
	if code != 2 || !strings.Contains(stderr, `addbench: resolving "no-such-rev"`) {
		t.Errorf("ab -base no-such-rev: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(repo, "out2", "base.txt")); err == nil {
		t.Error("a failed ab wrote base.txt")
	}
	if wts := gitIn(t, repo, "worktree", "list"); strings.Count(wts, "\n") != 0 {
		t.Errorf("worktrees left behind after a failure:\n%s", wts)
	}
}

// TestABBuildFailureShowsCompilerErrors: a base whose bench package does not
// compile fails with the compiler's message, not just "exit status 1".
func TestABBuildFailureShowsCompilerErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	root, err := benchrun.RepoRoot(".")
	if err != nil {
		t.Skip("not in a git repository:", err)
	}
	repo := filepath.Join(t.TempDir(), "repo")
	gitIn(t, ".", "clone", "--quiet", root, repo)
	if err := os.WriteFile(filepath.Join(repo, "bench", "broken.go"), []byte("package bench\n\nvar broken int = \"not an int\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, repo, "add", "bench/broken.go")
	gitIn(t, repo, "commit", "--quiet", "-m", "broken")
	t.Chdir(repo)
	_, stderr, code := runCLI(t, "ab", "-base", "HEAD", "-head", "HEAD~1", "-o", filepath.Join(repo, "out"))
	if code == 0 || !strings.Contains(stderr, "broken.go:3") {
		t.Errorf("ab with a broken base: exit %d, want the compiler's error naming broken.go:3:\n%s", code, stderr)
	}
	if wts := gitIn(t, repo, "worktree", "list"); strings.Count(wts, "\n") != 0 {
		t.Errorf("worktrees left behind:\n%s", wts)
	}
}
