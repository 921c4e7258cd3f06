package benchtab

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
)

// A column missing one row still gets the geomean of the rows it has
// (build.go: continue → break would stop at the missing row).
func TestGeomeanSkipsMissingCells(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeResults(t, dir, name, text) }
	var old, new strings.Builder
	for range 6 {
		old.WriteString("BenchmarkA 1 2 ns/op\nBenchmarkB 1 4 ns/op\nBenchmarkC 1 8 ns/op\n")
		new.WriteString("BenchmarkB 1 4 ns/op\nBenchmarkC 1 16 ns/op\n") // no A
	}
	set, err := results.Load(write("old", old.String()), write("new", new.String()))
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	g := c.Tables[0].Geomean[1]
	// geomean(4, 16) ns = 8 ns; ratios 4/4 and 16/8: geomean √2.
	if !g.HasSummary || !(math.Abs(g.Summary-8e-9) <= 1e-18) || !g.HasRatio || !(math.Abs(g.Ratio-math.Sqrt2) <= 1e-12) {
		t.Errorf("geomean %+v, want 8ns and ratio √2 from the two rows present", g)
	}
	if !containsError(g.Warnings, "benchmark set differs from baseline") {
		t.Errorf("geomean warnings %v lack the differing-set warning", g.Warnings)
	}
}

// Table keys name the table's configuration ("cpu:X"), which the verdict's
// changes carry.
func TestTableKeys(t *testing.T) {
	set, err := results.Load("testdata/old.txt", "testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, opts(func(o *Options) { o.Table = "cpu"; o.Filter = ".unit:sec/add" }))
	var keys []string
	for _, tab := range c.Tables {
		keys = append(keys, tab.Key)
	}
	want := []string{"cpu:Intel(R) Xeon(R) CPU @ 2.20GHz", "cpu:AMD EPYC 7B12"} // in file order
	if !slices.Equal(keys, want) {
		t.Errorf("table keys %q, want %q", keys, want)
	}
}
