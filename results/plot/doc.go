// Package plot draws addbench's charts with gonum.org/v1/plot.
//
// The package knows nothing of benchmark files. It takes plain data — every
// value is a results.Estimate, a median with its 95 % confidence interval; a
// [Panel] is a titled list of labelled [Bar]s; a [Series] is a named list of
// (x, estimate) [Point]s — and returns a [Chart], which [Chart.Save] writes as
// PNG and SVG and [Chart.Encode] writes in any format gonum/plot supports.
// Which charts a results file gets, and their names, is package
// results/report's business.
//
// # The charts
//
// [Cost] shows what one add costs in each style: one panel per mode, one row
// per style in the order given (level order, from sequential to lock-free),
// a dot at the median ns/add and a whisker over its confidence interval.
// Dots further right are slower. The panels share the value axis, so a style's
// row can be read across modes: a dot that moves right from private to shared
// is a style that pays for contention. A dashed line marks a reference style,
// usually sequential.loop, the cost of a plain add; the gap between a dot and
// that line is the style's overhead.
//
// [Speedup] shows how each style scales: one line per style, GOMAXPROCS
// across, and up the speedup over the same style at GOMAXPROCS 1. The dashed
// diagonal is ideal linear speedup. Lines near it scale; flat lines at 1 are
// the single-threaded schedulers (levels 0–3), which cannot use more Ps; lines
// that fall below 1 get slower with parallelism, as contended atomics and
// locks do. [SpeedupOn] also shades the GOMAXPROCS beyond the CPUs
// the process could use, where the Ps took turns: oversubscribed.
//
// [Quantum] shows ns/add against the quantum, the number of adds between two
// points where a thread can interact with others: one line per style. Each
// line falls as the fixed cost of an interaction point (a callback, an await,
// a yield, a lock, an atomic, a send) is spread over more adds, and flattens
// where that cost has been amortised away. How far right a line has to go to
// flatten says how expensive the style's interaction point is.
//
// [Change] compares two runs: one row per style, a dot at the median percent
// change and a whisker over its confidence interval, around a line at zero.
// A dot inside the shaded ±threshold band is a change too small to matter; a
// whisker that crosses zero is a change the data cannot tell from noise. For
// ns/add, right of zero is slower. (The regression gate decides with a
// Mann–Whitney U test and the threshold, not with the whisker, so the two can
// disagree at the margin.)
//
// [Primitives] shows the raw mechanisms — a callback, a coroutine switch, a
// mutex, an atomic add, ... — in ns per operation, drawn as Cost draws
// styles, one panel per GOMAXPROCS: what each style's interaction point
// costs by itself.
//
// [Multiples] shows costs as multiples of a reference mechanism, one panel
// per level with a dashed line at 1: the peers view, where each style and
// peer library is divided by the primitive of its level.
//
// [Scale] shows one measure per concurrent program — time, bytes, CPU time,
// context switches — against the number of programs, 1 to 10^6, one line per
// style, log–log: the "million tasks" question.
//
// [Spectrum] is a report's headline: one row per style, each a dot at its
// median multiple of a reference (sequential.loop) with its interval,
// coloured by level, and a dashed line at 1×.
//
// [RatioByRun] shows one benchmark's head ÷ base ratio over recorded A/B
// runs, with a line at 1 and a dashed mark at each detected change point:
// the history of a benchmark.
//
// # How they are drawn
//
// Every chart has a title, axis labels with units and a legend outside the
// data: below the panels for the category charts, in a column to the right
// for the line charts, whose sixteen style names (more with the peers) would
// cover data anywhere inside. Series are told apart by colour, marker and line pattern together.
// Names longer than [MaxLabel] are shortened in the middle.
//
// A value axis is logarithmic when every value it must show is positive and
// the largest is more than [LogRatio] times the smallest; otherwise it is
// linear, from zero for costs and speedups, so a zero or negative value is
// never hidden. The quantum axis is logarithmic unless a quantum is not
// positive or there is only one. An axis label ends in "(log scale)" when it
// is. Interval bounds may be infinite, as benchmath reports them when there
// are too few samples: the whisker then runs to the edge of the panel without
// a cap. NaN, an infinite center, an interval that does not contain its
// center, and empty input are reported as a [*DataError].
//
// Fonts are embedded in gonum/plot, so a chart draws the same on every
// machine; the tests compare each chart with golden images in testdata.
package plot
