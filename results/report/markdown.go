package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/targets"
)

// CrossMachine is what a report of files from different machines says
// instead of a verdict.
const CrossMachine = "**No verdict:** between machines a \"regression\" is the hardware, not the code. The tables below compare raw times across machines; compare two builds on one machine (addbench ab) for a verdict."

// Markdown writes r as a Markdown report: each file's machine fingerprint,
// every style's ns/add as a ratio to the baseline in the same run, the cost
// of each mechanism, the peers, the scale table and the targets; the charts
// figs, each linked as chartDir/NAME.svg (chartDir is the way from the
// report to the directory the charts were saved in, "" when beside it); and,
// with two files or more, the comparison of the first with the others as
// benchstat tables, with its verdict — none for files from different
// machines (r.Machines), which says so instead (CrossMachine).
func Markdown(w io.Writer, r *Report, figs []Figure, chartDir string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# addbench report\n\n")
	// The answer first: what each style costs, then the machines side by
	// side, then each run's details.
	for i := range r.Runs {
		writeSpectrum(&b, &r.Runs[i], len(r.Runs) > 1)
	}
	if r.Machines != nil {
		writeMachines(&b, r)
	}
	for i := range r.Runs {
		writeRun(&b, &r.Runs[i])
	}
	if len(figs) > 0 {
		fmt.Fprintf(&b, "## Charts\n\n")
		for _, c := range figs {
			link := c.Name + ".svg"
			if chartDir != "" && chartDir != "." {
				link = path.Join(filepath.ToSlash(chartDir), link)
			}
			fmt.Fprintf(&b, "### %s\n\n![%s](%s)\n\n", md(c.Title), md(c.Title), mdLink(link))
		}
	}
	if c := r.Comparison; c != nil {
		fmt.Fprintf(&b, "## Comparison\n\nThe first file is the baseline; `~` marks a change that is not significant (p > α = %g).\n\n", c.Options.Alpha)
		if r.Machines != nil {
			fmt.Fprintf(&b, "**The files come from different machines:** this comparison measures the hardware as much as the code; see the machines side by side above for what each style costs relative to its own machine.\n\n")
			fmt.Fprintf(&b, "%s\n\n", CrossMachine)
		}
		if err := c.WriteMarkdown(&b); err != nil {
			return err
		}
		// Between machines a "regression" is the hardware, not the code:
		// no verdict, whatever the tests say.
		if r.Machines == nil {
			writeVerdict(&b, r.Verdict)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeVerdict writes v: its summary, the regressions and improvements, and
// what each unchanged benchmark could have seen.
func writeVerdict(b *bytes.Buffer, v benchtab.Verdict) {
	fmt.Fprintf(b, "\n### Verdict\n\n%s.\n", v)
	if len(v.Regressions) > 0 {
		fmt.Fprintf(b, "\nRegressions (%s):\n\n", v.How())
		for _, ch := range v.Regressions {
			fmt.Fprintf(b, "- %s\n", md(ch.String()))
		}
	}
	if len(v.Improvements) > 0 {
		fmt.Fprintf(b, "\nImprovements:\n\n")
		for _, ch := range v.Improvements {
			fmt.Fprintf(b, "- %s\n", md(ch.String()))
		}
	}
	writeUnchanged(b, v)
}

func writeRun(b *bytes.Buffer, r *Run) {
	fmt.Fprintf(b, "## %s\n\n", md(r.Label))
	if r.Partial {
		fmt.Fprintf(b, "**Partial run:** it was interrupted or failed; some benchmarks are missing or have fewer samples.\n\n")
	}
	if !r.Passes {
		fmt.Fprintf(b, "**Not a passes run:** this file was not written by addbench bench -passes, so its samples of one benchmark may have been taken in one block; ratios below pair the i-th samples of two benchmarks, which were not necessarily measured together.\n\n")
	}
	fmt.Fprintf(b, "| | |\n|---|---|\n")
	for _, f := range r.Fingerprint {
		fmt.Fprintf(b, "| %s | %s |\n", md(f.Key), md(f.Value))
	}
	b.WriteString("\n")
	if note := r.OversubscribedNote(); note != "" {
		fmt.Fprintf(b, "**Oversubscribed** at GOMAXPROCS %s, marked so below: %s\n\n", joinInts(r.OversubscribedProcs), md(note))
	}
	writeRatios(b, r)
	writeMechanisms(b, r)
	writePeers(b, r)
	if r.Scale != nil {
		writeScale(b, r)
	}
	writeSkipped(b, r)
	if r.Targets != nil {
		fmt.Fprintf(b, "### Targets\n\nRatios paired within each pass of this run (addbench targets): Hodges–Lehmann estimates with exact 95 %% signed-rank intervals.\n\n")
		targets.Write(b, r.Targets, benchtab.Markdown) // a bytes.Buffer does not fail
		b.WriteString("\n")
	}
}

// writeRatios writes a run's ratio table, one per GOMAXPROCS: a column per
// configuration, a row per style, and the baseline's own ns/add first.
func writeRatios(b *bytes.Buffer, r *Run) {
	rt := r.Ratios
	if len(rt.Configs) == 0 {
		return
	}
	fmt.Fprintf(b, "### ns/add as a multiple of %s\n\n", Baseline)
	alone := r.AloneLegend()
	if alone != "" {
		alone = " " + alone
	}
	fmt.Fprintf(b, "Each cell is the Hodges–Lehmann estimate of the ratios paired within each pass of this run, with its exact 95 %% signed-rank interval; 1.00× is as fast as a plain loop. The %s row gives its own median ns/add. † marks a ratio whose pass-to-pass spread (1.4826 × the median absolute deviation of the log ratios) exceeds %.0f %%: too noisy to judge. %s%s\n\n", Baseline, results.UnstableCV*100, BimodalNote, alone)
	// Collapsed: the spectrum above is the summary; this is every cell.
	fmt.Fprintf(b, "<details><summary>Every configuration (%d ratios)</summary>\n\n", len(rt.Ratios))
	defer b.WriteString("</details>\n\n")
	procs, byProcs := group(rt.Configs, func(k results.AddKey) int { return k.Gomaxprocs })
	for _, n := range procs {
		cfgs := byProcs[n]
		var notes notes
		fmt.Fprintf(b, "GOMAXPROCS %d%s:\n\n| style |", n, oversubscribedHead(r, n))
		for _, c := range cfgs {
			fmt.Fprintf(b, " %s p=%d q=%d |", md(c.Mode), c.Programs, c.Quantum)
		}
		fmt.Fprintf(b, "\n|---|%s\n| %s (ns/add) |", strings.Repeat("---:|", len(cfgs)), Baseline)
		for _, c := range cfgs {
			c.Style = Baseline
			if e, ok := r.NsPerAdd(c); ok {
				fmt.Fprintf(b, " %.3f |", e.Center)
			} else {
				b.WriteString(" |")
			}
		}
		b.WriteString("\n")
		for _, st := range rt.Styles {
			fmt.Fprintf(b, "| %s |", md(st))
			for _, c := range cfgs {
				if e, ok := rt.Get(st, c); ok {
					cell := notes.cell(e, fmt.Sprintf("%s, %s p=%d q=%d, GOMAXPROCS %d", st, c.Mode, c.Programs, c.Quantum, c.Gomaxprocs))
					if IsAlone(st, c.Programs) {
						cell += " " + Alone
					}
					fmt.Fprintf(b, " %s |", cell)
				} else {
					b.WriteString(" |")
				}
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
		notes.write(b)
	}
}

// writeMechanisms writes the mechanisms as a table of ops by GOMAXPROCS.
func writeMechanisms(b *bytes.Buffer, r *Run) {
	ms := r.Mechanisms
	if len(ms) == 0 {
		return
	}
	procs, byProcs := group(ms, func(m Mechanism) int { return m.Gomaxprocs })
	ops, _ := group(ms, func(m Mechanism) string { return m.Op })
	fmt.Fprintf(b, "### Mechanisms, ns per operation\n\n| op |")
	for _, n := range procs {
		fmt.Fprintf(b, " GOMAXPROCS %d%s |", n, oversubscribedHead(r, n))
	}
	fmt.Fprintf(b, "\n|---|%s\n", strings.Repeat("---:|", len(procs)))
	for _, op := range ops {
		fmt.Fprintf(b, "| %s |", md(op))
		for _, n := range procs {
			i := slices.IndexFunc(byProcs[n], func(m Mechanism) bool { return m.Op == op })
			if i >= 0 {
				fmt.Fprintf(b, " %s |", sig3(byProcs[n][i].Ns.Center))
			} else {
				b.WriteString(" |")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func writePeers(b *bytes.Buffer, r *Run) {
	if len(r.Peers) == 0 {
		return
	}
	fmt.Fprintf(b, "### Peers: each level's styles and libraries, as multiples of its mechanism\n\n")
	fmt.Fprintf(b, "ns/add at quantum 1 (one interaction per add) ÷ the level's primitive, ns/op, paired within passes, with exact 95 %% signed-rank intervals.\n\n")
	fmt.Fprintf(b, "| level | style | ns/add | × primitive |\n|---|---|---:|---:|\n")
	var notes notes
	for _, p := range r.Peers {
		cost := ""
		if e, ok := r.NsPerAdd(p.Key); ok {
			cost = sig3(e.Center)
		}
		fmt.Fprintf(b, "| %d (op=%s) | %s%s | %s | %s |\n", p.Level, md(p.Op), md(p.Key.Style), oversubscribedHead(r, p.Key.Gomaxprocs), cost,
			notes.cell(p.Times, fmt.Sprintf("%s × op=%s", p.Key.Style, p.Op)))
	}
	b.WriteString("\n")
	notes.write(b)
}

// writeSkipped lists the benchmarks r's run skipped and why, so that a
// style missing from a table is not taken for one that was never run.
func writeSkipped(b *bytes.Buffer, r *Run) {
	if len(r.Skipped) == 0 {
		return
	}
	n := len(r.Skipped)
	what := "benchmarks"
	if n == 1 {
		what = "benchmark"
	}
	fmt.Fprintf(b, "### Skipped\n\nThe run skipped %d %s, missing from the tables above for the reason given.\n\n| benchmark | passes | reason |\n|---|---:|---|\n", n, what)
	for _, s := range r.Skipped {
		fmt.Fprintf(b, "| %s | %d | %s |\n", md(s.Benchmark), s.Passes, md(s.Reason))
	}
	b.WriteString("\n")
}

// writeScale writes r's scale table and the anchors beside it.
func writeScale(b *bytes.Buffer, r *Run) {
	t := r.Scale
	fmt.Fprintf(b, "### Scale: memory and time per concurrent program\n\n")
	fmt.Fprintf(b, "B/program is the peak of heap and goroutine stacks (and, for process styles, the workers' resident memory) above the workload, per concurrent program; ns/program is the time of one Run per program. A blank cell is a style the scale suite skips at that count (bench.ScaleCaps).\n\n| style |")
	for _, c := range t.Columns {
		fmt.Fprintf(b, " %s%s B/program | ns/program |", md(c.String()), oversubscribedHead(r, c.Gomaxprocs))
	}
	fmt.Fprintf(b, "\n|---|%s\n", strings.Repeat("---:|---:|", len(t.Columns)))
	for _, row := range t.Rows {
		fmt.Fprintf(b, "| %s |", md(row.Style))
		for _, c := range row.Cells {
			if c.Blank() {
				b.WriteString(" | |")
				continue
			}
			fmt.Fprintf(b, " %s | %s |", sig3(c.BytesPerProgram), sig3(c.NsPerProgram))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "\nAnchors, bytes per task:\n\n| anchor | B/task |\n|---|---:|\n")
	for _, a := range t.Anchors {
		fmt.Fprintf(b, "| %s | %s |\n", a.What, sig3(a.Bytes))
	}
	b.WriteString("\n")
}

// ratioCell formats a ratio with its interval, "1.23× [1.20, 1.27]", and a
// dagger when it is unstable. Tables write it through notes.cell, which
// marks a bimodal ratio too.
func ratioCell(e results.Estimate) string {
	s := times(e.Center)
	if e.Bounded() {
		s += fmt.Sprintf(" [%s, %s]", sig3(e.Lo), sig3(e.Hi))
	}
	if e.Unstable() {
		s += " †"
	}
	return s
}

// notes are the footnotes of one table: each bimodal ratio in it, named,
// with its two speeds, so that a reader never sees them averaged without
// both.
type notes []string

// cell formats a ratio as ratioCell does and marks a bimodal one with
// Bimodal, noting its two speeds under where (plain text: cell escapes it).
func (n *notes) cell(e results.Estimate, where string) string {
	s := ratioCell(e)
	if e.Bimodal() {
		s += " " + Bimodal
		*n = append(*n, md(where)+": "+TwoSpeeds(e))
	}
	return s
}

// write writes the notes as a list, after their table.
func (n notes) write(b *bytes.Buffer) {
	for _, x := range n {
		fmt.Fprintf(b, "- %s %s\n", Bimodal, x)
	}
	if len(n) > 0 {
		b.WriteString("\n")
	}
}

// oversubscribedHead marks a heading, column or row of r measured at
// GOMAXPROCS n: " (oversubscribed)" if n is, "" if not.
func oversubscribedHead(r *Run, n int) string {
	if r.Oversubscribed(n) {
		return " (oversubscribed)"
	}
	return ""
}

// joinInts writes ns as "2, 4".
func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// times formats a ratio as "1.23×", with three significant digits.
func times(r float64) string { return sig3(r) + "×" }

// sig3 formats v with three significant digits and no exponent.
func sig3(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v)
	}
	digits := max(0, 2-int(math.Floor(math.Log10(math.Abs(v)))))
	return fmt.Sprintf("%.*f", digits, v)
}

// writeUnchanged writes the benchmarks the verdict calls unchanged, each
// with the smallest change it could have detected: "~" is not "no change",
// only "no change this large", and the table says how large. Cells left
// untested follow with their reasons.
func writeUnchanged(b *bytes.Buffer, v benchtab.Verdict) {
	if len(v.Unchanged) > 0 {
		fmt.Fprintf(b, "\nUnchanged: the change each could have detected (%g %% power, at the family's strictest level):\n\n", 100*benchtab.Power)
		b.WriteString("| benchmark | unit | change | test | p | could have seen |\n|---|---|--:|---|--:|--:|\n")
		for _, ch := range v.Unchanged {
			fmt.Fprintf(b, "| %s | %s | %+.2f %% | %s | %.2g | %s |\n", md(ch.Name), md(ch.Unit), ch.Delta, ch.Test, ch.P, benchtab.FormatDetectable(ch.Detectable))
		}
	}
	if len(v.Untested) > 0 {
		b.WriteString("\nNot tested:\n\n")
		for _, ch := range v.Untested {
			fmt.Fprintf(b, "- %s %s: %s\n", md(ch.Name), md(ch.Unit), md(ch.Why))
		}
	}
}
