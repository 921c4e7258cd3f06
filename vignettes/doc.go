// Package vignettes runs small, self-contained concurrency experiments that
// let a reader watch the phenomena of the essay happen on their own machine:
// lost updates, a GIL's switch interval, data structures that are not
// thread-safe, a starved event loop, signals handled at chosen points, and
// memory-model litmus tests.
//
// Each [Vignette] has a name, a title, a paragraph saying what it shows, and a
// Run function that performs the experiment and returns a [Report]: tables of
// what was measured, a one-line headline and notes on what the numbers mean.
// Reports render as aligned text ([Report.WriteText]) and marshal as JSON.
//
// What must hold on every machine (a mutex loses nothing, sequentially
// consistent atomics never show a forbidden litmus outcome) is checked by the
// tests. What depends on the machine (does a racy x += 1 lose updates here?
// how often does a store buffer show?) is measured and reported, never
// asserted.
//
// Some experiments must run in a separate process: they change settings fixed
// at start-up (GOMAXPROCS, GODEBUG=asyncpreemptoff=1), crash on purpose
// (concurrent map writes), spin forever, or receive a signal. A child is the
// running binary itself, re-executed with the environment variable
// ADDBENCH_VIGNETTE_CHILD naming its role; this package's init function sees
// the variable, runs the role and exits before main or the testing package
// starts. See child.go.
//
// Experiments that contain data races on purpose live in files built only
// without -race; in race builds their rows say they are unavailable.
package vignettes
