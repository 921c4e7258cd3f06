package workloads

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestReferenceWraps(t *testing.T) {
	progs := []Program{{math.MaxInt64, 1}, {math.MinInt64, -1}, {}}
	w := &Workload{Programs: progs, Mode: Private}
	// MaxInt64+1 wraps to MinInt64; MinInt64-1 wraps to MaxInt64.
	if got, want := Reference(w).Sums, []int64{math.MinInt64, math.MaxInt64, 0}; !slices.Equal(got, want) {
		t.Errorf("private Reference = %v, want %v", got, want)
	}
	w.Mode = Shared
	if got, want := Reference(w).Sums, []int64{-1}; !slices.Equal(got, want) {
		t.Errorf("shared Reference = %v, want %v", got, want)
	}
}

func TestEmptyWorkload(t *testing.T) {
	for _, m := range Modes {
		r := Reference(&Workload{Mode: m})
		want := 0
		if m == Shared {
			want = 1
		}
		if len(r.Sums) != want || r.Total() != 0 {
			t.Errorf("%s: Reference of no programs = %v, want %d zero sums", m, r.Sums, want)
		}
	}
}

func TestAdds(t *testing.T) {
	w := &Workload{Programs: []Program{{1, 2}, {}, {3, 4, 5}}}
	if got := w.Adds(); got != 5 {
		t.Errorf("Adds = %d, want 5", got)
	}
}

func TestModeText(t *testing.T) {
	for _, m := range Modes {
		var got Mode
		text, _ := m.MarshalText()
		if err := got.UnmarshalText(text); err != nil || got != m {
			t.Errorf("mode %v round trip = %v, %v", m, got, err)
		}
	}
	if _, err := ParseMode("public"); err == nil || !strings.Contains(err.Error(), "private or shared") {
		t.Errorf("ParseMode(public) = %v", err)
	}
}

func TestGeneratorsAreDeterministic(t *testing.T) {
	a, b := Uniform(7, 3, 100), Uniform(7, 3, 100)
	c := Uniform(8, 3, 100)
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			t.Fatalf("Uniform with the same seed differs at program %d", i)
		}
	}
	if slices.Equal(a[0], c[0]) {
		t.Error("Uniform with different seeds gave the same program")
	}
	for _, p := range a {
		if len(p) != 100 {
			t.Errorf("Uniform program length %d, want 100", len(p))
		}
	}
	// Values cover the whole int64 range: both signs, and large magnitudes,
	// so sums wrap.
	var neg, pos, huge int
	for _, v := range a[0] {
		switch {
		case v < 0:
			neg++
		case v > 0:
			pos++
		}
		if v > math.MaxInt64/4 || v < math.MinInt64/4 {
			huge++
		}
	}
	if neg < 20 || pos < 20 || huge < 20 {
		t.Errorf("Uniform values are not spread over int64: %d negative, %d positive, %d beyond ±2^61 of 100", neg, pos, huge)
	}
}

func TestSkewed(t *testing.T) {
	ps := Skewed(1, 5, 1000, 3)
	lens := []int{}
	for _, p := range ps {
		lens = append(lens, len(p))
	}
	if want := []int{1000, 3, 3, 3, 3}; !slices.Equal(lens, want) {
		t.Errorf("Skewed lengths = %v, want %v", lens, want)
	}
}

func TestSuites(t *testing.T) {
	for _, name := range []string{"quick", "default", "full", "scale"} {
		s, err := LookupSuite(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Cases) == 0 || s.Doc == "" {
			t.Errorf("suite %s is empty or undocumented", name)
		}
		seen := map[string]bool{}
		for _, c := range s.Cases {
			if seen[c.Name()] {
				t.Errorf("suite %s lists %s twice", name, c.Name())
			}
			seen[c.Name()] = true
			if c.Programs < 1 || c.Len < 1 || c.Quantum < 1 {
				t.Errorf("suite %s: degenerate case %s", name, c.Name())
			}
		}
	}
	if _, err := LookupSuite("huge"); err == nil || !strings.Contains(err.Error(), "quick") {
		t.Errorf("LookupSuite(huge) = %v, want an error listing the suites", err)
	}
}

func TestScaleSuite(t *testing.T) {
	s, err := LookupSuite("scale")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range s.Cases {
		if c.Len != ScaleLen || c.Quantum != 1 {
			t.Errorf("scale case %s: want len=%d at quantum 1", c.Name(), ScaleLen)
		}
		names = append(names, c.Name())
	}
	var want []string
	for _, m := range Modes {
		for _, n := range []int{1, 10, 100, 1000, 10000, 100000, 1000000} {
			want = append(want, fmt.Sprintf("mode=%s/programs=%d/len=16/quantum=1", m, n))
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("scale cases = %v, want %v", names, want)
	}
	// The scale suite is reached only by name: the suites make bench and
	// make benchsmoke run must stay small.
	for _, name := range []string{"quick", "default"} {
		d, _ := LookupSuite(name)
		for _, c := range d.Cases {
			if c.Programs > 64 {
				t.Errorf("suite %s holds %s: scale cases belong to the scale suite only", name, c.Name())
			}
		}
	}
}

func TestCaseWorkload(t *testing.T) {
	c := Case{Mode: Shared, Programs: 3, Len: 50, Quantum: 1}
	w := c.Workload()
	if w.Mode != Shared || len(w.Programs) != 3 || w.Adds() != 150 {
		t.Errorf("Case.Workload = %d programs, %d adds, %s", len(w.Programs), w.Adds(), w.Mode)
	}
	if got, want := c.Name(), "mode=shared/programs=3/len=50/quantum=1"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
}
