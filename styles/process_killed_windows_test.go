package styles

import (
	"errors"

	"github.com/addbench/addbench/styles/process"
)

// killed reports whether err is a worker's error for a process that
// os.Process.Kill ended. Windows has no signals: Kill is TerminateProcess
// with exit code 1, so this is weaker than on Unix — a worker that exited 1
// by itself would pass too (the workers' own failures exit 0 or 2).
func killed(err error) bool {
	var we *process.WorkerError
	return errors.As(err, &we) && we.State != nil && we.State.ExitCode() == 1
}
