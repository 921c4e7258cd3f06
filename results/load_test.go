package results

import (
	"bufio"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/addbench/addbench/results/internal/synth"
)

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		check    func(t *testing.T, err error)
		mentions []string // substrings of the message
		never    []string // what the message must not say
	}{
		{
			name: "missing file",
			args: []string{"testdata/load/nonexistent.txt"},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("errors.Is(err, fs.ErrNotExist) = false")
				}
			},
			mentions: []string{"testdata/load/nonexistent.txt"},
		},
		{
			name:     "empty file",
			args:     []string{"testdata/load/empty.txt"},
			check:    wantNoResults("testdata/load/empty.txt", true),
			mentions: []string{"testdata/load/empty.txt: file is empty"},
			never:    []string{"truncated"}, // no last line to have lost its newline
		},
		{
			name:     "only config lines",
			args:     []string{"testdata/load/config-only.txt"},
			check:    wantNoResults("testdata/load/config-only.txt", false),
			mentions: []string{"testdata/load/config-only.txt: no benchmark results"},
		},
		{
			name:     "text file",
			args:     []string{"testdata/load/notes.txt"},
			check:    wantNoResults("testdata/load/notes.txt", false),
			mentions: []string{"testdata/load/notes.txt: no benchmark results"},
		},
		{
			name:     "garbled measurement",
			args:     []string{"testdata/load/garbled.txt"},
			check:    wantSyntax("testdata/load/garbled.txt", 6),
			mentions: []string{"testdata/load/garbled.txt:6: parsing measurement"},
		},
		{
			name:     "cut inside a benchmark name",
			args:     []string{"testdata/load/cut-in-name.txt"},
			mentions: []string{"testdata/load/cut-in-name.txt:4: the file ends in the middle of a line"},
		},
		{
			name:     "cut inside a unit",
			args:     []string{"testdata/load/cut-in-unit.txt"},
			mentions: []string{"testdata/load/cut-in-unit.txt:3: the file ends in the middle of a line"},
		},
		{
			name:     "truncated last line",
			args:     []string{"testdata/load/truncated.txt"},
			check:    wantSyntax("testdata/load/truncated.txt", 4),
			mentions: []string{"testdata/load/truncated.txt:4: missing measurements"},
		},
		{
			name: "every bad file is reported",
			args: []string{"testdata/load/empty.txt", "testdata/old.txt", "x=testdata/load/garbled.txt"},
			check: func(t *testing.T, err error) {
				var nr *NoResultsError
				var se *benchfmt.SyntaxError
				if !errors.As(err, &nr) || !errors.As(err, &se) {
					t.Errorf("want both a *NoResultsError and a *benchfmt.SyntaxError in %v", err)
				}
			},
			mentions: []string{"testdata/load/empty.txt", "testdata/load/garbled.txt:6"},
		},
		{
			name:     "no arguments",
			args:     nil,
			mentions: []string{"no files given"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Load(tt.args...)
			if err == nil {
				t.Fatalf("Load(%q) = %d files, want an error", tt.args, len(set.Files))
			}
			if tt.check != nil {
				tt.check(t, err)
			}
			for _, m := range tt.mentions {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
			for _, m := range tt.never {
				if strings.Contains(err.Error(), m) {
					t.Errorf("error %q says %q", err, m)
				}
			}
		})
	}
}

func wantNoResults(path string, empty bool) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var nr *NoResultsError
		if !errors.As(err, &nr) {
			t.Fatalf("error %v is not a *NoResultsError", err)
		}
		if nr.Path != path || nr.Empty != empty {
			t.Errorf("NoResultsError{%q, Empty: %v}, want {%q, Empty: %v}", nr.Path, nr.Empty, path, empty)
		}
	}
}

func wantSyntax(path string, line int) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var se *benchfmt.SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("error %v is not a *benchfmt.SyntaxError", err)
		}
		if se.FileName != path || se.Line != line {
			t.Errorf("syntax error at %s:%d, want %s:%d", se.FileName, se.Line, path, line)
		}
	}
}

