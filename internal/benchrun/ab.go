package benchrun

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
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
	full, err := git(ctx, repo, "rev-parse", "--verify", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("resolving %q: %w", rev, err)
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
// its work tree has uncommitted changes, or "unknown" outside git.
func Commit(dir string) string {
	c, err := git(context.Background(), dir, "rev-parse", "--short=12", "HEAD")
	if err != nil {
		return "unknown"
	}
	if st, err := git(context.Background(), dir, "status", "--porcelain", "--untracked-files=no"); err == nil && st != "" {
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

// A Side is one build of an A/B: its binary and the lines it has produced.
type Side struct {
	Name   string // "base" or "head"
	Binary Binary
	Lines  []string
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

// Alternate runs passes over both sides, alternating them in an order drawn
// at random for each pass, each side's pass in the same benchmark order (the
// pass's seed). Sample i of every benchmark of both sides thus comes from
// pass i, taken minutes apart at most, whatever the machine was doing. It
// appends each completed pass's lines to its side and returns how many
// passes completed; a pass cut short (an error, an interrupt) is dropped
// from both sides.
func Alternate(ctx context.Context, sides [2]*Side, o Options, passes int, seed uint64, progress func(pass int, side string, line string, total int), stderr io.Writer) (int, error) {
	rng := rand.New(rand.NewPCG(seed, 0xab))
	for p := range passes {
		first := rng.IntN(2)
		var got [2]Pass
		for k := range 2 {
			i := (first + k) % 2
			s := sides[i]
			res, err := RunPass(ctx, s.Binary, o, PassSeed(seed, p), func(line string, total int) {
				if progress != nil {
					progress(p, s.Name, line, total)
				}
			}, stderr)
			if err != nil {
				if ctx.Err() != nil {
					return p, fmt.Errorf("interrupted in pass %d of %d", p+1, passes)
				}
				return p, fmt.Errorf("%s, pass %d: %w", s.Name, p+1, err)
			}
			got[i] = res
		}
		for i := range 2 {
			sides[i].Lines = append(sides[i].Lines, got[i].Lines...)
		}
	}
	return passes, nil
}

// PassSeed is pass p's seed: every pass its own order, all from one seed.
func PassSeed(seed uint64, p int) uint64 { return (seed + uint64(p)*0x9e3779b97f4a7c15) | 1 }

// TempBinary is where a side's binary goes in tmp.
func TempBinary(tmp, name string) string { return filepath.Join(tmp, name+".test") }
