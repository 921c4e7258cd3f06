// Command addbench runs Add workloads in every style of concurrency, measures
// what each style costs, and compares, plots and gates the results.
//
// Usage:
//
//	addbench <command> [flags] [args]
//
// Flags may come before or after a command's arguments. Run "addbench help"
// for the commands and "addbench help <command>" (or "addbench <command> -h")
// for each command's flags.
package main

import (
	"cmp"
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

// A command is one addbench subcommand. Adding one is adding a row to
// commands: its run parses its own flags with newFlagSet and parseFlags.
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
		{"bench", "[flags]", "run the benchmark suite as shuffled passes and store its results", cmdBench},
		{"ab", "[flags]", "compare two builds (commits, Go versions) run alternately in one session", cmdAB},
		{"compare", "[flags] OLD NEW", "compare two result files and list regressions", cmdCompare},
		{"plot", "[flags] FILE [NEW]", "draw the comparison charts of result files", cmdPlot},
		{"targets", "[flags] FILE", "check a run against the performance targets (ratios within the run)", cmdTargets},
		{"report", "[flags] FILE...", "write a Markdown report on result files", cmdReport},
		{"history", "[flags]", "show the recorded A/B ratios over time and their change points", cmdHistory},
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
	switch name {
	case "help", "-h", "-help", "--help":
		return help(stdout, stderr, args[1:])
	}
	c, ok := lookupCommand(name)
	if !ok {
		usage(stderr)
		return usageError{fmt.Errorf("unknown command %q", name)}
	}
	// A command that cannot write its output has failed, whatever it
	// returns: its reader saw nothing, or half.
	out := &errWriter{w: stdout}
	err := c.run(out, stderr, args[1:])
	if out.err != nil && !errors.As(err, new(outputError)) {
		return outputError{fmt.Errorf("writing standard output: %w", out.err)}
	}
	return err
}

func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// help prints the general help, or with a command name that command's help
// and flags, to stdout: help was asked for, so it is the output.
func help(stdout, stderr io.Writer, args []string) error {
	switch len(args) {
	case 0:
		usage(stdout)
		return nil
	case 1:
		c, ok := lookupCommand(args[0])
		if !ok {
			usage(stderr)
			return usageError{fmt.Errorf("help: unknown command %q", args[0])}
		}
		if err := c.run(stdout, stdout, []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
			return err
		}
		return nil
	}
	return usageError{fmt.Errorf("help takes at most one command, got %q", args)}
}

// An errWriter remembers the first error of the writer under it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	n, err := e.w.Write(b)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "addbench measures what each style of concurrency costs for the same Add workload.\n\nUsage:\n\n\taddbench <command> [flags] [args]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nFlags may come before or after a command's arguments; \"--\" ends them.\nRun \"addbench help <command>\" for a command's flags.\n")
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
//
// Flags may come anywhere among the arguments, "vignette all -trials 0" as
// well as "vignette -trials 0 all": the flag package alone stops at the first
// argument, so parseFlags sorts flags from arguments first, keeping each
// flag's value with it and the arguments in order in fs.Args(). An argument
// "--" ends the flags; every argument after it is an argument, even one that
// starts with "-".
func parseFlags(fs *flag.FlagSet, args []string) error {
	var flags, positional []string
	missing := false // the last flag lacks its value
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		if takesValue(fs, a) {
			if i+1 == len(args) {
				missing = true
				break
			}
			i++
			flags = append(flags, args[i])
		}
	}
	if !missing { // else "--" would be taken for the value
		flags = append(append(flags, "--"), positional...)
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{errReported}
	}
	return nil
}

// takesValue reports whether the flag argument arg ("-name" or "--name")
// takes the next argument as its value: it names a flag of fs that is not
// boolean and has no "=value" of its own.
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false // unknown: the flag package says so
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// inRange returns a usage error naming flag unless lo ≤ v ≤ hi: every
// numeric flag is checked, so that an absurd value gets one line and exit
// status 2 rather than an out-of-memory kill or an overflow. NaN is in no
// range.
func inRange[T cmp.Ordered](flag string, v, lo, hi T) error {
	if v >= lo && v <= hi {
		return nil
	}
	return usageError{fmt.Errorf("-%s must be between %v and %v, got %v", flag, lo, hi, v)}
}

// atLeast is inRange with no upper bound: the type's own limit is bound
// enough, as for a quantum longer than any program.
func atLeast[T int | int64](flag string, v, lo T) error {
	switch {
	case v >= lo:
		return nil
	case lo == 0:
		return usageError{fmt.Errorf("-%s must not be negative, got %v", flag, v)}
	}
	return usageError{fmt.Errorf("-%s must be at least %v, got %v", flag, lo, v)}
}

// firstError returns the first of errs that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
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

// An outputError is output that could not be written — a directory that
// cannot be created, a file or standard output that cannot be written: exit
// status 2, in every command, as for bad input. The user has something to fix
// before running again; no verdict was reached.
type outputError struct{ err error }

func (e outputError) Error() string { return e.err.Error() }
func (e outputError) Unwrap() error { return e.err }

// A runError is a measurement that could not be made — a build that failed,
// a bench binary that failed, an interrupt: exit status 2. No verdict was
// reached, so it must not look like one (exit 1 is a finding).
type runError struct{ err error }

func (e runError) Error() string { return e.err.Error() }
func (e runError) Unwrap() error { return e.err }

// exitCode maps an error to addbench's exit status: 0 for help, 2 for usage,
// input, output and run errors, 1 for everything else (a finding: a
// regression, a missed target, a style that computed a wrong sum).
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)), errors.As(err, new(inputError)), errors.As(err, new(outputError)), errors.As(err, new(runError)):
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
