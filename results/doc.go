// Package results reads addbench's benchmark results and derives the views
// its tables and charts show, with every ratio paired within a pass.
//
// It is built on golang.org/x/perf: benchfmt reads the files, benchproc
// extracts the keys of addbench's benchmark names, and benchmath summarizes
// samples as benchstat does. Comparisons between files — benchstat's tables,
// the regression verdict — are package results/benchtab; the performance
// targets are results/targets; histories of A/B runs are results/history.
//
// # Loading
//
// [Load] reads results files ("path" or benchstat's "label=path") into a
// [Set] of [File]s. Every malformed line is an error naming file and line; a
// file carrying "partial: true" (an interrupted addbench bench run) loads
// with [File.Partial] set. The benchmarks a run skipped, each with its
// reason, are [File.Skipped] (the scale suite records them as
// "skipped: <benchmark>: <reason>" lines); reports list them.
//
// # Passes and pairing
//
// addbench bench writes a run as passes: every benchmark once per pass, so
// sample i of every benchmark comes from pass i. A ratio within a file —
// a style over sequential.loop ([File.Ratios]), GOMAXPROCS 1 over N
// ([File.Speedups]), a style over its mechanism ([File.StyleOverPrimitive]) —
// is taken sample by sample and summarised as the Hodges–Lehmann estimate
// of the log ratios with their exact signed-rank interval ([PairedRatio]):
// whatever the machine did during one pass weighs on both sides of that
// pass's ratio. Two independent
// samples are compared with [RatioOfMedians], which resamples each side.
//
// # Estimates
//
// An [Estimate] is a center, a 95 % interval and the spread of the
// measurements behind it — for a paired ratio the robust spread of its log
// ratios (1.4826 × their median absolute deviation), otherwise the
// coefficient of variation (from github.com/montanaflynn/stats):
// [Estimate.Unstable] marks a value whose measurements spread by more than
// [UnstableCV], too noisy to judge.
//
// # Units and GOMAXPROCS
//
// Units are tidied as benchunit does: "ns/add" is "sec/add" ([TidyUnit]).
// go test omits the "-N" GOMAXPROCS suffix when GOMAXPROCS is 1; [KeyValue]
// and every view read an absent /gomaxprocs as 1.
//
// # Styles
//
// [Styles] lists addbench's own styles with their levels in the registry's
// order, which tables and charts sort by, without importing package styles
// and the runtimes behind it.
package results
