package vignettes

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// childEnv is the environment variable that makes a binary linking this
// package act as a child: its value names the role.
const childEnv = "ADDBENCH_VIGNETTE_CHILD"

// readyLine is the stdout line by which a child tells its parent that it may
// act now: send the signal, start the clock.
const readyLine = "ready"

// roles maps a child role to what the child does with its arguments; the
// result is the child's exit status. It is a variable initialised before any
// init function runs, so the init below sees every role; tests add their own
// roles the same way.
var roles = map[string]func(args []string) int{
	"lostupdate": childLostUpdate,
	"mapwrites":  childMapWrites,
	"spin":       childSpin,
	"signals":    childSignals,
}

// init turns the process into a child when childEnv is set. Doing this in the
// package's init, rather than in main or TestMain, means that any binary
// linking the package — the addbench command and this package's test binary
// alike — can be re-executed as a child with no wiring, and that the child
// exits before main parses its command line or the testing package its flags.
func init() {
	role, ok := os.LookupEnv(childEnv)
	if !ok {
		return
	}
	os.Exit(childMain(role, os.Args[1:]))
}

// childMain runs role and returns the exit status.
func childMain(role string, args []string) int {
	f, ok := roles[role]
	if !ok {
		fmt.Fprintf(os.Stderr, "vignettes: unknown child role %q\n", role)
		return 2
	}
	return f(args)
}

// A childSpec says how to start a child.
type childSpec struct {
	role    string
	args    []string
	env     []string      // KEY=value settings added to the parent's environment
	timeout time.Duration // the child is killed if it lives longer
}

// A childResult is what became of a child, which has been reaped.
type childResult struct {
	pid     int
	stdout  string
	stderr  string
	status  string // "exit status 2", "signal: killed"
	code    int    // exit code, -1 if a signal ended the child
	killed  bool   // the parent killed it (kill, the deadline or ctx)
	elapsed time.Duration
}

// errChildDeadline reports a child killed because it outlived its timeout.
var errChildDeadline = errors.New("killed at its deadline")

// maxOutput caps what is kept of a child's stdout and of its stderr; a
// crashing child's goroutine dump can be long and only its start matters.
const maxOutput = 1 << 20

// A child is a running child process. Every child is waited for: the
// goroutine started by startChild calls Wait, and runChild does not return
// before that goroutine has finished.
type child struct {
	spec   childSpec
	cmd    *exec.Cmd
	stdout *output
	stderr *output
	start  time.Time
	done   chan struct{} // closed once Wait has returned
	cancel context.CancelFunc

	mu        sync.Mutex
	killed    bool // by kill
	cancelled bool // by the deadline or the parent's ctx
}

// runChild starts the child described by spec, calls onReady (if not nil)
// once the child prints readyLine, and waits for the child to end. A child
// that outlives spec.timeout is killed and reported with errChildDeadline; if
// ctx is cancelled the child is killed and ctx.Err() returned. A non-zero exit
// is not an error: the result reports it. In every case the child has been
// reaped when runChild returns.
func runChild(ctx context.Context, spec childSpec, onReady func(*child) error) (childResult, error) {
	c, err := startChild(ctx, spec)
	if err != nil {
		return childResult{}, err
	}
	if onReady != nil {
		select {
		case <-c.stdout.ready:
			if err := onReady(c); err != nil {
				c.kill()
				return c.wait(), fmt.Errorf("child %s: %w", spec.role, err)
			}
		case <-c.done:
		}
	}
	res := c.wait()
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if res.killed && !c.killedByCall() {
		return res, fmt.Errorf("child %s: %w after %v (stderr: %q)", spec.role, errChildDeadline, spec.timeout, firstLines(res.stderr, 3))
	}
	return res, nil
}

// startChild starts the running binary as a child in spec's role.
func startChild(ctx context.Context, spec childSpec) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("starting child %s: finding this executable: %w", spec.role, err)
	}
	cctx, cancel := context.WithTimeout(ctx, spec.timeout)
	cmd := exec.CommandContext(cctx, exe, spec.args...)
	cmd.Env = append(os.Environ(), childEnv+"="+spec.role)
	if raceEnabled {
		// The race runtime otherwise sleeps a second at exit, in case
		// other goroutines have races to report.
		cmd.Env = append(cmd.Env, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	}
	cmd.Env = append(cmd.Env, spec.env...)
	c := &child{
		spec:   spec,
		cmd:    cmd,
		stdout: newWatchedOutput(),
		stderr: new(output),
		done:   make(chan struct{}),
		cancel: cancel,
	}
	cmd.Stdout, cmd.Stderr = c.stdout, c.stderr
	cmd.Cancel = func() error {
		c.mu.Lock()
		c.cancelled = true
		c.mu.Unlock()
		return cmd.Process.Kill()
	}
	// After a kill, wait at most this long for the output pipes to close.
	cmd.WaitDelay = time.Second
	c.start = time.Now()
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("starting child %s: %w", spec.role, err)
	}
	go func() {
		cmd.Wait() // ProcessState says how the child ended
		close(c.done)
	}()
	return c, nil
}

