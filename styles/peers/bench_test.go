package peers

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/bench"
	"github.com/addbench/addbench/styles"
)

// harness gives this binary the flags and config lines of the main module's
// bench package, so that a run of either says the same thing the same way;
// it adds the peers' levels, for the report's peers view (the results file
// is all it reads).
var harness = &bench.Harness{Styles: benchStyles, Config: peerLevels}

// TestMain fails the run if any goroutine outlives the tests. goleak ignores
// only the goroutines running before the first test: ants starts a default
// pool, with its purge and clock goroutines, when the package is
// initialised.
func TestMain(m *testing.M) { harness.Main(m, goleak.IgnoreCurrent()) }

func peerLevels() []string {
	var levels []string
	for _, p := range All() {
		levels = append(levels, fmt.Sprintf("%s=%d", p.Name, p.Level))
	}
	return []string{"peer-levels: " + strings.Join(levels, ",")}
}

// benchStyles is every main style and then every peer. All the main styles,
// not only the levels the peers sit at: a run of this module alone is then
// a whole results file — peers beside our styles, sequential.loop and the
// primitives, measured in the same passes — and needs no second run of
// ./bench to be compared with, which on a shared machine it must not be.
func benchStyles() []styles.Style {
	return slices.Concat(styles.All(), All())
}

// BenchmarkAdd measures every main style and every peer on every case of the
// suite, under the names package bench gives them:
// BenchmarkAdd/style=<id>/mode=…/programs=…/len=…/quantum=….
func BenchmarkAdd(b *testing.B) { harness.Add(b) }

// BenchmarkPrimitive measures the main module's primitives in this binary and
// run, so that each peer's cost can be stated as a multiple of its
// mechanism's, shuffled by -order as in package bench.
func BenchmarkPrimitive(b *testing.B) { harness.Primitives(b) }
