package benchrun

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/addbench/addbench/internal/machine"
)

// TestRunPassPin runs a stand-in binary that reports its own affinity: with
// Pin it runs on the last CPUs only and the pass says so in its pin line;
// without, it runs on every CPU and the line says none. Either way this
// process's threads keep their affinity: the thread that started the
// pinned binary was widened again.
func TestRunPassPin(t *testing.T) {
	all, err := machine.Affinity()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2 {
		t.Skip("one CPU: a pinned process cannot be told from an unpinned one")
	}
	last := all[len(all)-1:]
	b := fake(t, fakeSpec{Stdout: []string{"BenchmarkA 1 1 ns/op"}, Affinity: "stderr"})
	for _, tc := range []struct {
		o        Options
		line     string
		affinity []int
	}{
		{Options{Suite: "quick", CPU: []int{1}, Pin: true}, pinLine(last), last},
		{Options{Suite: "quick", CPU: []int{1}}, "pin: none", all},
		{Options{Suite: "quick", Pin: true}, pinLine(last), last}, // no -cpu: one P
		{Options{Suite: "quick", CPU: []int{1, len(all)}, Pin: true}, pinLine(all), all},
	} {
		var stderr strings.Builder
		p, err := RunPass(context.Background(), b, tc.o, 1, nil, &stderr)
		if err != nil {
			t.Fatal(err)
		}
		if p.Lines[0] != tc.line {
			t.Errorf("%+v: first line %q, want %q", tc.o, p.Lines[0], tc.line)
		}
		if got, want := strings.TrimSpace(stderr.String()), machine.FormatCPUs(tc.affinity); got != want {
			t.Errorf("%+v: the binary ran on CPUs %s, want %s", tc.o, got, want)
		}
	}
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		b, err := os.ReadFile("/proc/self/task/" + task.Name() + "/status")
		if err != nil {
			continue // a thread that ended
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok && strings.TrimSpace(v) != machine.FormatCPUs(all) {
				t.Errorf("thread %s of this process left on CPUs %s, want %s", task.Name(), strings.TrimSpace(v), machine.FormatCPUs(all))
			}
		}
	}
}

// TestSessionPin: every process of a session runs pinned — the passes of
// addbench bench and ab -pairing passes, and each run of an ABBA block,
// which builds options of its own per benchmark — and each side's results
// carry the pin line once.
func TestSessionPin(t *testing.T) {
	all, err := machine.Affinity()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2 {
		t.Skip("one CPU: a pinned process cannot be told from an unpinned one")
	}
	last := machine.FormatCPUs(all[len(all)-1:])
	// A stand-in that reports its affinity as a config line, as the bench
	// binary does (machine.ConfigLines).
	spec := fakeSpec{Stdout: []string{"BenchmarkA 	 100 	 10 ns/op"}, Affinity: "config"}
	for _, p := range []Pairing{ABBA, Passes} {
		s := &Session{
			Sides:   []*Side{{Name: "base", Binary: fake(t, spec)}, {Name: "head", Binary: fake(t, spec)}},
			Options: Options{Suite: "quick", CPU: []int{1}, Pin: true},
			Pairing: p, Passes: 2, Seed: 1,
		}
		if err := s.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, side := range s.Sides {
			var affinity, pins []string
			results := 0
			for _, l := range side.Lines {
				if v, ok := strings.CutPrefix(l, "cpu-affinity: "); ok {
					affinity = append(affinity, v)
				}
				if strings.HasPrefix(l, "pin: ") {
					pins = append(pins, l)
				}
				if IsResultLine(l) {
					results++
				}
			}
			if results == 0 || len(affinity) != 1 || affinity[0] != last || len(pins) != 1 || pins[0] != "pin: cpu "+last {
				t.Errorf("%v %s: %d results, affinity lines %q, pin lines %q; want every process on CPU %s, said once", p, side.Name, results, affinity, pins, last)
			}
		}
	}
}
