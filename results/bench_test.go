package results

import (
	"github.com/addbench/addbench/results/internal/synth"
	"path/filepath"
	"testing"
)

func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "big.txt")
	synth.WriteFile(b, synth.Big, path)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}