func TestLoadLabelsAndConfig(t *testing.T) {
	// old.txt has 12 Add benchmarks and 6 primitives, 10 times; new.txt
	// has 4 more Add benchmarks and another cpu.
	const (
		oldN, newN     = 180, 220
		oldCPU, newCPU = "Intel(R) Xeon(R) CPU @ 2.20GHz", "AMD EPYC 7B12"
	)
	tests := []struct {
		args    []string
		labels  []string
		results []int
		cpus    []string
	}{
		{[]string{"testdata/old.txt", "testdata/new.txt"}, []string{"testdata/old.txt", "testdata/new.txt"}, []int{oldN, newN}, []string{oldCPU, newCPU}},
		{[]string{"base=testdata/old.txt", "new=testdata/new.txt"}, []string{"base", "new"}, []int{oldN, newN}, []string{oldCPU, newCPU}},
		{[]string{"testdata/old.txt", "testdata/old.txt"}, []string{"testdata/old.txt#0", "testdata/old.txt#1"}, []int{oldN, oldN}, []string{oldCPU, oldCPU}},
		// A repeated path after another: told apart, never merged.
		{[]string{"testdata/old.txt", "testdata/new.txt", "testdata/new.txt"}, []string{"testdata/old.txt", "testdata/new.txt#0", "testdata/new.txt#1"}, []int{oldN, newN, newN}, []string{oldCPU, newCPU, newCPU}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			set, err := Load(tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if len(set.Files) != len(tt.labels) {
				t.Fatalf("%d files, want %d", len(set.Files), len(tt.labels))
			}
			for i, f := range set.Files {
				if f.Label != tt.labels[i] {
					t.Errorf("file %d label %q, want %q", i, f.Label, tt.labels[i])
				}
				if got := f.Results[0].GetConfig(".file"); got != tt.labels[i] {
					t.Errorf("file %d: .file key %q, want %q", i, got, tt.labels[i])
				}
				if len(f.Results) != tt.results[i] {
					t.Errorf("file %d: %d results, want %d", i, len(f.Results), tt.results[i])
				}
				if f.Config["cpu"] != tt.cpus[i] || f.Config["suite"] != "default" {
					t.Errorf("file %d config %v, want cpu %q and suite default", i, f.Config, tt.cpus[i])
				}
				if f.Partial {
					t.Errorf("file %d: Partial set on a complete file", i)
				}
			}
		})
	}
}

func TestLoadPartial(t *testing.T) {
	set, err := Load("testdata/load/partial.txt")
	if err != nil {
		t.Fatal(err)
	}
	f := set.Files[0]
	if !f.Partial {
		t.Errorf("Partial = false for a file marked \"partial: true\"")
	}
	if len(f.Results) != 2 || f.Config["suite"] != "quick" {
		t.Errorf("got %d results, config %v; want 2 results of suite quick", len(f.Results), f.Config)
	}
}

// TestGomaxprocsOne checks that a benchmark name without a "-N" suffix, as
// go test writes it for -cpu 1, reads as GOMAXPROCS 1 in tables and views.
func TestGomaxprocsOne(t *testing.T) {
	set, err := Load("testdata/load/cpu1.txt")
	if err != nil {
		t.Fatal(err)
	}
	speedups, _ := set.Files[0].Speedups("ns/add")
	if len(speedups) == 0 || speedups[0].Key.Gomaxprocs != 2 {
		t.Errorf("speedups %v, want GOMAXPROCS 2 over 1", speedups)
	}
	prims := set.Files[0].Primitives().Costs
	if len(prims) != 2 || prims[0].Gomaxprocs != 1 || prims[1].Gomaxprocs != 2 {
		t.Errorf("primitives %+v, want op=atomic at GOMAXPROCS 1 and 2", prims)
	}
}

func containsError(errs []error, substr string) bool {
	for _, e := range errs {
		if strings.Contains(e.Error(), substr) {
			return true
		}
	}
	return false
}

