package bench

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

var suiteFlag = flag.String("suite", "", "benchmark suite: quick, default or full (default $ADDBENCH_SUITE, else quick)")

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
		fmt.Printf("suite: %s\nsuite-benchmarks: %d\n", s.Name, Count(s))
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
	for _, p := range Primitives {
		b.Run("op="+p.Op, p.Bench)
	}
}

func BenchmarkAdd(b *testing.B) {
	for _, c := range suite(b).Cases {
		// Generate each case's programs once, and only if some style of it
		// is selected by -bench.
		load := sync.OnceValues(func() (*workloads.Workload, workloads.Result) {
			w := c.Workload()
			return w, workloads.Reference(w)
		})
		for _, s := range styles.All() {
			b.Run(fmt.Sprintf("style=%s/%s", s.Name, c.Name()), func(b *testing.B) {
				w, want := load()
				benchStyle(b, s, w, c.Quantum, want)
			})
		}
	}
}

// benchStyle measures one style on one workload. It uses b.N rather than
// b.Loop because it keeps every run's result in a slice sized before the
// timer starts: each run is then checked against the reference after the
// timer stops, and nothing in the timed loop but the run itself.
func benchStyle(b *testing.B, s styles.Style, w *workloads.Workload, quantum int, want workloads.Result) {
	b.Helper()
	ctx := context.Background()
	c := styles.Config{Quantum: quantum} // Workers: GOMAXPROCS, set by -cpu
	runs := make([]workloads.Result, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range runs {
		r, err := s.Run(ctx, w, c)
		if err != nil {
			b.Fatal(err)
		}
		runs[i] = r
	}
	b.StopTimer()

	var lost int64
	for i, r := range runs {
		if !s.Racy && !r.Equal(want) {
			b.Fatalf("run %d of %d: result %v, want %v", i+1, b.N, r.Sums, want.Sums)
		}
		lost += r.Lost
	}
	if adds := w.Adds(); adds > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(adds), "ns/add")
	}
	if s.Racy {
		b.ReportMetric(float64(lost)/float64(b.N), "lost/op")
	}
}
