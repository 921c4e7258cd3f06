package benchrun

// The runner's tests run it against a fake bench binary: this test binary,
// re-executed with fakeEnv set, which TestMain turns into the fake before
// any test runs. The fake does what the spec in its working directory (the
// Binary's Dir) says, so it runs wherever Go does — Windows included, where
// a /bin/sh script would not.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/internal/machine"
)

// fakeEnv, in the environment of this test binary, makes it a fake: "bench"
// for a bench binary, "holder" for a process that ignores interrupts and
// holds its standard output open (the child of a fakeSpec with Hang).
const fakeEnv = "ADDBENCH_BENCHRUN_FAKE"

// fakeSpecFile is the file in the fake's working directory that says what
// it does.
const fakeSpecFile = "fake.json"

func TestMain(m *testing.M) {
	switch os.Getenv(fakeEnv) {
	case "bench":
		os.Exit(fakeBench(os.Args[1:]))
	case "holder":
		signal.Ignore(os.Interrupt)
		fmt.Fprintln(os.Stderr, "ready")
		time.Sleep(30 * time.Second)
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}

// A fakeSpec is what a fake bench binary does, in this order.
type fakeSpec struct {
	Stdout   []string // lines to print on standard output
	EchoArgs bool     // print its arguments, space-separated, on standard error
	Hang     bool     // then start a holder child sharing its standard output, and wait for it
	Exit     int      // then exit with this status
	// Affinity, if set, prints the CPUs the fake may run on (its own
	// affinity): "stderr" on standard error before anything else, "config"
	// as a cpu-affinity config line on standard output, as the bench
	// binary does.
	Affinity string
	// Runs, if set, replaces Stdout and Exit: the nth time the fake is
	// run in its directory it prints Runs[n].Stdout and exits with
	// Runs[n].Exit (the last entry for every run past the end).
	Runs []fakeRun
	// Side, if set, replaces all of the above: a build of an A/B (fakeSide).
	Side *sideSpec
}

// A fakeRun is what one run of a fake with Runs prints, and its exit status.
type fakeRun struct {
	Stdout []string
	Exit   int
}

// fakeRunsFile, in the fake's directory, counts the runs of a fake with
// Runs.
const fakeRunsFile = "runs"

// A sideSpec is a fake side of an A/B session: it logs every run to Log
// ("NAME BENCH CPU BENCHTIME") and prints results of NS ns/op for two
// benchmarks, BenchmarkA/x=1 at GOMAXPROCS 1 and BenchmarkA/x=2 at 2, or
// the one its -test.bench selects alone.
type sideSpec struct {
	Name, Log string
	NS        float64
}

// fake returns a Binary that behaves as spec says: this test binary, run in
// a directory holding the spec, with fakeEnv set for the test's duration.
func fake(t *testing.T, spec fakeSpec) Binary {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fakeSpecFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeEnv, "bench")
	return Binary{Path: exe, Dir: dir}
}

// fakeBench is the fake bench binary's main: it returns its exit status.
func fakeBench(args []string) int {
	data, err := os.ReadFile(fakeSpecFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake bench binary:", err)
		return 2
	}
	var spec fakeSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		fmt.Fprintln(os.Stderr, "fake bench binary:", err)
		return 2
	}
	if spec.Side != nil {
		return fakeSideRun(spec.Side, args)
	}
	if spec.Hang {
		// The holder starts before anything is printed, so that whoever
		// reads the first line knows a process that ignores interrupts
		// holds the output open.
		exe, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, "fake bench binary:", err)
			return 2
		}
		holder := exec.Command(exe)
		holder.Env = append(os.Environ(), fakeEnv+"=holder")
		holder.Stdout = os.Stdout
		ready, err := holder.StderrPipe()
		if err == nil {
			err = holder.Start()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "fake bench binary:", err)
			return 2
		}
		// It says "ready" once it ignores interrupts.
		if l, err := bufio.NewReader(ready).ReadString('\n'); l != "ready\n" {
			fmt.Fprintf(os.Stderr, "fake bench binary: the holder said %q: %v\n", l, err)
			return 2
		}
		defer holder.Wait()
	}
	if spec.Affinity != "" {
		cpus, err := machine.Affinity()
		if err != nil {
			fmt.Fprintln(os.Stderr, "fake bench binary:", err)
			return 2
		}
		if spec.Affinity == "config" {
			fmt.Println("cpu-affinity: " + machine.FormatCPUs(cpus))
		} else {
			fmt.Fprintln(os.Stderr, machine.FormatCPUs(cpus))
		}
	}
	if len(spec.Runs) > 0 {
		n, err := os.ReadFile(fakeRunsFile)
		if err != nil && !os.IsNotExist(err) {
			fmt.Fprintln(os.Stderr, "fake bench binary:", err)
			return 2
		}
		if err := os.WriteFile(fakeRunsFile, append(n, '.'), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "fake bench binary:", err)
			return 2
		}
		run := spec.Runs[min(len(n), len(spec.Runs)-1)]
		spec.Stdout, spec.Exit = run.Stdout, run.Exit
	}
	for _, l := range spec.Stdout {
		fmt.Println(l)
	}
	if spec.EchoArgs {
		fmt.Fprintln(os.Stderr, strings.Join(args, " "))
	}
	if spec.Hang {
		return 0 // after the deferred Wait
	}
	return spec.Exit
}

// fakeSideRun is a fake side's main.
func fakeSideRun(s *sideSpec, args []string) int {
	bench, cpu, bt := ".", "1", ""
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "-test.bench":
			bench = args[i+1]
		case "-test.cpu":
			cpu = args[i+1]
		case "-test.benchtime":
			bt = args[i+1]
		default:
			continue
		}
		i++
	}
	f, err := os.OpenFile(s.Log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake side:", err)
		return 2
	}
	fmt.Fprintf(f, "%s %s %s %s\n", s.Name, bench, cpu, bt)
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "fake side:", err)
		return 2
	}
	fmt.Println("goos: linux")
	one := fmt.Sprintf("BenchmarkA/x=1 \t 100 \t %g ns/op", s.NS)
	two := fmt.Sprintf("BenchmarkA/x=2-2 \t 50 \t %g ns/op", s.NS)
	switch bench {
	case ".":
		fmt.Println(one)
		fmt.Println(two)
	case `^BenchmarkA$/^x=1$`:
		fmt.Println(one)
	case `^BenchmarkA$/^x=2$`:
		fmt.Println(two)
	}
	return 0
}
