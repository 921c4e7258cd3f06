package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/perf/benchfmt"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/internal/benchrun"
	"github.com/addbench/addbench/internal/machine"
	"github.com/addbench/addbench/results"
)

// baselineHelp is baseline's -h text.
const baselineHelp = `
Promote a result file to this machine's committed baseline,
results/baselines/<machine>.txt: reference data for charts, reports and
BENCHMARKS.md (make benchmarks), never a regression gate (addbench ab is).
FILE defaults to the newest run of this machine in results/runs. Refused:
partial runs, files that are not addbench results (no BenchmarkAdd), and
replacing an existing baseline without -force, and runs whose "machine:"
line names another machine without -force-machine. The default directories
are in the repository's root, wherever in it addbench runs.`

// inRepo returns dir, or for "" results/<name> in the repository's root —
// like ab: from a subdirectory, results/ is the repository's, not a new one
// beside the subdirectory's files; outside a repository, relative to here.
func inRepo(dir, name string) string {
	if dir != "" {
		return dir
	}
	root, err := benchrun.RepoRoot(".")
	if err != nil {
		root = "."
	}
	return filepath.Join(root, "results", name)
}

func cmdBaseline(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "baseline", "[flags] [FILE]", baselineHelp)
	dir := fs.String("dir", "", "baseline `directory` (default results/baselines in the repository root)")
	runs := fs.String("runs", "", "`directory` of runs to take the newest from (default results/runs in the repository root)")
	force := fs.Bool("force", false, "replace an existing baseline")
	forceMachine := fs.Bool("force-machine", false, "promote a run whose machine: line names another machine")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return usageError{errors.New("baseline takes at most one file")}
	}
	*dir, *runs = inRepo(*dir, "baselines"), inRepo(*runs, "runs")
	if st, err := os.Stat(*dir); err == nil && !st.IsDir() {
		return usageError{fmt.Errorf("-dir %s is not a directory", *dir)}
	}
	name := machine.Name()
	from := fs.Arg(0)
	if from == "" {
		matches, _ := filepath.Glob(filepath.Join(*runs, name+"-*.txt"))
		if len(matches) == 0 {
			return inputError{fmt.Errorf("no runs of this machine (%s) in %s; run make bench first", name, *runs)}
		}
		slices.Sort(matches) // names end in a UTC timestamp: the last is the newest
		from = matches[len(matches)-1]
	}
	// Read once, check what was read and write that: a pipe or /dev/stdin
	// has nothing left for a second read.
	data, err := os.ReadFile(from)
	if err != nil {
		return inputError{err}
	}
	set, err := results.Parse(from, data)
	if err != nil {
		return inputError{err}
	}
	f := set.Files[0]
	if f.Partial {
		return inputError{fmt.Errorf("%s is a partial run; a baseline must be complete", from)}
	}
	if !slices.ContainsFunc(f.Results, func(r *benchfmt.Result) bool {
		_, ok := results.ParseAddName(string(r.Name.Full()))
		return ok
	}) {
		return inputError{fmt.Errorf("%s holds no BenchmarkAdd results: not an addbench run", from)}
	}
	if m := f.Config["machine"]; m != "" && m != name && !*forceMachine {
		return inputError{fmt.Errorf("%s was measured on %s, not this machine (%s); use -force-machine to promote it anyway", from, m, name)}
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return outputError{err}
	}
	to := filepath.Join(*dir, name+".txt")
	if _, err := os.Stat(to); err == nil && !*force {
		return inputError{fmt.Errorf("%s exists; use -force to replace it", to)}
	}
	if err := atomicfile.Write(to, data); err != nil {
		return outputError{err}
	}
	fmt.Fprintf(stdout, "%s -> %s\n", from, to)
	return nil
}

func cmdMachine(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "machine", "", `
Print this machine's fingerprint, the name of its baseline file in
results/baselines: OS, architecture, CPU count and model.`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("machine takes no arguments, got %q", fs.Args())}
	}
	fmt.Fprintln(stdout, machine.Name())
	return nil
}
