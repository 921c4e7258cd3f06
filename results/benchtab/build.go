package benchtab

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/addbench/addbench/results"
)

// A builder groups results into table cells, as benchstat's benchtab.Builder
// does.
type builder struct {
	tableBy, rowBy, colBy, residue *benchproc.Projection
	unitField                      *benchproc.Field
	tables                         map[benchproc.Key]*builderTable
}

type builderTable struct {
	rows, cols map[benchproc.Key]bool
	cells      map[cellKey]*builderCell
}

type cellKey struct{ row, col benchproc.Key }

type builderCell struct {
	values  []float64
	residue map[benchproc.Key]bool
}

func newBuilder(tableBy, rowBy, colBy, residue *benchproc.Projection, unitField *benchproc.Field) *builder {
	return &builder{tableBy, rowBy, colBy, residue, unitField, make(map[benchproc.Key]*builderTable)}
}

func (b *builder) add(r *benchfmt.Result) {
	tableKeys := b.tableBy.ProjectValues(r)
	ck := cellKey{b.rowBy.Project(r), b.colBy.Project(r)}
	residueKey := b.residue.Project(r)
	for i, tk := range tableKeys {
		t := b.tables[tk]
		if t == nil {
			t = &builderTable{make(map[benchproc.Key]bool), make(map[benchproc.Key]bool), make(map[cellKey]*builderCell)}
			b.tables[tk] = t
		}
		cell := t.cells[ck]
		if cell == nil {
			cell = &builderCell{residue: make(map[benchproc.Key]bool)}
			t.cells[ck] = cell
			t.rows[ck.row], t.cols[ck.col] = true, true
		}
		cell.values = append(cell.values, r.Values[i].Value)
		cell.residue[residueKey] = true
	}
}

// build summarizes and compares every cell, filling c.Tables.
func (b *builder) build(c *Comparison, norm *normalizer) {
	thresholds := benchmath.DefaultThresholds
	thresholds.CompareAlpha = c.Options.Alpha
	c.tableKeys = sortedKeys(b.tables)
	seen := make(map[string]bool)
	for _, tk := range c.tableKeys {
		bt := b.tables[tk]
		t := &Table{Key: tableLabel(tk, b.unitField), Unit: tk.Get(b.unitField)}
		if nu, ok := norm.unit(t.Unit); ok {
			t.Unit, t.Normalized = nu.unit, nu.base
		}
		t.Assumption = c.units.GetAssumption(t.Unit)
		t.colKeys = sortedKeys(bt.cols)
		for _, k := range t.colKeys {
			t.Cols = append(t.Cols, keyLabel(k))
		}
		for _, rk := range sortedKeys(bt.rows) {
			row := &Row{Label: keyLabel(rk), Cells: make([]*Cell, len(t.colKeys))}
			for i, ck := range t.colKeys {
				bc := bt.cells[cellKey{rk, ck}]
				if bc == nil {
					row.Warnings = append(row.Warnings, fmt.Errorf("%s: no results in %s", row.Label, t.Cols[i]))
					continue
				}
				// NewSample sorts its values; raw keeps them in file
				// order, which in a paired run is pair order.
				cell := &Cell{raw: slices.Clone(bc.values), Sample: benchmath.NewSample(bc.values, &thresholds)}
				cell.Summary = Summarize(cell.Sample, t.Assumption, c.Options.Confidence)
				if i > 0 && row.Cells[0] != nil {
					cell.Baseline = row.Cells[0]
					cell.Comparison = t.Assumption.Compare(cell.Baseline.Sample, cell.Sample)
					cell.seed = results.SeedOf(t.Unit + " " + row.Label + " " + t.Cols[i])
					cell.pairable, cell.block = c.Paired, c.Block
				}
				if w := residueWarning(bc.residue); w != nil {
					cell.Sample.Warnings = append(cell.Sample.Warnings, w)
				}
				row.Cells[i] = cell
			}
			for _, w := range row.Warnings {
				if !seen[w.Error()] { // the same row recurs in every unit's table
					seen[w.Error()] = true
					c.Warnings = append(c.Warnings, w)
				}
			}
			t.Rows = append(t.Rows, row)
		}
		t.Geomean = geomeanRow(t)
		c.Tables = append(c.Tables, t)
	}
}

// residueWarning reports, as benchstat does, that the results in one cell
// differ in keys no projection shows.
func residueWarning(residue map[benchproc.Key]bool) error {
	fields := benchproc.NonSingularFields(sortedKeys(residue))
	if len(fields) == 0 {
		return nil
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return errors.New("benchmarks vary in " + strings.Join(names, ", "))
}

// geomeanRow computes benchstat's summary row. Like benchstat it takes the
// geomean of the per-row ratios, not the ratio of the geomeans, so that a
// column missing some rows still gives a meaningful (if warned) ratio.
func geomeanRow(t *Table) []*Geomean {
	nBase := 0
	for _, row := range t.Rows {
		if row.Cells[0] != nil {
			nBase++
		}
	}
	out := make([]*Geomean, len(t.Cols))
	for i := range t.Cols {
		g := new(Geomean)
		out[i] = g
		var centers, ratios []float64
		badRatio := false
		for _, row := range t.Rows {
			cell := row.Cells[i]
			if cell == nil {
				continue
			}
			centers = append(centers, cell.Summary.Center)
			if cell.Baseline == nil {
				continue
			}
			a, b := cell.Summary.Center, cell.Baseline.Summary.Center
			switch {
			case a == b:
				ratios = append(ratios, 1) // 0/0 counts as no change
			case b == 0:
				badRatio = true
				ratios = append(ratios, 0) // keeps the count check below honest
			default:
				ratios = append(ratios, a/b)
			}
		}
		if i > 0 && nBase != len(ratios) {
			g.Warnings = append(g.Warnings, errors.New("benchmark set differs from baseline; geomeans may not be comparable"))
		}
		if gm := geomean(centers); math.IsNaN(gm) {
			g.Warnings = append(g.Warnings, errors.New("summaries must be >0 to compute geomean"))
		} else {
			g.HasSummary, g.Summary = true, gm
		}
		if i > 0 && !badRatio {
			if gm := geomean(ratios); math.IsNaN(gm) {
				g.Warnings = append(g.Warnings, errors.New("ratios must be >0 to compute geomean"))
			} else {
				g.HasRatio, g.Ratio = true, gm
			}
		}
	}
	return out
}

func sortedKeys[V any](m map[benchproc.Key]V) []benchproc.Key {
	keys := make([]benchproc.Key, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	benchproc.SortKeys(keys)
	return keys
}

// keyLabel is benchproc's Key.StringValues, except that an empty
// /gomaxprocs reads "1" (see results.KeyValue).
func keyLabel(k benchproc.Key) string {
	var vals []string
	for _, f := range k.Projection().FlattenedFields() {
		if v := results.KeyValue(k, f); v != "" {
			vals = append(vals, v)
		}
	}
	return strings.Join(vals, " ")
}

// tableLabel formats the non-unit fields of a table key as "key:value".
func tableLabel(k benchproc.Key, unit *benchproc.Field) string {
	var parts []string
	for _, f := range k.Projection().FlattenedFields() {
		if f == unit {
			continue
		}
		if v := results.KeyValue(k, f); v != "" {
			parts = append(parts, f.Name+":"+v)
		}
	}
	return strings.Join(parts, " ")
}
