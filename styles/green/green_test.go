package green

import (
	"slices"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRoundRobin(t *testing.T) {
	var s Scheduler
	var trace []string
	for _, name := range []string{"a", "b", "c"} {
		steps := map[string]int{"a": 3, "b": 1, "c": 2}[name]
		s.Spawn(func(t *Thread) {
			for i := range steps {
				trace = append(trace, name)
				if i < steps-1 {
					t.Yield()
				}
			}
		})
	}
	s.Run()
	if want := []string{"a", "b", "c", "a", "c", "a"}; !slices.Equal(trace, want) {
		t.Errorf("trace = %v, want %v", trace, want)
	}
}

// deep yields from three plain calls down: no thread type in between, no
// future, no await — level 3's defining property.
func deep(n int, y func()) {
	if n == 0 {
		y()
		return
	}
	deep(n-1, y)
}

func TestYieldFromNestedPlainFunction(t *testing.T) {
	var s Scheduler
	var trace []string
	s.Spawn(func(t *Thread) {
		trace = append(trace, "a1")
		deep(3, t.Yield)
		trace = append(trace, "a2")
	})
	s.Spawn(func(*Thread) { trace = append(trace, "b") })
	s.Run()
	if want := []string{"a1", "b", "a2"}; !slices.Equal(trace, want) {
		t.Errorf("trace = %v, want %v", trace, want)
	}
}

func TestSpawnFromThread(t *testing.T) {
	var s Scheduler
	var trace []string
	s.Spawn(func(t *Thread) {
		s.Spawn(func(*Thread) { trace = append(trace, "child") })
		trace = append(trace, "parent")
		t.Yield()
		trace = append(trace, "parent again")
	})
	s.Run()
	if want := []string{"parent", "child", "parent again"}; !slices.Equal(trace, want) {
		t.Errorf("trace = %v, want %v", trace, want)
	}
}

// TestPanicStopsEveryThread: a panicking thread makes Run panic with its
// value, and the other, suspended threads are unwound (their defers run)
// rather than leaked; goleak in TestMain checks no coroutine survives.
func TestPanicStopsEveryThread(t *testing.T) {
	var s Scheduler
	cleaned := 0
	for range 3 {
		s.Spawn(func(t *Thread) {
			defer func() { cleaned++ }()
			for {
				t.Yield()
			}
		})
	}
	s.Spawn(func(t *Thread) {
		t.Yield()
		panic("boom")
	})
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("Run panicked with %v, want boom", r)
			}
		}()
		s.Run()
	}()
	if cleaned != 3 {
		t.Errorf("%d suspended threads ran their defers, want 3", cleaned)
	}
}
