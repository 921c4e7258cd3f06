package history

import (
	"slices"
	"strings"

	"github.com/addbench/addbench/results"
)

// A MachineTable sets the histories of several machines side by side, as
// report.MachineTable sets runs: a column per machine, a row per benchmark,
// unit and kind of comparison, and a mark where the machines disagree beyond
// the intervals (results.Apart, the report's test).
//
// Machines can only disagree about the same A/B: two machines' latest
// points may compare different commits, and differ because the code did.
// So a row is marked only where one comparison — the same base and head
// commits and Go versions — was run on two machines and their ratios'
// intervals do not overlap: the change it measures depends on the hardware.
type MachineTable struct {
	Machines []string // the columns, in order of name
	Rows     []MachineRow
}

// A MachineRow is one series per machine: Latest[i] is machine i's latest
// point and Runs[i], Changes[i] its series' length and change points (a
// zero Point, with an empty Run.Machine, and 0 where machine i has no such
// series).
type MachineRow struct {
	Kind, Benchmark, Unit string
	Latest                []Point
	Runs, Changes         []int

	// Measured is how many machines have the series.
	Measured int

	// Shared are the A/Bs run on two machines or more, oldest first;
	// Disagree reports that on one of them two machines' intervals do not
	// overlap.
	Shared   []SharedRun
	Disagree bool
}

// A SharedRun is one A/B — one base and head, one Go version each — run on
// several machines. Ran[i] reports that machine i ran it, and Ratios[i] is
// then its ratio there (the machine's latest run of it).
type SharedRun struct {
	Base, Head, BaseGo, HeadGo string
	Date                       string // the latest of its runs
	Ran                        []bool
	Ratios                     []results.Estimate
	Apart                      bool // results.Apart(Ratios...)
}

// AB names the A/B: "base → head", and the Go versions where they differ.
func (s SharedRun) AB() string { return abName(s.Base, s.Head, s.BaseGo, s.HeadGo) }

// AB names the run's A/B as SharedRun.AB does.
func (r Run) AB() string { return abName(r.Base, r.Head, r.BaseGo, r.HeadGo) }

func abName(base, head, baseGo, headGo string) string {
	s := base + " → " + head
	if baseGo != headGo {
		s += " (" + baseGo + " → " + headGo + ")"
	}
	return s
}

// Disagreements returns the shared runs whose machines disagree.
func (r MachineRow) Disagreements() []SharedRun {
	return slices.DeleteFunc(slices.Clone(r.Shared), func(s SharedRun) bool { return !s.Apart })
}

// Machines sets series (MakeSeries) of different machines side by side:
// nil unless they come from two machines or more. Rows are in the order of
// kind, benchmark and unit, as MakeSeries orders series.
func Machines(series []Series) *MachineTable {
	t := &MachineTable{}
	for _, s := range series {
		if !slices.Contains(t.Machines, s.Machine) {
			t.Machines = append(t.Machines, s.Machine)
		}
	}
	if len(t.Machines) < 2 {
		return nil
	}
	slices.Sort(t.Machines)
	type key struct{ kind, bench, unit string }
	index := map[key]int{}
	for _, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		k := key{s.Kind, s.Benchmark, s.Unit}
		i, ok := index[k]
		if !ok {
			i = len(t.Rows)
			index[k] = i
			n := len(t.Machines)
			t.Rows = append(t.Rows, MachineRow{Kind: k.kind, Benchmark: k.bench, Unit: k.unit,
				Latest: make([]Point, n), Runs: make([]int, n), Changes: make([]int, n)})
		}
		row := &t.Rows[i]
		m := slices.Index(t.Machines, s.Machine)
		row.Latest[m] = s.Points[len(s.Points)-1]
		row.Runs[m] = len(s.Points)
		row.Changes[m] = len(s.Changes)
		row.Measured++
	}
	slices.SortFunc(t.Rows, func(a, b MachineRow) int {
		return strings.Compare(a.Kind+"\x00"+a.Benchmark+"\x00"+a.Unit, b.Kind+"\x00"+b.Benchmark+"\x00"+b.Unit)
	})
	for i := range t.Rows {
		k := key{t.Rows[i].Kind, t.Rows[i].Benchmark, t.Rows[i].Unit}
		t.Rows[i].Shared = shared(t.Machines, series, k.kind, k.bench, k.unit)
		t.Rows[i].Disagree = slices.ContainsFunc(t.Rows[i].Shared, func(s SharedRun) bool { return s.Apart })
	}
	return t
}

// shared returns the A/Bs of one benchmark, unit and kind that two machines
// or more ran. A side built from a working tree with changes ("-dirty") is
// no version another machine could have run, so such runs are left out.
func shared(machines []string, series []Series, kind, bench, unit string) []SharedRun {
	type ab struct{ base, head, baseGo, headGo string }
	var order []ab
	byAB := map[ab]*SharedRun{}
	for _, s := range series {
		if s.Kind != kind || s.Benchmark != bench || s.Unit != unit {
			continue
		}
		m := slices.Index(machines, s.Machine)
		for _, p := range s.Points { // oldest first: a machine's latest run of an A/B wins
			r := p.Run
			if strings.HasSuffix(r.Base, "-dirty") || strings.HasSuffix(r.Head, "-dirty") {
				continue
			}
			k := ab{r.Base, r.Head, r.BaseGo, r.HeadGo}
			sr, ok := byAB[k]
			if !ok {
				sr = &SharedRun{Base: r.Base, Head: r.Head, BaseGo: r.BaseGo, HeadGo: r.HeadGo, Ratios: make([]results.Estimate, len(machines)), Ran: make([]bool, len(machines))}
				byAB[k] = sr
				order = append(order, k)
			}
			sr.Ratios[m], sr.Ran[m] = p.Ratio, true
			sr.Date = max(sr.Date, r.Date)
		}
	}
	var out []SharedRun
	for _, k := range order {
		sr := byAB[k]
		if countTrue(sr.Ran) < 2 {
			continue
		}
		sr.Apart = results.Apart(sr.Ratios...)
		out = append(out, *sr)
	}
	// Oldest first; dates are RFC 3339 in UTC, so they sort as text.
	slices.SortStableFunc(out, func(a, b SharedRun) int { return strings.Compare(a.Date, b.Date) })
	return out
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
