//go:build !race

package benchtab

const raceEnabled = false
