package benchtab

import (
	"errors"
	"fmt"
	"github.com/addbench/addbench/results/robust"
	"math"
	"strconv"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/addbench/addbench/results"
)

// Options configure Compare. Start from DefaultOptions and change what
// differs: every field is used as it is, and Compare rejects values out of
// range rather than reading a zero as "the default".
type Options struct {
	// Row and Col are benchproc projections (see "go doc
	// golang.org/x/perf/benchproc/syntax") that place each result in a
	// row and a column, for example "/style", "/mode,/quantum" or
	// ".config". Every column is compared with the first.
	Row, Col string

	// Table is a projection that splits results into separate tables
	// (there is always one table per unit as well); "" for none.
	// benchstat's default, ".config", would put files whose configuration
	// lines differ (cpu:, commit:, date:) in different tables and never
	// compare them; addbench compares such files on purpose.
	Table string

	// Ignore lists keys to leave out of every grouping, as benchstat's
	// -ignore does.
	Ignore string

	// Filter is a benchproc filter such as "/mode:shared .unit:sec/add";
	// "*" keeps everything.
	Filter string

	// Alpha is the significance level, in (0, 1). Each cell's
	// Mann-Whitney U test is significant when p <= Alpha, exactly when
	// benchstat prints a delta instead of "~"; the Verdict applies Alpha
	// to the whole family of tests (see Correction).
	Alpha float64

	// Confidence is the level of every confidence interval, in (0, 1).
	Confidence float64

	// Threshold is the smallest change, in percent, that counts as a
	// regression or improvement (see Comparison.Verdict). 0 counts every
	// significant change.
	Threshold float64

	// Correction controls the family-wise error of the Verdict.
	Correction Correction

	// Normalize, if set, names a baseline style such as
	// "sequential.loop": time measurements (sec/op, sec/add) of every
	// other style are compared as ratios to the baseline's median in the
	// same file and configuration, so that a machine that is uniformly
	// slower changes nothing. See the package documentation.
	Normalize string
}

// DefaultOptions compare like benchstat with -table "": a row per benchmark,
// a column per file, 95 % intervals, alpha 0.05; and they decide with Holm's
// correction and a 5 % threshold.
var DefaultOptions = Options{
	Row:        ".fullname",
	Col:        ".file",
	Filter:     "*",
	Alpha:      0.05,
	Confidence: results.DefaultConfidence,
	Threshold:  5,
	Correction: Holm,
}

// Check reports the first option out of range.
func (o Options) Check() error {
	switch {
	case !(o.Alpha > 0 && o.Alpha < 1): // rejects NaN too
		return fmt.Errorf("alpha %v is not in (0, 1)", o.Alpha)
	case !(o.Confidence > 0 && o.Confidence < 1):
		return fmt.Errorf("confidence %v is not in (0, 1)", o.Confidence)
	case !(o.Threshold >= 0 && o.Threshold < math.Inf(1)):
		return fmt.Errorf("threshold %v%% is not a percentage ≥ 0", o.Threshold)
	case o.Row == "" || o.Col == "":
		return errors.New("row and column projections must not be empty")
	case o.Filter == "":
		return errors.New(`filter must not be empty ("*" keeps everything)`)
	case o.Correction != Holm && o.Correction != NoCorrection:
		return fmt.Errorf("unknown correction %v", o.Correction)
	}
	return nil
}

// A Comparison is a set of benchstat-style tables: per unit, a row per
// benchmark and a column per file (or per Options.Row and Col), each cell
// summarized and compared with the first column of its row.
type Comparison struct {
	// Options are the options used, with defaults filled in.
	Options Options

	// Tables has one table per unit (and per Options.Table key), in the
	// order benchstat prints them.
	Tables []*Table

	// Paired reports that the files were run as pairs: two or more files
	// with the same "session:" and "pairing:" configuration lines, as
	// addbench ab writes them. Block is then how many measurements of a
	// benchmark on each side make one pair: for "pairing: abba" the
	// "block-size:" line (2 for a block base, head, head, base; 2 in files
	// from before that line), 1 for "pairing: passes" (pass i of each).
	// The verdict then tests each benchmark's pair log ratios (Cell.Pairs)
	// and Cell.Ratio is their estimate; the tables stay benchstat's. Files
	// from different sessions — two addbench bench runs, say — are never
	// paired, whatever their counts.
	Paired bool
	Block  int

	// Warnings are problems that did not stop the comparison but may make
	// it misleading: partial input files, rows missing from a column,
	// results that could not be normalized. Warnings about single samples
	// (too few measurements) are in each cell, as in benchstat.
	Warnings []error

	units     benchfmt.UnitMetadataMap
	tableKeys []benchproc.Key
}

