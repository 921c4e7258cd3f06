package results

import (
	"testing"

	"go.uber.org/goleak"
)

// The package starts no goroutines; goleak keeps it that way, and covers the
// benchstat processes that -update starts.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
