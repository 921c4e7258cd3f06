package dashboard_test

import (
	"testing"

	"go.uber.org/goleak"
)

// atExit holds what must run after the last test and before goleak looks:
// the browser tests (browser_test.go, build tag browser) share one Chromium
// and stop it here.
var atExit []func()

type withExit struct{ m *testing.M }

func (w withExit) Run() int {
	code := w.m.Run()
	for _, f := range atExit {
		f()
	}
	return code
}

// Rendering starts no goroutines. The browser tests start Chromium and
// chromedp's goroutines; atExit stops both (canceling the allocator waits
// for the process to exit), and goleak checks that nothing is left.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(withExit{m})
}
