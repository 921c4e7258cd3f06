package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/process"
	"github.com/addbench/addbench/vignettes"
)

// runSafely runs addbench with args as runCLI does, but turns a panic into a
// test failure that names the arguments rather than a crash of the whole
// test binary, and fails if anything the user would see reads like a crash.
func runSafely(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("addbench %q panicked: %v", args, p)
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		err = run(&out, &errb, args)
	}()
	seen := out.String() + errb.String()
	if err != nil {
		seen += err.Error()
	}
	for _, crash := range []string{"panic:", "fatal error:", "[running]:"} {
		if strings.Contains(seen, crash) {
			t.Errorf("addbench %q printed %q:\n%s", args, crash, seen)
		}
	}
	return out.String(), errb.String(), err
}

// writeResults writes a small result file in the Go benchmark format, enough
// for compare, plot and report to do their work: two styles and two
// primitives, six samples each.
func writeResults(t *testing.T, dir, name string, scale float64) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/addbench/addbench/bench\ncpu: Test CPU\nmachine: test\ncommit: abc\nsuite: test\n")
	for i := range 6 {
		jitter := 1 + 0.01*float64(i%3-1)
		for style, perAdd := range map[string]float64{"sequential.loop": 0.25, "lockfree.atomic": 9} {
			perAdd *= scale * jitter
			fmt.Fprintf(&b, "BenchmarkAdd/style=%s/mode=shared/programs=1/len=65536/quantum=1\t1000\t%.1f ns/op\t%.4f ns/add\t0 B/op\t0 allocs/op\n", style, perAdd*65536, perAdd)
		}
		for op, ns := range map[string]float64{"sum": 0.25, "atomic": 6} {
			fmt.Fprintf(&b, "BenchmarkPrimitive/op=%s\t1000000\t%.3f ns/op\n", op, ns*scale*jitter)
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Verdicts of TestFlagExtremes.
const (
	accepts = iota // the value is sensible: exit 0 (or the command's own verdict, 1)
	rejects        // nonsense: exit 2, with an error naming the flag
	lax            // nonsense that a command not owned here accepts today: only no crash
)

// TestFlagExtremes tries the extremes of every numeric flag of every command:
// none may crash or print a stack, and nonsense is refused with a one-line
// error naming the flag and exit status 2. Commands run on real inputs, so
// that a value that got past the checks would be used.
func TestFlagExtremes(t *testing.T) {
	dir := t.TempDir()
	oldRes := writeResults(t, dir, "old.txt", 1)
	newRes := writeResults(t, dir, "new.txt", 1.01)
	add := "testdata/a.add"
	const (
		maxInt64  = "9223372036854775807"
		overInt64 = "9223372036854775808"
		billion   = "1000000000"
		maxUint64 = "18446744073709551615"
	)
	two61 := strconv.FormatInt(1<<61, 10)
	// gen, plot and report write into a fresh directory each time.
	fresh := 0
	newDir := func(prefix string) string { fresh++; return filepath.Join(dir, prefix+strconv.Itoa(fresh)) }
	genDir := func() string { return newDir("gen") }
	// bench gets a package that does not exist: a value that passes its
	// checks then ends at "bench package not found", before go test starts.
	bench := func(flags ...string) []string {
		return append([]string{"bench", "-pkg", filepath.Join(dir, "nobench"), "-o", filepath.Join(dir, "bench.txt")}, flags...)
	}
	out := func() string { return newDir("out") }

	type tc struct {
		args    []string
		verdict int
		flag    string // named in the error when rejected
	}
	var cases []tc
	add1 := func(verdict int, flag string, args ...string) {
		cases = append(cases, tc{args, verdict, flag})
	}

	// run: -quantum, -workers. A quantum longer than every program means
	// "never interact", which is sensible.
	for _, v := range []string{"0", "-1", "NaN", overInt64} {
		add1(rejects, "quantum", "run", "-quantum", v, add)
	}
	for _, v := range []string{maxInt64, billion} {
		add1(accepts, "", "run", "-quantum", v, add)
		add1(accepts, "", "run", "-mode", "shared", "-quantum", v, add)
	}
	add1(accepts, "", "run", "-workers", "0", add)
	add1(accepts, "", "run", "-mode", "shared", "-style", "lockfree.striped", "-workers", strconv.Itoa(maxWorkers), add)
	for _, v := range []string{"-1", "NaN", maxInt64, billion, overInt64, strconv.Itoa(maxWorkers + 1)} {
		add1(rejects, "workers", "run", "-workers", v, add)
		add1(rejects, "workers", "run", "-mode", "shared", "-workers", v, add)
	}

	// gen: -programs, -len, -short, -seed.
	for _, v := range []string{"0", "-1", "NaN", maxInt64, billion, overInt64, strconv.Itoa(maxGenPrograms + 1)} {
		add1(rejects, "programs", "gen", "-programs", v, genDir())
	}
	for _, v := range []string{"-1", "NaN", maxInt64, billion, overInt64} {
		add1(rejects, "len", "gen", "-len", v, genDir())
		add1(rejects, "short", "gen", "-skew", "-short", v, genDir())
	}
	add1(rejects, "programs", "gen", "-programs", "10000", "-len", "100000", genDir()) // 10^9 in all
	add1(rejects, "programs", "gen", "-skew", "-programs", "10000", "-short", "100000", genDir())
	add1(accepts, "", "gen", "-len", "0", genDir())
	add1(accepts, "", "gen", "-skew", "-short", "0", genDir())
	add1(accepts, "", "gen", "-programs", "1", "-len", "1", genDir())
	for _, v := range []string{"0", maxUint64} {
		add1(accepts, "", "gen", "-seed", v, "-len", "3", genDir())
	}
	for _, v := range []string{"-1", "NaN", "18446744073709551616"} {
		add1(rejects, "seed", "gen", "-seed", v, genDir())
	}

	// vignette: -trials, checked against each vignette's maximum before any
	// runs, so none of these starts an experiment.
	for _, v := range []string{"-1", "NaN", maxInt64, two61, "100000000000", overInt64} {
		add1(rejects, "trials", "vignette", "-trials", v)
		add1(rejects, "trials", "vignette", "all", "-trials", v)
		add1(rejects, "trials", "vignette", "-trials", v, "switchinterval")
	}
	for _, v := range vignettesMax(t) {
		add1(rejects, "trials", "vignette", "-trials", strconv.Itoa(v.max+1), v.name)
	}

	// bench: -passes, -cpu, -benchtime, -seed.
	for _, v := range []string{"0", "-1", "NaN", overInt64, maxInt64, "1001"} {
		add1(rejects, "passes", bench("-passes", v)...)
	}
	for _, v := range []string{"0", "-1", "NaN", "1,0", "", overInt64, maxInt64, billion} {
		add1(rejects, "cpu", bench("-cpu", v)...)
	}
	for _, v := range []string{"0x", "-1x", "0s", "-1s", "NaN", "NaNs", overInt64 + "x", maxInt64 + "x", "2562047h"} {
		add1(rejects, "benchtime", bench("-benchtime", v)...)
	}
	add1(rejects, "seed", bench("-seed", "-1")...) // any uint64 is a seed

	// compare, report and plot share -alpha and -threshold.
	for _, cmd := range [][]string{{"compare"}, {"report", "-o", out()}, {"plot", "-o", out()}} {
		for _, v := range []string{"0", "-1", "1", "2", "+Inf", "-Inf", "1e308", "NaN"} {
			add1(rejects, "alpha", append(slices.Clone(cmd), "-alpha", v, oldRes, newRes)...)
		}
		for _, v := range []string{"-1", "-Inf", "NaN", "+Inf"} {
			add1(rejects, "threshold", append(slices.Clone(cmd), "-threshold", v, oldRes, newRes)...)
		}
	}
	add1(accepts, "", "compare", "-threshold", "0", oldRes, newRes)
	add1(accepts, "", "compare", "-threshold", "1e308", oldRes, newRes)
	add1(accepts, "", "plot", "-o", out(), oldRes, newRes)
	add1(accepts, "", "report", "-o", out(), oldRes, newRes)
	add1(accepts, "", "compare", oldRes, newRes)

	// targets, baseline, machine and styles have no numeric flags.

	for _, c := range cases {
		name := strings.ReplaceAll(strings.Join(c.args, " "), dir+string(filepath.Separator), "")
		t.Run(name, func(t *testing.T) {
			stdout, stderr, err := runSafely(t, c.args...)
			code := exitCode(err)
			switch c.verdict {
			case accepts:
				if code == 2 {
					t.Errorf("exit %d (%v), want 0 or 1\n%s", code, err, stderr)
				}
			case rejects:
				if code != 2 {
					t.Fatalf("exit %d (%v), want 2\n%s%s", code, err, stdout, stderr)
				}
				// Either the one-line range error, or the flag
				// package's own message for a value that is not a
				// number at all.
				msg := stderr
				if err != nil && !errors.Is(err, errReported) {
					msg = err.Error()
					if strings.Contains(msg, "\n") {
						t.Errorf("error is more than one line: %q", msg)
					}
				}
				if !strings.Contains(msg, "-"+c.flag) {
					t.Errorf("error %q does not name -%s", msg, c.flag)
				}
				if stdout != "" {
					t.Errorf("printed to stdout on a usage error: %q", stdout)
				}
			case lax:
				if code != 2 || !strings.Contains(fmt.Sprint(err)+stderr, "-"+c.flag) {
					t.Logf("accepted today (exit %d): %v", code, err)
				}
			}
		})
	}
}

type vignetteMax struct {
	name string
	max  int
}

func vignettesMax(t *testing.T) []vignetteMax {
	t.Helper()
	var vs []vignetteMax
	for _, v := range vignettes.All() {
		if v.MaxTrials < v.DefaultTrials {
			t.Errorf("vignette %s: MaxTrials %d is below its default %d", v.Name, v.MaxTrials, v.DefaultTrials)
		}
		vs = append(vs, vignetteMax{v.Name, v.MaxTrials})
	}
	return vs
}

// TestFlagsAfterArguments: every command takes its flags before, after or
// among its arguments, the order the README shows for vignette included.
func TestFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	oldRes := writeResults(t, dir, "old.txt", 1)
	for _, c := range []struct {
		args []string
		code int
		want string // in stdout, or in the error when code is 2
	}{
		// A flag after the name is parsed as a flag, not taken for a
		// second name.
		{[]string{"vignette", "all", "-trials", "-1"}, 2, "-trials must not be negative"},
		{[]string{"vignette", "unsafe", "-trials", "4000001"}, 2, "-trials must be between 0 and 4000000 for vignette unsafe"},
		{[]string{"vignette", "switchinterval", "-trials", "20"}, 0, "trials: 20 increments"},
		{[]string{"vignette", "switchinterval", "-trials=20", "-format", "json"}, 0, `"trials": 20`},
		{[]string{"run", "testdata/a.add", "-style", "sequential.loop"}, 0, "testdata/a.add\t"},
		{[]string{"run", "testdata/a.add", "-mode=shared", "-style", "sequential.loop", "testdata/b.add"}, 0, "total\t"},
		{[]string{"run", "testdata/a.add", "-quantum", "0"}, 2, "-quantum must be at least 1"},
		{[]string{"run", "testdata/a.add", "-style"}, 2, ""},                        // missing value
		{[]string{"run", "-style", "sequential.loop", "--", "-x.add"}, 2, "-x.add"}, // "--" ends the flags
		{[]string{"gen", filepath.Join(dir, "g1"), "-programs", "2", "-len", "3"}, 0, "wrote 2 programs"},
		{[]string{"gen", filepath.Join(dir, "g1"), "-force", "-programs", "2"}, 0, "wrote 2 programs"}, // a bool flag takes no value
		{[]string{"compare", oldRes, oldRes, "-threshold", "-1"}, 2, "-threshold -1% is not a percentage"},
		{[]string{"targets", oldRes, "-format", "nope"}, 2, "nope"},
		{[]string{"styles", "-h"}, 0, ""},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			stdout, stderr, err := runSafely(t, c.args...)
			if code := exitCode(err); code != c.code {
				t.Fatalf("exit %d (%v), want %d\n%s%s", code, err, c.code, stdout, stderr)
			}
			got := stdout
			if c.code == 2 {
				got = fmt.Sprint(err) + stderr
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, got)
			}
		})
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "g1", "*.add")); len(files) != 2 {
		t.Errorf("gen DIR -programs 2 wrote %d files, want 2", len(files))
	}
}

