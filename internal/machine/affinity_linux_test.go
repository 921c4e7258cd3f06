package machine

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// allowedList reads the kernel's own account of a thread's affinity.
func allowedList(t *testing.T, status string) string {
	t.Helper()
	b, err := os.ReadFile(status)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("%s has no Cpus_allowed_list", status)
	return ""
}

// TestAffinity checks Affinity against /proc, on this thread as it is and
// narrowed to one CPU, and the config line that records it.
func TestAffinity(t *testing.T) {
	// Locked for the whole test; a test that fails ends its goroutine
	// still locked, and the runtime then ends the thread with it, so a
	// thread left narrowed never runs anything else.
	runtime.LockOSThread()
	cpus, err := Affinity()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := FormatCPUs(cpus), allowedList(t, "/proc/thread-self/status"); got != want {
		t.Errorf("Affinity = %s, the kernel says %s", got, want)
	}
	if l := ConfigLines(); !slices.Contains(l, "cpu-affinity: "+FormatCPUs(cpus)) {
		t.Errorf("ConfigLines = %q: no cpu-affinity: %s", l, FormatCPUs(cpus))
	}
	if len(cpus) < 2 {
		runtime.UnlockOSThread()
		t.Skip("one CPU: nothing to narrow")
	}
	var old, one unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		t.Fatal(err)
	}
	one.Set(cpus[len(cpus)-1])
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		t.Fatal(err)
	}
	narrowed, err := Affinity()
	if err := unix.SchedSetaffinity(0, &old); err != nil {
		t.Fatal(err)
	}
	runtime.UnlockOSThread()
	if err != nil || !slices.Equal(narrowed, cpus[len(cpus)-1:]) {
		t.Errorf("Affinity on a thread pinned to CPU %d = %v, %v", cpus[len(cpus)-1], narrowed, err)
	}
}
