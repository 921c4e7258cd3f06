package benchrun

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestABBALongerBlocks: with PerSide 4 a block is ABBA then its mirror
// (ABBA BAAB or BAAB ABBA) of one benchmark, both sides get four results a
// block, and the header says so.
func TestABBALongerBlocks(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	s := &Session{
		Sides:   []*Side{fakeSide(t, "base", log, 10), fakeSide(t, "head", log, 12)},
		Options: Options{Suite: "quick", CPU: []int{1, 2}},
		Pairing: ABBA, Passes: 2, Seed: 3, PerSide: 4,
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	blocks := readLog(t, log)[1:]
	if len(blocks) != 2*2*8 || s.Blocks != 4 {
		t.Fatalf("%d runs after the first in %d blocks; want 32 in 4:\n%s", len(blocks), s.Blocks, strings.Join(blocks, "\n"))
	}
	for i := 0; i < len(blocks); i += 8 {
		var order strings.Builder
		for _, r := range blocks[i : i+8] {
			if f := strings.Fields(r); f[1] != strings.Fields(blocks[i])[1] {
				t.Errorf("block %v runs different benchmarks", blocks[i:i+8])
			}
			order.WriteString(map[string]string{"base": "A", "head": "B"}[strings.Fields(r)[0]])
		}
		if o := order.String(); o != "ABBABAAB" && o != "BAABABBA" {
			t.Errorf("block order %s, want ABBABAAB or BAABABBA", o)
		}
	}
	for i, side := range s.Sides {
		n := 0
		for _, l := range side.Lines {
			if IsResultLine(l) {
				n++
			}
		}
		if n != 16 {
			t.Errorf("%s: %d results, want 2 benchmarks × 2 rounds × 4", side.Name, n)
		}
		if h := string(s.Header(i)); !strings.Contains(h, "block-size: 4\n") {
			t.Errorf("%s header lacks block-size: 4:\n%s", side.Name, h)
		}
	}
}
