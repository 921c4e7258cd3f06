package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/addbench/addbench/results"
)

func cmdCompare(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "compare", "[flags] OLD NEW", `
Compare two result files as benchstat does — medians, 95 % confidence
intervals, Mann–Whitney U p-values, with the same numbers as go tool
benchstat — then list the regressions: changes that are significant
(p ≤ alpha) and worse than the threshold. Exit status 0 when there are none,
1 when there are, 2 on bad input.

With -normalize STYLE each style's times are compared as ratios to STYLE
measured in the same file and configuration, so a machine that is uniformly
slower today raises no alarm; only a style that got slower relative to STYLE
does. Files may be given as label=path.`)
	alpha := fs.Float64("alpha", results.DefaultAlpha, "significance level of the Mann–Whitney U test")
	threshold := fs.Float64("threshold", results.DefaultThreshold, "smallest change, in percent, that counts as a regression (0: any significant change)")
	normalize := fs.String("normalize", "", "compare each style as a ratio to this `style` (e.g. sequential.loop)")
	row := fs.String("row", results.DefaultRow, "benchproc `projection` for table rows")
	col := fs.String("col", results.DefaultCol, "benchproc `projection` for table columns")
	filter := fs.String("filter", "", "benchproc `filter`, e.g. '/mode:shared'")
	format := fs.String("format", "text", "output format: text, csv or markdown")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := results.ParseFormat(*format)
	if err != nil {
		return usageError{err}
	}
	if *alpha <= 0 || *alpha >= 1 {
		return usageError{fmt.Errorf("-alpha must be between 0 and 1, got %g", *alpha)}
	}
	minChange, err := thresholdOption(*threshold)
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
	opts := results.Options{Row: *row, Col: *col, Filter: *filter, Alpha: *alpha, Threshold: minChange, Normalize: *normalize}
	c, err := results.Compare(set, opts)
	if err != nil {
		return inputError{err}
	}
	printWarnings(stderr, c.Warnings)
	if err := c.Write(stdout, stderr, f); err != nil {
		return err
	}
	regressions, improvements := c.Changes()
	how := fmt.Sprintf("p ≤ %g and worse than %g%%", *alpha, *threshold)
	if *threshold == 0 {
		how = fmt.Sprintf("p ≤ %g", *alpha)
	}
	if *normalize != "" {
		how += ", relative to " + *normalize
	}
	fmt.Fprintf(stdout, "\n%d improvements, %d regressions (%s).\n", len(improvements), len(regressions), how)
	for _, r := range regressions {
		fmt.Fprintf(stdout, "REGRESSION %s\n", r)
	}
	if len(regressions) > 0 {
		return fmt.Errorf("%d regressions", len(regressions))
	}
	return nil
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

// thresholdOption turns a -threshold flag (a percentage, 0 meaning any
// significant change) into results.Options.Threshold, where 0 means the
// default and a negative value means any significant change.
func thresholdOption(pct float64) (float64, error) {
	switch {
	case pct < 0:
		return 0, usageError{fmt.Errorf("-threshold must not be negative, got %g", pct)}
	case pct == 0:
		return -1, nil
	}
	return pct, nil
}
