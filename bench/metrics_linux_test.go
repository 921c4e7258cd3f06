package bench

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestThreadTimesOfReader: the thread reading the CPU times is running, and
// its schedstat entry lags by up to a scheduler tick; getThreadTimes must
// not pass that lag on, or a thread busy for a short window reads more CPU
// time than the window has wall time (issue 20's CI run: threads = 2 for
// sequential.loop at GOMAXPROCS 1). Twenty windows of 300 µs, each shorter
// than a tick, so a lag would show in most.
func TestThreadTimesOfReader(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := unix.Gettid()
	for i := range 20 {
		start := time.Now()
		before := getThreadTimes()
		for time.Since(start) < 300*time.Microsecond {
		}
		after := getThreadTimes()
		window := time.Since(start)
		b, okb := before[tid]
		a, oka := after[tid]
		if !okb || !oka {
			t.Fatalf("thread %d missing from getThreadTimes", tid)
		}
		if d := time.Duration(a - b); d > window {
			t.Fatalf("window %d: the reading thread worked %v in a window of %v", i, d, window)
		}
	}
}

func TestProcUsage(t *testing.T) {
	rss, threads := procUsage(strconv.Itoa(os.Getpid()))
	if rss == 0 || threads < 1 {
		t.Errorf("procUsage(self) = %d bytes, %d threads; want both positive", rss, threads)
	}
	// A child, found through /proc/self/task/*/children.
	cmd := exec.Command(os.Args[0], "-test.run", "^TestHelperSleep$")
	cmd.Env = append(os.Environ(), "ADDBENCH_TEST_SLEEP=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	if _, err := stdout.Read(make([]byte, 1)); err != nil { // the child is running
		t.Fatal(err)
	}
	crss, cthreads := childUsage()
	if crss == 0 || cthreads < 1 {
		t.Errorf("childUsage with a live child = %d bytes, %d threads; want both positive", crss, cthreads)
	}
}

// TestHelperSleep is the child of TestProcUsage: it waits for its stdin to
// close.
func TestHelperSleep(t *testing.T) {
	if os.Getenv("ADDBENCH_TEST_SLEEP") == "" {
		t.Skip("helper process")
	}
	os.Stdout.Write([]byte{'\n'})
	os.Stdin.Read(make([]byte, 1))
}
