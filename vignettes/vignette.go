package vignettes

import (
	"context"
	"fmt"
	"runtime"
	"strings"
)

// A Vignette is one small concurrency experiment.
type Vignette struct {
	Name    string // short identifier, e.g. "lostupdate"
	Title   string // one line
	Explain string // a paragraph: what the experiment does and why it matters

	// Trial says what one trial is in this vignette, e.g. "increments per
	// goroutine"; DefaultTrials is how many a zero Options runs.
	Trial         string
	DefaultTrials int
	// MaxTrials is the most trials Run accepts: more would not fit in
	// memory, would overflow a count, or would run for days. -trials applies
	// to every vignette that runs, so the limits are generous except where
	// memory sets them.
	MaxTrials int

	// Run performs the experiment. It returns only after every goroutine and
	// child process it started has ended, and returns ctx.Err() if ctx is
	// cancelled.
	Run func(ctx context.Context, opt Options) (*Report, error)
}

// Options tunes a run of a vignette.
type Options struct {
	// Trials scales the experiment; what one trial is depends on the vignette
	// (Vignette.Trial). 0 means Vignette.DefaultTrials.
	Trials int
}

// Check reports whether v can run with opt: Trials must be 0 (the default)
// or at most MaxTrials.
func (v Vignette) Check(opt Options) error {
	if opt.Trials < 0 || opt.Trials > v.MaxTrials {
		return fmt.Errorf("trials must be between 0 and %d, got %d", v.MaxTrials, opt.Trials)
	}
	return nil
}

// trials returns the trial count opt asks of v, or v's default, or an error
// if v cannot run that many.
func (opt Options) trials(v Vignette) (int, error) {
	if err := v.Check(opt); err != nil {
		return 0, err
	}
	if opt.Trials > 0 {
		return opt.Trials, nil
	}
	return v.DefaultTrials, nil
}

// A Report is what one run of a vignette measured. It is plain data, so it
// marshals as JSON as it is.
type Report struct {
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Explain  string   `json:"explain"`
	Trials   int      `json:"trials"`
	Trial    string   `json:"trial"` // what one trial is
	Tables   []Table  `json:"tables"`
	Metrics  []Metric `json:"metrics,omitempty"`
	Headline string   `json:"headline"`
	Notes    []string `json:"notes,omitempty"`
}

// A Table is one table of a report: a caption, column headings and rows of
// formatted cells, each row as long as Columns.
type Table struct {
	Caption string     `json:"caption"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
}

// A Metric is one key number of a report in machine-readable form, named the
// way benchmark results are, with its unit: "lost-frac" 0.42 "fraction".
type Metric struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// newReport starts the report of a run of v with the given trial count.
func (v Vignette) newReport(trials int) *Report {
	return &Report{Name: v.Name, Title: v.Title, Explain: v.Explain, Trials: trials, Trial: v.Trial}
}

// addRow appends a row of cells, formatting each with fmt's %v.
func (t *Table) addRow(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = fmt.Sprint(c)
	}
	t.Rows = append(t.Rows, row)
}

// addMetric records a key number.
func (r *Report) addMetric(name string, value float64, unit string) {
	r.Metrics = append(r.Metrics, Metric{Name: name, Value: value, Unit: unit})
}

// Metric returns the value of the named metric and whether there is one.
func (r *Report) Metric(name string) (float64, bool) {
	for _, m := range r.Metrics {
		if m.Name == name {
			return m.Value, true
		}
	}
	return 0, false
}

// All returns every vignette, in the order the essay meets them.
func All() []Vignette {
	return []Vignette{
		lostUpdate(),
		switchInterval(),
		unsafeStructures(),
		starvation(),
		signals(),
		litmus(),
	}
}

// Names returns the names of All, in order.
func Names() []string {
	var names []string
	for _, v := range All() {
		names = append(names, v.Name)
	}
	return names
}

// Lookup returns the vignette with the given name, or an *UnknownError.
func Lookup(name string) (Vignette, error) {
	for _, v := range All() {
		if v.Name == name {
			return v, nil
		}
	}
	return Vignette{}, &UnknownError{Name: name}
}

// An UnknownError reports a vignette name that Lookup does not know.
type UnknownError struct {
	Name string
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown vignette %q (valid: %s)", e.Name, strings.Join(Names(), ", "))
}

// An Environment describes the machine and build a report comes from, like
// the configuration lines of a benchmark result file.
type Environment struct {
	GoVersion  string `json:"go"`
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	NumCPU     int    `json:"numcpu"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Race       bool   `json:"race"` // built with -race: racy experiments unavailable
}

// CurrentEnvironment returns the Environment of the running program.
func CurrentEnvironment() Environment {
	return Environment{
		GoVersion:  runtime.Version(),
		GOOS:       runtime.GOOS,
		GOARCH:     runtime.GOARCH,
		NumCPU:     runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		Race:       raceEnabled,
	}
}

// parallelism is the N of the vignettes' "GOMAXPROCS 1 and N": the number of
// CPUs, but at least 2 so that there is always something to contrast with 1.
func parallelism() int { return max(runtime.NumCPU(), 2) }

// unavailable is the cell text for a racy experiment in a race build.
const unavailable = "unavailable in race builds"
