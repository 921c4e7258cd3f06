package benchrun

import (
	"context"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A Tree is a source tree of the repository to build a side of an A/B from:
// the working tree itself, or a commit checked out in a temporary git
// worktree.
type Tree struct {
	Dir    string // repository root of the tree
	Commit string // the commit, "-dirty" appended for a working tree with changes

	remove func() error
}

// Checkout returns the tree of rev in the repository at repo: for rev "" the
// working tree itself (uncommitted changes included), otherwise a detached
// git worktree of rev in a new directory under tmp. Close removes it.
func Checkout(ctx context.Context, repo, rev, tmp string) (*Tree, error) {
	if rev == "" {
		return &Tree{Dir: repo, Commit: Commit(repo)}, nil
	}
	full, err := Resolve(ctx, repo, rev)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tmp, "tree-")
	if err != nil {
		return nil, err
	}
	if _, err := git(ctx, repo, "worktree", "add", "--detach", "--force", dir, full); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("checking out %s: %w", rev, err)
	}
	t := &Tree{Dir: dir, Commit: full[:min(len(full), 12)]}
	t.remove = func() error {
		// A fresh context: the session's may be cancelled (Ctrl-C), and
		// the worktree must go all the same.
		_, err := git(context.Background(), repo, "worktree", "remove", "--force", dir)
		os.RemoveAll(dir)
		return err
	}
	return t, nil
}

// Close removes a checked-out worktree; it does nothing for the working
// tree.
func (t *Tree) Close() error {
	if t == nil || t.remove == nil {
		return nil
	}
	r := t.remove
	t.remove = nil
	return r()
}

// Commit returns the short commit of the repository at dir, with "-dirty" if
// its work tree has uncommitted changes — untracked files included, since a
// build of the working tree compiles them too — or "unknown" outside git.
func Commit(dir string) string {
	c, err := git(context.Background(), dir, "rev-parse", "--short=12", "HEAD")
	if err != nil {
		return "unknown"
	}
	if st, err := git(context.Background(), dir, "status", "--porcelain"); err == nil && st != "" {
		c += "-dirty"
	}
	return c
}

// RepoRoot returns the root of the git repository holding dir.
func RepoRoot(dir string) (string, error) {
	return git(context.Background(), dir, "rev-parse", "--show-toplevel")
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return strings.TrimSpace(string(out)), nil
}

// Check runs the binary without running any benchmark, proving that it
// starts and knows the suite, before a session spends minutes on it.
func (s *Side) Check(ctx context.Context, o Options) error {
	cmd := exec.CommandContext(ctx, s.Binary.Path, "-test.run", "^$", "-test.bench", "^$", "-suite="+o.Suite)
	cmd.Dir = s.Binary.Dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s binary does not run: %w\n%s", s.Name, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// PassSeed is pass p's seed: every pass its own order, all from one seed.
func PassSeed(seed uint64, p int) uint64 { return (seed + uint64(p)*0x9e3779b97f4a7c15) | 1 }

// TempBinary is where a side's binary goes in tmp.
func TempBinary(tmp, name string) string { return filepath.Join(tmp, name+".test") }

// Resolve returns the full commit that rev names in the repository at repo;
// "" (the working tree) resolves to "".
func Resolve(ctx context.Context, repo, rev string) (string, error) {
	if rev == "" {
		return "", nil
	}
	full, err := git(ctx, repo, "rev-parse", "--verify", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("resolving %q: %w", rev, err)
	}
	return full, nil
}

// CheckToolchain checks that toolchain names a Go toolchain the go command
// can run — fetching it through GOTOOLCHAIN if need be, as a build with it
// would — so that a misspelt or unreleased one fails in seconds, before a
// session creates anything. "" (the go command's own) is always fine.
func CheckToolchain(ctx context.Context, toolchain string) error {
	if toolchain == "" {
		return nil
	}
	// GOTOOLCHAIN also takes "local", "path" and "+auto" forms, which
	// leave the choice to the go command: a side names one release.
	if !version.IsValid(toolchain) {
		return fmt.Errorf("%q is not a Go release name such as go1.26.8", toolchain)
	}
	cmd := exec.CommandContext(ctx, "go", "version")
	cmd.Dir = os.TempDir() // outside any module: its go.mod has no say
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+toolchain)
	out, err := cmd.CombinedOutput()
	if err != nil {
		// The go command's last line says why: "toolchain not available",
		// or the network error of the download.
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		why := lines[len(lines)-1]
		if why == "" {
			why = err.Error()
		}
		return fmt.Errorf("cannot run Go toolchain %s: %s", toolchain, why)
	}
	return nil
}

// Prepare makes side name of an A/B: it checks out rev of the repository
// at repo (the working tree for ""), builds the bench package there with
// toolchain ("" for the go command's own) into tmp, and checks that the
// binary runs suite o.Suite. The returned Tree must be closed, also on an
// error, to remove the checkout.
func Prepare(ctx context.Context, repo, tmp, name, rev, toolchain string, o Options) (*Side, *Tree, error) {
	t, err := Checkout(ctx, repo, rev, tmp)
	if err != nil {
		return nil, nil, err
	}
	bin, err := Build(ctx, filepath.Join(t.Dir, "bench"), TempBinary(tmp, name), toolchain)
	if err != nil {
		return nil, t, fmt.Errorf("%s: %w", name, err)
	}
	s := &Side{Name: name, Binary: bin, Commit: t.Commit}
	if err := s.Check(ctx, o); err != nil {
		return nil, t, err
	}
	return s, t, nil
}
