package dashboard

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/report"
)

type reportView struct {
	Baseline    string
	UnstableCV  float64
	BimodalNote string // the legend of ‡
	AloneNote   string // the legend of §
	Files       []fileView
	Comparison  *comparisonView
	Machines    *report.MachineTable
	Headline    *chartView // the spectrum chart, shown beside the last file's spectrum
}

type fileView struct {
	ID, Label, Path string
	Partial         bool
	NotPasses       bool
	Fingerprint     []report.Field
	Spectrum        []spectrumRow
	SpectrumScale   bool // a B/program column
	Last            bool // the last file, whose charts the page shows
	Ratios          []ratioRow
	Filters         []filter
	Mechanisms      []report.Mechanism
	Peers           []peerRow
	Scale           *report.ScaleTable
	Skipped         []results.Skip
	Targets         []targetRow

	run *report.Run
}

// OverTitle says why a result of the file at GOMAXPROCS n is marked
// oversubscribed, "oversubscribed: 4 Ps on 2 usable CPUs", or "" if it is
// not.
func (f fileView) OverTitle(n int) string {
	if !f.run.Oversubscribed(n) {
		return ""
	}
	return fmt.Sprintf("oversubscribed: %d Ps on %d usable CPUs", n, f.run.UsableCPUs)
}

// OverNote is the legend of the oversubscribed mark for the file, "" when
// nothing in it is.
func (f fileView) OverNote() string { return f.run.OversubscribedNote() }

// AloneLegend is the legend of the § mark for the file, "" when nothing in
// it is marked.
func (f fileView) AloneLegend() string { return f.run.AloneLegend() }

