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
	Changes []changeRow
	Series  []seriesRow
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
// (history.MakeSeries): the latest change points first, a row per benchmark
// with its latest ratio, and every chart of svgs inline — one per benchmark,
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
	for _, s := range series {
		id := ""
		if chartOf != nil {
			id = ids[chartOf(s)]
		}
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
	return render(w, &page{Title: "addbench history", Hist: hv, Charts: cvs})
}
