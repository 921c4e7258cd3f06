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
	oldRun   = "../testdata/old.txt"
	newRun   = "../testdata/new.txt"
	histDir  = "testdata/history"
)

// reportPage renders the page of files with every chart of the last one, as
// addbench report -html does after addbench plot.
func reportPage(t testing.TB, files ...string) ([]byte, []dashboard.Chart) {
	t.Helper()
	set, err := results.Load(files...)
	if err != nil {
		t.Fatal(err)
	}
	charts, _, err := report.Charts(set.Files[len(set.Files)-1])
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) == 2 {
		c, err := benchtab.Compare(set, benchtab.DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		change, _, err := report.ChangeCharts(c)
		if err != nil {
			t.Fatal(err)
		}
		charts = append(charts, change...)
	}
	svgs, err := dashboard.Encode(charts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := dashboard.Report(&b, set, svgs, benchtab.DefaultOptions); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), svgs
}

// historyPage renders the page of the fixture history, a chart per
// benchmark, as addbench history -html does.
func historyPage(t testing.TB) ([]byte, []history.Series) {
	t.Helper()
	points, err := history.Load(histDir)
	if err != nil {
		t.Fatal(err)
	}
	series := history.MakeSeries(points)
	name := func(s history.Series) string { return "history-" + s.Machine + "-" + s.Benchmark }
	var charts []report.Chart
	for _, s := range series {
		ps := plot.Series{Name: s.Benchmark}
		for i, p := range s.Points {
			ps.Points = append(ps.Points, plot.Point{X: float64(i + 1), Y: plot.Estimate{Center: p.Ratio.Center, Lo: p.Ratio.Lo, Hi: p.Ratio.Hi}})
		}
		ch, err := plot.History("head ÷ base: "+s.Benchmark, ps, s.Changes)
		if err != nil {
			t.Fatal(err)
		}
		charts = append(charts, report.Chart{Name: name(s), Title: "head ÷ base: " + s.Benchmark, Chart: ch})
	}
	svgs, err := dashboard.Encode(charts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := dashboard.History(&b, series, svgs, name); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), series
}
