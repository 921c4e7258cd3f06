package results_test

import (
	"fmt"
	"log"
	"os"

	"github.com/addbench/addbench/results"
)

// Compare two runs as benchstat does with -table "", keeping one style and
// one unit. The output is benchstat's, byte for byte.
func ExampleCompare() {
	set, err := results.Load("base=testdata/old.txt", "new=testdata/new.txt")
	if err != nil {
		log.Fatal(err)
	}
	c, err := results.Compare(set, results.Options{Filter: "/style:preempt.mutex .unit:sec/add"})
	if err != nil {
		log.Fatal(err)
	}
	if err := c.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	//                                                                      │    base     │                 new                 │
	//                                                                      │   sec/add   │   sec/add    vs base                │
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=1      22.04n ± 1%   23.99n ± 1%   +8.83% (p=0.000 n=10)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=1-2    28.71n ± 1%   31.43n ± 1%   +9.45% (p=0.000 n=10)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=64     4.689n ± 1%   5.144n ± 2%   +9.71% (p=0.000 n=10)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=64-2   6.085n ± 1%   6.723n ± 1%  +10.48% (p=0.000 n=10)
	// geomean                                                                11.59n        12.71n        +9.61%
}

// Gate on regressions: significant changes worse than 5%, compared as ratios
// to sequential.loop so that a slower machine alone raises nothing. This is
// what "addbench compare -normalize sequential.loop" does before exiting 1.
func ExampleComparison_Changes() {
	set, err := results.Load("base=testdata/old.txt", "new=testdata/new.txt")
	if err != nil {
		log.Fatal(err)
	}
	c, err := results.Compare(set, results.Options{Normalize: "sequential.loop", Filter: ".unit:sec/add"})
	if err != nil {
		log.Fatal(err)
	}
	regressions, _ := c.Changes()
	for _, r := range regressions {
		fmt.Printf("%s: %.1f → %.1f × %s (%+.1f%%)\n", r.Name, r.Old, r.New, r.Normalized, r.Delta)
	}
	// Output:
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=1: 36.8 → 39.9 × sequential.loop (+8.6%)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=1-2: 36.5 → 40.2 × sequential.loop (+10.2%)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=64: 36.8 → 40.5 × sequential.loop (+10.1%)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=64-2: 36.6 → 40.7 × sequential.loop (+11.0%)
}

// Derive the style × configuration table of costs relative to the plain loop,
// the data behind a ratio chart.
func ExampleFile_Ratios() {
	set, err := results.Load("testdata/old.txt")
	if err != nil {
		log.Fatal(err)
	}
	t := set.Files[0].Ratios("sequential.loop", "ns/add")
	for _, r := range t.Ratios {
		if r.Key.Quantum == 1 && r.Key.Gomaxprocs == 2 {
			fmt.Printf("%-14s %5.1f× [%5.1f, %5.1f]\n", r.Key.Style, r.Ratio.Center, r.Ratio.Lo, r.Ratio.Hi)
		}
	}
	// Output:
	// preempt.mutex   36.5× [ 35.8,  37.7]
	// preempt.racy     2.3× [  2.3,   2.4]
}

// Speedup over GOMAXPROCS for each style and configuration, for a line chart.
func ExampleFile_Speedups() {
	set, err := results.Load("testdata/old.txt")
	if err != nil {
		log.Fatal(err)
	}
	c := set.Files[0].Speedups("sec/add")
	for _, s := range c.Series {
		if s.Key.Quantum == 64 {
			fmt.Printf("%s:", s.Key.Style)
			for _, p := range s.Points {
				fmt.Printf(" P=%g %.2f", p.X, p.Y.Center)
			}
			fmt.Println()
		}
	}
	// Output:
	// sequential.loop: P=1 1.00 P=2 0.77
	// preempt.mutex: P=1 1.00 P=2 0.77
	// preempt.racy: P=1 1.00 P=2 0.76
}
