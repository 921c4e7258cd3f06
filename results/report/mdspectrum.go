package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/addbench/addbench/results"
)

// mdEscaper escapes text from a results file (names, configuration values,
// labels) for a Markdown table cell or heading: a "|" would end the cell,
// and "<" would start HTML that a Markdown renderer passes through.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;",
	"`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "\n", " ", "\r", " ",
)

// md escapes s for Markdown.
func md(s string) string { return mdEscaper.Replace(s) }

// mdLink escapes a link target: angle brackets around it allow spaces, and
// inside them only <, > and newlines need escaping.
func mdLink(s string) string {
	if !strings.ContainsAny(s, " <>()[]\n\r") {
		return s
	}
	return "<" + strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "", "\r", "").Replace(s) + ">"
}

// writeSpectrum writes a run's spectrum: a row per style, grouped by level.
func writeSpectrum(b *bytes.Buffer, r *Run, named bool) {
	if len(r.Spectrum) == 0 {
		return
	}
	if named {
		fmt.Fprintf(b, "## The spectrum: %s\n\n", md(r.Label))
	} else {
		fmt.Fprintf(b, "## The spectrum: what each style costs\n\n")
	}
	fmt.Fprintf(b, "ns/add in shared mode at GOMAXPROCS 1 (one program; two for the styles that hand over between threads), at quantum 1 and at the coarsest quantum measured; × %s and × the style's own mechanism are paired within passes, with 95 %% intervals. Speedup: ns/add at GOMAXPROCS 1 ÷ at the most measured, in the style's most parallel case. † marks a spread above %.0f %%. %s\n\n", Baseline, 100*results.UnstableCV, BimodalNote)
	scale := false
	for _, s := range r.Spectrum {
		scale = scale || s.ScalePrograms > 0
	}
	b.WriteString("| level | style | ns/add q=1 | × loop q=1 | × mechanism q=1 | ns/add coarse | × loop coarse | × mechanism coarse | speedup |")
	if scale {
		b.WriteString(" B/program |")
	}
	b.WriteString(" targets | what it is |\n|---|---|---:|---:|---:|---:|---:|---:|---:|")
	if scale {
		b.WriteString("---:|")
	}
	b.WriteString("---|---|\n")
	var notes notes
	for _, s := range r.Spectrum {
		level := "peer"
		if s.Level >= 0 {
			level = fmt.Sprint(s.Level)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |", level, md(s.Style),
			nsCell(r, s.Fine), loopCell(&notes, s.Style, s.Fine), mechCell(&notes, s.Style, s.Fine),
			nsCell(r, s.Coarse), loopCell(&notes, s.Style, s.Coarse), mechCell(&notes, s.Style, s.Coarse), speedupCell(r, &notes, s))
		if scale {
			if s.ScalePrograms > 0 {
				fmt.Fprintf(b, " %s at %s |", sig3(s.BytesPerProgram), countName(s.ScalePrograms))
			} else {
				b.WriteString(" |")
			}
		}
		fmt.Fprintf(b, " %s | %s |\n", s.Verdict, md(s.Doc))
	}
	b.WriteString("\n")
	notes.write(b)
	if note := r.OversubscribedNote(); note != "" {
		fmt.Fprintf(b, "*Oversubscribed:* %s\n\n", md(note))
	}
}

func nsCell(r *Run, c SpectrumCell) string {
	if !c.Found {
		return ""
	}
	return fmt.Sprintf("%s (q=%d%s)", sig3(c.NsAdd.Center), c.Key.Quantum, oversubscribedAt(r, c.Key.Gomaxprocs))
}

func loopCell(n *notes, style string, c SpectrumCell) string {
	if !c.Found || c.Loop.Center == 0 {
		return ""
	}
	return n.cell(c.Loop, fmt.Sprintf("%s × loop, q=%d", style, c.Key.Quantum))
}

func mechCell(n *notes, style string, c SpectrumCell) string {
	if !c.Found || c.Op == "" || c.Mech.Center == 0 {
		return ""
	}
	return n.cell(c.Mech, fmt.Sprintf("%s × op=%s, q=%d", style, c.Op, c.Key.Quantum)) + " op=" + md(c.Op)
}

func speedupCell(r *Run, n *notes, s SpectrumRow) string {
	if s.SpeedupKey.Style == "" {
		return ""
	}
	k := s.SpeedupKey
	return fmt.Sprintf("%s at %d (%s p=%d%s)", n.cell(s.Speedup, fmt.Sprintf("%s speedup at %d", s.Style, k.Gomaxprocs)),
		k.Gomaxprocs, md(k.Mode), k.Programs, oversubscribedAt(r, k.Gomaxprocs))
}

// oversubscribedAt marks a spectrum cell measured at GOMAXPROCS n of r:
// ", oversubscribed" if n is.
func oversubscribedAt(r *Run, n int) string {
	if r.Oversubscribed(n) {
		return ", oversubscribed"
	}
	return ""
}

// writeMachines writes the machines side by side.
func writeMachines(b *bytes.Buffer, r *Report) {
	t := r.Machines
	fmt.Fprintf(b, "## Machines side by side\n\nEach style's ns/add at quantum 1 (the spectrum's case) × its own machine's %s, and × its own machine's mechanism, paired within that machine's passes. **hardware-sensitive** marks a style whose relative cost on two machines has intervals that do not overlap.\n\n| level | style |", Baseline)
	for _, m := range t.Machines {
		fmt.Fprintf(b, " × loop, %s |", md(m))
	}
	for _, m := range t.Machines {
		fmt.Fprintf(b, " × mechanism, %s |", md(m))
	}
	fmt.Fprintf(b, " |\n|---|---|%s---|\n", strings.Repeat("---:|", 2*len(t.Machines)))
	var notes notes
	for _, row := range t.Rows {
		level := "peer"
		if row.Level >= 0 {
			level = fmt.Sprint(row.Level)
		}
		fmt.Fprintf(b, "| %s | %s |", level, md(row.Style))
		for i, e := range row.Loop {
			if e.Center > 0 {
				fmt.Fprintf(b, " %s |", notes.cell(e, fmt.Sprintf("%s × loop, %s", row.Style, t.Machines[i])))
			} else {
				b.WriteString(" |")
			}
		}
		for i, e := range row.Mech {
			if e.Center > 0 {
				fmt.Fprintf(b, " %s op=%s |", notes.cell(e, fmt.Sprintf("%s × op=%s, %s", row.Style, row.Op, t.Machines[i])), md(row.Op))
			} else {
				b.WriteString(" |")
			}
		}
		if row.Measured < 2 {
			b.WriteString(" measured on one machine only |\n")
		} else if !row.SameCase {
			b.WriteString(" not the same case on every machine |\n")
		} else if row.Sensitive {
			b.WriteString(" **hardware-sensitive** |\n")
		} else {
			b.WriteString(" |\n")
		}
	}
	b.WriteString("\n")
	notes.write(b)
}