// TablesOf returns the tables in unit, which may be tidy ("sec/add") or raw
// ("ns/add"). With Options.Normalize there may be two: ratios and raw values.
func (c *Comparison) TablesOf(unit string) []*Table {
	unit = results.TidyUnit(unit)
	var out []*Table
	for _, t := range c.Tables {
		if t.Unit == unit {
			out = append(out, t)
		}
	}
	return out
}

// A Table compares results in one unit.
type Table struct {
	// Key holds the Options.Table values of this table as "key:value"
	// pairs, or "" when Options.Table is empty.
	Key string

	// Unit is the tidied unit of every value in the table, such as
	// "sec/add" or "B/op".
	Unit string

	// Normalized is the baseline style when the values are ratios to it
	// (see Options.Normalize), or "".
	Normalized string

	// Assumption is the distributional assumption for Unit: benchmath's
	// AssumeNothing unless the files declare "assume=exact".
	Assumption benchmath.Assumption

	// Cols are the column labels. Cols[0] is the baseline of every
	// comparison.
	Cols []string

	// Rows are the table's rows in benchstat's order.
	Rows []*Row

	// Geomean has, per column, the geometric mean of the column's
	// medians and of their ratios to the baseline column, as in
	// benchstat's last row.
	Geomean []*Geomean

	colKeys []benchproc.Key
}

// A Row is one row of a Table.
type Row struct {
	// Label is the row's projected key, as benchstat prints it.
	Label string

	// Cells are indexed like Table.Cols; a cell is nil where the column
	// has no results for this row.
	Cells []*Cell

	// Warnings note columns that lack this row.
	Warnings []error
}

// A Cell summarizes the results that fall in one row and column.
type Cell struct {
	Sample  *benchmath.Sample
	Summary Summary

	seed     uint64    // of the bootstrap behind Ratio
	raw      []float64 // the measurements in file order: pair order in a paired run
	pairable bool      // Comparison.Paired
	block    int       // Comparison.Block

	// Baseline is the cell in the first column of the same row, or nil
	// if this cell is in the first column or that cell is missing.
	Baseline *Cell

	// Comparison tests whether Baseline and this cell come from the same
	// distribution (the Mann-Whitney U test under AssumeNothing). It is
	// meaningful only if Baseline is not nil.
	Comparison benchmath.Comparison
}

// Delta returns the change of this cell's center from its baseline's, in
// percent: +10 means 10% larger. It is NaN without a baseline and ±Inf when
// the baseline is 0.
func (c *Cell) Delta() float64 {
	if c.Baseline == nil {
		return math.NaN()
	}
	return pctChange(c.Baseline.Summary.Center, c.Summary.Center)
}

// Significant reports whether the change from the baseline is statistically
// significant: p <= alpha, the rule by which benchstat prints "~" or a delta.
func (c *Cell) Significant() bool {
	return c.Baseline != nil && !(c.Comparison.P > c.Comparison.Alpha)
}

