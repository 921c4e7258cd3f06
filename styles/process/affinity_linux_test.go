package process

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestWorkerInheritsAffinity: a worker runs on the CPUs of the thread that
// started it, every one of its threads, for its whole life. In a benchmark
// process started pinned (addbench bench -pin) every thread has the pinned
// set, so its process.pipe workers are pinned alike: the rule that the
// benchmark process follows, its workers follow, with nothing here to set.
func TestWorkerInheritsAffinity(t *testing.T) {
	var all unix.CPUSet
	if err := unix.SchedGetaffinity(0, &all); err != nil {
		t.Fatal(err)
	}
	last := -1
	for c := range 1024 {
		if all.IsSet(c) {
			last = c
		}
	}
	if all.Count() < 2 {
		t.Skip("one CPU: a pinned worker cannot be told from an unpinned one")
	}
	// The thread is narrowed only while it starts the worker; locked so
	// that nothing else runs on it meanwhile. If restoring fails the test
	// ends with the thread still locked, and the runtime ends it too.
	runtime.LockOSThread()
	var one unix.CPUSet
	one.Set(last)
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		t.Fatal(err)
	}
	wk, startErr := Start(0)
	if err := unix.SchedSetaffinity(0, &all); err != nil {
		t.Fatal(err)
	}
	runtime.UnlockOSThread()
	if startErr != nil {
		t.Fatal(startErr)
	}
	closed := false
	t.Cleanup(func() {
		if !closed { // a failed check: reap the worker all the same
			wk.Kill()
			wk.Wait()
		}
	})
	// One exchange first: the worker's runtime has started its threads
	// and is serving by the time its reply arrives.
	if err := wk.Send([]int64{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if err := wk.Flush(); err != nil {
		t.Fatal(err)
	}
	if sum, err := wk.Recv(3); err != nil || sum != 6 {
		t.Fatalf("Recv = %d, %v; want 6", sum, err)
	}
	dir := "/proc/" + strconv.Itoa(wk.PID()) + "/task"
	tasks, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		b, err := os.ReadFile(dir + "/" + task.Name() + "/status")
		if err != nil {
			continue // a thread that ended
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok && strings.TrimSpace(v) != strconv.Itoa(last) {
				t.Errorf("worker thread %s runs on CPUs %s, want %d", task.Name(), strings.TrimSpace(v), last)
			}
		}
	}
	closed = true
	if err := wk.Close(); err != nil {
		t.Fatal(err)
	}
}
