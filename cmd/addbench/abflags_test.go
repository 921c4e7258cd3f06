package main

import (
	"strings"
	"testing"
)

// TestABBlockFlag: -block must be an even number of samples from 2 to 64;
// anything else is refused before anything is built, naming the flag.
func TestABBlockFlag(t *testing.T) {
	for _, v := range []string{"0", "1", "3", "-2", "66", "x"} {
		_, stderr, code := runCLI(t, "ab", "-block", v, "-o", t.TempDir())
		if code != 2 || !strings.Contains(stderr, "-block") || strings.Contains(stderr, "building") {
			t.Errorf("ab -block %s: exit %d, stderr %q; want exit 2 naming -block, before any build", v, code, stderr)
		}
	}
}