func TestHelpCommand(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, err := runSafely(t, "help", c.name)
			if code := exitCode(err); code != 0 {
				t.Fatalf("help %s: exit %d (%v)", c.name, code, err)
			}
			if !strings.HasPrefix(stdout, "Usage: addbench "+c.name) || strings.Contains(stdout, "Commands:") {
				t.Errorf("help %s printed, not the command's help:\n%s", c.name, stdout)
			}
			if stderr != "" {
				t.Errorf("help %s wrote to stderr: %q", c.name, stderr)
			}
		})
	}
	stdout, _, _ := runSafely(t, "help", "run")
	if !strings.Contains(stdout, "-quantum") {
		t.Errorf("help run lacks the run flags:\n%s", stdout)
	}
	for _, args := range [][]string{{"help", "frobnicate"}, {"help", "run", "gen"}} {
		if _, _, err := runSafely(t, args...); exitCode(err) != 2 {
			t.Errorf("%q: exit %d (%v), want 2", args, exitCode(err), err)
		}
	}
}

// TestRunAllKeepsRowsWhenAStyleFails: a style that fails gets a FAILED row,
// every other style is still measured and printed, and the run exits 1 naming
// the failed style once.
func TestRunAllKeepsRowsWhenAStyleFails(t *testing.T) {
	// Every process.pipe worker exits before its first reply.
	t.Setenv(process.FaultEnv, process.Fault{Kind: process.Exit, Worker: -1, After: 0}.String())
	stdout, stderr, err := runSafely(t, "run", "-mode", "shared", "testdata/a.add", "testdata/b.add")
	if code := exitCode(err); code != 1 {
		t.Fatalf("exit %d (%v), want 1\n%s", code, err, stderr)
	}
	if want := "1 of " + strconv.Itoa(len(styles.All())) + " styles failed: process.pipe"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want %q", err, want)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(stdout, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			rows[f[0]] = line
		}
	}
	for _, s := range styles.All() {
		row, ok := rows[s.Name]
		switch {
		case !ok:
			t.Errorf("no row for %s:\n%s", s.Name, stdout)
		case s.Name == "process.pipe":
			if !strings.Contains(row, "FAILED: process worker") {
				t.Errorf("process.pipe row %q does not say it failed and why", row)
			}
		case !s.Racy && !strings.HasSuffix(row, " ok"):
			t.Errorf("row %q, want ok", row)
		}
	}
	if all := stdout + err.Error(); strings.Contains(all, "process.pipe: process.pipe") {
		t.Errorf("doubled prefix:\n%s", all)
	}

	_, _, err = runSafely(t, "run", "-style", "process.pipe", "testdata/a.add")
	if code := exitCode(err); code != 1 || strings.Count(err.Error(), "process.pipe") != 1 {
		t.Errorf("run -style process.pipe: exit %d, error %q, want exit 1 naming process.pipe once", code, err)
	}
}