// TestLoadPathWithEquals checks that a file whose name contains "=", as
// benchmark-style names do, loads by path rather than as "label=path".
func TestLoadPathWithEquals(t *testing.T) {
	path := synth.Spec{Seed: 5}.Write(t, t.TempDir(), "cpu=2.txt")
	set, err := Load(path, "x="+path)
	if err != nil {
		t.Fatal(err)
	}
	if set.Files[0].Label != path || set.Files[1].Label != "x" {
		t.Errorf("labels %q, %q; want %q, x", set.Files[0].Label, set.Files[1].Label, path)
	}
}

func TestTidyUnit(t *testing.T) {
	for raw, want := range map[string]string{
		"ns/add": "sec/add", "ns/op": "sec/op", "sec/add": "sec/add",
		"B/op": "B/op", "allocs/op": "allocs/op", "lost/op": "lost/op", "MB/s": "B/s",
	} {
		if got := TidyUnit(raw); got != want {
			t.Errorf("TidyUnit(%q) = %q, want %q", raw, got, want)
		}
	}
}

// A zero time is in the same tidy unit as every other: benchfmt leaves
// "0 ns/add" in ns/add, which would make it a benchmark of its own.
func TestLoadTidiesZeros(t *testing.T) {
	p := filepath.Join(t.TempDir(), "zero.txt")
	if err := os.WriteFile(p, []byte("BenchmarkA 1 0 ns/add 0 B/op\nBenchmarkA 1 5 ns/add 8 B/op\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Files[0].Results {
		if u := r.Values[0].Unit; u != "sec/add" {
			t.Errorf("%v: unit %q, want sec/add", r.Values, u)
		}
		if u := r.Values[1].Unit; u != "B/op" {
			t.Errorf("%v: unit %q, want B/op", r.Values, u)
		}
	}
}

// TestLoadRejectsUnusableValues covers the classes of value that load as a
// benchmark but break every statistic or misname a unit: a value that is not
// finite (NaN hangs the Mann–Whitney test), a negative time, and a last unit
// cut short (the line ended in a newline after a partial unit). Each is an
// error naming the file and line.
func TestLoadRejectsUnusableValues(t *testing.T) {
	good := "BenchmarkAdd/style=a\t10\t3 ns/op\t1.5 ns/add\n"
	for _, tc := range []struct{ name, line, msg string }{
		{"NaN", "BenchmarkAdd/style=a\t10\tNaN ns/add\n", "not a finite number"},
		{"NaN in another unit", "BenchmarkAdd/style=a\t10\t3 ns/op\tnan B/op\n", "not a finite number"},
		{"+Inf", "BenchmarkAdd/style=a\t10\t+Inf ns/op\n", "not a finite number"},
		{"-Inf", "BenchmarkAdd/style=a\t10\t3 ns/op\t-Inf allocs/op\n", "not a finite number"},
		{"negative time", "BenchmarkAdd/style=a\t10\t-3 ns/op\n", "negative time -3 ns/op"},
		{"negative per-add time", "BenchmarkAdd/style=a\t10\t3 ns/op\t-0.5 ns/add\n", "negative time -0.5 ns/add"},
		{"cut in ns/add", "BenchmarkAdd/style=a\t10\t3 ns/op\t5.1 ns/a\n", `unit "ns/a"`},
		{"cut in allocs/op", "BenchmarkAdd/style=a\t10\t3 ns/op\t0 B/op\t0 allocs\n", `unit "allocs"`},
		{"cut to ns", "BenchmarkAdd/style=a\t10\t3 ns\n", `unit "ns"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.txt")
			if err := os.WriteFile(path, []byte(good+good+tc.line+good), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatalf("Load of a file with %q: no error", tc.line)
			}
			if want := path + ":3: "; !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q; want %q and %q", err, want, tc.msg)
			}
			var nr *NoResultsError
			if errors.As(err, &nr) {
				t.Errorf("error %q also claims no results", err)
			}
		})
	}
	// Negative values of units that are not times, and whole units that
	// happen to be short, still load.
	path := filepath.Join(t.TempDir(), "ok.txt")
	os.WriteFile(path, []byte("BenchmarkX\t10\t3 ns/op\t-2 delta/op\t4 threads\t1 B/program\n"), 0o644)
	if _, err := Load(path); err != nil {
		t.Errorf("Load: %v", err)
	}
}

// TestLoadReadsEachPathOnce: a path given twice — /dev/stdin, a pipe — is
// read once and its results used for both arguments.
func TestLoadReadsEachPathOnce(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		w.Write([]byte("BenchmarkX\t10\t3 ns/op\n"))
		w.Close()
	}()
	defer r.Close()
	path := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
	if _, err := os.Stat(path); err != nil {
		t.Skip(err)
	}
	set, err := Load(path, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 2 || len(set.Files[1].Results) != 1 {
		t.Errorf("Load(pipe, pipe) = %d files; want 2 with one result each", len(set.Files))
	}
}

// FuzzLoad: no results file makes Load panic or hang; every error names the
// file, and everything it loads is usable: finite values, no negative time.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"old.txt", "short.txt", "load/garbled.txt", "load/partial.txt", "load/cut-in-unit.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("BenchmarkX\t10\tNaN ns/op\n"))
	f.Add([]byte("Unit ns/op assume=exact\nBenchmarkX-2\t10\t3 ns/op\t5.1 ns/a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "r.txt")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		set, err := Load(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			return
		}
		for _, r := range set.Files[0].Results {
			for _, v := range r.Values {
				if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Value < 0 && isTime(v.Unit) {
					t.Errorf("loaded %v %s", v.Value, v.Unit)
				}
			}
		}
	})
}

// TestLoadLongLine: a line too long for benchfmt's reader is named by its own
// number, once: benchfmt names the line before it, and wrapping its error
// named the file twice.
func TestLoadLongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.txt")
	line := "BenchmarkY\t10\t" + strings.Repeat("1", bufio.MaxScanTokenSize) + " ns/op\n"
	os.WriteFile(path, []byte("BenchmarkX\t10\t3 ns/op\n\ngoos: linux\n"+line), 0o644)
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path+":4: line of ") || strings.Count(err.Error(), path) != 1 {
		t.Errorf("Load = %v; want one error at %s:4", err, path)
	}
}

// TestLoadSkipped: the skips a scale run records as config lines, set and
// removed at once, are read from the lines themselves, once per benchmark
// however many passes skipped it; the removing lines are no skips.
func TestLoadSkipped(t *testing.T) {
	const a = "BenchmarkAdd/style=coop.gil/mode=private/programs=1000000/len=16/quantum=1-2"
	const b = "BenchmarkAdd/style=preempt.goroutines/mode=private/programs=1000000/len=16/quantum=1"
	data := "suite: scale\npasses: 2\n" +
		"skipped: " + a + ": capped at 100000 programs: over RunCap\nskipped: \n" +
		"BenchmarkAdd/style=sequential.loop/mode=private/programs=1/len=16/quantum=1 100 10 ns/op 1 ns/add\n" +
		"skipped: " + b + ": a Run took over RunCap (10s) and was stopped\nskipped: \n" +
		"skipped: " + a + ": capped at 100000 programs: over RunCap\nskipped: \n" +
		"BenchmarkAdd/style=sequential.loop/mode=private/programs=1/len=16/quantum=1 100 11 ns/op 1.1 ns/add\n"
	path := filepath.Join(t.TempDir(), "scale.txt")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Skip{
		{Benchmark: a, Reason: "capped at 100000 programs: over RunCap", Passes: 2},
		{Benchmark: b, Reason: "a Run took over RunCap (10s) and was stopped", Passes: 1},
	}
	if got := set.Files[0].Skipped; !slices.Equal(got, want) {
		t.Errorf("Skipped = %+v\nwant %+v", got, want)
	}
	if _, ok := set.Files[0].Config["skipped"]; ok && set.Files[0].Config["skipped"] != "" {
		t.Errorf("Config[skipped] = %q: the key is removed after each skip", set.Files[0].Config["skipped"])
	}
}
