package future

import (
	"errors"
	"slices"
	"testing"
)

// counter is an async function that records each step and awaits a Yield
// between steps.
type counter struct {
	name     string
	steps    int
	trace    *[]string
	awaiting bool
	y        Yield
}

func (c *counter) Poll(cx *Context) (struct{}, bool) {
	for {
		if c.awaiting {
			if _, ok := c.y.Poll(cx); !ok {
				return struct{}{}, false
			}
			c.awaiting = false
		}
		if c.steps == 0 {
			return struct{}{}, true
		}
		c.steps--
		*c.trace = append(*c.trace, c.name)
		c.y, c.awaiting = Yield{}, true
	}
}

func TestYieldInterleavesTasks(t *testing.T) {
	var trace []string
	var e Executor
	e.Spawn(&counter{name: "a", steps: 3, trace: &trace})
	e.Spawn(&counter{name: "b", steps: 2, trace: &trace})
	if err := e.Run(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "a", "b", "a"}; !slices.Equal(trace, want) {
		t.Errorf("trace = %v, want %v", trace, want)
	}
}

func TestStalledTaskIsReported(t *testing.T) {
	var e Executor
	// Pending forever, and never wakes itself.
	e.Spawn(Func[struct{}](func(*Context) (struct{}, bool) { return struct{}{}, false }))
	e.Spawn(Ready(struct{}{}))
	err := e.Run()
	var se *StalledError
	if !errors.As(err, &se) || se.Pending != 1 {
		t.Fatalf("Run = %v, want StalledError with 1 pending", err)
	}
}

func TestWakeTwiceQueuesOnce(t *testing.T) {
	var e Executor
	polls := 0
	e.Spawn(Func[struct{}](func(cx *Context) (struct{}, bool) {
		polls++
		if polls == 1 {
			cx.Waker().Wake()
			cx.Waker().Wake()
			return struct{}{}, false
		}
		return struct{}{}, true
	}))
	if err := e.Run(); err != nil {
		t.Fatal(err)
	}
	if polls != 2 {
		t.Errorf("task polled %d times, want 2 (two wakes before it ran are one)", polls)
	}
}

// TestAwaitComposes: an async function awaiting another is itself a future;
// the outer one is pending exactly while the inner one is.
func TestAwaitComposes(t *testing.T) {
	var trace []string
	inner := &counter{name: "inner", steps: 2, trace: &trace}
	var e Executor
	e.Spawn(Func[struct{}](func(cx *Context) (struct{}, bool) {
		if _, ok := inner.Poll(cx); !ok {
			return struct{}{}, false
		}
		trace = append(trace, "outer done")
		return struct{}{}, true
	}))
	e.Spawn(&counter{name: "other", steps: 2, trace: &trace})
	if err := e.Run(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"inner", "other", "inner", "other", "outer done"}; !slices.Equal(trace, want) {
		t.Errorf("trace = %v, want %v", trace, want)
	}
}

func TestSpawnFromPoll(t *testing.T) {
	var e Executor
	ran := false
	e.Spawn(Func[struct{}](func(*Context) (struct{}, bool) {
		e.Spawn(Func[struct{}](func(*Context) (struct{}, bool) { ran = true; return struct{}{}, true }))
		return struct{}{}, true
	}))
	if err := e.Run(); err != nil || !ran {
		t.Errorf("Run = %v, spawned task ran = %v", err, ran)
	}
}

func TestSteadyStateAwaitAllocatesNothing(t *testing.T) {
	c := &counter{trace: new([]string)}
	var e Executor
	e.Spawn(c)
	e.Run()
	*c.trace = make([]string, 0, 1000)
	allocs := testing.AllocsPerRun(10, func() {
		*c.trace = (*c.trace)[:0]
		c.steps = 50
		e.Spawn(c)
		e.Run()
	})
	// Spawn allocates the task and Run its Context; the 50 awaits nothing.
	if allocs > 2 {
		t.Errorf("50 awaits allocate %v times, want at most 2 (task and context)", allocs)
	}
}
