package benchtab

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"golang.org/x/perf/benchproc"
	"golang.org/x/perf/benchunit"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab/internal/texttab"
)

// A Format is an output format for a Comparison.
type Format int

// The formats. Text is benchstat's layout; CSV is benchstat's CSV; Markdown
// is a GitHub-flavoured table per unit, for reports.
const (
	Text Format = iota
	CSV
	Markdown
)

var formatNames = []string{Text: "text", CSV: "csv", Markdown: "markdown"}

func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat returns the Format named s: "text", "csv" or "markdown".
func ParseFormat(s string) (Format, error) {
	for f, name := range formatNames {
		if s == name {
			return Format(f), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q (want text, csv or markdown)", s)
}

// Write writes c to w in format f. Text and Markdown print warnings as
// numbered footnotes under each table; CSV writes them to wErr, prefixed with
// spreadsheet cell references, as benchstat does. Comparison.Warnings are not
// written; callers print them where they report problems.
func (c *Comparison) Write(w, wErr io.Writer, f Format) error {
	switch f {
	case Text:
		return c.WriteText(w)
	case CSV:
		return c.WriteCSV(w, wErr)
	case Markdown:
		return c.WriteMarkdown(w)
	}
	return fmt.Errorf("writing comparison: unknown format %v", f)
}

// WriteText writes c as aligned text, exactly as benchstat lays out its
// tables.
func (c *Comparison) WriteText(w io.Writer) error {
	return c.eachTable(func(hdr string) error {
		_, err := fmt.Fprintln(w, hdr)
		return err
	}, func(t *Table) error {
		return t.writeText(w)
	})
}

// WriteCSV writes c as comma-separated values, exactly as benchstat does:
// full-precision centers, the confidence interval in percent, the delta and
// the p-value. Warnings go to warnings.
func (c *Comparison) WriteCSV(w, warnings io.Writer) error {
	o := csv.NewWriter(w)
	row := 1
	err := c.eachTable(func(hdr string) error {
		row++
		return o.Write([]string{hdr})
	}, func(t *Table) error {
		row += t.writeCSV(o, row, warnings)
		return nil
	})
	if err != nil {
		return err
	}
	o.Flush()
	return o.Error()
}

// eachTable calls body for each table, after hdr for a blank line between
// tables and for each Options.Table field whose value changed, as benchstat
// prints them.
func (c *Comparison) eachTable(hdr func(string) error, body func(*Table) error) error {
	if len(c.Tables) == 0 {
		return nil
	}
	fields := c.tableKeys[0].Projection().FlattenedFields()
	var prev benchproc.Key
	for i, t := range c.Tables {
		if i > 0 {
			if err := hdr(""); err != nil {
				return err
			}
		}
		key := c.tableKeys[i]
		for _, f := range fields {
			if f.Name == ".unit" {
				continue
			}
			if v := key.Get(f); prev.IsZero() || v != prev.Get(f) {
				if err := hdr(fmt.Sprintf("%s: %s", f.Name, results.KeyValue(key, f))); err != nil {
					return err
				}
			}
		}
		prev = key
		if err := body(t); err != nil {
			return err
		}
	}
	return nil
}

// unitLabel is the unit as shown in headers.
func (t *Table) unitLabel() string {
	if t.Normalized != "" {
		return t.Unit + " ÷ " + t.Normalized
	}
	return t.Unit
}

// rowScaler picks one scale for a row, so its cells read alike.
func (t *Table) rowScaler(row *Row) benchunit.Scaler {
	var vals []float64
	for _, cell := range row.Cells {
		if cell != nil {
			vals = append(vals, cell.Summary.Center)
		}
	}
	return benchunit.CommonScale(vals, benchunit.ClassOf(t.Unit))
}

// footnotes numbers distinct warning messages in order of first use.
type footnotes struct {
	list []string
	num  map[string]int
}

func (f *footnotes) mark(msgs ...[]error) string {
	if f.num == nil {
		f.num = make(map[string]int)
	}
	var marks []string
	for _, ms := range msgs {
		for _, m := range ms {
			s := m.Error()
			i, ok := f.num[s]
			if !ok {
				i = len(f.list)
				f.num[s] = i
				f.list = append(f.list, s)
			}
			marks = append(marks, superscript(i+1))
		}
	}
	return strings.Join(marks, " ")
}

func superscript(i int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	d := []rune(digits)
	if i == 0 {
		return string(d[0])
	}
	var buf []rune
	for ; i > 0; i /= 10 {
		buf = append([]rune{d[i%10]}, buf...)
	}
	return string(buf)
}

// writeText follows benchstat's benchtab.Table.ToText cell for cell.
func (t *Table) writeText(w io.Writer) error {
	var o texttab.Table
	const (
		labelCols  = 1
		centerCols = 3 // <center ±> <CI> <warnings>
		deltaCols  = 3 // <P%> <(p=0.PPP n=N)> <warnings>
	)
	startCol := func(exp int) int {
		if exp == 0 {
			return labelCols
		}
		return labelCols + centerCols + (exp-1)*(centerCols+deltaCols)
	}
	var notes footnotes
	warn := func(msgs ...[]error) { o.Cell(notes.mark(msgs...)) }

	// Column headers: a tree of the column keys' values, then units.
	kh := benchproc.NewKeyHeader(t.colKeys)
	rEdge := startCol(len(t.Cols) + 1)
	for nodes := kh.Top; len(nodes) > 0; {
		var next []*benchproc.KeyHeaderNode
		o.Row()
		for _, n := range nodes {
			l, r := startCol(n.Start), startCol(n.Start+n.Len)
			o.Col(l).Span(r-l, headerValue(kh, n), texttab.Center, texttab.LeftMargin(" │ "))
			next = append(next, n.Children...)
		}
		o.Col(rEdge).Cell("", texttab.LeftMargin(" │"))
		nodes = next
	}
	o.Row()
	for i := range t.Cols {
		l := startCol(i)
		o.Col(l)
		o.Span(centerCols, t.unitLabel(), texttab.Center, texttab.LeftMargin(" │ "))
		if i > 0 {
			o.Span(deltaCols, "vs base", texttab.Left, texttab.LeftMargin("  "))
		}
		for j := l + 1; j < o.CurCol(); j++ {
			o.SetShrink(j, true)
		}
	}
	o.Col(rEdge).Cell("", texttab.LeftMargin(" │"))

	for _, row := range t.Rows {
		o.Row()
		o.Cell(row.Label)
		scaler := t.rowScaler(row)
		for i, cell := range row.Cells {
			if cell == nil {
				continue
			}
			o.Col(startCol(i))
			o.Cell(scaler.Format(cell.Summary.Center), texttab.Right)
			o.Cell(cell.Summary.PctRangeString(), texttab.Right, texttab.LeftMargin(" ± "))
			warn(cell.Sample.Warnings, cell.Summary.Warnings)
			if i > 0 && cell.Baseline != nil {
				o.Cell(cell.Comparison.FormatDelta(cell.Baseline.Summary.Center, cell.Summary.Center), texttab.Right)
				o.Cell("(" + cell.Comparison.String() + ")")
				warn(cell.Comparison.Warnings)
			}
		}
	}

	if len(t.Rows) > 1 {
		o.Row()
		o.Cell("geomean")
		cls := benchunit.ClassOf(t.Unit)
		for i, g := range t.Geomean {
			if g.HasSummary {
				o.Col(startCol(i))
				o.Cell(benchunit.Scale(g.Summary, cls), texttab.Right)
			}
			if i > 0 {
				o.Col(startCol(i) + centerCols)
				if g.HasRatio {
					o.Cell(fmt.Sprintf("%+.2f%%", (g.Ratio-1)*100), texttab.Right)
				} else {
					o.Cell("?")
				}
			}
			o.Col(startCol(i+1) - 1)
			warn(g.Warnings)
		}
	}

	if err := o.Format(w); err != nil {
		return err
	}
	for i, msg := range notes.list {
		if _, err := fmt.Fprintf(w, "%s %s\n", superscript(i+1), msg); err != nil {
			return err
		}
	}
	return nil
}

func headerValue(kh *benchproc.KeyHeader, n *benchproc.KeyHeaderNode) string {
	if n.Value == "" && kh.Levels[n.Field].Name == "/gomaxprocs" {
		return "1"
	}
	return n.Value
}

// writeCSV follows benchstat's benchtab.Table.ToCSV. It returns the number of
// records written; startRow is the spreadsheet row of the first.
func (t *Table) writeCSV(o *csv.Writer, startRow int, warnings io.Writer) (rows int) {
	const (
		labelCols  = 1
		centerCols = 2 // <center> <CI>
		deltaCols  = 2 // <P%> <(p=0.PPP n=N)>
	)
	startCol := func(exp int) int {
		if exp == 0 {
			return labelCols
		}
		return labelCols + centerCols + (exp-1)*(centerCols+deltaCols)
	}
	var rec []string
	clearTo := func(col int) {
		for len(rec) < col {
			rec = append(rec, "")
		}
	}
	emit := func() {
		o.Write(rec) // errors stick in o; WriteCSV reports them
		rec = rec[:0]
		rows++
	}
	warn := func(msgs []error) {
		for _, m := range msgs {
			fmt.Fprintf(warnings, "%s%d: %s\n", colName(len(rec)), startRow+rows, m)
		}
	}

	for _, f := range t.colKeys[0].Projection().FlattenedFields() {
		for i, k := range t.colKeys {
			clearTo(startCol(i))
			rec = append(rec, results.KeyValue(k, f))
		}
		clearTo(startCol(len(t.Cols)))
		emit()
	}
	for i := range t.Cols {
		clearTo(startCol(i))
		rec = append(rec, t.unitLabel(), "CI")
		if i > 0 {
			rec = append(rec, "vs base", "P")
		}
	}
	emit()

	for _, row := range t.Rows {
		rec = append(rec, row.Label)
		for i, cell := range row.Cells {
			if cell == nil {
				continue
			}
			clearTo(startCol(i))
			warn(cell.Sample.Warnings)
			warn(cell.Summary.Warnings)
			rec = append(rec, fmt.Sprint(cell.Summary.Center), cell.Summary.PctRangeString())
			if i > 0 && cell.Baseline != nil {
				warn(cell.Comparison.Warnings)
				rec = append(rec,
					cell.Comparison.FormatDelta(cell.Baseline.Summary.Center, cell.Summary.Center),
					cell.Comparison.String())
			}
		}
		emit()
	}

	rec = append(rec, "geomean")
	for i, g := range t.Geomean {
		clearTo(startCol(i))
		warn(g.Warnings)
		if g.HasSummary {
			rec = append(rec, fmt.Sprint(g.Summary))
		}
		if i > 0 {
			clearTo(startCol(i) + centerCols)
			if g.HasRatio {
				rec = append(rec, fmt.Sprintf("%+.2f%%", (g.Ratio-1)*100))
			} else {
				rec = append(rec, "?")
			}
		}
	}
	clearTo(startCol(len(t.Cols)))
	emit()
	return rows
}

// colName returns the spreadsheet name of column x, the way benchstat
// computes it.
func colName(x int) string {
	name := make([]byte, 10)
	pos := len(name)
	for ; x > 0; x /= 26 {
		pos--
		name[pos] = 'A' + byte(x%26)
	}
	if pos == len(name) {
		pos--
		name[pos] = 'A'
	}
	return string(name[pos:])
}
