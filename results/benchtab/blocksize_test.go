package benchtab

import (
	"fmt"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
)

// TestBlockSizePairs: an ABBA session's block-size line decides how many
// measurements a side make one pair, each pair the faster of each side's
// block. The base has two samples slowed 3× in every block of four: read
// in blocks of four, the faster samples agree (no change); read in blocks
// of two, every other pair looks 3× faster. Sizes that are not an even
// number ≥ 2, or that differ between the files, are not paired.
func TestBlockSizePairs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, config string, block []float64) string {
		var b strings.Builder
		b.WriteString(config)
		for i := range 12 {
			for _, v := range block {
				fmt.Fprintf(&b, "BenchmarkA 1 %g ns/op\n", v*(1+0.001*float64(i%5)))
			}
		}
		return name + "=" + writeResults(t, dir, name, b.String())
	}
	base, head := []float64{30, 30, 10, 10.1}, []float64{10.1, 10, 10, 10.1}
	four := "pairing: abba\nsession: 9\nblock-size: 4\n"
	set, err := results.Load(write("a", four, base), write("b", four, head))
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	if !c.Paired || c.Block != 4 {
		t.Fatalf("paired %v in blocks of %d; want paired in blocks of 4 (warnings %v)", c.Paired, c.Block, c.Warnings)
	}
	if v := c.Verdict(); len(v.Regressions)+len(v.Improvements) != 0 {
		t.Errorf("blocks of four, two slow samples each: %s; want no change", v)
	}

	two := "pairing: abba\nsession: 9\nblock-size: 2\n"
	set, err = results.Load(write("c", two, base), write("d", two, head))
	if err != nil {
		t.Fatal(err)
	}
	if c := compare(t, set, DefaultOptions); c.Block != 2 || len(c.Verdict().Improvements) != 1 {
		t.Errorf("the same samples in blocks of two: block %d, verdict %s; want the improvement blocks of two see", c.Block, c.Verdict())
	}
	set, err = results.Load(write("c0", "pairing: abba\nsession: 9\n", base), write("d0", "pairing: abba\nsession: 9\n", head))
	if err != nil {
		t.Fatal(err)
	}
	if c := compare(t, set, DefaultOptions); !c.Paired || c.Block != 2 {
		t.Errorf("abba files without block-size (older ab): paired %v in blocks of %d; want blocks of 2", c.Paired, c.Block)
	}

	for _, bad := range []string{"3", "0", "x", "-2"} {
		cfg := "pairing: abba\nsession: 9\nblock-size: " + bad + "\n"
		set, err := results.Load(write("e"+bad, cfg, []float64{10, 10, 10, 10}), write("f"+bad, cfg, []float64{10, 10, 10, 10}))
		if err != nil {
			t.Fatal(err)
		}
		if c := compare(t, set, DefaultOptions); c.Paired || len(c.Warnings) == 0 || !strings.Contains(c.Warnings[0].Error(), "block-size") {
			t.Errorf("block-size %q: paired %v, warnings %v; want unpaired with a warning naming block-size", bad, c.Paired, c.Warnings)
		}
	}
	set, err = results.Load(write("g", four, []float64{10, 10, 10, 10}), write("h", two, []float64{10, 10, 10, 10}))
	if err != nil {
		t.Fatal(err)
	}
	if c := compare(t, set, DefaultOptions); c.Paired || len(c.Warnings) == 0 {
		t.Errorf("block sizes 4 and 2: paired %v, warnings %v; want unpaired with a warning", c.Paired, c.Warnings)
	}
}

// TestNotEnoughDifferingPairs: pairs whose sides are equal carry no sign,
// so twelve pairs of which two differ cannot reach 0.05 — and the reason
// says so rather than "12 pairs cannot reach".
func TestNotEnoughDifferingPairs(t *testing.T) {
	dir := t.TempDir()
	var a, b strings.Builder
	for _, f := range []*strings.Builder{&a, &b} {
		f.WriteString("pairing: passes\nsession: 5\n")
	}
	for i := range 12 {
		fmt.Fprintf(&a, "BenchmarkA 1 %d ns/op\n", 100)
		v := 100
		if i < 2 {
			v = 150
		}
		fmt.Fprintf(&b, "BenchmarkA 1 %d ns/op\n", v)
	}
	set, err := results.Load("a="+writeResults(t, dir, "a", a.String()), "b="+writeResults(t, dir, "b", b.String()))
	if err != nil {
		t.Fatal(err)
	}
	v := compare(t, set, DefaultOptions).Verdict()
	if len(v.Untested) != 1 || !strings.Contains(v.Untested[0].Why, "12 pairs, of which 2 differ") {
		t.Errorf("untested %v; want one, saying 12 pairs of which 2 differ", v.Untested)
	}
}
