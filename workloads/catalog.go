package workloads

import (
	"fmt"
	"slices"
	"strings"
)

// A Case is one row of the benchmark matrix: a workload shape and the quantum
// every style runs it with. Its programs come from [Uniform] with a seed
// derived from the shape, so a case names the same integers everywhere.
type Case struct {
	Mode     Mode
	Programs int // number of programs
	Len      int // adds per program
	Quantum  int // adds between two interaction points
}

// Name returns the case in benchmark key=value form, e.g.
// "mode=shared/programs=1/len=65536/quantum=1".
func (c Case) Name() string {
	return fmt.Sprintf("mode=%s/programs=%d/len=%d/quantum=%d", c.Mode, c.Programs, c.Len, c.Quantum)
}

// Workload generates the case's workload.
func (c Case) Workload() *Workload {
	seed := uint64(c.Programs)<<32 | uint64(c.Len)
	return &Workload{
		Name:     fmt.Sprintf("uniform-%dx%d", c.Programs, c.Len),
		Programs: Uniform(seed, c.Programs, c.Len),
		Mode:     c.Mode,
	}
}

// A Suite is a named list of cases.
type Suite struct {
	Name  string
	Doc   string
	Cases []Case
}

// cross returns every combination of the given modes, shapes and quanta.
func cross(modes []Mode, shapes [][2]int, quanta []int) []Case {
	var cs []Case
	for _, m := range modes {
		for _, s := range shapes {
			for _, q := range quanta {
				cs = append(cs, Case{Mode: m, Programs: s[0], Len: s[1], Quantum: q})
			}
		}
	}
	return cs
}

var suites = []Suite{
	{
		Name: "quick",
		Doc:  "the rows the README targets need: one shared program at quantum 1 and 4096, two at quantum 1 and 4096 (where a GIL or a channel hands over between threads), two private programs for parallel speedup",
		Cases: append(
			cross([]Mode{Shared}, [][2]int{{1, 1 << 16}, {2, 1 << 15}}, []int{1, 4096}),
			Case{Mode: Private, Programs: 2, Len: 1 << 20, Quantum: 4096},
		),
	},
	{
		Name: "default",
		Doc:  "a quantum sweep (1, 16, 256, 4096) on one shared program, two and eight programs contending at quantum 1, two and eight at 4096, and private rows for parallel speedup: what make bench runs",
		Cases: slices.Concat(
			cross([]Mode{Shared}, [][2]int{{1, 1 << 16}}, []int{1, 16, 256, 4096}),
			cross([]Mode{Shared}, [][2]int{{2, 1 << 15}}, []int{1, 4096}),
			cross([]Mode{Shared}, [][2]int{{8, 1 << 14}}, []int{1, 4096}),
			cross([]Mode{Private}, [][2]int{{2, 1 << 20}}, []int{4096}),
			cross([]Mode{Private}, [][2]int{{8, 1 << 14}}, []int{64}),
		),
	},
	{
		Name: "full",
		Doc:  "for real multicore hardware: up to 64 programs, quantum 1, 16, 256 and 4096",
		Cases: cross(Modes,
			[][2]int{{1, 1 << 16}, {2, 1 << 20}, {8, 1 << 18}, {64, 1 << 16}},
			[]int{1, 16, 256, 4096}),
	},
	{
		Name:  "scale",
		Doc:   "N = 1 to 1 000 000 concurrent programs of 16 adds at quantum 1, private and shared: every program a live task for the whole run; styles that cannot hold N are skipped (bench.ScaleCaps)",
		Cases: cross(Modes, scaleShapes(ScaleLen, ScalePrograms...), []int{1}),
	},
}

// ScalePrograms are the numbers of concurrent programs of the scale suite:
// the powers of ten from 1 to a million.
var ScalePrograms = []int{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000}

// ScaleLen is the adds per program of the scale suite: few enough that a
// million programs are 128 MB of workload, enough that at quantum 1 every
// program yields 15 times and so stays alive across many scheduling rounds.
const ScaleLen = 16

func scaleShapes(length int, programs ...int) [][2]int {
	shapes := make([][2]int, len(programs))
	for i, n := range programs {
		shapes[i] = [2]int{n, length}
	}
	return shapes
}

// Suites returns the suite catalog: quick, default, full and scale.
func Suites() []Suite { return suites }

// LookupSuite returns the suite called name.
func LookupSuite(name string) (Suite, error) {
	var names []string
	for _, s := range suites {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Suite{}, fmt.Errorf("unknown suite %q (want one of %s)", name, strings.Join(names, ", "))
}
