package benchtab

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/perf/benchunit"
)

// WriteMarkdown writes c as one GitHub-flavoured Markdown table per unit,
// with the same cells as WriteText and its warnings as footnotes.
func (c *Comparison) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	afterHdr := false
	err := c.eachTable(func(hdr string) error {
		if hdr == "" {
			b.WriteString("\n") // between tables
		} else {
			b.WriteString(mdEscape(hdr) + "  \n")
			afterHdr = true
		}
		return nil
	}, func(t *Table) error {
		if afterHdr {
			b.WriteString("\n") // a table cannot interrupt a paragraph
			afterHdr = false
		}
		t.writeMarkdown(&b)
		return nil
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, b.String())
	return err
}

func (t *Table) writeMarkdown(b *strings.Builder) {
	var notes footnotes
	cell := func(s, note string) string {
		if note != "" {
			s += " " + note
		}
		return " " + mdEscape(s) + " |"
	}

	b.WriteString("|" + cell(t.unitLabel(), ""))
	align := "\n|:--|"
	for i, col := range t.Cols {
		b.WriteString(cell(col, ""))
		align += "--:|"
		if i > 0 {
			b.WriteString(cell("vs base", ""))
			align += "--:|"
		}
	}
	b.WriteString(align + "\n")

	for _, row := range t.Rows {
		b.WriteString("|" + cell(row.Label, ""))
		scaler := t.rowScaler(row)
		for i, c := range row.Cells {
			switch {
			case c == nil:
				b.WriteString(cell("", ""))
			default:
				v := scaler.Format(c.Summary.Center) + " ± " + c.Summary.PctRangeString()
				b.WriteString(cell(v, notes.mark(c.Sample.Warnings, c.Summary.Warnings)))
			}
			if i == 0 {
				continue
			}
			if c == nil || c.Baseline == nil {
				b.WriteString(cell("", ""))
				continue
			}
			d := c.Comparison.FormatDelta(c.Baseline.Summary.Center, c.Summary.Center)
			b.WriteString(cell(d+" ("+c.Comparison.String()+")", notes.mark(c.Comparison.Warnings)))
		}
		b.WriteString("\n")
	}

	if len(t.Rows) > 1 {
		b.WriteString("|" + cell("geomean", ""))
		cls := benchunit.ClassOf(t.Unit)
		for i, g := range t.Geomean {
			v := ""
			if g.HasSummary {
				v = benchunit.Scale(g.Summary, cls)
			}
			if i == 0 {
				b.WriteString(cell(v, notes.mark(g.Warnings)))
				continue
			}
			b.WriteString(cell(v, ""))
			d := "?"
			if g.HasRatio {
				d = fmt.Sprintf("%+.2f%%", (g.Ratio-1)*100)
			}
			b.WriteString(cell(d, notes.mark(g.Warnings)))
		}
		b.WriteString("\n")
	}

	if len(notes.list) > 0 {
		b.WriteString("\n")
		for i, msg := range notes.list {
			fmt.Fprintf(b, "%s %s  \n", superscript(i+1), mdEscape(msg))
		}
	}
}

// mdEscape keeps text from breaking a Markdown table or being read as markup.
func mdEscape(s string) string {
	return strings.NewReplacer(`|`, `\|`, `*`, `\*`, `_`, `\_`, "`", "\\`").Replace(s)
}