// A failWriter fails every write, as standard output on a full disk or a
// closed pipe does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputErrorsExit2: output that cannot be written exits 2 in every
// command, whether it is standard output or a file.
func TestOutputErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"run", "-style", "sequential.loop", "testdata/a.add"},
		{"run", "-quantum", "4", "testdata/a.add"},
		{"styles"},
		{"machine"},
		{"gen", "-len", "2", filepath.Join(dir, "g")},
		{"vignette", "-trials", "20", "switchinterval"},
		{"vignette", "-trials", "20", "-format", "json", "switchinterval"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var errb bytes.Buffer
			err := run(failWriter{}, &errb, args)
			if code := exitCode(err); code != 2 || !strings.Contains(fmt.Sprint(err), "writing standard output") {
				t.Errorf("exit %d (%v), want 2 and writing standard output", code, err)
			}
		})
	}
	// gen's directory cannot be created: a file is in the way.
	_, _, err := runSafely(t, "gen", filepath.Join(notDir, "sub"))
	if code := exitCode(err); code != 2 || !strings.Contains(fmt.Sprint(err), notDir) {
		t.Errorf("gen under a file: exit %d (%v), want 2 naming %s", code, err, notDir)
	}
}

// TestGenReplacesOnlyRegularFiles: -force overwrites an earlier program, never
// a symlink or a directory in its place.
func TestGenReplacesOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious.txt")
	if err := os.WriteFile(target, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "prog-00.add")); err != nil {
		t.Fatal(err)
	}
	_, _, err := runSafely(t, "gen", "-force", "-programs", "2", "-len", "3", dir)
	if code := exitCode(err); code != 2 || !strings.Contains(fmt.Sprint(err), "prog-00.add exists and is not a regular file") {
		t.Errorf("exit %d (%v), want 2 refusing the symlink", code, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me\n" {
		t.Errorf("the symlink's target was overwritten: %q", b)
	}
	if st, err := os.Lstat(filepath.Join(dir, "prog-00.add")); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", st.Mode(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "prog-01.add")); err == nil {
		t.Error("gen wrote prog-01.add before refusing")
	}
}

