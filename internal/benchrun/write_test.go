package benchrun

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// keptIn returns the rescue file an error of Write names ("…; the results
// are kept in PATH"), failing the test if it names none.
func keptIn(t *testing.T, err error) string {
	t.Helper()
	const marker = "the results are kept in "
	if err == nil || !strings.Contains(err.Error(), marker) {
		t.Fatalf("error %v does not say where the results are kept", err)
	}
	s := err.Error()[strings.LastIndex(err.Error(), marker)+len(marker):]
	return strings.Fields(s)[0]
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWriteNewTwoSessionsOneName: two sessions run at once and write their
// results to the same new path. One gets the file; the other is refused,
// and its results are in the rescue file its error names: neither run's
// results vanish, and neither file holds the other's.
func TestWriteNewTwoSessionsOneName(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	path := filepath.Join(t.TempDir(), "same.txt")
	log := filepath.Join(t.TempDir(), "log")
	sessions := []*Session{
		{Sides: []*Side{fakeSide(t, "", log, 111)}, Options: Options{Suite: "quick"}, Passes: 2, Seed: 1},
		{Sides: []*Side{fakeSide(t, "", log, 222)}, Options: Options{Suite: "quick"}, Passes: 2, Seed: 2},
	}
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	for i, s := range sessions {
		wg.Go(func() {
			if errs[i] = s.Run(context.Background()); errs[i] == nil {
				errs[i] = s.WriteNew(path)
			}
		})
	}
	wg.Wait()
	winner, loser := 0, 1
	if errs[0] != nil {
		winner, loser = 1, 0
	}
	if errs[winner] != nil {
		t.Fatalf("both writes failed: %v; %v", errs[0], errs[1])
	}
	if !strings.Contains(fmtErr(errs[loser]), path+" appeared while this run went on") {
		t.Fatalf("the second write: %v, want it refused, naming %s", errs[loser], path)
	}
	value := []string{" 111 ns/op", " 222 ns/op"}
	got := readString(t, path)
	if !strings.Contains(got, "session: "+sessions[winner].ID) || !strings.Contains(got, value[winner]) || strings.Contains(got, value[loser]) {
		t.Errorf("%s holds another session's results:\n%s", path, got)
	}
	kept := readString(t, keptIn(t, errs[loser]))
	if !strings.Contains(kept, "session: "+sessions[loser].ID) || strings.Count(kept, value[loser]) != 4 {
		t.Errorf("the rescue does not hold the refused session's 4 results:\n%s", kept)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestWriteNewFileAppearedDuringRun: a file planted at the path while the
// session runs (after any check made before it) is not replaced by
// WriteNew, and the results go to the rescue; Write, for -force, replaces
// it.
func TestWriteNewFileAppearedDuringRun(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	path := filepath.Join(t.TempDir(), "run.txt")
	s := &Session{Sides: []*Side{fakeSide(t, "", filepath.Join(t.TempDir(), "log"), 5)}, Options: Options{Suite: "quick"}, Passes: 1, Seed: 1}
	s.Progress = func(Status) {
		if _, err := os.Stat(path); err != nil {
			os.WriteFile(path, []byte("the other run's\n"), 0o644)
		}
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := s.WriteNew(path)
	if got := readString(t, path); got != "the other run's\n" {
		t.Errorf("WriteNew replaced the file that appeared: %q", got)
	}
	if kept := readString(t, keptIn(t, err)); !strings.Contains(kept, "BenchmarkA/x=1 \t 100 \t 5 ns/op") {
		t.Errorf("the rescue lacks the results:\n%s", kept)
	}
	if err := s.Write(path); err != nil {
		t.Fatalf("Write (forced): %v", err)
	}
	if got := readString(t, path); !strings.Contains(got, "session: "+s.ID) {
		t.Errorf("Write did not replace the file:\n%s", got)
	}
}

// TestWriteKeepsEverySide: when one side's file cannot be written, the
// other side's still is, and the error names the first's rescue.
func TestWriteKeepsEverySide(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir := t.TempDir()
	s := &Session{Sides: []*Side{{Name: "base", Lines: []string{"BenchmarkA 1 2 ns/op"}}, {Name: "head", Lines: []string{"BenchmarkA 1 3 ns/op"}}}}
	base, head := filepath.Join(dir, "base.txt"), filepath.Join(dir, "head.txt")
	if err := os.Mkdir(base, 0o755); err != nil {
		t.Fatal(err)
	}
	err := s.WriteNew(base, head)
	if kept := readString(t, keptIn(t, err)); !strings.Contains(kept, "BenchmarkA 1 2 ns/op") {
		t.Errorf("the base's rescue holds:\n%s", kept)
	}
	if got := readString(t, head); !strings.Contains(got, "BenchmarkA 1 3 ns/op") {
		t.Errorf("head.txt holds:\n%s", got)
	}
}
