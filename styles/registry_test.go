package styles

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/addbench/addbench/workloads"
)

// familyLevel is the spectrum as the README's table "The spectrum" gives it
// (and the package doc's Level constants): each family sits at one level. It
// is written out here, not read from the package, so that a change to either
// has to be made on purpose.
var familyLevel = map[string]Level{
	"sequential": 0,
	"callback":   1,
	"async":      2,
	"coop":       3,
	"preempt":    4,
	"process":    4,
	"lockfree":   5,
}

// TestLevelVocabulary: a level's name is its family's name, so number, name
// and family are one vocabulary.
func TestLevelVocabulary(t *testing.T) {
	for family, want := range familyLevel {
		if family != "process" && want.String() != family {
			t.Errorf("level %d is called %q, want %q, its family", want, want.String(), family)
		}
	}
	for l := Sequential; l <= LockFree; l++ {
		if l.Doc() == "" {
			t.Errorf("level %d (%s) has no Doc", l, l)
		}
	}
	// Just past the last level, and before the first, are not levels.
	for _, l := range []Level{Level(len(levels)), -1} {
		if got, want := l.String(), fmt.Sprintf("Level(%d)", int(l)); got != want || l.Doc() != "" {
			t.Errorf("%s: String() = %q, Doc() = %q; want %q and none", want, got, l.Doc(), want)
		}
	}
}

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	prev := Sequential
	for _, s := range All() {
		if seen[s.Name] {
			t.Errorf("style %s registered twice", s.Name)
		}
		seen[s.Name] = true
		level, ok := familyLevel[s.Family()]
		if !ok || !strings.Contains(s.Name, ".") {
			t.Errorf("style %s: name is not family.variant of a known family", s.Name)
		}
		if s.Level != level {
			t.Errorf("style %s: level %d, but family %s is level %d", s.Name, s.Level, s.Family(), level)
		}
		if s.Level < prev {
			t.Errorf("All is not ordered by level: %s (level %d) after level %d", s.Name, s.Level, prev)
		}
		prev = s.Level
		if s.Doc == "" || s.Run == nil {
			t.Errorf("style %s has no Doc or Run", s.Name)
		}
		if s.Racy != (s.Name == "preempt.racy") {
			t.Errorf("style %s: Racy = %v", s.Name, s.Racy)
		}
		got, err := Lookup(s.Name)
		if err != nil || got.Name != s.Name {
			t.Errorf("Lookup(%q) = %v, %v", s.Name, got.Name, err)
		}
	}
	// Every level of the spectrum has at least one style.
	for l := Sequential; l <= LockFree; l++ {
		found := false
		for _, s := range All() {
			found = found || s.Level == l
		}
		if !found {
			t.Errorf("no style at level %d (%s)", l, l)
		}
	}
}

func TestLookupUnknownListsNames(t *testing.T) {
	_, err := Lookup("coop.nonesuch")
	if err == nil {
		t.Fatal("Lookup of an unknown style succeeded")
	}
	for _, name := range []string{"sequential.loop", "lockfree.falseshare"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %s", err, name)
		}
	}
}

func TestNegativeConfigIsAnError(t *testing.T) {
	w := &workloads.Workload{Programs: workloads.Uniform(1, 2, 10)}
	for _, c := range []Config{{Workers: -1}, {Quantum: -3}} {
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
		if s.Racy {
			continue
		}
		got, err := s.Run(context.Background(), w, Config{})
		if err != nil || !got.Equal(want) {
			t.Errorf("%s with zero Config = %v, %v; want %v", s.Name, got.Sums, err, want.Sums)
		}
	}
}
