package benchtab_test

import (
	"fmt"
	"github.com/addbench/addbench/results/benchtab"
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
	opts := benchtab.DefaultOptions
	opts.Filter = "/style:preempt.mutex .unit:sec/add"
	c, err := benchtab.Compare(set, opts)
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
func ExampleComparison_Verdict() {
	set, err := results.Load("base=testdata/old.txt", "new=testdata/new.txt")
	if err != nil {
		log.Fatal(err)
	}
	opts := benchtab.DefaultOptions
	opts.Normalize, opts.Filter = "sequential.loop", ".unit:sec/add"
	c, err := benchtab.Compare(set, opts)
	if err != nil {
		log.Fatal(err)
	}
	v := c.Verdict()
	for _, r := range v.Regressions {
		fmt.Printf("%s: %.1f → %.1f × %s (%+.1f%%)\n", r.Name, r.Old, r.New, r.Normalized, r.Delta)
	}
	// Output:
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=1: 36.8 → 39.9 × sequential.loop (+8.6%)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=1-2: 36.5 → 40.2 × sequential.loop (+10.2%)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=64: 36.8 → 40.5 × sequential.loop (+10.1%)
	// Add/style=preempt.mutex/mode=shared/programs=8/len=4096/quantum=64-2: 36.6 → 40.7 × sequential.loop (+11.0%)
}
