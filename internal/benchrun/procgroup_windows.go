package benchrun

import (
	"os/exec"
	"strconv"
	"syscall"

	"golang.org/x/sys/windows"
)

// On Windows a process group is a console notion: CREATE_NEW_PROCESS_GROUP
// makes the binary the root of a group that its children join, and
// CTRL_BREAK_EVENT to the group reaches all of them, which Go delivers as
// os.Interrupt. What is lost against Unix:
//   - the event reaches the group only if it shares addbench's console; with
//     no console (a service, some CI agents) interruptGroup fails and the
//     caller's grace period ends in killGroup at once;
//   - killGroup kills the process tree (taskkill /T), found by parent process
//     IDs: a grandchild whose parent has already exited is not found, where
//     a Unix process group would still hold it.

// startInGroup makes cmd start as the root of a console process group of
// its own.
func startInGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// interruptGroup sends CTRL_BREAK_EVENT to cmd's process group.
func interruptGroup(cmd *exec.Cmd) error {
	return windows.GenerateConsoleCtrlEvent(windows.CTRL_BREAK_EVENT, uint32(cmd.Process.Pid))
}

// killGroup kills cmd's process and every descendant taskkill finds; if
// taskkill cannot run, cmd's process alone.
func killGroup(cmd *exec.Cmd) error {
	if err := exec.Command("taskkill", "/T", "/F", "/PID", strconv.Itoa(cmd.Process.Pid)).Run(); err != nil {
		return cmd.Process.Kill()
	}
	return nil
}
