//go:build !unix && !windows

package benchrun

import (
	"os"
	"os/exec"
)

// Without process groups (plan9, wasip1, ...) the signals reach the binary
// alone: a worker process it started outlives an interrupted run until its
// pipe closes.

func startInGroup(cmd *exec.Cmd) {}

func interruptGroup(cmd *exec.Cmd) error { return cmd.Process.Signal(os.Interrupt) }

func killGroup(cmd *exec.Cmd) error { return cmd.Process.Kill() }
