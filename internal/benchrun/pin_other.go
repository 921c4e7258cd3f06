//go:build !linux

package benchrun

import (
	"os/exec"

	"github.com/addbench/addbench/internal/machine"
)

// startPinned: only Linux has an affinity that a child inherits here.
func startPinned(cmd *exec.Cmd, cpus []int) error {
	return machine.ErrNoAffinity
}
