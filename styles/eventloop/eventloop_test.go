package eventloop

import (
	"slices"
	"testing"
)

func TestFIFOAndChaining(t *testing.T) {
	var l Loop
	var got []string
	// Two chains of three steps each interleave, one callback at a time.
	for _, name := range []string{"a", "b"} {
		step := 0
		var next func()
		next = func() {
			step++
			got = append(got, name+string(rune('0'+step)))
			if step < 3 {
				l.Post(next)
			}
		}
		l.Post(next)
	}
	if n := l.Run(); n != 6 {
		t.Errorf("Run ran %d callbacks, want 6", n)
	}
	if want := []string{"a1", "b1", "a2", "b2", "a3", "b3"}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
	if l.Len() != 0 {
		t.Errorf("Len after Run = %d", l.Len())
	}
}

// TestRunToCompletion: a callback is never interrupted by another, even one
// it posts itself; the posted one runs after it returns.
func TestRunToCompletion(t *testing.T) {
	l := New(1)
	var trace []int
	l.Post(func() {
		trace = append(trace, 1)
		l.Post(func() { trace = append(trace, 3) })
		trace = append(trace, 2)
	})
	l.Run()
	if want := []int{1, 2, 3}; !slices.Equal(trace, want) {
		t.Errorf("trace = %v, want %v", trace, want)
	}
}

func TestSteadyStatePostAllocatesNothing(t *testing.T) {
	l := New(4)
	n := 0
	var f func()
	f = func() {
		if n++; n%100 != 0 {
			l.Post(f)
		}
	}
	allocs := testing.AllocsPerRun(100, func() {
		l.Post(f)
		l.Run()
	})
	if allocs != 0 {
		t.Errorf("post+run of a 100-callback chain allocates %v times, want 0", allocs)
	}
}

func TestRunInsideCallbackPanics(t *testing.T) {
	var l Loop
	var recovered any
	l.Post(func() {
		defer func() { recovered = recover() }()
		l.Run()
	})
	l.Run()
	if recovered == nil {
		t.Error("Run inside a callback did not panic")
	}
}

func TestPanicKeepsQueue(t *testing.T) {
	var l Loop
	ran := false
	l.Post(func() { panic("boom") })
	l.Post(func() { ran = true })
	func() {
		defer func() { recover() }()
		l.Run()
	}()
	if ran || l.Len() != 1 {
		t.Fatalf("after a panic: later callback ran=%v, Len=%d; want not run, 1 queued", ran, l.Len())
	}
	l.Run()
	if !ran {
		t.Error("queued callback did not run on the next Run")
	}
}