// TestGenNamesSortInOrder: with more than 100 programs the numbers are wider,
// so that a shell's glob lists them in program order.
func TestGenNamesSortInOrder(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runSafely(t, "gen", "-programs", "101", "-len", "1", dir); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.add"))
	if len(files) != 101 || filepath.Base(files[0]) != "prog-000.add" || filepath.Base(files[100]) != "prog-100.add" {
		t.Errorf("gen -programs 101 wrote %d files, first %s, last %s", len(files), files[0], files[len(files)-1])
	}
}

// TestRunHugeTokenOnALongLine: a bad token megabytes long, on line 3, is
// reported at its real line and column with a bounded quote of it.
func TestRunHugeTokenOnALongLine(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, token, want string
	}{
		{"not a number", strings.Repeat("7", 20<<20) + "x", `"7777777777777777777777777777777777777777"... (20971521 bytes) is not a decimal integer`},
		{"out of range", strings.Repeat("9", 20<<20), `"9999999999999999999999999999999999999999"... (20971520 bytes) is outside the int64 range`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "long.add")
			src := "1\n2\n  " + tc.token + "\n4\n"
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, _, err := runSafely(t, "run", "-style", "sequential.loop", path)
			if code := exitCode(err); code != 2 {
				t.Fatalf("exit %d, want 2", code)
			}
			msg := err.Error()
			if len(msg) > 200 {
				t.Fatalf("error is %d bytes long, want a bounded quote: %.300s...", len(msg), msg)
			}
			if !strings.HasPrefix(msg, path+":3:3: ") || !strings.Contains(msg, tc.want) || !strings.Contains(msg, fmt.Sprintf("(%d bytes)", len(tc.token))) {
				t.Errorf("error %q, want %s:3:3: quoting %s... and the token's length", msg, path, tc.want)
			}
			if stdout != "" {
				t.Errorf("printed a result for a bad file: %q", stdout)
			}
		})
	}
}

// exitCode itself: output errors are 2 like usage and input errors, wrapped
// or not.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
	}{
		{nil, 0},
		{fmt.Errorf("x: %w", errors.New("plain")), 1},
		{usageError{errors.New("u")}, 2},
		{inputError{errors.New("i")}, 2},
		{outputError{errors.New("o")}, 2},
		{fmt.Errorf("writing: %w", outputError{errors.New("o")}), 2},
		{fmt.Errorf("3 of 4 styles failed"), 1},
	} {
		if got := exitCode(tc.err); got != tc.code {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.code)
		}
	}
}
