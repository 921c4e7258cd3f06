package dashboard

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/history"
)

type historyView struct {
	Changes  []changeRow
	Series   []seriesRow
	Machines *machinesView // nil for one machine
}

// A machinesView is history.Machines as the page shows it: each cell with
// its chart.
type machinesView struct {
	Machines  []string
	Rows      []machineRow
	Disagreed []disagreeRow
}

type machineRow struct {
	history.MachineRow
	Cells []machineCell
}

// A machineCell is one machine's series of a row: its latest point, its
// length and change points, and its chart's element id ("" for none).
type machineCell struct {
	Latest        history.Point
	Runs, Changes int
	Chart         string
}

// A disagreeRow is one A/B on which two machines' intervals do not overlap.
type disagreeRow struct {
	Kind, Benchmark, Unit string
	Run                   history.SharedRun
}

// A changeRow is one change point: the run where a benchmark's ratio left
// the previous run's interval.
type changeRow struct {
	Run             history.Run
	Machine         string
	Benchmark, Unit string
	Before, After   results.Estimate
	Direction       string // "slower" or "faster"
	Chart           string // the chart's element id, or ""
	Index, Runs     int    // the change point's run number, 1-based, and the series' length
}

type seriesRow struct {
	Machine, Benchmark, Unit string
	Runs, Changes            int
	Latest                   history.Point
	Chart                    string
}

// HistoryPage writes the page of a history of A/B runs
// (history.MakeSeries): the latest change points first; for the histories
// of several machines, the machines side by side (history.Machines), where
// they disagree marked and listed; a row per benchmark with its latest
// ratio; and every chart of svgs inline — one per benchmark,
// drawn by plot.RatioByRun. chartOf names the chart of a series (its
// SVG.Name), or "" for a series without one.
func HistoryPage(w io.Writer, series []history.Series, svgs []SVG, chartOf func(history.Series) string) error {
	if len(series) == 0 {
		return fmt.Errorf("dashboard: no history to show")
	}
	cvs, err := chartViews(svgs)
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for _, c := range cvs {
		ids[c.Name] = c.ID
	}
	hv := &historyView{}
	charts := map[seriesKey]string{}
	for _, s := range series {
		id := ""
		if chartOf != nil {
			id = ids[chartOf(s)]
		}
		charts[seriesKey{s.Machine, s.Kind, s.Benchmark, s.Unit}] = id
		if len(s.Points) > 0 {
			hv.Series = append(hv.Series, seriesRow{s.Machine, s.Benchmark, s.Unit, len(s.Points), len(s.Changes), s.Points[len(s.Points)-1], id})
		}
		for _, i := range s.Changes {
			if i < 1 || i >= len(s.Points) {
				continue
			}
			p, prev := s.Points[i], s.Points[i-1]
			dir := "faster"
			if p.Ratio.Center > prev.Ratio.Center {
				dir = "slower"
			}
			hv.Changes = append(hv.Changes, changeRow{Run: p.Run, Machine: s.Machine, Benchmark: s.Benchmark, Unit: s.Unit,
				Before: prev.Ratio, After: p.Ratio, Direction: dir, Chart: id, Index: i + 1, Runs: len(s.Points)})
		}
	}
	// The latest change points first: what a reader acts on. Dates are
	// RFC 3339 in UTC, so they sort as text.
	slices.SortStableFunc(hv.Changes, func(a, b changeRow) int { return strings.Compare(b.Run.Date, a.Run.Date) })
	hv.Machines = machinesOf(history.Machines(series), charts)
	return render(w, &page{Title: "addbench history", Hist: hv, Charts: cvs})
}

// A seriesKey names a series: machine, kind, benchmark and unit.
type seriesKey struct{ machine, kind, bench, unit string }

// machinesOf is t as the page shows it, each cell linked to its series'
// chart in charts; nil for no table.
func machinesOf(t *history.MachineTable, charts map[seriesKey]string) *machinesView {
	if t == nil {
		return nil
	}
	mv := &machinesView{Machines: t.Machines}
	for _, r := range t.Rows {
		row := machineRow{MachineRow: r}
		for m, machine := range t.Machines {
			row.Cells = append(row.Cells, machineCell{r.Latest[m], r.Runs[m], r.Changes[m],
				charts[seriesKey{machine, r.Kind, r.Benchmark, r.Unit}]})
		}
		mv.Rows = append(mv.Rows, row)
		for _, d := range r.Disagreements() {
			mv.Disagreed = append(mv.Disagreed, disagreeRow{r.Kind, r.Benchmark, r.Unit, d})
		}
	}
	return mv
}
