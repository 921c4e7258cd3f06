package bench

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

var (
	suiteFlag = flag.String("suite", "", "benchmark suite: quick, default, full or scale (default $ADDBENCH_SUITE, else quick)")
	orderFlag = flag.Uint64("order", 0, "seed of the order in which sub-benchmarks run; 0 runs them in catalog order")
)

// defaultBenchtime replaces go test's 1s when -benchtime is not given: a
// suite is dozens of benchmarks, and -count gives the repetitions that
// benchstat needs more cheaply than long single runs.
const defaultBenchtime = "200ms"

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
		// Config lines, so the results say which suite they are and how
		// many benchmarks one pass of it holds in this build (addbench
		// bench reads that to show progress).
		fmt.Printf("suite: %s\nsuite-benchmarks: %d\n", s.Name, len(s.Cases)*len(benchStyles())+len(Primitives))
	}
	goleak.VerifyTestMain(m)
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

func suite(b *testing.B) workloads.Suite {
	s, err := selectedSuite()
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkPrimitive measures the mechanisms under the styles.
func BenchmarkPrimitive(b *testing.B) {
	RunPrimitives(b, *orderFlag)
}

// BenchmarkAdd measures every style on every case of the suite.
func BenchmarkAdd(b *testing.B) {
	Add(b, suite(b), benchStyles(), *orderFlag)
}

// benchStyles is every style, and with ADDBENCH_CALIBRATE set, a copy of
// sequential.loop named sequential.loopcopy: the same code measured twice,
// whose ratio to the original must come out at 1 with an interval holding 1
// — a check of the measurement itself, not of any style.
func benchStyles() []styles.Style {
	ss := styles.All()
	if os.Getenv("ADDBENCH_CALIBRATE") != "" {
		loop, err := styles.Lookup("sequential.loop")
		if err != nil {
			panic(err)
		}
		loop.Name = "sequential.loopcopy"
		ss = append(ss, loop)
	}
	return ss
}
