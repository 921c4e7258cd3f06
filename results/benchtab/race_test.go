//go:build race

package benchtab

// raceEnabled: the statistical simulations, pure arithmetic on one
// goroutine, are skipped under -race, which would only make them ten
// times slower; the plain test run keeps them.
const raceEnabled = true
