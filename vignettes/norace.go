//go:build !race

package vignettes

// raceEnabled reports whether this is a -race build; see race.go.
const raceEnabled = false
