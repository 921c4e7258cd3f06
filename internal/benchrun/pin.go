package benchrun

import (
	"fmt"
	"slices"

	"github.com/addbench/addbench/internal/machine"
)

// Pinning. A single-threaded benchmark on the 2-core VM addbench is
// developed on ran at one of two speeds 1.7× apart depending on the CPU it
// was on, and an unpinned process lands on either (docs/bimodal.md). With
// Options.Pin, every benchmark process starts with its CPU affinity
// narrowed to a fixed set, the same in every pass, so that placement is a
// controlled variable, recorded in the "pin:" config line, instead of a coin
// toss per process. Threads and processes it starts inherit the set: the
// Go runtime's threads, and process.pipe's worker processes.

// CanPin returns nil where benchmark processes can be pinned, and
// [machine.ErrNoAffinity] elsewhere.
func CanPin() error {
	_, err := machine.Affinity()
	return err
}

// pinCPUs returns the CPUs a benchmark process whose largest GOMAXPROCS is
// procs is pinned to: the last procs CPUs of this process's affinity — CPU 0
// comes last in the choice because Linux tends to handle interrupts there —
// or all of them if there are fewer.
func pinCPUs(procs []int) ([]int, error) {
	cpus, err := machine.Affinity()
	if err != nil {
		return nil, fmt.Errorf("-pin: %w", err)
	}
	n := 1
	if len(procs) > 0 {
		n = slices.Max(procs)
	}
	return cpus[max(0, len(cpus)-n):], nil
}

// pinLine is the config line that says where a pass's process was pinned:
// "pin: none", "pin: cpu 1", "pin: cpus 2-3".
func pinLine(cpus []int) string {
	switch len(cpus) {
	case 0:
		return "pin: none"
	case 1:
		return fmt.Sprintf("pin: cpu %d", cpus[0])
	}
	return "pin: cpus " + machine.FormatCPUs(cpus)
}
