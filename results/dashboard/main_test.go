package dashboard_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Rendering starts no goroutines. The browser tests (browser_test.go, build
// tag browser) start Chromium and chromedp's goroutines; they stop both
// before returning, and goleak checks that they did.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
