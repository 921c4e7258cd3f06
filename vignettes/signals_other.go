//go:build !unix

package vignettes

import (
	"errors"
	"fmt"
	"runtime"
)

// signalsSupported: elsewhere os.Process.Signal sends only Kill. (Windows
// has console control events, which reach a child only through a console
// both share; a benchmark host often has none, so the vignette does not
// pretend.)
func signalsSupported() error {
	return fmt.Errorf("not on %s: Go can send another process no interrupt there, only Kill: %w", runtime.GOOS, errors.ErrUnsupported)
}