// Ratio returns the change of this cell from its baseline as a ratio, with
// its interval: the one estimate of the change that the verdict's
// threshold, the charts, reports and histories read. It is zero without a
// baseline.
//
// For a paired cell (Cell.Pairs) it is the Hodges–Lehmann estimate of the
// pairs' log ratios, as a ratio, with its signed-rank interval
// (results/robust): one-sided outliers do not move it. Otherwise it is the
// median ÷ the baseline's median, with a seeded bootstrap interval that
// resamples each side (results.RatioOfMedians), computed on demand — a
// bootstrap per cell would dominate a large comparison.
func (c *Cell) Ratio() results.Estimate {
	if c.Baseline == nil {
		return results.Estimate{}
	}
	if d, ok := c.Pairs(); ok {
		ch := robust.Test(d, DefaultOptions.Confidence)
		return results.Estimate{Center: ch.Ratio, Lo: ch.RatioLo, Hi: ch.RatioHi, N: ch.N, CV: math.Expm1(ch.Spread)}
	}
	return results.RatioOfMedians(c.Sample.Values, c.Baseline.Sample.Values, c.seed)
}

// Pairs returns the log ratios of the cell's pairs with its baseline — one
// per block of Comparison.Block measurements, the faster of each side's
// (robust.BlockRatios) — and whether the cell is paired at all: the
// comparison is paired and both sides hold the same whole number of blocks.
// A paired comparison whose cell counts differ is reported by the Verdict
// as unpaired, not guessed at.
func (c *Cell) Pairs() ([]float64, bool) {
	if !c.pairable || c.Baseline == nil || !c.pairsMatch() {
		return nil, false
	}
	return robust.BlockRatios(c.raw, c.Baseline.raw, c.block), true
}

// pairsMatch reports whether the cell and its baseline hold the same whole
// number of blocks.
func (c *Cell) pairsMatch() bool {
	n := len(c.raw)
	return n == len(c.Baseline.raw) && n >= c.block && n%c.block == 0
}

// Unstable reports whether the cell's measurements are too noisy to judge
// (coefficient of variation above results.UnstableCV).
func (c *Cell) Unstable() bool { return c.Summary.CV > results.UnstableCV }

func pctChange(old, new float64) float64 {
	switch {
	case old == new:
		return 0
	case old == 0:
		return math.Copysign(math.Inf(1), new)
	}
	return (new/old - 1) * 100
}

// A Geomean summarizes one column of a Table.
type Geomean struct {
	// HasSummary reports whether Summary is valid: the geometric mean of
	// the column's centers, which needs every center to be positive.
	HasSummary bool
	Summary    float64

	// HasRatio reports whether Ratio is valid: the geometric mean of the
	// column's centers divided by their baselines. The first column has
	// none.
	HasRatio bool
	Ratio    float64

	Warnings []error
}

// pairing reports whether the files of set were run as pairs (see
// Comparison.Paired) and how many measurements make a pair; the error, if
// any, is a warning that files that look like paired runs are not.
func pairing(set *results.Set) (paired bool, block int, warn error) {
	if len(set.Files) < 2 {
		return false, 0, nil
	}
	f0 := set.Files[0]
	for _, f := range set.Files[1:] {
		if f.Config["session"] == "" || f.Config["session"] != f0.Config["session"] || f.Config["pairing"] != f0.Config["pairing"] {
			if f.Config["passes"] != "" && f0.Config["passes"] != "" || f.Config["pairing"] != "" {
				return false, 0, fmt.Errorf("%s and %s were not run as pairs in one session (addbench ab): compared as independent samples (Mann-Whitney U), which a shared machine's drift can swamp", f0.Path, f.Path)
			}
			return false, 0, nil
		}
	}
	switch f0.Config["pairing"] {
	case "abba":
		// Files from before block-size was recorded ran blocks of two.
		size := f0.Config["block-size"]
		if size == "" {
			return true, 2, nil
		}
		k, err := strconv.Atoi(size)
		if err != nil || k < 2 || k%2 != 0 {
			return false, 0, fmt.Errorf("%s: block-size %q is not an even number of samples ≥ 2: compared as independent samples", f0.Path, size)
		}
		for _, f := range set.Files[1:] {
			if f.Config["block-size"] != size {
				return false, 0, fmt.Errorf("%s and %s have different block sizes (%q, %q): compared as independent samples", f0.Path, f.Path, size, f.Config["block-size"])
			}
		}
		return true, k, nil
	case "passes":
		return true, 1, nil
	}
	return false, 0, fmt.Errorf("%s: unknown pairing %q: compared as independent samples", f0.Path, f0.Config["pairing"])
}

