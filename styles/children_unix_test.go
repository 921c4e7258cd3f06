//go:build unix

package styles

import (
	"errors"
	"syscall"
	"testing"
)

// checkReaped fails t if this test binary has a child process left, running
// or a zombie: every worker process.pipe started must have been reaped by
// the time its Run returned. It asks the kernel (Wait4 with WNOHANG finds
// ECHILD only when there are no children at all), so it holds whatever
// package process believes, and it reaps a zombie it finds.
func checkReaped(t *testing.T) {
	t.Helper()
	var status syscall.WaitStatus
	if pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil); !errors.Is(err, syscall.ECHILD) {
		t.Errorf("Wait4 = %d, %v; want ECHILD: a worker process outlived its Run", pid, err)
	}
}
