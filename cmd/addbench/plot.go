package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/plot"
	"github.com/addbench/addbench/results/report"
)

func cmdPlot(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "plot", "[flags] FILE [NEW]", `
Draw the comparison charts of a result file as PNG and SVG: ns/add by style
for each configuration (a panel per mode, sequential.loop as the reference
line), speedup over GOMAXPROCS and ns/add over quantum (one line per style)
where the file has more than one value of them, and the cost of each raw
mechanism. Given two files, the charts are of the second, plus the percent
change of every style from the first to the second with its confidence
interval.

Existing chart files are not overwritten unless -force is given.`)
	out := fs.String("o", "", "output `directory` (default: the last file's path without .txt)")
	force := fs.Bool("force", false, "overwrite existing chart files")
	optsFlag := optionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts, err := optsFlag()
	if err != nil {
		return err
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fs.Usage()
		return usageError{errors.New("plot needs one file, or two to chart the change between them")}
	}
	set, err := loadResults(stderr, fs.Args())
	if err != nil {
		return err
	}
	charts, warnings, err := report.Figures(set, opts)
	if err != nil {
		return inputError{err}
	}
	dir := outputDir(*out, set.Files[len(set.Files)-1])
	if err := checkOverwrite(dir, *force, chartFiles(charts)...); err != nil {
		return err
	}
	printWarnings(stderr, warnings)
	// Every chart is drawn, then the set is written all or nothing: a
	// failure part way (a full disk, a directory in the way) leaves the
	// charts of the last run, not a mix of old and new.
	var images []plot.Image
	for _, c := range charts {
		im, err := c.Chart.Images(c.Name)
		if err != nil {
			return fmt.Errorf("drawing chart %s: %w", c.Name, err)
		}
		images = append(images, im...)
	}
	files, err := writeImages(dir, images)
	if err != nil {
		return outputError{err}
	}
	fmt.Fprintf(stdout, "wrote %d charts (%d files) to %s\n", len(charts), len(files), dir)
	return nil
}

// outputDir is the -o flag, or the result file's path without its
// extension: results/runs/x.txt draws into results/runs/x/, and a file
// without one (benchstat's usual old and new) into new.charts/.
func outputDir(flagValue string, f *results.File) string {
	if flagValue != "" {
		return flagValue
	}
	if ext := filepath.Ext(f.Path); ext != "" {
		return strings.TrimSuffix(f.Path, ext)
	}
	return f.Path + ".charts"
}

func chartFiles(charts []report.Figure) []string {
	var names []string
	for _, c := range charts {
		names = append(names, c.Name+".png", c.Name+".svg")
	}
	return names
}

// checkOverwrite creates dir and refuses, unless force, if any of names
// exists in it: nothing is written until it is known that nothing will be
// lost.
func checkOverwrite(dir string, force bool, names ...string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return inputError{err}
	}
	if force {
		return nil
	}
	var exist []string
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			exist = append(exist, n)
		}
	}
	switch {
	case len(exist) == 1:
		return inputError{fmt.Errorf("%s already holds %s; use -force to overwrite", dir, exist[0])}
	case len(exist) > 1:
		return inputError{fmt.Errorf("%s already holds %s (and %d more); use -force to overwrite", dir, exist[0], len(exist)-1)}
	}
	return nil
}
