package report

import (
	"fmt"
	"slices"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/targets"
)

// Baseline is the style every ratio of a report divides by: a plain loop.
const Baseline = "sequential.loop"

// fingerprint lists the configuration keys that identify a run, in the order
// a reader wants them.
var fingerprint = []string{"machine", "cpu", "cpus", "usable-cpus", "goos", "goarch", "go", "commit", "suite", "passes", "seed", "date", "partial"}

// A Report is what addbench's report says about one or more results files,
// computed once by Build: for each file its fingerprint, paired ratios,
// mechanisms, peers, scale table and targets; with two files or more, the
// comparison and its verdict; and the charts the files support. Markdown
// renders it here and results/dashboard as an HTML page; neither computes a
// number of its own.
type Report struct {
	Runs []Run // one per file, in the order given

	// Comparison compares the first file with the others, as benchstat
	// does, with the options given to Build; nil for one file. Verdict is
	// its verdict, zero without one.
	Comparison *benchtab.Comparison
	Verdict    benchtab.Verdict

	// Machines sets the runs of different machines side by side; nil
	// unless the files come from two machines or more.
	Machines *MachineTable

	// Figures are the charts addbench plot draws for the same files: those
	// of the last file and, for exactly two, the change between them. A
	// chart that cannot be drawn is left out (addbench plot warns of it).
	Figures []Figure
}

// A Run is the part of a Report about one results file.
type Run struct {
	Label, Path string
	Partial     bool // the file says its run was interrupted
	Passes      bool // addbench bench -passes wrote it, so its samples pair by pass

	Fingerprint []Field // the configuration keys that identify the run

	// UsableCPUs is how many CPUs the run could use, from the config line
	// UsableFrom: "usable-cpus", else "cpus"; 0 and "" when the file has
	// neither. OversubscribedProcs are the GOMAXPROCS it measured above
	// them, ascending: its oversubscribed results (see Oversubscribed).
	UsableCPUs          int
	UsableFrom          string
	OversubscribedProcs []int

	// Ratios is every style's ns/add as a multiple of Baseline's in the
	// same configuration, paired pass by pass; styles in registry order,
	// configurations by mode, programs, len, quantum and GOMAXPROCS.
	Ratios *results.RatioTable

	// Mechanisms are the BenchmarkPrimitive costs, in ns per operation, in
	// file order.
	Mechanisms []Mechanism

	// Spectrum is every style's cost at a glance, the report's first
	// table: registry order, then peers by name.
	Spectrum []SpectrumRow

	Peers   []Peer      // the peers view; nil for a file without peers
	Scale   *ScaleTable // nil for a file without B/program at 10^5 or 10^6
	Targets []targets.Target

	// Skipped are the benchmarks the run skipped, with the reason each
	// gave (results.File.Skipped): a style the scale suite capped or
	// stopped is missing from the tables, and this says why.
	Skipped []results.Skip

	nsPerAdd map[results.AddKey]results.Estimate
}

// A Field is one line of a fingerprint: a configuration key and its value.
type Field struct{ Key, Value string }

// A Mechanism is the cost of one raw mechanism at one GOMAXPROCS.
type Mechanism struct {
	Op         string
	Gomaxprocs int
	Ns         results.Estimate // ns per operation
}

// NsPerAdd returns the median ns/add, with its interval, of one BenchmarkAdd
// configuration of the run.
func (r *Run) NsPerAdd(k results.AddKey) (results.Estimate, bool) {
	e, ok := r.nsPerAdd[k]
	return e, ok
}

// The computations Build makes once each; tests count the calls through
// these.
var (
	compare      = benchtab.Compare
	verdict      = (*benchtab.Comparison).Verdict
	checkTargets = targets.Check
)

// Build computes the report of set: every ratio, table and target of every
// file, and with two files or more the comparison of the first with the
// others, made with opts as addbench compare makes it. It is an error for
// the comparison to fail or the last file to have nothing to chart.
func Build(set *results.Set, opts benchtab.Options) (*Report, error) {
	if set == nil || len(set.Files) == 0 {
		return nil, fmt.Errorf("report: no results files")
	}
	r := &Report{}
	for _, f := range set.Files {
		r.Runs = append(r.Runs, newRun(f))
	}
	figs, _, err := spectrumAndFigures(set.Files[len(set.Files)-1], r.Runs[len(r.Runs)-1].Spectrum)
	if err != nil {
		return nil, err
	}
	r.Figures = figs
	r.Machines = machines(r.Runs)
	if len(set.Files) > 1 {
		if r.Comparison, err = compare(set, opts); err != nil {
			return nil, err
		}
		r.Verdict = verdict(r.Comparison)
	}
	if len(set.Files) == 2 {
		// A comparison with no BenchmarkAdd in common has no change chart;
		// the rest of the report stands.
		change, _, _ := changeFigures(r.Comparison)
		r.Figures = append(r.Figures, change...)
	}
	return r, nil
}

func newRun(f *results.File) Run {
	r := Run{
		Label:    f.Label,
		Path:     f.Path,
		Partial:  f.Partial,
		Passes:   f.Config["passes"] != "",
		Skipped:  f.Skipped,
		nsPerAdd: map[results.AddKey]results.Estimate{},
	}
	for _, k := range fingerprint {
		if v := f.Config[k]; v != "" {
			r.Fingerprint = append(r.Fingerprint, Field{k, v})
		}
	}
	r.UsableCPUs, r.UsableFrom = usableCPUs(f)
	r.OversubscribedProcs = oversubscribedProcs(f, r.UsableCPUs)
	for _, c := range f.Costs("sec/add").Costs {
		r.nsPerAdd[c.Key] = c.Value.Times(1e9)
	}
	r.Ratios = f.Ratios(Baseline, "sec/add")
	sortRatios(r.Ratios)
	for _, p := range f.Primitives().Costs {
		r.Mechanisms = append(r.Mechanisms, Mechanism{p.Op, p.Gomaxprocs, p.Time.Times(1e9)})
	}
	r.Peers = peers(f)
	r.Scale = scaleTable(f)
	// Targets only where the file has rows for some: a file of other
	// benchmarks would show a table of "no data".
	if ts := checkTargets(f); slices.ContainsFunc(ts, func(t targets.Target) bool { return t.Found }) {
		r.Targets = ts
	}
	r.Spectrum = spectrum(f, r.Ratios, r.nsPerAdd, r.Targets)
	if r.Scale == nil {
		// B/program at a scale only a scale run measures.
		for i := range r.Spectrum {
			r.Spectrum[i].BytesPerProgram, r.Spectrum[i].ScalePrograms = 0, 0
		}
	}
	return r
}
