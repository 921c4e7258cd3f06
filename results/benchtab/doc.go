// Package benchtab compares benchmark results as benchstat does, and decides
// which changes are regressions.
//
// [Compare] groups the results of a results.Set into one [Table] per unit,
// with a row per benchmark and a column per file by default ([Options] Row
// and Col are benchproc projections), and summarizes and compares every cell
// with the first column of its row: median, confidence interval and
// Mann-Whitney U test from golang.org/x/perf/benchmath, so that every number
// equals go tool benchstat's on the same input with -table "" (the tests
// check it against the real benchstat). Tables print as benchstat's text or
// CSV, or as Markdown. Like x/perf's own benchtab, the package lives beside
// the tool that uses it.
//
// The comparison is the one model that every consumer reads: a [Cell] holds
// the samples, benchstat's summary and test, and the change as a ratio of
// medians with a bootstrap interval; the gate ([Comparison.Verdict]), the
// tables, the change charts (results/report), the A/B verdict and the
// history (results/history) all read the same cells.
//
// # The verdict
//
// A regression is a cell whose change from its baseline is significant after
// correction for the number of tests ([Holm] by default: the chance of any
// false alarm in a comparison stays at or below Alpha) and worse than
// Options.Threshold percent. The [Verdict] says how many benchmarks and tests
// it compared, and how many of those could not have reached the corrected
// level with their sample sizes.
//
// The test is Mann-Whitney U, as in the tables, unless the comparison is
// paired ([Comparison.Paired]: every file a passes run, as addbench bench and
// ab write them): then sample i of each side comes from pass i, and the
// verdict applies the paired t-test to the per-pass log ratios, which cancels
// the drift between passes that a comparison of the samples as wholes cannot
// see through. A count that is the same in every sample on both sides (an
// allocation count) has no sampling error: the threshold alone judges it,
// and it is not counted in the family.
//
// Compare only files measured alternately in one session (addbench ab): on a
// shared machine two runs taken at different times differ by more than most
// regressions.
//
// # Normalizing
//
// With Options.Normalize set to a baseline style such as "sequential.loop",
// every other style's time samples are divided by the baseline's median in
// the same file and configuration, so that a machine that is uniformly
// slower changes no ratio. It cancels a uniform slowdown only; interleaving
// (addbench ab) is what cancels the drift of a shared machine.
package benchtab
