// Package crosscheck runs one Add workload in several styles and checks each
// style's result against the sequential reference: what addbench run does.
//
// [Report.Run] runs the styles one after another, timing each, and keeps
// going when one fails: every row is measured work. A [Report] prints as a table, one
// row per style with its time, its cost per add and its check, and [Report.Err]
// says which styles failed or computed a wrong result. preempt.racy (a
// [styles.Style] with Racy set) loses updates on purpose: its rows say how
// many, and it is never counted as wrong.
package crosscheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// A Report is the outcome of running one workload in several styles.
type Report struct {
	Workload *workloads.Workload
	Config   styles.Config
	Want     workloads.Result // the reference result
	Rows     []Row            // one per style, in the order they ran
}

// A Row is one style's run of the workload.
type Row struct {
	Style styles.Style
	Got   workloads.Result
	Took  time.Duration
	Err   error // the style failed: Got and Took mean nothing
}

// New returns a report on w run with configuration c, holding the reference
// result and no rows yet.
func New(w *workloads.Workload, c styles.Config) *Report {
	return &Report{Workload: w, Config: c, Want: workloads.Reference(w)}
}

// Run runs the workload in each of ss in turn and adds their rows to r. A
// style that fails gets a row with its error, and the others still run.
func (r *Report) Run(ctx context.Context, ss ...styles.Style) {
	for _, s := range ss {
		start := time.Now()
		got, err := s.Run(ctx, r.Workload, r.Config)
		r.Rows = append(r.Rows, Row{Style: s, Got: got, Took: time.Since(start), Err: err})
	}
}

// Check returns an error if got, the result of style s, differs from want,
// unless s is racy: its result may differ, and is never asserted equal.
func Check(s styles.Style, got, want workloads.Result) error {
	if s.Racy || got.Equal(want) {
		return nil
	}
	return fmt.Errorf("%s: result differs from the reference %v", s.Name, want.Sums)
}

// Wrong reports whether the row's style ran and computed a result that
// differs from want although it is not racy.
func (r Row) Wrong(want workloads.Result) bool {
	return r.Err == nil && Check(r.Style, r.Got, want) != nil
}

// check is the CHECK column of a row that ran: ok, what a racy style lost, or
// where a wrong result differs.
func (r Row) check(want workloads.Result, adds int64) string {
	switch s := r.Style; {
	case s.Racy && r.Got.Lost > 0:
		return fmt.Sprintf("racy: lost %d of %d adds", r.Got.Lost, adds)
	case s.Racy && !r.Got.Equal(want):
		return "racy: lost updates"
	case s.Racy:
		return "racy: lost none this time"
	case !r.Got.Equal(want):
		return "WRONG: " + Differs(r.Got, want)
	}
	return "ok"
}

// WriteTable writes a line describing the workload, then one row per style:
// STYLE, LEVEL, TIME, NS/ADD and CHECK. A failed style's row says FAILED and
// why, on one line.
func (r Report) WriteTable(out io.Writer) error {
	w := r.Workload
	adds := w.Adds()
	fmt.Fprintf(out, "\n%d programs, %d adds, mode %s, quantum %d\n\n", len(w.Programs), adds, w.Mode, r.Config.Quantum)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STYLE\tLEVEL\tTIME\tNS/ADD\tCHECK")
	for _, row := range r.Rows {
		s := row.Style
		if row.Err != nil {
			// A style's error may already begin with its name.
			msg := strings.TrimPrefix(row.Err.Error(), s.Name+": ")
			fmt.Fprintf(tw, "%s\t%d\t-\t-\tFAILED: %s\n", s.Name, s.Level, strings.ReplaceAll(msg, "\n", " "))
			continue
		}
		nsPerAdd := "-"
		if adds > 0 {
			nsPerAdd = fmt.Sprintf("%.2f", float64(row.Took.Nanoseconds())/float64(adds))
		}
		fmt.Fprintf(tw, "%s\t%d\t%v\t%s\t%s\n", s.Name, s.Level, row.Took.Round(time.Microsecond), nsPerAdd, row.check(r.Want, adds))
	}
	return tw.Flush()
}

// Err returns nil if every style ran and every style that is not racy
// computed the reference result; otherwise an error naming the styles that
// failed and those that differ from the reference.
func (r Report) Err() error {
	var wrong, failed []string
	for _, row := range r.Rows {
		switch {
		case row.Err != nil:
			failed = append(failed, row.Style.Name)
		case row.Wrong(r.Want):
			wrong = append(wrong, row.Style.Name)
		}
	}
	var problems []string
	if len(failed) > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d styles failed: %s", len(failed), len(r.Rows), strings.Join(failed, ", ")))
	}
	if len(wrong) > 0 {
		problems = append(problems, fmt.Sprintf("%d styles differ from the reference: %s", len(wrong), strings.Join(wrong, ", ")))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Differs describes the first accumulator where got and want disagree.
func Differs(got, want workloads.Result) string {
	if len(got.Sums) != len(want.Sums) {
		return fmt.Sprintf("%d sums, want %d", len(got.Sums), len(want.Sums))
	}
	for i := range got.Sums {
		if got.Sums[i] != want.Sums[i] {
			return fmt.Sprintf("sum %d is %d, want %d", i, got.Sums[i], want.Sums[i])
		}
	}
	return "same sums"
}
