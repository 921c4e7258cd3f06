package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/dashboard"
	"github.com/addbench/addbench/results/history"
	"github.com/addbench/addbench/results/plot"
)

// historyHelp is history's -h text.
const historyHelp = `
Show the history of A/B runs (addbench ab -history DIR): for every benchmark,
the head ÷ base ratio of each recorded run with its 95 % interval, oldest
first, and the change points — runs whose interval does not overlap the
previous run's (golang.org/x/perf/benchseries.ChangeScore ≥ 1). Every point
is a same-session ratio, so the drift of the machine between sessions does
not enter it. The latest change points are listed first.

Given the histories of several machines, the machines side by side follow:
a row per benchmark and kind of comparison, each machine's latest ratio in a
column, and DISAGREE where one A/B (the same commits and Go versions) ran on
two machines with intervals that do not overlap — a change that depends on
the hardware. Runs of a working tree with changes ("-dirty") are never
matched across machines.

With -o DIR, draws one chart per benchmark with a change point (or every
benchmark, with -all) as PNG and SVG in DIR.

Existing chart files and index.html are not overwritten unless -force is
given; nothing is written until every file has been drawn.

With -html, writes index.html (into the -o directory, else the history
directory): one self-contained page with the latest change points, a row per
benchmark, and one chart per benchmark — the ratio over runs with its interval
band and the change points marked — inline as SVG.`

func cmdHistory(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "history", "[flags]", historyHelp)
	dir := fs.String("dir", "results/history", "history `directory`")
	machineName := fs.String("machine", "", "only this machine's runs (default: all)")
	benchRe := fs.String("bench", "", "only benchmarks matching this `regexp`")
	out := fs.String("o", "", "draw charts into this `directory`")
	all := fs.Bool("all", false, "with -o, chart every benchmark, not only those with a change point")
	htmlPage := fs.Bool("html", false, "write index.html, the history as one self-contained page, into the -o directory (default: the history directory)")
	force := fs.Bool("force", false, "overwrite existing chart files and index.html")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("history takes no arguments, got %q", fs.Args())}
	}
	var re *regexp.Regexp
	if *benchRe != "" {
		var err error
		if re, err = regexp.Compile(*benchRe); err != nil {
			return usageError{fmt.Errorf("-bench: %w", err)}
		}
	}
	series, err := loadSeries(*dir, *machineName, re)
	if err != nil {
		return err
	}
	if err := writeSeries(stdout, series); err != nil {
		return err
	}

	if *out == "" && !*htmlPage {
		return nil
	}
	return writeHistoryFiles(stdout, stderr, series, historyOut{dir: *dir, out: *out, all: *all, html: *htmlPage, force: *force})
}

func ratio(e results.Estimate) string {
	if !e.Bounded() {
		return fmt.Sprintf("%.3f", e.Center)
	}
	return fmt.Sprintf("%.3f [%.3f, %.3f]", e.Center, e.Lo, e.Hi)
}

// sanitize makes a benchmark name a file name.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, s)
}

// loadSeries loads the history in dir, keeps the runs of machine ("" for
// all) and the benchmarks re matches (nil for all), and makes its series.
func loadSeries(dir, machine string, re *regexp.Regexp) ([]history.Series, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, inputError{fmt.Errorf("no history in %s: record one with addbench ab -history %s", dir, dir)}
	}
	points, err := history.Load(dir)
	if err != nil {
		return nil, inputError{err}
	}
	var kept []history.Point
	for _, p := range points {
		if (machine == "" || p.Run.Machine == machine) && (re == nil || re.MatchString(p.Benchmark)) {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return nil, inputError{errors.New("no recorded run matches")}
	}
	return history.MakeSeries(kept), nil
}

// writeSeries prints the change points, latest first, then every series.
func writeSeries(stdout io.Writer, series []history.Series) error {
	// The latest change points first: what a reader acts on.
	type change struct {
		s *history.Series
		i int
	}
	var changes []change
	for i := range series {
		for _, c := range series[i].Changes {
			changes = append(changes, change{&series[i], c})
		}
	}
	if len(changes) > 0 {
		fmt.Fprintf(stdout, "Change points, latest first:\n\n")
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "date\tbase → head\tbenchmark\tbefore\tafter")
		for k := len(changes) - 1; k >= 0; k-- {
			c := changes[k]
			p, prev := c.s.Points[c.i], c.s.Points[c.i-1]
			fmt.Fprintf(tw, "%s\t%s → %s\t%s %s\t%s\t%s\n", p.Run.Date, p.Run.Base, p.Run.Head, c.s.Benchmark, c.s.Unit, ratio(prev.Ratio), ratio(p.Ratio))
		}
		tw.Flush()
		fmt.Fprintln(stdout)
	} else {
		fmt.Fprintf(stdout, "No change points among %d benchmarks.\n\n", len(series))
	}

	writeMachines(stdout, history.Machines(series))

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, s := range series {
		fmt.Fprintf(tw, "%s %s (%s)\n", s.Benchmark, s.Unit, s.Machine)
		for i, p := range s.Points {
			mark := ""
			if slices.Contains(s.Changes, i) {
				mark = "  ← change point"
			}
			fmt.Fprintf(tw, "  %s\t%s → %s\t%s\t%s%s\n", p.Run.Date, p.Run.Base, p.Run.Head, ratio(p.Ratio), p.Outcome, mark)
		}
	}
	if err := tw.Flush(); err != nil {
		return outputError{err}
	}
	return nil

}

