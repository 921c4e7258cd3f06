package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
)

func cmdCompare(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "compare", "[flags] OLD NEW", `
Compare two result files as benchstat does — medians, 95 % confidence
intervals, Mann–Whitney U p-values, with the same numbers as go tool
benchstat — then give the verdict: a regression is a change that is
significant after Holm's correction for the number of benchmarks compared,
and worse than the threshold. Exit status 0 when there is none, 1 when there
is, 2 on bad input (including files with no benchmark in common, a filter
that selects nothing and a -row or -col that names a key no result has).
With -format csv the verdict goes to stderr, leaving stdout pure CSV.

Compare only files measured alternately in one session (addbench ab writes
them): two runs taken at different times on a shared machine differ by more
than most regressions.

With -normalize STYLE each style's times are compared as ratios to STYLE
measured in the same file and configuration. Files may be given as
label=path.`)
	opts := optionFlags(fs)
	format := fs.String("format", "text", "output format: text, csv or markdown")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := benchtab.ParseFormat(*format)
	if err != nil {
		return usageError{err}
	}
	o, err := opts()
	if err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return usageError{errors.New("compare needs exactly two files, OLD and NEW")}
	}
	set, err := loadResults(stderr, fs.Args())
	if err != nil {
		return err
	}
	c, err := benchtab.Compare(set, o)
	if err != nil {
		return inputError{err}
	}
	printWarnings(stderr, c.Warnings)
	if err := c.Write(stdout, stderr, f); err != nil {
		return err
	}
	// CSV on stdout is for a program to read: the prose verdict would
	// corrupt it, so it goes to stderr with the other prose.
	verdictTo := stdout
	if f == benchtab.CSV {
		verdictTo = stderr
	}
	return writeVerdict(verdictTo, c.Verdict())
}

// writeVerdict prints v's summary and regressions, and returns an error (exit
// status 1) when there is a regression.
func writeVerdict(w io.Writer, v benchtab.Verdict) error {
	fmt.Fprintf(w, "\n%s.\n", v)
	if v.Unreachable > 0 && v.Unreachable == v.Tests {
		fmt.Fprintf(w, "warning: with these sample sizes no change can reach the corrected level; run more passes (10 or more)\n")
	}
	for _, r := range v.Regressions {
		fmt.Fprintf(w, "REGRESSION %s\n", r)
	}
	for _, r := range v.Improvements {
		fmt.Fprintf(w, "improvement %s\n", r)
	}
	for _, r := range v.Unchanged {
		fmt.Fprintf(w, "unchanged %s\n", r)
	}
	for _, r := range v.Untested {
		fmt.Fprintf(w, "untested %s\n", r)
	}
	if len(v.Regressions) > 0 {
		return fmt.Errorf("%d regressions", len(v.Regressions))
	}
	return nil
}

// optionFlags defines the comparison flags that compare and report share,
// starting from benchtab.DefaultOptions, and returns a function that checks
// and returns them after parsing.
func optionFlags(fs *flag.FlagSet) func() (benchtab.Options, error) {
	d := benchtab.DefaultOptions
	alpha := fs.Float64("alpha", d.Alpha, "significance level, in (0, 1), for the whole family of benchmarks compared")
	threshold := fs.Float64("threshold", d.Threshold, "smallest change, in percent, that counts as a regression (0: any significant change)")
	correction := fs.String("correction", d.Correction.String(), "multiple-comparison correction: holm or none")
	normalize := fs.String("normalize", "", "compare each style as a ratio to this `style` (e.g. sequential.loop)")
	row := fs.String("row", d.Row, "benchproc `projection` for table rows")
	col := fs.String("col", d.Col, "benchproc `projection` for table columns")
	filter := fs.String("filter", d.Filter, "benchproc `filter`, e.g. '/mode:shared'")
	return func() (benchtab.Options, error) {
		o := d
		c, err := benchtab.ParseCorrection(*correction)
		if err != nil {
			return o, usageError{err}
		}
		o.Alpha, o.Threshold, o.Correction, o.Normalize = *alpha, *threshold, c, *normalize
		o.Row, o.Col, o.Filter = *row, *col, *filter
		if err := o.Check(); err != nil {
			return o, usageError{fmt.Errorf("-%w", err)} // the option's name is its flag's
		}
		return o, nil
	}
}

// loadResults loads result files for a command, as an input error if they
// are bad, and warns on stderr of any that is a partial run: its numbers
// stand, but some benchmarks are missing or short of samples.
func loadResults(stderr io.Writer, paths []string) (*results.Set, error) {
	set, err := results.Load(paths...)
	if err != nil {
		return nil, inputError{err}
	}
	for _, file := range set.Files {
		if file.Partial {
			fmt.Fprintf(stderr, "warning: %s is a partial run\n", file.Path)
		}
	}
	return set, nil
}