// kill kills the child if it is still running.
func (c *child) kill() {
	c.mu.Lock()
	c.killed = true
	c.mu.Unlock()
	c.cmd.Process.Kill() // an error means it has already exited
}

func (c *child) killedByCall() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.killed
}

// signal sends sig to the child, and only to the child.
func (c *child) signal(sig os.Signal) error {
	if err := c.cmd.Process.Signal(sig); err != nil {
		return fmt.Errorf("sending %v to child %s (pid %d): %w", sig, c.spec.role, c.cmd.Process.Pid, err)
	}
	return nil
}

// wait waits for the child to end and describes what became of it.
func (c *child) wait() childResult {
	<-c.done
	c.cancel()
	res := childResult{
		pid:     c.cmd.Process.Pid,
		stdout:  c.stdout.String(),
		stderr:  c.stderr.String(),
		status:  "unknown",
		code:    -1,
		elapsed: time.Since(c.start),
	}
	if ps := c.cmd.ProcessState; ps != nil {
		res.status = ps.String()
		res.code = ps.ExitCode()
	}
	c.mu.Lock()
	// A kill that came after the child had exited by itself does not count.
	res.killed = (c.killed || c.cancelled) && res.code == -1
	c.mu.Unlock()
	return res
}

// An output collects what a child writes to one of its streams, up to
// maxOutput bytes. A watched output also notices the first readyLine.
type output struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	ready chan struct{} // closed when a line equal to readyLine arrives; nil if not watched
	seen  bool          // ready is closed
}

func newWatchedOutput() *output { return &output{ready: make(chan struct{})} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if room := maxOutput - o.buf.Len(); room > 0 {
		o.buf.Write(p[:min(len(p), room)])
	}
	if o.ready != nil && !o.seen {
		b := o.buf.Bytes()
		if bytes.HasPrefix(b, []byte(readyLine+"\n")) || bytes.Contains(b, []byte("\n"+readyLine+"\n")) {
			o.seen = true
			close(o.ready)
		}
	}
	return len(p), nil // the excess is dropped, not refused: the child must not block
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// firstLines returns the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// writeResult is how a child reports: v as one line of JSON on stdout. It
// returns the child's exit status.
func writeResult(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "encoding result: %v\n", err)
		return 1
	}
	if _, err := os.Stdout.Write(append(b, '\n')); err != nil {
		return 1
	}
	return 0
}

// decodeResult decodes the last line of a child's stdout, written by
// writeResult, into v.
func decodeResult(res childResult, role string, v any) error {
	out := strings.TrimSpace(res.stdout)
	last := out[strings.LastIndexByte(out, '\n')+1:]
	if err := json.Unmarshal([]byte(last), v); err != nil {
		return fmt.Errorf("child %s (%s): decoding its result %q: %w (stderr: %q)", role, res.status, last, err, firstLines(res.stderr, 3))
	}
	return nil
}

// childTimeout bounds a child that should end by itself; it is generous
// because a busy shared machine can be slow, and it is only reached when
// something is wrong.
const childTimeout = 30 * time.Second

// godebug returns the GODEBUG environment setting that adds setting to the
// parent's GODEBUG; the last setting of a key wins.
func godebug(setting string) string {
	if old := os.Getenv("GODEBUG"); old != "" {
		return "GODEBUG=" + old + "," + setting
	}
	return "GODEBUG=" + setting
}

// atois parses exactly n positive integer arguments.
func atois(args []string, n int) ([]int, error) {
	if len(args) != n {
		return nil, fmt.Errorf("want %d arguments, got %d: %q", n, len(args), args)
	}
	nums := make([]int, n)
	for i, a := range args {
		v, err := strconv.Atoi(a)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("argument %d: want a positive integer, got %q", i+1, a)
		}
		nums[i] = v
	}
	return nums, nil
}

// errNoArgs reports arguments given to a child role that takes none.
var errNoArgs = errors.New("want no arguments")

// childUsage reports a bad child invocation and returns its exit status.
func childUsage(role string, err error) int {
	fmt.Fprintf(os.Stderr, "vignettes: child %s: %v\n", role, err)
	return 2
}
