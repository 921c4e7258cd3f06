package results

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A genSpec describes a synthetic results file in the format addbench's
// benchmarks write. Measurements are a per-style cost times machine speed
// times uniform noise, from a seeded generator, so every file is
// reproducible.
type genSpec struct {
	seed    uint64
	n       int                // samples per benchmark
	cpu     string             // the cpu: configuration line
	machine float64            // multiplies every time: 1.2 is a 20% slower machine
	slow    map[string]float64 // extra time factor per style
	noise   float64            // relative half-width of the uniform noise
	styles  []string
	quanta  []int
	procs   []int // GOMAXPROCS values; 1 gets no "-N" suffix
	partial bool  // marked "partial: true", as addbench bench marks an interrupted run
}

// costs are nanoseconds per add at GOMAXPROCS=1 and quantum=1, roughly
// shaped like addbench's styles.
var costs = map[string]float64{
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
	genPrograms = 8
	genLen      = 4096
)

func (s genSpec) withDefaults() genSpec {
	if s.n == 0 {
		s.n = 10
	}
	if s.cpu == "" {
		s.cpu = "Intel(R) Xeon(R) CPU @ 2.20GHz"
	}
	if s.machine == 0 {
		s.machine = 1
	}
	if s.noise == 0 {
		s.noise = 0.02
	}
	if s.styles == nil {
		s.styles = []string{"sequential.loop", "preempt.mutex", "preempt.racy"}
	}
	if s.quanta == nil {
		s.quanta = []int{1, 64}
	}
	if s.procs == nil {
		s.procs = []int{1, 2}
	}
	return s
}

// text renders the file.
func (s genSpec) text() string {
	s = s.withDefaults()
	rng := rand.New(rand.NewPCG(s.seed, 0xadd))
	noisy := func(x float64) float64 { return x * (1 + s.noise*(2*rng.Float64()-1)) }
	var b strings.Builder
	fmt.Fprintf(&b, "goos: linux\ngoarch: amd64\npkg: github.com/addbench/addbench/bench\ncpu: %s\n", s.cpu)
	fmt.Fprintf(&b, "machine: testhost\ncpus: 2\ngo: go1.26.8\ncommit: %x\nsuite: default\n", s.seed)
	if s.partial {
		b.WriteString("partial: true\n")
	}
	suffix := func(p int) string {
		if p == 1 {
			return ""
		}
		return fmt.Sprintf("-%d", p)
	}
	adds := float64(genPrograms * genLen)
	for range s.n {
		for _, style := range s.styles {
			for _, q := range s.quanta {
				for _, p := range s.procs {
					// Finer quanta cost more; more Ps cost more
					// for shared state, as contention does.
					base := costs[style] * (1 + 4/float64(q)) / 5 * (1 + 0.3*float64(p-1))
					if f, ok := s.slow[style]; ok {
						base *= f
					}
					perAdd := noisy(base * s.machine)
					fmt.Fprintf(&b, "BenchmarkAdd/style=%s/mode=shared/programs=%d/len=%d/quantum=%d%s\t%8d\t%12.0f ns/op\t%10.4f ns/add",
						style, genPrograms, genLen, q, suffix(p), 100, perAdd*adds, perAdd)
					fmt.Fprintf(&b, "\t%6d B/op\t%4d allocs/op", 64*allocs[style], allocs[style])
					if style == "preempt.racy" {
						fmt.Fprintf(&b, "\t%8.1f lost/op", float64(p-1)*noisy(300))
					}
					b.WriteString("\n")
				}
			}
		}
		for _, op := range []string{"plain", "mutex", "atomic"} {
			for _, p := range s.procs {
				c := map[string]float64{"plain": 0.3, "mutex": 11, "atomic": 4.9}[op]
				fmt.Fprintf(&b, "BenchmarkPrimitive/op=%s%s\t%10d\t%10.3f ns/op\n", op, suffix(p), 1000000, noisy(c*s.machine))
			}
		}
	}
	b.WriteString("PASS\nok  \tgithub.com/addbench/addbench/bench\t12.345s\n")
	return b.String()
}

// write writes the file into dir and returns its path.
func (s genSpec) write(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	writeSpec(t, s, path)
	return path
}

func writeSpec(tb testing.TB, s genSpec, path string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(s.text()), 0o666); err != nil {
		tb.Fatal(err)
	}
}

// load writes specs as files named after their keys and loads them in the
// order given.
func load(t *testing.T, names []string, specs ...genSpec) *Set {
	t.Helper()
	dir := t.TempDir()
	var args []string
	for i, s := range specs {
		args = append(args, names[i]+"="+s.write(t, dir, names[i]+".txt"))
	}
	set, err := Load(args...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}
