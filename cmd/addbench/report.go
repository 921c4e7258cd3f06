package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/dashboard"
	"github.com/addbench/addbench/results/report"
)

func cmdReport(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "report", "[flags] FILE...", `
Write a Markdown report, DIR/report.md, on result files: each file's machine
fingerprint, every style's ns/add as a multiple of sequential.loop in the same
run, the cost of each raw mechanism, the charts that addbench plot drew into
DIR, and, with two files or more, benchstat tables comparing the first with
the others and the regressions among them.

Ratios within a run are paired pass by pass, with 95 % bootstrap intervals.
Run addbench plot with the same -o first; charts missing from DIR are left
out with a warning. With -md FILE the report goes to FILE instead, its chart
links relative to FILE (make benchmarks writes BENCHMARKS.md so). An existing
report is not overwritten unless -force.

With -html, also write DIR/index.html: one self-contained page (no network,
opens from file://) with the same tables, sortable and filterable, the
targets, the verdict with its regressions first, and every chart in DIR
inline as SVG.`)
	out := fs.String("o", "", "output `directory` (default: the last file's path without .txt)")
	force := fs.Bool("force", false, "overwrite an existing report")
	mdPath := fs.String("md", "", "write the report to this `file` instead of DIR/report.md")
	htmlPage := fs.Bool("html", false, "also write DIR/index.html, the report as one self-contained page")
	optsFlag := optionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts, err := optsFlag()
	if err != nil {
		return err
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return usageError{errors.New("report needs at least one file")}
	}
	set, err := loadResults(stderr, fs.Args())
	if err != nil {
		return err
	}
	last := set.Files[len(set.Files)-1]
	dir := outputDir(*out, last)
	// Link the charts plot drew: the same list it draws, kept where the
	// SVG is in dir. A file with nothing to chart has nothing to report,
	// and is refused before any directory is made.
	all, _, err := report.Charts(last)
	if err != nil {
		return inputError{err}
	}
	path := filepath.Join(dir, "report.md")
	if *mdPath != "" {
		path = *mdPath
		if _, err := os.Stat(path); err == nil && !*force {
			return inputError{fmt.Errorf("%s exists; use -force to overwrite it", path)}
		}
		if err := checkWritable(path); err != nil {
			return inputError{err}
		}
	} else if err := checkOverwrite(dir, *force, "report.md"); err != nil {
		return err
	}
	htmlPath := filepath.Join(dir, "index.html")
	if *htmlPage {
		if err := checkOverwrite(dir, *force, "index.html"); err != nil {
			return err
		}
	}
	if len(set.Files) == 2 {
		if c, err := benchtab.Compare(set, opts); err == nil {
			if change, _, err := report.ChangeCharts(c); err == nil {
				all = append(all, change...)
			}
		}
	}
	var charts []report.Chart
	missing := 0
	for _, c := range all {
		if _, err := os.Stat(filepath.Join(dir, c.Name+".svg")); err == nil {
			charts = append(charts, c)
		} else {
			missing++
		}
	}
	if missing > 0 {
		fmt.Fprintf(stderr, "warning: %d of %d charts not found in %s; run addbench plot -o %s first\n", missing, len(all), dir, dir)
	}

	// The page embeds the very SVG files the report links, read before
	// anything is written, so that a chart that cannot be read leaves both
	// as they were.
	var page []byte
	if *htmlPage {
		if page, err = htmlReport(set, dir, charts, opts); err != nil {
			return err
		}
	}

	// Chart links are relative to the report: NAME.svg beside it in dir,
	// or the way from the -md file's directory to dir.
	if rel, err := filepath.Rel(filepath.Dir(path), dir); err == nil && rel != "." {
		for i := range charts {
			charts[i].Name = filepath.ToSlash(filepath.Join(rel, charts[i].Name))
		}
	}
	var b bytes.Buffer
	if err := report.Markdown(&b, set, charts, opts); err != nil {
		return inputError{err}
	}
	if err := atomicfile.Write(path, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, path)
	if *htmlPage {
		if err := atomicfile.Write(htmlPath, page); err != nil {
			return outputError{err}
		}
		fmt.Fprintln(stdout, htmlPath)
	}
	return nil
}

// htmlReport renders the page of set with the charts found in dir, each
// NAME.svg as addbench plot wrote it.
func htmlReport(set *results.Set, dir string, charts []report.Chart, opts benchtab.Options) ([]byte, error) {
	var inline []dashboard.Chart
	for _, c := range charts {
		p := filepath.Join(dir, c.Name+".svg")
		svg, err := os.ReadFile(p)
		if err != nil {
			return nil, inputError{err}
		}
		inline = append(inline, dashboard.Chart{Name: c.Name, Title: c.Title, SVG: svg})
	}
	var b bytes.Buffer
	if err := dashboard.Report(&b, set, inline, opts); err != nil {
		return nil, inputError{fmt.Errorf("%s: %w", filepath.Join(dir, "index.html"), err)}
	}
	return b.Bytes(), nil
}
