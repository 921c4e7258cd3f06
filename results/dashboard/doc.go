// Package dashboard writes addbench's results as one self-contained HTML page
// that a person opens from disk or from a CI artifact: the report of one or
// more results files (ReportPage) and the history of A/B runs (HistoryPage).
//
// A page is a single file with no reference outside itself: its style sheet
// and script are inline, every chart is inline SVG, and a Content-Security-Policy
// (default-src 'none', the script allowed by its hash) makes the browser refuse
// any request the page might make, so it opens from file:// with no network.
//
// The charts are the gonum/plot SVGs of the report's figures (results/plot,
// results/report), drawn by the process that writes the page ([DrawSVGs]),
// never read back from disk; each is parsed and written anew from an
// allowlist of drawing elements and attributes ([Sanitize]), so that no
// chart can navigate the page, fetch or run anything. The numbers are a report.Report, the value report.Build
// computed once and report.Markdown renders as report.md: ratios paired
// within passes, the mechanisms, the peers, the scale table, the targets and,
// with two files or more, benchstat's tables and the verdict, regressions
// first. The page computes none of them, so it cannot disagree with
// report.md either.
//
// The page is built with the standard library's html/template, which escapes
// every label taken from a results file, and about a hundred lines of
// hand-written JavaScript that sort a table by any column and filter rows by
// style, mode, quantum and GOMAXPROCS. A table library (DataTables, List.js,
// Tabulator) would do as much but would have to be vendored into every page,
// tens of kilobytes to review and keep current for two features; the page
// works, less conveniently, with the script off: every table is complete in
// the HTML.
package dashboard
