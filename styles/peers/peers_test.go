package peers

import (
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// conformancePrograms are the shapes of styles' own conformance table: no
// programs, empty programs, odd counts that do not divide among workers,
// skewed lengths, and values at the int64 limits so that sums wrap.
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

func TestConformance(t *testing.T) {
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprintf("gomaxprocs=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			for name, progs := range conformancePrograms() {
				for _, mode := range workloads.Modes {
					w := &workloads.Workload{Name: name, Programs: progs, Mode: mode}
					want := workloads.Reference(w)
					for _, s := range All() {
						for _, q := range []int{1, 3, 64, 1 << 20} {
							for _, workers := range []int{1, 2, 5} {
								c := styles.Config{Workers: workers, Quantum: q}
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

// TestRepeatedRuns runs each peer many times on one workload: pools and
// loops are made and released by every Run, and none may carry state into
// the next.
func TestRepeatedRuns(t *testing.T) {
	w := &workloads.Workload{Programs: workloads.Uniform(7, 3, 1000), Mode: workloads.Shared}
	want := workloads.Reference(w)
	for _, s := range All() {
		for i := range 50 {
			got, err := s.Run(context.Background(), w, styles.Config{Workers: 2, Quantum: 7})
			if err != nil || !got.Equal(want) {
				t.Fatalf("%s run %d = %v, %v; want %v", s.Name, i, got.Sums, err, want.Sums)
			}
		}
	}
}

// FuzzPeersAgree runs every peer on programs made from fuzz input and
// requires the reference result, as styles' FuzzStylesAgree does for ours.
func FuzzPeersAgree(f *testing.F) {
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
		c := styles.Config{Workers: int(workers%6) + 1, Quantum: int(quantum%70) + 1}
		want := workloads.Reference(w)
		for _, s := range All() {
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

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	prev := styles.Sequential
	for _, s := range All() {
		if seen[s.Name] {
			t.Errorf("peer %s registered twice", s.Name)
		}
		seen[s.Name] = true
		if parts := strings.Split(s.Name, "."); len(parts) != 3 || parts[0] != "peer" {
			t.Errorf("peer %s: name is not peer.<library>.<variant>", s.Name)
		}
		if s.Level < prev {
			t.Errorf("All is not ordered by level: %s (level %d) after level %d", s.Name, s.Level, prev)
		}
		prev = s.Level
		if s.Level < styles.Callback || s.Level > styles.LockFree {
			t.Errorf("peer %s: level %d outside the spectrum's concurrent levels", s.Name, s.Level)
		}
		if s.Doc == "" || s.Run == nil || s.Racy {
			t.Errorf("peer %s: Doc %q, Run set %v, Racy %v", s.Name, s.Doc, s.Run != nil, s.Racy)
		}
		if _, err := styles.Lookup(s.Name); err == nil {
			t.Errorf("peer %s has the name of a main style", s.Name)
		}
		got, err := Lookup(s.Name)
		if err != nil || got.Name != s.Name {
			t.Errorf("Lookup(%q) = %v, %v", s.Name, got.Name, err)
		}
	}
	if _, err := Lookup("peer.nonesuch.pool"); err == nil || !strings.Contains(err.Error(), "peer.ants.pool") {
		t.Errorf("Lookup of an unknown peer: %v, want an error listing the peers", err)
	}
	// The floor: at least 7 peers across 4 levels.
	levels := map[styles.Level]bool{}
	for _, s := range All() {
		levels[s.Level] = true
	}
	if len(All()) < 7 || len(levels) < 4 {
		t.Errorf("%d peers across %d levels, want at least 7 across 4", len(All()), len(levels))
	}
}

// TestDocsNameVersions checks that every peer's Doc names the version of its
// library that go.mod requires, so a pin changed in go.mod cannot leave the
// docs (and the README table made from them) behind.
func TestDocsNameVersions(t *testing.T) {
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	// Lines of a require block, or one-line requires: "path version".
	linked := map[string]string{}
	for line := range strings.Lines(string(gomod)) {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		if len(f) >= 2 && strings.HasPrefix(f[1], "v") {
			linked[f[0]] = f[1]
		}
	}
	docLibrary := map[string]string{
		"peer.goja.eventloop": "github.com/dop251/goja_nodejs",
		"peer.errgroup.group": "golang.org/x/sync",
		"peer.conc.pool":      "github.com/sourcegraph/conc",
		"peer.conc.stream":    "github.com/sourcegraph/conc",
		"peer.ants.pool":      "github.com/panjf2000/ants/v2",
		"peer.pond.pool":      "github.com/alitto/pond/v2",
		"peer.xsync.counter":  "github.com/puzpuzpuz/xsync/v4",
	}
	for _, s := range All() {
		mod, ok := docLibrary[s.Name]
		if !ok {
			t.Errorf("peer %s: no library listed in this test", s.Name)
			continue
		}
		v := linked[mod]
		if v == "" {
			t.Errorf("peer %s: module %s is not required in go.mod", s.Name, mod)
			continue
		}
		if !strings.Contains(s.Doc, v) {
			t.Errorf("peer %s: Doc %q does not name the required version %s of %s", s.Name, s.Doc, v, mod)
		}
	}
}

func TestNegativeConfigIsAnError(t *testing.T) {
	w := &workloads.Workload{Programs: workloads.Uniform(1, 2, 10)}
	for _, c := range []styles.Config{{Workers: -1}, {Quantum: -3}} {
		for _, s := range All() {
			if _, err := s.Run(context.Background(), w, c); err == nil {
				t.Errorf("%s with %+v: no error", s.Name, c)
			}
		}
	}
}

func TestZeroConfigUsesDefaults(t *testing.T) {
	w := &workloads.Workload{Programs: workloads.Uniform(1, 3, 1000), Mode: workloads.Shared}
	want := workloads.Reference(w)
	for _, s := range All() {
		got, err := s.Run(context.Background(), w, styles.Config{})
		if err != nil || !got.Equal(want) {
			t.Errorf("%s with zero Config = %v, %v; want %v", s.Name, got.Sums, err, want.Sums)
		}
	}
}
