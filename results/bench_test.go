package results

import (
	"path/filepath"
	"testing"
)

// big is about the size of a "default" suite run: 14 styles, 3 quanta and 2
// GOMAXPROCS values, 10 samples each (8,400 result lines).
var big = genSpec{
	styles: []string{
		"sequential.loop", "sequential.interleave", "callback.eventloop", "async.executor",
		"coop.green", "coop.gil", "preempt.mutex", "preempt.channel", "preempt.private",
		"preempt.racy", "lockfree.atomic", "lockfree.cas", "lockfree.striped", "lockfree.falseshare",
	},
	quanta: []int{1, 64, 4096},
}

func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "big.txt")
	writeSpec(b, big, path)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts Options
	}{{"raw", Options{}}, {"normalized", Options{Normalize: "sequential.loop"}}} {
		b.Run("opts="+bc.name, func(b *testing.B) {
			dir := b.TempDir()
			old, new := filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt")
			writeSpec(b, with(big, func(s *genSpec) { s.seed = 1 }), old)
			writeSpec(b, with(big, func(s *genSpec) { s.seed = 2 }), new)
			set, err := Load(old, new)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				c, err := Compare(set, bc.opts)
				if err != nil || len(c.Tables) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}
