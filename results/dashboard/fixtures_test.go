package dashboard_test

import (
	"bytes"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/dashboard"
	"github.com/addbench/addbench/results/history"
	"github.com/addbench/addbench/results/plot"
	"github.com/addbench/addbench/results/report"
)

// The fixtures: a quick-suite run (every section of a report), two runs
// with four regressions between them, and a history of five A/B runs with
// two change points.
const (
	quickRun = "../report/testdata/quick.txt"
	scaleRun = "../report/testdata/scale.txt"
	oldRun   = "../testdata/old.txt"
	newRun   = "../testdata/new.txt"
	histDir  = "testdata/history"
	// Two machines' histories: AMD and Intel agree on every A/B but one,
	// preempt.mutex from a002 to b002 (1.01 [0.99, 1.03] against 1.20
	// [1.15, 1.25]); the mutex primitive is recorded on Intel only.
	histMachinesDir = "testdata/history-machines"
)

// reportPage renders the page of files with every chart of the report, as
// addbench report -html does after addbench plot.
func reportPage(t testing.TB, files ...string) ([]byte, []dashboard.SVG) {
	t.Helper()
	r := build(t, files...)
	svgs := encode(t, r.Figures)
	var b bytes.Buffer
	if err := dashboard.ReportPage(&b, r, svgs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), svgs
}

// build builds the report of files with the default options.
func build(t testing.TB, files ...string) *report.Report {
	t.Helper()
	set, err := results.Load(files...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(set, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// encode encodes each figure as SVG, as addbench plot writes it.
func encode(t testing.TB, figs []report.Figure) []dashboard.SVG {
	t.Helper()
	var svgs []dashboard.SVG
	for _, f := range figs {
		var b bytes.Buffer
		if err := f.Chart.Encode(&b, "svg"); err != nil {
			t.Fatalf("chart %s: %v", f.Name, err)
		}
		svgs = append(svgs, dashboard.SVG{Name: f.Name, Title: f.Title, Data: b.Bytes()})
	}
	return svgs
}

// historyPage renders the page of the fixture history, a chart per
// benchmark, as addbench history -html does.
func historyPage(t testing.TB) ([]byte, []history.Series) {
	t.Helper()
	return historyPageOf(t, histDir)
}

// historyPageOf renders the page of the history in dir, as historyPage.
func historyPageOf(t testing.TB, dir string) ([]byte, []history.Series) {
	t.Helper()
	points, err := history.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	series := history.MakeSeries(points)
	name := func(s history.Series) string { return "history-" + s.Machine + "-" + s.Benchmark }
	var figs []report.Figure
	for _, s := range series {
		ps := plot.Series{Name: s.Benchmark}
		for i, p := range s.Points {
			ps.Points = append(ps.Points, plot.Point{X: float64(i + 1), Y: p.Ratio})
		}
		ch, err := plot.RatioByRun("head ÷ base: "+s.Benchmark, ps, s.Changes)
		if err != nil {
			t.Fatal(err)
		}
		figs = append(figs, report.Figure{Name: name(s), Title: "head ÷ base: " + s.Benchmark, Chart: ch})
	}
	var b bytes.Buffer
	if err := dashboard.HistoryPage(&b, series, encode(t, figs), name); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), series
}