// writeMachines prints the machines side by side, if there are several: a
// row per benchmark and kind of comparison, each machine's latest ratio in
// its column, and where one A/B ran on two machines with intervals apart,
// which A/B and its ratios.
func writeMachines(w io.Writer, t *history.MachineTable) {
	if t == nil {
		return
	}
	fmt.Fprintf(w, "Machines side by side: each machine's latest head ÷ base; DISAGREE where one A/B (same commits, same Go) ran on two machines with intervals that do not overlap.\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "kind\tbenchmark\tunit\t%s\t\n", strings.Join(t.Machines, "\t"))
	for _, r := range t.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t", r.Kind, r.Benchmark, r.Unit)
		for m, p := range r.Latest {
			if r.Runs[m] == 0 {
				fmt.Fprint(tw, "–\t")
				continue
			}
			fmt.Fprintf(tw, "%s (%s)\t", ratio(p.Ratio), p.Run.AB())
		}
		fmt.Fprintf(tw, "%s\n", machinesFlag(r))
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// machinesFlag says what the machines of a row agree on.
func machinesFlag(r history.MachineRow) string {
	switch {
	case r.Measured < 2:
		return "one machine only"
	case len(r.Shared) == 0:
		return "no A/B ran on two machines"
	case !r.Disagree:
		if len(r.Shared) == 1 {
			return "agree on 1 A/B"
		}
		return fmt.Sprintf("agree on %d A/Bs", len(r.Shared))
	}
	var ds []string
	for _, s := range r.Disagreements() {
		var rs []string
		for m, e := range s.Ratios {
			if !s.Ran[m] {
				rs = append(rs, "–")
			} else {
				rs = append(rs, ratio(e))
			}
		}
		ds = append(ds, fmt.Sprintf("%s: %s", s.AB(), strings.Join(rs, " | ")))
	}
	return "DISAGREE on " + strings.Join(ds, "; ")
}

// historyOut says which files history writes.
type historyOut struct {
	dir, out         string
	all, html, force bool
}

// writeHistoryFiles draws the charts and the page o asks for and writes
// them all or none.
func writeHistoryFiles(stdout, stderr io.Writer, series []history.Series, o historyOut) error {
	// Each chart is drawn once: its images are written to -o and its SVG
	// image goes into the page, so the two cannot differ.
	var images []plot.Image
	var page []dashboard.SVG
	var charted []string
	// The kind is in the name: an A/A series and a commits series of one
	// benchmark are two charts.
	chartName := func(s history.Series) string {
		return "history-" + sanitize(s.Machine+"-"+s.Kind+"-"+s.Benchmark+"-"+s.Unit)
	}
	for _, s := range series {
		toFile := o.out != "" && (o.all || len(s.Changes) > 0)
		if !toFile && !o.html {
			continue
		}
		ps := plot.Series{Name: s.Benchmark}
		for i, p := range s.Points {
			ps.Points = append(ps.Points, plot.Point{X: float64(i + 1), Y: p.Ratio})
		}
		name := chartName(s)
		title := "head ÷ base: " + s.Benchmark
		ch, err := plot.RatioByRun(title, ps, s.Changes)
		if err != nil {
			fmt.Fprintf(stderr, "warning: %s: %v\n", name, err)
			continue
		}
		imgs, err := ch.Images(name)
		if err != nil {
			return fmt.Errorf("chart %s: %w", name, err)
		}
		if toFile {
			images = append(images, imgs...)
			charted = append(charted, name)
		}
		if o.html {
			for _, im := range imgs {
				if strings.HasSuffix(im.Name, ".svg") {
					page = append(page, dashboard.SVG{Name: name, Title: title, Data: im.Data})
				}
			}
		}
	}
	// Everything is drawn and checked before anything is written, and then
	// written all or nothing: no directory is left half old, half new.
	var writes []atomicfile.File
	var names []string
	if o.out != "" {
		for _, im := range images {
			writes = append(writes, atomicfile.File{Path: filepath.Join(o.out, im.Name), Data: im.Data})
			names = append(names, im.Name)
		}
		if err := checkOverwrite(o.out, o.force, names...); err != nil {
			return err
		}
	}
	var htmlPath string
	if o.html {
		htmlDir := o.out
		if htmlDir == "" {
			htmlDir = o.dir
		}
		htmlPath = filepath.Join(htmlDir, "index.html")
		var b bytes.Buffer
		if err := dashboard.HistoryPage(&b, series, page, chartName); err != nil {
			return inputError{fmt.Errorf("%s: %w", htmlPath, err)}
		}
		if err := checkOverwrite(htmlDir, o.force, "index.html"); err != nil {
			return err
		}
		writes = append(writes, atomicfile.File{Path: htmlPath, Data: b.Bytes()})
	}
	if err := atomicfile.WriteAll(writes); err != nil {
		return outputError{err}
	}
	if o.out != "" {
		fmt.Fprintf(stdout, "\nwrote %d charts (%d files) to %s\n", len(charted), len(names), o.out)
	}
	if htmlPath != "" {
		fmt.Fprintf(stdout, "wrote %s\n", htmlPath)
	}
	return nil
}
