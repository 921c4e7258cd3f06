// Package synth writes synthetic results files in the format addbench's
// benchmarks write, from seeded generators, for the tests of the results
// packages: A/A runs, injected slowdowns, uniformly slower machines.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Spec describes a synthetic results file in the format addbench's
// benchmarks write. Measurements are a per-style cost times machine speed
// times uniform noise, from a seeded generator, so every file is
// reproducible.
//
// Samples are written pass by pass (every benchmark once, then again), as
// addbench bench writes a passes run.
type Spec struct {
	Seed    uint64
	N       int                // samples per benchmark
	CPU     string             // the cpu: configuration line
	Machine float64            // multiplies every time: 1.2 is a 20% slower machine
	Slow    map[string]float64 // extra time factor per style
	Noise   float64            // relative half-width of the uniform noise
	Styles  []string
	Quanta  []int
	Procs   []int // GOMAXPROCS values; 1 gets no "-N" suffix
	Partial bool  // marked "partial: true", as addbench bench marks an interrupted run
}

// Many is a larger matrix than the default: five styles, three quanta, two
// GOMAXPROCS values.
var Many = Spec{
	Styles: []string{"sequential.loop", "preempt.mutex", "preempt.racy", "lockfree.atomic", "coop.green"},
	Quanta: []int{1, 8, 64},
}

// With returns a copy of s changed by f.
func With(s Spec, f func(*Spec)) Spec {
	f(&s)
	return s
}

// Costs are nanoseconds per add at GOMAXPROCS=1 and quantum=1, roughly
// shaped like addbench's styles.
var Costs = map[string]float64{
	"sequential.loop": 0.6,
	"preempt.mutex":   22,
	"preempt.racy":    1.4,
	"lockfree.atomic": 6,
	"coop.green":      45,
}

// allocs are allocations per op; sequential code allocates nothing, which
// also exercises benchstat's "summaries must be >0" geomean warning.
var allocs = map[string]int{
	"sequential.loop": 0,
	"preempt.mutex":   9,
	"preempt.racy":    9,
	"lockfree.atomic": 9,
	"coop.green":      17,
}

const (
	Programs = 8    // programs of every generated benchmark
	Len      = 4096 // adds per program
)

func (s Spec) withDefaults() Spec {
	if s.N == 0 {
		s.N = 10
	}
	if s.CPU == "" {
		s.CPU = "Intel(R) Xeon(R) CPU @ 2.20GHz"
	}
	if s.Machine == 0 {
		s.Machine = 1
	}
	if s.Noise == 0 {
		s.Noise = 0.02
	}
	if s.Styles == nil {
		s.Styles = []string{"sequential.loop", "preempt.mutex", "preempt.racy"}
	}
	if s.Quanta == nil {
		s.Quanta = []int{1, 64}
	}
	if s.Procs == nil {
		s.Procs = []int{1, 2}
	}
	return s
}

// Text renders the file.
func (s Spec) Text() string {
	s = s.withDefaults()
	rng := rand.New(rand.NewPCG(s.Seed, 0xadd))
	noisy := func(x float64) float64 { return x * (1 + s.Noise*(2*rng.Float64()-1)) }
	var b strings.Builder
	fmt.Fprintf(&b, "goos: linux\ngoarch: amd64\npkg: github.com/addbench/addbench/bench\ncpu: %s\n", s.CPU)
	fmt.Fprintf(&b, "machine: testhost\ncpus: 2\ngo: go1.26.8\ncommit: %x\nsuite: default\n", s.Seed)
	if s.Partial {
		b.WriteString("partial: true\n")
	}
	suffix := func(p int) string {
		if p == 1 {
			return ""
		}
		return fmt.Sprintf("-%d", p)
	}
	adds := float64(Programs * Len)
	for range s.N {
		for _, style := range s.Styles {
			for _, q := range s.Quanta {
				for _, p := range s.Procs {
					// Finer quanta cost more; more Ps cost more
					// for shared state, as contention does.
					base := Costs[style] * (1 + 4/float64(q)) / 5 * (1 + 0.3*float64(p-1))
					if f, ok := s.Slow[style]; ok {
						base *= f
					}
					perAdd := noisy(base * s.Machine)
					fmt.Fprintf(&b, "BenchmarkAdd/style=%s/mode=shared/programs=%d/len=%d/quantum=%d%s\t%8d\t%12.0f ns/op\t%10.4f ns/add",
						style, Programs, Len, q, suffix(p), 100, perAdd*adds, perAdd)
					fmt.Fprintf(&b, "\t%6d B/op\t%4d allocs/op", 64*allocs[style], allocs[style])
					if style == "preempt.racy" {
						fmt.Fprintf(&b, "\t%8.1f lost/op", float64(p-1)*noisy(300))
					}
					b.WriteString("\n")
				}
			}
		}
		for _, op := range []string{"plain", "mutex", "atomic"} {
			for _, p := range s.Procs {
				c := map[string]float64{"plain": 0.3, "mutex": 11, "atomic": 4.9}[op]
				fmt.Fprintf(&b, "BenchmarkPrimitive/op=%s%s\t%10d\t%10.3f ns/op\n", op, suffix(p), 1000000, noisy(c*s.Machine))
			}
		}
	}
	b.WriteString("PASS\nok  \tgithub.com/addbench/addbench/bench\t12.345s\n")
	return b.String()
}

// Write writes the file into dir and returns its path.
func (s Spec) Write(t testing.TB, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	WriteFile(t, s, path)
	return path
}

// WriteFile writes s to path.
func WriteFile(tb testing.TB, s Spec, path string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(s.Text()), 0o666); err != nil {
		tb.Fatal(err)
	}
}

// WriteAll writes specs into dir as files named after names, and returns the
// "name=path" arguments that load them labelled with those names.
func WriteAll(t testing.TB, dir string, names []string, specs ...Spec) []string {
	t.Helper()
	var args []string
	for i, s := range specs {
		args = append(args, names[i]+"="+s.Write(t, dir, names[i]+".txt"))
	}
	return args
}

// Big is about the size of a "default" suite run: 14 styles, 3 quanta and 2
// GOMAXPROCS values, 10 samples each (8,400 result lines).
var Big = Spec{
	Styles: []string{
		"sequential.loop", "sequential.interleave", "callback.eventloop", "async.executor",
		"coop.green", "coop.gil", "preempt.mutex", "preempt.channel", "preempt.private",
		"preempt.racy", "lockfree.atomic", "lockfree.cas", "lockfree.striped", "lockfree.falseshare",
	},
	Quanta: []int{1, 64, 4096},
}
