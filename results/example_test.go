package results_test

import (
	"fmt"
	"log"

	"github.com/addbench/addbench/results"
)

// Derive the style × configuration table of costs relative to the plain loop,
// each ratio paired within a pass, the data behind a ratio table.
func ExampleFile_Ratios() {
	set, err := results.Load("testdata/old.txt")
	if err != nil {
		log.Fatal(err)
	}
	t := set.Files[0].Ratios("sequential.loop", "ns/add")
	for _, r := range t.Ratios {
		if r.Key.Quantum == 1 && r.Key.Gomaxprocs == 2 {
			fmt.Printf("%-14s %5.1f× [%5.1f, %5.1f]\n", r.Key.Style, r.Value.Center, r.Value.Lo, r.Value.Hi)
		}
	}
	// Output:
	// preempt.mutex   36.6× [ 36.2,  37.0]
	// preempt.racy     2.3× [  2.3,   2.4]
}

// Speedup over GOMAXPROCS for each style and configuration, for a line chart.
func ExampleFile_Speedups() {
	set, err := results.Load("testdata/old.txt")
	if err != nil {
		log.Fatal(err)
	}
	speedups, _ := set.Files[0].Speedups("sec/add")
	for _, s := range speedups {
		if s.Key.Quantum == 64 {
			fmt.Printf("%s: GOMAXPROCS %d %.2f\n", s.Key.Style, s.Key.Gomaxprocs, s.Value.Center)
		}
	}
	// Output:
	// sequential.loop: GOMAXPROCS 2 0.77
	// preempt.mutex: GOMAXPROCS 2 0.77
	// preempt.racy: GOMAXPROCS 2 0.76
}
