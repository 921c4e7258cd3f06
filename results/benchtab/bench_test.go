package benchtab

import (
	"path/filepath"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/internal/synth"
)

func BenchmarkCompare(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts Options
	}{{"raw", DefaultOptions}, {"normalized", opts(func(o *Options) { o.Normalize = "sequential.loop" })}} {
		b.Run("opts="+bc.name, func(b *testing.B) {
			dir := b.TempDir()
			old, new := filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt")
			synth.WriteFile(b, synth.With(synth.Big, func(s *synth.Spec) { s.Seed = 1 }), old)
			synth.WriteFile(b, synth.With(synth.Big, func(s *synth.Spec) { s.Seed = 2 }), new)
			set, err := results.Load(old, new)
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
