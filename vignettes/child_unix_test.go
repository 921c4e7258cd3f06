//go:build unix

package vignettes

import (
	"errors"
	"syscall"
)

// reaped reports whether the process pid no longer exists: signal 0 checks
// for a process without sending anything, and it finds an exited child until
// the child is waited for.
func reaped(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
