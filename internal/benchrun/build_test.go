package benchrun

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBuildDoesNotDependOnTheCheckout: one commit checked out in two places
// builds to the same bytes, so an A/A run compares one binary with itself
// and a commit that changes no code changes no layout.
func TestBuildDoesNotDependOnTheCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the bench package twice")
	}
	repo, err := RepoRoot(".")
	if err != nil {
		t.Skip("not in a git repository:", err)
	}
	tmp := t.TempDir()
	var bins [2][]byte
	for i, name := range []string{"one", "another-place"} {
		wt := filepath.Join(tmp, name)
		if out, err := exec.Command("git", "-C", repo, "worktree", "add", "--detach", wt, "HEAD").CombinedOutput(); err != nil {
			t.Fatalf("git worktree add: %v\n%s", err, out)
		}
		t.Cleanup(func() { exec.Command("git", "-C", repo, "worktree", "remove", "--force", wt).Run() })
		b, err := Build(context.Background(), filepath.Join(wt, "bench"), filepath.Join(tmp, name+".test"), "")
		if err != nil {
			t.Fatal(err)
		}
		if bins[i], err = os.ReadFile(b.Path); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(bins[0], bins[1]) {
		t.Error("one commit built in two checkouts gives two different binaries")
	}
}
