package bench

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/internal/machine"
	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// defaultBenchtime replaces go test's 1s when -benchtime is not given: a
// suite is dozens of benchmarks, and passes give the repetitions that
// benchstat needs more cheaply than long single runs.
const defaultBenchtime = "200ms"

// A Harness is the command line of a test binary whose benchmarks are built
// on this package — ./bench's own and the peer libraries' module — so that
// both take the same flags, print the same config lines and name their
// results the same way:
//
//	var harness = &bench.Harness{Styles: styles.All}
//	func TestMain(m *testing.M)          { harness.Main(m) }
//	func BenchmarkAdd(b *testing.B)       { harness.Add(b) }
//	func BenchmarkPrimitive(b *testing.B) { harness.Primitives(b) }
type Harness struct {
	// Styles returns the styles BenchmarkAdd measures.
	Styles func() []styles.Style
	// Config returns extra "key: value" lines printed with the suite's
	// when benchmarks run; nil prints none.
	Config func() []string

	suite string
	order uint64
}

// Main registers -suite and -order, parses the command line, makes
// defaultBenchtime the default, and, when benchmarks are to run, prints the
// config lines: the suite, how many benchmarks one pass of it holds in this
// binary (addbench bench reads that to show progress), the machine's
// (usable-cpus and the topology, see machine.ConfigLines) and h.Config's. It
// then runs the tests and fails the run if a goroutine outlives them
// (goleak, with opts). An unknown suite exits with status 2.
func (h *Harness) Main(m *testing.M, opts ...goleak.Option) {
	flag.StringVar(&h.suite, "suite", "", "benchmark suite: quick, default, full or scale (default $ADDBENCH_SUITE, else quick)")
	flag.Uint64Var(&h.order, "order", 0, "seed of the order in which sub-benchmarks run; 0 runs them in catalog order")
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.benchtime" })
	if !explicit {
		flag.Set("test.benchtime", defaultBenchtime)
	}
	if b := flag.Lookup("test.bench"); b != nil && b.Value.String() != "" {
		s, err := h.Suite()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Printf("suite: %s\nsuite-benchmarks: %d\n", s.Name, len(s.Cases)*len(h.Styles())+len(Primitives))
		// The machine as this binary sees it: usable CPUs, topology.
		for _, line := range machine.ConfigLines() {
			fmt.Println(line)
		}
		if h.Config != nil {
			for _, line := range h.Config() {
				fmt.Println(line)
			}
		}
	}
	goleak.VerifyTestMain(m, opts...)
}

// Suite returns the suite named by -suite, else by $ADDBENCH_SUITE, else
// quick.
func (h *Harness) Suite() (workloads.Suite, error) {
	name := h.suite
	if name == "" {
		name = os.Getenv("ADDBENCH_SUITE")
	}
	if name == "" {
		name = "quick"
	}
	return workloads.LookupSuite(name)
}

// Add is BenchmarkAdd: every style on every case of the suite, in the order
// -order gives (see [Add]).
func (h *Harness) Add(b *testing.B) {
	s, err := h.Suite()
	if err != nil {
		b.Fatal(err)
	}
	Add(b, s, h.Styles(), h.order)
}

// Primitives is BenchmarkPrimitive: every primitive, in the order -order
// gives (see [RunPrimitives]).
func (h *Harness) Primitives(b *testing.B) {
	RunPrimitives(b, h.order)
}
