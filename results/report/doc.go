// Package report builds what a reader of addbench's results looks at, once,
// and renders it.
//
// [Build] turns one or more results files into a [Report]: for each file
// ([Run]) its spectrum ([SpectrumRow]: a row per style with its cost at
// quantum 1 and the coarsest quantum, × [Baseline], × its own mechanism,
// speedup, B/program and targets — what the report opens with), its machine
// fingerprint, every style's ns/add as a multiple of
// [Baseline] paired within passes, the cost of each mechanism, the peers
// view, the scale table and the performance targets (results/targets); with
// two files or more, benchstat's comparison of the first with the others and
// its verdict (results/benchtab); with files from two machines or more, the
// machines side by side ([MachineTable]); and the charts the files support, as
// [Figure]s drawn by results/plot. Each of these is computed once.
//
// [Markdown] renders a Report as report.md, and package results/dashboard
// renders the same Report as a self-contained HTML page: neither computes a
// ratio, a comparison or a target of its own, so the two cannot disagree.
// [Figures] and [Save] are the charts alone, as addbench plot draws them.
//
// Tables and charts order styles as the registry does (results.Styles), then
// the peers by name, and configurations by mode, programs, length, quantum
// and GOMAXPROCS.
//
// Both renderings mark what a number alone would hide: a result measured at
// more Ps than the run's usable CPUs is oversubscribed ([Run.Oversubscribed],
// in tables and chart titles, shaded in speedup charts), and a ratio whose
// passes fell into two speeds is marked [Bimodal], with both speeds given
// ([TwoSpeeds]).
package report
