package machine

import (
	"regexp"
	"testing"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"linux-amd64-2cpu-Intel(R) Xeon(R) Processor":                 "linux-amd64-2cpu-intel-xeon-processor",
		"linux-arm64-8cpu-unknown":                                    "linux-arm64-8cpu-unknown",
		"linux-amd64-16cpu-AMD Ryzen 9 5950X 16-Core Processor":       "linux-amd64-16cpu-amd-ryzen-9-5950x-16-core-processor",
		"linux-amd64-4cpu-Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz  ": "linux-amd64-4cpu-intel-core-i7-8650u-1.90ghz",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameIsAFileName(t *testing.T) {
	if n := Name(); !regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`).MatchString(n) {
		t.Errorf("Name() = %q is not a plain file name", n)
	}
}
