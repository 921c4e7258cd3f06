// Package results reads Go benchmark results, summarizes and compares them
// the way benchstat does, decides regressions, and derives the views that
// addbench's charts and reports show.
//
// It is built on golang.org/x/perf: benchfmt reads the files, benchproc
// groups results by projections such as ".fullname", "/style" or
// "/mode,/quantum", benchmath computes medians, confidence intervals and
// Mann-Whitney U tests, and benchunit tidies and scales units. Descriptive
// extras (coefficient of variation, percentiles) come from
// github.com/montanaflynn/stats and take no part in any decision.
//
// # Pipeline
//
// [Load] reads files ("path" or benchstat's "label=path") into a [Set] of
// [File]s. Every malformed line is an error naming file and line; a file
// carrying the configuration line "partial: true" (an interrupted addbench
// bench run) loads with [File.Partial] set.
//
// [Compare] groups the results into one [Table] per unit, with a row per
// benchmark and a column per file by default, and summarizes and compares
// every cell with the first column of its row. Its numbers are benchstat's:
// the tests check them against "go tool benchstat" output. The one
// deliberate difference in the default options is that file configuration
// lines (cpu:, commit:) do not split tables, so runs from two machines still
// compare (benchstat's -table "" gives the same). A [Comparison] prints as
// benchstat's text or CSV, or as Markdown ([Comparison.Write]).
//
// [Comparison.Changes] decides: a cell regressed when its change from the
// baseline is significant (p <= alpha, where benchstat stops printing "~")
// and worse than a threshold, 5% by default. All of addbench's units are
// lower-is-better.
//
// # Normalizing
//
// With [Options].Normalize set to a baseline style such as
// "sequential.loop", every other style's time samples are divided by the
// baseline's median in the same file and configuration (same mode, programs,
// len, quantum and GOMAXPROCS), and the Mann-Whitney test compares those
// ratios. A machine that is uniformly slower then changes no ratio and
// raises no alarm, while a style that slowed down relative to plain
// sequential code still does. Only time units are normalized; the baseline's
// own time rows, all 1, are left out.
//
// It cancels a uniform slowdown only. On a shared VM the slowdown is not
// uniform — a memory-bound plain loop drifts more than a call-bound style —
// and the baseline's median carries its drift into every ratio of its
// configuration, with p-values that ignore the baseline's own uncertainty.
// The README measures how much that matters on a 2-core VM.
//
// # Targets
//
// [File.Targets] computes addbench's performance targets — each style's cost
// at quantum 1 against the primitive it performs once per add, the
// single-threaded styles at quantum 4096 against sequential.loop, and the
// parallel speedup of preempt.private — as ratios of medians within one file,
// and [WriteTargets] prints them.
//
// # Views
//
// [File.Ratios], [File.Speedups], [File.QuantumCurves], [File.Primitives]
// and [Shifts] derive plain data (medians with confidence intervals) for
// charts: each style relative to the baseline, speedup over GOMAXPROCS, cost
// as a function of the quantum, the raw mechanisms, and the change of each
// style between two files.
//
// # Units
//
// Units are tidied as benchunit does: "ns/op" is "sec/op" and "ns/add" is
// "sec/add". Every function that takes a unit accepts either form
// ([TidyUnit]), and so do filters (".unit:ns/add").
//
// # GOMAXPROCS
//
// go test writes GOMAXPROCS as a "-N" suffix on the benchmark name and omits
// it when GOMAXPROCS is 1 (-cpu 1). benchproc's /gomaxprocs key is then empty;
// tables, labels and views show it as 1. Filters are benchproc's and see the
// raw value: select GOMAXPROCS 1 with `/gomaxprocs:""`, as in benchstat.
//
// Problems that should not stop a run (too few samples, a benchmark missing
// from one file, a style without a baseline) are kept as values in Warnings
// fields, as benchmath does.
package results
