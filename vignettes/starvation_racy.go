//go:build !race

package vignettes

import (
	"os"
	"time"
)

// childSpin is the spin child. A goroutine sets a plain bool a millisecond
// from now while the main goroutine spins reading it, in a loop that calls no
// function and so offers the scheduler no place to stop it. The plain read
// is a data race on purpose, so race builds leave it out. The child reports
// how long it spun, if it ever stops.
func childSpin(args []string) int {
	if len(args) != 0 {
		return childUsage("spin", errNoArgs)
	}
	var flag bool
	if _, err := os.Stdout.WriteString(readyLine + "\n"); err != nil {
		return 1
	}
	// The setter starts after the write: a write that blocks (a busy
	// parent, a loaded machine) lets the scheduler run other goroutines,
	// and a setter started before it could set the flag before the spin
	// began — "rescued" without any preemption.
	go func() {
		time.Sleep(time.Millisecond)
		flag = true
	}()
	start := time.Now()
	for !flag {
	}
	return writeResult(childSpinResult{Nanos: time.Since(start).Nanoseconds()})
}
