package report

import "github.com/addbench/addbench/results"

// A MachineTable sets the spectra of runs from different machines side by
// side: each style's cost relative to its own machine's loop and its own
// machine's mechanism, a column per machine, so that what differs is the
// hardware's doing, not the clock's.
type MachineTable struct {
	Machines []string // the columns: each run's machine config line
	Runs     []int    // the index in Report.Runs of each column
	Rows     []MachineRow
}

// A MachineRow is one style on every machine. Loop[i] and Mech[i] are its
// quantum-1 multiples of Baseline and of its mechanism on machine i (zero
// where not measured).
type MachineRow struct {
	Style string
	Level int
	Doc   string
	Op    string
	Loop  []results.Estimate
	Mech  []results.Estimate
	Keys  []results.AddKey // the case measured on each machine

	// Measured is how many machines measured the style. SameCase reports
	// that they all measured the same case, so that the columns can be
	// compared at all.
	Measured int
	SameCase bool

	// Sensitive reports that on two machines the style's × Baseline, or
	// its × mechanism, has intervals that do not overlap: its relative cost
	// depends on the hardware beyond the noise of either run.
	Sensitive bool
}

// machines builds the machine table of runs: one column for the first run
// of each machine, nil unless there are two machines or more.
func machines(runs []Run) *MachineTable {
	t := &MachineTable{}
	for i, r := range runs {
		m := r.machine()
		if m == "" || contains(t.Machines, m) {
			continue
		}
		t.Machines = append(t.Machines, m)
		t.Runs = append(t.Runs, i)
	}
	if len(t.Machines) < 2 {
		return nil
	}
	index := map[string]int{}
	for _, col := range t.Runs {
		for _, s := range runs[col].Spectrum {
			i, ok := index[s.Style]
			if !ok {
				i = len(t.Rows)
				index[s.Style] = i
				t.Rows = append(t.Rows, MachineRow{Style: s.Style, Level: s.Level, Doc: s.Doc,
					Loop: make([]results.Estimate, len(t.Runs)), Mech: make([]results.Estimate, len(t.Runs)),
					Keys: make([]results.AddKey, len(t.Runs))})
			}
		}
	}
	for c, col := range t.Runs {
		for _, s := range runs[col].Spectrum {
			row := &t.Rows[index[s.Style]]
			row.Loop[c] = s.Fine.Loop
			row.Mech[c] = s.Fine.Mech
			row.Keys[c] = s.Fine.Key
			if row.Op == "" {
				row.Op = s.Fine.Op
			}
		}
	}
	// Rows in the report's order of styles, whichever run named them first.
	sortBy(t.Rows, func(a, b MachineRow) int { return compareStyles(a.Style, b.Style) })
	for i := range t.Rows {
		r := &t.Rows[i]
		r.SameCase = true
		var first results.AddKey
		for _, k := range r.Keys {
			if k.Style == "" {
				continue // not measured on this machine
			}
			if r.Measured++; r.Measured == 1 {
				first = k
			}
			r.SameCase = r.SameCase && k == first
		}
		r.Sensitive = r.Measured > 1 && r.SameCase && (results.Apart(r.Loop...) || results.Apart(r.Mech...))
	}
	return t
}

// machine is the run's machine config line, "" if it has none.
func (r *Run) machine() string {
	for _, f := range r.Fingerprint {
		if f.Key == "machine" {
			return f.Value
		}
	}
	return ""
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