// OverProcs lists the file's oversubscribed GOMAXPROCS: "4, 8".
func (f fileView) OverProcs() string {
	s := make([]string, len(f.run.OversubscribedProcs))
	for i, n := range f.run.OversubscribedProcs {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// A ratioRow is one style in one configuration: its ns/add and its ratio to
// the baseline in the same configuration, paired within passes.
type ratioRow struct {
	results.AddKey
	NsAdd    float64
	Ratio    results.Estimate
	Unstable bool
	Alone    bool // report.IsAlone: too few programs for the style to hand over
}

// A spectrumRow is one row of the spectrum, with what the page shows of
// its level: a new level starts a group.
type spectrumRow struct {
	report.SpectrumRow
	NewLevel bool
}

// A filter is one of the ratio table's drop-downs: the row attribute it tests
// and the values it offers.
type filter struct {
	Key, Label string
	Values     []string
}

// A peerRow is one row of the peers view with its ns/add.
type peerRow struct {
	report.Peer
	NsAdd float64
}

type targetRow struct {
	Name, What, Bound, Status string
	Found, Met                bool
	Ratio                     results.Estimate
}

type comparisonView struct {
	Verdict      string
	How          string
	Alpha        float64
	Regressions  []benchtab.Change
	Improvements []benchtab.Change
	Unchanged    []benchtab.Change // each with what it could have detected
	Untested     []benchtab.Change
	Power        float64
	Unreachable  int
	Tables       string // benchstat's text tables
	Warnings     []string
}

// ReportPage writes r as one page: each file's machine fingerprint, its
// ratio table (every style's ns/add as a multiple of report.Baseline, paired
// within passes, sortable and filterable), its mechanisms, peers, scale table
// and targets with their intervals; every chart of svgs, inline; and, with
// two files or more, the verdict comparing the first with the others —
// regressions first — and benchstat's tables. Everything it shows is r's, as
// report.Build computed it.
func ReportPage(w io.Writer, r *report.Report, svgs []SVG) error {
	if r == nil || len(r.Runs) == 0 {
		return fmt.Errorf("dashboard: no results files")
	}
	rv := &reportView{Baseline: report.Baseline, UnstableCV: results.UnstableCV * 100, BimodalNote: report.BimodalNote, AloneNote: report.AloneNote}
	for i := range r.Runs {
		rv.Files = append(rv.Files, fileOf(i+1, &r.Runs[i]))
	}
	rv.Files[len(rv.Files)-1].Last = true
	rv.Machines = r.Machines
	if c := r.Comparison; c != nil {
		v := r.Verdict
		cv := &comparisonView{
			Verdict:      v.String(),
			How:          v.How(),
			Alpha:        c.Options.Alpha,
			Regressions:  slices.Clone(v.Regressions),
			Improvements: slices.Clone(v.Improvements),
			Unchanged:    v.Unchanged,
			Untested:     v.Untested,
			Power:        100 * benchtab.Power,
			Unreachable:  v.Unreachable,
		}
		// The largest changes first: what a reader acts on.
		byDelta := func(a, b benchtab.Change) int { return cmp.Compare(abs(b.Delta), abs(a.Delta)) }
		slices.SortStableFunc(cv.Regressions, byDelta)
		slices.SortStableFunc(cv.Improvements, byDelta)
		var t bytes.Buffer
		if err := c.WriteText(&t); err != nil {
			return err
		}
		cv.Tables = t.String()
		for _, w := range c.Warnings {
			cv.Warnings = append(cv.Warnings, w.Error())
		}
		rv.Comparison = cv
	}
	cvs, err := chartViews(svgs)
	if err != nil {
		return err
	}
	// The headline chart goes beside the spectrum, not among the others.
	for i, c := range cvs {
		if c.Name == report.SpectrumFigure {
			rv.Headline = &cvs[i]
			cvs = append(cvs[:i:i], cvs[i+1:]...)
			break
		}
	}
	return render(w, &page{Title: "addbench report", Report: rv, Charts: cvs})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func fileOf(n int, r *report.Run) fileView {
	fv := fileView{
		ID:          "file-" + strconv.Itoa(n),
		Label:       r.Label,
		Path:        r.Path,
		Partial:     r.Partial,
		NotPasses:   !r.Passes,
		Fingerprint: r.Fingerprint,
		Mechanisms:  r.Mechanisms,
		Scale:       r.Scale,
		Skipped:     r.Skipped,
		run:         r,
	}
	for i, sp := range r.Spectrum {
		fv.Spectrum = append(fv.Spectrum, spectrumRow{sp, i == 0 || sp.Level != r.Spectrum[i-1].Level})
		fv.SpectrumScale = fv.SpectrumScale || sp.ScalePrograms > 0
	}
	styles, modes, quanta, procs := ordered[string]{}, ordered[string]{}, ordered[int]{}, ordered[int]{}
	for _, x := range r.Ratios.Ratios {
		fv.Ratios = append(fv.Ratios, ratioRow{AddKey: x.Key, NsAdd: nsOr(r, x.Key), Ratio: x.Value, Unstable: x.Value.Unstable(), Alone: report.IsAlone(x.Key.Style, x.Key.Programs)})
		styles.add(x.Key.Style)
		modes.add(x.Key.Mode)
		quanta.add(x.Key.Quantum)
		procs.add(x.Key.Gomaxprocs)
	}
	if len(fv.Ratios) > 0 {
		fv.Filters = []filter{
			{"style", "style", styles.strings(func(s string) string { return s })},
			{"mode", "mode", modes.strings(func(s string) string { return s })},
			{"quantum", "quantum", quanta.strings(strconv.Itoa)},
			{"procs", "GOMAXPROCS", procs.strings(strconv.Itoa)},
		}
	}
	for _, p := range r.Peers {
		fv.Peers = append(fv.Peers, peerRow{p, nsOr(r, p.Key)})
	}
	for _, t := range r.Targets {
		row := targetRow{Name: t.Name, What: t.What, Bound: t.Bound(), Found: t.Found, Met: t.Found && t.Met(), Ratio: t.Ratio}
		switch {
		case !t.Found:
			row.Status = "no data"
		case row.Met:
			row.Status = "met"
		default:
			row.Status = "MISSED"
		}
		fv.Targets = append(fv.Targets, row)
	}
	return fv
}

// nsOr is the median ns/add of k in r, or NaN, which the page shows as "–".
func nsOr(r *report.Run, k results.AddKey) float64 {
	if e, ok := r.NsPerAdd(k); ok {
		return e.Center
	}
	return math.NaN()
}

// An ordered set keeps values in order of first appearance.
type ordered[T comparable] struct {
	seen  map[T]bool
	order []T
}

func (s *ordered[T]) add(v T) {
	if s.seen == nil {
		s.seen = map[T]bool{}
	}
	if !s.seen[v] {
		s.seen[v] = true
		s.order = append(s.order, v)
	}
}

func (s *ordered[T]) strings(f func(T) string) []string {
	var out []string
	for _, v := range s.order {
		out = append(out, f(v))
	}
	return out
}
