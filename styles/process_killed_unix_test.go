//go:build unix

package styles

import (
	"errors"
	"syscall"

	"github.com/addbench/addbench/styles/process"
)

// killed reports whether err is a worker's error for a process that SIGKILL
// ended.
func killed(err error) bool {
	var we *process.WorkerError
	if !errors.As(err, &we) || we.State == nil {
		return false
	}
	ws, ok := we.State.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}
