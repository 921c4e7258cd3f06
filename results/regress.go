package results

import "fmt"

// A Change is a significant difference between one cell and its baseline that
// exceeds Options.Threshold.
type Change struct {
	Table string // Table.Key; "" unless Options.Table is set
	Name  string // row label, e.g. "Add/style=preempt.mutex/mode=shared/...-2"
	Col   string // the compared column (the new file); Base is the baseline column
	Base  string

	// Unit is the tidied unit. If Normalized is set, Old and New are
	// ratios of Unit to that baseline style's median.
	Unit       string
	Normalized string

	Old, New float64 // medians
	Delta    float64 // percent change from Old to New
	P        float64 // Mann-Whitney U p-value
	Alpha    float64
}

func (c Change) String() string {
	unit := c.Unit
	if c.Normalized != "" {
		unit += " ÷ " + c.Normalized
	}
	return fmt.Sprintf("%s %s: %+.2f%% (%s, p=%.3f)", c.Name, unit, c.Delta, c.Col, c.P)
}

// Changes returns the regressions and improvements in c: cells whose change
// from the baseline column is significant (p <= alpha, see Cell.Significant)
// and larger than Options.Threshold percent.
//
// A change is a regression when it goes the wrong way for its unit. Every unit
// addbench reports (sec/op, sec/add, B/op, allocs/op, lost/op) is better when
// lower; a unit is taken as higher-is-better only when the files say so
// ("Unit x better=higher") or benchfmt knows it (B/s), as
// benchfmt.UnitMetadataMap.GetBetter reports.
//
// Units in ungated are left out: they describe a run rather than its cost.
func (c *Comparison) Changes() (regressions, improvements []Change) {
	threshold := max(c.Options.Threshold, 0)
	for _, t := range c.Tables {
		if ungated[t.Unit] {
			continue
		}
		better := c.units.GetBetter(t.Unit) // a ratio keeps its unit's direction
		for _, row := range t.Rows {
			for i, cell := range row.Cells {
				if cell == nil || cell.Baseline == nil || !cell.Significant() {
					continue
				}
				d := cell.Delta()
				ch := Change{
					Table: t.Key, Name: row.Label, Col: t.Cols[i], Base: t.Cols[0],
					Unit: t.Unit, Normalized: t.Normalized,
					Old: cell.Baseline.Summary.Center, New: cell.Summary.Center,
					Delta: d, P: cell.Comparison.P, Alpha: cell.Comparison.Alpha,
				}
				worse := d
				if better > 0 {
					worse = -d
				}
				switch {
				case worse > threshold:
					regressions = append(regressions, ch)
				case -worse > threshold:
					improvements = append(improvements, ch)
				}
			}
		}
	}
	return regressions, improvements
}

// ungated lists units that never count as a regression or improvement.
// lost/op is how many updates preempt.racy lost: it depends on how the
// machine interleaves the racing goroutines, not on the code's cost, and
// swings by orders of magnitude between identical runs.
var ungated = map[string]bool{"lost/op": true}
