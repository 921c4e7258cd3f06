//go:build !race

package vignettes

// racyIncrements is x += 1 with no synchronisation from goroutines
// goroutines, n times each. It is a data race on purpose, so race builds
// leave it out.
func racyIncrements(goroutines, n int) int64 {
	var x int64
	together(goroutines, func() {
		for range n {
			x += 1
		}
	})
	return x
}
