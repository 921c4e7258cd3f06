package bench

import (
	"syscall"
	"time"
)

// getUsage returns this process's CPU time, user + kernel, from
// GetProcessTimes. Windows keeps no per-process count of context switches
// (only per thread, through NtQuerySystemInformation) and no sum over
// exited children, so the usage has neither.
func getUsage() usage {
	h, err := syscall.GetCurrentProcess()
	if err != nil {
		return usage{}
	}
	var created, exited, kernel, user syscall.Filetime
	if err := syscall.GetProcessTimes(h, &created, &exited, &kernel, &user); err != nil {
		return usage{}
	}
	return usage{cpu: filetimeDuration(kernel) + filetimeDuration(user), hasCPU: true}
}

// filetimeDuration reads a FILETIME that holds a duration, in 100 ns ticks
// (Filetime.Nanoseconds would subtract the 1601 epoch).
func filetimeDuration(f syscall.Filetime) time.Duration {
	return time.Duration(uint64(f.HighDateTime)<<32|uint64(f.LowDateTime)) * 100
}
