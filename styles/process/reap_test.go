//go:build unix

package process

import (
	"errors"
	"syscall"
	"testing"
)

// TestNoZombies checks the count of live workers against the kernel: after workers that
// finish, crash and are killed have all been waited for, this process has no
// children left, running or zombie.
func TestNoZombies(t *testing.T) {
	t.Setenv(FaultEnv, Fault{Kind: Crash, Worker: 1, After: 0}.String())
	for id := range 3 {
		wk, err := Start(id)
		if err != nil {
			t.Fatal(err)
		}
		if id == 2 {
			wk.Kill()
			wk.Wait()
			continue
		}
		exchange(wk, repeat(4, 4))
	}
	// WNOHANG: ECHILD if there are no children at all; 0 if some are still
	// running; a pid if a zombie was left unreaped (and is reaped now).
	var status syscall.WaitStatus
	if pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil); !errors.Is(err, syscall.ECHILD) {
		t.Errorf("Wait4 = %d, %v; want ECHILD: a child outlived its Wait", pid, err)
	}
	if n := live.Load(); n != 0 {
		t.Errorf("%d workers live", n)
	}
}
