package bench

import (
	"cmp"
	"iter"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/eventloop"
	"github.com/addbench/addbench/styles/future"
	"github.com/addbench/addbench/styles/gil"
	"github.com/addbench/addbench/styles/process"
	"github.com/addbench/addbench/workloads"
)

// A Primitive is one raw mechanism that BenchmarkPrimitive measures: Bench
// runs b.N operations, so its ns/op is the cost of one.
type Primitive struct {
	Op    string
	Bench func(b *testing.B)
}

// Primitives lists the mechanisms under the styles, each written the way the
// styles use it, through the same packages.
var Primitives = []Primitive{
	{"sum", benchSum},
	{"call", benchCall},
	{"eventloop", benchEventLoop},
	{"poll", benchPoll},
	{"coroswitch", benchCoroSwitch},
	{"gilswitch", benchGILSwitch},
	{"gosched", benchGosched},
	{"chan", benchChan},
	{"chanbuf", benchChanBuf},
	{"mutex", benchMutex},
	{"atomic", benchAtomic},
	{"cas", benchCAS},
	{"message", benchMessage},
	{"spawn", benchSpawn},
	{"goroutine", benchGoroutine},
}

// Count returns how many benchmarks one pass of the suite runs (one -count,
// one -cpu value): every style on every case, and every primitive.
func Count(s workloads.Suite) int {
	return len(s.Cases)*len(styles.All()) + len(Primitives)
}

var sink int64 // keeps results observable so no loop is deleted

// benchSum: one add of a plain loop, the inner loop of every style.
func benchSum(b *testing.B) {
	data := workloads.Uniform(1, 1, 1<<16)[0]
	var acc int64
	for n := b.N; n > 0; {
		k := min(n, len(data))
		acc += data[:k].Sum()
		n -= k
	}
	sink = acc
}

// callee is a variable so the compiler cannot inline or devirtualise it.
var callee = func(acc, v int64) int64 { return acc + v }

// benchCall: one indirect function call.
func benchCall(b *testing.B) {
	f, acc := callee, int64(0)
	for i := range b.N {
		acc = f(acc, int64(i))
	}
	sink = acc
}

// benchEventLoop: one post and dispatch of a callback that re-posts itself.
func benchEventLoop(b *testing.B) {
	l := eventloop.New(1)
	n := 0
	var f func()
	f = func() {
		if n++; n < b.N {
			l.Post(f)
		}
	}
	l.Post(f)
	l.Run()
	sink = int64(n)
}

// yielder awaits future.Yield n times: one await round trip each, which is
// pending, wake, re-queue and poll again.
type yielder struct {
	n        int
	awaiting bool
	y        future.Yield
}

func (t *yielder) Poll(cx *future.Context) (struct{}, bool) {
	for {
		if t.awaiting {
			if _, ok := t.y.Poll(cx); !ok {
				return struct{}{}, false
			}
			t.awaiting = false
		}
		if t.n == 0 {
			return struct{}{}, true
		}
		t.n--
		t.y, t.awaiting = future.Yield{}, true
	}
}

// benchPoll: one await round trip in styles/future.
func benchPoll(b *testing.B) {
	var e future.Executor
	e.Spawn(&yielder{n: b.N})
	if err := e.Run(); err != nil {
		b.Fatal(err)
	}
}

// benchCoroSwitch: one iter.Pull next() round trip, into the coroutine and
// back.
func benchCoroSwitch(b *testing.B) {
	next, stop := iter.Pull(func(yield func(int64) bool) {
		for i := int64(0); yield(i); i++ {
		}
	})
	defer stop()
	var acc int64
	for range b.N {
		v, _ := next()
		acc += v
	}
	sink = acc
}

// benchGILSwitch: one hand-over of the styles/gil baton between two threads.
func benchGILSwitch(b *testing.B) {
	gil.Run(2, 1, func(t *gil.Thread) {
		for range b.N / 2 {
			t.Yield()
		}
	})
}

// benchGosched: one runtime.Gosched by each of two goroutines taking turns.
// They share one P whatever -cpu says: on two Ps each would Gosched only to
// find itself the one runnable goroutine there, and nothing would alternate.
func benchGosched(b *testing.B) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for range b.N / 2 {
				runtime.Gosched()
			}
		})
	}
	wg.Wait()
}

