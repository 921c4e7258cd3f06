package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/addbench/addbench/results/benchtab"
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

// TestNoMechanismsChartWithoutPrimitives: a file without BenchmarkPrimitive
// gets no mechanisms chart, and no error or warning for it.
func TestNoMechanismsChartWithoutPrimitives(t *testing.T) {
	p := writeText(t, t.TempDir(), "adds.txt", addsOnly)
	charts, warnings, err := fileFigures(loadFile(t, p).Files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		if strings.Contains(w.Error(), "primitives") {
			t.Errorf("warning about primitives the file does not have: %v", w)
		}
	}
	if len(charts) == 0 || slices.ContainsFunc(charts, func(c Figure) bool {
		return strings.Contains(c.Name, "mechanism") || strings.Contains(c.Name, "primitive")
	}) {
		t.Errorf("charts %v: want some, and none of mechanisms", names(charts))
	}
}

// TestChangeChartTitles: a change chart says what it compares: ns/add, or
// ns/add ÷ the baseline style when normalized.
func TestChangeFigureTitles(t *testing.T) {
	set := loadFile(t, "old=testdata/quick.txt", "new=testdata/quick.txt")
	for norm, want := range map[string]string{"": "Change in ns/add, ", "sequential.loop": "Change in ns/add ÷ sequential.loop, "} {
		opts := benchtab.DefaultOptions
		opts.Normalize = norm
		c, err := benchtab.Compare(set, opts)
		if err != nil {
			t.Fatal(err)
		}
		charts, _, err := changeFigures(c)
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

func names(cs []Figure) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// compareStyles orders registry styles by rank, and every other name after
// them, by name.
func TestCompareStyles(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"sequential.loop", "lockfree.atomic", -1},
		{"lockfree.atomic", "sequential.loop", 1},
		{"peer.x", "sequential.loop", 1},
		{"sequential.loop", "peer.x", -1},
		{"peer.a", "peer.b", -1},
	} {
		if got := compareStyles(tc.a, tc.b); got != tc.want {
			t.Errorf("compareStyles(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestPeerRowsPickTheSmallestCase: a style's peers row is its q=1 shared
// case at the lowest GOMAXPROCS, and among those the fewest adds in all.
func TestPeerRowsPickTheSmallestCase(t *testing.T) {
	var b strings.Builder
	b.WriteString("peer-levels: peer.lib.loop=1\n")
	for range 6 {
		for name, ns := range map[string]float64{
			"Add/style=peer.lib.loop/mode=shared/programs=8/len=64/quantum=1":   50, // 512 adds
			"Add/style=peer.lib.loop/mode=shared/programs=16/len=4/quantum=1":   10, // 64 adds: this one
			"Add/style=peer.lib.loop/mode=shared/programs=1/len=256/quantum=1":  20, // 256 adds
			"Add/style=peer.lib.loop/mode=shared/programs=1/len=16/quantum=1-2": 1,  // GOMAXPROCS 2: not this
			"Add/style=peer.lib.loop/mode=private/programs=1/len=8/quantum=1":   2,  // private: not this
			"Add/style=peer.lib.loop/mode=shared/programs=1/len=8/quantum=64":   3,  // q=64: not this
		} {
			fmt.Fprintf(&b, "Benchmark%s 1000 %g ns/add\n", name, ns)
		}
		b.WriteString("BenchmarkPrimitive/op=eventloop 1000 5 ns/op\n")
	}
	p := writeText(t, t.TempDir(), "peers.txt", b.String())
	rows := peers(loadFile(t, p).Files[0])
	if len(rows) != 1 || rows[0].Key.Programs != 16 || rows[0].Key.Len != 4 || rows[0].Times.Center != 2 {
		t.Errorf("rows %+v, want peer.lib.loop's 16×4 case at 2× the event loop", rows)
	}
}

// TestPeerRowsIgnoreFileOrder: two q=1 cases with the same number of adds
// (8×8 and 4×16) tie on size; the row must not depend on which one the file
// lists first, as a shuffled passes run may list either.
func TestPeerRowsIgnoreFileOrder(t *testing.T) {
	cases := []string{
		"Add/style=peer.lib.loop/mode=shared/programs=8/len=8/quantum=1 1000 40 ns/add\n",
		"Add/style=peer.lib.loop/mode=shared/programs=4/len=16/quantum=1 1000 10 ns/add\n",
	}
	var got []Peer
	for _, order := range [][]int{{0, 1}, {1, 0}} {
		var b strings.Builder
		b.WriteString("peer-levels: peer.lib.loop=1\n")
		for range 6 {
			for _, i := range order {
				b.WriteString("Benchmark" + cases[i])
			}
			b.WriteString("BenchmarkPrimitive/op=eventloop 1000 5 ns/op\n")
		}
		rows := peers(loadFile(t, writeText(t, t.TempDir(), "peers.txt", b.String())).Files[0])
		if len(rows) != 1 {
			t.Fatalf("order %v: %d rows, want 1", order, len(rows))
		}
		got = append(got, rows[0])
	}
	if got[0].Key != got[1].Key || got[0].Times != got[1].Times {
		t.Errorf("the peers row depends on file order: %v (%v) vs %v (%v)", got[0].Key, got[0].Times.Center, got[1].Key, got[1].Times.Center)
	}
	// By configuration: fewer programs first.
	if got[0].Key.Programs != 4 || got[0].Times.Center != 2 {
		t.Errorf("row %v at %v×, want the 4×16 case at 2×", got[0].Key, got[0].Times.Center)
	}
}
