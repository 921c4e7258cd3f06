package peers

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/bench"
	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// The flags and defaults of the main module's bench package, so that a run of
// either says the same thing the same way.
var (
	suiteFlag = flag.String("suite", "", "benchmark suite: quick, default or full (default $ADDBENCH_SUITE, else quick)")
	orderFlag = flag.Uint64("order", 0, "seed of the order in which sub-benchmarks run; 0 runs them in catalog order")
)

// defaultBenchtime replaces go test's 1s when -benchtime is not given, as in
// package bench.
const defaultBenchtime = "200ms"

// TestMain prints the config lines package bench prints when benchmarks run,
// then fails the run if any goroutine outlives the tests. goleak ignores only
// the goroutines running before the first test: ants starts a default pool,
// with its purge and clock goroutines, when the package is initialised.
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.benchtime" })
	if !explicit {
		flag.Set("test.benchtime", defaultBenchtime)
	}
	if b := flag.Lookup("test.bench"); b != nil && b.Value.String() != "" {
		s, err := selectedSuite()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Printf("suite: %s\nsuite-benchmarks: %d\n", s.Name, len(s.Cases)*len(benchStyles())+len(bench.Primitives))
		// The peers' levels, for the report's peers view: the results
		// file is all it reads.
		var levels []string
		for _, p := range All() {
			levels = append(levels, fmt.Sprintf("%s=%d", p.Name, p.Level))
		}
		fmt.Printf("peer-levels: %s\n", strings.Join(levels, ","))
	}
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

// selectedSuite returns the suite named by -suite or $ADDBENCH_SUITE.
func selectedSuite() (workloads.Suite, error) {
	name := *suiteFlag
	if name == "" {
		name = os.Getenv("ADDBENCH_SUITE")
	}
	if name == "" {
		name = "quick"
	}
	return workloads.LookupSuite(name)
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
func BenchmarkAdd(b *testing.B) {
	s, err := selectedSuite()
	if err != nil {
		b.Fatal(err)
	}
	bench.Add(b, s, benchStyles(), *orderFlag)
}

// BenchmarkPrimitive measures the main module's primitives in this binary and
// run, so that each peer's cost can be stated as a multiple of its
// mechanism's, shuffled by -order as in package bench.
func BenchmarkPrimitive(b *testing.B) {
	bench.RunPrimitives(b, *orderFlag)
}
