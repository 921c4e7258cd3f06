//go:build !race

package vignettes

// racyAppends appends n elements from each of goroutines goroutines to one
// slice with no synchronisation and returns its final length. The capacity
// is reserved up front so that the backing array never moves: the race is
// over the length alone, which loses elements but cannot corrupt memory.
func racyAppends(goroutines, n int) int {
	s := make([]int, 0, goroutines*n)
	together(goroutines, func() {
		for i := range n {
			s = append(s, i)
		}
	})
	return len(s)
}
