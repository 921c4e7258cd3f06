package peers

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/stylestest"
	"github.com/addbench/addbench/workloads"
)

func TestConformance(t *testing.T) { stylestest.Conformance(t, All()) }

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
func FuzzPeersAgree(f *testing.F) { stylestest.FuzzAgree(f, All()) }

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
