//go:build unix

package benchrun

import (
	"os/exec"
	"syscall"
)

// startInGroup makes cmd start as the leader of a process group of its own,
// which every process it starts joins unless it moves itself out.
func startInGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// interruptGroup sends SIGINT to the whole process group of cmd.
func interruptGroup(cmd *exec.Cmd) error {
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
}

// killGroup sends SIGKILL to the whole process group of cmd.
func killGroup(cmd *exec.Cmd) error {
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
