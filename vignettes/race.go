//go:build race

package vignettes

import "errors"

// raceEnabled reports whether this is a -race build. The experiments with
// deliberate data races are built only without -race (the *_racy.go files);
// race builds get the stand-ins below, which the vignettes never call because
// they check raceEnabled first and report those rows as unavailable.
const raceEnabled = true

// errRace is the panic value of a racy experiment called in a race build.
var errRace = errors.New("vignettes: racy experiment called in a race build")

func racyIncrements(goroutines, n int) int64 { panic(errRace) }
func racyAppends(goroutines, n int) int      { panic(errRace) }
func sbPlain(batch int) litmusBody           { panic(errRace) }
func mpPlain(batch int) litmusBody           { panic(errRace) }

// childSpin can be started by hand with ADDBENCH_VIGNETTE_CHILD=spin, so it
// fails politely rather than panicking.
func childSpin(args []string) int { return childUsage("spin", errRace) }
