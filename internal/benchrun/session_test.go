package benchrun

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeSide returns a stand-in bench binary that logs every run (its name,
// -test.bench, -test.cpu and -test.benchtime) to log and prints results of
// value ns for two benchmarks, one at GOMAXPROCS 1 and one at 2.
func fakeSide(t *testing.T, name, log string, ns float64) *Side {
	t.Helper()
	return &Side{Name: name, Binary: fake(t, fakeSpec{Side: &sideSpec{Name: name, Log: log, NS: ns}}), Commit: name + "-commit"}
}

func readLog(t *testing.T, log string) []string {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// TestABBABlocks: one discarded pass of the base finds the benchmarks; then
// every block runs one benchmark alone — with the base's iteration count and
// its own GOMAXPROCS — as X Y Y X, and both sides get two results a block.
func TestABBABlocks(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	s := &Session{
		Sides:   []*Side{fakeSide(t, "base", log, 10), fakeSide(t, "head", log, 12)},
		Options: Options{Suite: "quick", CPU: []int{1, 2}},
		Pairing: ABBA, Passes: 3, Seed: 1,
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	runs := readLog(t, log)
	if runs[0] != "base . 1,2 " {
		t.Errorf("first run %q, want the base over every benchmark", runs[0])
	}
	blocks := runs[1:]
	if len(blocks) != 3*2*4 || s.Completed != 3 || s.Blocks != 6 {
		t.Fatalf("%d runs after the first, %d rounds, %d blocks; want 24, 3, 6:\n%s", len(blocks), s.Completed, s.Blocks, strings.Join(runs, "\n"))
	}
	outer := map[string]int{}
	for i := 0; i < len(blocks); i += 4 {
		b := blocks[i : i+4]
		side := func(r string) string { return strings.Fields(r)[0] }
		rest := func(r string) string { return strings.TrimPrefix(r, side(r)+" ") }
		if side(b[0]) != side(b[3]) || side(b[1]) != side(b[2]) || side(b[0]) == side(b[1]) {
			t.Errorf("block %v is not ABBA", b)
		}
		for _, r := range b[1:] {
			if rest(r) != rest(b[0]) {
				t.Errorf("block %v runs different benchmarks", b)
			}
		}
		switch rest(b[0]) {
		case "^BenchmarkA$/^x=1$ 1 100x", "^BenchmarkA$/^x=2$ 2 50x":
		default:
			t.Errorf("block runs %q: want one benchmark alone, its GOMAXPROCS and the base's count", rest(b[0]))
		}
		outer[side(b[0])]++
	}
	if outer["base"] == 0 || outer["head"] == 0 {
		t.Errorf("outer sides %v: the coin should give each side the outer places sometimes", outer)
	}
	for i, side := range s.Sides {
		n := 0
		for _, l := range side.Lines {
			if IsResultLine(l) {
				n++
			}
			if l == "goos: linux" && n > 0 {
				t.Errorf("%s: a repeated config line kept", side.Name)
			}
		}
		if n != 12 {
			t.Errorf("%s: %d results, want 2 benchmarks × 3 rounds × 2", side.Name, n)
		}
		h := string(s.Header(i))
		for _, want := range []string{"pairing: abba\n", "rounds: 3\n", "blocks: 6\n", "session: " + s.ID + "\n", "commit: " + side.Commit + "\n"} {
			if !strings.Contains(h, want) {
				t.Errorf("%s header lacks %q:\n%s", side.Name, want, h)
			}
		}
		if strings.Contains(h, "partial") {
			t.Errorf("a complete session marked partial:\n%s", h)
		}
	}
}

// TestABBASettledAndBudget: a benchmark that is settled gets no more blocks;
// a budget that has run out starts no block.
func TestABBASettledAndBudget(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	asked := 0
	s := &Session{
		Sides:   []*Side{fakeSide(t, "base", log, 10), fakeSide(t, "head", log, 12)},
		Options: Options{Suite: "quick", CPU: []int{1, 2}},
		Pairing: ABBA, Passes: 10, Seed: 2,
		Settled: func(base, head []string, family int) bool {
			asked++
			if family != 2 || len(base) != len(head) || len(base)%2 != 0 {
				t.Errorf("Settled(%d base, %d head lines, family %d)", len(base), len(head), family)
			}
			return strings.Contains(base[0], "x=2") || len(base) >= 4 // x=2 after one block, x=1 after two
		},
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Blocks != 3 || s.Completed != 2 {
		t.Errorf("%d blocks in %d rounds, want 3 in 2 (x=2 settled after the first)", s.Blocks, s.Completed)
	}

	log2 := filepath.Join(t.TempDir(), "log")
	s = &Session{
		Sides:   []*Side{fakeSide(t, "base", log2, 10), fakeSide(t, "head", log2, 12)},
		Options: Options{Suite: "quick", CPU: []int{1}},
		Pairing: ABBA, Budget: time.Nanosecond, Seed: 3,
	}
	if err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "nothing complete") {
		t.Errorf("a spent budget: %v, want nothing complete to keep", err)
	}
}

// TestPassesSession: passes of two sides alternate, each pass of each side
// over every benchmark; the header says passes.
func TestPassesSession(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	s := &Session{
		Sides:   []*Side{fakeSide(t, "base", log, 10), fakeSide(t, "head", log, 12)},
		Options: Options{Suite: "quick", CPU: []int{1, 2}},
		Pairing: Passes, Passes: 4, Seed: 4,
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	runs := readLog(t, log)
	if len(runs) != 8 {
		t.Fatalf("%d runs, want 4 passes × 2 sides", len(runs))
	}
	for p := 0; p < 8; p += 2 {
		if strings.Fields(runs[p])[0] == strings.Fields(runs[p+1])[0] || !strings.Contains(runs[p], " . ") {
			t.Errorf("pass %d: %q, %q: want both sides over every benchmark", p/2, runs[p], runs[p+1])
		}
	}
	if h := string(s.Header(0)); !strings.Contains(h, "pairing: passes\npasses: 4\n") {
		t.Errorf("header:\n%s", h)
	}
}

// TestWriteRescuesWithoutOverwriting: results that cannot be written where
// asked are kept in a new file, never over one already there.
func TestWriteRescuesWithoutOverwriting(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s := &Session{Sides: []*Side{{Lines: []string{"BenchmarkA 1 2 ns/op"}}}, Start: time.Now()}
	planted := filepath.Join(os.TempDir(), "run.txt")
	if err := os.WriteFile(planted, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "a-directory")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	err := s.Write(dir) // a directory cannot be replaced by a file
	if err == nil || !strings.Contains(err.Error(), "kept in") {
		t.Fatalf("Write over a directory: %v, want the rescue's path", err)
	}
	kept := err.Error()[strings.LastIndex(err.Error(), " ")+1:]
	if b, err := os.ReadFile(kept); err != nil || !strings.Contains(string(b), "BenchmarkA 1 2 ns/op") {
		t.Errorf("rescued file %s: %q, %v", kept, b, err)
	}
	if b, _ := os.ReadFile(planted); string(b) != "keep me" {
		t.Errorf("the rescue overwrote %s", planted)
	}
}

func TestBenchmarksNames(t *testing.T) {
	bs, err := benchmarks([]string{"cpu: x", "BenchmarkAdd/style=a.b/q=1-16 	 7 	 1 ns/op", "BenchmarkP/op=x(y) 3 1 ns/op"}, []int{16})
	if err != nil {
		t.Fatal(err)
	}
	if bs[0].bench != `^BenchmarkAdd$/^style=a\.b$/^q=1$` || bs[0].procs != 16 || bs[0].iters != 7 {
		t.Errorf("first: %+v", bs[0])
	}
	if bs[1].bench != `^BenchmarkP$/^op=x\(y\)$` || bs[1].procs != 1 {
		t.Errorf("second: %+v", bs[1])
	}
	if _, err := benchmarks([]string{"BenchmarkA 1 1 ns/op", "BenchmarkA 1 1 ns/op"}, nil); err == nil {
		t.Error("a name twice in one pass: no error")
	}
}
