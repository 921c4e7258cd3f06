package vignettes

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// usGoroutines is how many goroutines share one slice or map.
const usGoroutines = 4

// mapWritesFor bounds how long the mapwrites child writes before it gives
// up waiting for the runtime to notice and exits by itself.
const mapWritesFor = 5 * time.Second

func unsafeStructures() Vignette {
	return Vignette{
		Name:  "unsafe",
		Title: "slices and maps are not safe for concurrent writes",
		Explain: `Go's built-in slices and maps do no locking of their own, for speed.
Four goroutines append to one slice: append reads the length, stores the new
element there and writes back length+1, so two appends that read the same
length store into the same slot and one element is lost. Four goroutines
writing one map fare worse: the runtime notices the overlapping writes and
stops the whole program with "fatal error: concurrent map writes", which no
recover can catch, so that part runs in a child process. With a sync.Mutex
around each append or write, every element and every key arrives.`,
		Trial:         "appends or map writes per goroutine",
		DefaultTrials: 1_000_000,
		MaxTrials:     4_000_000, // 16M map keys, about 1 GB
		Run:           runUnsafe,
	}
}

func runUnsafe(ctx context.Context, opt Options) (*Report, error) {
	v := unsafeStructures()
	n, err := opt.trials(v)
	if err != nil {
		return nil, err
	}
	r := v.newReport(n)
	want := usGoroutines * n
	t := Table{
		Caption: fmt.Sprintf("%d goroutines × %d appends or writes", usGoroutines, n),
		Columns: []string{"STRUCTURE", "GUARD", "EXPECTED", "GOT", "LOST", "OUTCOME"},
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var sliceLost string
	if raceEnabled {
		t.addRow("slice append", "none", want, unavailable, "-", "-")
		sliceLost = "unavailable"
	} else {
		got := racyAppends(usGoroutines, n)
		lost := want - got
		r.addMetric("lost-frac/structure=slice/guard=none", float64(lost)/float64(want), "fraction")
		t.addRow("slice append", "none", want, got, lost, fmt.Sprintf("%.2f%% of the elements lost", 100*float64(lost)/float64(want)))
		sliceLost = fmt.Sprintf("%.2f%%", 100*float64(lost)/float64(want))
	}
	got := mutexAppends(usGoroutines, n)
	r.addMetric("lost/structure=slice/guard=mutex", float64(want-got), "elements")
	t.addRow("slice append", "sync.Mutex", want, got, want-got, exact(want-got))

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	mw, err := mapWritesChild(ctx)
	if err != nil {
		return nil, err
	}
	outcome := fmt.Sprintf("child %s after %v: %s", mw.status, mw.elapsed.Round(time.Millisecond), mw.fatal)
	if mw.fatal == "" {
		outcome = fmt.Sprintf("child %s after %v, no fatal error", mw.status, mw.elapsed.Round(time.Millisecond))
	}
	r.addMetric("exit-code/structure=map/guard=none", float64(mw.code), "code")
	t.addRow("map write", "none", "-", "-", "-", outcome)
	keys := mutexMapWrites(usGoroutines, n)
	r.addMetric("lost/structure=map/guard=mutex", float64(want-keys), "keys")
	t.addRow("map write", "sync.Mutex", want, keys, want-keys, exact(want-keys))
	r.Tables = []Table{t}

	r.Headline = fmt.Sprintf("unguarded appends lost %s of the elements, unguarded map writes ended the child with %q; guarded by a mutex both were exact.", sliceLost, orNone(mw.fatal))
	r.Notes = []string{
		"The slice's capacity is reserved up front, so its backing array never moves and the race is only over the length. A growing slice would also race on its pointer and capacity, which can tear and corrupt memory: the kind of failure the runtime's map check is there to stop early.",
		"The map check is best effort: it fires only when two writes overlap in time. Goroutines writing flat out on two cores overlap almost at once; with one P they take turns and are hardly ever stopped inside a write, so the check may never fire, which is why the child runs with several Ps.",
	}
	return r, nil
}

// exact describes a loss count.
func exact(lost int) string {
	if lost == 0 {
		return "exact"
	}
	return fmt.Sprintf("WRONG: %d lost", lost)
}

func orNone(s string) string {
	if s == "" {
		return "no fatal error"
	}
	return s
}

// mutexAppends appends n elements from each of goroutines goroutines to one
// slice under a mutex and returns its final length.
func mutexAppends(goroutines, n int) int {
	var mu sync.Mutex
	var s []int
	together(goroutines, func() {
		for i := range n {
			mu.Lock()
			s = append(s, i)
			mu.Unlock()
		}
	})
	return len(s)
}

// mutexMapWrites writes n distinct keys from each of goroutines goroutines
// into one map under a mutex and returns the number of keys.
func mutexMapWrites(goroutines, n int) int {
	var mu sync.Mutex
	m := make(map[int]int)
	var next sync.Mutex // hands out goroutine numbers
	id := 0
	together(goroutines, func() {
		next.Lock()
		g := id
		id++
		next.Unlock()
		for i := range n {
			mu.Lock()
			m[g*n+i] = i
			mu.Unlock()
		}
	})
	return len(m)
}

// A mapWrites is what became of the mapwrites child.
type mapWrites struct {
	status  string
	code    int
	fatal   string // the child's "fatal error: ..." line, if any
	elapsed time.Duration
}

// mapWritesChild runs the mapwrites child and returns its fate.
func mapWritesChild(ctx context.Context) (mapWrites, error) {
	spec := childSpec{
		role: "mapwrites",
		args: []string{strconv.Itoa(usGoroutines)},
		// Several Ps, even on one CPU: the check fires only when two
		// writes overlap, and with one P they hardly ever do.
		env:     []string{"GOMAXPROCS=" + strconv.Itoa(parallelism())},
		timeout: mapWritesFor + childTimeout,
	}
	res, err := runChild(ctx, spec, nil)
	if err != nil {
		return mapWrites{}, err
	}
	return mapWrites{status: res.status, code: res.code, fatal: fatalLine(res.stderr), elapsed: res.elapsed}, nil
}

// fatalLine returns the first line of stderr that starts "fatal error:".
func fatalLine(stderr string) string {
	for line := range strings.Lines(stderr) {
		if strings.HasPrefix(line, "fatal error:") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// childMapWrites is the mapwrites child: args are the number of goroutines.
// They write one map until the runtime kills the process; if it has not
// after mapWritesFor, the child says so and exits 0.
func childMapWrites(args []string) int {
	nums, err := atois(args, 1)
	if err != nil {
		return childUsage("mapwrites", err)
	}
	m := make(map[int]int)
	for g := range nums[0] {
		// These goroutines are never joined: the process ends with them.
		go func() {
			for i := 0; ; i++ {
				m[i%1024] = g
			}
		}()
	}
	time.Sleep(mapWritesFor)
	return writeResult(struct {
		Survived   bool `json:"survived"`
		GOMAXPROCS int  `json:"gomaxprocs"`
	}{true, runtime.GOMAXPROCS(0)})
}
