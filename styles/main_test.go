package styles

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no goroutine outlives the tests, internal and
// external (suite_test.go runs the shared checks of package stylestest).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
