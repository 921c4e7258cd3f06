// Package bench is addbench's go test -bench suite. Run it with go test. Its
// API serves other benchmark code: [Harness] (the TestMain, flags and
// config lines of a benchmark binary, which the peer libraries' module
// reuses so that its results carry the same names and config), [Add] and
// [Style] (the body of BenchmarkAdd), the list of [Primitives], and [Count].
//
//	go test -run '^$' -bench . ./bench                          # quick suite
//	go test -run '^$' -bench . -count 6 -cpu 1,2 ./bench -args -suite=default
//
// BenchmarkAdd runs every style on every case of a suite from the catalog
// (workloads.Suites), named
//
//	BenchmarkAdd/style=<id>/mode=<private|shared>/programs=<P>/len=<L>/quantum=<Q>-<GOMAXPROCS>
//
// so benchstat can split results by any key (-col /style, -col /quantum, and
// /gomaxprocs from the -cpu suffix). Each reports ns/add (elapsed ns divided by
// the workload's adds), allocations, and what the runs cost the machine:
// cpu-ns/op, ctxsw/op and threads (metrics.go); preempt.racy also reports
// lost/op.
//
// The scale suite (-args -suite=scale) runs 1 to 10^6 concurrent programs of
// 16 adds at quantum 1, and also reports B/program, peak memory per
// concurrent program, sampled during untimed Runs of its own. A style that
// cannot hold N programs within RunCap per Run or the machine's memory is
// skipped with the reason (ScaleCaps), and one whose Run still exceeds
// RunCap is stopped and skipped; each skip is recorded in the output as a
// "skipped: <benchmark>: <reason>" config line, followed by an empty
// "skipped:" line that removes the key again, so the results file keeps it.
// B/program, ctxsw/op, threads and cpu-ns/op describe a
// run; they are not times to gate on (results/benchtab leaves them out).
// By default cases run in the outer loop and styles in the inner one. With
// -args -order=SEED the cases, the styles within each case, and the
// primitives run in an order shuffled by SEED instead: addbench bench gives every pass of a passes
// run its own seed (and go test's -shuffle for the order of BenchmarkAdd and
// BenchmarkPrimitive), so that no benchmark always runs after the same
// neighbour, in the same state of the machine.
//
// BenchmarkPrimitive/op=<name> measures the raw mechanisms the styles are
// built from, one operation at a time (ns/op): a plain add, an indirect call,
// an event-loop post and dispatch, an await round trip, a coroutine switch, a
// GIL hand-over, a Gosched between two goroutines on one P, an unbuffered
// channel hand-off, a message on a 1024-slot buffered channel
// (preempt.channel's send), an uncontended mutex, atomic add and CAS, a
// one-value message to an already-running worker process and its reply
// (process.pipe at quantum 1), a worker process's whole life from fork to
// reaping (what process.pipe pays per worker on every Run), and a goroutine
// started and joined (preempt.goroutines' cost per program). The two
// benchmarks run in the same process, so a style's cost can be stated as a
// ratio to its own mechanism in the same run; addbench targets checks those
// ratios.
//
// With ADDBENCH_CALIBRATE set to any non-empty value in the environment,
// BenchmarkAdd also runs sequential.loopcopy, sequential.loop under another
// name, on every case of the suite. It calibrates the measurement, not a
// style: the same code measured twice, so its row in addbench report's
// "× sequential.loop" tables must come out at 1.00× with an interval that
// holds 1; a copy that strays from 1 shows the measurement's own error.
// addbench bench passes its environment to the test binaries:
//
//	ADDBENCH_CALIBRATE=1 addbench bench -suite quick -passes 6 -o cal.txt
//	addbench report -o cal cal.txt
//
// Leave it unset for baselines and A/B runs: the copy is one more style to
// run in every pass.
//
// The suite is chosen with -args -suite=quick|default|full|scale or the
// ADDBENCH_SUITE environment variable; the default is quick. When benchmarks
// run, the output begins with two config lines, "suite: NAME" and
// "suite-benchmarks: N" (benchmarks in one pass of the suite in this build;
// addbench bench uses it to show progress). Unless -benchtime
// is given, each benchmark runs for 200ms instead of go test's 1s, so that a
// bare "go test -bench . ./bench" finishes in well under a minute.
package bench
