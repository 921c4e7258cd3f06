package styles

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/workloads"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// conformancePrograms are the workload shapes every style must get exactly
// right: no programs, empty programs, odd counts that do not divide among
// workers, skewed lengths, and values at the int64 limits so that sums wrap.
func conformancePrograms() map[string][]workloads.Program {
	return map[string][]workloads.Program{
		"none":       nil,
		"one":        workloads.Uniform(1, 1, 100),
		"one-empty":  {{}},
		"two":        workloads.Uniform(2, 2, 37),
		"eight":      workloads.Uniform(8, 8, 64),
		"thirty3":    workloads.Uniform(33, 33, 20),
		"some-empty": {{}, {1, 2, 3}, {}, {-7}, {}},
		"skewed":     workloads.Skewed(5, 9, 2000, 3),
		"limits": {
			{math.MaxInt64, 1, math.MaxInt64, 1},
			{math.MinInt64, -1, math.MinInt64},
			{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MinInt64, -1, 5},
		},
	}
}

// correct returns every style that must match the reference.
func correct() []Style {
	var ss []Style
	for _, s := range All() {
		if !s.Racy {
			ss = append(ss, s)
		}
	}
	return ss
}

func TestConformance(t *testing.T) {
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprintf("gomaxprocs=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			for name, progs := range conformancePrograms() {
				for _, mode := range workloads.Modes {
					w := &workloads.Workload{Name: name, Programs: progs, Mode: mode}
					want := workloads.Reference(w)
					for _, s := range correct() {
						for _, q := range []int{1, 3, 64, 1 << 20} {
							for _, workers := range []int{1, 2, 5} {
								c := Config{Workers: workers, Quantum: q}
								got, err := s.Run(context.Background(), w, c)
								if err != nil {
									t.Fatalf("%s on %s/%s %+v: %v", s.Name, name, mode, c, err)
								}
								if !got.Equal(want) || got.Lost != 0 {
									t.Errorf("%s on %s/%s %+v = %v (lost %d), want %v", s.Name, name, mode, c, got.Sums, got.Lost, want.Sums)
								}
							}
						}
					}
				}
			}
		})
	}
}

// FuzzStylesAgree runs every correct in-process style on programs made from
// fuzz input and requires the reference result. process.pipe has its own
// target, FuzzPipeAgree: spawning its workers makes each input about ten
// times slower, which would starve the in-process styles of inputs.
func FuzzStylesAgree(f *testing.F) {
	fuzzAgree(f, func(s Style) bool { return !isProcess(s) })
}

// FuzzPipeAgree is FuzzStylesAgree for process.pipe alone.
func FuzzPipeAgree(f *testing.F) {
	fuzzAgree(f, isProcess)
}

func isProcess(s Style) bool { return strings.HasPrefix(s.Name, "process.") }

func fuzzAgree(f *testing.F, include func(Style) bool) {
	var styles []Style
	for _, s := range correct() {
		if include(s) {
			styles = append(styles, s)
		}
	}
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(3), uint8(1), uint8(2), false)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1}, uint8(1), uint8(1), uint8(1), true)
	f.Add([]byte{}, uint8(0), uint8(0), uint8(0), true)
	f.Fuzz(func(t *testing.T, data []byte, programs, quantum, workers uint8, shared bool) {
		// Spread 8-byte little-endian values round-robin over the programs.
		progs := make([]workloads.Program, programs%17)
		for i := 0; i+8 <= len(data) && len(progs) > 0; i += 8 {
			var v int64
			for k := range 8 {
				v |= int64(data[i+k]) << (8 * k)
			}
			j := (i / 8) % len(progs)
			progs[j] = append(progs[j], v)
		}
		w := &workloads.Workload{Name: "fuzz", Programs: progs}
		if shared {
			w.Mode = workloads.Shared
		}
		c := Config{Workers: int(workers%6) + 1, Quantum: int(quantum%70) + 1}
		want := workloads.Reference(w)
		for _, s := range styles {
			got, err := s.Run(context.Background(), w, c)
			if err != nil {
				t.Fatalf("%s %+v: %v", s.Name, c, err)
			}
			if !got.Equal(want) {
				t.Fatalf("%s %+v on %v (%s) = %v, want %v", s.Name, c, progs, w.Mode, got.Sums, want.Sums)
			}
		}
	})
}
