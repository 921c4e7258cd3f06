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
