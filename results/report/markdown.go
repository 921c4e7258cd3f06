package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/targets"
)

// fingerprint lists the configuration keys that identify a run, in the order
// a reader wants them.
var fingerprint = []string{"machine", "cpu", "cpus", "goos", "goarch", "go", "commit", "suite", "passes", "seed", "date", "partial"}

// Markdown writes a report on the files of set: each file's machine
// fingerprint, every style's ns/add as a ratio to sequential.loop in the same
// run, the cost of each mechanism, the charts (linked as NAME.svg, so the
// report belongs in the directory they were saved to), and, with two files
// or more, the comparison of the first with the others as benchstat tables.
func Markdown(w io.Writer, set *results.Set, charts []Chart, opts benchtab.Options) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# addbench report\n\n")
	for _, f := range set.Files {
		writeFile(&b, f)
	}
	if len(charts) > 0 {
		fmt.Fprintf(&b, "## Charts\n\n")
		for _, c := range charts {
			fmt.Fprintf(&b, "### %s\n\n![%s](%s.svg)\n\n", c.Title, c.Title, c.Name)
		}
	}
	if len(set.Files) > 1 {
		c, err := benchtab.Compare(set, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "## Comparison\n\nThe first file is the baseline; `~` marks a change that is not significant (p > α = %g).\n\n", c.Options.Alpha)
		if err := c.WriteMarkdown(&b); err != nil {
			return err
		}
		v := c.Verdict()
		fmt.Fprintf(&b, "\n### Verdict\n\n%s.\n", v)
		if len(v.Regressions) > 0 {
			fmt.Fprintf(&b, "\nRegressions (%s):\n\n", v.How())
			for _, r := range v.Regressions {
				fmt.Fprintf(&b, "- %s\n", r)
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeFile(b *bytes.Buffer, f *results.File) {
	fmt.Fprintf(b, "## %s\n\n", f.Label)
	if f.Partial {
		fmt.Fprintf(b, "**Partial run:** it was interrupted or failed; some benchmarks are missing or have fewer samples.\n\n")
	}
	if f.Config["passes"] == "" {
		fmt.Fprintf(b, "**Not a passes run:** this file was not written by addbench bench -passes, so its samples of one benchmark may have been taken in one block; ratios below pair the i-th samples of two benchmarks, which were not necessarily measured together.\n\n")
	}
	fmt.Fprintf(b, "| | |\n|---|---|\n")
	for _, k := range fingerprint {
		if v := f.Config[k]; v != "" {
			fmt.Fprintf(b, "| %s | %s |\n", k, v)
		}
	}
	b.WriteString("\n")

	rt := f.Ratios(baseline, "sec/add")
	sortRatios(rt)
	costs := f.Costs("sec/add")
	sortCosts(costs.Costs)
	base := map[results.AddKey]results.Estimate{}
	for _, c := range costs.Costs {
		if c.Key.Style == baseline {
			k := c.Key
			k.Style = ""
			base[k] = c.Value
		}
	}
	if len(rt.Configs) > 0 {
		fmt.Fprintf(b, "### ns/add as a multiple of %s\n\n", baseline)
		fmt.Fprintf(b, "Each cell is the median of the ratios paired within each pass of this run, with its 95 %% bootstrap interval; 1.00× is as fast as a plain loop. The %s row gives its own median ns/add. † marks a ratio whose pass-to-pass spread (coefficient of variation) exceeds %.0f %%: too noisy to judge.\n\n", baseline, results.UnstableCV*100)
		procs, byProcs := group(rt.Configs, func(k results.AddKey) int { return k.Gomaxprocs })
		for _, n := range procs {
			cfgs := byProcs[n]
			fmt.Fprintf(b, "GOMAXPROCS %d:\n\n| style |", n)
			for _, c := range cfgs {
				fmt.Fprintf(b, " %s p=%d q=%d |", c.Mode, c.Programs, c.Quantum)
			}
			fmt.Fprintf(b, "\n|---|%s\n| %s (ns/add) |", strings.Repeat("---:|", len(cfgs)), baseline)
			for _, c := range cfgs {
				if e, ok := base[c]; ok {
					fmt.Fprintf(b, " %.3f |", e.Center*1e9)
				} else {
					b.WriteString(" |")
				}
			}
			b.WriteString("\n")
			for _, st := range rt.Styles {
				fmt.Fprintf(b, "| %s |", st)
				for _, c := range cfgs {
					if e, ok := rt.Get(st, c); ok {
						fmt.Fprintf(b, " %s |", ratioCell(e))
					} else {
						b.WriteString(" |")
					}
				}
				b.WriteString("\n")
			}
			b.WriteString("\n")
		}
	}

	prims := f.Primitives()
	if len(prims.Costs) > 0 {
		procs, byProcs := group(prims.Costs, func(p results.PrimitiveCost) int { return p.Gomaxprocs })
		ops, _ := group(prims.Costs, func(p results.PrimitiveCost) string { return p.Op })
		fmt.Fprintf(b, "### Mechanisms, ns per operation\n\n| op |")
		for _, n := range procs {
			fmt.Fprintf(b, " GOMAXPROCS %d |", n)
		}
		fmt.Fprintf(b, "\n|---|%s\n", strings.Repeat("---:|", len(procs)))
		for _, op := range ops {
			fmt.Fprintf(b, "| %s |", op)
			for _, n := range procs {
				i := slices.IndexFunc(byProcs[n], func(p results.PrimitiveCost) bool { return p.Op == op })
				if i >= 0 {
					fmt.Fprintf(b, " %s |", sig3(byProcs[n][i].Time.Center*1e9))
				} else {
					b.WriteString(" |")
				}
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}

	if rows := peerRows(f); len(rows) > 0 {
		fmt.Fprintf(b, "### Peers: each level's styles and libraries, as multiples of its mechanism\n\n")
		fmt.Fprintf(b, "ns/add at quantum 1 (one interaction per add) ÷ the level's primitive, ns/op, paired within passes, with 95 %% bootstrap intervals.\n\n")
		fmt.Fprintf(b, "| level | style | ns/add | × primitive |\n|---|---|---:|---:|\n")
		for _, r := range rows {
			cost := ""
			for _, c := range costs.Costs {
				if c.Key == r.key {
					cost = sig3(c.Value.Center * 1e9)
				}
			}
			fmt.Fprintf(b, "| %d (op=%s) | %s | %s | %s |\n", r.level, r.op, r.style, cost, ratioCell(r.times))
		}
		b.WriteString("\n")
	}

	writeScale(b, f) // issue 11: the scale table (scale.go)

	// Targets only where the file has rows for some; a file of other
	// benchmarks would show a table of "no data".
	ts := targets.Check(f)
	if slices.ContainsFunc(ts, func(t targets.Target) bool { return t.Found }) {
		fmt.Fprintf(b, "### Targets\n\nMedians of ratios paired within each pass of this run (addbench targets), with 95%% bootstrap intervals.\n\n")
		targets.Write(b, ts, benchtab.Markdown) // a bytes.Buffer does not fail
		b.WriteString("\n")
	}
}

// ratioCell formats a ratio with its interval, "1.23× [1.20, 1.27]", and a
// dagger when it is unstable.
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
