// Command addbench runs Add workloads in every style of concurrency, measures
// what each style costs, and compares, plots and gates the results.
//
// Usage:
//
//	addbench <command> [flags] [args]
//
// Run "addbench help" for the commands and "addbench <command> -h" for each
// command's flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	err := run(os.Stdout, os.Stderr, os.Args[1:])
	if err == nil {
		return
	}
	if !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errReported) {
		fmt.Fprintf(os.Stderr, "addbench: %v\n", err)
	}
	os.Exit(exitCode(err))
}

// A command is one addbench subcommand.
type command struct {
	name    string
	args    string // usage after the name, e.g. "[flags] FILE..."
	summary string
	run     func(stdout, stderr io.Writer, args []string) error
}

func commands() []command {
	return []command{
		{"styles", "", "list the concurrency styles", cmdStyles},
		{"run", "[flags] FILE...", "run Add files in one style or all, checking each against the reference", cmdRun},
		{"gen", "[flags] DIR", "generate a seeded workload as Add files", cmdGen},
		{"vignette", "[flags] [NAME|all]", "run small experiments that show concurrency phenomena on this machine", cmdVignette},
		{"bench", "[flags]", "run the benchmark suite and store its results", cmdBench},
		{"compare", "[flags] OLD NEW", "compare two result files and list regressions", cmdCompare},
		{"plot", "[flags] FILE [NEW]", "draw the comparison charts of result files", cmdPlot},
		{"targets", "[flags] FILE", "check a run against the performance targets (ratios within the run)", cmdTargets},
		{"report", "[flags] FILE...", "write a Markdown report on result files", cmdReport},
		{"baseline", "[flags] [FILE]", "promote a run to this machine's baseline", cmdBaseline},
		{"machine", "", "print this machine's fingerprint (its baseline's name)", cmdMachine},
	}
}

// run is main without the process: it returns errors instead of exiting, so
// tests can call it.
func run(stdout, stderr io.Writer, args []string) error {
	if len(args) == 0 {
		usage(stderr)
		return usageError{errors.New("no command given")}
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(stdout, stderr, args[1:])
		}
	}
	usage(stderr)
	return usageError{fmt.Errorf("unknown command %q", name)}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "addbench measures what each style of concurrency costs for the same Add workload.\n\nUsage:\n\n\taddbench <command> [flags] [args]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"addbench <command> -h\" for a command's flags.\n")
}

// newFlagSet returns a flag set for a subcommand whose -h output goes to
// stderr and names the command's arguments.
func newFlagSet(stderr io.Writer, name, args, doc string) *flag.FlagSet {
	fs := flag.NewFlagSet("addbench "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: addbench %s %s\n\n%s\n", name, args, strings.TrimSpace(doc))
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintf(stderr, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args with fs and turns a flag error into a usage error.
// The flag package has already printed the problem and the usage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{errReported}
	}
	return nil
}

// errReported is an error whose message has already been written to stderr.
var errReported = errors.New("error already reported")

// A usageError is a mistake in how addbench was invoked: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// An inputError is bad input — a malformed file, a missing baseline: exit
// status 2.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

// exitCode maps an error to addbench's exit status: 0 for help, 2 for usage
// and input errors, 1 for everything else (a failed check, a regression).
func exitCode(err error) int {
	var ue usageError
	var ie inputError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue), errors.As(err, &ie):
		return 2
	}
	return 1
}

// maxWarnings is how many warnings a command prints before it summarises.
const maxWarnings = 5

// printWarnings prints warnings to w, the first few in full: a run with too
// few samples warns once per benchmark, and a screenful of the same sentence
// hides everything else.
func printWarnings(w io.Writer, warnings []error) {
	for i, err := range warnings {
		if i == maxWarnings {
			fmt.Fprintf(w, "warning: ... and %d more warnings\n", len(warnings)-maxWarnings)
			return
		}
		fmt.Fprintf(w, "warning: %v\n", err)
	}
}