// Compare summarizes and compares the results in set as benchstat does, with
// benchproc for grouping and benchmath for statistics. Every number in its
// tables equals benchstat's on the same input, when benchstat is given
// -table "" (see Options.Table).
//
// With one file and the default options, each table is a summary of that
// file; with two, the second is compared with the first.
func Compare(set *results.Set, opts Options) (*Comparison, error) {
	if err := opts.Check(); err != nil {
		return nil, fmt.Errorf("comparing results: %w", err)
	}
	filter, err := benchproc.NewFilter(opts.Filter)
	if err != nil {
		return nil, fmt.Errorf("parsing filter %q: %w", opts.Filter, err)
	}
	var parser benchproc.ProjectionParser
	tableBy, unitField, err := parser.ParseWithUnit(opts.Table, filter)
	if err != nil {
		return nil, fmt.Errorf("parsing table projection %q: %w", opts.Table, err)
	}
	rowBy, err := parser.Parse(opts.Row, filter)
	if err != nil {
		return nil, fmt.Errorf("parsing row projection %q: %w", opts.Row, err)
	}
	colBy, err := parser.Parse(opts.Col, filter)
	if err != nil {
		return nil, fmt.Errorf("parsing column projection %q: %w", opts.Col, err)
	}
	ignoreBy, err := parser.Parse(opts.Ignore, filter)
	if err != nil {
		return nil, fmt.Errorf("parsing ignored keys %q: %w", opts.Ignore, err)
	}
	residue := parser.Residue()
	keys := keysPresent(set)
	for _, p := range []struct {
		what, expr string
		by         *benchproc.Projection
	}{{"row projection", opts.Row, rowBy}, {"column projection", opts.Col, colBy}, {"table projection", opts.Table, tableBy}, {"ignored keys", opts.Ignore, ignoreBy}} {
		if err := checkProjection(keys, p.what, p.expr, p.by); err != nil {
			return nil, fmt.Errorf("comparing results: %w", err)
		}
	}

	c := &Comparison{Options: opts, units: set.Units}
	c.Paired, c.Block, err = pairing(set)
	if err != nil {
		c.Warnings = append(c.Warnings, err)
	}
	for _, f := range set.Files {
		if f.Partial {
			c.Warnings = append(c.Warnings, fmt.Errorf("%s: partial results: the run that wrote it was interrupted", f.Path))
		}
	}
	var norm *normalizer
	if opts.Normalize != "" {
		if norm, err = newNormalizer(set, opts.Normalize); err != nil {
			return nil, err
		}
	}

	b := newBuilder(tableBy, rowBy, colBy, residue, unitField)
	kept := 0
	for _, f := range set.Files {
		for _, res := range f.Results {
			r := res.Clone() // Filter.Apply and normalization rewrite Values
			if ok, _ := filter.Apply(r); !ok {
				continue
			}
			if norm != nil && !norm.apply(r) {
				continue
			}
			b.add(r)
			kept++
		}
	}
	if norm != nil {
		c.Warnings = append(c.Warnings, norm.warnings...)
	}
	if kept == 0 {
		return nil, fmt.Errorf("comparing results: filter %q selects no results", opts.Filter)
	}
	b.build(c, norm)
	if len(set.Files) > 1 && opts.Table == "" && !c.anyCompared() {
		return nil, fmt.Errorf("comparing results: no benchmark is in both %s and another column (row %q, column %q)", c.firstCol(), opts.Row, opts.Col)
	}
	return c, nil
}

// anyCompared reports whether some cell has a baseline to compare with.
func (c *Comparison) anyCompared() bool {
	for _, t := range c.Tables {
		for _, row := range t.Rows {
			for _, cell := range row.Cells {
				if cell != nil && cell.Baseline != nil {
					return true
				}
			}
		}
	}
	return false
}

func (c *Comparison) firstCol() string {
	for _, t := range c.Tables {
		if len(t.Cols) > 0 {
			return t.Cols[0]
		}
	}
	return "the first column"
}
