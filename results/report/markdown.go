package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/addbench/addbench/results"
)

// fingerprint lists the configuration keys that identify a run, in the order
// a reader wants them.
var fingerprint = []string{"machine", "cpu", "cpus", "goos", "goarch", "go", "commit", "suite", "date", "partial"}

// Markdown writes a report on the files of set: each file's machine
// fingerprint, every style's ns/add as a ratio to sequential.loop in the same
// run, the cost of each mechanism, the charts (linked as NAME.svg, so the
// report belongs in the directory they were saved to), and, with two files
// or more, the comparison of the first with the others as benchstat tables.
func Markdown(w io.Writer, set *results.Set, charts []Chart, opts results.Options) error {
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
		c, err := results.Compare(set, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "## Comparison\n\nThe first file is the baseline; `~` marks a change that is not significant (p > α = %g).\n\n", c.Options.Alpha)
		if err := c.WriteMarkdown(&b); err != nil {
			return err
		}
		if reg, _ := c.Changes(); len(reg) > 0 {
			if c.Options.Threshold < 0 {
				fmt.Fprintf(&b, "\n### Regressions (significant)\n\n")
			} else {
				fmt.Fprintf(&b, "\n### Regressions (significant and worse than %g%%)\n\n", c.Options.Threshold)
			}
			for _, r := range reg {
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
	fmt.Fprintf(b, "| | |\n|---|---|\n")
	for _, k := range fingerprint {
		if v := f.Config[k]; v != "" {
			fmt.Fprintf(b, "| %s | %s |\n", k, v)
		}
	}
	b.WriteString("\n")

	rt := f.Ratios(baseline, "sec/add")
	costs := f.Costs("sec/add")
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
		fmt.Fprintf(b, "Medians from this run; 1.00× is as fast as a plain loop. The %s row gives its own ns/add.\n\n", baseline)
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
						fmt.Fprintf(b, " %s |", times(e.Center))
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
	if len(prims.Primitives) > 0 {
		procs, byProcs := group(prims.Primitives, func(p results.Primitive) int { return p.Gomaxprocs })
		ops, _ := group(prims.Primitives, func(p results.Primitive) string { return p.Op })
		fmt.Fprintf(b, "### Mechanisms, ns per operation\n\n| op |")
		for _, n := range procs {
			fmt.Fprintf(b, " GOMAXPROCS %d |", n)
		}
		fmt.Fprintf(b, "\n|---|%s\n", strings.Repeat("---:|", len(procs)))
		for _, op := range ops {
			fmt.Fprintf(b, "| %s |", op)
			for _, n := range procs {
				i := slices.IndexFunc(byProcs[n], func(p results.Primitive) bool { return p.Op == op })
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

	// Targets only where the file has rows for some; a file of other
	// benchmarks would show a table of "no data".
	ts := f.Targets()
	if slices.ContainsFunc(ts, func(t results.Target) bool { return t.Found }) {
		fmt.Fprintf(b, "### Targets\n\nRatios of medians within this run (addbench targets), with intervals of at least 90%% confidence.\n\n")
		results.WriteTargets(b, ts, results.Markdown) // a bytes.Buffer does not fail
		b.WriteString("\n")
	}
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
