package vignettes

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Roles used only by the tests. They are added in a variable initialiser so
// that they exist before the package's init looks for childEnv.
var _ = func() bool {
	// test-exit prints its arguments on stdout and stderr and exits with
	// the status its first argument names.
	roles["test-exit"] = func(args []string) int {
		fmt.Println(strings.Join(args, " "))
		fmt.Fprintln(os.Stderr, "to stderr")
		code, _ := strconv.Atoi(args[0])
		return code
	}
	// test-hang says it is ready and then sleeps far beyond any deadline.
	roles["test-hang"] = func([]string) int {
		fmt.Println(readyLine)
		time.Sleep(time.Hour)
		return 0
	}
	// test-env reports the settings its parent gave it.
	roles["test-env"] = func([]string) int {
		return writeResult(map[string]string{
			"gomaxprocs": strconv.Itoa(runtime.GOMAXPROCS(0)),
			"godebug":    os.Getenv("GODEBUG"),
		})
	}
	return true
}()

func TestChildReaped(t *testing.T) {
	kill := func(c *child) error { c.kill(); return nil }
	fail := func(c *child) error { return errors.New("parent gave up") }
	tests := []struct {
		name     string
		role     string
		args     []string
		timeout  time.Duration
		cancel   time.Duration // end the parent's context after this long
		onReady  func(*child) error
		wantCode int
		wantKill bool
		wantErr  error // nil, or an error the result must wrap
		wantOut  string
	}{
		{name: "exit0", role: "test-exit", args: []string{"0", "hello"}, timeout: childTimeout, wantOut: "0 hello\n"},
		{name: "exit3", role: "test-exit", args: []string{"3"}, timeout: childTimeout, wantCode: 3, wantOut: "3\n"},
		{name: "deadline", role: "test-hang", timeout: 300 * time.Millisecond, wantCode: -1, wantKill: true, wantErr: errChildDeadline},
		{name: "killed-when-ready", role: "test-hang", timeout: childTimeout, onReady: kill, wantCode: -1, wantKill: true},
		{name: "onready-error", role: "test-hang", timeout: childTimeout, onReady: fail, wantCode: -1, wantKill: true, wantErr: errors.New("parent gave up")},
		{name: "parent-done", role: "test-hang", timeout: childTimeout, cancel: 200 * time.Millisecond, wantCode: -1, wantKill: true, wantErr: context.DeadlineExceeded},
		{name: "unknown-role", role: "no-such-role", timeout: childTimeout, wantCode: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.cancel > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.cancel)
				defer cancel()
			}
			start := time.Now()
			res, err := runChild(ctx, childSpec{role: tt.role, args: tt.args, timeout: tt.timeout}, tt.onReady)
			if res.pid == 0 {
				t.Fatalf("no child pid; err = %v", err)
			}
			if !reaped(res.pid) {
				t.Errorf("child %d still exists after runChild returned", res.pid)
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("err = %v, want nil", err)
			case tt.wantErr != nil && err == nil:
				t.Errorf("err = nil, want %v", tt.wantErr)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr) && !strings.Contains(err.Error(), tt.wantErr.Error()):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if res.code != tt.wantCode || res.killed != tt.wantKill {
				t.Errorf("code %d (%s), killed %v; want code %d, killed %v (stderr %q)", res.code, res.status, res.killed, tt.wantCode, tt.wantKill, res.stderr)
			}
			if tt.wantOut != "" && res.stdout != tt.wantOut {
				t.Errorf("stdout = %q, want %q", res.stdout, tt.wantOut)
			}
			if tt.role == "test-exit" && res.stderr != "to stderr\n" {
				t.Errorf("stderr = %q, want %q", res.stderr, "to stderr\n")
			}
			if tt.role == "no-such-role" && !strings.Contains(res.stderr, `unknown child role "no-such-role"`) {
				t.Errorf("stderr = %q, want it to name the unknown role", res.stderr)
			}
			if took := time.Since(start); took > tt.timeout+5*time.Second {
				t.Errorf("runChild took %v with a timeout of %v", took, tt.timeout)
			}
		})
	}
}

func TestChildEnvironment(t *testing.T) {
	for _, procs := range []int{1, 3} {
		t.Run(fmt.Sprint("procs=", procs), func(t *testing.T) {
			spec := childSpec{
				role:    "test-env",
				env:     []string{"GOMAXPROCS=" + strconv.Itoa(procs), godebug("asyncpreemptoff=1")},
				timeout: childTimeout,
			}
			res, err := runChild(context.Background(), spec, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]string
			if err := decodeResult(res, spec.role, &got); err != nil {
				t.Fatal(err)
			}
			if got["gomaxprocs"] != strconv.Itoa(procs) {
				t.Errorf("child GOMAXPROCS = %s, want %d", got["gomaxprocs"], procs)
			}
			if !strings.HasSuffix(got["godebug"], "asyncpreemptoff=1") {
				t.Errorf("child GODEBUG = %q, want it to end with asyncpreemptoff=1", got["godebug"])
			}
		})
	}
}

func TestOutputKeepsAtMostMax(t *testing.T) {
	o := newWatchedOutput()
	chunk := strings.Repeat("x", 1000) + "\n"
	for range 2 * maxOutput / len(chunk) {
		if n, err := o.Write([]byte(chunk)); n != len(chunk) || err != nil {
			t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(chunk))
		}
	}
	if got := len(o.String()); got != maxOutput {
		t.Errorf("kept %d bytes, want %d", got, maxOutput)
	}
	select {
	case <-o.ready:
		t.Error("ready without a ready line")
	default:
	}
}

func TestOutputReady(t *testing.T) {
	tests := []struct {
		writes []string
		ready  bool
	}{
		{[]string{"ready\n"}, true},
		{[]string{"rea", "dy\n"}, true},
		{[]string{"start\nready\nmore"}, true},
		{[]string{"ready"}, false}, // not a whole line yet
		{[]string{"already\n"}, false},
		{[]string{"readyish\n"}, false},
	}
	for _, tt := range tests {
		o := newWatchedOutput()
		for _, w := range tt.writes {
			o.Write([]byte(w))
		}
		select {
		case <-o.ready:
			if !tt.ready {
				t.Errorf("writes %q: ready, want not", tt.writes)
			}
		default:
			if tt.ready {
				t.Errorf("writes %q: not ready, want ready", tt.writes)
			}
		}
	}
}
