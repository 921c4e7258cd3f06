package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/results/dashboard"
	"github.com/addbench/addbench/results/plot"
	"github.com/addbench/addbench/results/report"
)

func cmdReport(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "report", "[flags] FILE...", `
Write a Markdown report, DIR/report.md, on result files. It opens with the
spectrum: a row per style, by level, with its cost per add at quantum 1 and
at the coarsest quantum, as multiples of sequential.loop and of the style's
own mechanism, its speedup over GOMAXPROCS, B/program at the largest scale
measured and its targets; with files from two machines or more, the machines
side by side, styles whose relative cost differs beyond the intervals marked
hardware-sensitive. Then each file's machine fingerprint, every style's ns/add
as a multiple of sequential.loop, the mechanisms, the peers, the scale table,
the targets, the charts, and, with two files or more, benchstat tables
comparing the first with the others and the regressions among them — except
between machines: there a "regression" is the hardware, not the code, so
files from different machines get the machines side by side and no verdict.

Ratios within a run are paired pass by pass, with 95 % bootstrap intervals.
Charts missing from DIR are drawn there (as addbench plot draws them); charts
already there are left as they are. With -md FILE the report goes to FILE
instead, its chart links relative to FILE (make benchmarks writes
BENCHMARKS.md so). An existing report is not overwritten unless -force.

With -html, also write DIR/index.html: one self-contained page (no network,
opens from file://) with the same tables, the spectrum and its chart first,
the details after, sortable and filterable, the verdict with its regressions
first, and every chart inline as SVG, drawn by this command and limited to
plain drawing elements.`)
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
	// Everything the report says is computed here, once; a file with
	// nothing to chart is refused before any directory is made.
	r, err := report.Build(set, opts)
	if err != nil {
		return inputError{err}
	}
	o := reportOutput{dir: outputDir(*out, set.Files[len(set.Files)-1]), md: *mdPath, html: *htmlPage}
	if err := o.prepare(*force); err != nil {
		return err
	}
	if err := o.write(stdout, stderr, r); err != nil {
		return err
	}
	if r.Machines != nil {
		fmt.Fprintf(stderr, "note: the files come from %d machines (%s): the report sets them side by side and gives no verdict between them — between machines a regression is the hardware, not the code\n",
			len(r.Machines.Machines), strings.Join(r.Machines.Machines, ", "))
	}
	return nil
}

// A reportOutput is where addbench report writes: report.md in dir, or md
// if set, and index.html in dir if html.
type reportOutput struct {
	dir, md string
	html    bool
}

// prepare settles the report's path, creates dir, and refuses, unless force,
// to overwrite a report or a page: nothing is written until it is known that
// nothing will be lost.
func (o *reportOutput) prepare(force bool) error {
	if o.md == "" {
		o.md = filepath.Join(o.dir, "report.md")
		if err := checkOverwrite(o.dir, force, "report.md"); err != nil {
			return err
		}
	} else {
		if _, err := os.Stat(o.md); err == nil && !force {
			return inputError{fmt.Errorf("%s exists; use -force to overwrite it", o.md)}
		}
		if err := checkWritable(o.md); err != nil {
			return inputError{err}
		}
	}
	if o.html {
		return checkOverwrite(o.dir, force, "index.html")
	}
	return nil
}

// write renders r and writes the report, the page, and every chart of r
// missing from dir. The page inlines the charts as this process draws them
// from r, never as files found in dir (which anyone who can write there may
// have replaced); the report links the files, drawn here when missing, so
// that it needs no addbench plot first. Everything is drawn and rendered
// before anything is written.
func (o *reportOutput) write(stdout, stderr io.Writer, r *report.Report) error {
	_, missing := report.SavedIn(o.dir, r.Figures)
	var images []plot.Image
	for _, f := range missing {
		im, err := f.Chart.Images(f.Name)
		if err != nil {
			return inputError{fmt.Errorf("drawing chart %s: %w", f.Name, err)}
		}
		images = append(images, im...)
	}
	var page bytes.Buffer
	htmlPath := filepath.Join(o.dir, "index.html")
	if o.html {
		svgs, err := dashboard.DrawSVGs(r.Figures)
		if err != nil {
			return inputError{err}
		}
		if err := dashboard.ReportPage(&page, r, svgs); err != nil {
			return inputError{fmt.Errorf("%s: %w", htmlPath, err)}
		}
	}
	// Chart links are relative to the report: NAME.svg beside it in dir,
	// or the way from the -md file's directory to dir.
	rel, err := filepath.Rel(filepath.Dir(o.md), o.dir)
	if err != nil {
		rel = ""
	}
	var md bytes.Buffer
	if err := report.Markdown(&md, r, r.Figures, rel); err != nil {
		return inputError{err}
	}
	if len(images) > 0 {
		if _, err := plot.WriteImages(o.dir, images); err != nil {
			return outputError{err}
		}
		fmt.Fprintf(stderr, "drew %d charts missing from %s\n", len(missing), o.dir)
	}
	if err := atomicfile.Write(o.md, md.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, o.md)
	if o.html {
		if err := atomicfile.Write(htmlPath, page.Bytes()); err != nil {
			return outputError{err}
		}
		fmt.Fprintln(stdout, htmlPath)
	}
	return nil
}
