package benchrun

import (
	"fmt"
	"os/exec"
	"runtime"

	"golang.org/x/sys/unix"

	"github.com/addbench/addbench/internal/machine"
)

// startPinned starts cmd with its CPU affinity narrowed to cpus. A new
// process inherits the affinity of the thread that forks it, and os/exec
// forks on the calling goroutine's thread: so the thread is locked, narrowed,
// used to start cmd, and widened again. Setting the child's affinity after
// Start instead would race with the threads its runtime starts at once, and
// reach only its first thread.
func startPinned(cmd *exec.Cmd, cpus []int) error {
	runtime.LockOSThread()
	var old unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("-pin: reading the CPU affinity: %w", err)
	}
	var set unix.CPUSet
	for _, c := range cpus {
		set.Set(c)
	}
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("-pin: pinning to CPUs %s: %w", machine.FormatCPUs(cpus), err)
	}
	err := cmd.Start()
	if rerr := unix.SchedSetaffinity(0, &old); rerr != nil {
		// The thread stays narrowed: leave it locked to this goroutine, so
		// that no other goroutine runs on it and it ends with the goroutine.
		if err == nil {
			err = fmt.Errorf("-pin: restoring the CPU affinity: %w", rerr)
			cmd.Process.Kill()
			cmd.Wait()
		}
		return err
	}
	runtime.UnlockOSThread()
	return err
}
