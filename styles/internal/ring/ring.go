// Package ring is the FIFO queue under addbench's single-threaded schedulers:
// a ring buffer that doubles when full, so that in steady state pushing and
// popping allocate nothing.
package ring

// A Queue is a FIFO queue. The zero Queue is empty and ready to use. A Queue
// is not safe for concurrent use.
type Queue[T any] struct {
	buf     []T // len is a power of two (or zero)
	head, n int
}

// Len returns the number of queued items.
func (q *Queue[T]) Len() int { return q.n }

// Push adds v at the back.
func (q *Queue[T]) Push(v T) {
	if q.n == len(q.buf) {
		q.grow()
	}
	q.buf[(q.head+q.n)&(len(q.buf)-1)] = v
	q.n++
}

// Grow makes room for at least n items in total without further allocation.
func (q *Queue[T]) Grow(n int) {
	for len(q.buf) < n {
		q.grow()
	}
}

func (q *Queue[T]) grow() {
	buf := make([]T, max(2*len(q.buf), 8))
	// Unroll the ring so the queue starts at index 0.
	k := copy(buf, q.buf[q.head:q.head+min(q.n, len(q.buf)-q.head)])
	copy(buf[k:], q.buf[:q.n-k])
	q.buf, q.head = buf, 0
}

// Pop removes and returns the front item. It panics if the queue is empty.
func (q *Queue[T]) Pop() T {
	if q.n == 0 {
		panic("ring: Pop from empty queue")
	}
	var zero T
	v := q.buf[q.head]
	q.buf[q.head] = zero // drop the reference so it can be collected
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	return v
}