// benchChan: one unbuffered channel hand-off from a sender to a receiver.
func benchChan(b *testing.B) {
	c := make(chan int64)
	go func() {
		for i := range b.N {
			c <- int64(i)
		}
		close(c)
	}()
	var acc int64
	for v := range c {
		acc += v
	}
	sink = acc
}

// chanBuffer is preempt.channel's buffer (styles/preempt.go channelBuffer).
const chanBuffer = 1024

// A chanMessage is what preempt.channel sends: a slot and a partial sum.
type chanMessage struct {
	slot int
	sum  int64
}

// benchChanBuf: one message on a buffered channel from a sender to a
// receiver, as preempt.channel sends each partial sum to the goroutine that
// owns the accumulator: same message, same buffer, one sender and one
// receiver (its shape at -cpu 1 and 2).
func benchChanBuf(b *testing.B) {
	c := make(chan chanMessage, chanBuffer)
	go func() {
		for i := range b.N {
			c <- chanMessage{0, int64(i)}
		}
		close(c)
	}()
	var acc int64
	for m := range c {
		acc += m.sum
	}
	sink = acc
}

// benchMutex: one uncontended Lock and Unlock around an add.
func benchMutex(b *testing.B) {
	var mu sync.Mutex
	var acc int64
	for i := range b.N {
		mu.Lock()
		acc += int64(i)
		mu.Unlock()
	}
	sink = acc
}

// benchAtomic: one uncontended atomic add.
func benchAtomic(b *testing.B) {
	var acc atomic.Int64
	for i := range b.N {
		acc.Add(int64(i))
	}
	sink = acc.Load()
}

// benchCAS: one uncontended load and CompareAndSwap.
func benchCAS(b *testing.B) {
	var acc atomic.Int64
	for i := range b.N {
		old := acc.Load()
		acc.CompareAndSwap(old, old+int64(i))
	}
	sink = acc.Load()
}

// benchMessage: one one-value message to a styles/process worker and its
// reply, pipelined as process.pipe sends them at quantum 1 (a writer and a
// reader goroutine, buffered pipes). The worker is started, and has answered
// a first message, before the timer starts, and is reaped after it stops:
// the timer sees messages only (op=spawn is the worker's life).
func benchMessage(b *testing.B) {
	wk, err := process.Start(0)
	if err != nil {
		b.Fatal(err)
	}
	// A first round trip, before the writer goroutine takes over Send: the
	// worker has started and greeted.
	if err := wk.Send([]int64{1}); err != nil {
		b.Fatal(err)
	}
	if err := wk.Flush(); err != nil {
		b.Fatal(err)
	}
	if _, err := wk.Recv(1); err != nil {
		wk.Kill()
		b.Fatal(err, wk.Wait())
	}
	b.ResetTimer()
	sent := make(chan error, 1)
	go func() {
		for i := range b.N {
			if err := wk.Send([]int64{int64(i)}); err != nil {
				sent <- err
				return
			}
		}
		sent <- wk.CloseInput()
	}()
	var acc int64
	for range b.N {
		sum, err := wk.Recv(1)
		if err != nil {
			break // Wait reports it
		}
		acc += sum
	}
	b.StopTimer()
	serr := <-sent
	if err := cmp.Or(wk.Wait(), serr); err != nil {
		b.Fatal(err)
	}
	sink = acc
}

// benchSpawn: one styles/process worker's whole life, from fork and exec to
// reaping: what process.pipe pays per worker on every Run.
func benchSpawn(b *testing.B) {
	for range b.N {
		wk, err := process.Start(0)
		if err != nil {
			b.Fatal(err)
		}
		if err := wk.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// goroutineBatch bounds how many goroutines benchGoroutine has alive at once,
// so that b.N of them never need b.N stacks.
const goroutineBatch = 1024

// benchGoroutine: one goroutine started, run and joined with a WaitGroup, in
// batches of goroutineBatch alive at once: what preempt.goroutines pays per
// program.
func benchGoroutine(b *testing.B) {
	var done atomic.Int64
	for n := b.N; n > 0; n -= goroutineBatch {
		var wg sync.WaitGroup
		for range min(n, goroutineBatch) {
			wg.Go(func() { done.Add(1) })
		}
		wg.Wait()
	}
	sink = done.Load()
}
