package ring

import "testing"

// TestFIFO pushes and pops in patterns that wrap the ring around its end
// before it grows, and checks the order against a plain slice.
func TestFIFO(t *testing.T) {
	for _, pattern := range [][2]int{{1, 1}, {3, 2}, {5, 3}, {8, 7}, {20, 1}, {100, 99}} {
		var q Queue[int]
		var want []int
		next := 0
		for round := 0; round < 50; round++ {
			for range pattern[0] {
				q.Push(next)
				want = append(want, next)
				next++
			}
			for range pattern[1] {
				got := q.Pop()
				if got != want[0] {
					t.Fatalf("pattern %v round %d: Pop = %d, want %d", pattern, round, got, want[0])
				}
				want = want[1:]
			}
			if q.Len() != len(want) {
				t.Fatalf("pattern %v: Len = %d, want %d", pattern, q.Len(), len(want))
			}
		}
		for len(want) > 0 {
			if got := q.Pop(); got != want[0] {
				t.Fatalf("pattern %v drain: Pop = %d, want %d", pattern, got, want[0])
			}
			want = want[1:]
		}
	}
}

func TestGrowKeepsOrder(t *testing.T) {
	var q Queue[int]
	for i := range 6 {
		q.Push(i)
	}
	q.Pop()
	q.Pop()
	q.Grow(100)
	for i := 2; i < 6; i++ {
		if got := q.Pop(); got != i {
			t.Fatalf("after Grow: Pop = %d, want %d", got, i)
		}
	}
}

func TestSteadyStateAllocatesNothing(t *testing.T) {
	var q Queue[*int]
	x := new(int)
	q.Push(x)
	q.Pop()
	if n := testing.AllocsPerRun(1000, func() { q.Push(x); q.Pop() }); n != 0 {
		t.Fatalf("Push+Pop allocates %v times, want 0", n)
	}
}

func TestPopEmptyPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Pop on an empty queue did not panic")
		}
	}()
	var q Queue[int]
	q.Pop()
}

// Grow(n) makes room for n items and no more than the doubling needs: n
// pushes after it allocate nothing, and a queue that already holds n slots
// is left as it is.
func TestGrowReservesExactly(t *testing.T) {
	var q Queue[int]
	q.Grow(64)
	if len(q.buf) != 64 {
		t.Errorf("Grow(64) on an empty queue: %d slots, want 64", len(q.buf))
	}
	if a := testing.AllocsPerRun(10, func() {
		for i := range 64 {
			q.Push(i)
		}
		for range 64 {
			q.Pop()
		}
	}); a != 0 {
		t.Errorf("64 pushes after Grow(64) allocate %g times, want 0", a)
	}
	q.Grow(64)
	if len(q.buf) != 64 {
		t.Errorf("Grow(64) with 64 slots: %d slots, want 64", len(q.buf))
	}
}
