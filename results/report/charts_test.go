package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/plot"
)

// TestProgramsPhrase: powers of two from 1024 up are written 2^k, other
// lengths in full; one program is singular.
func TestProgramsPhrase(t *testing.T) {
	for _, tc := range []struct {
		n, length int
		want      string
	}{
		{8, 16384, "8 programs of 2^14 adds"},
		{2, 1024, "2 programs of 2^10 adds"},
		{2, 512, "2 programs of 512 adds"},
		{2, 3072, "2 programs of 3072 adds"},
		{1, 1000, "1 program of 1000 adds"},
	} {
		if got := programs(tc.n, tc.length); got != tc.want {
			t.Errorf("programs(%d, %d) = %q, want %q", tc.n, tc.length, got, tc.want)
		}
	}
}

// ns converts seconds to nanoseconds, interval and all.
func TestNs(t *testing.T) {
	got := ns(results.Estimate{Center: 2e-9, Lo: 1e-9, Hi: 4e-9})
	if want := (plot.Estimate{Center: 2, Lo: 1, Hi: 4}); got != want {
		t.Errorf("ns = %+v, want %+v", got, want)
	}
}

// TestNoMechanismsChartWithoutPrimitives: a file without BenchmarkPrimitive
// gets no mechanisms chart, and no error or warning for it.
func TestNoMechanismsChartWithoutPrimitives(t *testing.T) {
	p := filepath.Join(t.TempDir(), "adds.txt")
	os.WriteFile(p, []byte("BenchmarkAdd/style=sequential.loop/mode=shared/programs=1/len=8/quantum=1 1000 5 ns/op 0.6 ns/add\n"), 0o644)
	charts, warnings, err := Charts(loadFile(t, p).Files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		if strings.Contains(w.Error(), "primitives") {
			t.Errorf("warning about primitives the file does not have: %v", w)
		}
	}
	if len(charts) == 0 || slices.ContainsFunc(charts, func(c Chart) bool {
		return strings.Contains(c.Name, "mechanism") || strings.Contains(c.Name, "primitive")
	}) {
		t.Errorf("charts %v: want some, and none of mechanisms", names(charts))
	}
}

// TestChangeChartTitles: a change chart says what it compares: ns/add, or
// ns/add ÷ the baseline style when normalized.
func TestChangeChartTitles(t *testing.T) {
	set := loadFile(t, "old=testdata/quick.txt", "new=testdata/quick.txt")
	for norm, want := range map[string]string{"": "Change in ns/add, ", "sequential.loop": "Change in ns/add ÷ sequential.loop, "} {
		opts := benchtab.DefaultOptions
		opts.Normalize = norm
		c, err := benchtab.Compare(set, opts)
		if err != nil {
			t.Fatal(err)
		}
		charts, _, err := ChangeCharts(c)
		if err != nil {
			t.Fatal(err)
		}
		if len(charts) == 0 {
			t.Fatal("no change charts")
		}
		for _, ch := range charts {
			if !strings.HasPrefix(ch.Title, want) {
				t.Errorf("normalize %q: title %q, want it to start %q", norm, ch.Title, want)
			}
		}
	}
}

func names(cs []Chart) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}
