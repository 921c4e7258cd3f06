package dashboard

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/targets"
)

// baseline is the style every ratio divides by, as in the Markdown report.
const baseline = "sequential.loop"

// fingerprint lists the configuration keys that identify a run, in the order
// a reader wants them (the Markdown report's order).
var fingerprint = []string{"machine", "cpu", "cpus", "goos", "goarch", "go", "commit", "suite", "passes", "seed", "date", "partial"}

type reportView struct {
	Baseline   string
	UnstableCV float64
	Files      []fileView
	Comparison *comparisonView
}

type kv struct{ Key, Value string }

type fileView struct {
	ID, Label, Path string
	Partial         bool
	NotPasses       bool
	Fingerprint     []kv
	Ratios          []ratioRow
	Filters         []filter
	Mechanisms      []mechRow
	Targets         []targetRow
}

// A ratioRow is one style in one configuration: its ns/add and its ratio to
// the baseline in the same configuration, paired within passes.
type ratioRow struct {
	results.AddKey
	NsAdd    float64
	Ratio    results.Estimate
	Unstable bool
}

// A filter is one of the ratio table's drop-downs: the row attribute it tests
// and the values it offers.
type filter struct {
	Key, Label string
	Values     []string
}

type mechRow struct {
	Op         string
	Gomaxprocs int
	Ns         results.Estimate // ns per operation
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
	Unreachable  int
	Tables       string // benchstat's text tables
	Warnings     []string
}

// Report writes the page of the files of set: each file's machine
// fingerprint, its ratio table (every style's ns/add as a multiple of
// sequential.loop, paired within passes, sortable and filterable), its
// mechanisms and its targets with their intervals; every chart of charts,
// inline; and, with two files or more, the verdict comparing the first with
// the others — regressions first — and benchstat's tables, compared with
// opts as addbench compare and report do.
func Report(w io.Writer, set *results.Set, charts []Chart, opts benchtab.Options) error {
	if set == nil || len(set.Files) == 0 {
		return fmt.Errorf("dashboard: no results files")
	}
	rv := &reportView{Baseline: baseline, UnstableCV: results.UnstableCV * 100}
	for i, f := range set.Files {
		rv.Files = append(rv.Files, fileOf(i+1, f))
	}
	if len(set.Files) > 1 {
		c, err := benchtab.Compare(set, opts)
		if err != nil {
			return err
		}
		v := c.Verdict()
		cv := &comparisonView{
			Verdict:      v.String(),
			How:          v.How(),
			Alpha:        c.Options.Alpha,
			Regressions:  v.Regressions,
			Improvements: v.Improvements,
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
	cvs, err := chartViews(charts)
	if err != nil {
		return err
	}
	return render(w, &page{Title: "addbench report", Report: rv, Charts: cvs})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func fileOf(n int, f *results.File) fileView {
	fv := fileView{
		ID:        "file-" + strconv.Itoa(n),
		Label:     f.Label,
		Path:      f.Path,
		Partial:   f.Partial,
		NotPasses: f.Config["passes"] == "",
	}
	for _, k := range fingerprint {
		if v := f.Config[k]; v != "" {
			fv.Fingerprint = append(fv.Fingerprint, kv{k, v})
		}
	}

	costs := map[results.AddKey]float64{}
	for _, c := range f.Costs("sec/add").Costs {
		costs[c.Key] = c.Value.Center * 1e9
	}
	rt := f.Ratios(baseline, "sec/add")
	styles, modes, quanta, procs := ordered[string]{}, ordered[string]{}, ordered[int]{}, ordered[int]{}
	for _, r := range rt.Ratios {
		fv.Ratios = append(fv.Ratios, ratioRow{AddKey: r.Key, NsAdd: nsOr(costs, r.Key), Ratio: r.Value, Unstable: r.Value.Unstable()})
		styles.add(r.Key.Style)
		modes.add(r.Key.Mode)
		quanta.add(r.Key.Quantum)
		procs.add(r.Key.Gomaxprocs)
	}
	if len(fv.Ratios) > 0 {
		fv.Filters = []filter{
			{"style", "style", styles.strings(func(s string) string { return s })},
			{"mode", "mode", modes.strings(func(s string) string { return s })},
			{"quantum", "quantum", quanta.strings(strconv.Itoa)},
			{"procs", "GOMAXPROCS", procs.strings(strconv.Itoa)},
		}
	}

	for _, p := range f.Primitives().Costs {
		e := p.Time
		fv.Mechanisms = append(fv.Mechanisms, mechRow{p.Op, p.Gomaxprocs, results.Estimate{Center: e.Center * 1e9, Lo: e.Lo * 1e9, Hi: e.Hi * 1e9, N: e.N, CV: e.CV}})
	}

	ts := targets.Check(f)
	if slices.ContainsFunc(ts, func(t targets.Target) bool { return t.Found }) {
		for _, t := range ts {
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
	}
	return fv
}

func nsOr(costs map[results.AddKey]float64, k results.AddKey) float64 {
	if v, ok := costs[k]; ok {
		return v
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
