package vignettes

import "syscall"

// reaped reports whether the process pid no longer exists: once it has
// exited and the last handle to it (os/exec's, closed by Wait) is gone,
// OpenProcess fails.
func reaped(pid int) bool {
	const processQueryLimitedInformation = 0x1000
	h, err := syscall.OpenProcess(processQueryLimitedInformation, false, uint32(pid))
	if err != nil {
		return true
	}
	syscall.CloseHandle(h)
	return false
}
