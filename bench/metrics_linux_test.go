package bench

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

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
